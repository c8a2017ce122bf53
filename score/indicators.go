package score

import (
	"fmt"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

// indicatorLabel names an indicator by its own 三级指标 label, falling back
// to its 二级指标 when the name is blank.
func indicatorLabel(ind *normalize.Indicator) string {
	switch {
	case ind.Name != "":
		return ind.Name
	case ind.Level2 != "":
		return ind.Level2
	default:
		return "三级指标"
	}
}

// quantityText is the target or actual as printed, or as parsed when the
// printed text is missing.
func quantityText(printed string, q *normalize.Quantity) string {
	if printed != "" {
		return printed
	}
	return string(q.Op) + decimalString(q.Value) + q.Unit
}

// checkIndicators checks each indicator on its own: score range, a full score
// for a missed target, and the year its target names.
func checkIndicators(f *normalize.Form) []Finding {
	var out []Finding
	for i := range f.Indicators {
		ind := &f.Indicators[i]
		name := indicatorLabel(ind)
		if ind.Sub {
			out = append(out, yearMismatch(f, ind, name)...)
			continue
		}
		if outOfRange(ind) {
			bound := "below 0"
			if !ind.Score.IsNegative() {
				bound = "above its 分值 " + decimalString(*ind.Weight)
			}
			out = append(out, Finding{
				Rule:     RuleScoreRange,
				Severity: Error,
				Field:    name,
				Recorded: decimalString(*ind.Score),
				Line:     ind.SourceLine,
				Message:  fmt.Sprintf("Indicator %q scores %s, %s.", name, decimalString(*ind.Score), bound),
			})
		}
		// A missed target scored in full, or a score out of range, is one
		// problem: the formula's figure would only repeat it.
		if fd, ok := unmetFullScore(ind, name); ok {
			out = append(out, fd)
		} else if fd, ok := checkFormula(ind, name); ok && !outOfRange(ind) {
			out = append(out, fd)
		}
		if fd, ok := checkBand(ind, name); ok {
			out = append(out, fd)
		}
		out = append(out, yearMismatch(f, ind, name)...)
	}
	return out
}

// yearMismatch reports an indicator whose target names another year than
// the one the form evaluates.
func yearMismatch(f *normalize.Form, ind *normalize.Indicator, name string) []Finding {
	if ind.TargetYear == 0 || f.Year == 0 || ind.TargetYear == f.Year {
		return nil
	}
	return []Finding{{
		Rule:     RuleYearMismatch,
		Severity: Warning,
		Field:    name,
		Recorded: fmt.Sprint(ind.TargetYear),
		Computed: fmt.Sprint(f.Year),
		Line:     ind.SourceLine,
		Message: fmt.Sprintf("Indicator %q targets %d but the form evaluates %d.",
			name, ind.TargetYear, f.Year),
	}}
}

// unmetFullScore reports an indicator that misses a comparable quantitative
// target yet scores its full, non-zero weight.
func unmetFullScore(ind *normalize.Indicator, name string) (Finding, bool) {
	if ind.TargetQ == nil || ind.ActualQ == nil || ind.Weight == nil || ind.Score == nil {
		return Finding{}, false
	}
	if !ind.Weight.IsPositive() || !ind.Score.Equal(*ind.Weight) {
		return Finding{}, false
	}
	met, comparable := ind.ActualQ.Meets(*ind.TargetQ)
	if !comparable || met {
		return Finding{}, false
	}
	target := quantityText(ind.Target, ind.TargetQ)
	actual := quantityText(ind.Actual, ind.ActualQ)
	return Finding{
		Rule:     RuleUnmetFullScore,
		Severity: Warning,
		Field:    name,
		Recorded: decimalString(*ind.Score),
		Line:     ind.SourceLine,
		Message: fmt.Sprintf("Indicator %q scores %s of %s although its actual %q does not meet the target %q.",
			name, decimalString(*ind.Score), decimalString(*ind.Weight), actual, target),
	}, true
}

// checkSections checks that each 一级指标's indicator weights add up to the
// weight it declares, and that the weights the form declares are those its
// template prescribes: a 一级指标's, and the budget's.
func checkSections(f *normalize.Form) []Finding {
	out := checkBudgetWeight(f)
	for _, sec := range f.Sections {
		if sec.Weight == nil {
			continue
		}
		if want := f.Weights.Level1[sec.Name]; want != nil && !want.Equal(*sec.Weight) {
			out = append(out, Finding{
				Rule:     RuleSectionWeight,
				Severity: Error,
				Field:    sec.Name,
				Recorded: decimalString(*sec.Weight),
				Computed: decimalString(*want),
				Line:     sectionLine(f, sec.Name),
				Message: fmt.Sprintf("一级指标 %q declares 分值 %s, but the template of the form (%s) gives it %s.",
					sec.Name, decimalString(*sec.Weight), f.Template, decimalString(*want)),
			})
		}
		sum, count, line := decimal.Zero, 0, 0
		for i := range f.Indicators {
			ind := &f.Indicators[i]
			if ind.Level1 != sec.Name || ind.Sub {
				continue
			}
			if count == 0 {
				line = ind.SourceLine
			}
			count++
			if ind.Weight != nil {
				sum = sum.Add(*ind.Weight)
			}
		}
		if sum.Equal(*sec.Weight) {
			continue
		}
		out = append(out, Finding{
			Rule:     RuleSectionWeight,
			Severity: Error,
			Field:    sec.Name,
			Recorded: decimalString(*sec.Weight),
			Computed: decimalString(sum),
			Line:     line,
			Message: fmt.Sprintf("一级指标 %q declares 分值 %s but its %d indicators add up to %s.",
				sec.Name, decimalString(*sec.Weight), count, decimalString(sum)),
		})
	}
	return out
}

// sectionLine is the source line of a 一级指标's first indicator.
func sectionLine(f *normalize.Form, level1 string) int {
	for i := range f.Indicators {
		if f.Indicators[i].Level1 == level1 {
			return f.Indicators[i].SourceLine
		}
	}
	return 0
}

// checkBudgetWeight reports a budget weight printed on the total funds line
// that is not the one the form's template prescribes.
func checkBudgetWeight(f *normalize.Form) []Finding {
	t := totalFunds(f)
	if t == nil || t.Weight == nil || f.Weights.Budget == nil || t.Weight.Equal(*f.Weights.Budget) {
		return nil
	}
	return []Finding{{
		Rule:     RuleSectionWeight,
		Severity: Error,
		Field:    fundsLabel(t) + " 分值",
		Recorded: decimalString(*t.Weight),
		Computed: decimalString(*f.Weights.Budget),
		Line:     t.SourceLine,
		Message: fmt.Sprintf("%s declares a budget 分值 of %s, but the template of the form (%s) gives budget execution %s.",
			fundsLabel(t), decimalString(*t.Weight), f.Template, decimalString(*f.Weights.Budget)),
	}}
}

// outOfRange reports a score below zero or above the indicator's weight.
func outOfRange(ind *normalize.Indicator) bool {
	return ind.Score != nil && (ind.Score.IsNegative() || (ind.Weight != nil && ind.Score.GreaterThan(*ind.Weight)))
}
