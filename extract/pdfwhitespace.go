package extract

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/formaudit/formaudit/template"
)

// Column numbers given to cells of tables without rules: funds and
// indicator columns count from their own base, so that the header row and
// the rows under it agree, whatever the x of each printed string.
const (
	pdfFundsBase     = 10
	pdfIndicatorBase = 20
)

// pdfHeaderCols are the columns of a table without rules, learnt from its
// header row: column j runs from where header label j starts to where the
// next one starts. Cells are read by the column they overlap most, so a
// number right-aligned under a label printed at the left of its column,
// or text starting a little left of a centred label, lands in its column.
type pdfHeaderCols struct {
	bounds []float64 // bounds[j] … bounds[j+1] is column j
	scores []int     // the columns of an indicator table's weight and score
}

func pdfLearnCols(cells []pdfCell) pdfHeaderCols {
	var h pdfHeaderCols
	for _, c := range cells {
		h.bounds = append(h.bounds, c.x0)
	}
	if len(cells) > 1 {
		// A cell a little left of the first label is still in its column.
		h.bounds[0] -= (cells[1].x0 - cells[0].x0) / 4
	}
	h.bounds = append(h.bounds, math.Inf(1))
	return h
}

// col returns the column a cell overlaps most, or -1 for a cell left of
// every column (a row label).
func (h pdfHeaderCols) col(c pdfCell) int {
	if c.x1 <= h.bounds[0] || (c.x0+c.x1)/2 < h.bounds[0] {
		return -1
	}
	best, most := 0, -1.0
	for j := 0; j+1 < len(h.bounds); j++ {
		lo, hi := math.Max(c.x0, h.bounds[j]), math.Min(c.x1, h.bounds[j+1])
		if ov := hi - lo; ov > most {
			best, most = j, ov
		}
	}
	return best
}

// tableLabels are the labels the header lines of a template's funds and
// indicator tables are known by: the label set of each funds column, in
// their order, and of each indicator column.
type tableLabels struct{ funds, indicators [][]string }

func labelsOf(t *template.Template) tableLabels {
	var l tableLabels
	for _, c := range t.Funds.Columns {
		l.funds = append(l.funds, t.Funds.ColumnLabels[c])
	}
	for _, h := range t.Indicators.Header {
		l.indicators = append(l.indicators, []string{h})
	}
	return l
}

// indicatorHeader reports a line that holds enough indicator column labels
// to be the indicator table's header.
func (l tableLabels) indicatorHeader(cells []pdfCell) bool {
	return len(cells) >= 3 && matchCount(cells, l.indicators) >= 4
}

// fundsHeader reports a line that holds enough funds column labels to be
// the funds table's header.
func (l tableLabels) fundsHeader(cells []pdfCell) bool {
	return len(cells) >= 3 && matchCount(cells, l.funds) >= 3
}

// matchCount counts the cells of a line that match one of the label sets.
func matchCount(cells []pdfCell, labels [][]string) int {
	n := 0
	for _, ls := range labels {
		for _, c := range cells {
			if _, ok := template.Contains(c.text, ls); ok {
				n++
				break
			}
		}
	}
	return n
}

// pdfWhitespace reads the lines of pages without ruled tables. Columns are
// learnt from the header rows of the funds, goals and indicator tables;
// the wrapped lines of an indicator row are joined to the line holding its
// weight and score, and labels printed once are carried down their span.
func pdfWhitespace(items []pdfItem, t *template.Template) []pdfItem {
	labels := labelsOf(t)
	var out []pdfItem
	var funds, goals, ind *pdfHeaderCols
	var block []pdfItem // lines of the goals or indicator table being read
	flush := func() {
		switch {
		case goals != nil && len(block) > 0:
			out = append(out, pdfGoalsRow(block, *goals, t))
		case ind != nil && len(block) > 0:
			out = append(out, pdfIndicatorRows(block, *ind, t)...)
		}
		block = nil
	}
	for i := 0; i < len(items); i++ {
		it := items[i]
		if it.ruled || it.grid {
			flush()
			funds, goals, ind = nil, nil, nil
			out = append(out, it)
			continue
		}
		row := Row{Cells: make([]Cell, len(it.cells))}
		for k, c := range it.cells {
			row.Cells[k] = Cell{Text: c.text, X: k}
		}
		switch {
		case titleAlone(row, t) || isHeaderStart(row, t):
			flush()
			funds, goals, ind = nil, nil, nil
		case labels.indicatorHeader(it.cells):
			flush()
			goals, funds = nil, nil
			h := pdfLearnCols(it.cells)
			h.scores = pdfScoreCols(it.cells, t)
			ind = &h
			var hdr pdfItem
			hdr, i = pdfHeaderRow(items, i, h, pdfIndicatorBase, t.Indicators.Header)
			out = append(out, hdr)
			continue
		case labels.fundsHeader(it.cells):
			flush()
			h := pdfLearnCols(it.cells)
			funds, goals, ind = &h, nil, nil
			var hdr pdfItem
			hdr, i = pdfHeaderRow(items, i, h, pdfFundsBase, flatten(labels.funds))
			out = append(out, hdr)
			continue
		case pdfGoalsHeader(it, t):
			flush()
			h := pdfLearnCols(it.cells[len(it.cells)-2:])
			funds, goals, ind = nil, &h, nil
			out = append(out, it)
			continue
		}
		switch {
		case funds != nil:
			if _, ok := fundsLine(row, t); ok {
				out = append(out, placed(it, *funds, pdfFundsBase))
				continue
			}
			if pdfUnitPart(out, it, *funds) {
				continue
			}
			if pdfRowLabel(it, *funds) {
				// A wrapped row label ("况（10分）") stands between funds lines.
				out = append(out, it)
				continue
			}
			if unitCell(row, t) == "" {
				funds = nil
			}
		case goals != nil:
			if isIndicatorHeader(row, t) {
				// A header too damaged to learn columns from still ends the goals.
				flush()
				goals = nil
				break
			}
			block = append(block, it)
			continue
		case ind != nil:
			if _, ok := totalRow(row, t); ok && hasTotalLabel(row, t) {
				flush()
				out = append(out, placed(it, *ind, pdfIndicatorBase))
				ind = nil
				continue
			}
			block = append(block, it)
			continue
		}
		out = append(out, it)
	}
	flush()
	return out
}

// pdfGoalsHeader recognises the column header of the goals table: the
// expected and the achieved goal, after the row label where it shares
// their line.
func pdfGoalsHeader(it pdfItem, t *template.Template) bool {
	n := len(it.cells)
	return (n == 2 || n == 3) && matchCount(it.cells[n-2:], [][]string{t.Goals.Expected, t.Goals.Actual}) == 2
}

// pdfRowLabel reports a line that stands wholly left of the columns: a
// row label, or a part of one.
func pdfRowLabel(it pdfItem, h pdfHeaderCols) bool {
	for _, c := range it.cells {
		if h.col(c) >= 0 {
			return false
		}
	}
	return len(it.cells) > 0
}

// pdfScoreCols finds the columns of the weight and the score in an
// indicator header by the labels of the templates t reads with; the
// national columns where it names none.
func pdfScoreCols(cells []pdfCell, t *template.Template) []int {
	labels := map[string]bool{}
	for _, v := range t.WithVariants() {
		for _, f := range []string{template.FieldWeight, template.FieldScore} {
			if l := template.Key(v.IndicatorLabel(f)); l != "" {
				labels[l] = true
			}
		}
	}
	var cols []int
	for j, c := range cells {
		if labels[template.Key(c.text)] {
			cols = append(cols, j)
		}
	}
	if len(cols) == 0 {
		return []int{colWeight, colScore}
	}
	return cols
}

// pdfFullRow reports a line with text in four columns from the name on:
// a row of its own even without a weight or score (a placeholder row of
// a template), since wrapped parts of a row seldom fill as many.
func pdfFullRow(it pdfItem) bool {
	n := 0
	for _, c := range it.cells {
		if c.col >= pdfIndicatorBase+2 {
			n++
		}
	}
	return n >= 4
}

// pdfUnitPart joins a wrapped part of the unit label ("（元）" under
// "项目资金") to the label cell of the funds row above it, so the unit
// reads whole. It reports whether the line was such a part.
func pdfUnitPart(out []pdfItem, it pdfItem, h pdfHeaderCols) bool {
	if len(it.cells) != 1 || h.col(it.cells[0]) >= 0 || !strings.Contains(it.cells[0].text, "元") || len(out) == 0 {
		return false
	}
	prev := &out[len(out)-1]
	if !prev.grid || len(prev.cells) == 0 || prev.cells[0].col != 0 || !strings.Contains(prev.cells[0].text, "项目资金") {
		return false
	}
	prev.cells[0].text += it.cells[0].text
	return true
}

// hasTotalLabel reports a cell that is exactly the 总分 label: a PDF's text
// is not OCR, and a wrapped "分）" must not pass for it.
func hasTotalLabel(r Row, t *template.Template) bool {
	for _, c := range r.Cells {
		for _, l := range t.Total.Labels {
			if template.Key(c.Text) == template.Key(l) {
				return true
			}
		}
	}
	return false
}

// placed returns the line with each cell in its learnt column.
func placed(it pdfItem, h pdfHeaderCols, base int) pdfItem {
	out := pdfItem{page: it.page, top: it.top, grid: true}
	labels := 0
	for _, c := range it.cells {
		j := h.col(c)
		if j < 0 {
			c.col = labels
			labels++
		} else {
			c.col = base + j
		}
		if n := len(out.cells); n > 0 && out.cells[n-1].col == c.col {
			out.cells[n-1].text = pdfJoinWrapped(out.cells[n-1].text, c.text)
			out.joins++
			continue
		}
		out.cells = append(out.cells, c)
	}
	return out
}

// pdfGoalsRow joins the lines of the goals table into one row: the row
// label, the expected goal and the achieved goal.
func pdfGoalsRow(lines []pdfItem, h pdfHeaderCols, t *template.Template) pdfItem {
	var label, expected, actual string
	for _, it := range lines {
		for _, c := range it.cells {
			if pdfLabelPiece(c.text, t.Goals.Row) {
				label += c.text
				continue
			}
			if c.x0 < h.bounds[1] {
				expected = pdfJoinWrapped(expected, c.text)
			} else {
				actual = pdfJoinWrapped(actual, c.text)
			}
		}
	}
	out := pdfItem{page: lines[0].page, top: lines[0].top}
	for _, s := range []string{label, expected, actual} {
		if s != "" {
			out.cells = append(out.cells, pdfCell{text: s, col: -1})
		}
	}
	return out
}

// pdfHeaderRow places the header line items[i] in its columns and joins
// to it the lines after it that hold only wrapped parts of its labels
// ("偏差原因分析及改" then "进措施", "执行率" then "(%)"). It returns the
// header and the index of its last line.
func pdfHeaderRow(items []pdfItem, i int, h pdfHeaderCols, base int, labels []string) (pdfItem, int) {
	hdr := placed(items[i], h, base)
	for i+1 < len(items) && !items[i+1].ruled && !items[i+1].grid && items[i+1].page == items[i].page {
		next := items[i+1]
		for _, c := range next.cells {
			if template.Key(c.text) != "" && !pdfLabelPiece(c.text, labels) {
				return hdr, i
			}
		}
		for _, c := range placed(next, h, base).cells {
			for k := range hdr.cells {
				if hdr.cells[k].col == c.col {
					hdr.cells[k].text += c.text
				}
			}
		}
		i++
	}
	return hdr, i
}

func flatten(sets [][]string) []string {
	var out []string
	for _, s := range sets {
		out = append(out, s...)
	}
	return out
}

// pdfLabelPiece reports whether s is a label or a wrapped part of one
// ("年度总体" and "目标" of 年度总体目标).
func pdfLabelPiece(s string, labels []string) bool {
	k := template.Key(s)
	if k == "" {
		return false
	}
	for _, l := range labels {
		if strings.Contains(template.Key(l), k) {
			return true
		}
	}
	return false
}

// pdfIndicatorRows groups the lines of an indicator table without rules
// into rows. The line holding a weight or score (or the mark of a blank
// one), opening a sub-row, or filling most columns anchors a row; the
// other lines are wrapped parts of its cells. Where rows start at their
// top line (cells aligned to the top: the table starts with an anchor
// holding the first 一级指标), a line belongs to the anchor above it and a
// label printed once holds until the next; otherwise (cells centred) to
// the nearest anchor, and labels are left where they stand.
func pdfIndicatorRows(lines []pdfItem, h pdfHeaderCols, t *template.Template) []pdfItem {
	placedLines := make([]pdfItem, len(lines))
	var anchors []int
	for i, it := range lines {
		placedLines[i] = placed(it, h, pdfIndicatorBase)
		if pdfFullRow(placedLines[i]) {
			anchors = append(anchors, i)
			continue
		}
		for _, c := range placedLines[i].cells {
			if slices.Contains(h.scores, c.col-pdfIndicatorBase) && (scoreShape.MatchString(c.text) || blankMarker(c.text)) ||
				c.col >= pdfIndicatorBase && t.SubRow(c.text) {
				anchors = append(anchors, i)
				break
			}
		}
	}
	if len(anchors) == 0 {
		return placedLines
	}
	topAligned := anchors[0] == 0 && slices.ContainsFunc(placedLines[0].cells, func(c pdfCell) bool { return c.col == pdfIndicatorBase })
	owner := make([]int, len(lines))
	for i := range lines {
		k := sort.SearchInts(anchors, i) // first anchor at or after i
		switch {
		case k < len(anchors) && anchors[k] == i:
			owner[i] = i
		case topAligned && k > 0:
			owner[i] = anchors[k-1]
		case k == 0:
			owner[i] = anchors[0]
		case k == len(anchors):
			owner[i] = anchors[k-1]
		default:
			above, below := anchors[k-1], anchors[k]
			owner[i] = above
			if lines[below].page == lines[i].page && (lines[i].page != lines[above].page ||
				math.Abs(lines[below].top-lines[i].top) < math.Abs(lines[i].top-lines[above].top)) {
				owner[i] = below
			}
		}
	}
	var rows []pdfItem
	// The row label (年度绩效指标) spans the table: its wrapped parts are
	// one label, on the first row.
	var rowLabel string
	for _, it := range placedLines {
		for _, c := range it.cells {
			if c.col < pdfIndicatorBase {
				rowLabel = pdfJoinWrapped(rowLabel, c.text)
			}
		}
	}
	var last map[int]string // labels of the row above, for carrying down
	for _, a := range anchors {
		texts := map[int]string{}
		for i := range lines {
			if owner[i] != a {
				continue
			}
			for _, c := range placedLines[i].cells {
				if c.col < pdfIndicatorBase {
					continue
				}
				texts[c.col] = pdfJoinWrapped(texts[c.col], c.text)
			}
		}
		if topAligned {
			for _, col := range []int{pdfIndicatorBase, pdfIndicatorBase + 1} {
				if texts[col] == "" && last[col] != "" {
					texts[col] = last[col]
				}
			}
			last = texts
		}
		// Only the anchor's cells are sure to be apart: a wrapped part of a
		// label can stand anywhere in the rows it spans.
		row := pdfItem{page: lines[a].page, top: lines[a].top, grid: true, joins: placedLines[a].joins}
		if a == anchors[0] && rowLabel != "" {
			row.cells = append(row.cells, pdfCell{text: rowLabel, col: 0})
		}
		var cols []int
		for col := range texts {
			cols = append(cols, col)
		}
		sort.Ints(cols)
		for _, col := range cols {
			if texts[col] != "" {
				row.cells = append(row.cells, pdfCell{text: texts[col], col: col})
			}
		}
		rows = append(rows, row)
	}
	return rows
}
