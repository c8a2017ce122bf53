package extract

import (
	"errors"
	"fmt"
	"strings"

	"github.com/formaudit/formaudit/template"
)

// ErrNoForm is returned for a document in which no form could be found.
var ErrNoForm = errors.New("no 项目支出绩效自评表 found")

// Text reads a text dump, tab-separated or space-aligned, in any of the
// encodings DecodeText knows, into raw forms.
func Text(data []byte, t *template.Template) (*Document, error) {
	text, enc, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatText, Encoding: enc}
	rows := splitRows(text)
	doc.Forms = FormsFromRows(rows, t)
	if len(doc.Forms) == 0 {
		return doc, fmt.Errorf("%w (looked for the title and the 项目编码/项目名称 labels in %d lines)", ErrNoForm, len(rows))
	}
	return doc, nil
}

// FormsFromRows finds the forms in a stream of rows, whatever the rows were
// read from (text lines, PDF table rows, sheet rows), and splits each into
// its blocks. Seq is numbered from 1.
func FormsFromRows(rows []Row, t *template.Template) []RawForm {
	var forms []RawForm
	for i, part := range splitForms(rows, t) {
		f := readForm(part, t)
		f.Seq = i + 1
		forms = append(forms, f)
	}
	return forms
}

// splitForms cuts the rows at each title, also when the title itself is
// broken ("项	〔目支出绩	效自评表", or only "目支出绩"). A header row that
// follows a complete funds block without a title also starts a form.
func splitForms(rows []Row, t *template.Template) [][]Row {
	var forms [][]Row
	var cur []Row
	sawFunds := false
	for _, r := range rows {
		start := isTitle(r, t)
		if !start && sawFunds && isHeaderStart(r, t) {
			start = true
		}
		if start {
			if hasHeader(cur, t) {
				forms = append(forms, cur)
			}
			cur, sawFunds = nil, false
		}
		if _, ok := fundsLine(r, t); ok {
			sawFunds = true
		}
		cur = append(cur, r)
	}
	if hasHeader(cur, t) {
		forms = append(forms, cur)
	}
	return forms
}

func isTitle(r Row, t *template.Template) bool {
	// A title spans the form: in a grid it is one cell, never a row of them
	// (an indicator named "项目支出控制" is not a title).
	if r.Grid && len(r.Cells) > 1 {
		return false
	}
	key := template.Key(strings.Join(r.Texts(), ""))
	if n := len([]rune(key)); n == 0 || n > 24 {
		return false
	}
	for _, frag := range []string{"自评表", "支出绩", "目支出"} {
		if strings.Contains(key, frag) {
			return true
		}
	}
	return false
}

func isHeaderStart(r Row, t *template.Template) bool {
	_, ok := template.Contains(strings.Join(r.Texts(), ""), append(t.Header.ProjectCode, t.Header.ProjectName...))
	return ok
}

func hasHeader(rows []Row, t *template.Template) bool {
	for _, r := range rows {
		if isHeaderStart(r, t) {
			return true
		}
	}
	return false
}

type block int

const (
	inHeader block = iota
	inFunds
	inGoals
	inIndicators
	inTrailer
)

// readForm assigns each row of one form to its block.
func readForm(rows []Row, t *template.Template) RawForm {
	f := RawForm{LineFrom: rows[0].Line, LineTo: rows[len(rows)-1].Line, PageFrom: rows[0].Page, PageTo: rows[len(rows)-1].Page}
	var header []Row
	var cols columns
	state := inHeader
	for i, r := range rows {
		if i == 0 && isTitle(r, t) {
			f.Title = strings.Join(r.Texts(), "")
			header = append(header, r)
			continue
		}
		joined := strings.Join(r.Texts(), "")
		if state < inFunds {
			if _, ok := template.Contains(joined, []string{"资金使用情况"}); ok {
				state = inFunds
				continue
			}
			if _, ok := fundsLine(r, t); ok {
				state = inFunds
			}
		}
		if state < inGoals && isGoalsStart(r, t) {
			state = inGoals
			continue
		}
		if state < inIndicators && isIndicatorHeader(r, t) {
			cols.learnIndicators(r, t)
			state = inIndicators
			continue
		}
		if state <= inFunds {
			cols.learnFunds(r, t)
		}
		switch state {
		case inHeader:
			header = append(header, r)
		case inFunds:
			if fl, ok := cols.fundsLine(r, t); ok {
				f.Funds = append(f.Funds, fl)
				if u := unitCell(r, t); u != "" {
					f.FundsUnit = u
				}
			} else if u := unitCell(r, t); u != "" {
				f.FundsUnit = u
			} else if !isFundsHeader(r, t) {
				f.Unread = append(f.Unread, r)
			}
		case inGoals:
			f.Goals = append(f.Goals, r)
		case inIndicators:
			if tot, ok := cols.totalRow(r, t); ok {
				f.Total = &tot
				state = inTrailer
			} else if ind, ok := cols.indicatorRow(r, t); ok {
				f.Indicators = append(f.Indicators, ind)
			} else {
				f.Unread = append(f.Unread, r)
			}
		case inTrailer:
			f.Unread = append(f.Unread, r)
		}
	}
	f.Header = readHeader(header, t)
	return f
}

func isGoalsStart(r Row, t *template.Template) bool {
	for _, c := range r.Cells {
		if _, ok := template.Closest(c.Text, t.Goals.Section); ok {
			return true
		}
	}
	return false
}

// isIndicatorHeader recognises the column header of the indicator table by
// at least two of its labels, since OCR drops or merges some of them.
func isIndicatorHeader(r Row, t *template.Template) bool {
	key := template.Key(strings.Join(r.Texts(), ""))
	n := 0
	for _, l := range t.Indicators.Header[:3] {
		if strings.Contains(key, template.Key(l)) {
			n++
		}
	}
	return n >= 2
}

func isFundsHeader(r Row, t *template.Template) bool {
	key := template.Key(strings.Join(r.Texts(), ""))
	for _, labels := range t.Funds.ColumnLabels {
		for _, l := range labels {
			if strings.Contains(key, template.Key(l)) {
				return true
			}
		}
	}
	return false
}

// unitCell returns the cell naming the amount unit, e.g. "项目资金 (元)".
func unitCell(r Row, t *template.Template) string {
	for _, c := range r.Cells {
		if _, ok := template.Contains(c.Text, t.Funds.UnitLabels); ok && strings.ContainsAny(c.Text, "元") {
			return c.Text
		}
	}
	return ""
}

// fundsLine reads a funds row: the cell holding a funds label and the values after it.
func fundsLine(r Row, t *template.Template) (RawFunds, bool) {
	for i, c := range r.Cells {
		if _, ok := t.FundsLineOf(c.Text); !ok {
			continue
		}
		fl := RawFunds{Line: r.Line, Label: c.Text}
		for _, v := range r.Cells[i+1:] {
			if _, unit := template.Contains(v.Text, t.Funds.UnitLabels); unit {
				continue
			}
			// In tab-separated text a blank cell keeps its tab, so the values
			// after it stay in their columns.
			if r.Tabbed {
				for len(fl.Values) < v.X-c.X-1 {
					fl.Values = append(fl.Values, "")
				}
			}
			fl.Values = append(fl.Values, v.Text)
		}
		return fl, true
	}
	return RawFunds{}, false
}
