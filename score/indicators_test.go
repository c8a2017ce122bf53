package score

import (
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
		{"missed target with partial score", func(f *normalize.Form) {
			actual(f, "8个", "8", "个")
			f.Indicators[0].Score, f.TotalScore = dec("10"), dec("94.62")
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
