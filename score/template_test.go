package score

import (
	"strings"
	"testing"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

// prescribed gives the baseline the weights of the national template.
func prescribed(f *normalize.Form) {
	f.Template = "national"
	f.Weights = normalize.Weights{Total: dec("100"), Budget: dec("10"),
		Level1: map[string]*decimal.Decimal{"产出指标": dec("50"), "效益指标": dec("30"), "满意度指标": dec("10")}}
}

func TestTemplateWeights(t *testing.T) {
	sub := normalize.Indicator{Seq: 5, SourceLine: 22, Level1: "产出指标", Level2: "数量指标", Name: "其中：村组道路",
		Target: "≥3公里", Actual: "1公里", Weight: dec("2"), Score: dec("9"), Sub: true,
		TargetQ: qty(normalize.GE, "3", "公里", true), ActualQ: qty(normalize.EQ, "1", "公里", false)}
	runCases(t, []checkCase{
		{"the template's weights hold", prescribed, nil},
		{"a printed 一级指标 weight the template contradicts", func(f *normalize.Form) {
			prescribed(f)
			f.Sections[0].Weight, f.Sections[1].Weight = dec("60"), dec("20")
			f.Indicators[0].Weight, f.Indicators[0].Score = dec("25"), dec("25")
			f.Indicators[2].Weight, f.Indicators[2].Score = dec("20"), dec("20")
		}, []key{
			{RuleSectionWeight, Error, "产出指标", "60", "50", lineOutput1},
			{RuleSectionWeight, Error, "效益指标", "20", "30", lineBenefit},
		}},
		{"a budget weight the template contradicts", func(f *normalize.Form) {
			prescribed(f)
			f.Weights.Budget = dec("20")
		}, []key{{RuleSectionWeight, Error, "年度资金总额 分值", "10", "20", lineFundsTotal}}},
		{"a blank budget weight is the template's", func(f *normalize.Form) {
			prescribed(f)
			f.Funds[0].Weight, f.Funds[0].Score = nil, dec("9")
		}, []key{
			{RuleFundsScore, Error, "得分", "9", "9.62", lineFundsTotal},
			{RuleTotalScore, Error, "总分", "99.62", "99", lineTotal},
		}},
		{"a sub-row is never scored", func(f *normalize.Form) {
			prescribed(f)
			f.Indicators = append(f.Indicators, sub)
		}, nil},
		{"a budget score repeated on the fiscal line counts once", func(f *normalize.Form) {
			prescribed(f)
			f.Funds[1].Budget, f.Funds[1].Executed = yuan("100000"), yuan("96200")
			f.Funds[1].Weight, f.Funds[1].Rate, f.Funds[1].Score = dec("10"), dec("96.20"), dec("9.62")
			f.Funds[2].Budget, f.Funds[2].Executed = yuan("0"), yuan("0")
		}, nil},
		{"no indicator weights: nothing to add up", func(f *normalize.Form) {
			prescribed(f)
			f.Sections = nil
			for i := range f.Indicators {
				f.Indicators[i].Weight = nil
			}
		}, nil},
		{"the template's total weight when 总分 prints none", func(f *normalize.Form) {
			prescribed(f)
			f.Weights.Total = dec("120")
			f.TotalWeight = nil
		}, []key{{RuleTotalWeight, Error, "分值", "", "100", lineTotal}}},
	})
	f := baseline()
	prescribed(f)
	f.Weights.Total, f.TotalWeight = dec("120"), nil
	if fs := Check(f).Findings; len(fs) != 1 || !strings.Contains(fs[0].Message, "the template's 120 assumed") {
		t.Errorf("findings %+v, want one saying the template's 120 was assumed", fs)
	}
}

func TestBreakdownParts(t *testing.T) {
	// total 100000 = fiscal 100000 + other 0; fiscal = central + provincial.
	parts := func(central, provincial string) func(f *normalize.Form) {
		return func(f *normalize.Form) {
			f.Funds = []normalize.Funds{
				f.Funds[0],
				{Line: "fiscal", PartOf: "total", Label: "其中：财政衔接资金", SourceLine: lineFiscal, Budget: yuan("100000"), Executed: yuan("96200")},
				{Line: "central", PartOf: "fiscal", Label: "中央衔接资金", SourceLine: lineCarryover, Budget: yuan(central), Executed: yuan("60000")},
				{Line: "provincial", PartOf: "fiscal", Label: "省级衔接资金", SourceLine: lineOther, Budget: yuan(provincial), Executed: yuan("36200")},
				{Line: "other", PartOf: "total", Label: "其他资金", SourceLine: lineOther + 1, Budget: yuan("0"), Executed: yuan("0")},
			}
			f.Funds[0].Initial = nil
		}
	}
	runCases(t, []checkCase{
		{"parts add up at every level", parts("60000", "40000"), nil},
		{"a line of the template's own that does not add up", parts("60000", "30000"),
			[]key{{RuleFundsBreakdown, Error, "全年预算数", "100000.00", "90000.00", lineFiscal}}},
	})
	f := baseline()
	parts("60000", "30000")(f)
	fs := Check(f).Findings
	if len(fs) != 1 || fs[0].Message != "全年预算数: 其中：财政衔接资金 100000.00 元 differs from central 60000.00 + provincial 30000.00 = 90000.00 元." {
		t.Errorf("findings %+v", fs)
	}
}

func TestGrade(t *testing.T) {
	grade := func(recorded, computed string) []key {
		return []key{{RuleTotalGrade, Warning, "等级", recorded, computed, lineTotal}}
	}
	runCases(t, []checkCase{
		{"优 for 99.62", func(f *normalize.Form) { f.Grade = "优" }, nil},
		{"优秀 spells 优 out", func(f *normalize.Form) { f.Grade = "优秀" }, nil},
		{"良 for 99.62", func(f *normalize.Form) { f.Grade = "良" }, grade("良", "优")},
		{"90 is 优", func(f *normalize.Form) {
			f.Grade = "优"
			f.Indicators[1].Score, f.TotalScore = dec("25.38"), dec("90")
		}, []key{{RuleIndicatorBand, Warning, "完成时间", "25.38", "28–35", lineOutput2}}},
		{"89.99 is 良", func(f *normalize.Form) {
			f.Grade = "优"
			f.Indicators[1].Score, f.TotalScore = dec("28"), dec("89.99")
		}, append(grade("优", "良"), key{RuleTotalScore, Error, "总分", "89.99", "92.62", lineTotal})},
		{"a blank total is graded as computed", func(f *normalize.Form) {
			f.Grade, f.TotalScore = "差", nil
		}, []key{{RuleTotalGrade, Warning, "等级", "差", "优", lineTotal}, {RuleTotalMissing, Warning, "总分", "", "99.62", lineTotal}}},
	})
}
