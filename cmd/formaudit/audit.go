package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/report"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/spf13/cobra"
)

type auditOptions struct {
	format string
	out    string
	lang   string
	failOn string
	filter report.Filter
}

func newAuditCmd(g *globalOptions) *cobra.Command {
	o := &auditOptions{}
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Report the findings: where recorded numbers differ from recomputed ones",
		Long: `Audit reports every finding stored by import, with its form, rule, severity,
the recorded and recomputed values, the rule's tolerance and where it stands
in the source. Severity error means arithmetic that does not hold; warning
means an implausible value or a repair made on reading.

Formats: table (the terminal), csv and json (for programs; the JSON shape is
described in docs/report-json.md; in CSV, text that a spreadsheet would run as
a formula gets a leading '), markdown, xlsx (a workbook with summary,
findings and forms sheets) and html (one self-contained page with charts and
a card per form). --out picks the format from its extension unless --format
is given.

--year, --unit and --source select forms; --severity and --rule select
findings, and then only forms with such findings are listed. --fail-on makes
the command exit with status 3 when the selected findings include one of that
severity (warning includes error), for scripted checks.`,
		Example: `  formaudit audit
  formaudit audit --severity error --unit 数据管理中心
  formaudit audit --out audit.xlsx
  formaudit audit --format html --lang zh --out audit.html
  formaudit audit --rule 'header.*' --format csv > repairs.csv
  formaudit audit --fail-on error || echo "arithmetic errors found"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.out != "" && !cmd.Flags().Changed("format") {
				if f, ok := report.FormatOfFile(o.out); ok {
					o.format = f
				}
			}
			return runAudit(cmd.Context(), g, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "table", "output format: "+strings.Join(report.AuditFormats, ", "))
	f.StringVarP(&o.out, "out", "o", "", "write the report to `FILE` instead of standard output")
	f.StringVar(&o.lang, "lang", "", "language of messages and headings: zh or en (default from LC_ALL, LC_MESSAGES, LANG)")
	f.StringVar(&o.failOn, "fail-on", "", "exit with status 3 when findings of this `severity` or worse are listed: error or warning")
	f.StringSliceVar(&o.filter.Severities, "severity", nil, "list only findings of these severities: error, warning")
	f.StringSliceVar(&o.filter.Rules, "rule", nil, "list only findings of these rule codes; patterns such as 'header.*' allowed")
	f.IntVar(&o.filter.Year, "year", 0, "list only forms evaluating this year")
	f.StringVar(&o.filter.Unit, "unit", "", "list only forms whose implementing or budget unit contains `TEXT`")
	f.StringVar(&o.filter.Source, "source", "", "list only forms from files whose path contains `TEXT`")
	registerAuditCompletion(cmd)
	groupFlags(cmd,
		[]string{"Output", "format", "out", "lang", "fail-on"},
		[]string{"Filters", "severity", "rule", "year", "unit", "source"})
	return cmd
}

func runAudit(ctx context.Context, g *globalOptions, o *auditOptions, stdout, errw io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := report.CheckAuditFormat(o.format); err != nil {
		return err
	}
	if err := report.CheckFilter(o.filter); err != nil {
		return err
	}
	if o.failOn != "" && o.failOn != string(score.Error) && o.failOn != string(score.Warning) {
		return fmt.Errorf("unknown --fail-on severity %q (want error or warning)", o.failOn)
	}
	lang, err := chooseLang(o.lang)
	if err != nil {
		return err
	}
	if o.out == "" && o.format == "xlsx" && isTerminal(stdout) {
		return errors.New("xlsx is a binary format: give --out FILE or redirect the output")
	}
	db, err := openForReading(g.db, errw)
	if err != nil {
		return err
	}
	defer db.Close()
	forms, err := db.ReportForms(ctx, store.FormFilter{Year: o.filter.Year, Unit: o.filter.Unit, Source: o.filter.Source})
	if err != nil {
		return err
	}
	templates, err := storedTemplates(ctx, db, errw)
	if err != nil {
		return err
	}
	a := report.Build(forms, templates, o.filter, lang)
	if o.out == "" {
		opt := report.AuditOptions{Color: o.format == "table" && wantColor(stdout, os.Getenv)}
		if err := report.WriteAudit(stdout, a, o.format, opt); err != nil {
			return err
		}
	} else if err := writeFileAtomic(o.out, func(w io.Writer) error {
		return report.WriteAudit(w, a, o.format, report.AuditOptions{})
	}); err != nil {
		return err
	}
	return failOn(a, o.failOn)
}

// failOn returns the exit status 3 error when the audit lists findings of
// severity sev or worse.
func failOn(a *report.Audit, sev string) error {
	n := 0
	switch score.Severity(sev) {
	case score.Error:
		n = a.Count(score.Error)
	case score.Warning:
		n = a.Count(score.Error) + a.Count(score.Warning)
	default:
		return nil
	}
	if n == 0 {
		return nil
	}
	return &exitError{exitFindings, fmt.Errorf("%s of severity %s or worse", english.Count(n, "finding"), sev)}
}

// chooseLang is the --lang flag, or the locale's language when it is empty.
func chooseLang(flag string) (report.Lang, error) {
	if flag == "" {
		return report.LangFromEnv(os.Getenv), nil
	}
	return report.ParseLang(flag)
}

// wantColor reports whether to colour output to w: only on a terminal, and
// never when NO_COLOR is set (https://no-color.org) or TERM is dumb.
func wantColor(w io.Writer, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

// writeFileAtomic writes name through a temporary file in the same
// directory, so that a failed report never leaves a half-written file.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// cells turns values into the cells of a report.Table row.
func cells(values ...string) []*string {
	out := make([]*string, len(values))
	for i := range values {
		out[i] = &values[i]
	}
	return out
}
