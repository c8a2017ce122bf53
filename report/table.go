// Package report renders findings and query results for people and programs:
// terminal tables (CJK-width aware), CSV, JSON and Markdown.
package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/mattn/go-runewidth"
)

// Formats that Write accepts.
var Formats = []string{"table", "json", "csv", "markdown"}

// Table is a header and rows of cells; a nil cell is SQL NULL.
type Table struct {
	Header []string
	Rows   [][]*string
	// MaxWidth caps a column's display width in the terminal layout (longer
	// text is cut with an ellipsis); CSV and JSON always carry the whole value.
	MaxWidth map[string]int
}

// CheckFormat reports whether Write knows format, so that commands can refuse
// a bad flag before doing any work.
func CheckFormat(format string) error {
	for _, f := range Formats {
		if f == format {
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// Write renders t in format: "table", "csv", "json" (an array of objects keyed
// by column) or "markdown" (a GitHub-flavoured Markdown table).
func Write(w io.Writer, t Table, format string) error {
	switch format {
	case "table":
		return writeTable(w, t)
	case "csv":
		return writeCSV(w, t)
	case "json":
		return writeJSON(w, t)
	case "markdown":
		return writeMarkdownTable(w, t)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// writeTable lays the table out for a terminal; go-pretty measures East
// Asian wide characters, so Chinese text keeps the columns aligned.
func writeTable(w io.Writer, t Table) error {
	tw := table.NewWriter()
	tw.SetOutputMirror(w)
	tw.SetStyle(table.StyleLight)
	header := make(table.Row, len(t.Header))
	for i, h := range t.Header {
		header[i] = h
	}
	tw.AppendHeader(header)
	for _, r := range t.Rows {
		row := make(table.Row, len(r))
		for i, c := range r {
			row[i] = ""
			if c == nil {
				continue
			}
			row[i] = *c
			if w, ok := t.MaxWidth[t.Header[i]]; ok && i < len(t.Header) {
				row[i] = runewidth.Truncate(*c, w, "…")
			}
		}
		tw.AppendRow(row)
	}
	tw.Render()
	return nil
}

func writeCSV(w io.Writer, t Table) error {
	cw := csv.NewWriter(w)
	if err := writeCSVRecord(cw, t.Header); err != nil {
		return err
	}
	for _, r := range t.Rows {
		rec := make([]string, len(r))
		for i, c := range r {
			if c != nil {
				rec[i] = *c
			}
		}
		if err := writeCSVRecord(cw, rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeJSON(w io.Writer, t Table) error {
	out := make([]map[string]*string, len(t.Rows))
	for i, r := range t.Rows {
		m := make(map[string]*string, len(t.Header))
		for j, h := range t.Header {
			if j < len(r) {
				m[h] = r[j]
			}
		}
		out[i] = m
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
