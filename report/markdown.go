package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// markdownCell escapes what would end a GitHub-flavoured Markdown table cell
// or row; everything else renders as typed.
var markdownCell = strings.NewReplacer(`\`, `\\`, `|`, `\|`, "\r\n", "<br>", "\n", "<br>", "\r", "<br>")

// writeMarkdownTable renders t as a GitHub-flavoured Markdown table, whole
// values as in CSV, NULL as an empty cell. Columns whose every value is a
// number are right-aligned, so that figures line up when rendered.
func writeMarkdownTable(w io.Writer, t Table) error {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" ")
			b.WriteString(markdownCell.Replace(c))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	row(t.Header)
	rule := make([]string, len(t.Header))
	for i := range t.Header {
		rule[i] = "---"
		if numericColumn(t, i) {
			rule[i] = "--:"
		}
	}
	b.WriteString("|")
	for _, r := range rule {
		b.WriteString(" " + r + " |")
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		cells := make([]string, len(t.Header))
		for i := range cells {
			if i < len(r) && r[i] != nil {
				cells[i] = *r[i]
			}
		}
		row(cells)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("markdown: %w", err)
	}
	return nil
}

// numericColumn reports whether column i holds at least one value and only numbers or NULLs.
func numericColumn(t Table, i int) bool {
	seen := false
	for _, r := range t.Rows {
		if i >= len(r) || r[i] == nil {
			continue
		}
		if _, err := strconv.ParseFloat(*r[i], 64); err != nil {
			return false
		}
		seen = true
	}
	return seen
}
