package extract

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"

	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/template"
)

// ErrNoForm is returned for a document in which no form could be found.
var ErrNoForm = errors.New("no 项目支出绩效自评表 found")

// noForm is ErrNoForm saying where the title and labels were looked for.
func noForm(where string) error {
	return fmt.Errorf("%w (looked for the title and the 项目编码/项目名称 labels in %s)", ErrNoForm, where)
}

// Text reads a text dump, tab-separated, space-aligned or a sheet saved as
// CSV, in any of the encodings DecodeText knows, into raw forms.
func Text(data []byte, t *template.Template) (*Document, error) {
	return readText(context.Background(), data, t)
}

// readText stops between forms once ctx is done: a dump of 100 MB holds
// some 40,000 forms and takes seconds to read.
func readText(ctx context.Context, data []byte, t *template.Template) (*Document, error) {
	text, enc, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatText, Encoding: enc}
	if n, found := headerRow(text, t); !found {
		return doc, noForm(english.Count(n, "line"))
	}
	g, isCSV, err := csvGrid(text)
	switch {
	case err != nil:
		return nil, fmt.Errorf("text (CSV): %w", err)
	case isCSV:
		return readCSV(ctx, g, enc, t)
	}
	lines := 0
	rows := func(yield func(Row) bool) {
		for r := range laidOut(text, t) {
			lines++
			if !yield(r) {
				return
			}
		}
	}
	if doc.Forms, err = formsFromRows(ctx, rows, t); err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	if len(doc.Forms) == 0 {
		return doc, noForm(english.Count(lines, "line"))
	}
	return doc, nil
}

// laidOut yields the rows of text, one form's rows held at a time: all the
// rows of a dump of 10,000 forms take some 80 MB. A tab-separated text keeps
// the columns its tabs give. Space-aligned text is laid out in its columns
// (textLayout) page run by page run (layoutParts), each run as if it were a
// text of its own, so that a form reads the same whatever else its file
// holds: laid out whole, one line anywhere whose cells shared a column kept
// every form of the file in the order of its cells, and 5,000 forms printed
// by pdftotext -layout took 265 MB and twice the time (156 MB now).
func laidOut(text string, t *template.Template) iter.Seq[Row] {
	if strings.Contains(text, "\t") {
		for r := range textRows(text) {
			if r.Tabbed {
				return textRows(text)
			}
		}
	}
	return func(yield func(Row) bool) {
		for part := range layoutParts(textRows(text), t) {
			for _, r := range textLayout(part, t) {
				if !yield(r) {
					return
				}
			}
		}
	}
}

// titleRows is how far down a page layoutParts looks for a form's title,
// which a line or two may precede ("附件2", the year).
const titleRows = 3

// layoutParts cuts rows before each page that opens with a form's title,
// printed alone on its line. It cuts no more finely than that: splitForms,
// reading laid-out rows, also cuts at a title found mid-page, but before the
// layout a row of an indicator named 2024年度项目支出 can read as a title
// ("成本指标 2024年度项目支出 完成 10 10", a name's wrapped line). A part
// cut too coarsely is only laid out as a whole text was; one cut mid-form
// would lose the headers above its columns. Text without page breaks (form
// feeds) is one part.
func layoutParts(rows iter.Seq[Row], t *template.Template) iter.Seq[[]Row] {
	return func(yield func([]Row) bool) {
		var cur []Row
		page, pageStart := 0, 0
		for r := range rows {
			if r.Page != page {
				page, pageStart = r.Page, len(cur)
			}
			if pageStart > 0 && len(cur)-pageStart < titleRows && titleAlone(r, t) {
				if !yield(cur[:pageStart:pageStart]) {
					return
				}
				cur, pageStart = cur[pageStart:], 0
			}
			cur = append(cur, r)
		}
		if len(cur) > 0 {
			yield(cur)
		}
	}
}

// FormsFromRows finds the forms in a stream of rows, whatever the rows were
// read from (text lines, PDF table rows, sheet rows), and splits each into
// its blocks. When t is a choice of templates (template.Any), each form is
// read with the one that fits it. Seq is numbered from 1.
func FormsFromRows(rows []Row, t *template.Template) []RawForm {
	forms, _ := formsFromRows(context.Background(), slices.Values(rows), t) // never done: no error
	return forms
}

// formsFromRows is FormsFromRows stopping between forms once ctx is done.
func formsFromRows(ctx context.Context, rows iter.Seq[Row], t *template.Template) ([]RawForm, error) {
	var forms []RawForm
	for part := range splitForms(rows, t) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("form %d: %w", len(forms)+1, err)
		}
		f := readChosen(part, t)
		f.Seq = len(forms) + 1
		forms = append(forms, f)
	}
	return forms, nil
}

// readChosen reads one form's rows with t, or, when t is a choice, with the
// variant whose labels the rows show most; among variants that show as
// many, the one whose budget weight the form prints.
func readChosen(rows []Row, t *template.Template) RawForm {
	variants := t.Variants()
	if len(variants) == 0 {
		f := readForm(rows, t)
		f.Template = t
		return f
	}
	texts := make([]string, len(rows))
	for i, r := range rows {
		texts[i] = strings.Join(r.Texts(), " ")
	}
	// Tied variants are told apart by reading the form with each, and
	// variants that differ only in their weights (national and budget20)
	// read it alike: the form is read once for them.
	read := map[*template.Template]RawForm{}
	reading := func(c *template.Template) RawForm {
		if f, ok := read[c]; ok {
			return f
		}
		for d, f := range read {
			if sameReading(c, d) {
				read[c] = f
				return f
			}
		}
		f := readForm(rows, c)
		read[c] = f
		return f
	}
	best := template.Select(variants, texts, func(c *template.Template) bool {
		w := printedBudgetWeight(reading(c), c)
		return w != "" && w == canonicalNumber(c.Weights.Budget)
	})
	f := reading(best)
	f.Template = best
	return f
}

// sameReading reports whether a and b read every form alike: they differ at
// most in what reading a form does not use, their names, bases, weights and
// print layouts.
func sameReading(a, b *template.Template) bool {
	x, y := *a, *b
	for _, t := range []*template.Template{&x, &y} {
		t.Name, t.Basis, t.Weights, t.Layout = "", "", template.Weights{}, template.Layout{}
	}
	return reflect.DeepEqual(x, y)
}

// printedBudgetWeight is the weight printed on the total funds line, or "".
func printedBudgetWeight(f RawForm, t *template.Template) string {
	col := -1
	for i, c := range t.Funds.Columns {
		if c == template.ColWeight {
			col = i
		}
	}
	for _, fl := range f.Funds {
		if line, _ := t.FundsLineOf(fl.Label); line == "total" && col >= 0 && col < len(fl.Values) {
			return canonicalNumber(strings.TrimSpace(fl.Values[col]))
		}
	}
	return ""
}

// splitForms cuts the rows at each title, also when the title itself is
// broken ("项	〔目支出绩	效自评表", or only "目支出绩"). A header row that
// follows a complete funds block without a title also starts a form. It
// yields each form's rows once the next form starts.
func splitForms(rows iter.Seq[Row], t *template.Template) iter.Seq[[]Row] {
	return func(yield func([]Row) bool) {
		var cur []Row
		sawFunds := false
		for r := range rows {
			start := isTitle(r, t)
			if !start && sawFunds && isHeaderStart(r, t) {
				start = true
			}
			if start {
				if hasHeader(cur, t) && !yield(cur) {
					return
				}
				cur, sawFunds = nil, false
			}
			// Only whether the form has reached its funds matters: matching
			// every cell of every row against the funds labels was a sixth of
			// an import of text dumps.
			if !sawFunds {
				_, sawFunds = fundsLine(r, t)
			}
			cur = append(cur, r)
		}
		if hasHeader(cur, t) {
			yield(cur)
		}
	}
}

// titleAlone reports a form's title printed alone on its line, where
// pdfWhitespace starts a form's tables afresh and layoutParts cuts a page run.
func titleAlone(r Row, t *template.Template) bool {
	return len(r.Cells) == 1 && isTitle(r, t)
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
	key := template.Key(strings.Join(r.Texts(), ""))
	if _, ok := template.Contains(key, t.Header.ProjectCode); ok {
		return true
	}
	_, ok := template.Contains(key, t.Header.ProjectName)
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

// readForm assigns each row of one form to its block. The blocks follow the
// header in the template's order, which is not the same everywhere (the
// goals come before the funds on some forms); only the indicator table is
// always last.
func readForm(rows []Row, t *template.Template) RawForm {
	f := RawForm{LineFrom: rows[0].Line, LineTo: rows[len(rows)-1].Line, PageFrom: rows[0].Page, PageTo: rows[len(rows)-1].Page}
	for _, r := range rows {
		if n := len(f.PageStarts); r.Page > 0 && (n == 0 || r.Page != f.PageStarts[n-1].Page) {
			f.PageStarts = append(f.PageStarts, PageStart{Page: r.Page, Line: r.Line})
		}
	}
	var header []Row
	var cols columns
	state := inHeader
	lastUnread := -1 // the funds row nearest above the first funds line that no reader claimed
	for i, r := range rows {
		if i == 0 && isTitle(r, t) {
			f.Title = strings.Join(r.Texts(), "")
			header = append(header, r)
			continue
		}
		if state < inIndicators {
			switch opens := fundsOpening(r, t, state); {
			case opens == opensSection:
				state = inFunds
				cols.learnFunds(r, t)
				if u := unitCell(r, t); u != "" {
					f.FundsUnit = u
				}
				if _, ok := fundsLine(r, t); !ok {
					continue
				}
			case opens == opensLine:
				state = inFunds
			case state != inGoals && isGoalsStart(r, t):
				state = inGoals
				if !holdsGoals(r, t) {
					continue
				}
			case isIndicatorHeader(r, t):
				cols.learnIndicators(r, t)
				state = inIndicators
				continue
			}
		}
		if state <= inFunds {
			cols.learnFunds(r, t)
		}
		switch state {
		case inHeader:
			header = append(header, r)
		case inFunds:
			u := unitCell(r, t)
			if u != "" {
				f.FundsUnit = u
			}
			// The unit label is a merged cell beside the lines: a row that
			// holds it and as many amounts as a part line prints is a line
			// whose label was lost, as much as a row without it.
			if fl, ok := cols.fundsLine(r, t); ok {
				f.Funds = append(f.Funds, fl)
			} else if (u == "" && !isFundsHeader(r, t)) || (u != "" && amountCells(r) >= fundsColumns(t, "")) {
				if len(f.Funds) == 0 {
					lastUnread = len(f.Unread)
				}
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
	if lastUnread >= 0 {
		inferWholeLine(&f, lastUnread, &cols, t)
	}
	f.Header = readHeader(header, t)
	return f
}

// opening is how a row opens the funds block.
type opening int

const (
	opensNothing opening = iota
	opensSection         // a section label or column header: a row of the block's own
	opensLine            // a funds line
)

// fundsOpening reports whether r opens the funds block. Below the header,
// a section label anywhere on the row, a column header or a funds line
// does; below the goals, whose text may name any of these, only a cell
// that is the section label or a column header naming three columns.
func fundsOpening(r Row, t *template.Template, state block) opening {
	if state == inFunds {
		return opensNothing
	}
	if state == inHeader {
		if _, ok := template.Contains(strings.Join(r.Texts(), ""), t.Funds.Section); ok {
			return opensSection
		}
	} else {
		for _, c := range r.Cells {
			bare := weightShape.ReplaceAllString(c.Text, "")
			if _, ok := template.Closest(bare, t.Funds.Section); ok {
				return opensSection
			}
		}
	}
	if isFundsColumnHeader(r, t) {
		return opensSection
	}
	if _, ok := fundsLine(r, t); ok && state == inHeader {
		return opensLine
	}
	return opensNothing
}

// isFundsColumnHeader recognises the row of funds column labels by three of them.
func isFundsColumnHeader(r Row, t *template.Template) bool {
	_, n := positions(r, fundsColumnLabels(t), template.Contains)
	return n >= 3
}

// isGoalsStart recognises the row that opens the goals block: one with the
// section label, or the column header of expected and achieved goals.
func isGoalsStart(r Row, t *template.Template) bool {
	for _, c := range r.Cells {
		if _, ok := template.Closest(c.Text, t.Goals.Section); ok {
			return true
		}
	}
	joined := strings.Join(r.Texts(), "")
	_, expected := template.Contains(joined, t.Goals.Expected)
	_, actual := template.Contains(joined, t.Goals.Actual)
	return expected && actual && len([]rune(template.Key(joined))) <= 24
}

// holdsGoals reports whether the row that opens the goals block holds more
// than its label, as where a label merged down the block's rows is printed
// beside its middle row: a cell of four characters or more that is no
// section label.
func holdsGoals(r Row, t *template.Template) bool {
	for _, c := range r.Cells {
		if _, ok := template.Closest(c.Text, t.Goals.Section); ok {
			continue
		}
		if len([]rune(template.Key(c.Text))) >= 4 {
			return true
		}
	}
	return false
}

// isIndicatorHeader recognises the column header of the indicator table by
// at least two of the labels of its level and name columns, since OCR
// drops or merges some of them.
func isIndicatorHeader(r Row, t *template.Template) bool {
	key := template.Key(strings.Join(r.Texts(), ""))
	n := 0
	for _, field := range []string{template.FieldLevel1, template.FieldLevel2, template.FieldName} {
		if l := template.Key(t.IndicatorLabel(field)); l != "" && strings.Contains(key, l) {
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
		fl.Unplaced = !r.Tabbed && !r.Grid && len(fl.Values) < fundsColumns(t, fl.Label)
		return fl, true
	}
	return RawFunds{}, false
}

// fundsColumns is how many values a funds line prints: the whole line every
// column, a part line only the amounts.
func fundsColumns(t *template.Template, label string) int {
	if line, _ := t.FundsLineOf(label); line == "total" {
		return len(t.Funds.Columns)
	}
	n := 0
	for _, c := range t.Funds.Columns {
		if c == template.ColInitial || c == template.ColBudget || c == template.ColExecuted {
			n++
		}
	}
	return n
}
