package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"

	"github.com/formaudit/formaudit/report"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
	"github.com/spf13/cobra"
)

type templatesOptions struct {
	format string
}

func newTemplatesCmd(g *globalOptions) *cobra.Command {
	o := &templatesOptions{}
	cmd := &cobra.Command{
		Use:   "templates [flags] [NAME]",
		Short: "List the form templates, or print one's definition",
		Long: `Templates lists the form templates forms are read with: the built-in ones
and those the database (--db) keeps from imports with --template, each with
its title and how many of the database's forms it read. A template that
forms were read with but whose definition the database does not keep is
listed as not stored: show and audit lay its forms out under the national
labels.

Given a NAME, templates prints that template's definition as JSON, in the
format of template/README.md: the way to start a definition of your own from
the built-in one closest to your forms.`,
		Example: `  formaudit templates
  formaudit templates national > hebei.json   # then edit its name, labels and weights
  formaudit import --template hebei.json archive/`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeTemplates(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				return printTemplate(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), g.db, args[0])
			}
			if err := report.CheckFormat(o.format); err != nil {
				return err
			}
			t, err := templatesTable(cmd.Context(), cmd.ErrOrStderr(), g.db)
			if err != nil {
				return err
			}
			return report.Write(cmd.OutOrStdout(), t, o.format)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format of the list: table, json, csv or markdown")
	return cmd
}

// storedIn returns the template definitions the database at path keeps and
// how many of its forms each template read; nothing, and no database
// created, where there is no file.
func storedIn(ctx context.Context, path string, errw io.Writer) ([]*template.Template, []store.TemplateUse, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	db, err := openForReading(path, errw)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	stored, err := storedTemplates(ctx, db, errw)
	if err != nil {
		return nil, nil, err
	}
	used, err := db.TemplatesUsed(ctx)
	return stored, used, err
}

// templatesTable lists the built-in templates, then those the database
// keeps, then those its forms name that it does not keep.
func templatesTable(ctx context.Context, errw io.Writer, path string) (report.Table, error) {
	t := report.Table{Header: []string{"name", "title", "definition", "forms"}}
	builtin, err := template.Builtin()
	if err != nil {
		return t, err
	}
	stored, used, err := storedIn(ctx, path, errw)
	if err != nil {
		return t, err
	}
	forms := map[string]int{}
	for _, u := range used {
		forms[u.Name] = u.Forms
	}
	listed := map[string]bool{}
	add := func(name, title, definition string) {
		n := strconv.Itoa(forms[name])
		t.Rows = append(t.Rows, []*string{&name, &title, &definition, &n})
		listed[name] = true
	}
	for _, b := range builtin {
		add(b.Name, b.Title, "built-in")
	}
	for _, s := range stored {
		add(s.Name, s.Title, "stored")
	}
	for _, u := range used {
		if !listed[u.Name] && u.Name != "" {
			add(u.Name, "", "not stored")
		}
	}
	return t, nil
}

// printTemplate writes the definition of the template named name: a
// built-in one as shipped, one the database keeps as it is stored.
func printTemplate(ctx context.Context, w, errw io.Writer, path, name string) error {
	if template.IsBuiltin(name) {
		def, err := template.BuiltinDefinition(name)
		if err != nil {
			return err
		}
		_, err = w.Write(def)
		return err
	}
	stored, _, err := storedIn(ctx, path, errw)
	if err != nil {
		return err
	}
	for _, t := range stored {
		if t.Name == name {
			def, err := json.MarshalIndent(t, "", "  ")
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(w, "%s\n", def)
			return err
		}
	}
	return fmt.Errorf("no template named %q, built in or stored in %s (formaudit templates lists them)", name, path)
}
