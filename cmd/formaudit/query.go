package main

import (
	"github.com/formaudit/formaudit/report"
	"github.com/formaudit/formaudit/store"
	"github.com/spf13/cobra"
)

type queryOptions struct {
	format string
}

func newQueryCmd(g *globalOptions) *cobra.Command {
	o := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query SQL",
		Short: "Run SQL on the database, read-only",
		Long: `Query runs one SQL statement on a read-only connection to the database and
prints the result. Statements that would change the file are refused.`,
		Example: `  formaudit query "SELECT project_name, recorded_total, computed_total FROM forms"
  formaudit query --format csv "SELECT rule, count(*) FROM discrepancies GROUP BY rule"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := report.CheckFormat(o.format); err != nil {
				return err
			}
			db, err := store.OpenReadOnly(g.db)
			if err != nil {
				return err
			}
			defer db.Close()
			cols, rows, err := db.Query(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return report.Write(cmd.OutOrStdout(), report.Table{Header: cols, Rows: rows}, o.format)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, json or csv")
	return cmd
}
