package template

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// groups lists the label sets of a template that Match looks for: its
// title, every label only it prints, and each header field, funds column,
// funds line, goals label, indicator header label and the total label.
func (t *Template) groups() [][]string {
	g := [][]string{{t.Title}}
	for _, s := range t.Select {
		g = append(g, []string{s})
	}
	h := t.Header
	g = append(g, h.ProjectCode, h.ProjectName, h.Year, h.ImplementingUnit, h.BudgetUnit, t.Funds.Section, t.Funds.UnitLabels)
	for _, c := range t.Funds.Columns {
		g = append(g, t.Funds.ColumnLabels[c])
	}
	for _, l := range t.Funds.Lines {
		g = append(g, l.Labels)
	}
	g = append(g, t.Goals.Section, t.Goals.Expected, t.Goals.Actual, t.Goals.Row, t.Indicators.RowLabel, t.Total.Labels)
	for _, l := range t.Indicators.Header {
		g = append(g, []string{l})
	}
	return g
}

// Match counts the label sets of t that texts show: sets, not aliases, so
// that a template with many aliases for one label has no advantage.
// Spaces and punctuation are ignored, within each text.
func (t *Template) Match(texts []string) int {
	return t.matchKeys(keyText(texts), map[string]bool{})
}

// keyText folds texts with Key and joins them by a newline, which Key
// drops, so that a label's key is in the result only where it is in one
// text: one search of the whole instead of one per text.
func keyText(texts []string) string {
	var b strings.Builder
	for i, s := range texts {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(Key(s))
	}
	return b.String()
}

// matchKeys is Match of texts already folded by keyText. seen holds what
// text was found to hold of the label keys looked for before: templates
// share most of their labels, and Select looks for them all in one text.
func (t *Template) matchKeys(text string, seen map[string]bool) int {
	n := 0
	for _, labels := range t.groups() {
		if found(text, labels, seen) {
			n++
		}
	}
	return n
}

// found reports whether text, folded by keyText, holds one of labels.
func found(text string, labels []string, seen map[string]bool) bool {
	for _, l := range labels {
		lk := foldLabel(l).key
		if lk == "" {
			continue
		}
		in, ok := seen[lk]
		if !ok {
			in = strings.Contains(text, lk)
			seen[lk] = in
		}
		if in {
			return true
		}
	}
	return false
}

// Select returns the template of ts whose labels texts show most. Among
// templates that show as many, the first that prefer accepts wins (forms
// whose labels agree may still differ in what they print, such as the
// budget weight), else the first; prefer may be nil. It returns nil for no
// templates.
func Select(ts []*Template, texts []string, prefer func(*Template) bool) *Template {
	var tied []*Template
	best := -1
	text, seen := keyText(texts), map[string]bool{}
	for _, t := range ts {
		switch n := t.matchKeys(text, seen); {
		case n > best:
			best, tied = n, []*Template{t}
		case n == best:
			tied = append(tied, t)
		}
	}
	if len(tied) > 1 && prefer != nil {
		for _, t := range tied {
			if prefer(t) {
				return t
			}
		}
	}
	if len(tied) == 0 {
		return nil
	}
	return tied[0]
}

// Any returns a choice of templates: a template that finds forms by the
// labels of all of them and reads each form with the one that fits it (see
// Select; ts[0] wins ties). Where a template's columns are positional, the
// choice has those of ts[0]. Variants lists ts.
func Any(ts ...*Template) (*Template, error) {
	if len(ts) == 0 {
		return nil, errors.New("template: a choice needs at least one template")
	}
	names := map[string]bool{}
	for _, t := range ts {
		if t == nil || len(t.variants) > 0 || names[t.Name] {
			return nil, fmt.Errorf("template: cannot choose among %s: a nil or repeated template, or a choice itself", nameList(ts))
		}
		names[t.Name] = true
	}
	u := *ts[0]
	u.Name = "any"
	u.variants = append([]*Template(nil), ts...)
	u.Header, u.Goals, u.Select = Header{CodeInName: ts[0].Header.CodeInName}, Goals{}, nil
	u.Funds = Funds{Columns: ts[0].Funds.Columns, ColumnLabels: map[string][]string{}}
	u.Indicators = Indicators{Header: ts[0].Indicators.Header, Fields: ts[0].Indicators.Fields, Hints: ts[0].Indicators.Hints}
	u.Total = Total{Weight: ts[0].Total.Weight}
	lineAt := map[string]int{}
	levelAt := map[string]int{}
	for _, t := range ts {
		u.Select = merge(u.Select, t.Select)
		h := &u.Header
		h.ProjectCode = merge(h.ProjectCode, t.Header.ProjectCode)
		h.ProjectName = merge(h.ProjectName, t.Header.ProjectName)
		h.Year = merge(h.Year, t.Header.Year)
		h.ImplementingUnit = merge(h.ImplementingUnit, t.Header.ImplementingUnit)
		h.BudgetUnit = merge(h.BudgetUnit, t.Header.BudgetUnit)
		u.Funds.Section = merge(u.Funds.Section, t.Funds.Section)
		u.Funds.UnitLabels = merge(u.Funds.UnitLabels, t.Funds.UnitLabels)
		for col, ls := range t.Funds.ColumnLabels {
			u.Funds.ColumnLabels[col] = merge(u.Funds.ColumnLabels[col], ls)
		}
		for _, l := range t.Funds.Lines {
			if i, ok := lineAt[l.Line]; ok {
				u.Funds.Lines[i].Labels = merge(u.Funds.Lines[i].Labels, l.Labels)
				continue
			}
			lineAt[l.Line] = len(u.Funds.Lines)
			u.Funds.Lines = append(u.Funds.Lines, FundsLine{Line: l.Line, Labels: merge(nil, l.Labels), PartOf: l.PartOf})
		}
		g := &u.Goals
		g.Section = merge(g.Section, t.Goals.Section)
		g.Expected = merge(g.Expected, t.Goals.Expected)
		g.Actual = merge(g.Actual, t.Goals.Actual)
		g.Row = merge(g.Row, t.Goals.Row)
		u.Indicators.RowLabel = merge(u.Indicators.RowLabel, t.Indicators.RowLabel)
		u.Indicators.SubRow = merge(u.Indicators.SubRow, t.Indicators.SubRow)
		for _, l1 := range t.Indicators.Level1 {
			if i, ok := levelAt[l1.Name]; ok {
				u.Indicators.Level1[i].Level2 = merge(u.Indicators.Level1[i].Level2, l1.Level2)
				continue
			}
			levelAt[l1.Name] = len(u.Indicators.Level1)
			u.Indicators.Level1 = append(u.Indicators.Level1, Level1{Name: l1.Name, Level2: merge(nil, l1.Level2)})
		}
		u.Total.Labels = merge(u.Total.Labels, t.Total.Labels)
	}
	return &u, nil
}

// Variants returns the templates a choice reads forms with; nil for a
// plain template.
func (t *Template) Variants() []*Template {
	return append([]*Template(nil), t.variants...)
}

// WithVariants returns t's variants followed by t itself: every template
// whose labels a reader of t may meet.
func (t *Template) WithVariants() []*Template {
	return append(t.Variants(), t)
}

// Default returns a choice (see Any) of the built-in templates, the
// national one first so that it wins ties, followed by extra ones: adding
// a template is passing its parsed definition here.
func Default(extra ...*Template) (*Template, error) {
	ts, err := Builtin()
	if err != nil {
		return nil, err
	}
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Name == "national" && ts[j].Name != "national" })
	return Any(append(ts, extra...)...)
}

// merge appends to dst the labels of src it does not hold yet.
func merge(dst, src []string) []string {
	for _, s := range src {
		dup := false
		for _, d := range dst {
			dup = dup || d == s
		}
		if !dup {
			dst = append(dst, s)
		}
	}
	return dst
}

func nameList(ts []*Template) string {
	var names []string
	for _, t := range ts {
		if t == nil {
			names = append(names, "<nil>")
			continue
		}
		names = append(names, t.Name)
	}
	return strings.Join(names, ", ")
}
