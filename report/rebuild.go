package report

import (
	"strconv"
	"strings"
	"sync"

	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// cell is one value of a rebuilt form. Mark is the severity of the worst
// finding that points at it, "" when none does.
type cell struct {
	Text string
	Mark string
}

// formView is a form rebuilt from the database as the printed form lays it
// out, with recomputed values beside recorded ones and offending cells marked.
type formView struct {
	Title      string
	Header     []headerField
	FundsCols  []column // the template's funds columns that the store keeps, in its order
	Funds      []fundsView
	GoalCols   [2]string // 预期目标, 实际完成情况
	Goals      []store.GoalRow
	IndCols    []column // the template's indicator columns that the store keeps, in its order
	Indicators []indicatorView
	TotalLabel string
	Total      totalView
}

type headerField struct {
	Label string
	Value cell
}

type fundsView struct {
	Label                             cell
	Initial, Budget, Executed, Weight cell
	Rate, RateComputed                cell
	Score, ScoreComputed              cell
	line                              int
	kind                              string
}

type indicatorView struct {
	Level1, Level2, Name, Target, Actual cell
	Weight, Score, ScoreComputed, Note   cell
	line                                 int
}

type totalView struct {
	Weight, Score, ScoreComputed cell
}

// builtinTemplates parses the shipped templates once, not once per form.
var builtinTemplates = sync.OnceValues(template.Builtin)

// templateSet finds the template a form was read with by its name.
type templateSet map[string]*template.Template

// newTemplateSet holds the built-in templates and stored, the definitions a
// database keeps of the templates it was imported with besides them.
func newTemplateSet(stored []*template.Template) templateSet {
	ts := templateSet{}
	for _, t := range stored {
		ts[t.Name] = t
	}
	if b, err := builtinTemplates(); err == nil {
		for _, t := range b {
			ts[t.Name] = t
		}
	}
	return ts
}

// of returns the template named name, or the national one for a name the
// set does not hold (a form stored before its definition was).
func (ts templateSet) of(name string) *template.Template {
	if t, ok := ts[name]; ok {
		return t
	}
	if t, ok := ts["national"]; ok {
		return t
	}
	return template.National()
}

// view lays f out under the template it was read with.
func (a *Audit) view(f *Form) *formView {
	return rebuild(f, a.templates.of(f.Template))
}

// rebuild lays f out as a formView under t, the template it was read with,
// and marks the cells its findings point at.
func rebuild(f *Form, t *template.Template) *formView {
	v := &formView{Title: t.Title, TotalLabel: template.FirstLabel(t.Total.Labels, "总分")}
	year := ""
	if f.Year != 0 {
		year = strconv.Itoa(f.Year)
	}
	l := t.Header.Labels()
	v.Header = []headerField{
		{l.ProjectCode, cell{Text: f.ProjectCode}},
		{l.ProjectName, cell{Text: f.ProjectName}},
		{l.Year, cell{Text: year}},
		{l.ImplementingUnit, cell{Text: f.ImplementingUnit}},
		{l.BudgetUnit, cell{Text: f.BudgetUnit}},
	}
	v.FundsCols, v.IndCols = fundsColumns(t), indicatorColumns(t)
	v.GoalCols = [2]string{template.FirstLabel(t.Goals.Expected, "预期目标"), template.FirstLabel(t.Goals.Actual, "实际完成情况")}
	v.Goals = f.Goals
	for _, l := range f.Funds {
		places := int32(max(l.RecordedRatePlaces, 2))
		v.Funds = append(v.Funds, fundsView{
			Label:         cell{Text: l.Label},
			Initial:       cell{Text: yuan(l.Initial)},
			Budget:        cell{Text: yuan(l.Budget)},
			Executed:      cell{Text: yuan(l.Executed)},
			Weight:        cell{Text: number(l.Weight)},
			Rate:          cell{Text: fixed(l.RecordedRate, int32(l.RecordedRatePlaces))},
			RateComputed:  cell{Text: rounded(l.ComputedRate, places)},
			Score:         cell{Text: number(l.RecordedScore)},
			ScoreComputed: cell{Text: rounded(l.ComputedScore, 2)},
			line:          l.SourceLine,
			kind:          l.Line,
		})
	}
	for _, ind := range f.Indicators {
		l1 := ind.Level1
		if ind.Level1Weight != nil {
			l1 += "(" + number(ind.Level1Weight) + "分)"
		}
		v.Indicators = append(v.Indicators, indicatorView{
			Level1: cell{Text: l1}, Level2: cell{Text: ind.Level2}, Name: cell{Text: ind.Name},
			Target: cell{Text: ind.Target}, Actual: cell{Text: ind.Actual},
			Weight: cell{Text: number(ind.Weight)}, Score: cell{Text: number(ind.Score)},
			Note: cell{Text: ind.Note}, line: ind.SourceLine,
		})
	}
	v.Total = totalView{
		Weight:        cell{Text: number(f.TotalWeight)},
		Score:         cell{Text: number(f.RecordedTotal)},
		ScoreComputed: cell{Text: rounded(f.ComputedTotal, 2)},
	}
	for _, fd := range f.Findings {
		v.mark(f, fd)
	}
	return v
}

// mark flags the cells finding fd points at.
func (v *formView) mark(f *Form, fd Finding) {
	sev := fd.Severity
	switch fd.Rule {
	case score.RuleFundsRate:
		v.fundsCell(fd.Line, "", func(l *fundsView) *cell { return &l.Rate }, sev)
	case score.RuleFundsScore:
		v.fundsCell(fd.Line, "", func(l *fundsView) *cell { return &l.Score }, sev)
	case score.RuleFundsBreakdown:
		if c := fundsColumn(fd.Field, v.FundsCols); c != nil {
			v.fundsCell(0, "total", c, sev)
		}
	case score.RuleScoreRange, score.RuleUnmetFullScore, score.RuleIndicatorFormula, score.RuleIndicatorBand:
		if ind := v.indicator(fd); ind != nil {
			ind.Score.flag(sev)
			if fd.Computed != "" {
				ind.ScoreComputed = cell{Text: fd.Computed, Mark: sev}
			}
		}
	case score.RuleYearMismatch:
		if ind := v.indicator(fd); ind != nil {
			ind.Target.flag(sev)
		}
	case score.RuleFundsLabelInferred:
		v.fundsCell(fd.Line, "", func(l *fundsView) *cell { return &l.Label }, sev)
	case score.RuleLabelInferred:
		if ind := v.indicator(fd); ind != nil {
			ind.Level2.flag(sev)
		}
	case score.RuleSectionWeight:
		for i := range v.Indicators {
			if f.Indicators[i].Level1 == fd.Field {
				v.Indicators[i].Level1.flag(sev)
			}
		}
	case score.RuleTotalWeight:
		v.Total.Weight.flag(sev)
	case score.RuleTotalScore, score.RuleTotalMissing:
		v.Total.Score.flag(sev)
	case score.RuleHeaderTruncated, score.RuleHeaderYearInferred, score.RuleHeaderRepaired, score.RuleHeaderLabelInferred, score.RuleHeaderBlank:
		for i := range v.Header {
			if v.Header[i].Label == fd.Field {
				v.Header[i].Value.flag(sev)
			}
		}
	default:
		v.markByLine(fd)
	}
}

// markByLine flags the cell a finding names by line and by the column label
// its field ends in ("年度资金总额 执行率", "总分 分值"), for the reading notes.
func (v *formView) markByLine(fd Finding) {
	if fd.Line == 0 {
		return
	}
	col := fd.Field
	if i := strings.LastIndexByte(col, ' '); i >= 0 {
		col = col[i+1:]
	}
	for i := range v.Funds {
		l := &v.Funds[i]
		if l.line != fd.Line {
			continue
		}
		if c := fundsColumn(col, v.FundsCols); c != nil {
			c(l).flag(fd.Severity)
		} else {
			l.Label.flag(fd.Severity)
		}
		return
	}
	for i := range v.Indicators {
		ind := &v.Indicators[i]
		if ind.line != fd.Line {
			continue
		}
		switch col {
		case v.IndLabel(template.FieldWeight):
			ind.Weight.flag(fd.Severity)
		case v.IndLabel(template.FieldScore):
			ind.Score.flag(fd.Severity)
		default:
			ind.Name.flag(fd.Severity)
		}
		return
	}
	if strings.HasPrefix(fd.Field, v.TotalLabel) {
		if col == v.IndLabel(template.FieldWeight) {
			v.Total.Weight.flag(fd.Severity)
		} else {
			v.Total.Score.flag(fd.Severity)
		}
	}
}

// fundsCell flags one cell of the funds line printed on line, or of the
// first line of kind when line is 0.
func (v *formView) fundsCell(line int, kind string, get func(*fundsView) *cell, sev string) {
	for i := range v.Funds {
		l := &v.Funds[i]
		if (line != 0 && l.line == line) || (line == 0 && l.kind == kind) {
			get(l).flag(sev)
			return
		}
	}
}

// indicator is the indicator row a finding concerns: on its line, preferring
// the row whose label is the finding's field.
func (v *formView) indicator(fd Finding) *indicatorView {
	var found *indicatorView
	for i := range v.Indicators {
		ind := &v.Indicators[i]
		if ind.line != fd.Line {
			continue
		}
		if ind.Name.Text == fd.Field || ind.Level2.Text == fd.Field {
			return ind
		}
		if found == nil {
			found = ind
		}
	}
	return found
}

// flag marks c with severity s unless a worse finding marked it already.
func (c *cell) flag(s string) {
	if c.Mark != string(score.Error) {
		c.Mark = s
	}
}

// yuan formats an amount in fen as 元 with two places; "" when blank.
func yuan(fen *int64) string {
	if fen == nil {
		return ""
	}
	return decimal.New(*fen, -2).StringFixed(2)
}

// number formats a decimal without trailing zeros; "" when blank.
func number(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return plain(*d)
}

// plain formats d without trailing zeros. Like score's formatting it does
// not rely on decimal's package-level switches, which any importer may flip.
func plain(d decimal.Decimal) string {
	s := d.StringFixed(max(-d.Exponent(), 0))
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// fixed formats d with places decimal places, as it was printed, or with
// its own digits when it has more; "" when blank.
func fixed(d *decimal.Decimal, places int32) string {
	if d == nil {
		return ""
	}
	s := plain(*d)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = max(places, int32(len(s)-i-1))
	}
	return d.StringFixed(places)
}

// rounded formats d rounded to places, without trailing zeros; "" when blank.
func rounded(d *decimal.Decimal, places int32) string {
	if d == nil {
		return ""
	}
	return plain(d.Round(places))
}
