package score

import (
	"fmt"
	"strings"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

// ratePrecision is how many decimal places a computed execution rate keeps:
// far finer than any printed place, so that rounding it never decides a check.
const ratePrecision = 8

var (
	hundred        = decimal.NewFromInt(100)
	scoreTolerance = decimal.New(1, -2)
)

// computedRate is 全年执行数 / 全年预算数 in percent, or nil when either amount
// is blank or the budget is zero.
func computedRate(l *normalize.Funds) *decimal.Decimal {
	if l.Budget == nil || l.Executed == nil || *l.Budget == 0 {
		return nil
	}
	r := decimal.NewFromInt(*l.Executed).Mul(hundred).DivRound(decimal.NewFromInt(*l.Budget), ratePrecision)
	return &r
}

// budgetScore is 分值 × min(rate, 100%): spending more than the budget earns
// no more than the full weight.
func budgetScore(weight, rate decimal.Decimal) decimal.Decimal {
	return weight.Mul(decimal.Min(rate, hundred)).Shift(-2)
}

// printedPlaces is the number of decimal places the rate was printed with.
// The value's own digits are a floor, so that a rate whose places were not
// recorded is not given a whole percent of slack.
func printedPlaces(l *normalize.Funds) int32 {
	return max(l.RatePlaces, decimals(*l.Rate))
}

// fundsLabel names a funds line in messages.
func fundsLabel(l *normalize.Funds) string {
	if l.Label != "" {
		return l.Label
	}
	if l.Line != "" {
		return l.Line + " funds line"
	}
	return "funds line"
}

// checkFunds re-derives the rate and score of every funds line.
func checkFunds(f *normalize.Form) ([]FundsResult, []Finding) {
	results := make([]FundsResult, len(f.Funds))
	var out []Finding
	for i := range f.Funds {
		l := &f.Funds[i]
		rate := computedRate(l)
		results[i].Rate = rate
		if rate != nil && l.Rate != nil {
			if fd, bad := checkRate(l, *rate); bad {
				out = append(out, fd)
			}
		}
		used, fallback := rate, false
		if used == nil && l.Rate != nil {
			used, fallback = l.Rate, true
		}
		if l.Weight == nil || used == nil {
			continue
		}
		s := budgetScore(*l.Weight, *used)
		results[i].Score = &s
		if l.Score == nil || l.Score.Sub(s).Abs().LessThanOrEqual(scoreTolerance) {
			continue
		}
		source := "computed"
		if fallback {
			source = "recorded"
		}
		out = append(out, Finding{
			Rule:     RuleFundsScore,
			Severity: Error,
			Field:    "得分",
			Recorded: decimalString(*l.Score),
			Computed: scoreString(s),
			Line:     l.SourceLine,
			Message: fmt.Sprintf("%s: recorded budget score %s differs from 分值 %s × min(%s rate %s%%, 100%%) = %s.",
				fundsLabel(l), decimalString(*l.Score), decimalString(*l.Weight), source, decimalString(used.Round(2)), scoreString(s)),
		})
	}
	return results, append(out, checkBreakdown(f)...)
}

// checkRate compares the recorded rate with the computed one, allowing one
// unit in the last printed place.
func checkRate(l *normalize.Funds, rate decimal.Decimal) (Finding, bool) {
	places := printedPlaces(l)
	tolerance := decimal.New(1, -places)
	if l.Rate.Sub(rate).Abs().LessThanOrEqual(tolerance) {
		return Finding{}, false
	}
	computed := decimalString(rate.Round(max(places, 2)))
	return Finding{
		Rule:     RuleFundsRate,
		Severity: Error,
		Field:    "执行率",
		Recorded: l.Rate.StringFixed(places),
		Computed: computed,
		Line:     l.SourceLine,
		Message: fmt.Sprintf("%s: recorded execution rate %s%% differs from 全年执行数 %s / 全年预算数 %s = %s%% by more than %s.",
			fundsLabel(l), l.Rate.StringFixed(places), yuanString(*l.Executed), yuanString(*l.Budget), computed, decimalString(tolerance)),
	}, true
}

// fundsColumn is one amount column of the funds block.
type fundsColumn struct {
	label  string
	amount func(*normalize.Funds) *int64
}

var amountColumns = []fundsColumn{
	{"年初预算数", func(l *normalize.Funds) *int64 { return l.Initial }},
	{"全年预算数", func(l *normalize.Funds) *int64 { return l.Budget }},
	{"全年执行数", func(l *normalize.Funds) *int64 { return l.Executed }},
}

// partLines are the lines that make up the total, in printed order.
var partLines = []string{"fiscal", "carryover", "other"}

// checkBreakdown checks, column by column, that the total funds line is the
// sum of its parts.
func checkBreakdown(f *normalize.Form) []Finding {
	total := totalFunds(f)
	if total == nil {
		return nil
	}
	var out []Finding
	for _, col := range amountColumns {
		want := col.amount(total)
		if want == nil {
			continue
		}
		var sum int64
		var terms []string
		present := false
		for _, kind := range partLines {
			var part int64
			for i := range f.Funds {
				if l := &f.Funds[i]; l.Line == kind {
					if v := col.amount(l); v != nil {
						part += *v
						present = true
					}
				}
			}
			sum += part
			terms = append(terms, kind+" "+yuanString(part))
		}
		if !present || sum == *want {
			continue
		}
		out = append(out, Finding{
			Rule:     RuleFundsBreakdown,
			Severity: Error,
			Field:    col.label,
			Recorded: yuanString(*want),
			Computed: yuanString(sum),
			Line:     total.SourceLine,
			Message: fmt.Sprintf("%s: total %s 元 differs from %s = %s 元.",
				col.label, yuanString(*want), strings.Join(terms, " + "), yuanString(sum)),
		})
	}
	return out
}

// totalFunds is the first total line of the funds block, or nil.
func totalFunds(f *normalize.Form) *normalize.Funds {
	for i := range f.Funds {
		if f.Funds[i].Line == "total" {
			return &f.Funds[i]
		}
	}
	return nil
}
