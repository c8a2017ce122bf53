package extract

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/formaudit/formaudit/template"
)

// inferWholeLine reads f.Unread[k] as the line the funds block's first line
// is part of (年度资金总额), where no line of the block was read as that
// line: its label was lost, as OCR loses it to noise ("EFAS RM WARS" for
// 年度资金总额) or a printing to a merged cell, but its numbers stand where
// the template prints that line, above its parts. The row must hold only
// numbers after its label, at least one for each amount column, so that a
// stray line of text is never taken for amounts.
func inferWholeLine(f *RawForm, k int, cols *columns, t *template.Template) {
	if len(f.Funds) == 0 {
		return
	}
	first, _ := t.FundsLine(f.Funds[0].Label)
	if first.PartOf == "" {
		return
	}
	var whole template.FundsLine
	for _, l := range t.Funds.Lines {
		if l.Line == first.PartOf && len(l.Labels) > 0 {
			whole = l
		}
	}
	if whole.Line == "" {
		return
	}
	for _, fl := range f.Funds {
		if l, _ := t.FundsLine(fl.Label); l.Line == whole.Line {
			return
		}
	}
	r := f.Unread[k]
	at := -1 // first value cell
	values := 0
	for i, c := range r.Cells {
		switch {
		case amountLike(c.Text):
			if at < 0 {
				at = i
			}
			values++
		case at >= 0 && !blankMarker(c.Text):
			return
		}
	}
	// A part line prints the amounts alone: that many are the least.
	if values < fundsColumns(t, first.Labels[0]) || columnNumbers(r.Cells[at:]) {
		return
	}
	// The row is read by the reader of labelled lines, with the template's
	// label standing in for what was printed: one cell for the printed
	// label, or a new one just left of the first value.
	printed := make([]string, 0, at)
	for _, c := range r.Cells[:at] {
		printed = append(printed, c.Text)
	}
	label := Cell{Text: whole.Labels[0], X: r.Cells[at].X - 1}
	if at > 0 {
		label.X = r.Cells[at-1].X
	}
	stand := r
	stand.Cells = append([]Cell{label}, r.Cells[at:]...)
	fl, ok := cols.fundsLine(stand, t)
	if !ok {
		return
	}
	fl.Inferred, fl.Printed = true, strings.Join(printed, " ")
	f.Funds = append([]RawFunds{fl}, f.Funds...)
	f.Unread = append(f.Unread[:k], f.Unread[k+1:]...)
}

// amountCells counts the cells of r that read as numbers.
func amountCells(r Row) int {
	n := 0
	for _, c := range r.Cells {
		if amountLike(c.Text) {
			n++
		}
	}
	return n
}

// amountLike reports whether a cell reads as a number, however damaged: it
// holds a digit and no letter of a label.
func amountLike(s string) bool {
	digit := false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digit = true
		case unicode.Is(unicode.Han, r):
			return false
		}
	}
	return digit
}

// columnNumbers reports whether cells number the columns (1 2 3 …), as some
// forms print under their column labels: a row of the block without a label
// that is not a line of it.
func columnNumbers(cells []Cell) bool {
	n := 0
	for _, c := range cells {
		if blankMarker(c.Text) {
			continue
		}
		n++
		if strings.TrimSpace(c.Text) != strconv.Itoa(n) {
			return false
		}
	}
	return true
}
