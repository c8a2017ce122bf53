package score

import (
	"testing"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

// dec parses a decimal literal; tests only pass valid ones.
func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// yuan converts an amount in 元 to fen.
func yuan(s string) *int64 {
	v := decimal.RequireFromString(s).Shift(2).IntPart()
	return &v
}

// qty builds a parsed quantity.
func qty(op normalize.Op, value, unit string, explicit bool) *normalize.Quantity {
	return &normalize.Quantity{Op: op, Value: *dec(value), Unit: unit, Explicit: explicit}
}

// Source lines of the baseline form.
const (
	lineFundsTotal = 8
	lineFiscal     = 9
	lineCarryover  = 10
	lineOther      = 11
	lineOutput1    = 20
	lineOutput2    = 21
	lineBenefit    = 25
	lineSatisfied  = 30
	lineTotal      = 40
)

// baseline is a form whose arithmetic holds everywhere: budget 10 × 96.2% =
// 9.62, indicators 15 + 35 + 30 + 10 = 90, total 99.62.
func baseline() *normalize.Form {
	return &normalize.Form{
		Year:       2024,
		AmountUnit: "元",
		Funds: []normalize.Funds{
			{Line: "total", Label: "年度资金总额", SourceLine: lineFundsTotal,
				Initial: yuan("100000"), Budget: yuan("100000"), Executed: yuan("96200"),
				Weight: dec("10"), Rate: dec("96.20"), RatePlaces: 2, Score: dec("9.62")},
			{Line: "fiscal", Label: "当年财政拨款", SourceLine: lineFiscal,
				Initial: yuan("60000"), Budget: yuan("60000"), Executed: yuan("56200")},
			{Line: "carryover", Label: "上年结转资金", SourceLine: lineCarryover,
				Initial: yuan("40000"), Budget: yuan("40000"), Executed: yuan("40000")},
			{Line: "other", Label: "其他资金", SourceLine: lineOther,
				Initial: yuan("0"), Budget: yuan("0"), Executed: yuan("0")},
		},
		Sections: []normalize.Section{
			{Name: "产出指标", Weight: dec("50")},
			{Name: "效益指标", Weight: dec("30")},
			{Name: "满意度指标", Weight: dec("10")},
		},
		Indicators: []normalize.Indicator{
			{Seq: 1, SourceLine: lineOutput1, Level1: "产出指标", Level2: "数量指标", Name: "培训人次",
				Target: "≥10个", Actual: "12个", Weight: dec("15"), Score: dec("15"),
				TargetQ: qty(normalize.GE, "10", "个", true), ActualQ: qty(normalize.EQ, "12", "个", false)},
			{Seq: 2, SourceLine: lineOutput2, Level1: "产出指标", Level2: "时效指标", Name: "完成时间",
				Target: "2024年底", Actual: "完成", Weight: dec("35"), Score: dec("35"), TargetYear: 2024},
			{Seq: 3, SourceLine: lineBenefit, Level1: "效益指标", Level2: "社会效益指标", Name: "党性修养",
				Target: "提高", Actual: "提高", Weight: dec("30"), Score: dec("30")},
			{Seq: 4, SourceLine: lineSatisfied, Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "用户满意度",
				Target: "≥90%", Actual: "95%", Weight: dec("10"), Score: dec("10"),
				TargetQ: qty(normalize.GE, "90", "%", true), ActualQ: qty(normalize.EQ, "95", "%", false)},
		},
		TotalWeight: dec("100"),
		TotalScore:  dec("99.62"),
		TotalLine:   lineTotal,
	}
}

// setRate gives the baseline's total and fiscal lines the same budget and
// executed amounts (元), the printed rate and budget score, and keeps the
// total score consistent with that budget score.
func setRate(f *normalize.Form, budget, executed, rate string, places int32, score string) {
	total, fiscal := &f.Funds[0], &f.Funds[1]
	total.Budget, total.Executed = yuan(budget), yuan(executed)
	fiscal.Budget, fiscal.Executed = yuan(budget), yuan(executed)
	total.Initial, fiscal.Initial = yuan(budget), yuan(budget)
	f.Funds[2].Initial, f.Funds[2].Budget, f.Funds[2].Executed = yuan("0"), yuan("0"), yuan("0")
	total.Rate, total.RatePlaces = nil, places
	if rate != "" {
		total.Rate = dec(rate)
	}
	total.Score = nil
	if score != "" {
		total.Score = dec(score)
		f.TotalScore = dec(total.Score.Add(decimal.NewFromInt(90)).String())
	}
}

// key is the part of a finding the tables compare; messages are checked separately.
type key struct {
	Rule     string
	Severity Severity
	Field    string
	Recorded string
	Computed string
	Line     int
}

func keys(fs []Finding) []key {
	out := make([]key, 0, len(fs))
	for _, f := range fs {
		out = append(out, key{f.Rule, f.Severity, f.Field, f.Recorded, f.Computed, f.Line})
	}
	return out
}

// checkCase is one table row: a change to the baseline and every finding it must produce.
type checkCase struct {
	name   string
	mutate func(f *normalize.Form)
	want   []key
}

func runCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := baseline()
			tc.mutate(f)
			got := keys(Check(f).Findings)
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
}

func TestBaselineHolds(t *testing.T) {
	r := Check(baseline())
	if len(r.Findings) != 0 {
		t.Fatalf("baseline findings: %+v", r.Findings)
	}
	if want := decimal.RequireFromString("99.62"); !r.ComputedTotal.Equal(want) {
		t.Errorf("ComputedTotal = %s, want %s", r.ComputedTotal, want)
	}
}
