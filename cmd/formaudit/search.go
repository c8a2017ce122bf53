package main

import (
	"fmt"
	"strconv"

	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/report"
	"github.com/formaudit/formaudit/store"
	"github.com/spf13/cobra"
)

type searchOptions struct {
	format string
	limit  int
}

// searchContext is how many characters the terminal table keeps either side
// of the first match; the other formats carry the whole text.
const searchContext = 12

func newSearchCmd(g *globalOptions) *cobra.Command {
	o := &searchOptions{}
	cmd := &cobra.Command{
		Use:   "search [flags] TERM",
		Short: "Find text in project names, units, goals, indicator names and notes",
		Long: `Search finds TERM, as one substring and ignoring ASCII case, in the project
names, units, goals, indicator names and notes of every form, and prints each
text with its matches between [ and ] and the form it belongs to: its form id,
as audit lists forms and show takes them. CSV and JSON name the columns as
audit's CSV does: form_id, and form for the form's place in its file.

Terms of three characters or more go through the full-text index (SQLite FTS5
with the trigram tokenizer); shorter ones, which trigrams cannot match, are
looked up with LIKE. Full-text search needs a formaudit built with
-tags sqlite_fts5.`,
		Example: `  formaudit search 核查应用
  formaudit search --format csv 党建 > hits.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := report.CheckFormat(o.format); err != nil {
				return err
			}
			if o.limit < 0 {
				return fmt.Errorf("--limit %d: want 0 (all) or more", o.limit)
			}
			db, err := openForReading(g.db, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer db.Close()
			opt := store.SearchOptions{Before: "[", After: "]"}
			if o.limit > 0 {
				opt.Limit = o.limit + 1 // one more tells whether hits were left out
			}
			terminal := o.format == "table"
			if terminal {
				opt.Context = searchContext
			}
			hits, err := db.Search(cmd.Context(), args[0], opt)
			if err != nil {
				return err
			}
			more := o.limit > 0 && len(hits) > o.limit
			if more {
				hits = hits[:o.limit]
			}
			if err := report.Write(cmd.OutOrStdout(), hitsTable(hits, terminal), o.format); err != nil {
				return err
			}
			if terminal {
				forms := map[int64]bool{}
				for _, h := range hits {
					forms[h.FormID] = true
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s in %s\n", english.Count(len(hits), "hit"), english.Count(len(forms), "form"))
			}
			if more {
				fmt.Fprintf(cmd.ErrOrStderr(), "more hits not shown (--limit %d)\n", o.limit)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "table", "output format: table, json, csv or markdown")
	cmd.Flags().IntVar(&o.limit, "limit", 0, "print at most this many hits (0: all)")
	return cmd
}

// hitsTable lays hits out; the terminal table leaves out the codes, the
// unit and the form's place in its file, and the file when there is only one.
// A hit's form id is what show takes (the same form imported from several
// files is several forms); CSV and JSON name the columns as audit's CSV does:
// form_id, and form for the form's place in its file.
func hitsTable(hits []store.Hit, terminal bool) report.Table {
	formID := func(h store.Hit) string { return strconv.FormatInt(h.FormID, 10) }
	item := func(h store.Hit) string {
		if h.Item == 0 {
			return ""
		}
		return strconv.Itoa(h.Item)
	}
	if !terminal {
		// JSON gives form_id, form and item as numbers, and a form's own
		// columns, which are no item, as null.
		t := report.Table{Header: []string{"file", "form_id", "form", "project_code", "project", "unit", "field", "item", "text"}}
		for _, h := range hits {
			row := cells(h.Path, formID(h), strconv.Itoa(h.Seq), h.ProjectCode, h.ProjectName, h.Unit,
				h.Field, item(h), h.Text)
			if h.Item == 0 {
				row[7] = nil
			}
			t.Rows = append(t.Rows, row)
			t.Number = append(t.Number, []bool{false, true, true, false, false, false, false, h.Item != 0, false})
		}
		return t
	}
	paths := make([]string, len(hits))
	files := map[string]bool{}
	for i, h := range hits {
		paths[i] = h.Path
		files[h.Path] = true
	}
	dir, short := report.ShortPaths(paths, 40)
	t := report.Table{
		Header: []string{"form id", "project", "field", "item", "text"},
		// Chinese characters are two columns wide: the context either side, and a long match.
		MaxWidth: map[string]int{"project": 16, "text": 4*searchContext + 24},
	}
	if len(files) > 1 {
		t.Header = append([]string{"file"}, t.Header...)
		if dir != "" {
			t.Title = "files under " + dir
		}
	}
	for i, h := range hits {
		row := cells(formID(h), h.ProjectName, h.Field, item(h), h.Text)
		if len(files) > 1 {
			row = append(cells(short[i]), row...)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
