package score

import (
	"sort"
	"testing"

	"github.com/formaudit/formaudit/normalize"
)

func TestNotes(t *testing.T) {
	runCases(t, []checkCase{
		{"every note becomes a warning", func(f *normalize.Form) {
			f.Notes = []normalize.Note{
				{Code: RuleHeaderYearInferred, Field: "绩效自评年度", Used: "2024", Line: 3, Message: "year inferred"},
				{Code: RuleHeaderTruncated, Field: "项目编码", Printed: "4403002211", Used: "440300221115620", Line: 2, Message: "cut"},
				{Code: RuleHeaderRepaired, Field: "项目名称", Printed: "党组织建 设", Used: "党组织建设", Line: 2, Message: "rejoined"},
			}
		}, []key{
			{RuleHeaderRepaired, Warning, "项目名称", "党组织建 设", "党组织建设", 2},
			{RuleHeaderTruncated, Warning, "项目编码", "4403002211", "440300221115620", 2},
			{RuleHeaderYearInferred, Warning, "绩效自评年度", "", "2024", 3},
		}},
	})
	f := baseline()
	f.Notes = []normalize.Note{{Code: "funds.label_repaired", Message: "label rejoined"}}
	fs := Check(f).Findings
	if len(fs) != 1 || fs[0].Rule != "funds.label_repaired" || fs[0].Message != "label rejoined" {
		t.Errorf("unknown note code not passed through: %+v", fs)
	}
}

// broken is a form on which every rule fires.
func broken() *normalize.Form {
	f := baseline()
	f.Funds[0].Rate = dec("90.00")    // funds.rate
	f.Funds[0].Score = dec("5")       // funds.score
	f.Funds[1].Initial = yuan("1")    // funds.breakdown
	f.Indicators[2].Score = dec("31") // indicator.score_range
	f.Indicators[1].TargetYear = 2023 // indicator.year_mismatch
	f.Indicators[0].Actual = "8个"     // indicator.unmet_full_score
	f.Indicators[0].ActualQ.Value = *dec("8")
	f.Indicators[3].Score = dec("9") // indicator.formula: 95% of ≥90% scores the full 10
	f.Indicators[1].Actual = "未完成"   // indicator.band: 35 of 35 for a missed goal
	f.Sections[0].Weight = dec("40") // section.weight
	f.TotalWeight = dec("90")        // total.weight
	f.Grade = "差"                    // total.grade: 99.62 is 优
	for _, code := range []string{RuleHeaderTruncated, RuleHeaderYearInferred, RuleHeaderRepaired,
		RuleFieldUnreadable, RuleFundsUnitAssumed, RuleGoalsUnsplit, RuleLabelInferred, RuleFundsLabelInferred, RuleHeaderLabelInferred, RuleHeaderBlank, RuleLayoutUnread, RuleSheetStaleFormula, RuleOCRRepaired, RuleOCRUncertain,
		RulePDFPageUnreadable} {
		f.Notes = append(f.Notes, normalize.Note{Code: code, Field: "字段", Line: 2, Message: "noted"})
	}
	return f
}

func TestFindingsSorted(t *testing.T) {
	f := broken()
	fs := Check(f).Findings
	if len(fs) < 10 {
		t.Fatalf("broken form gave only %d findings", len(fs))
	}
	sorted := sort.SliceIsSorted(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Field < b.Field
	})
	if !sorted {
		t.Errorf("findings not sorted by line, rule, field: %+v", keys(fs))
	}
	again := Check(f).Findings
	for i := range fs {
		if fs[i] != again[i] {
			t.Fatalf("finding %d differs between runs: %+v, %+v", i, fs[i], again[i])
		}
	}
}

func TestFindingsComplete(t *testing.T) {
	for _, fd := range Check(broken()).Findings {
		if fd.Field == "" {
			t.Errorf("%s has no field", fd.Rule)
		}
		if fd.Message == "" {
			t.Errorf("%s has no message", fd.Rule)
		}
		if fd.Line == 0 {
			t.Errorf("%s on %s has no line", fd.Rule, fd.Field)
		}
	}
}

func TestPartialForms(t *testing.T) {
	tests := []struct {
		name  string
		form  *normalize.Form
		funds int
		want  []key
	}{
		{"empty form", &normalize.Form{}, 0,
			[]key{{RuleTotalMissing, Warning, "总分", "", "0", 0}}},
		{"blank cells everywhere", &normalize.Form{
			Funds:      []normalize.Funds{{Line: "total"}, {Line: "fiscal"}, {}},
			Sections:   []normalize.Section{{}, {Name: "产出指标"}},
			Indicators: []normalize.Indicator{{}, {TargetQ: &normalize.Quantity{}}, {ActualQ: &normalize.Quantity{}}},
			Notes:      []normalize.Note{{}},
			TotalScore: dec("0"),
		}, 3, []key{{Severity: Warning}}},
		{"funds without a total line", &normalize.Form{
			Funds: []normalize.Funds{{Line: "fiscal", Budget: yuan("10"), Executed: yuan("5"), Rate: dec("50"), RatePlaces: 0}},
		}, 1, []key{{RuleTotalMissing, Warning, "总分", "", "0", 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(tc.form)
			if len(r.Funds) != tc.funds {
				t.Errorf("got %d funds results, want %d", len(r.Funds), tc.funds)
			}
			got := keys(r.Findings)
			if len(got) != len(tc.want) {
				t.Fatalf("findings:\n got  %+v\n want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("finding %d:\n got  %+v\n want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
	if r := Check(nil); len(r.Findings) != 0 || len(r.Funds) != 0 || !r.ComputedTotal.IsZero() {
		t.Errorf("Check(nil) = %+v", r)
	}
}
