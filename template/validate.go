package template

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

var (
	fundsColumns    = map[string]bool{ColInitial: true, ColBudget: true, ColExecuted: true, ColWeight: true, ColRate: true, ColScore: true, ColNote: true}
	indicatorFields = map[string]bool{FieldLevel1: true, FieldLevel2: true, FieldName: true, FieldOp: true, FieldTarget: true,
		FieldUnit: true, FieldActual: true, FieldWeight: true, FieldScore: true, FieldNote: true}
	headerFields = map[string]bool{"project_code": true, "project_name": true, "year": true, "implementing_unit": true, "budget_unit": true}
	blockNames   = map[string]bool{"funds": true, "goals": true, "indicators": true}
)

// validate checks what a definition's parts say about each other, so that
// a mistake in a new definition is an error when it is loaded, not a form
// misread later.
func (t *Template) validate() error {
	seen := map[string]bool{}
	for _, c := range t.Funds.Columns {
		if !fundsColumns[c] || seen[c] {
			return fmt.Errorf("funds column %q: unknown or repeated (want initial, budget, executed, weight, rate, score or note)", c)
		}
		seen[c] = true
	}
	lines := map[string]bool{}
	for _, l := range t.Funds.Lines {
		if l.Line == "" || lines[l.Line] || len(l.Labels) == 0 {
			return fmt.Errorf("funds line %q: a line needs a name of its own and at least one label", l.Line)
		}
		lines[l.Line] = true
	}
	for _, l := range t.Funds.Lines {
		if l.PartOf != "" && (!lines[l.PartOf] || l.PartOf == l.Line) {
			return fmt.Errorf("funds line %q is part of %q, which is no other line of the template", l.Line, l.PartOf)
		}
	}
	if err := t.validateFields(); err != nil {
		return err
	}
	if err := validWeight("total weight", t.Total.Weight); err != nil {
		return err
	}
	if err := validWeight("budget weight", t.Weights.Budget); err != nil {
		return err
	}
	level1 := map[string]bool{}
	for _, n := range t.Level1Names() {
		level1[n] = true
	}
	for name, w := range t.Weights.Level1 {
		if !level1[name] {
			return fmt.Errorf("weight for %q, which is no 一级指标 of the template", name)
		}
		if err := validWeight(name+" weight", w); err != nil {
			return err
		}
	}
	for name := range t.Indicators.Hints {
		if t.Level2Index(name) < 0 {
			return fmt.Errorf("hints for %q, which is no 二级指标 of the template", name)
		}
	}
	return t.Layout.validate(len(t.Indicators.Header) + 1)
}

func (t *Template) validateFields() error {
	if len(t.Indicators.Fields) == 0 {
		return nil
	}
	if len(t.Indicators.Fields) != len(t.Indicators.Header) {
		return fmt.Errorf("indicators: %d fields for %d header labels", len(t.Indicators.Fields), len(t.Indicators.Header))
	}
	seen := map[string]bool{}
	for _, f := range t.Indicators.Fields {
		if !indicatorFields[f] || seen[f] {
			return fmt.Errorf("indicator field %q: unknown or repeated", f)
		}
		seen[f] = true
	}
	if !seen[FieldName] || !seen[FieldScore] {
		return errors.New("indicators: the name and score fields are required")
	}
	return nil
}

func validWeight(what, s string) error {
	if s == "" {
		return nil
	}
	if _, err := decimal.NewFromString(s); err != nil {
		return fmt.Errorf("%s %q: not a number", what, s)
	}
	return nil
}

// validate checks a layout against the width of the form it prints: the
// label column and one column per indicator header label.
func (l *Layout) validate(width int) error {
	switch l.Year {
	case "", YearHeader, YearTitle, YearSubtitle:
	default:
		return fmt.Errorf("layout: year %q: want header, title or subtitle", l.Year)
	}
	switch l.FundsSection {
	case "", SectionRow, SectionColumn:
	default:
		return fmt.Errorf("layout: funds_section %q: want row or column", l.FundsSection)
	}
	seen := map[string]bool{}
	for _, b := range l.Blocks {
		if !blockNames[b] || seen[b] {
			return fmt.Errorf("layout: block %q: unknown or repeated (want funds, goals, indicators)", b)
		}
		seen[b] = true
	}
	if len(l.Blocks) != 0 && len(l.Blocks) != len(blockNames) {
		return errors.New("layout: blocks must name funds, goals and indicators")
	}
	for i, row := range l.Header {
		n := 0
		for _, c := range row {
			if !headerFields[c.Field] || c.Spans[0] < 1 || c.Spans[1] < 1 {
				return fmt.Errorf("layout: header row %d: field %q with spans %v", i+1, c.Field, c.Spans)
			}
			n += c.Spans[0] + c.Spans[1]
		}
		if n != width {
			return fmt.Errorf("layout: header row %d spans %d columns, the form %d", i+1, n, width)
		}
	}
	return nil
}
