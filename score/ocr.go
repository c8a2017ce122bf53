package score

import (
	"fmt"
	"slices"
	"strings"
	"sync"

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

// numberOf places the number a note is about by its field, which normalize
// writes as the row's label, a space and the column's printed label; false
// when the note names no number of the form.
func numberOf(f *normalize.Form, n normalize.Note) (formNumber, bool) {
	switch n.Field {
	case "总分":
		return formNumber{total: true, col: template.FieldScore}, true
	case "总分 分值":
		return formNumber{total: true, col: template.FieldWeight}, true
	}
	for _, s := range f.Sections {
		if n.Field == s.Name+" 分值" {
			return formNumber{section: s.Name, col: template.FieldWeight}, true
		}
	}
	cols := printedColumns()
	for i := range f.Funds {
		l := &f.Funds[i]
		if label, ok := strings.CutPrefix(n.Field, l.Label+" "); ok && l.SourceLine == n.Line {
			if col := cols.funds[label]; col != "" {
				return formNumber{funds: l, col: col}, true
			}
		}
	}
	for i := range f.Indicators {
		ind := &f.Indicators[i]
		if label, ok := strings.CutPrefix(n.Field, ind.Name+" "); ok && ind.SourceLine == n.Line {
			if col := cols.indicators[label]; col != "" {
				return formNumber{indicator: ind, col: col}, true
			}
		}
	}
	return formNumber{}, false
}

// columnLabels maps the printed labels of the funds and indicator columns
// that hold numbers onto the columns they name; "" for a label that names
// different columns in different templates, and so none.
type columnLabels struct{ funds, indicators map[string]string }

// nameColumn records that label names col.
func nameColumn(m map[string]string, label, col string) {
	if prev, ok := m[label]; ok && prev != col {
		col = ""
	}
	m[label] = col
}

// printedColumns reads the labels notes name columns by from the built-in
// templates: the first label of each funds column (or its name, where a
// template gives none) and the 分值 and 得分 header labels.
var printedColumns = sync.OnceValue(func() columnLabels {
	ts, err := template.Builtin()
	if err != nil {
		panic(err) // the embedded definitions are part of the binary and tested
	}
	cols := columnLabels{funds: map[string]string{}, indicators: map[string]string{}}
	for _, c := range []string{template.ColInitial, template.ColBudget, template.ColExecuted, template.ColWeight, template.ColRate, template.ColScore} {
		nameColumn(cols.funds, c, c)
	}
	// normalize names an indicator's numbers 分值 and 得分 where its template prints no header.
	nameColumn(cols.indicators, "分值", template.FieldWeight)
	nameColumn(cols.indicators, "得分", template.FieldScore)
	for _, t := range ts {
		for _, c := range t.Funds.Columns {
			if c != template.ColNote {
				nameColumn(cols.funds, t.ColumnLabel(c), c)
			}
		}
		for _, c := range []string{template.FieldWeight, template.FieldScore} {
			if l := t.IndicatorLabel(c); l != "" {
				nameColumn(cols.indicators, l, c)
			}
		}
	}
	return cols
})

// fundsAt is the first funds line printed on a source line, or nil.
func fundsAt(f *normalize.Form, line int) *normalize.Funds {
	for i := range f.Funds {
		if f.Funds[i].SourceLine == line {
			return &f.Funds[i]
		}
	}
	return nil
}
