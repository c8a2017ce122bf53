package extract

import "strings"

// splitRows turns text into rows of non-empty cells. A line with tabs is
// tab-separated (the seed dumps); otherwise cells are separated by two or more
// spaces, as `pdftotext -layout` and OCR engines print tables. Either way a
// form gives the same cells.
func splitRows(text string) []Row {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var rows []Row
	page, brk := 1, false
	for i, line := range strings.Split(text, "\n") {
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
		rows = append(rows, Row{Line: i + 1, Page: page, Break: brk, Tabbed: strings.Contains(line, "\t"), Cells: cells})
		brk = false
	}
	return rows
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
