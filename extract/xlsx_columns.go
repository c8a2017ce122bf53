package extract

import (
	"strings"

	"github.com/formaudit/formaudit/template"
)

// Positions of the weight and score columns in the national indicator
// header, which the reader of PDF tables without rules places cells by.
const (
	colWeight = 5
	colScore  = 6
)

// columns are the positions of a gridded table's column labels, learnt from
// its header rows. A sheet prints nothing in a blank cell, so reading values
// by their order would shift them into the wrong column; read by position,
// a blank stays blank. Rows that are not gridded (text dumps) keep the
// order-based readers.
type columns struct {
	funds      []int    // X of each funds column in template order, -1 when not printed
	indicators []int    // X of each indicator header label in template order, -1 when not printed
	fields     []string // what each indicator header column holds
}

// fundsColumnLabels lists the labels of each funds column in template order.
func fundsColumnLabels(t *template.Template) [][]string {
	var labels [][]string
	for _, col := range t.Funds.Columns {
		labels = append(labels, t.Funds.ColumnLabels[col])
	}
	return labels
}

// learnFunds takes the positions of the funds columns from a gridded header
// row naming at least three of them.
func (c *columns) learnFunds(r Row, t *template.Template) {
	if !r.Grid {
		return
	}
	if xs, n := positions(r, fundsColumnLabels(t), template.Contains); n >= 3 {
		c.funds = xs
	}
}

// learnIndicators takes the positions of the indicator columns from a
// gridded header row; the name and score columns must be found, the others
// may be missing (some forms print no weight per indicator).
func (c *columns) learnIndicators(r Row, t *template.Template) {
	fields := t.IndicatorFields()
	if !r.Grid || len(t.Indicators.Header) != len(fields) {
		return
	}
	var labels [][]string
	for _, l := range t.Indicators.Header {
		labels = append(labels, []string{l})
	}
	xs, _ := positions(r, labels, template.Closest)
	found := map[string]bool{}
	for i, x := range xs {
		found[fields[i]] = x >= 0
	}
	if found[template.FieldName] && found[template.FieldScore] {
		c.indicators, c.fields = xs, fields
	}
}

// positions finds, for each set of labels, the first unused cell that
// matches one of them, and reports how many were found. Positions that do
// not increase from left to right are dropped: a header is printed in order.
// match folds the text with template.Key first, as Contains and Closest
// do; the cells are folded once here, and folding a key again is free.
func positions(r Row, labels [][]string, match func(string, []string) (string, bool)) ([]int, int) {
	xs := make([]int, len(labels))
	used := make([]bool, len(r.Cells))
	keys := make([]string, len(r.Cells))
	for j, c := range r.Cells {
		keys[j] = template.Key(c.Text)
	}
	n, last := 0, -1
	for i, ls := range labels {
		xs[i] = -1
		for j, c := range r.Cells {
			if used[j] || c.X <= last {
				continue
			}
			if _, ok := match(keys[j], ls); ok {
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
// columns; the level columns and whatever stands left of them are labels.
// A target printed in three columns (指标性质, 指标值, 度量单位) is joined
// into one, as other forms print it.
func (c *columns) indicatorRow(r Row, t *template.Template) (RawIndicator, bool) {
	if !r.Grid || c.indicators == nil {
		return indicatorRow(r, t)
	}
	ind := RawIndicator{Line: r.Line, Page: r.Page, Break: r.Break}
	fields := map[string]string{}
	filled := false
	for _, cell := range r.Cells {
		i := column(c.indicators, cell.X)
		if i < 0 || c.fields[i] == template.FieldLevel1 || c.fields[i] == template.FieldLevel2 {
			ind.Labels = append(ind.Labels, cell.Text)
			continue
		}
		fields[c.fields[i]] = joinText(fields[c.fields[i]], cell.Text)
		filled = true
	}
	if !filled {
		return RawIndicator{}, false
	}
	ind.Name, ind.Actual = fields[template.FieldName], fields[template.FieldActual]
	ind.Target = joinTarget(fields[template.FieldOp], fields[template.FieldTarget], fields[template.FieldUnit])
	ind.Weight, ind.Score = fields[template.FieldWeight], fields[template.FieldScore]
	if note := fields[template.FieldNote]; !blankMarker(note) {
		ind.Note = strings.TrimSpace(note)
	}
	return ind, true
}

// joinTarget joins a target printed apart as comparator, value and unit.
// Only a comparator is joined: 指标性质 also says 定性 or 定量, which is no
// part of the target. A unit joins a value that does not end with it.
func joinTarget(op, value, unit string) string {
	op, value, unit = strings.TrimSpace(op), strings.TrimSpace(value), strings.TrimSpace(unit)
	if blankMarker(value) {
		return value
	}
	if blankMarker(unit) || strings.HasSuffix(value, unit) {
		unit = ""
	}
	if !isComparator(op) {
		op = ""
	}
	return op + value + unit
}

// isComparator reports a printed comparator: =, ≥, ≤, >, < and their
// full-width and East Asian forms.
func isComparator(s string) bool {
	switch s {
	case "=", "＝", "≥", "≤", ">", "<", "＞", "＜", "≧", "≦", ">=", "<=":
		return true
	}
	return false
}

// totalRow reads the 总分 row's weight and score from their columns; what
// stands in the other columns right of the label is the row's note.
func (c *columns) totalRow(r Row, t *template.Template) (RawTotal, bool) {
	tot, ok := totalRow(r, t)
	if !ok || !r.Grid || c.indicators == nil {
		return tot, ok
	}
	tot.Weight, tot.Score, tot.Note = "", "", ""
	for _, cell := range r.Cells {
		i := column(c.indicators, cell.X)
		switch {
		case i < 0:
		case c.fields[i] == template.FieldWeight:
			tot.Weight = joinText(tot.Weight, cell.Text)
		case c.fields[i] == template.FieldScore:
			tot.Score = joinText(tot.Score, cell.Text)
		case !isTotalLabel(cell.Text, t) && !blankMarker(cell.Text):
			tot.Note = joinText(tot.Note, cell.Text)
		}
	}
	return tot, true
}

// isTotalLabel reports a cell holding the total label.
func isTotalLabel(s string, t *template.Template) bool {
	_, ok := template.Closest(s, t.Total.Labels)
	return ok
}
