package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/report"
	"github.com/formaudit/formaudit/store"
	"github.com/spf13/cobra"
)

type showOptions struct {
	lang   string
	source string
}

func newShowCmd(g *globalOptions) *cobra.Command {
	o := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show FORM",
		Short: "Print one form rebuilt as a table, recorded and recomputed values side by side",
		Long: `Show prints one stored form as the printed form lays it out: header, funds
with the recorded and the recomputed execution rate and score side by side,
goals, indicators and total, then its findings. Cells a finding points at
are marked with "*".

FORM is a form id (as audit lists them) or a project code. A code that
several forms print is ambiguous: show lists those forms with their ids.`,
		Example: `  formaudit show 7
  formaudit show 440300221111562000383
  formaudit show --lang en 44030022111
  formaudit show --source seed-2024.txt 440300241113162000140`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeForms(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runShow(cmd.Context(), g, o, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.source, "source", "", "only forms from files whose path contains `TEXT`, to pick one of several forms with the same code")
	cmd.Flags().StringVar(&o.lang, "lang", "", "language of headings and messages: zh or en (default from LC_ALL, LC_MESSAGES, LANG)")
	return cmd
}

func runShow(ctx context.Context, g *globalOptions, o *showOptions, ref string, stdout, errw io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	lang, err := chooseLang(o.lang)
	if err != nil {
		return err
	}
	db, err := openForReading(g.db, errw)
	if err != nil {
		return err
	}
	defer db.Close()
	ids, err := db.FormRefs(ctx, ref)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("no form has id or project code %q", ref)
	}
	forms, err := db.ReportForms(ctx, store.FormFilter{IDs: ids, Source: o.source})
	if err != nil {
		return err
	}
	if len(forms) == 0 {
		return fmt.Errorf("no form with id or project code %q comes from a file whose path contains %q", ref, o.source)
	}
	if len(forms) > 1 {
		return ambiguous(ref, forms)
	}
	templates, err := storedTemplates(ctx, db, errw)
	if err != nil {
		return err
	}
	a := report.Build(forms, templates, report.Filter{}, lang)
	return report.WriteForms(stdout, a, wantColor(stdout, os.Getenv))
}

// ambiguous lists the forms a project code names, one line each, so that
// the user can pick one by id.
func ambiguous(ref string, forms []store.ReportForm) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%q names %d forms; give one of their ids, or narrow with --source:", ref, len(forms))
	for _, f := range forms {
		year := ""
		if f.Year != 0 {
			year = " " + strconv.Itoa(f.Year)
		}
		fmt.Fprintf(&b, "\n  id %d: %s form %d, %s %s%s", f.ID, f.Path, f.Seq, f.ProjectCode, f.ProjectName, year)
	}
	return fmt.Errorf("%s", b.String())
}
