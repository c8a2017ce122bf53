package score

import (
	"fmt"
	"slices"
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
		weight := lineWeight(f, l)
		if weight == nil || used == nil {
			continue
		}
		s := budgetScore(*weight, *used)
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
				fundsLabel(l), decimalString(*l.Score), decimalString(*weight), source, decimalString(used.Round(2)), scoreString(s)),
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

// lineWeight is the weight a funds line's score is computed with: the one
// printed, or for the total line the budget weight of the form's template.
func lineWeight(f *normalize.Form, l *normalize.Funds) *decimal.Decimal {
	if l.Weight == nil && l.Line == "total" {
		return f.Weights.Budget
	}
	return l.Weight
}

// defaultParts are the lines that make up the total, in printed order, on
// a form whose lines do not say what they are parts of.
var defaultParts = []string{"fiscal", "carryover", "other"}

// parts maps each funds line to the lines that make it up, in the order the
// form prints them.
func parts(f *normalize.Form) map[string][]string {
	out := map[string][]string{}
	for _, l := range f.Funds {
		if l.PartOf != "" && !slices.Contains(out[l.PartOf], l.Line) {
			out[l.PartOf] = append(out[l.PartOf], l.Line)
		}
	}
	if len(out) == 0 {
		out["total"] = defaultParts
	}
	return out
}

// checkBreakdown checks, column by column, that each funds line that has
// parts is their sum: the total of fiscal, carryover and other funds, and
// wherever a template says so, a line of its own parts.
func checkBreakdown(f *normalize.Form) []Finding {
	var out []Finding
	ps := parts(f)
	for i := range f.Funds {
		whole := &f.Funds[i]
		if parts, ok := ps[whole.Line]; ok && firstLine(f, whole.Line) == whole {
			out = append(out, checkParts(f, whole, parts)...)
		}
	}
	return out
}

// checkParts checks one line against the sum of its parts.
func checkParts(f *normalize.Form, whole *normalize.Funds, parts []string) []Finding {
	var out []Finding
	for _, col := range amountColumns {
		want := col.amount(whole)
		if want == nil {
			continue
		}
		var sum int64
		var terms []string
		present := false
		for _, kind := range parts {
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
		name := "total"
		if whole.Line != "total" {
			name = fundsLabel(whole)
		}
		out = append(out, Finding{
			Rule:     RuleFundsBreakdown,
			Severity: Error,
			Field:    col.label,
			Recorded: yuanString(*want),
			Computed: yuanString(sum),
			Line:     whole.SourceLine,
			Message: fmt.Sprintf("%s: %s %s 元 differs from %s = %s 元.",
				col.label, name, yuanString(*want), strings.Join(terms, " + "), yuanString(sum)),
		})
	}
	return out
}

// firstLine is the first funds line of a kind, or nil.
func firstLine(f *normalize.Form, kind string) *normalize.Funds {
	for i := range f.Funds {
		if f.Funds[i].Line == kind {
			return &f.Funds[i]
		}
	}
	return nil
}

// totalFunds is the first total line of the funds block, or nil.
func totalFunds(f *normalize.Form) *normalize.Funds {
	return firstLine(f, "total")
}
