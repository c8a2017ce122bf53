package normalize

import (
	"fmt"
	"slices"
	"strings"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

var (
	ocrHundred = decimal.NewFromInt(100)
	ocrCent    = decimal.New(1, -2)
)

// ocrFieldsOf lists the numbers of a form and the checks of its arithmetic
// they take part in: funds lines that add up to their whole, each rate
// against its amounts, the budget score against its weight and rate, the
// 一级指标 weights against their indicators, the total weight and score.
func ocrFieldsOf(f *Form, r *extract.RawForm, t *template.Template) ([]*ocrField, []*ocrCheck) {
	var fields []*ocrField
	doubts := map[int][]extract.OCRDoubt{}
	for _, d := range r.Doubts {
		doubts[d.Line] = append(doubts[d.Line], d)
	}
	newField := func(name string, at extract.Place, line int, printed string, kind ocrKind, unit string, value *decimal.Decimal, store func(*decimal.Decimal) bool) *ocrField {
		fd := &ocrField{name: name, place: at, line: line, printed: printed, kind: kind, value: value, store: store,
			reading: readOCRNumber(printed, kind, unit)}
		var words []string
		for _, d := range doubts[line] {
			if d.Cell != printed || printed == "" {
				continue
			}
			w := fmt.Sprintf("%q", d.Word)
			if d.Conf >= 0 {
				w += fmt.Sprintf(" (%.0f%%)", d.Conf)
			}
			if d.Other != "" {
				w += fmt.Sprintf(", read %q on the whole page", d.Other)
				fd.reading.alsoRead(readOCRNumber(d.Other, kind, unit), d.Other)
			}
			words = append(words, w)
		}
		fd.doubt = strings.Join(words, ", ")
		fields = append(fields, fd)
		return fd
	}
	shift := int32(2)
	if f.AmountUnit == "万元" {
		shift = 6
	}
	money := func(p **int64) (*decimal.Decimal, func(*decimal.Decimal) bool) {
		var v *decimal.Decimal
		if *p != nil {
			d := decimal.New(**p, -shift)
			v = &d
		}
		return v, func(d *decimal.Decimal) bool {
			fen := d.Shift(shift)
			if !fen.Equal(fen.Truncate(0)) || !fen.BigInt().IsInt64() {
				return false
			}
			n := fen.IntPart()
			*p = &n
			return true
		}
	}
	score := func(p **decimal.Decimal) (*decimal.Decimal, func(*decimal.Decimal) bool) {
		return *p, func(d *decimal.Decimal) bool {
			v := *d
			*p = &v
			return true
		}
	}

	// Funds: one field per printed column.
	funds := make([]ocrFunds, len(f.Funds))
	for i := range f.Funds {
		if i >= len(r.Funds) {
			break
		}
		fl, raw := &f.Funds[i], r.Funds[i]
		funds[i].line = fl
		total := fl.Line == "total"
		for k, col := range t.Funds.Columns {
			printed := ""
			if k < len(raw.Values) {
				printed = raw.Values[k]
			}
			name, at := fl.Label+" "+t.ColumnLabel(col), extract.Place{Funds: i + 1, Column: col}
			var fd *ocrField
			switch col {
			case template.ColInitial:
				v, st := money(&fl.Initial)
				fd = newField(name, at, fl.SourceLine, printed, ocrMoney, f.AmountUnit, v, st)
				funds[i].initial = fd
			case template.ColBudget:
				v, st := money(&fl.Budget)
				fd = newField(name, at, fl.SourceLine, printed, ocrMoney, f.AmountUnit, v, st)
				fd.expected = true
				funds[i].budget = fd
			case template.ColExecuted:
				v, st := money(&fl.Executed)
				fd = newField(name, at, fl.SourceLine, printed, ocrMoney, f.AmountUnit, v, st)
				fd.expected = true
				funds[i].executed = fd
			case template.ColWeight:
				v, st := score(&fl.Weight)
				fd = newField(name, at, fl.SourceLine, printed, ocrScore, "", v, st)
				fd.expected = total
				funds[i].weight = fd
			case template.ColRate:
				fd = newField(name, at, fl.SourceLine, printed, ocrPercent, "", fl.Rate, func(d *decimal.Decimal) bool {
					v := *d
					fl.Rate, fl.RatePlaces = &v, max(fd.reading.places, places(v))
					return true
				})
				fd.expected = total
				funds[i].rate = fd
			case template.ColScore:
				v, st := score(&fl.Score)
				fd = newField(name, at, fl.SourceLine, printed, ocrScore, "", v, st)
				fd.expected = total
				funds[i].score = fd
			}
			// A note column holds text, which no check reads.
			if fd != nil && raw.Unplaced && printed != "" {
				fd.unplaced = fmt.Sprintf("line %d prints only %d numbers, in text that keeps no cell positions: they were placed left to right, so which column this one is in is a guess", fl.SourceLine, len(raw.Values))
			}
		}
	}
	// An initial budget is blank on some forms; where other lines print
	// one, a blank one was lost.
	for _, ff := range funds {
		for _, o := range funds {
			if ff.initial != nil && o.initial != nil && o.initial.printed != "" {
				ff.initial.expected = true
			}
		}
	}

	// Indicators, the 一级指标 weights and the total.
	weights := make([]*ocrField, len(f.Indicators))
	scores := make([]*ocrField, len(f.Indicators))
	for i := range f.Indicators {
		if i >= len(r.Indicators) {
			break
		}
		ind, raw := &f.Indicators[i], r.Indicators[i]
		wv, wst := score(&ind.Weight)
		weights[i] = newField(ind.Name+" "+columnName(t, template.FieldWeight, "分值"), extract.Place{Indicator: i + 1, Column: template.FieldWeight}, ind.SourceLine, raw.Weight, ocrScore, "", wv, wst)
		sv, sst := score(&ind.Score)
		scores[i] = newField(ind.Name+" "+columnName(t, template.FieldScore, "得分"), extract.Place{Indicator: i + 1, Column: template.FieldScore}, ind.SourceLine, raw.Score, ocrScore, "", sv, sst)
		weights[i].expected, scores[i].expected = !ind.Sub, !ind.Sub
	}
	sections := map[string]*ocrField{}
	for k := range f.Sections {
		s := &f.Sections[k]
		line := 0
		for _, ind := range f.Indicators {
			if ind.Level1 == s.Name {
				line = ind.SourceLine
				break
			}
		}
		printed := ""
		if s.Weight != nil {
			printed = "(" + s.Weight.String() + "分)"
		}
		fd := newField(s.Name+" 分值", extract.Place{Section: s.Name, Column: template.FieldWeight}, line, printed, ocrScore, "", s.Weight, func(d *decimal.Decimal) bool { return false })
		fd.reading = ocrReading{clean: true}
		fd.expected = line > 0
		sections[s.Name] = fd
	}
	// A form always prints its 总分 row; where OCR lost it, its numbers
	// are doubted on the last line of the form.
	total := extract.RawTotal{Line: f.LineTo}
	if r.Total != nil {
		total = *r.Total
	} else {
		f.TotalLine = f.LineTo
	}
	v, st := score(&f.TotalWeight)
	totalWeight := newField("总分 分值", extract.Place{Total: true, Column: template.FieldWeight}, f.TotalLine, total.Weight, ocrScore, "", v, st)
	totalWeight.expected = true
	v, st = score(&f.TotalScore)
	totalScore := newField("总分", extract.Place{Total: true, Column: template.FieldScore}, f.TotalLine, total.Score, ocrScore, "", v, st)
	totalScore.expected = true
	return fields, ocrChecksOf(f, funds, weights, scores, sections, totalWeight, totalScore)
}

// ocrFunds are the fields of one funds line.
type ocrFunds struct {
	line                                           *Funds
	initial, budget, executed, weight, rate, score *ocrField
}

// ocrChecksOf lists the checks of a form's arithmetic over its fields.
func ocrChecksOf(f *Form, funds []ocrFunds, weights, scores []*ocrField, sections map[string]*ocrField, totalWeight, totalScore *ocrField) []*ocrCheck {
	var checks []*ocrCheck
	// Each line with parts is their sum, column by column.
	parts := map[string][]string{}
	for _, fl := range f.Funds {
		if fl.PartOf != "" {
			parts[fl.PartOf] = append(parts[fl.PartOf], fl.Line)
		}
	}
	if len(parts) == 0 {
		parts["total"] = []string{"fiscal", "carryover", "other"}
	}
	for _, whole := range funds {
		if whole.line == nil {
			continue
		}
		kinds, ok := parts[whole.line.Line]
		if !ok {
			continue
		}
		cols := []struct {
			label string
			get   func(ocrFunds) *ocrField
		}{
			{"年初预算数", func(x ocrFunds) *ocrField { return x.initial }},
			{"全年预算数", func(x ocrFunds) *ocrField { return x.budget }},
			{"全年执行数", func(x ocrFunds) *ocrField { return x.executed }},
		}
		for _, col := range cols {
			w := col.get(whole)
			if w == nil {
				continue
			}
			c := &ocrCheck{what: fmt.Sprintf("%s %s = the sum of its parts", whole.line.Label, col.label), members: []*ocrField{w}, coefs: []int64{1}}
			for _, part := range funds {
				if part.line == nil || !contains(kinds, part.line.Line) {
					continue
				}
				if p := col.get(part); p != nil {
					c.members = append(c.members, p)
					c.coefs = append(c.coefs, -1)
				}
			}
			if len(c.members) > 1 {
				checks = append(checks, c)
			}
		}
		break
	}
	for _, x := range funds {
		if x.line == nil {
			continue
		}
		checks = append(checks, ocrRateCheck(x)...)
		checks = append(checks, ocrBudgetScoreCheck(f, x)...)
	}
	// Each 一级指标's indicator weights add up to its declared weight. The
	// sections are taken in the form's order, not the map's: the checks'
	// order is their notes' order, and an import stores the same rows twice.
	for k, s := range f.Sections {
		name, sec := s.Name, sections[s.Name]
		if slices.ContainsFunc(f.Sections[:k], func(o Section) bool { return o.Name == name }) {
			continue
		}
		c := &ocrCheck{what: name + " 分值 = the sum of its indicators' 分值", members: []*ocrField{sec}, coefs: []int64{-1}}
		for i, ind := range f.Indicators {
			if ind.Level1 == name && !ind.Sub && weights[i] != nil {
				c.members = append(c.members, weights[i])
				c.coefs = append(c.coefs, 1)
			}
		}
		if len(c.members) > 1 {
			checks = append(checks, c)
		}
	}
	// The budget weight and the indicator weights add up to the total
	// weight; the budget score and the indicator scores to the total.
	var budgetWeight, budgetScore *ocrField
	for _, x := range funds {
		if x.line != nil && x.line.Line == "total" {
			budgetWeight, budgetScore = x.weight, x.score
			break
		}
	}
	tw := &ocrCheck{what: "总分 分值 = budget 分值 + the indicators' 分值"}
	ts := &ocrCheck{what: "总分 = budget 得分 + the indicators' 得分", tol: ocrCent}
	switch {
	case totalWeight != nil && (totalWeight.value != nil || totalWeight.printed != ""):
		tw.members, tw.coefs = []*ocrField{totalWeight}, []int64{-1}
	case f.Weights.Total != nil:
		tw.constant = f.Weights.Total.Neg()
	default:
		tw.constant = ocrHundred.Neg()
	}
	if totalScore != nil {
		ts.members, ts.coefs = []*ocrField{totalScore}, []int64{-1}
	}
	if budgetWeight != nil {
		tw.members, tw.coefs = append(tw.members, budgetWeight), append(tw.coefs, 1)
	} else if f.Weights.Budget != nil {
		tw.constant = tw.constant.Add(*f.Weights.Budget)
	}
	if budgetScore != nil {
		ts.members, ts.coefs = append(ts.members, budgetScore), append(ts.coefs, 1)
	}
	for i, ind := range f.Indicators {
		if ind.Sub {
			continue
		}
		if weights[i] != nil {
			tw.members, tw.coefs = append(tw.members, weights[i]), append(tw.coefs, 1)
		}
		if scores[i] != nil {
			ts.members, ts.coefs = append(ts.members, scores[i]), append(ts.coefs, 1)
		}
	}
	checks = append(checks, tw)
	if totalScore != nil && budgetScore != nil {
		checks = append(checks, ts)
	}
	// No indicator scores above its weight: a check that confirms nothing,
	// but when it fails, one of the two was likely misread.
	for i := range f.Indicators {
		w, s := weights[i], scores[i]
		if w == nil || s == nil {
			continue
		}
		checks = append(checks, &ocrCheck{
			what: fmt.Sprintf("%s 得分 ≤ 分值", f.Indicators[i].Name), members: []*ocrField{w, s}, confirms: []bool{false, false},
			eval: func() (bool, bool) {
				if w.value == nil || s.value == nil {
					return false, false
				}
				return s.value.LessThanOrEqual(*w.value) && !s.value.IsNegative(), true
			},
		})
	}
	return checks
}

// ocrRateCheck checks a printed rate against its amounts, strictly: it must
// be the rate rounded or cut to the places printed. Only the rate is
// confirmed: a rate does not see the last digits of an amount.
func ocrRateCheck(x ocrFunds) []*ocrCheck {
	if x.rate == nil || x.budget == nil || x.executed == nil {
		return nil
	}
	rate, budget, executed := x.rate, x.budget, x.executed
	return []*ocrCheck{{
		what:     x.line.Label + " 执行率 = 全年执行数 / 全年预算数",
		members:  []*ocrField{rate, budget, executed},
		confirms: []bool{true, false, false},
		eval: func() (bool, bool) {
			if rate.value == nil || budget.value == nil || executed.value == nil || budget.value.IsZero() {
				return false, false
			}
			exact := executed.value.Mul(ocrHundred).DivRound(*budget.value, 10)
			places := max(rate.reading.places, places(*rate.value))
			return rate.value.Equal(exact.Round(places)) || rate.value.Equal(exact.Truncate(places)), true
		},
	}}
}

// ocrBudgetScoreCheck checks the budget score: 分值 × min(执行率, 100%),
// with the rate its amounts give, or the printed one.
func ocrBudgetScoreCheck(f *Form, x ocrFunds) []*ocrCheck {
	if x.score == nil || x.line.Line != "total" {
		return nil
	}
	weight, score := x.weight, x.score
	members := []*ocrField{score}
	confirms := []bool{true}
	if weight != nil {
		members, confirms = append(members, weight), append(confirms, true)
	}
	return []*ocrCheck{{
		what:     x.line.Label + " 得分 = 分值 × 执行率",
		members:  members,
		confirms: confirms,
		eval: func() (bool, bool) {
			w := f.Weights.Budget
			if weight != nil {
				w = weight.value
			}
			var rate *decimal.Decimal
			if x.budget != nil && x.executed != nil && x.budget.value != nil && x.executed.value != nil && !x.budget.value.IsZero() {
				r := x.executed.value.Mul(ocrHundred).DivRound(*x.budget.value, 10)
				rate = &r
			} else if x.rate != nil {
				rate = x.rate.value
			}
			if w == nil || rate == nil || score.value == nil {
				return false, false
			}
			want := w.Mul(decimal.Min(*rate, ocrHundred)).Div(ocrHundred)
			return score.value.Sub(want).Abs().LessThanOrEqual(ocrCent), true
		},
	}}
}

// places is the number of decimal places a value carries.
func places(d decimal.Decimal) int32 {
	return max(-d.Exponent(), 0)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
