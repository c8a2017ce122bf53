package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/template"
	"github.com/mattn/go-runewidth"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// options are the command-line choices that shape the workbook.
type options struct {
	layout        string
	font          string
	orientation   string
	origin        string
	unmerge       bool
	textAmounts   bool
	fractionRates bool
	decimalRates  bool
	noWeights     bool
	formulaTotals bool
	hidden        bool
}

// A form is a grid: a label column (项目资金, 年度总体目标, 年度绩效指标),
// then one column per label of the template's indicator header. The funds
// block prints its line labels from column 1 and its values in the last
// columns, one per funds column.
const cLabel = 0

// Widths of the columns, in Excel's character units, by what they hold.
var (
	labelWidth  = 10.0
	fieldWidths = map[string]float64{
		template.FieldLevel1: 12, template.FieldLevel2: 12, template.FieldName: 22, template.FieldOp: 8,
		template.FieldTarget: 14, template.FieldUnit: 8, template.FieldActual: 14, template.FieldWeight: 8,
		template.FieldScore: 9, template.FieldNote: 18,
	}
)

// Font sizes and the printed height of one line of body text in points:
// Noto CJK's line height is about 1.45 em.
const (
	bodySize   = 10.0
	titleSize  = 16.0
	lineHeight = 14.6
	rowPadding = 5.0
	minHeight  = 20.0
	maxHeight  = 400.0 // Excel's limit is 409 points
)

// Cell kinds, each with its own style.
type kind int

const (
	kTitle  kind = iota
	kLabel       // centred label
	kText        // left-aligned text
	kNumber      // number with a format
	kBlank       // bordered empty cell
)

type styleKey struct {
	kind   kind
	numFmt string
}

// sheetWriter writes forms one below another on one sheet.
type sheetWriter struct {
	f      *excelize.File
	sheet  string
	col0   int // physical column of cLabel, 1-based
	row    int // next row to write, 1-based
	o      options
	t      *template.Template // the template of the form being written
	widths []float64          // widths of the sheet's columns, from its first form's template
	styles map[styleKey]int
	need   map[int]float64 // height each row needs for its own text
	spans  []vspan
	funds0 int // row of the current form's first funds line
}

// vspan is a vertically merged cell whose text needs a total height.
type vspan struct {
	from, to int
	height   float64
}

func newSheetWriter(f *excelize.File, sheet string, col, row int, t *template.Template, o options) (*sheetWriter, error) {
	w := &sheetWriter{f: f, sheet: sheet, col0: col, row: row, o: o, t: t, styles: map[styleKey]int{}, need: map[int]float64{}}
	w.widths = append(w.widths, labelWidth)
	for _, field := range t.IndicatorFields() {
		w.widths = append(w.widths, fieldWidths[field])
	}
	for c := range w.widths {
		name, _ := excelize.ColumnNumberToName(w.phys(c))
		if err := f.SetColWidth(sheet, name, name, w.widths[c]); err != nil {
			return nil, err
		}
	}
	if o.hidden {
		name, _ := excelize.ColumnNumberToName(w.hiddenCol())
		if err := f.SetColWidth(sheet, name, name, 8); err != nil {
			return nil, err
		}
		if err := f.SetColVisible(sheet, name, false); err != nil {
			return nil, err
		}
	}
	return w, w.pageSetup()
}

func (w *sheetWriter) pageSetup() error {
	size, fit, fitHeight, fitPage := 9, 1, 0, true // A4, one page wide, as many pages long as needed
	orientation := w.o.orientation
	if err := w.f.SetPageLayout(w.sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &fit, FitToHeight: &fitHeight,
	}); err != nil {
		return err
	}
	if err := w.f.SetSheetProps(w.sheet, &excelize.SheetPropsOptions{FitToPage: &fitPage}); err != nil {
		return err
	}
	margin, edge := 0.6, 0.3
	return w.f.SetPageMargins(w.sheet, &excelize.PageLayoutMarginsOptions{
		Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge,
	})
}

// last is the form's last column.
func (w *sheetWriter) last() int { return len(w.t.Indicators.Header) }

// col is the column of an indicator field, or -1 when the template prints none.
func (w *sheetWriter) col(field string) int {
	for i, f := range w.t.IndicatorFields() {
		if f == field {
			return i + 1
		}
	}
	return -1
}

// fundsCol is the column of the i-th funds value.
func (w *sheetWriter) fundsCol(i int) int { return w.last() - len(w.t.Funds.Columns) + 1 + i }

// fundsColOf is the column of a funds column by name, or -1.
func (w *sheetWriter) fundsColOf(name string) int {
	for i, c := range w.t.Funds.Columns {
		if c == name {
			return w.fundsCol(i)
		}
	}
	return -1
}

// phys maps a form column to its sheet column; the hidden column, when
// present, sits left of the sheet's weight column.
func (w *sheetWriter) phys(c int) int {
	if w.o.hidden && c >= w.weightSlot() {
		return w.col0 + c + 1
	}
	return w.col0 + c
}

// weightSlot is the column the hidden column is inserted before.
func (w *sheetWriter) weightSlot() int {
	if c := w.col(template.FieldWeight); c >= 0 {
		return c
	}
	return w.last()
}

func (w *sheetWriter) hiddenCol() int { return w.col0 + w.weightSlot() }

func (w *sheetWriter) ref(c, r int) string {
	name, _ := excelize.CoordinatesToCellName(w.phys(c), r)
	return name
}

func (w *sheetWriter) style(k kind, numFmt string) (int, error) {
	key := styleKey{k, numFmt}
	if id, ok := w.styles[key]; ok {
		return id, nil
	}
	s := &excelize.Style{
		Font:      &excelize.Font{Family: w.o.font, Size: bodySize},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border: []excelize.Border{
			{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
			{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
		},
	}
	switch k {
	case kTitle:
		s.Font.Size, s.Font.Bold, s.Border = titleSize, true, nil
	case kText:
		s.Alignment.Horizontal = "left"
	case kNumber:
		s.Alignment.Horizontal = "right"
		if numFmt != "" {
			s.CustomNumFmt = &numFmt
		}
	}
	id, err := w.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	w.styles[key] = id
	return id, nil
}

// put writes one value into the cells c1..c2 of row r, merged, with the
// style of its kind; nil writes a bordered blank.
func (w *sheetWriter) put(c1, c2, r int, v any, k kind, numFmt string) error {
	return w.putRect(c1, c2, r, r, v, k, numFmt)
}

// putRect writes one value into the cells c1..c2 of rows r1..r2, merged.
func (w *sheetWriter) putRect(c1, c2, r1, r2 int, v any, k kind, numFmt string) error {
	if v == nil {
		k = kBlank
	}
	id, err := w.style(k, numFmt)
	if err != nil {
		return err
	}
	from, to := w.ref(c1, r1), w.ref(c2, r2)
	if err := w.f.SetCellStyle(w.sheet, from, to, id); err != nil {
		return err
	}
	if c2 > c1 || r2 > r1 {
		if err := w.f.MergeCell(w.sheet, from, to); err != nil {
			return err
		}
	}
	switch v := v.(type) {
	case nil:
	case string:
		if err := w.f.SetCellStr(w.sheet, from, v); err != nil {
			return err
		}
		size := bodySize
		if k == kTitle {
			size = titleSize
		}
		if h := w.textHeight(v, c1, c2, size); r1 == r2 {
			w.need[r1] = max(w.need[r1], h)
		} else {
			w.spans = append(w.spans, vspan{r1, r2, h})
		}
	default:
		if err := w.f.SetCellValue(w.sheet, from, v); err != nil {
			return err
		}
	}
	return nil
}

// putV writes a label into rows r1..r2 of column c: merged, or repeated in
// every row when the workbook unmerges its labels.
func (w *sheetWriter) putV(c, r1, r2 int, text string) error {
	if w.o.unmerge || r1 == r2 {
		for r := r1; r <= r2; r++ {
			if err := w.put(c, c, r, text, kLabel, ""); err != nil {
				return err
			}
		}
		return nil
	}
	id, err := w.style(kLabel, "")
	if err != nil {
		return err
	}
	from, to := w.ref(c, r1), w.ref(c, r2)
	if err := w.f.SetCellStyle(w.sheet, from, to, id); err != nil {
		return err
	}
	if err := w.f.MergeCell(w.sheet, from, to); err != nil {
		return err
	}
	w.spans = append(w.spans, vspan{r1, r2, w.textHeight(text, c, c, bodySize)})
	return w.f.SetCellStr(w.sheet, from, text)
}

// textHeight estimates the height text needs when wrapped in columns
// c1..c2: a CJK character is two units wide, as wide as two digits.
func (w *sheetWriter) textHeight(text string, c1, c2 int, size float64) float64 {
	capacity := -1.5
	for c := c1; c <= c2; c++ {
		capacity += w.widths[min(c, len(w.widths)-1)]
	}
	capacity *= bodySize / size
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines += max(1, int(math.Ceil(float64(runewidth.StringWidth(para))*1.08/capacity)))
	}
	return float64(lines)*lineHeight*size/bodySize + rowPadding
}

// finish sets the height of rows from..to-1, growing the last row of a
// merged label that needs more room than its rows give it.
func (w *sheetWriter) finish(from, to int) error {
	heights := map[int]float64{}
	for r := from; r < to; r++ {
		heights[r] = max(minHeight, w.need[r])
	}
	for _, s := range w.spans {
		sum := 0.0
		for r := s.from; r <= s.to; r++ {
			sum += heights[r]
		}
		if sum < s.height {
			extra := (s.height - sum) / float64(s.to-s.from+1)
			for r := s.from; r <= s.to; r++ {
				heights[r] += extra
			}
		}
	}
	for r := from; r < to; r++ {
		if err := w.f.SetRowHeight(w.sheet, r, math.Ceil(heights[r])); err != nil {
			return err
		}
	}
	w.spans = nil
	return nil
}

// form writes one form in its template's layout from w.row on and leaves
// w.row below it.
func (w *sheetWriter) form(fm *fixtures.Form, t *template.Template) error {
	if len(t.Indicators.Header) != len(w.widths)-1 {
		return fmt.Errorf("template %s has %d columns, the forms above it on this sheet %d: print it on a sheet of its own",
			t.Name, len(t.Indicators.Header)+1, len(w.widths))
	}
	w.t = t
	from := w.row
	if err := w.header(fm); err != nil {
		return err
	}
	blocks := map[string]func(*fixtures.Form) error{"funds": w.funds, "goals": w.goals, "indicators": w.indicators}
	order := t.Layout.Blocks
	if len(order) == 0 {
		order = []string{"funds", "goals", "indicators"}
	}
	for _, b := range order {
		if err := blocks[b](fm); err != nil {
			return err
		}
	}
	return w.finish(from, w.row)
}

// label is the printed text of a layout key: the layout's own, else fallback.
func (w *sheetWriter) label(key, fallback string) string { return w.t.Layout.Label(key, fallback) }

// firstLabel is the first of labels, or "".
func firstLabel(labels []string) string {
	if len(labels) > 0 {
		return labels[0]
	}
	return ""
}

// yearText is the year as a title prints it: "（2024年度）".
func yearText(year int) string { return fmt.Sprintf("（%d年度）", year) }

func (w *sheetWriter) header(fm *fixtures.Form) error {
	r := w.row
	lay := &w.t.Layout
	printYear := !fm.YearInferred && fm.Year != 0
	title := w.label("title", w.t.Title)
	if lay.Year == template.YearTitle && printYear {
		title += yearText(fm.Year)
	}
	if err := w.put(cLabel, w.last(), r, title, kTitle, ""); err != nil {
		return err
	}
	w.need[r] = 30
	r++
	if lay.Year == template.YearSubtitle && printYear {
		if err := w.put(cLabel, w.last(), r, yearText(fm.Year), kLabel, ""); err != nil {
			return err
		}
		r++
	}
	values := map[string]any{
		"project_code": fm.ProjectCode, "project_name": fm.ProjectName,
		"implementing_unit": fm.ImplementingUnit, "budget_unit": fm.BudgetUnit,
	}
	if w.t.Header.CodeInName && fm.ProjectCode != "" {
		values["project_code"], values["project_name"] = "", fm.ProjectCode+"-"+fm.ProjectName
	}
	if printYear && lay.Year != template.YearTitle && lay.Year != template.YearSubtitle {
		values["year"] = fm.Year
	}
	printed := map[string]bool{}
	for _, row := range lay.Header {
		c := cLabel
		for _, cell := range row {
			if err := w.put(c, c+cell.Spans[0]-1, r, cell.Label, kLabel, ""); err != nil {
				return err
			}
			c += cell.Spans[0]
			v, k, numFmt := values[cell.Field], kText, ""
			if _, isYear := v.(int); isYear {
				k, numFmt = kNumber, "0"
			}
			if err := w.put(c, c+cell.Spans[1]-1, r, v, k, numFmt); err != nil {
				return err
			}
			c += cell.Spans[1]
			printed[cell.Field] = true
		}
		r++
	}
	for field, v := range values {
		if s, ok := v.(string); (!ok || s != "") && !printed[field] {
			return fmt.Errorf("template %s prints no %s, but the form has one (%v)", w.t.Name, field, v)
		}
	}
	w.row = r
	return nil
}

// sectionLabel prints a section label with its weight when the layout does.
func (w *sheetWriter) sectionLabel(label, weight string) string {
	if !w.t.Layout.SectionWeights || weight == "" {
		return label
	}
	return fmt.Sprintf("%s（%s分）", label, weight)
}

// indicatorsWeight is what the template leaves the indicators: the total
// weight less the budget weight.
func (w *sheetWriter) indicatorsWeight() string {
	total, err1 := decimal.NewFromString(w.t.Total.Weight)
	budget, err2 := decimal.NewFromString(w.t.Weights.Budget)
	if err1 != nil || err2 != nil {
		return ""
	}
	return total.Sub(budget).String()
}

func (w *sheetWriter) funds(fm *fixtures.Form) error {
	r := w.row
	t, lay := w.t, &w.t.Layout
	section := w.sectionLabel(w.label("funds.section", firstLabel(t.Funds.Section)), t.Weights.Budget)
	unit := w.label("funds.unit", firstLabel(t.Funds.UnitLabels)) + "（" + fm.AmountUnit + "）"
	byColumn := lay.FundsSection == template.SectionColumn
	if !byColumn {
		if err := w.put(cLabel, w.last(), r, section, kLabel, ""); err != nil {
			return err
		}
		r++
	}
	head := r
	var headLabel any
	if byColumn {
		headLabel = unit
	}
	if err := w.put(cLabel+boolInt(byColumn), w.fundsCol(0)-1, head, headLabel, kLabel, ""); err != nil {
		return err
	}
	for i, col := range t.Funds.Columns {
		l := w.label("funds.column."+col, t.ColumnLabel(col))
		if col == template.ColRate && (w.o.fractionRates || w.o.decimalRates) {
			l = t.ColumnLabel(col)
		}
		if err := w.put(w.fundsCol(i), w.fundsCol(i), head, l, kLabel, ""); err != nil {
			return err
		}
	}
	if w.o.hidden {
		if err := w.hiddenCell(head, "上年执行数"); err != nil {
			return err
		}
	}
	first := head + 1
	last := first + len(fm.Funds) - 1
	w.funds0 = first
	switch {
	case byColumn:
		if err := w.putV(cLabel, head, max(last, head), section); err != nil {
			return err
		}
	case len(fm.Funds) > 0:
		if err := w.putV(cLabel, first, last, unit); err != nil {
			return err
		}
	}
	for i, fl := range fm.Funds {
		row := first + i
		label, err := w.lineLabel(fl)
		if err != nil {
			return err
		}
		if err := w.put(cLabel+1, w.fundsCol(0)-1, row, label, kLabel, ""); err != nil {
			return err
		}
		for j, col := range t.Funds.Columns {
			if err := w.fundsValue(w.fundsCol(j), row, col, fl); err != nil {
				return err
			}
		}
		if w.o.hidden && fl.Line == "total" {
			if err := w.hiddenCell(row, 1234567.89); err != nil {
				return err
			}
		}
	}
	w.row = last + 1
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lineLabel is the printed label of a funds line: the truth's, else the
// layout's, else the first label of the template's line.
func (w *sheetWriter) lineLabel(fl fixtures.Funds) (string, error) {
	if fl.Label != "" {
		return fl.Label, nil
	}
	for _, l := range w.t.Funds.Lines {
		if l.Line == fl.Line {
			return w.label("funds.line."+l.Line, firstLabel(l.Labels)), nil
		}
	}
	var names []string
	for _, l := range w.t.Funds.Lines {
		names = append(names, l.Line)
	}
	return "", fmt.Errorf("funds line %q: template %s has %s", fl.Line, w.t.Name, strings.Join(names, ", "))
}

// fundsValue writes one value of a funds line: what the line prints in
// its place, or the value.
func (w *sheetWriter) fundsValue(c, r int, col string, fl fixtures.Funds) error {
	if p, ok := fl.Printed[col]; ok {
		return w.put(c, c, r, text(p), kLabel, "")
	}
	switch col {
	case template.ColInitial:
		return w.amount(c, r, fl.Initial, fl.Line)
	case template.ColBudget:
		return w.amount(c, r, fl.Budget, fl.Line)
	case template.ColExecuted:
		return w.amount(c, r, fl.Executed, fl.Line)
	case template.ColWeight:
		return w.number(c, r, fl.Weight, "")
	case template.ColRate:
		return w.rate(c, r, fl.Rate)
	case template.ColScore:
		return w.number(c, r, fl.Score, "")
	}
	return w.put(c, c, r, nil, kBlank, "")
}

// hiddenCell writes a value into the hidden column, which the printed form does not show.
func (w *sheetWriter) hiddenCell(r int, v any) error {
	name, _ := excelize.CoordinatesToCellName(w.hiddenCol(), r)
	return w.f.SetCellValue(w.sheet, name, v)
}

// places is the number of decimal places a printed number shows.
func places(s string) int {
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// fixedFormat is a number format showing the given places, with or without
// thousands separators.
func fixedFormat(p int, grouped bool) string {
	f := "0"
	if grouped {
		f = "#,##0"
	}
	if p > 0 {
		f += "." + strings.Repeat("0", p)
	}
	return f
}

func parse(s string) (float64, error) {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return 0, fmt.Errorf("number %q: %w", s, err)
	}
	v, _ := d.Float64()
	return v, nil
}

// number writes a weight or score: a number in the general format, or a
// number with format numFmt.
func (w *sheetWriter) number(c, r int, s *string, numFmt string) error {
	if s == nil {
		return w.put(c, c, r, nil, kBlank, "")
	}
	v, err := parse(*s)
	if err != nil {
		return err
	}
	return w.put(c, c, r, v, kNumber, numFmt)
}

// amount writes a funds amount: a number formatted with the places it is
// printed with, or text when the workbook stores amounts as text.
func (w *sheetWriter) amount(c, r int, s *string, line string) error {
	if s == nil || !w.o.textAmounts {
		p := 0
		if s != nil {
			p = places(*s)
		}
		return w.number(c, r, s, fixedFormat(p, true))
	}
	text := *s
	if line == "total" {
		text = grouped(text)
	} else {
		text = width.Widen.String(text)
	}
	return w.put(c, c, r, text, kNumber, "@")
}

// grouped inserts thousands separators into a plain printed number.
func grouped(s string) string {
	whole, frac, point := strings.Cut(s, ".")
	sign := ""
	if strings.HasPrefix(whole, "-") {
		sign, whole = "-", whole[1:]
	}
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	out := sign + b.String()
	if point {
		out += "." + frac
	}
	return out
}

// rate writes an execution rate in percent: as printed; or as a fraction
// with a percent format that shows the same digits; or as a fraction shown
// as one ("0.9868"), with two more places.
func (w *sheetWriter) rate(c, r int, s *string) error {
	if s == nil || !w.o.fractionRates && !w.o.decimalRates {
		p := 0
		if s != nil {
			p = places(*s)
		}
		return w.number(c, r, s, fixedFormat(p, false))
	}
	d, err := decimal.NewFromString(*s)
	if err != nil {
		return fmt.Errorf("rate %q: %w", *s, err)
	}
	v, _ := d.Shift(-2).Float64()
	if w.o.decimalRates {
		return w.put(c, c, r, v, kNumber, fixedFormat(places(*s)+2, false))
	}
	return w.put(c, c, r, v, kNumber, fixedFormat(places(*s), false)+"%")
}

func (w *sheetWriter) goals(fm *fixtures.Form) error {
	r := w.row
	t := w.t
	if t.Layout.GoalsSection {
		if err := w.put(cLabel, w.last(), r, w.label("goals.section", firstLabel(t.Goals.Section)), kLabel, ""); err != nil {
			return err
		}
		r++
	}
	goals := fm.Goals
	if len(goals) == 0 {
		goals = []fixtures.Goal{{}} // the block is printed, empty
	}
	split := w.last() / 2 // expected goals left of it, achieved right
	if err := w.put(cLabel+1, split, r, w.label("goals.expected", firstLabel(t.Goals.Expected)), kLabel, ""); err != nil {
		return err
	}
	if err := w.put(split+1, w.last(), r, w.label("goals.actual", firstLabel(t.Goals.Actual)), kLabel, ""); err != nil {
		return err
	}
	row := r + 1
	for _, g := range goals {
		// A row is at most 409 points high: longer text is merged over several rows.
		h := max(w.textHeight(g.Expected, cLabel+1, split, bodySize), w.textHeight(g.Actual, split+1, w.last(), bodySize))
		n := int(math.Ceil(h / maxHeight))
		if err := w.putRect(cLabel+1, split, row, row+n-1, text(g.Expected), kText, ""); err != nil {
			return err
		}
		if err := w.putRect(split+1, w.last(), row, row+n-1, text(g.Actual), kText, ""); err != nil {
			return err
		}
		row += n
	}
	if err := w.putV(cLabel, r, row-1, w.label("goals.row", firstLabel(t.Goals.Row))); err != nil {
		return err
	}
	w.row = row
	return nil
}

// text is a cell value: nil for an empty string, so the cell stays blank.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// level1Label prints a 一级指标 with its declared weight, "产出指标(50分)".
func level1Label(ind fixtures.Indicator) string {
	if ind.Level1Weight == nil {
		return ind.Level1
	}
	return fmt.Sprintf("%s(%s分)", ind.Level1, *ind.Level1Weight)
}

// targetParts splits a target into the comparator, value and unit that a
// template printing them apart (指标性质, 指标值, 度量单位) shows; a target
// that is not one number is qualitative (定性), its text the value.
func targetParts(target string) (op, value, unit string) {
	rest := target
	for _, c := range []string{"≥", "≤", "=", ">", "<"} {
		if r, ok := strings.CutPrefix(target, c); ok {
			op, rest = c, r
			break
		}
	}
	end := strings.IndexFunc(rest, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if end < 0 {
		end = len(rest)
	}
	number, after := rest[:end], rest[end:]
	if number == "" || strings.ContainsAny(after, "0123456789") {
		if target == "" {
			return "", "", ""
		}
		return "定性", target, ""
	}
	return op, number, after
}

// cellsRight are the indicator columns a row's own values stand in, and
// how each is written.
func (w *sheetWriter) indicatorCells(ind fixtures.Indicator) []struct {
	field string
	v     string
	k     kind
} {
	printed := func(field, v string) string {
		if p, ok := ind.Printed[field]; ok {
			return p
		}
		return v
	}
	target := printed(template.FieldTarget, ind.Target)
	op, value, unit := targetParts(target)
	if w.col(template.FieldOp) < 0 {
		value = target
	}
	return []struct {
		field string
		v     string
		k     kind
	}{
		{template.FieldName, printed(template.FieldName, ind.Name), kText}, {template.FieldOp, op, kLabel},
		{template.FieldTarget, value, kLabel}, {template.FieldUnit, unit, kLabel},
		{template.FieldActual, printed(template.FieldActual, ind.Actual), kLabel},
		{template.FieldNote, printed(template.FieldNote, ind.Note), kText},
	}
}

// indicatorNumber writes an indicator's weight or score: what the row
// prints in its place, or the number.
func (w *sheetWriter) indicatorNumber(c, r int, ind fixtures.Indicator, field string, v *string) error {
	if p, ok := ind.Printed[field]; ok {
		return w.put(c, c, r, text(p), kLabel, "")
	}
	return w.number(c, r, v, "")
}

// span is the columns a field's cells cover: a column of its own, or with
// -no-indicator-weights, the weight column too for the field left of it.
func (w *sheetWriter) span(field string) (int, int) {
	c := w.col(field)
	if wc := w.col(template.FieldWeight); w.o.noWeights && wc == c+1 {
		return c, wc
	}
	return c, c
}

func (w *sheetWriter) indicators(fm *fixtures.Form) error {
	head := w.row
	t := w.t
	for i, l := range t.Indicators.Header {
		c1, c2 := w.span(t.IndicatorFields()[i])
		if t.IndicatorFields()[i] == template.FieldWeight && w.o.noWeights {
			continue
		}
		if err := w.put(c1, c2, head, l, kLabel, ""); err != nil {
			return err
		}
	}
	first := head + 1
	if w.o.hidden {
		if err := w.hiddenCell(head, "上年得分"); err != nil {
			return err
		}
		if err := w.hiddenRow(first); err != nil {
			return err
		}
		first++
	}
	inds := fm.Indicators
	last := first + len(inds) - 1
	rowLabel := w.sectionLabel(w.label("indicators.row_label", firstLabel(t.Indicators.RowLabel)), w.indicatorsWeight())
	if err := w.putV(cLabel, head, max(last, head), rowLabel); err != nil {
		return err
	}
	l1, l2 := w.col(template.FieldLevel1), w.col(template.FieldLevel2)
	// Runs of rows with the same 一级 (and 二级) label share one merged cell.
	for i := 0; i < len(inds); {
		j := i
		for j+1 < len(inds) && level1Label(inds[j+1]) == level1Label(inds[i]) {
			j++
		}
		if err := w.putV(l1, first+i, first+j, level1Label(inds[i])); err != nil {
			return err
		}
		for k := i; k <= j; {
			m := k
			for m+1 <= j && inds[m+1].Level2 == inds[k].Level2 {
				m++
			}
			if err := w.putV(l2, first+k, first+m, inds[k].Level2); err != nil {
				return err
			}
			k = m + 1
		}
		i = j + 1
	}
	for i, ind := range inds {
		r := first + i
		for _, c := range w.indicatorCells(ind) {
			if w.col(c.field) < 0 {
				continue
			}
			c1, c2 := w.span(c.field)
			if err := w.put(c1, c2, r, text(c.v), c.k, ""); err != nil {
				return err
			}
		}
		if ind.Weight != nil && w.o.noWeights {
			return fmt.Errorf("indicator %q has a weight, which -no-indicator-weights does not print", ind.Name)
		}
		if c := w.col(template.FieldWeight); c >= 0 && !w.o.noWeights {
			if err := w.indicatorNumber(c, r, ind, template.FieldWeight, ind.Weight); err != nil {
				return err
			}
		}
		if err := w.indicatorNumber(w.col(template.FieldScore), r, ind, template.FieldScore, ind.Score); err != nil {
			return err
		}
		if w.o.hidden && ind.Score != nil {
			if err := w.hiddenCell(r, 1.5); err != nil {
				return err
			}
		}
	}
	return w.total(fm, max(last, head)+1, first, last)
}

// total writes the total row: its label over the columns left of the
// weight and score, the weight and score, the grade in the note column.
func (w *sheetWriter) total(fm *fixtures.Form, r, first, last int) error {
	wc, sc := w.col(template.FieldWeight), w.col(template.FieldScore)
	if w.o.noWeights {
		if fm.TotalWeight != nil {
			return fmt.Errorf("the total has a weight, which -no-indicator-weights does not print")
		}
		wc = -1
	}
	end := sc
	if wc >= 0 {
		end = min(wc, sc)
	}
	if err := w.put(cLabel, end-1, r, w.label("total", firstLabel(w.t.Total.Labels)), kLabel, ""); err != nil {
		return err
	}
	for c := end; c <= w.last(); c++ {
		var v any
		switch c {
		case wc, sc:
			continue
		case w.col(template.FieldNote):
			v = text(fm.Grade)
		}
		if err := w.put(c, c, r, v, kLabel, ""); err != nil {
			return err
		}
	}
	if wc >= 0 {
		if err := w.totalCell(wc, r, fm.TotalWeight, first, last, fm.Funds, template.ColWeight); err != nil {
			return err
		}
	}
	if err := w.totalCell(sc, r, fm.TotalScore, first, last, fm.Funds, template.ColScore); err != nil {
		return err
	}
	w.row = r + 1
	return nil
}

// hiddenRow writes a hidden indicator row that the printed form does not show.
func (w *sheetWriter) hiddenRow(r int) error {
	c := w.col(template.FieldName)
	for i, v := range []any{"已删除指标", "1个", "0个", 5, 0} {
		if err := w.put(c+i, c+i, r, v, kText, ""); err != nil {
			return err
		}
	}
	return w.f.SetRowVisible(w.sheet, r, false)
}

// totalCell writes the 总分 weight or score: the recorded value, or with
// -formula-totals a SUM of the budget line and the indicator column whose
// cached result is the recorded value, stale or not.
func (w *sheetWriter) totalCell(c, r int, s *string, first, last int, funds []fixtures.Funds, col string) error {
	if err := w.number(c, r, s, ""); err != nil || s == nil || !w.o.formulaTotals {
		return err
	}
	var terms []string
	for i, fl := range funds {
		budget := fl.Weight
		if col == template.ColScore {
			budget = fl.Score
		}
		if fl.Line == "total" && budget != nil {
			terms = append(terms, w.ref(w.fundsColOf(col), w.funds0+i))
		}
	}
	if last >= first {
		terms = append(terms, w.ref(c, first)+":"+w.ref(c, last))
	}
	return w.f.SetCellFormula(w.sheet, w.ref(c, r), "SUM("+strings.Join(terms, ",")+")")
}
