package extract

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/formaudit/formaudit/template"
)

func TestNumberText(t *testing.T) {
	tests := []struct {
		raw, code, want string
	}{
		{"0.9868", "0.00%", "98.68%"},
		{"1", "0%", "100%"},
		{"0.98680000000000001", "0.00%", "98.68%"},
		{"11264600", "#,##0.00", "11264600.00"},
		{"11264600.5", "#,##0", "11264601"},
		{"1126.46", `#,##0.0000"万元"`, "1126.4600"},
		{"-12.5", `"¥"#,##0.00;"¥"\-#,##0.00`, "-12.50"},
		{"768739.55", `#,##0.00_ ;[Red]\-#,##0.00\ `, "768739.55"},
		{"95.390000000000001", "General", "95.39"},
		{"10.3", "", "10.3"},
		{"2024", "0", "2024"},
		{"0.30000000000000004", "@", "0.3"},
		{"1234.5", "0.00E+00", "1234.5"},
		{"45657", `yyyy"年"m"月"d"日"`, "2024年12月31日"},
		{"45657", "yyyy/m/d", "2024-12-31"},
		{"45657.5", "yyyy/m/d h:mm", "2024-12-31 12:00"},
		{"112646", "0!.0000", "11.2646"},
		{"112646", `0\.0000"万元"`, "11.2646"},
		{"11264600", "#,##0.00,,", "11.26"},
		{"0.5", "0.0%;[Red]-0.0%", "50.0%"},
		{"not a number", "0.00", "not a number"},
	}
	for _, tt := range tests {
		if got := numberText(tt.raw, tt.code); got != tt.want {
			t.Errorf("numberText(%q, %q) = %q, want %q", tt.raw, tt.code, got, tt.want)
		}
	}
}

func TestRK(t *testing.T) {
	tests := []struct {
		rk   uint32
		want float64
	}{
		{1<<2 | 2, 1},
		{0xFFFFFFE6, -7}, // -7 << 2 | 2 in two's complement
		{123<<2 | 3, 1.23},
		{0x3FE00000, 0.5},
		{0x3FE00000 | 1, 0.005},
	}
	for _, tt := range tests {
		if got := rk(tt.rk); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("rk(%#x) = %v, want %v", tt.rk, got, tt.want)
		}
	}
}

// biffString encodes s as an XLUnicodeString with a two-byte count, wide or compressed.
func biffString(s string, wide bool) []byte {
	units := utf16.Encode([]rune(s))
	out := binary.LittleEndian.AppendUint16(nil, uint16(len(units)))
	if !wide {
		out = append(out, 0)
		for _, u := range units {
			out = append(out, byte(u))
		}
		return out
	}
	out = append(out, 1)
	for _, u := range units {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// TestSSTContinue reads a shared string table whose second string crosses
// two CONTINUE records, each restating the character width, and whose
// third string starts a CONTINUE without one.
func TestSSTContinue(t *testing.T) {
	first := biffString("项目编码", true)
	second := biffString("年度资金总额abc", true)
	third := biffString("budget", false)
	head := binary.LittleEndian.AppendUint32(nil, 3)
	head = binary.LittleEndian.AppendUint32(head, 3)
	cut := 3 + 3*2 // the SST record ends after 年度资
	r := record{
		typ:  recSST,
		data: append(append(append([]byte(nil), head...), first...), second[:cut]...),
		cont: [][]byte{
			append([]byte{1}, second[cut:cut+3*2]...), // 金总额, still two bytes each
			append([]byte{0}, "abc"...),               // then one byte each
			third,
		},
	}
	got, err := readSST(r)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"项目编码", "年度资金总额abc", "budget"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := readSST(record{typ: recSST, data: head}); err == nil {
		t.Error("a table promising three strings and holding none read without error")
	}
}

func TestGridRows(t *testing.T) {
	g := newSheetGrid("表1")
	g.set(1, 1, "年度绩效指标")
	g.set(1, 2, "产出指标\n(50分)")
	g.set(1, 3, "数量指标")
	g.set(2, 3, "质量指标")
	g.set(1, 4, "A")
	g.set(2, 4, "B")
	g.set(3, 4, "hidden row")
	g.set(1, 5, "hidden column")
	g.set(5, 2, "a goal too long for one row")
	g.set(8, 4, "after a gap")
	g.merges = []cellRange{{1, 1, 4, 1}, {1, 2, 2, 2}, {5, 2, 6, 3}}
	g.hiddenRows[3] = true
	g.hiddenCols[5] = true
	rows, err := g.rows(2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		if !r.Grid || r.Page != 2 {
			t.Errorf("row %d: Grid %v Page %d, want true and 2", r.Line, r.Grid, r.Page)
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Text+"@"+string(rune('A'-1+c.X)))
		}
		mark := ""
		if r.Break {
			mark = " (break)"
		}
		got = append(got, strings.Join(cells, " ")+mark)
	}
	want := []string{
		"年度绩效指标@A 产出指标 (50分)@B 数量指标@C A@D",
		"年度绩效指标@A 产出指标 (50分)@B 质量指标@C B@D",
		// row 3 is hidden; row 4 holds only a copy of the merged A1:A4 and is left out
		"a goal too long for one row@B",
		// row 6 holds only the copy of the merged B5:C6; row 7 is empty
		"after a gap@D (break)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// gridForm builds gridded rows from a sheet given as tab-separated lines,
// blank cells included.
func gridForm(sheet string) []Row {
	var rows []Row
	for i, line := range strings.Split(strings.TrimPrefix(sheet, "\n"), "\n") {
		r := Row{Line: i + 1, Page: 1, Grid: true}
		for x, cell := range strings.Split(line, "\t") {
			if cell != "" {
				r.Cells = append(r.Cells, Cell{Text: cell, Line: i + 1, X: x + 1})
			}
		}
		if len(r.Cells) > 0 {
			rows = append(rows, r)
		}
	}
	return rows
}

// TestGridColumns reads rows with blank cells by the columns of their
// header, where reading them in order would shift the values.
func TestGridColumns(t *testing.T) {
	rows := gridForm(`
项目支出绩效自评表
项目编码:	4403001	项目名称:	测试项目
资金使用情况
			年初预算数	全年预算数	全年执行数	分值	执行率(%)	得分
项目资金（元）	年度资金总额			100.00	90.00	10		9
项目资金（元）	其他资金		5.00
年度绩效指标	一级指标	二级指标	三级指标	年度指标值	实际完成值	分值	得分	偏差原因分析及改进措施
年度绩效指标	产出指标(90分)	数量指标	报告数量		3份	40		未打分
年度绩效指标	产出指标(90分)	质量指标		≥95%	96%	50	50	_
总分							100`)
	forms := FormsFromRows(rows, template.National())
	if len(forms) != 1 {
		t.Fatalf("got %d forms, want 1", len(forms))
	}
	f := forms[0]
	wantFunds := []RawFunds{
		{Line: 5, Label: "年度资金总额", Values: []string{"", "100.00", "90.00", "10", "", "9"}},
		{Line: 6, Label: "其他资金", Values: []string{"5.00", "", "", "", "", ""}},
	}
	if !reflect.DeepEqual(f.Funds, wantFunds) {
		t.Errorf("funds:\n%+v\nwant\n%+v", f.Funds, wantFunds)
	}
	wantInd := []RawIndicator{
		{Line: 8, Page: 1, Labels: []string{"年度绩效指标", "产出指标(90分)", "数量指标"}, Name: "报告数量", Actual: "3份", Weight: "40", Note: "未打分"},
		{Line: 9, Page: 1, Labels: []string{"年度绩效指标", "产出指标(90分)", "质量指标"}, Target: "≥95%", Actual: "96%", Weight: "50", Score: "50"},
	}
	if !reflect.DeepEqual(f.Indicators, wantInd) {
		t.Errorf("indicators:\n%+v\nwant\n%+v", f.Indicators, wantInd)
	}
	if f.Total == nil || f.Total.Weight != "" || f.Total.Score != "100" {
		t.Errorf("total: %+v, want a blank weight and score 100", f.Total)
	}

	// The same rows without the grid are read by order, as text dumps are:
	// the row whose score is blank has no pair of numbers to anchor it.
	for i := range rows {
		rows[i].Grid = false
	}
	if got := FormsFromRows(rows, template.National())[0]; len(got.Indicators) != 1 || len(got.Unread) != 1 || got.Unread[0].Line != 8 {
		t.Errorf("ungridded rows: indicators %+v, unread %+v; want line 8 unread", got.Indicators, got.Unread)
	}
}

// TestBIFFMutations runs the BIFF reader, without the recover that guards
// it in XLS, over fixtures with bytes overwritten and cut: damaged input must
// come back as an error or as cells, never as a panic.
func TestBIFFMutations(t *testing.T) {
	paths := []string{"../fixtures/docs/xlsx/stale-formula.xls", "../fixtures/docs/xlsx/unmerged.xls"}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		stream, err := workbookStream(data)
		if err != nil {
			t.Fatal(err)
		}
		seed := uint32(1)
		for i := 0; i < 150; i++ {
			m := append([]byte(nil), stream...)
			for k := 0; k < 1+i%8; k++ {
				seed = seed*1664525 + 1013904223
				m[int(seed>>8)%len(m)] = byte(seed >> 24)
			}
			if i%5 == 0 {
				m = m[:int(seed>>4)%len(m)]
			}
			grids, err := readBIFF(m)
			if err == nil {
				readGrids(context.Background(), FormatXLS, grids, template.National())
			}
		}
	}
}

// FuzzBIFF feeds arbitrary workbook streams to the BIFF reader.
func FuzzBIFF(f *testing.F) {
	paths, _ := filepath.Glob("../fixtures/docs/xlsx/*.xls")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if stream, err := workbookStream(data); err == nil {
			f.Add(stream)
		}
	}
	f.Fuzz(func(t *testing.T, stream []byte) {
		if grids, err := readBIFF(stream); err == nil {
			readGrids(context.Background(), FormatXLS, grids, template.National())
		}
	})
}
