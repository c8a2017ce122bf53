package main

import (
	"fmt"

	"github.com/formaudit/formaudit/report"
	"github.com/spf13/cobra"
)

type queryOptions struct {
	format  string
	maxRows int
}

func newQueryCmd(g *globalOptions) *cobra.Command {
	o := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run SQL on the database, read-only",
		Long: `Query runs one SQL statement on a read-only connection to the database and
prints the result. Statements that would change the file are refused. A
database written by an older formaudit is upgraded first, as by every
command that reads it (see docs/querying.md).

The views v_forms, v_findings and v_indicators have the joins done and the
amounts in 元; formaudit schema describes every table, view and column.

In CSV, text that a spreadsheet would run as a formula (starting with =, +,
-, @, a tab or a carriage return) gets a leading '; numbers stay as they are.
JSON is an array of objects, one a row, keyed by column in the columns'
order: numbers are numbers, text (all-digit codes too) is a string, NULL is
null, and a repeated column name is told apart as SQLite does (id, id:1).`,
		Example: `  formaudit query "SELECT project_name, recorded_total, computed_total FROM v_forms"
  formaudit query --format csv "SELECT rule, count(*) FROM v_findings GROUP BY rule"
  formaudit query --format markdown --max-rows 10 "SELECT * FROM v_indicators WHERE met = 0"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := report.CheckFormat(o.format); err != nil {
				return err
			}
			if o.maxRows < 0 {
				return fmt.Errorf("--max-rows %d: want 0 (all) or more", o.maxRows)
			}
			db, err := openForReading(g.db, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer db.Close()
			r, err := db.QueryResult(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			total := len(r.Rows)
			if o.maxRows > 0 && total > o.maxRows {
				r.Rows, r.Number = r.Rows[:o.maxRows], r.Number[:o.maxRows]
			}
			if err := report.Write(cmd.OutOrStdout(), report.Table{Header: r.Columns, Rows: r.Rows, Number: r.Number}, o.format); err != nil {
				return err
			}
			if len(r.Rows) < total {
				// On stderr, so that CSV and JSON on stdout stay well-formed.
				fmt.Fprintf(cmd.ErrOrStderr(), "%d of %d rows shown (--max-rows %d)\n", len(r.Rows), total, o.maxRows)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, json, csv or markdown")
	cmd.Flags().IntVar(&o.maxRows, "max-rows", 0, "print at most this many rows (0: all)")
	return cmd
}
