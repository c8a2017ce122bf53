package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/formaudit/formaudit/fixtures"
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
	formulaTotals bool
	hidden        bool
}

// Columns of a form, relative to its origin. The funds block reuses them:
// its line labels stand in cLevel1–cLevel2 and its six values in cName–cNote.
const (
	cLabel  = iota // 项目资金, 年度总体目标, 年度绩效指标
	cLevel1        // 一级指标
	cLevel2        // 二级指标
	cName          // 三级指标; 年初预算数
	cTarget        // 年度指标值; 全年预算数
	cActual        // 实际完成值; 全年执行数
	cWeight        // 分值
	cScore         // 得分; 执行率
	cNote          // 偏差原因分析及改进措施; 得分
	nCols
)

// colWidths are in Excel's character units.
var colWidths = [nCols]float64{10, 12, 12, 22, 14, 14, 8, 9, 18}

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

var fundsLabels = map[string]string{
	"total":     "年度资金总额",
	"fiscal":    "其中：当年财政拨款",
	"carryover": "上年结转资金",
	"other":     "其他资金",
}

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

func newSheetWriter(f *excelize.File, sheet string, col, row int, o options) (*sheetWriter, error) {
	w := &sheetWriter{f: f, sheet: sheet, col0: col, row: row, o: o, styles: map[styleKey]int{}, need: map[int]float64{}}
	for c := cLabel; c < nCols; c++ {
		name, _ := excelize.ColumnNumberToName(w.phys(c))
		if err := f.SetColWidth(sheet, name, name, colWidths[c]); err != nil {
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

// phys maps a form column to its sheet column; the hidden column, when
// present, sits between 实际完成值 and 分值.
func (w *sheetWriter) phys(c int) int {
	if w.o.hidden && c >= cWeight {
		return w.col0 + c + 1
	}
	return w.col0 + c
}

func (w *sheetWriter) hiddenCol() int { return w.col0 + cWeight }

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
		capacity += colWidths[c]
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

// form writes one form from w.row on and leaves w.row below it.
func (w *sheetWriter) form(fm *fixtures.Form) error {
	from := w.row
	steps := []func(*fixtures.Form) error{w.header, w.funds, w.goals, w.indicators}
	for _, step := range steps {
		if err := step(fm); err != nil {
			return err
		}
	}
	return w.finish(from, w.row)
}

func (w *sheetWriter) header(fm *fixtures.Form) error {
	r := w.row
	if err := w.put(cLabel, cNote, r, "项目支出绩效自评表", kTitle, ""); err != nil {
		return err
	}
	w.need[r] = 30
	var year any
	if !fm.YearInferred && fm.Year != 0 {
		year = fm.Year
	}
	cells := []struct {
		c1, c2, r int
		v         any
		k         kind
	}{
		{cLabel, cLabel, r + 1, "项目编码:", kLabel},
		{cLevel1, cLevel2, r + 1, fm.ProjectCode, kText},
		{cName, cName, r + 1, "项目名称:", kLabel},
		{cTarget, cActual, r + 1, fm.ProjectName, kText},
		{cWeight, cScore, r + 1, "绩效自评年度:", kLabel},
		{cNote, cNote, r + 1, year, kNumber},
		{cLabel, cLabel, r + 2, "实施单位:", kLabel},
		{cLevel1, cName, r + 2, fm.ImplementingUnit, kText},
		{cTarget, cTarget, r + 2, "一级预算单位:", kLabel},
		{cActual, cNote, r + 2, fm.BudgetUnit, kText},
	}
	for _, c := range cells {
		numFmt := ""
		if c.k == kNumber {
			numFmt = "0"
		}
		if err := w.put(c.c1, c.c2, c.r, c.v, c.k, numFmt); err != nil {
			return err
		}
	}
	w.row = r + 3
	return nil
}

func (w *sheetWriter) funds(fm *fixtures.Form) error {
	r := w.row
	if err := w.put(cLabel, cNote, r, "资金使用情况", kLabel, ""); err != nil {
		return err
	}
	rateLabel := "执行率(%)"
	if w.o.fractionRates {
		rateLabel = "执行率"
	}
	if err := w.put(cLabel, cLevel2, r+1, nil, kBlank, ""); err != nil {
		return err
	}
	for i, l := range []string{"年初预算数", "全年预算数", "全年执行数", "分值", rateLabel, "得分"} {
		if err := w.put(cName+i, cName+i, r+1, l, kLabel, ""); err != nil {
			return err
		}
	}
	if w.o.hidden {
		if err := w.hiddenCell(r+1, "上年执行数"); err != nil {
			return err
		}
	}
	first := r + 2
	last := first + len(fm.Funds) - 1
	w.funds0 = first
	if len(fm.Funds) > 0 {
		if err := w.putV(cLabel, first, last, "项目资金（"+fm.AmountUnit+"）"); err != nil {
			return err
		}
	}
	for i, fl := range fm.Funds {
		row := first + i
		label, ok := fundsLabels[fl.Line]
		if !ok {
			return fmt.Errorf("funds line %q: want total, fiscal, carryover or other", fl.Line)
		}
		if err := w.put(cLevel1, cLevel2, row, label, kLabel, ""); err != nil {
			return err
		}
		for j, amount := range []*string{fl.Initial, fl.Budget, fl.Executed} {
			if err := w.amount(cName+j, row, amount, fl.Line); err != nil {
				return err
			}
		}
		if err := w.number(cWeight, row, fl.Weight, ""); err != nil {
			return err
		}
		if err := w.rate(cScore, row, fl.Rate); err != nil {
			return err
		}
		if err := w.number(cNote, row, fl.Score, ""); err != nil {
			return err
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

// rate writes an execution rate in percent: as printed, or as a fraction
// with a percent format that shows the same digits.
func (w *sheetWriter) rate(c, r int, s *string) error {
	if s == nil || !w.o.fractionRates {
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
	return w.put(c, c, r, v, kNumber, fixedFormat(places(*s), false)+"%")
}

func (w *sheetWriter) goals(fm *fixtures.Form) error {
	r := w.row
	if err := w.put(cLabel, cNote, r, "项目目标完成情况", kLabel, ""); err != nil {
		return err
	}
	goals := fm.Goals
	if len(goals) == 0 {
		goals = []fixtures.Goal{{}} // the block is printed, empty
	}
	if err := w.put(cLevel1, cTarget, r+1, "预期目标", kLabel, ""); err != nil {
		return err
	}
	if err := w.put(cActual, cNote, r+1, "实际完成情况", kLabel, ""); err != nil {
		return err
	}
	row := r + 2
	for _, g := range goals {
		// A row is at most 409 points high: longer text is merged over several rows.
		h := max(w.textHeight(g.Expected, cLevel1, cTarget, bodySize), w.textHeight(g.Actual, cActual, cNote, bodySize))
		n := int(math.Ceil(h / maxHeight))
		if err := w.putRect(cLevel1, cTarget, row, row+n-1, text(g.Expected), kText, ""); err != nil {
			return err
		}
		if err := w.putRect(cActual, cNote, row, row+n-1, text(g.Actual), kText, ""); err != nil {
			return err
		}
		row += n
	}
	if err := w.putV(cLabel, r+1, row-1, "年度总体目标"); err != nil {
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

func (w *sheetWriter) indicators(fm *fixtures.Form) error {
	head := w.row
	for i, l := range []string{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"} {
		if err := w.put(cLevel1+i, cLevel1+i, head, l, kLabel, ""); err != nil {
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
	if err := w.putV(cLabel, head, max(last, head), "年度绩效指标"); err != nil {
		return err
	}
	// Runs of rows with the same 一级 (and 二级) label share one merged cell.
	for i := 0; i < len(inds); {
		j := i
		for j+1 < len(inds) && level1Label(inds[j+1]) == level1Label(inds[i]) {
			j++
		}
		if err := w.putV(cLevel1, first+i, first+j, level1Label(inds[i])); err != nil {
			return err
		}
		for k := i; k <= j; {
			m := k
			for m+1 <= j && inds[m+1].Level2 == inds[k].Level2 {
				m++
			}
			if err := w.putV(cLevel2, first+k, first+m, inds[k].Level2); err != nil {
				return err
			}
			k = m + 1
		}
		i = j + 1
	}
	for i, ind := range inds {
		r := first + i
		for _, c := range []struct {
			col int
			v   string
			k   kind
		}{{cName, ind.Name, kText}, {cTarget, ind.Target, kLabel}, {cActual, ind.Actual, kLabel}, {cNote, ind.Note, kText}} {
			if err := w.put(c.col, c.col, r, text(c.v), c.k, ""); err != nil {
				return err
			}
		}
		if err := w.number(cWeight, r, ind.Weight, ""); err != nil {
			return err
		}
		if err := w.number(cScore, r, ind.Score, ""); err != nil {
			return err
		}
		if w.o.hidden && ind.Score != nil {
			if err := w.hiddenCell(r, 1.5); err != nil {
				return err
			}
		}
	}
	total := max(last, head) + 1
	if err := w.put(cLabel, cActual, total, "总分", kLabel, ""); err != nil {
		return err
	}
	if err := w.put(cNote, cNote, total, nil, kBlank, ""); err != nil {
		return err
	}
	if err := w.totalCell(cWeight, total, fm.TotalWeight, first, last, fm.Funds, func(f fixtures.Funds) *string { return f.Weight }); err != nil {
		return err
	}
	if err := w.totalCell(cScore, total, fm.TotalScore, first, last, fm.Funds, func(f fixtures.Funds) *string { return f.Score }); err != nil {
		return err
	}
	w.row = total + 1
	return nil
}

// hiddenRow writes a hidden indicator row that the printed form does not show.
func (w *sheetWriter) hiddenRow(r int) error {
	for i, v := range []any{"已删除指标", "1个", "0个", 5, 0} {
		if err := w.put(cName+i, cName+i, r, v, kText, ""); err != nil {
			return err
		}
	}
	return w.f.SetRowVisible(w.sheet, r, false)
}

// totalCell writes the 总分 weight or score: the recorded value, or with
// -formula-totals a SUM of the budget line and the indicator column whose
// cached result is the recorded value, stale or not.
func (w *sheetWriter) totalCell(c, r int, s *string, first, last int, funds []fixtures.Funds, budget func(fixtures.Funds) *string) error {
	if err := w.number(c, r, s, ""); err != nil || s == nil || !w.o.formulaTotals {
		return err
	}
	var terms []string
	for i, fl := range funds {
		if fl.Line == "total" && budget(fl) != nil {
			col := cWeight
			if c == cScore {
				col = cNote // the budget score stands in the funds block's last column
			}
			terms = append(terms, w.ref(col, w.funds0+i))
		}
	}
	if last >= first {
		terms = append(terms, w.ref(c, first)+":"+w.ref(c, last))
	}
	return w.f.SetCellFormula(w.sheet, w.ref(c, r), "SUM("+strings.Join(terms, ",")+")")
}
