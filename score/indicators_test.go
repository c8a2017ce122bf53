package score

import (
	"github.com/shopspring/decimal"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/normalize"
)

func TestScoreRange(t *testing.T) {
	runCases(t, []checkCase{
		{"above the weight", func(f *normalize.Form) {
			f.Indicators[0].Score, f.Indicators[1].Score = dec("16"), dec("34")
		}, []key{{RuleScoreRange, Error, "培训人次", "16", "", lineOutput1}}},
		{"below zero", func(f *normalize.Form) {
			f.Indicators[2].Score, f.TotalScore = dec("-1"), dec("68.62")
		}, []key{{RuleScoreRange, Error, "党性修养", "-1", "", lineBenefit}}},
		{"zero is in range", func(f *normalize.Form) {
			f.Indicators[2].Score, f.TotalScore = dec("0"), dec("69.62")
		}, nil},
		{"blank score", func(f *normalize.Form) {
			f.Indicators[2].Score, f.TotalScore = nil, dec("69.62")
		}, nil},
		{"blank weight bounds nothing above", func(f *normalize.Form) {
			f.Indicators[2].Weight = nil
		}, []key{
			{RuleSectionWeight, Error, "效益指标", "30", "0", lineBenefit},
			{RuleTotalWeight, Error, "分值", "100", "70", lineTotal},
		}},
		{"unnamed indicator is named by its 二级指标", func(f *normalize.Form) {
			f.Indicators[2].Name, f.Indicators[2].Score = "", dec("31")
			f.TotalScore = dec("100.62")
		}, []key{{RuleScoreRange, Error, "社会效益指标", "31", "", lineBenefit}}},
	})
}

func TestUnmetFullScore(t *testing.T) {
	unmet := key{RuleUnmetFullScore, Warning, "培训人次", "15", "", lineOutput1}
	actual := func(f *normalize.Form, printed, value, unit string) {
		f.Indicators[0].Actual = printed
		f.Indicators[0].ActualQ = qty(normalize.EQ, value, unit, false)
	}
	runCases(t, []checkCase{
		{"missed target with full score", func(f *normalize.Form) { actual(f, "8个", "8", "个") }, []key{unmet}},
		{"target met exactly", func(f *normalize.Form) { actual(f, "10个", "10", "个") }, nil},
		{"missed target with the formula's partial score", func(f *normalize.Form) {
			actual(f, "8个", "8", "个")
			f.Indicators[0].Score, f.TotalScore = dec("12"), dec("96.62")
		}, nil},
		{"different units are not comparable", func(f *normalize.Form) { actual(f, "8次", "8", "次") }, nil},
		{"actual without a unit is comparable", func(f *normalize.Form) { actual(f, "8", "8", "") }, []key{unmet}},
		{"bare target is read as at least: met", func(f *normalize.Form) {
			f.Indicators[0].TargetQ = qty(normalize.EQ, "10", "个", false)
		}, nil},
		{"bare target is read as at least: missed", func(f *normalize.Form) {
			f.Indicators[0].TargetQ = qty(normalize.EQ, "10", "个", false)
			actual(f, "8个", "8", "个")
		}, []key{unmet}},
		{"upper bound exceeded", func(f *normalize.Form) {
			f.Indicators[0].TargetQ = qty(normalize.LE, "5", "个", true)
		}, []key{unmet}},
		{"actual not quantitative", func(f *normalize.Form) { f.Indicators[0].ActualQ = nil }, nil},
		{"zero weight is not a full score", func(f *normalize.Form) {
			f.Indicators = append(f.Indicators, normalize.Indicator{SourceLine: 35, Name: "空指标",
				Weight: dec("0"), Score: dec("0"),
				TargetQ: qty(normalize.GE, "10", "个", true), ActualQ: qty(normalize.EQ, "8", "个", false)})
		}, nil},
	})
}

func TestUnmetFullScoreMessage(t *testing.T) {
	f := baseline()
	f.Indicators[0].Actual = "8个"
	f.Indicators[0].ActualQ = qty(normalize.EQ, "8", "个", false)
	fs := Check(f).Findings
	if len(fs) != 1 {
		t.Fatalf("findings: %+v", fs)
	}
	for _, want := range []string{"培训人次", "15 of 15", "8个", "≥10个"} {
		if !strings.Contains(fs[0].Message, want) {
			t.Errorf("message %q does not name %q", fs[0].Message, want)
		}
	}
}

func TestYearMismatch(t *testing.T) {
	runCases(t, []checkCase{
		{"target names an earlier year", func(f *normalize.Form) { f.Indicators[1].TargetYear = 2023 },
			[]key{{RuleYearMismatch, Warning, "完成时间", "2023", "2024", lineOutput2}}},
		{"form year unknown", func(f *normalize.Form) {
			f.Indicators[1].TargetYear, f.Year = 2023, 0
		}, nil},
		{"target names no year", func(f *normalize.Form) {
			f.Indicators[1].TargetYear, f.Year = 0, 2023
		}, nil},
	})
}

func TestSectionWeight(t *testing.T) {
	runCases(t, []checkCase{
		{"declared weight differs", func(f *normalize.Form) { f.Sections[0].Weight = dec("45") },
			[]key{{RuleSectionWeight, Error, "产出指标", "45", "50", lineOutput1}}},
		{"same value, other scale", func(f *normalize.Form) { f.Sections[0].Weight = dec("50.00") }, nil},
		{"blank declared weight", func(f *normalize.Form) {
			f.Sections[0].Weight = nil
		}, nil},
		{"section without indicators declaring zero", func(f *normalize.Form) {
			f.Sections = append(f.Sections, normalize.Section{Name: "管理指标", Weight: dec("0")})
		}, nil},
		{"section without indicators declaring weight", func(f *normalize.Form) {
			f.Sections = append(f.Sections, normalize.Section{Name: "管理指标", Weight: dec("5")})
		}, []key{{RuleSectionWeight, Error, "管理指标", "5", "0", 0}}},
	})
}

func TestIndicatorFormula(t *testing.T) {
	set := func(f *normalize.Form, target, actual *normalize.Quantity, score string) {
		ind := &f.Indicators[0]
		ind.TargetQ, ind.ActualQ = target, actual
		ind.Score = dec(score)
		f.TotalScore = dec(decimal.RequireFromString(score).Add(decimal.RequireFromString("84.62")).String())
	}
	formula := func(recorded, computed string) []key {
		return []key{{RuleIndicatorFormula, Warning, "培训人次", recorded, computed, lineOutput1}}
	}
	runCases(t, []checkCase{
		{"positive: 8 of ≥10 scores 12 of 15", func(f *normalize.Form) {
			set(f, qty(normalize.GE, "10", "个", true), qty(normalize.EQ, "8", "个", false), "12")
		}, nil},
		{"positive: 8 of ≥10 scored 10", func(f *normalize.Form) {
			set(f, qty(normalize.GE, "10", "个", true), qty(normalize.EQ, "8", "个", false), "10")
		}, formula("10", "12")},
		{"positive within 0.01", func(f *normalize.Form) {
			set(f, qty(normalize.GE, "3", "个", true), qty(normalize.EQ, "2", "个", false), "10.01")
		}, nil},
		{"positive capped at the weight", func(f *normalize.Form) {
			set(f, qty(normalize.GE, "10", "个", true), qty(normalize.EQ, "30", "个", false), "15")
		}, nil},
		{"negative: ≤5 with 10 scores 7.5", func(f *normalize.Form) {
			set(f, qty(normalize.LE, "5", "天", true), qty(normalize.EQ, "10", "天", false), "7.5")
		}, nil},
		{"negative: ≤5 with 10 scored 9", func(f *normalize.Form) {
			set(f, qty(normalize.LE, "5", "天", true), qty(normalize.EQ, "10", "天", false), "9")
		}, formula("9", "7.5")},
		{"negative with a zero actual is full", func(f *normalize.Form) {
			set(f, qty(normalize.LE, "5", "%", true), qty(normalize.EQ, "0", "", false), "15")
		}, nil},
		{"equality targets have no formula", func(f *normalize.Form) {
			set(f, qty(normalize.EQ, "10", "个", true), qty(normalize.EQ, "8", "个", false), "3")
		}, nil},
		{"an actual that is a bound has no value", func(f *normalize.Form) {
			set(f, qty(normalize.GE, "10", "个", true), qty(normalize.GE, "8", "个", true), "3")
		}, nil},
	})
}

func TestIndicatorBand(t *testing.T) {
	set := func(f *normalize.Form, actual, score string) {
		ind := &f.Indicators[1] // 完成时间, weight 35, qualitative
		ind.Actual, ind.Score = actual, dec(score)
		f.TotalScore = dec(decimal.RequireFromString(score).Add(decimal.RequireFromString("64.62")).String())
	}
	band := func(recorded, computed string) []key {
		return []key{{RuleIndicatorBand, Warning, "完成时间", recorded, computed, lineOutput2}}
	}
	runCases(t, []checkCase{
		{"达成 at 80%", func(f *normalize.Form) { set(f, "已完成", "28") }, nil},
		{"达成 below 80%", func(f *normalize.Form) { set(f, "已完成", "20") }, band("20", "28–35")},
		{"部分达成 inside", func(f *normalize.Form) { set(f, "部分完成", "25") }, nil},
		{"部分达成 with full marks", func(f *normalize.Form) { set(f, "部分完成", "35") }, band("35", "21–28")},
		{"未达成 below 60%", func(f *normalize.Form) { set(f, "未完成", "10") }, nil},
		{"未达成 at 60%", func(f *normalize.Form) { set(f, "未完成", "21") }, band("21", "0–21")},
		{"words that do not say are not judged", func(f *normalize.Form) { set(f, "提高", "5") }, nil},
	})
}
