package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/formaudit/formaudit/score"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Fills of the severities: a strong one for the severity cell, a light one
// for the rest of the row.
var (
	fillStrong = map[string]string{string(score.Error): "#F4B6B0", string(score.Warning): "#FFE08A"}
	fillLight  = map[string]string{string(score.Error): "#FDE4E1", string(score.Warning): "#FFF6D6"}
)

// Number formats built into Excel.
const (
	numFmtTwoPlaces = 2 // 0.00
	numFmtMoney     = 4 // #,##0.00
)

// sheetNames are the workbook's sheets in lang: summary, findings, forms.
func sheetNames(l Lang) [3]string {
	if l == Chinese {
		return [3]string{"概要", "问题", "表单"}
	}
	return [3]string{"Summary", "Findings", "Forms"}
}

// xlsxWriter fills a workbook, keeping the first error so that the many
// cell calls need no check each.
type xlsxWriter struct {
	f      *excelize.File
	err    error
	styles map[string]int
}

func (x *xlsxWriter) style(key string, s *excelize.Style) int {
	if id, ok := x.styles[key]; ok {
		return id
	}
	id, err := x.f.NewStyle(s)
	x.keep(err)
	x.styles[key] = id
	return id
}

func (x *xlsxWriter) keep(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

func (x *xlsxWriter) row(sheet string, r int, values ...any) {
	x.keep(x.f.SetSheetRow(sheet, cellName(1, r), &values))
}

func (x *xlsxWriter) styleRange(sheet string, c1, r1, c2, r2, style int) {
	x.keep(x.f.SetCellStyle(sheet, cellName(c1, r1), cellName(c2, r2), style))
}

func (x *xlsxWriter) bold() int {
	return x.style("bold", &excelize.Style{Font: &excelize.Font{Bold: true}})
}

func (x *xlsxWriter) header() int {
	return x.style("header", &excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#D9E1F2"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
}

func (x *xlsxWriter) fill(color string, numFmt int) int {
	key := color + "/" + strconv.Itoa(numFmt)
	s := &excelize.Style{NumFmt: numFmt}
	if color != "" {
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	return x.style(key, s)
}

// table writes a header row at row r with a frozen pane under it and an
// autofilter over the header and rows data rows.
func (x *xlsxWriter) table(sheet string, header []any, rows int) {
	x.row(sheet, 1, header...)
	x.styleRange(sheet, 1, 1, len(header), 1, x.header())
	x.keep(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}))
	x.keep(x.f.AutoFilter(sheet, cellName(1, 1)+":"+cellName(len(header), max(rows+1, 2)), nil))
}

func (x *xlsxWriter) widths(sheet string, widths ...float64) {
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.keep(x.f.SetColWidth(sheet, col, col, w))
	}
}

// cellName is the A1 name of column c, row r (both 1-based).
func cellName(c, r int) string {
	name, _ := excelize.CoordinatesToCellName(c, r)
	return name
}

// writeAuditXLSX writes the workbook: a summary sheet, a findings sheet and
// a forms sheet, numbers as numbers.
func writeAuditXLSX(w io.Writer, a *Audit) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, styles: map[string]int{}}
	names := sheetNames(a.Lang)
	x.keep(f.SetSheetName("Sheet1", names[0]))
	for _, n := range names[1:] {
		_, err := f.NewSheet(n)
		x.keep(err)
	}
	x.summarySheet(names[0], a)
	x.findingsSheet(names[1], a)
	x.formsSheet(names[2], a)
	f.SetActiveSheet(0)
	if x.err != nil {
		return fmt.Errorf("xlsx: %w", x.err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func (x *xlsxWriter) summarySheet(sheet string, a *Audit) {
	l, s := a.Lang, a.Summary
	x.widths(sheet, 44, 12, 12, 12, 18, 18, 18)
	x.row(sheet, 1, l.word("title"))
	x.styleRange(sheet, 1, 1, 1, 1, x.style("title", &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}))
	x.row(sheet, 2, l.run(s))
	r := 3
	if f := a.Filter.describe(l); f != "" {
		x.row(sheet, r, l.wordf("filtered", f))
		r++
	}

	r++
	x.row(sheet, r, l.word("by_severity"))
	x.styleRange(sheet, 1, r, 1, r, x.bold())
	x.row(sheet, r+1, l.word("severity"), l.word("count"))
	x.styleRange(sheet, 1, r+1, 2, r+1, x.header())
	for i, sev := range []score.Severity{score.Error, score.Warning} {
		x.row(sheet, r+2+i, l.severity(string(sev)), a.Count(sev))
		x.styleRange(sheet, 1, r+2+i, 1, r+2+i, x.fill(fillStrong[string(sev)], 0))
	}
	r += 5

	x.row(sheet, r, l.word("by_rule"))
	x.styleRange(sheet, 1, r, 1, r, x.bold())
	x.row(sheet, r+1, l.word("rule"), l.word("severity"), l.word("count"), l.word("formula"))
	x.styleRange(sheet, 1, r+1, 4, r+1, x.header())
	r += 2
	for _, rc := range s.ByRule {
		x.row(sheet, r, rc.Rule, l.severity(rc.Severity), rc.Count, rc.Formula)
		x.styleRange(sheet, 2, r, 2, r, x.fill(fillStrong[rc.Severity], 0))
		r++
	}

	r++
	x.row(sheet, r, l.word("unit_totals"))
	x.styleRange(sheet, 1, r, 1, r, x.bold())
	x.row(sheet, r+1, l.word("unit"), l.word("form_count"), l.word("errors"), l.word("warnings"),
		l.word("budget_yuan"), l.word("executed_yuan"), l.word("rate"))
	x.styleRange(sheet, 1, r+1, 7, r+1, x.header())
	r += 2
	for _, u := range s.ByUnit {
		unit := u.Unit
		if unit == "" {
			unit = l.word("none")
		}
		x.row(sheet, r, unit, u.Forms, u.Errors, u.Warnings, money(&u.Budget), money(&u.Executed), excelNumber(u.Rate, 2))
		x.styleRange(sheet, 5, r, 6, r, x.fill("", numFmtMoney))
		x.styleRange(sheet, 7, r, 7, r, x.fill("", numFmtTwoPlaces))
		r++
	}
}

func (x *xlsxWriter) findingsSheet(sheet string, a *Audit) {
	l := a.Lang
	header := []any{l.word("file"), l.word("id"), l.word("form"), l.word("project_code"), l.word("project"),
		l.word("unit"), l.word("year"), l.word("location"), l.word("line"), l.word("rule"), l.word("severity"),
		l.word("field"), l.word("recorded"), l.word("computed"), l.word("tolerance"), l.word("message")}
	x.widths(sheet, 28, 8, 6, 24, 30, 30, 7, 24, 7, 26, 10, 24, 24, 24, 20, 80)
	r := 2
	for _, f := range a.Forms() {
		for _, fd := range f.Findings {
			x.row(sheet, r, f.Path, f.ID, f.Seq, f.ProjectCode, f.ProjectName, f.ImplementingUnit, blankZero(f.Year),
				fd.Location.Place(l), blankZero(fd.Line), fd.Rule, l.severity(fd.Severity), fd.Field,
				fd.Recorded, fd.Computed, fd.Tolerance, fd.Text)
			x.styleRange(sheet, 1, r, len(header), r, x.fill(fillLight[fd.Severity], 0))
			x.styleRange(sheet, 11, r, 11, r, x.fill(fillStrong[fd.Severity], 0))
			r++
		}
	}
	x.table(sheet, header, r-2)
}

func (x *xlsxWriter) formsSheet(sheet string, a *Audit) {
	l := a.Lang
	header := []any{l.word("id"), l.word("file"), l.word("form"), l.word("project_code"), l.word("project"),
		l.word("unit"), l.word("year"), l.word("recorded_total"), l.word("computed_total"), l.word("difference"),
		l.word("rate"), l.word("budget_yuan"), l.word("executed_yuan"), l.word("errors"), l.word("warnings"), l.word("location")}
	x.widths(sheet, 7, 28, 6, 24, 30, 30, 7, 12, 12, 10, 12, 18, 18, 8, 8, 30)
	r := 2
	for _, f := range a.Forms() {
		var budget, executed any
		if t := totalLine(&f.ReportForm); t != nil {
			budget, executed = money(t.Budget), money(t.Executed)
		}
		x.row(sheet, r, f.ID, f.Path, f.Seq, f.ProjectCode, f.ProjectName, f.ImplementingUnit, blankZero(f.Year),
			excelNumber(f.RecordedTotal, -1), excelNumber(f.ComputedTotal, 2), excelNumber(f.Difference, 2),
			excelNumber(f.Rate, 2), budget, executed, f.Errors, f.Warnings, formLocation(f).Place(l))
		x.styleRange(sheet, 8, r, 11, r, x.fill("", numFmtTwoPlaces))
		x.styleRange(sheet, 12, r, 13, r, x.fill("", numFmtMoney))
		if f.Difference != nil && f.Difference.Abs().GreaterThan(decimal.New(1, -2)) {
			x.styleRange(sheet, 10, r, 10, r, x.fill(fillStrong[string(score.Error)], numFmtTwoPlaces))
		}
		r++
	}
	x.table(sheet, header, r-2)
}

// excelNumber is d rounded to places (unless negative) as a spreadsheet
// number, or nil for a blank cell. A cell holds a binary double, so the
// exact decimal is converted only here, at the last step.
func excelNumber(d *decimal.Decimal, places int32) any {
	if d == nil {
		return nil
	}
	v := *d
	if places >= 0 {
		v = v.Round(places)
	}
	return v.InexactFloat64()
}

// money is an amount in fen as a number of 元, or nil for a blank cell.
func money(fen *int64) any {
	if fen == nil {
		return nil
	}
	return decimal.New(*fen, -2).InexactFloat64()
}

// blankZero leaves the zero that means unknown blank.
func blankZero(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}
