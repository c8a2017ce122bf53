package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"

	"github.com/formaudit/formaudit/pipeline"
	"github.com/formaudit/formaudit/store"
	"github.com/spf13/cobra"
)

type importOptions struct {
	year  int
	jobs  int
	force bool
	quiet bool
}

func newImportCmd(g *globalOptions) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import [flags] PATH...",
		Short: "Import forms from files and directories (recursively)",
		Long: `Import reads every file under the given paths, recognises its format from
its content (not its name), extracts the forms, re-derives their scores and
stores forms and findings in the database, one transaction per file.
A file whose content is stored already is skipped (see --force).`,
		Example: `  formaudit import fixtures/
  formaudit import --year 2024 --db audit.db archive/2024/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd.Context(), g, o, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().IntVar(&o.year, "year", 0, "year for forms that print none (default: the year most forms of the file print)")
	cmd.Flags().IntVar(&o.jobs, "jobs", 0, "files read in parallel (default: number of CPUs)")
	cmd.Flags().BoolVar(&o.force, "force", false, "re-import files whose content is already stored")
	cmd.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "print only failures")
	return cmd
}

func runImport(ctx context.Context, g *globalOptions, o *importOptions, paths []string, out, errw io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	db, err := store.Open(g.db)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := pipeline.Options{Year: o.year, Jobs: o.jobs, Force: o.force}
	if !o.quiet {
		opt.Progress = func(f pipeline.FileResult) {
			switch f.Status {
			case pipeline.StatusFailed:
				fmt.Fprintf(errw, "failed     %s: %v\n", f.Path, f.Err)
			case pipeline.StatusUnchanged:
				fmt.Fprintf(out, "unchanged  %s\n", f.Path)
			default:
				fmt.Fprintf(out, "imported   %s: %d forms, %d errors, %d warnings\n", f.Path, f.Forms, f.Errors, f.Warnings)
			}
		}
	}
	sum, err := pipeline.Import(ctx, db, paths, opt)
	if sum != nil {
		printSummary(out, errw, sum, o.quiet)
	}
	if err != nil {
		return err
	}
	if failed := sum.Failed(); len(failed) > 0 {
		return &exitError{exitFailed, fmt.Errorf("%d of %d files failed to import", len(failed), len(sum.Files))}
	}
	return nil
}

func printSummary(out, errw io.Writer, sum *pipeline.Summary, quiet bool) {
	byStatus, forms, errs, warnings := sum.Count()
	var parts []string
	for _, s := range []string{pipeline.StatusImported, pipeline.StatusUnchanged, pipeline.StatusFailed} {
		parts = append(parts, fmt.Sprintf("%d %s", byStatus[s], s))
	}
	if !quiet {
		fmt.Fprintf(out, "%d files (%s); %d forms; findings: %d errors, %d warnings; %.1fs\n",
			len(sum.Files), strings.Join(parts, ", "), forms, errs, warnings, sum.Elapsed.Seconds())
	}
	failed := sum.Failed()
	if len(failed) == 0 {
		return
	}
	sort.Slice(failed, func(i, j int) bool { return failed[i].Path < failed[j].Path })
	fmt.Fprintln(errw, "failed files:")
	for _, f := range failed {
		fmt.Fprintf(errw, "  %s: %v\n", f.Path, f.Err)
	}
}
