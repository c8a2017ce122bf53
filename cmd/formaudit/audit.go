package main

import (
	"fmt"
	"strconv"

	"github.com/formaudit/formaudit/report"
	"github.com/formaudit/formaudit/store"
	"github.com/spf13/cobra"
)

type auditOptions struct {
	format string
}

func newAuditCmd(g *globalOptions) *cobra.Command {
	o := &auditOptions{}
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "List the findings: where recorded numbers differ from recomputed ones",
		Long: `Audit lists every finding stored by import, with its form, rule, severity,
and the recorded and recomputed values. Severity error means arithmetic that
does not hold; warning means an implausible value or a repair made on reading.`,
		Example: `  formaudit audit
  formaudit audit --format csv > findings.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := report.CheckFormat(o.format); err != nil {
				return err
			}
			db, err := store.OpenReadOnly(g.db)
			if err != nil {
				return err
			}
			defer db.Close()
			findings, err := db.Findings(cmd.Context())
			if err != nil {
				return err
			}
			t := findingsTable(findings, o.format == "table")
			if err := report.Write(cmd.OutOrStdout(), t, o.format); err != nil {
				return err
			}
			if o.format == "table" {
				fmt.Fprintf(cmd.OutOrStdout(), "%d findings\n", len(findings))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, json or csv")
	return cmd
}

// findingsTable lays findings out; the terminal table leaves out what does
// not fit a screen (the message, and the file when there is only one).
func findingsTable(findings []store.Finding, terminal bool) report.Table {
	files := map[string]bool{}
	for _, f := range findings {
		files[f.Path] = true
	}
	if !terminal {
		t := report.Table{Header: []string{"file", "form", "project_code", "project", "line", "rule", "severity", "field", "recorded", "computed", "message"}}
		for _, f := range findings {
			t.Rows = append(t.Rows, cells(f.Path, strconv.Itoa(f.Seq), f.ProjectCode, f.ProjectName, strconv.Itoa(f.Line),
				f.Rule, f.Severity, f.Field, f.Recorded, f.Computed, f.Message))
		}
		return t
	}
	t := report.Table{
		Header:   []string{"form", "project", "line", "rule", "severity", "field", "recorded", "computed"},
		MaxWidth: map[string]int{"project": 20, "field": 20, "recorded": 30, "computed": 30, "file": 30},
	}
	if len(files) > 1 {
		t.Header = append([]string{"file"}, t.Header...)
	}
	for _, f := range findings {
		row := cells(strconv.Itoa(f.Seq), f.ProjectName, strconv.Itoa(f.Line), f.Rule, f.Severity, f.Field, f.Recorded, f.Computed)
		if len(files) > 1 {
			row = append(cells(f.Path), row...)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func cells(values ...string) []*string {
	out := make([]*string, len(values))
	for i := range values {
		out[i] = &values[i]
	}
	return out
}
