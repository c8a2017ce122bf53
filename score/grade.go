package score

import (
	"fmt"
	"strings"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

// grade is a band of the total, in percent of the total weight, and the
// grade 财预〔2020〕10号 gives it: 90–100 优, 80–90 良, 60–80 中, below 60 差.
type grade struct {
	name   string
	lo, hi decimal.Decimal
}

var grades = []grade{
	{"优", decimal.NewFromInt(90), decimal.NewFromInt(101)},
	{"良", decimal.NewFromInt(80), decimal.NewFromInt(90)},
	{"中", decimal.NewFromInt(60), decimal.NewFromInt(80)},
	{"差", decimal.NewFromInt(-1), decimal.NewFromInt(60)},
}

// gradeOf is the grade of a total out of weight.
func gradeOf(total, weight decimal.Decimal) string {
	share := total.Div(weight).Mul(hundred)
	for _, g := range grades {
		if share.GreaterThanOrEqual(g.lo) && share.LessThan(g.hi) {
			return g.name
		}
	}
	return grades[0].name
}

// checkGrade compares a grade printed beside the total with the grade of
// the recorded total, or of the computed one where the total is blank.
// 优秀, 良好 and 中等 are the same grades spelled out.
func checkGrade(f *normalize.Form, computed decimal.Decimal) []Finding {
	if f.Grade == "" {
		return nil
	}
	total, which := computed, "computed"
	if f.TotalScore != nil {
		total, which = *f.TotalScore, "recorded"
	}
	weight := defaultTotalWeight
	switch {
	case f.TotalWeight != nil && f.TotalWeight.IsPositive():
		weight = *f.TotalWeight
	case f.Weights.Total != nil && f.Weights.Total.IsPositive():
		weight = *f.Weights.Total
	}
	want := gradeOf(total, weight)
	if strings.HasPrefix(f.Grade, want) {
		return nil
	}
	return []Finding{{
		Rule:     RuleTotalGrade,
		Severity: Warning,
		Field:    "等级",
		Recorded: f.Grade,
		Computed: want,
		Line:     f.TotalLine,
		Message: fmt.Sprintf("The form grades itself %s, but its %s 总分 %s of %s is %s (优 ≥ 90%%, 良 ≥ 80%%, 中 ≥ 60%%, 差 below).",
			f.Grade, which, scoreString(total), decimalString(weight), want),
	}}
}
