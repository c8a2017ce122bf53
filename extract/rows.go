package extract

import (
	"iter"
	"strings"
)

// textRows yields the rows of text, of non-empty cells, one at a time, so
// that a large text can be looked through without holding all its rows. A
// line with tabs is tab-separated (the seed dumps); otherwise cells are
// separated by two or more spaces, as `pdftotext -layout` and OCR engines
// print tables. Either way a form gives the same cells.
func textRows(text string) iter.Seq[Row] {
	return func(yield func(Row) bool) {
		lines := strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
		page, brk, i := 1, false, -1
		for line := range strings.SplitSeq(lines, "\n") {
			i++
			for strings.HasPrefix(line, "\f") {
				page++
				brk = true
				line = line[1:]
			}
			if strings.Contains(line, "\f") { // a form feed mid-line: the rest is the next page
				line = strings.ReplaceAll(line, "\f", "  ")
				page++
			}
			cells := splitCells(line, i+1)
			if len(cells) == 0 {
				brk = true
				continue
			}
			if !yield(Row{Line: i + 1, Page: page, Break: brk, Tabbed: strings.Contains(line, "\t"), Cells: cells}) {
				return
			}
			brk = false
		}
	}
}

func splitCells(line string, lineNo int) []Cell {
	var cells []Cell
	if strings.Contains(line, "\t") {
		for x, part := range strings.Split(line, "\t") {
			if t := strings.TrimSpace(part); t != "" {
				cells = append(cells, Cell{Text: t, Line: lineNo, X: x})
			}
		}
		return cells
	}
	// Aligned text: a run of two or more spaces (or an ideographic space) ends a cell.
	runes := []rune(line)
	start, spaces := -1, 0
	flush := func(end int) {
		if start >= 0 {
			if t := strings.TrimSpace(string(runes[start:end])); t != "" {
				cells = append(cells, Cell{Text: t, Line: lineNo, X: start})
			}
		}
		start = -1
	}
	for i, r := range runes {
		switch {
		case r == '\u3000':
			flush(i)
			spaces = 0
		case r == ' ':
			spaces++
			if spaces == 2 {
				flush(i - 1)
			}
		default:
			if start < 0 {
				start = i
			}
			spaces = 0
		}
	}
	flush(len(runes))
	return cells
}
