package extract

import (
	"strings"

	"github.com/formaudit/formaudit/template"
)

// Positions of the indicator columns in the template's header labels
// (一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施).
const (
	colName = 2 + iota
	colTarget
	colActual
	colWeight
	colScore
	colNote
)

// columns are the positions of a gridded table's column labels, learnt from
// its header rows. A sheet prints nothing in a blank cell, so reading values
// by their order would shift them into the wrong column; read by position,
// a blank stays blank. Rows that are not gridded (text dumps) keep the
// order-based readers.
type columns struct {
	funds      []int // X of each funds column in template order, -1 when not printed
	indicators []int // X of each indicator header label in template order, -1 when not printed
}

// learnFunds takes the positions of the funds columns from a gridded header
// row naming at least three of them.
func (c *columns) learnFunds(r Row, t *template.Template) {
	if !r.Grid {
		return
	}
	var labels [][]string
	for _, col := range t.Funds.Columns {
		labels = append(labels, t.Funds.ColumnLabels[col])
	}
	if xs, n := positions(r, labels, template.Contains); n >= 3 {
		c.funds = xs
	}
}

// learnIndicators takes the positions of the indicator columns from a
// gridded header row; the name, weight and score columns must be found.
func (c *columns) learnIndicators(r Row, t *template.Template) {
	if !r.Grid || len(t.Indicators.Header) <= colNote {
		return
	}
	var labels [][]string
	for _, l := range t.Indicators.Header {
		labels = append(labels, []string{l})
	}
	xs, _ := positions(r, labels, template.Closest)
	if xs[colName] >= 0 && xs[colWeight] >= 0 && xs[colScore] >= 0 {
		c.indicators = xs
	}
}

// positions finds, for each set of labels, the first unused cell that
// matches one of them, and reports how many were found. Positions that do
// not increase from left to right are dropped: a header is printed in order.
func positions(r Row, labels [][]string, match func(string, []string) (string, bool)) ([]int, int) {
	xs := make([]int, len(labels))
	used := make([]bool, len(r.Cells))
	n, last := 0, -1
	for i, ls := range labels {
		xs[i] = -1
		for j, c := range r.Cells {
			if used[j] || c.X <= last {
				continue
			}
			if _, ok := match(c.Text, ls); ok {
				xs[i], used[j], last = c.X, true, c.X
				n++
				break
			}
		}
	}
	return xs, n
}

// column is the index of the column a cell at x falls in: the rightmost
// known column starting at or before x, or -1.
func column(xs []int, x int) int {
	best := -1
	for i, cx := range xs {
		if cx >= 0 && cx <= x && (best < 0 || cx > xs[best]) {
			best = i
		}
	}
	return best
}

func joinText(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// fundsLine reads a funds row; once the columns are known, Values holds one
// entry per template column, "" for a blank cell.
func (c *columns) fundsLine(r Row, t *template.Template) (RawFunds, bool) {
	fl, ok := fundsLine(r, t)
	if !ok || !r.Grid || c.funds == nil {
		return fl, ok
	}
	labelX := -1
	for _, cell := range r.Cells {
		if cell.Text == fl.Label {
			labelX = cell.X
			break
		}
	}
	values := make([]string, len(c.funds))
	for _, cell := range r.Cells {
		if cell.X <= labelX {
			continue
		}
		if _, unit := template.Contains(cell.Text, t.Funds.UnitLabels); unit {
			continue
		}
		if i := column(c.funds, cell.X); i >= 0 {
			values[i] = joinText(values[i], cell.Text)
		}
	}
	fl.Values = values
	return fl, true
}

// indicatorRow reads a row of the indicator table by the positions of its
// columns; whatever stands left of the name column is a label.
func (c *columns) indicatorRow(r Row, t *template.Template) (RawIndicator, bool) {
	if !r.Grid || c.indicators == nil {
		return indicatorRow(r, t)
	}
	ind := RawIndicator{Line: r.Line, Page: r.Page, Break: r.Break}
	var fields [colNote + 1]string
	filled := false
	for _, cell := range r.Cells {
		i := column(c.indicators, cell.X)
		if i < colName {
			ind.Labels = append(ind.Labels, cell.Text)
			continue
		}
		fields[i] = joinText(fields[i], cell.Text)
		filled = true
	}
	if !filled {
		return RawIndicator{}, false
	}
	ind.Name, ind.Target, ind.Actual = fields[colName], fields[colTarget], fields[colActual]
	ind.Weight, ind.Score = fields[colWeight], fields[colScore]
	if !blankMarker(fields[colNote]) {
		ind.Note = strings.TrimSpace(fields[colNote])
	}
	return ind, true
}

// totalRow reads the 总分 row's weight and score from their columns.
func (c *columns) totalRow(r Row, t *template.Template) (RawTotal, bool) {
	tot, ok := totalRow(r, t)
	if !ok || !r.Grid || c.indicators == nil {
		return tot, ok
	}
	tot.Weight, tot.Score = "", ""
	for _, cell := range r.Cells {
		switch column(c.indicators, cell.X) {
		case colWeight:
			tot.Weight = joinText(tot.Weight, cell.Text)
		case colScore:
			tot.Score = joinText(tot.Score, cell.Text)
		}
	}
	return tot, true
}
