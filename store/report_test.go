package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/shopspring/decimal"
)

// saveReportFixture stores two files: b.xlsx with one form on a sheet, and
// a.txt with two forms (saved in reverse order) sharing a project code.
func saveReportFixture(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	d := func(s string) *decimal.Decimal { v := decimal.RequireFromString(s); return &v }
	fen := func(n int64) *int64 { return &n }
	form := func(seq int, code, unit string, year int) normalize.Form {
		return normalize.Form{
			Seq: seq, ProjectCode: code, ProjectName: "项目" + code, ImplementingUnit: unit, BudgetUnit: "某局",
			Year: year, LineFrom: seq * 10, LineTo: seq*10 + 9, TotalLine: seq*10 + 9,
			TotalWeight: d("100"), TotalScore: d("95.5"),
			Funds: []normalize.Funds{
				{Line: "total", Label: "年度资金总额", SourceLine: seq*10 + 2, Budget: fen(200000), Executed: fen(197360),
					Weight: d("10"), Rate: d("98.68"), RatePlaces: 2, Score: d("9.87")},
				{Line: "fiscal", Label: "其中:当年财政拨款", SourceLine: seq*10 + 3},
			},
			Goals: []normalize.Goal{{Expected: "完成", Actual: "已完成", Line: seq*10 + 4}},
			Indicators: []normalize.Indicator{
				{Seq: 2, SourceLine: seq*10 + 6, Level1: "效益指标", Name: "乙", Weight: d("30"), Score: d("30")},
				{Seq: 1, SourceLine: seq*10 + 5, Level1: "产出指标", Level1Weight: d("50"), Level2: "数量指标",
					Name: "甲", Target: "≥10个", Actual: "12个", Weight: d("20"), Score: d("19.5"), TargetYear: 2024},
			},
		}
	}
	result := func(findings ...score.Finding) score.Result {
		return score.Result{
			Funds:         []score.FundsResult{{Rate: d("98.68"), Score: d("9.868")}, {}},
			ComputedTotal: decimal.RequireFromString("95.37"),
			Findings:      findings,
		}
	}
	sheet := form(1, "C3", "丙中心", 2023)
	sheet.Sheet, sheet.CellRange, sheet.PageFrom, sheet.PageTo = "表1", "A1:I30", 1, 1
	if _, err := db.SaveForms(ctx, Source{Path: "b.xlsx", Format: "xlsx"}, []normalize.Form{sheet},
		[]score.Result{result()}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveForms(ctx, Source{Path: "a.txt", Format: "text"},
		[]normalize.Form{form(2, "A1", "甲中心", 2024), form(1, "A1", "乙中心", 2024)},
		[]score.Result{
			result(score.Finding{Rule: "total.score", Severity: score.Error, Field: "总分", Recorded: "95.5", Computed: "95.37", Line: 29, Message: "m"},
				score.Finding{Rule: "header.repaired", Severity: score.Warning, Field: "实施单位", Line: 21, Message: "m"}),
			result(),
		}); err != nil {
		t.Fatal(err)
	}
}

func TestReportForms(t *testing.T) {
	db, _ := openTemp(t)
	saveReportFixture(t, db)
	ctx := context.Background()

	all, err := db.ReportForms(ctx, FormFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range all {
		order = append(order, f.Path+"#"+f.ProjectCode+"/"+f.ImplementingUnit)
	}
	if want := "[a.txt#A1/乙中心 a.txt#A1/甲中心 b.xlsx#C3/丙中心]"; fmt.Sprint(order) != want {
		t.Fatalf("forms in order %v, want %s", order, want)
	}

	f := all[1] // a.txt, seq 2
	if f.Seq != 2 || f.Format != "text" || f.Year != 2024 || f.LineFrom != 20 || f.LineTo != 29 || f.TotalLine != 29 {
		t.Errorf("form header %+v", f)
	}
	if f.RecordedTotal.String() != "95.5" || f.ComputedTotal.String() != "95.37" || f.TotalWeight.String() != "100" {
		t.Errorf("totals %v %v %v", f.RecordedTotal, f.ComputedTotal, f.TotalWeight)
	}
	if len(f.Funds) != 2 || f.Funds[0].Line != "total" || *f.Funds[0].Budget != 200000 || f.Funds[0].RecordedRate.String() != "98.68" ||
		f.Funds[0].RecordedRatePlaces != 2 || f.Funds[0].ComputedScore.String() != "9.868" || f.Funds[1].Budget != nil || f.Funds[1].ComputedRate != nil {
		t.Errorf("funds %+v", f.Funds)
	}
	if len(f.Indicators) != 2 || f.Indicators[0].Name != "甲" || f.Indicators[0].Level1Weight.String() != "50" ||
		f.Indicators[0].TargetYear != 2024 || f.Indicators[1].Level1Weight != nil || f.Indicators[1].Score.String() != "30" {
		t.Errorf("indicators in seq order %+v", f.Indicators)
	}
	if len(f.Goals) != 1 || f.Goals[0].Actual != "已完成" {
		t.Errorf("goals %+v", f.Goals)
	}
	if len(f.Findings) != 2 || f.Findings[0].Rule != "header.repaired" || f.Findings[1].Rule != "total.score" ||
		f.Findings[1].Path != "a.txt" || f.Findings[1].Seq != 2 || f.Findings[1].Computed != "95.37" {
		t.Errorf("findings by line %+v", f.Findings)
	}
	if len(all[0].Findings) != 0 {
		t.Errorf("another form's findings attached: %+v", all[0].Findings)
	}
	if s := all[2]; s.Sheet != "表1" || s.CellRange != "A1:I30" || s.PageFrom != 1 {
		t.Errorf("sheet provenance %+v", s)
	}

	for _, tt := range []struct {
		name   string
		filter FormFilter
		want   string
	}{
		{"year", FormFilter{Year: 2023}, "[C3]"},
		{"implementing unit", FormFilter{Unit: "甲"}, "[A1]"},
		{"budget unit", FormFilter{Unit: "某局"}, "[A1 A1 C3]"},
		{"source", FormFilter{Source: ".xlsx"}, "[C3]"},
		{"ids", FormFilter{IDs: []int64{all[2].ID, all[0].ID}}, "[A1 C3]"},
		{"all conditions", FormFilter{Year: 2024, Unit: "乙", Source: "a.txt"}, "[A1]"},
		{"nothing", FormFilter{Source: "none"}, "[]"},
	} {
		forms, err := db.ReportForms(ctx, tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, f := range forms {
			codes = append(codes, f.ProjectCode)
			if f.Funds == nil || f.Indicators == nil {
				t.Errorf("%s: form %d without its rows", tt.name, f.ID)
			}
		}
		if fmt.Sprint(codes) != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, codes, tt.want)
		}
	}
}

func TestFormRefs(t *testing.T) {
	db, _ := openTemp(t)
	saveReportFixture(t, db)
	ctx := context.Background()
	all, err := db.ReportForms(ctx, FormFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		ref  string
		want []int64
	}{
		{"A1", []int64{all[0].ID, all[1].ID}},
		{"C3", []int64{all[2].ID}},
		{fmt.Sprint(all[2].ID), []int64{all[2].ID}},
		{" C3 ", []int64{all[2].ID}},
		{"999", nil},
		{"A", nil},
	} {
		got, err := db.FormRefs(ctx, tt.ref)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("FormRefs(%q) = %v, %v; want %v", tt.ref, got, err, tt.want)
		}
	}
}
