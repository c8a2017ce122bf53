package score

import (
	"sort"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

// Result is what Check re-derives for one form.
type Result struct {
	Findings      []Finding
	Funds         []FundsResult   // one per form.Funds entry, same order
	ComputedTotal decimal.Decimal // budget score (recorded, or computed if blank) + all indicator scores
}

// FundsResult is the re-derived rate (percent) and budget score of one funds line; nil when not computable.
type FundsResult struct {
	Rate, Score *decimal.Decimal
}

// Check re-derives the arithmetic of f and reports every discrepancy,
// together with the repairs normalisation noted. It tolerates partial forms.
func Check(f *normalize.Form) Result {
	if f == nil {
		return Result{}
	}
	funds, findings := checkFunds(f)
	findings = append(findings, checkIndicators(f)...)
	findings = append(findings, checkSections(f)...)
	total, totals := checkTotal(f, funds)
	findings = append(findings, totals...)
	markOCRArtefacts(f, findings)
	findings = append(findings, noteFindings(f.Notes)...)
	sortFindings(findings)
	return Result{Findings: findings, Funds: funds, ComputedTotal: total}
}

// noteFindings turns the repairs and doubts of normalisation into warnings.
func noteFindings(notes []normalize.Note) []Finding {
	var out []Finding
	for _, n := range notes {
		out = append(out, Finding{
			Rule:     n.Code,
			Severity: Warning,
			Field:    n.Field,
			Recorded: n.Printed,
			Computed: n.Used,
			Line:     n.Line,
			Message:  n.Message,
		})
	}
	return out
}

// sortFindings orders findings by line, rule and field; ties keep the order
// in which the checks found them.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Field < b.Field
	})
}
