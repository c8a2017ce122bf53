package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/xuri/excelize/v2"
)

func TestCSVText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-", "'-"},
		{"-Inf", "'-Inf"},
		{"-0x1p3", "'-0x1p3"},
		{"-12.5", "-12.5"},
		{"+3", "+3"},
		{"-.5", "-.5"},
		{"-1e-3", "-1e-3"},
		{"12.", "12."},
		{"98.68", "98.68"},
		{"", ""},
		{"项目=1", "项目=1"},
		{"a-b", "a-b"},
	} {
		if got := csvText(tt.in); got != tt.want {
			t.Errorf("csvText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// hostileAudit is an audit of one form whose printed text spreadsheets
// would run as formulas, with a negative number beside it.
func hostileAudit() *Audit {
	form := store.ReportForm{ID: 1, Path: "a.txt", Format: "text", Seq: 1, ProjectName: "=1+1", ImplementingUnit: "@SUM(A1)",
		Findings: []store.Finding{{Rule: score.RuleScoreRange, Severity: string(score.Error), Field: "+cmd", Recorded: "-12.5",
			Computed: "-1+2", Message: "-x", Line: 3}}}
	return Build([]store.ReportForm{form}, nil, Filter{}, English)
}

func TestCSVWritersQuoteFormulas(t *testing.T) {
	text := func(s string) *string { return &s }
	var table, audit bytes.Buffer
	if err := Write(&table, Table{Header: []string{"=h", "n"}, Rows: [][]*string{{text("-1+2"), text("-12.5")}, {text("@x"), nil}}}, "csv"); err != nil {
		t.Fatal(err)
	}
	if err := WriteAudit(&audit, hostileAudit(), "csv", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		out  []byte
		want [][]string // the cells of these columns, per record
		cols []string
	}{
		{"query", table.Bytes(), [][]string{{"'=h", "n"}, {"'-1+2", "-12.5"}, {"'@x", ""}}, nil},
		{"audit", audit.Bytes(), [][]string{{"'=1+1", "'@SUM(A1)", "'+cmd", "-12.5", "'-1+2", "'-x"}},
			[]string{"project", "unit", "field", "recorded", "computed", "message"}},
	} {
		recs, err := csv.NewReader(bytes.NewReader(tt.out)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if tt.cols != nil {
			recs = pick(recs[1:], recs[0], tt.cols)
		}
		if !slices.EqualFunc(recs, tt.want, slices.Equal) {
			t.Errorf("%s CSV cells %q, want %q", tt.name, recs, tt.want)
		}
	}
}

// pick keeps the named columns of recs, whose header is header.
func pick(recs [][]string, header, cols []string) [][]string {
	var out [][]string
	for _, r := range recs {
		var row []string
		for _, c := range cols {
			row = append(row, r[slices.Index(header, c)])
		}
		out = append(out, row)
	}
	return out
}

// TestXLSXWritesTextAsText checks that the workbook stores document text as
// string cells, which spreadsheets never evaluate, so it needs no quote.
func TestXLSXWritesTextAsText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAudit(&buf, hostileAudit(), "xlsx", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := sheetNames(English)[1]
	for _, cell := range []string{"E2", "F2", "L2", "M2", "N2", "P2"} {
		v, _ := f.GetCellValue(sheet, cell)
		formula, _ := f.GetCellFormula(sheet, cell)
		typ, _ := f.GetCellType(sheet, cell)
		if formula != "" || typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s %q: formula %q, type %v; want a string cell", cell, v, formula, typ)
		}
	}
	if v, _ := f.GetCellValue(sheet, "E2"); v != "=1+1" {
		t.Errorf("project cell %q, want the text as printed", v)
	}
}
