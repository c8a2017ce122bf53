package score

import (
	"fmt"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

// defaultTotalWeight is the total weight a form adds up to when neither it
// nor its template says otherwise.
var defaultTotalWeight = decimal.NewFromInt(100)

// formBudgetScore is the budget score that counts towards the total: the
// recorded one, or the computed one when it is blank. Only the total line
// counts: a part that repeats the budget score is not counted again. It
// also describes where the score came from, for messages.
func formBudgetScore(f *normalize.Form, funds []FundsResult) (decimal.Decimal, string) {
	for i := range f.Funds {
		if f.Funds[i].Line != "total" {
			continue
		}
		if s := f.Funds[i].Score; s != nil {
			return *s, "budget score " + decimalString(*s)
		}
		if s := funds[i].Score; s != nil {
			return *s, "computed budget score " + scoreString(*s)
		}
		break
	}
	return decimal.Zero, "no budget score"
}

// checkTotal re-derives the total score and weight. Sub-rows are never
// scored, so they never count.
func checkTotal(f *normalize.Form, funds []FundsResult) (decimal.Decimal, []Finding) {
	budget, budgetText := formBudgetScore(f, funds)
	scores := decimal.Zero
	for i := range f.Indicators {
		if s := f.Indicators[i].Score; s != nil && !f.Indicators[i].Sub {
			scores = scores.Add(*s)
		}
	}
	total := budget.Add(scores)
	out := checkTotalWeight(f)
	switch {
	case f.TotalScore == nil:
		out = append(out, Finding{
			Rule:     RuleTotalMissing,
			Severity: Warning,
			Field:    "总分",
			Computed: scoreString(total),
			Line:     f.TotalLine,
			Message: fmt.Sprintf("总分 is blank; %s + indicator scores %s = %s.",
				budgetText, decimalString(scores), scoreString(total)),
		})
	case f.TotalScore.Sub(total).Abs().GreaterThan(scoreTolerance):
		out = append(out, Finding{
			Rule:     RuleTotalScore,
			Severity: Error,
			Field:    "总分",
			Recorded: decimalString(*f.TotalScore),
			Computed: scoreString(total),
			Line:     f.TotalLine,
			Message: fmt.Sprintf("Recorded 总分 %s differs from %s + indicator scores %s = %s.",
				decimalString(*f.TotalScore), budgetText, decimalString(scores), scoreString(total)),
		})
	}
	return total, append(out, checkGrade(f, total)...)
}

// checkTotalWeight checks that the budget weight and the indicator weights
// add up to the total weight. A form that prints no indicator weight (some
// print no weight column) has nothing to add up; a blank budget weight is
// the one the template prescribes.
func checkTotalWeight(f *normalize.Form) []Finding {
	sum, weighted := decimal.Zero, false
	for i := range f.Indicators {
		if w := f.Indicators[i].Weight; w != nil && !f.Indicators[i].Sub {
			sum, weighted = sum.Add(*w), true
		}
	}
	if t := totalFunds(f); t != nil {
		if w := lineWeight(f, t); w != nil {
			sum = sum.Add(*w)
		}
	}
	want, recorded, assumed := defaultTotalWeight, "", " (总分 has no 分值, 100 assumed)"
	if f.Weights.Total != nil {
		want, assumed = *f.Weights.Total, fmt.Sprintf(" (总分 has no 分值, the template's %s assumed)", decimalString(*f.Weights.Total))
	}
	if f.TotalWeight != nil {
		want, recorded, assumed = *f.TotalWeight, decimalString(*f.TotalWeight), ""
	}
	if !weighted || sum.Equal(want) {
		return nil
	}
	return []Finding{{
		Rule:     RuleTotalWeight,
		Severity: Error,
		Field:    "分值",
		Recorded: recorded,
		Computed: decimalString(sum),
		Line:     f.TotalLine,
		Message: fmt.Sprintf("Budget and indicator 分值 add up to %s, not the total 分值 %s%s.",
			decimalString(sum), decimalString(want), assumed),
	}}
}
