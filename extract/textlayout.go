package extract

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/formaudit/formaudit/template"
	"github.com/mattn/go-runewidth"
)

// textLayout places the cells of space-aligned text in the columns of the
// table headers above them, as the PDF reader does for tables without
// rules (pdfWhitespace): read by their order, the values of a form whose
// columns are not in the national order (`pdftotext -layout` of a Sichuan
// form) land in the wrong fields. A character offset is the x of a cell,
// and the line its top, negated so that lines run from top to bottom.
// The layout starts afresh at each title alone on its line, and each form
// is laid out or left as it is on its own: a form whose cells do not stand
// under the labels of their columns (two cells of a line in one column) is
// left as it is, read by the order of its cells.
func textLayout(rows []Row, t *template.Template) []Row {
	byLine := make(map[int]Row, len(rows))
	for _, r := range rows {
		byLine[r.Line] = r
	}
	laid := pdfWhitespace(textItems(rows, t), t)
	out := make([]Row, 0, len(rows))
	// A form's rows as printed run from where the form before ended up to
	// the next form's title; rows are in line order.
	rest := rows
	for len(laid) > 0 {
		form := laid[:1+textFormEnd(laid[1:], t)]
		laid = laid[len(form):]
		n := len(rest)
		if len(laid) > 0 {
			next := int(-laid[0].top)
			if i := slices.IndexFunc(rest, func(r Row) bool { return r.Line >= next }); i >= 0 {
				n = i
			}
		}
		printed := rest[:n:n]
		rest = rest[n:]
		if slices.ContainsFunc(form, func(it pdfItem) bool { return it.joins > 0 }) {
			out = append(out, printed...)
			continue
		}
		for _, it := range form {
			src := byLine[int(-it.top)]
			if !it.grid && slices.Equal(pdfCellTexts(it.cells), src.Texts()) {
				out = append(out, src)
				continue
			}
			r := Row{Line: src.Line, Page: src.Page, Break: src.Break, Grid: it.grid}
			for k, c := range it.cells {
				x := k
				if it.grid {
					x = c.col
				}
				r.Cells = append(r.Cells, Cell{Text: c.text, Line: src.Line, X: x})
			}
			out = append(out, r)
		}
	}
	return out
}

// textFormEnd returns how many of the laid-out items come before the next
// title alone on its line, where pdfWhitespace starts its tables afresh.
func textFormEnd(items []pdfItem, t *template.Template) int {
	for i, it := range items {
		if !it.ruled && !it.grid && textTitle(it, t) {
			return i
		}
	}
	return len(items)
}

// textItems turns rows into the lines pdfWhitespace reads, with the
// header lines' labels joined and their columns' bounds set.
func textItems(rows []Row, t *template.Template) []pdfItem {
	items := make([]pdfItem, 0, len(rows))
	for _, r := range rows {
		it := pdfItem{page: r.Page, top: -float64(r.Line)}
		for _, c := range r.Cells {
			it.cells = append(it.cells, textSplitCell(c)...)
		}
		items = append(items, it)
	}
	labels := labelsOf(t)
	items = textHeaderValues(items, rows, t, labels)
	textJoinLabels(items, t)
	items = slices.DeleteFunc(items, func(it pdfItem) bool { return len(it.cells) == 0 })
	items = textHeadersAbove(items, t, labels)
	headers := make([]bool, len(items))
	for i, it := range items {
		headers[i] = textHeader(it, labels)
	}
	textShiftedPages(items, headers, t, labels)
	for i := range items {
		switch {
		case pdfGoalsHeader(items[i], t):
			// Goals are text, left-aligned: what starts right of the middle
			// of the expected goal's label is the achieved goal.
			cells := items[i].cells
			n := len(cells)
			cells[n-1].x0 = (cells[n-2].x0 + cells[n-2].x1) / 2
		case headers[i]:
			textNames(items, i, t, labels)
		}
	}
	return items
}

var trailingNote = regexp.MustCompile(`^([+-]?\d+(?:\.\d+)?) (\S.*)$`)

// textNames moves to the name column the names that fall in the 二级指标
// column under the indicator header items[i]: names are printed from the
// left of their column and its label in the middle, so a name starts left
// of its label, often nearer to the 二级指标 one. A cell there that is no
// 一级 or 二级 label, nor a part of one, is a name. A score with a note
// printed one space after it is split.
func textNames(items []pdfItem, i int, t *template.Template, labels tableLabels) {
	hdr := items[i].cells
	level2, name, score := -1, -1, -1
	ts := t.WithVariants()
	for j, c := range hdr {
		for _, v := range ts {
			switch template.Key(c.text) {
			case template.Key(v.IndicatorLabel(template.FieldLevel2)):
				level2 = j
			case template.Key(v.IndicatorLabel(template.FieldName)):
				name = j
			case template.Key(v.IndicatorLabel(template.FieldScore)):
				score = j
			}
		}
	}
	if level2 < 0 || name != level2+1 {
		return
	}
	h := pdfLearnCols(hdr)
	levels := append(t.Level1Names(), t.Level2Names()...)
	for n := i + 1; n < len(items); n++ {
		it := &items[n]
		row := Row{Cells: make([]Cell, len(it.cells))}
		for k, c := range it.cells {
			row.Cells[k] = Cell{Text: c.text}
		}
		if it.ruled || textHeader(*it, labels) || isTitle(row, t) {
			return
		}
		if _, ok := totalRow(row, t); ok && hasTotalLabel(row, t) {
			return
		}
		var cells []pdfCell
		for _, c := range it.cells {
			col := h.col(c)
			if col == level2 && !isLevelLabel(c.text, t) && !pdfLabelPiece(c.text, levels) {
				c.x0, c.x1 = hdr[name].x0, max(c.x1, hdr[name].x1)
			}
			// A note one space after the score ("20 —") is the next column's.
			if m := trailingNote.FindStringSubmatch(c.text); m != nil && col == score && score+1 < len(hdr) {
				cells = append(cells, textCell(m[1], int(c.x0)), pdfCell{text: m[2], x0: hdr[score+1].x0, x1: max(c.x1, hdr[score+1].x1), col: -1})
				continue
			}
			cells = append(cells, c)
		}
		it.cells = cells
	}
}

// textSplitCell splits a cell at the single spaces that stand before
// Chinese text: `pdftotext -layout` leaves only one space between the
// cells of narrow columns ("社会效益指标 足额保障率", "19.59 个别人员参保延后"),
// and Chinese text has no spaces of its own. It also splits between two
// amounts with decimals, which full-width digits, printed twice as wide,
// push to one space apart ("１０００．００００ ９２６．４６００"); a code cut by
// a space ("44030024111 3162000140") has no decimals and stays whole. A part
// after the first starts where the text before it ends when printed.
func textSplitCell(c Cell) []pdfCell {
	runes := []rune(c.Text)
	var out []pdfCell
	start := 0
	for i := 1; i+1 < len(runes); i++ {
		if runes[i] == ' ' && runes[i-1] != ' ' &&
			(unicode.Is(unicode.Han, runes[i+1]) || decimalAmount(runes[start:i]) && decimalAmount(nextWord(runes[i+1:]))) {
			out = append(out, textCell(string(runes[start:i]), c.X+runewidth.StringWidth(string(runes[:start]))))
			out[len(out)-1].split = start > 0
			start = i + 1
		}
	}
	last := textCell(string(runes[start:]), c.X+runewidth.StringWidth(string(runes[:start])))
	last.split = start > 0
	return append(out, last)
}

// nextWord returns runes up to the first space.
func nextWord(runes []rune) []rune {
	if i := slices.Index(runes, ' '); i >= 0 {
		return runes[:i]
	}
	return runes
}

// decimalAmount reports whether runes are digits, perhaps grouped by
// commas, then a decimal point and digits, in ASCII or full width.
func decimalAmount(runes []rune) bool {
	digits, point := 0, -1
	for i, r := range runes {
		switch {
		case unicode.IsDigit(r):
			digits++
		case (r == '.' || r == '．') && point < 0 && digits > 0:
			point = i
		case (r == ',' || r == '，') && point < 0 && digits > 0:
		default:
			return false
		}
	}
	return point > 0 && point < len(runes)-1
}

// textCell is a cell at character offset x. pdftotext prints a Chinese
// character in one column but places text by where it is printed, where
// the character is as wide as two, so the cell spans its display width.
func textCell(s string, x int) pdfCell {
	return pdfCell{text: s, x0: float64(x), x1: float64(x + runewidth.StringWidth(s)), col: -1}
}

// textHeader reports a header line of the funds or indicator table,
// by the rules pdfWhitespace learns columns by.
func textHeader(it pdfItem, labels tableLabels) bool {
	return !it.ruled && (labels.indicatorHeader(it.cells) || labels.fundsHeader(it.cells))
}

// textHeaderValues joins to a line of header labels the lines right above
// and below it that hold only parts of its values: a value wrapped in its
// cell is printed centred on the line of the labels beside it, so its
// first part stands above that line and its last below
// ("2023年高标准农田配套产业路", "项目名称:", "建设项目"), and so does a
// wrapped label ("一级预算", "单位:"). Parts one above the other are joined.
func textHeaderValues(items []pdfItem, rows []Row, t *template.Template, tables tableLabels) []pdfItem {
	h := t.Header
	var labels []string
	for _, ls := range [][]string{h.ProjectCode, h.ProjectName, h.Year, h.ImplementingUnit, h.BudgetUnit} {
		labels = append(labels, ls...)
	}
	rowAt := map[float64]Row{}
	for _, r := range rows {
		rowAt[-float64(r.Line)] = r
	}
	// piece reports whether items[j] is a line of value parts for the
	// label line items[i] next to it.
	piece := func(i, j int) bool {
		if j < 0 || j >= len(items) || items[j].page != items[i].page || math.Abs(items[j].top-items[i].top) != 1 {
			return false
		}
		texts := pdfCellTexts(items[j].cells)
		if t.Match(texts) > 0 || isTitle(rowAt[items[j].top], t) {
			return false
		}
		// By characters, not printed width: a label may stand closer to
		// its value than its printed width allows.
		end := func(c pdfCell) float64 { return c.x0 + float64(len([]rune(c.text))) }
		for _, c := range items[j].cells {
			for _, l := range items[i].cells {
				if c.x0 < end(l) && l.x0 < end(c) {
					return false
				}
			}
		}
		return true
	}
	drop := make([]bool, len(items))
	for i := range items {
		if drop[i] {
			continue
		}
		if _, ok := template.Contains(strings.Join(pdfCellTexts(items[i].cells), ""), labels); !ok || textHeader(items[i], tables) {
			continue
		}
		var above, below []pdfCell
		if piece(i, i-1) && !drop[i-1] {
			above, drop[i-1] = items[i-1].cells, true
		}
		if piece(i, i+1) {
			below, drop[i+1] = items[i+1].cells, true
		}
		cells := append(slices.Clone(items[i].cells), above...)
		for _, b := range below {
			joined := false
			for k := len(items[i].cells); k < len(cells); k++ {
				if math.Abs(cells[k].x0-b.x0) <= 4 {
					cells[k].text += b.text
					cells[k].x1 = math.Max(cells[k].x1, b.x1)
					joined = true
					break
				}
			}
			if !joined {
				cells = append(cells, b)
			}
		}
		slices.SortStableFunc(cells, func(a, b pdfCell) int { return int(a.x0 - b.x0) })
		items[i].cells = cells
	}
	out := items[:0]
	for i, it := range items {
		if !drop[i] {
			out = append(out, it)
		}
	}
	return out
}

// textJoinLabels joins the wrapped parts of a row label at the left of a
// table into the cell that starts it: a label wrapped inside brackets,
// "项目资金（" on one line and "元）" on one of the next two, so that the
// unit of the amounts or a declared weight ("满意度指标(10", "分)") reads
// whole; and a short label whose end stands alone on the next line
// ("预算执行情", "况（10分）").
func textJoinLabels(items []pdfItem, t *template.Template) {
	for i, it := range items {
		if it.ruled || len(it.cells) == 0 {
			continue
		}
		c := &it.cells[0]
		open := strings.Count(c.text, "（")+strings.Count(c.text, "(") > strings.Count(c.text, "）")+strings.Count(c.text, ")")
		for k, next := range items[i+1 : min(i+3, len(items))] {
			if next.ruled || len(next.cells) == 0 || next.page != it.page {
				continue
			}
			d := next.cells[0]
			closes := open && math.Abs(d.x0-c.x0) <= 4 && strings.ContainsAny(d.text, "）)") && !strings.ContainsAny(d.text, "（(")
			short := func(s string) bool { return len([]rune(s)) <= 6 }
			ends := !open && k == 0 && next.top == it.top-1 && len(next.cells) == 1 && math.Abs(d.x0-c.x0) <= 2 &&
				short(c.text) && short(d.text) && !isLevelLabel(d.text, t) && !isLevelLabel(c.text, t)
			if !closes && !ends {
				continue
			}
			c.text += d.text
			c.x1 = math.Max(c.x1, d.x1)
			items[i+1+slices.IndexFunc(items[i+1:], func(o pdfItem) bool { return o.top == next.top })].cells = next.cells[1:]
			break
		}
	}
}

// textHeadersAbove joins to a table's header line the line right above it
// when that line holds only parts of header labels: a label wrapped in a
// header cell is printed centred on the cell, so its first part stands
// above the line of the other labels ("预算执行" above, "数" below).
// The parts below are joined by pdfWhitespace.
func textHeadersAbove(items []pdfItem, t *template.Template, tables tableLabels) []pdfItem {
	var labels []string
	for _, v := range t.WithVariants() {
		labels = append(labels, v.Indicators.Header...)
		labels = append(labels, v.Indicators.RowLabel...)
		for _, ls := range v.Funds.ColumnLabels {
			labels = append(labels, ls...)
		}
	}
	out := make([]pdfItem, 0, len(items))
	for _, it := range items {
		if n := len(out); textHeader(it, tables) && n > 0 && textLabelPieces(out[n-1], it, labels) {
			it.cells = append(slices.Clone(it.cells), out[n-1].cells...)
			slices.SortStableFunc(it.cells, func(a, b pdfCell) int { return int(a.x0 - b.x0) })
			out[n-1] = it
			continue
		}
		out = append(out, it)
	}
	return out
}

// textLabelPieces reports whether the line above a header line holds only
// parts of labels, each clear of the header's own labels.
func textLabelPieces(above, header pdfItem, labels []string) bool {
	if above.ruled || above.page != header.page || len(above.cells) == 0 {
		return false
	}
	for _, c := range above.cells {
		if !pdfLabelPiece(c.text, labels) || strings.TrimSpace(c.text) == "" {
			return false
		}
		for _, h := range header.cells {
			if c.x0 < h.x1 && h.x0 < c.x1 {
				return false
			}
		}
	}
	return true
}

// pdfCellTexts returns the text of each cell.
func pdfCellTexts(cells []pdfCell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.text
	}
	return out
}
