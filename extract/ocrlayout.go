package extract

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/formaudit/formaudit/template"
)

// OCRDoubt is a cell holding a word the OCR engine read with low
// confidence, or that two readings of the page read differently.
type OCRDoubt struct {
	Line  int     // the row of the cell
	Cell  string  // the cell's text
	Word  string  // the doubtful word
	Conf  float64 // the engine's confidence in it, 0–100; -1 when it did not say
	Other string  // what the other reading gave, if that is what puts it in doubt
}

// ocrBlock is the part of a form the layout is in.
type ocrBlock int

const (
	ocrOutside ocrBlock = iota
	ocrHeader
	ocrFunds
	ocrGoals
	ocrIndicators
)

// ocrLayout rebuilds the rows of OCR'd pages.
type ocrLayout struct {
	t      *template.Template
	rows   []Row
	doubts []OCRDoubt
	notes  []RawNote // repairs of labels, for the forms they fall in

	block ocrBlock
	em    float64
	// The table being read: its header spans, its lines so far, and the
	// columns learnt from it, kept across a page break.
	spans []ocrSpan
	lines []ocrLine
	cols  *ocrColumns
	// Header rows wait for the lines their values wrap onto.
	header []ocrHeaderRow
	// Where the numbers of the tables stand, for a second reading.
	frames map[int]ocrFrame
	strips []OCRStrip
}

// ocrHeaderRow is a line of header labels and the values after them.
type ocrHeaderRow struct {
	page   int
	labels []string
	values [][]ocrWord
	from   []float64 // where each value starts
	to     []float64 // where the next label starts
	shaped []shaped  // values read by their shape where OCR garbled their labels
}

// ocrLayoutPages turns OCR'd pages into rows in reading order, and lists
// the cells holding words read with low confidence, the labels it repaired
// and where the numeric columns of the tables stand.
func ocrLayoutPages(pages []OCRPage, t *template.Template) *ocrLayout {
	l := &ocrLayout{t: t, frames: map[int]ocrFrame{}}
	for _, p := range pages {
		pl := ocrPrepare(p)
		l.em = pl.em
		l.frames[p.Number] = pl.frame
		for _, line := range pl.lines {
			l.line(line)
		}
		// A table goes on over the page break; the header waits for nothing.
		l.flushHeader()
	}
	l.endBlock()
	return l
}

// Bounds on what the layout reads as one line or one table: a form's
// lines and tables are far smaller, and the work grows with their square.
const (
	ocrMaxLineChars  = 400
	ocrMaxTableWords = 10000
)

// line reads one line according to what it holds and where the layout is.
func (l *ocrLayout) line(line ocrLine) {
	chars := ocrChars(line.words)
	if len(chars) > ocrMaxLineChars {
		chars = nil // no label is looked for in a line no form prints
	}
	t := l.t
	switch {
	case l.isTitle(chars):
		l.endBlock()
		l.emit(line.page, false, []Cell{{Text: t.Title}}, nil)
		l.block = ocrHeader
		return
	case l.headerLine(line, chars):
		return
	}
	labels := labelsOf(t)
	if ocrFound(ocrFindInOrder(chars, labels.funds, false)) >= 3 {
		l.endBlock()
		l.block, l.spans, l.lines = ocrFunds, ocrFindInOrder(chars, labels.funds, true), []ocrLine{line}
		return
	}
	if ocrFound(ocrFindInOrder(chars, labels.indicators, false)) >= 4 {
		l.endBlock()
		l.block, l.spans, l.lines = ocrIndicators, ocrFindInOrder(chars, labels.indicators, true), []ocrLine{line}
		return
	}
	if spans := ocrFindInOrder(chars, [][]string{t.Goals.Expected, t.Goals.Actual}, false); ocrFound(spans) == 2 {
		l.endBlock()
		l.block, l.spans, l.lines = ocrGoals, spans, []ocrLine{line}
		return
	}
	for _, section := range [][]string{{"资金使用情况"}, t.Goals.Section} {
		if s := ocrFindInOrder(chars, [][]string{section}, false); ocrFound(s) == 1 && len(chars) <= len([]rune(section[0]))+2 {
			l.endBlock()
			l.emit(line.page, false, []Cell{{Text: section[0]}}, nil)
			return
		}
	}
	if l.block == ocrIndicators && l.isTotal(line, chars) {
		l.lines = append(l.lines, line)
		l.endBlock()
		return
	}
	switch l.block {
	case ocrFunds, ocrGoals, ocrIndicators:
		l.lines = append(l.lines, line)
	case ocrHeader:
		if !l.continueHeader(line) {
			l.emitLine(line)
		}
	default:
		l.emitLine(line)
	}
}

// isTitle recognises the form's title, also damaged: a short line that
// holds it within the tolerance of its length.
func (l *ocrLayout) isTitle(chars []ocrChar) bool {
	title := []rune(template.Key(l.t.Title))
	if len(chars) == 0 || len(chars) > len(title)+3 {
		return false
	}
	return len(ocrFind(chars, l.t.Title, false)) > 0
}

// isTotal recognises the 总分 row: its label, short as it is, must be read
// exactly, at the start of the line.
func (l *ocrLayout) isTotal(line ocrLine, chars []ocrChar) bool {
	for _, lab := range l.t.Total.Labels {
		if sp := ocrFind(chars, lab, false); len(sp) > 0 && sp[0].from <= 1 {
			return true
		}
	}
	return false
}

// headerLine reads a line of header labels (项目编码, 项目名称 …) and the
// values after them. It reports false for a line without such labels.
func (l *ocrLayout) headerLine(line ocrLine, chars []ocrChar) bool {
	h := l.t.Header
	type hit struct {
		label string
		span  ocrSpan
	}
	var hits []hit
	for _, aliases := range [][]string{h.ProjectCode, h.ProjectName, h.Year, h.ImplementingUnit, h.BudgetUnit} {
		best := ocrSpan{from: -1}
		label := ""
		for _, a := range aliases {
			for _, sp := range ocrFind(chars, a, false) {
				// A longer alias wins: 一级预算单位 over 预算单位.
				if best.from < 0 || sp.dist < best.dist || sp.dist == best.dist && sp.to-sp.from > best.to-best.from {
					best, label = sp, a
				}
			}
		}
		if best.from >= 0 {
			hits = append(hits, hit{label, best})
		}
	}
	// Drop hits inside a longer hit (预算单位 inside 一级预算单位).
	var kept []hit
	for i, a := range hits {
		inside := false
		for j, b := range hits {
			if i != j && a.span.from >= b.span.from && a.span.to <= b.span.to && (b.span.to-b.span.from > a.span.to-a.span.from || j < i) {
				inside = true
			}
		}
		if !inside {
			kept = append(kept, a)
		}
	}
	// Inside the indicator table a header label is more likely a word of
	// an indicator: only a line of two starts the next form's header.
	if len(kept) == 0 || l.block == ocrIndicators && len(kept) < 2 {
		return false
	}
	for i := 1; i < len(kept); i++ {
		for j := i; j > 0 && kept[j].span.x0 < kept[j-1].span.x0; j-- {
			kept[j], kept[j-1] = kept[j-1], kept[j]
		}
	}
	if l.block != ocrHeader {
		l.endBlock()
		l.block = ocrHeader
	}
	hr := ocrHeaderRow{page: line.page}
	codeRead := false
	for _, k := range kept {
		codeRead = codeRead || slices.Contains(h.ProjectCode, k.label)
	}
	if !codeRead {
		if c, ok := readCodeShape(line.words, kept[0].span.x0); ok {
			var code string
			for _, w := range c.digits {
				code += w.text
			}
			hr.shaped = append(hr.shaped, shaped{h.ProjectCode[0], c.printed, code,
				fmt.Sprintf("the %d-digit number before %s", len(code), kept[0].label)})
			hr.labels = append(hr.labels, h.ProjectCode[0])
			hr.values = append(hr.values, c.digits)
			hr.from = append(hr.from, c.digits[0].x0)
			hr.to = append(hr.to, kept[0].span.x0)
		}
	}
	for i, k := range kept {
		to := math.Inf(1)
		if i+1 < len(kept) {
			to = kept[i+1].span.x0
		}
		var vals []ocrWord
		for _, w := range line.words {
			mid := (w.x0 + w.x1) / 2
			if mid > k.span.x1 && mid < to {
				// A word can hold the end of the label and the value ("码:4403…").
				if w.x0 < k.span.x1 {
					rs := []rune(w.text)
					cut := int(math.Round((k.span.x1 - w.x0) / (w.x1 - w.x0) * float64(len(rs))))
					if cut >= len(rs) {
						continue
					}
					text, _, _ := ocrTrim(string(rs[cut:]))
					w = ocrWord{text: text, x0: k.span.x1, x1: w.x1, y: w.y, conf: w.conf, other: w.other}
					if text == "" {
						continue
					}
				}
				vals = append(vals, w)
			}
		}
		hr.labels = append(hr.labels, k.label)
		hr.values = append(hr.values, vals)
		hr.from = append(hr.from, k.span.x1)
		hr.to = append(hr.to, to)
	}
	if i := slices.Index(hr.labels, h.ProjectCode[0]); i >= 0 && !slices.ContainsFunc(kept, func(k hit) bool { return slices.Contains(h.ProjectName, k.label) }) {
		if code, name, printed, ok := splitNameShape(hr.values[i]); ok {
			hr.shaped = append(hr.shaped, shaped{h.ProjectName[0], printed, ocrJoin(name), "the text after the project code"})
			hr.values[i] = code
			hr.labels = slices.Insert(hr.labels, i+1, h.ProjectName[0])
			hr.values = slices.Insert(hr.values, i+1, name)
			hr.from = slices.Insert(hr.from, i+1, name[0].x0)
			hr.to = slices.Insert(hr.to, i+1, hr.to[i])
			hr.to[i] = name[0].x0
		}
	}
	if !slices.ContainsFunc(kept, func(k hit) bool { return slices.Contains(h.Year, k.label) }) {
		last := len(hr.values) - 1
		if value, year, printed, ok := splitYearShape(hr.values[last]); ok {
			hr.shaped = append(hr.shaped, shaped{h.Year[0], printed, year.text, "the year ending the line after " + hr.labels[last]})
			hr.values[last] = value
			hr.labels = append(hr.labels, h.Year[0])
			hr.values = append(hr.values, []ocrWord{year})
			hr.from = append(hr.from, year.x0)
			hr.to = append(hr.to, hr.to[last])
			hr.to[last] = year.x0
		}
	}
	l.header = append(l.header, hr)
	return true
}

// continueHeader adds a line to the header value it wraps from: a line
// without labels whose words all stand under one value of the last header row.
func (l *ocrLayout) continueHeader(line ocrLine) bool {
	if len(l.header) == 0 {
		return false
	}
	hr := &l.header[len(l.header)-1]
	if hr.page != line.page {
		return false
	}
	for i := range hr.labels {
		inside := true
		for _, w := range line.words {
			inside = inside && w.x0 >= hr.from[i]-l.em && w.x1 <= hr.to[i]
		}
		if inside && len(hr.values[i]) > 0 {
			hr.values[i] = append(hr.values[i], line.words...)
			return true
		}
	}
	return false
}

// flushHeader emits the header rows waiting for wrapped values.
func (l *ocrLayout) flushHeader() {
	for _, hr := range l.header {
		var cells []Cell
		var words [][]ocrWord
		for i, lab := range hr.labels {
			cells = append(cells, Cell{Text: lab + "："})
			words = append(words, nil)
			if v := ocrJoin(hr.values[i]); v != "" {
				cells = append(cells, Cell{Text: v})
				words = append(words, hr.values[i])
			}
		}
		l.emit(hr.page, false, cells, words)
		line := len(l.rows)
		for _, sh := range hr.shaped {
			l.notes = append(l.notes, RawNote{Code: "header.label_inferred", Field: sh.label, Printed: sh.printed, Used: sh.used, Line: line,
				Message: fmt.Sprintf("the %s label on line %d is unreadable (OCR read %q); %s was read as its value, %s", sh.label, line, sh.printed, sh.where, sh.used)})
		}
	}
	l.header = nil
}

// emitLine emits a line of no table as cells split at wide gaps.
func (l *ocrLayout) emitLine(line ocrLine) {
	l.flushHeader()
	var cells []Cell
	var words [][]ocrWord
	var cur []ocrWord
	flush := func() {
		if len(cur) > 0 {
			cells = append(cells, Cell{Text: ocrJoin(cur)})
			words = append(words, cur)
		}
		cur = nil
	}
	for _, w := range line.words {
		if n := len(cur); n > 0 && w.x0-cur[n-1].x1 > 1.5*l.em {
			flush()
		}
		cur = append(cur, w)
	}
	flush()
	l.emit(line.page, false, cells, words)
}

// emit appends a row printed on page. Cells of a grid carry their column
// in X; other rows are numbered left to right. words are the words of each
// cell, to list the doubtful ones.
func (l *ocrLayout) emit(page int, grid bool, cells []Cell, words [][]ocrWord) {
	if len(cells) == 0 {
		return
	}
	line := len(l.rows) + 1
	r := Row{Line: line, Page: page, Grid: grid}
	if n := len(l.rows); n > 0 && l.rows[n-1].Page != page {
		r.Break = true
	}
	for i, c := range cells {
		c.Line = line
		if !grid {
			c.X = i
		}
		r.Cells = append(r.Cells, c)
		if i < len(words) {
			for _, w := range words[i] {
				if w.conf >= 0 && w.conf < LowConfidence || w.other != "" {
					l.doubts = append(l.doubts, OCRDoubt{Line: line, Cell: c.Text, Word: w.text, Conf: w.conf, Other: w.other})
				}
			}
		}
	}
	l.rows = append(l.rows, r)
}

// endBlock emits the table being read, if any.
func (l *ocrLayout) endBlock() {
	l.flushHeader()
	lines := l.lines
	block := l.block
	l.block, l.lines = ocrOutside, nil
	if len(lines) == 0 {
		return
	}
	var words []ocrWord
	for _, ln := range lines {
		words = append(words, ln.words...)
	}
	if len(words) > ocrMaxTableWords {
		block = ocrOutside
	}
	switch block {
	case ocrFunds:
		numeric := make([]bool, len(l.spans))
		for j := range numeric {
			numeric[j] = true
		}
		if cols, ok := ocrLearnColumns(l.spans, words, numeric, l.em); ok {
			l.noteStrips(lines[1:], cols, numeric)
			l.fundsRows(lines, cols)
			return
		}
	case ocrIndicators:
		numeric := make([]bool, len(l.spans))
		numeric[colWeight], numeric[colScore] = true, true
		cols, ok := ocrLearnColumns(l.spans, words, numeric, l.em)
		if !ok && l.cols != nil {
			cols, ok = *l.cols, true
		}
		if ok {
			l.cols = &cols
			body := lines
			if l.isIndicatorHeader(lines[0]) {
				body = lines[1:]
			}
			l.noteStrips(body, cols, numeric)
			l.indicatorRows(lines, cols)
			return
		}
	case ocrGoals:
		l.goalsRow(lines)
		return
	}
	for _, ln := range lines {
		l.emitLine(ln)
	}
}

// fundsRows emits the funds table: the header with the template's labels,
// then each line with its label and its values in their columns. The unit
// label (项目资金（元）), a merged cell wrapped over the lines, is gathered
// and emitted with the first line.
func (l *ocrLayout) fundsRows(lines []ocrLine, cols ocrColumns) {
	t := l.t
	var hdr []Cell
	for j, c := range t.Funds.Columns {
		hdr = append(hdr, Cell{Text: t.Funds.ColumnLabels[c][0], X: pdfFundsBase + j})
	}
	l.emit(lines[0].page, true, hdr, nil)
	var unit []ocrWord
	type fundsRow struct {
		page  int
		cells []Cell
		words [][]ocrWord
	}
	var rows []fundsRow
	for _, ln := range lines[1:] {
		pieces, pcols := cols.split(ln.words)
		var labelWords []ocrWord
		values := map[int][]ocrWord{}
		for k, p := range pieces {
			if pcols[k] < 0 {
				labelWords = append(labelWords, p)
			} else {
				values[pcols[k]] = append(values[pcols[k]], p)
			}
		}
		// The line's label is the funds label found among the label words;
		// what stands left of it is part of the unit label.
		chars := ocrChars(labelWords)
		label, at := "", math.Inf(1)
		for _, fl := range t.Funds.Lines {
			for _, a := range fl.Labels {
				for _, sp := range ocrFind(chars, a, false) {
					if label == "" || len([]rune(a)) > len([]rune(label)) {
						label, at = a, sp.x0
					}
				}
			}
		}
		for _, w := range labelWords {
			if (w.x0+w.x1)/2 < at-l.em/2 || label == "" && len(values) == 0 {
				unit = append(unit, w)
			}
		}
		if label == "" && len(values) == 0 {
			continue
		}
		r := fundsRow{page: ln.page}
		if label != "" {
			r.cells = append(r.cells, Cell{Text: label, X: 1})
			r.words = append(r.words, nil)
		}
		for j := range t.Funds.Columns {
			if ws := values[j]; len(ws) > 0 {
				r.cells = append(r.cells, Cell{Text: ocrJoin(ws), X: pdfFundsBase + j})
				r.words = append(r.words, ws)
			}
		}
		rows = append(rows, r)
	}
	for i, r := range rows {
		cells, words := r.cells, r.words
		if i == 0 && len(unit) > 0 {
			cells = append([]Cell{{Text: ocrJoin(unit)}}, cells...)
			words = append([][]ocrWord{unit}, words...)
		}
		l.emit(r.page, true, cells, words)
	}
}

// goalsRow emits the goals table as one row: the row label, the expected
// goal and the achieved goal, split where the columns of the header are.
func (l *ocrLayout) goalsRow(lines []ocrLine) {
	var words []ocrWord
	for _, ln := range lines[1:] {
		words = append(words, ln.words...)
	}
	exp, act := l.spans[0], l.spans[1]
	mid := ocrRiver(words, exp.x1, act.x0)
	// The expected goal starts right of the row label's column.
	left := ocrRiver(words, exp.x0-3*(exp.x1-exp.x0), exp.x0)
	var expected, actual []ocrWord
	for _, ln := range lines[1:] {
		for _, w := range ln.words {
			switch x := (w.x0 + w.x1) / 2; {
			case x < left:
			case x < mid:
				expected = append(expected, w)
			default:
				actual = append(actual, w)
			}
		}
	}
	page := lines[0].page
	l.emit(page, false, []Cell{{Text: l.t.Goals.Expected[0]}, {Text: l.t.Goals.Actual[0]}}, nil)
	cells := []Cell{{Text: l.t.Goals.Row[0]}}
	cw := [][]ocrWord{nil}
	for _, ws := range [][]ocrWord{expected, actual} {
		if len(ws) > 0 {
			cells = append(cells, Cell{Text: ocrJoin(ws)})
			cw = append(cw, ws)
		}
	}
	if len(lines) > 1 {
		page = lines[1].page
	}
	l.emit(page, false, cells, cw)
}

// indicatorRows emits the indicator table: the header with the template's
// labels, each row with its cells in their columns, and the 总分 row.
func (l *ocrLayout) indicatorRows(lines []ocrLine, cols ocrColumns) {
	t := l.t
	var hdr []Cell
	for j, h := range t.Indicators.Header {
		hdr = append(hdr, Cell{Text: h, X: pdfIndicatorBase + j})
	}
	body := lines
	if len(lines) > 0 && l.isIndicatorHeader(lines[0]) {
		l.emit(lines[0].page, true, hdr, nil)
		body = lines[1:]
	}
	// Lines under the header holding only the ends of its wrapped labels
	// ("施" of 偏差原因分析及改进措施) are part of it.
	for len(body) > 0 && l.headerRest(body[0]) {
		body = body[1:]
	}
	var total *ocrLine
	if n := len(body); n > 0 && l.isTotal(body[n-1], ocrChars(body[n-1].words)) {
		total = &body[n-1]
		body = body[:n-1]
	}
	for _, cells := range ocrIndicatorRows(body, cols, l.em, colWeight, colScore, 2, l.labelContinues) {
		var out []Cell
		var words [][]ocrWord
		page := cells[0].page
		for _, c := range cells {
			text := c.text()
			switch c.col {
			case 0:
				text = l.level1Label(text, len(l.rows)+1)
			case 1:
				text = ocrNearest(text, l.t.Level2Names())
			}
			out = append(out, Cell{Text: text, X: pdfIndicatorBase + c.col})
			words = append(words, c.words)
			page = min(page, c.page)
		}
		l.emit(page, true, out, words)
	}
	if total != nil {
		pieces, pcols := cols.split(total.words)
		out := []Cell{{Text: t.Total.Labels[0], X: 0}}
		words := [][]ocrWord{nil}
		for _, j := range []int{colWeight, colScore} {
			var ws []ocrWord
			for k, p := range pieces {
				if pcols[k] == j {
					ws = append(ws, p)
				}
			}
			if len(ws) > 0 {
				out = append(out, Cell{Text: ocrJoin(ws), X: pdfIndicatorBase + j})
				words = append(words, ws)
			}
		}
		l.emit(total.page, true, out, words)
	}
}

// isIndicatorHeader reports whether a line is the header of the indicator
// table.
func (l *ocrLayout) isIndicatorHeader(line ocrLine) bool {
	return ocrFound(ocrFindInOrder(ocrChars(line.words), labelsOf(l.t).indicators, false)) >= 4
}

// noteStrips notes where the numbers of a table's lines stand, column by
// numeric column and page by page, for a second reading of the page images.
func (l *ocrLayout) noteStrips(lines []ocrLine, cols ocrColumns, numeric []bool) {
	type extent struct{ lo, hi, right float64 }
	pages := map[int]*extent{}
	var order []int
	for _, ln := range lines {
		e := pages[ln.page]
		if e == nil {
			e = &extent{lo: ln.y, hi: ln.y, right: math.Inf(-1)}
			pages[ln.page] = e
			order = append(order, ln.page)
		}
		e.lo, e.hi = math.Min(e.lo, ln.y), math.Max(e.hi, ln.y)
		for _, w := range ln.words {
			e.right = math.Max(e.right, w.x1)
		}
	}
	for _, page := range order {
		e := pages[page]
		for j, num := range numeric {
			if !num || j+1 >= len(cols.bounds) {
				continue
			}
			x0, x1 := cols.bounds[j], cols.bounds[j+1]
			if math.IsInf(x1, 1) {
				x1 = e.right + l.em
			}
			if x1-x0 < l.em {
				continue
			}
			l.strips = append(l.strips, OCRStrip{Page: page, X0: x0, X1: x1, Y0: e.lo - l.em, Y1: e.hi + l.em, em: l.em, frame: l.frames[page]})
		}
	}
}

// labelContinues reports whether label text b, on the line under a, goes on
// with it: a opens a bracket it does not close ("满意度指标(10" then "分)"),
// or neither is a label of its own and b is short enough to be the end of
// one ("服务对象满" then "意度指标").
func (l *ocrLayout) labelContinues(a, b string) bool {
	if strings.Count(a, "(")+strings.Count(a, "（") > strings.Count(a, ")")+strings.Count(a, "）") {
		return true
	}
	labels := append(append(l.t.Level1Names(), l.t.Level2Names()...), l.t.Indicators.RowLabel...)
	for _, s := range []string{a, b} {
		if _, ok := template.Closest(weightShape.ReplaceAllString(s, ""), labels); ok {
			return false
		}
	}
	return len([]rune(template.Key(b))) <= 4
}

// ocrDeclared is a 一级指标 label with its declared weight as OCR prints it:
// the brackets or the 分 may be lost or misread ("产出指标(50分", "产出指标50人").
var ocrDeclared = regexp.MustCompile(`^(.*?)[(（]?\s*(\d{1,3}(?:\.\d{1,2})?)\s*[分仿份价人]?\s*[)）]?$`)

// level1Label repairs a 一级指标 label whose declared weight OCR damaged,
// so that it reads "产出指标(50分)"; the repair is noted for the form on
// line. A label that is not a 一级指标 with a weight is left as read.
func (l *ocrLayout) level1Label(text string, line int) string {
	if weightShape.MatchString(text) {
		return text
	}
	m := ocrDeclared.FindStringSubmatch(text)
	if m == nil {
		return ocrNearest(text, l.t.Level1Names())
	}
	name := ocrNearest(m[1], l.t.Level1Names())
	if !contains(l.t.Level1Names(), name) {
		return text
	}
	fixed := name + "(" + m[2] + "分)"
	l.notes = append(l.notes, RawNote{Code: "ocr.repaired", Field: name + " 分值", Printed: text, Used: m[2], Line: line,
		Message: fmt.Sprintf("the 一级指标 label on line %d was read by OCR as %q and read as %s: a declared weight of %s", line, text, fixed, m[2]),
		Place:   Place{Section: name, Column: template.FieldWeight}})
	return fixed
}

// ocrNearest reads a label of a column that holds only the template's
// labels of one kind: the one label text is nearest to, if it is nearer
// than every other and no more than half of it is damaged ("消音度指标" is
// 满意度指标). Otherwise text is returned as read.
func ocrNearest(text string, labels []string) string {
	key := []rune(template.Key(text))
	if len(key) == 0 {
		return text
	}
	best, bestDist, ties := "", -1, 0
	for _, l := range labels {
		d := levenshtein.ComputeDistance(string(key), template.Key(l))
		switch {
		case bestDist < 0 || d < bestDist:
			best, bestDist, ties = l, d, 1
		case d == bestDist:
			ties++
		}
	}
	if ties == 1 && 2*bestDist <= len([]rune(template.Key(best))) {
		return best
	}
	return text
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// headerRest reports a line holding only pieces of the indicator header's labels.
func (l *ocrLayout) headerRest(line ocrLine) bool {
	for _, w := range line.words {
		if !pdfLabelPiece(w.text, l.t.Indicators.Header) {
			return false
		}
	}
	return len(line.words) > 0
}
