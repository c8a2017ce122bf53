package score

import (
	"fmt"
	"slices"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// doubtCodes are the notes that put a number read through OCR in doubt.
var doubtCodes = map[string]bool{RuleOCRUncertain: true, RuleOCRRepaired: true, RuleFieldUnreadable: true}

// markOCRArtefacts tells, on a form read through OCR, which errors a
// doubtful number feeds: their messages say they are likely OCR artefacts
// and name the number, so that an auditor checks the scan before the form,
// and their Doubt holds the number for messages in other languages.
func markOCRArtefacts(f *normalize.Form, findings []Finding) {
	if !f.OCR {
		return
	}
	for i := range findings {
		fd := &findings[i]
		if fd.Severity != Error {
			continue
		}
		var cause *normalize.Note
		for k := range f.Notes {
			n := &f.Notes[k]
			if doubtCodes[n.Code] && feeds(f, *n, fd) && (cause == nil || doubtRank(*n) < doubtRank(*cause)) {
				cause = n
			}
		}
		if cause == nil {
			continue
		}
		fd.Doubt = &Doubt{Field: cause.Field, Printed: cause.Printed, Used: cause.Used}
		used := cause.Used
		if used == "" {
			used = "left blank"
		} else {
			used = "read as " + used
		}
		fd.Message += fmt.Sprintf(" The form was read by OCR, and %s (OCR read %q, %s) is in doubt: likely an OCR artefact.", cause.Field, cause.Printed, used)
	}
}

// doubtRank orders doubts by how likely they are to explain an error: a
// number OCR lost, one no check confirms, one it could not read, one it repaired.
func doubtRank(n normalize.Note) int {
	switch {
	case n.Code == RuleOCRUncertain && n.Used == "":
		return 0
	case n.Code == RuleOCRUncertain:
		return 1
	case n.Code == RuleFieldUnreadable:
		return 2
	}
	return 3
}

// feeds reports whether the number a note is about is one the check that
// made a finding reads: a doubt explains only an error whose arithmetic it
// enters. A note whose number cannot be placed on the form feeds nothing.
func feeds(f *normalize.Form, n normalize.Note, fd *Finding) bool {
	ref, ok := numberOf(f, n)
	if !ok {
		return false
	}
	switch fd.Rule {
	case RuleFundsRate:
		l := fundsAt(f, fd.Line)
		return l != nil && ref.funds == l && (ref.col == template.ColBudget || ref.col == template.ColExecuted || ref.col == template.ColRate)
	case RuleFundsScore:
		l := fundsAt(f, fd.Line)
		return l != nil && ref.funds == l && scoreReads(l, ref.col)
	case RuleFundsBreakdown:
		whole := fundsAt(f, fd.Line)
		if whole == nil || ref.funds == nil || ref.col != amountColumn[fd.Field] {
			return false
		}
		return ref.funds == whole || slices.Contains(parts(f)[whole.Line], ref.funds.Line)
	case RuleScoreRange:
		ind := ref.indicator
		// A negative score is out of range whatever the weight.
		return ind != nil && ind.SourceLine == fd.Line && !ind.Sub &&
			(ref.col == template.FieldScore || ref.col == template.FieldWeight && ind.Score != nil && !ind.Score.IsNegative())
	case RuleSectionWeight:
		if t := totalFunds(f); t != nil && fd.Line == t.SourceLine && fd.Field == fundsLabel(t)+" 分值" {
			return ref.funds == t && ref.col == template.ColWeight
		}
		if ref.section != "" {
			return ref.section == fd.Field
		}
		ind := ref.indicator
		return ind != nil && ref.col == template.FieldWeight && ind.Level1 == fd.Field && !ind.Sub && addsUpSection(f, fd)
	case RuleTotalWeight:
		if ref.total {
			return ref.col == template.FieldWeight
		}
		if ind := ref.indicator; ind != nil {
			return ref.col == template.FieldWeight && !ind.Sub
		}
		return ref.funds != nil && ref.funds == totalFunds(f) && ref.col == template.ColWeight
	case RuleTotalScore:
		if ref.total {
			return ref.col == template.FieldScore
		}
		if ind := ref.indicator; ind != nil {
			return ref.col == template.FieldScore && !ind.Sub
		}
		// The budget score counted is the total line's, recomputed when blank.
		t := totalFunds(f)
		return ref.funds != nil && ref.funds == t && (ref.col == template.ColScore || t.Score == nil && scoreReads(t, ref.col))
	}
	return false
}

// scoreReads reports whether the budget score of a funds line reads a
// column: the weight, the amounts its rate is computed from, the recorded
// rate only when it cannot be computed, and the recorded score.
func scoreReads(l *normalize.Funds, col string) bool {
	switch col {
	case template.ColWeight, template.ColBudget, template.ColExecuted, template.ColScore:
		return true
	case template.ColRate:
		return computedRate(l) == nil
	}
	return false
}

// addsUpSection tells a section.weight finding that adds up a 一级指标's
// indicator weights from one that holds its declared weight against the
// template's, by the figure it recomputed. Where the template's weight is
// also the sum, the two findings are alike and both count the indicators.
func addsUpSection(f *normalize.Form, fd *Finding) bool {
	sum := decimal.Zero
	for i := range f.Indicators {
		if ind := &f.Indicators[i]; ind.Level1 == fd.Field && !ind.Sub && ind.Weight != nil {
			sum = sum.Add(*ind.Weight)
		}
	}
	return fd.Computed == decimalString(sum)
}

// amountColumn maps the Field of a funds.breakdown finding to its column.
var amountColumn = map[string]string{
	"年初预算数": template.ColInitial,
	"全年预算数": template.ColBudget,
	"全年执行数": template.ColExecuted,
}

// formNumber is one number of a form a note can be about: a column of a
// funds line, an indicator's weight or score, a 一级指标's declared weight,
// or the total's weight or score.
type formNumber struct {
	funds     *normalize.Funds
	indicator *normalize.Indicator
	section   string
	total     bool
	col       string // template.Col* for funds; template.FieldWeight or FieldScore otherwise
}

// numberOf finds on the form the number a note is about by the place
// normalize gave it; false when the note names no number of the form.
func numberOf(f *normalize.Form, n normalize.Note) (formNumber, bool) {
	p := n.Place
	switch {
	case p.Column == "":
		return formNumber{}, false
	case p.Total:
		return formNumber{total: true, col: p.Column}, true
	case p.Section != "":
		ok := slices.ContainsFunc(f.Sections, func(s normalize.Section) bool { return s.Name == p.Section })
		return formNumber{section: p.Section, col: p.Column}, ok
	case p.Funds > 0 && p.Funds <= len(f.Funds):
		return formNumber{funds: &f.Funds[p.Funds-1], col: p.Column}, true
	case p.Indicator > 0 && p.Indicator <= len(f.Indicators):
		return formNumber{indicator: &f.Indicators[p.Indicator-1], col: p.Column}, true
	}
	return formNumber{}, false
}

// fundsAt is the first funds line printed on a source line, or nil.
func fundsAt(f *normalize.Form, line int) *normalize.Funds {
	for i := range f.Funds {
		if f.Funds[i].SourceLine == line {
			return &f.Funds[i]
		}
	}
	return nil
}
