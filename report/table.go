// Package report renders findings and query results for people and programs:
// terminal tables (CJK-width aware), CSV, JSON and Markdown.
package report

import (
	"bytes"
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
	// Number marks the cells that hold numbers (SQLite INTEGER and REAL),
	// which JSON writes as numbers; cells it does not reach are text, as a
	// project code of digits must stay.
	Number [][]bool
	// MaxWidth caps a column's display width in the terminal layout (longer
	// text is cut with an ellipsis); CSV and JSON always carry the whole value.
	MaxWidth map[string]int // Title is a line printed above the terminal layout; the other formats,
	// which programs read, leave it out.
	Title string
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

// writeTable lays the table out for a terminal, its header as written (a
// column's name is what SQL calls it); go-pretty measures East Asian wide
// characters, so Chinese text keeps the columns aligned.
func writeTable(w io.Writer, t Table) error {
	if t.Title != "" {
		if _, err := fmt.Fprintln(w, t.Title); err != nil {
			return err
		}
	}
	tw := newTerminalTable(w)
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

// writeJSON writes an array of objects, one a row, keyed by column in the
// columns' order. A name the columns repeat (SELECT f.id, s.id) is told
// apart as SQLite names the columns of CREATE TABLE … AS: id, id:1.
func writeJSON(w io.Writer, t Table) error {
	keys := uniqueNames(t.Header)
	var b bytes.Buffer
	b.WriteString("[")
	for i, r := range t.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for j, k := range keys {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n    ")
			jsonString(&b, k)
			b.WriteString(": ")
			switch {
			case j >= len(r) || r[j] == nil:
				b.WriteString("null")
			case t.number(i, j):
				b.WriteString(*r[j])
			default:
				jsonString(&b, *r[j])
			}
		}
		b.WriteString("\n  }")
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

func (t Table) number(row, col int) bool {
	return row < len(t.Number) && col < len(t.Number[row]) && t.Number[row][col]
}

// jsonString writes s as a JSON string, leaving <, > and & as they are.
func jsonString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)           // a string always encodes
	b.Truncate(b.Len() - 1) // Encode's newline
}

// uniqueNames gives each repeated name a suffix :1, :2 … that no other
// name has.
func uniqueNames(names []string) []string {
	taken := make(map[string]bool, len(names))
	for _, n := range names {
		taken[n] = true
	}
	seen := make(map[string]bool, len(names))
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if seen[n] {
			for k := 1; ; k++ {
				if c := fmt.Sprintf("%s:%d", n, k); !taken[c] {
					out[i] = c
					break
				}
			}
		}
		seen[n] = true
		taken[out[i]] = true
	}
	return out
}
