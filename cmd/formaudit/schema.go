package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/formaudit/formaudit/report"
	"github.com/formaudit/formaudit/store"
	"github.com/spf13/cobra"
)

type schemaOptions struct {
	format string
}

func newSchemaCmd(g *globalOptions) *cobra.Command {
	o := &schemaOptions{}
	cmd := &cobra.Command{
		Use:   "schema [flags] [TABLE...]",
		Short: "Describe the tables, views and columns of the database",
		Long: `Schema prints the tables (sources, forms, funds, goals, indicators,
discrepancies, search_text, templates), the views (v_forms, v_findings, v_indicators) and
their columns, each with a one-line description. Money is INTEGER fen in the
tables and 元 in the views; rates are REAL percent; blanks are NULL.

The descriptions are stored in the database too, in the table schema_doc, so
that sqlite3, Datasette and DB Browser users can read them.`,
		Example: `  formaudit schema
  formaudit schema v_forms v_indicators
  formaudit schema --format markdown > schema.md`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "text" {
				if err := report.CheckFormat(o.format); err != nil {
					return err
				}
			}
			db, err := openForReading(g.db, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer db.Close()
			objects, err := db.Schema(cmd.Context())
			if err != nil {
				return err
			}
			if objects, err = selectObjects(objects, args); err != nil {
				return err
			}
			if o.format == "text" {
				return writeSchema(cmd.OutOrStdout(), objects)
			}
			return report.Write(cmd.OutOrStdout(), schemaTable(objects), o.format)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: text, table, json, csv or markdown")
	return cmd
}

// selectObjects keeps the named objects, in the order given; none named keeps all.
func selectObjects(objects []store.SchemaObject, names []string) ([]store.SchemaObject, error) {
	if len(names) == 0 {
		return objects, nil
	}
	var out []store.SchemaObject
	for _, n := range names {
		i := slices.IndexFunc(objects, func(o store.SchemaObject) bool { return o.Name == n })
		if i < 0 {
			return nil, fmt.Errorf("no table or view named %q (formaudit schema lists them)", n)
		}
		out = append(out, objects[i])
	}
	return out, nil
}

// writeSchema prints each object with its columns indented under it. Names
// and types are ASCII, so tabwriter aligns them; descriptions come last.
func writeSchema(w io.Writer, objects []store.SchemaObject) error {
	for i, o := range objects {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s (%s): %s\n", o.Name, o.Kind, o.Description)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, c := range o.Columns {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Name, c.Type, c.Description)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// schemaTable flattens the schema to one row per object and per column.
func schemaTable(objects []store.SchemaObject) report.Table {
	t := report.Table{Header: []string{"object", "kind", "column", "type", "description"}}
	for _, o := range objects {
		t.Rows = append(t.Rows, cells(o.Name, o.Kind, "", "", o.Description))
		for _, c := range o.Columns {
			t.Rows = append(t.Rows, cells(o.Name, o.Kind, c.Name, c.Type, c.Description))
		}
	}
	return t
}
