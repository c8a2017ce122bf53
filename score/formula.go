package score

import (
	"fmt"
	"strings"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

var one = decimal.NewFromInt(1)

// formulaScore is what the official formula of 财预〔2020〕10号 gives a
// quantitative indicator: a positive one (≥, or no comparator) scores
// actual ÷ target × 分值, a negative one (≤) target ÷ actual × 分值, capped at
// the 分值. It is undefined for equality targets and for actuals that are
// themselves bounds.
func formulaScore(ind *normalize.Indicator) (score decimal.Decimal, how string, ok bool) {
	t, a := ind.TargetQ, ind.ActualQ
	if t == nil || a == nil || ind.Weight == nil || !ind.Weight.IsPositive() || a.Explicit || a.Value.IsNegative() {
		return decimal.Decimal{}, "", false
	}
	if t.Unit != a.Unit && t.Unit != "" && a.Unit != "" {
		return decimal.Decimal{}, "", false
	}
	var ratio decimal.Decimal
	switch {
	case !t.Explicit || t.Op == normalize.GE || t.Op == normalize.GT:
		how = "actual ÷ target × 分值"
		if !t.Value.IsPositive() {
			return decimal.Decimal{}, "", false
		}
		ratio = a.Value.Div(t.Value)
	case t.Op == normalize.LE || t.Op == normalize.LT:
		how = "target ÷ actual × 分值"
		if a.Value.IsZero() {
			ratio = one
		} else {
			ratio = t.Value.Div(a.Value)
		}
	default:
		return decimal.Decimal{}, "", false
	}
	if ratio.GreaterThan(one) {
		ratio = one
	}
	return ind.Weight.Mul(ratio), how, true
}

// checkFormula reports a quantitative indicator whose recorded score differs
// from the official formula by more than 0.01.
func checkFormula(ind *normalize.Indicator, name string) (Finding, bool) {
	want, how, ok := formulaScore(ind)
	if !ok || ind.Score == nil || ind.Score.Sub(want).Abs().LessThanOrEqual(scoreTolerance) {
		return Finding{}, false
	}
	want = want.Round(2)
	return Finding{
		Rule:     RuleIndicatorFormula,
		Severity: Warning,
		Field:    name,
		Recorded: decimalString(*ind.Score),
		Computed: decimalString(want),
		Line:     ind.SourceLine,
		Message: fmt.Sprintf("Indicator %q scores %s; the official formula (%s, at most the 分值) gives %s for target %q and actual %q.",
			name, decimalString(*ind.Score), how, decimalString(want), ind.Target, ind.Actual),
	}, true
}

// band is the share of the 分值 a qualitative indicator may score for how
// far it was achieved: 达成 80–100%, 部分达成 60–80%, 未达成 below 60%.
type band struct {
	name   string
	lo, hi decimal.Decimal // percent of the weight
}

var (
	bandAchieved = band{"达成", decimal.NewFromInt(80), hundred}
	bandPartial  = band{"部分达成", decimal.NewFromInt(60), decimal.NewFromInt(80)}
	bandMissed   = band{"未达成", decimal.Zero, decimal.NewFromInt(60)}
)

// achievement reads how far a qualitative indicator was achieved from the
// words of its actual; ok is false when the words do not say.
func achievement(actual string) (band, bool) {
	for _, w := range []string{"未完成", "未达成", "未达到", "没有完成", "未实现"} {
		if strings.Contains(actual, w) {
			return bandMissed, true
		}
	}
	for _, w := range []string{"部分完成", "部分达成", "基本完成", "部分实现"} {
		if strings.Contains(actual, w) {
			return bandPartial, true
		}
	}
	for _, w := range []string{"完成", "达成", "达到", "实现"} {
		if strings.Contains(actual, w) {
			return bandAchieved, true
		}
	}
	return band{}, false
}

// checkBand reports a qualitative indicator whose score lies outside the band
// its actual's words put it in.
func checkBand(ind *normalize.Indicator, name string) (Finding, bool) {
	if ind.TargetQ != nil || ind.Weight == nil || !ind.Weight.IsPositive() || ind.Score == nil {
		return Finding{}, false
	}
	b, ok := achievement(ind.Actual)
	if !ok {
		return Finding{}, false
	}
	share := ind.Score.Div(*ind.Weight).Mul(hundred)
	inside := share.GreaterThanOrEqual(b.lo) && share.LessThanOrEqual(b.hi)
	if b == bandMissed {
		inside = share.LessThan(b.hi)
	}
	if inside {
		return Finding{}, false
	}
	lo, hi := ind.Weight.Mul(b.lo).Div(hundred), ind.Weight.Mul(b.hi).Div(hundred)
	return Finding{
		Rule:     RuleIndicatorBand,
		Severity: Warning,
		Field:    name,
		Recorded: decimalString(*ind.Score),
		Computed: decimalString(lo.Round(2)) + "–" + decimalString(hi.Round(2)),
		Line:     ind.SourceLine,
		Message: fmt.Sprintf("Indicator %q reads as %s (%q), which scores %s–%s%% of its 分值 %s, but scores %s.",
			name, b.name, ind.Actual, decimalString(b.lo), decimalString(b.hi), decimalString(*ind.Weight), decimalString(*ind.Score)),
	}, true
}
