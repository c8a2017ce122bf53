// Package template describes evaluation-form templates as data: their labels,
// aliases, funds lines, indicator columns and hierarchy, the weights their
// notes prescribe, and how they are printed. See README.md for the format.
package template

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed templates/*.json
var builtin embed.FS

// Template is one form layout, loaded from a JSON definition.
type Template struct {
	Name       string     `json:"name,omitempty"`
	Title      string     `json:"title,omitempty"`
	Basis      string     `json:"basis,omitempty"`
	Select     []string   `json:"select,omitempty"` // labels only this template prints, counted by Select
	Header     Header     `json:"header,omitzero"`
	Funds      Funds      `json:"funds,omitzero"`
	Goals      Goals      `json:"goals,omitzero"`
	Indicators Indicators `json:"indicators,omitzero"`
	Total      Total      `json:"total,omitzero"`
	Weights    Weights    `json:"weights,omitzero"`
	Layout     Layout     `json:"layout,omitzero"`

	variants []*Template // the templates a choice (see Any) reads forms with
}

// Header lists the aliases of each header field's label.
type Header struct {
	ProjectCode      []string `json:"project_code,omitempty"`
	ProjectName      []string `json:"project_name,omitempty"`
	Year             []string `json:"year,omitempty"`
	ImplementingUnit []string `json:"implementing_unit,omitempty"`
	BudgetUnit       []string `json:"budget_unit,omitempty"`
	// CodeInName is true when the form prints no 项目编码 of its own but
	// starts the 项目名称 with it ("51000021R000000019951-工资性支出").
	CodeInName bool `json:"code_in_name,omitempty"`
}

// Funds describes the funds block: its amount columns in printed order and its lines.
type Funds struct {
	Section      []string            `json:"section,omitempty"` // labels that open the block, e.g. 资金使用情况
	UnitLabels   []string            `json:"unit_labels,omitempty"`
	Columns      []string            `json:"columns,omitempty"`
	ColumnLabels map[string][]string `json:"column_labels,omitempty"`
	Lines        []FundsLine         `json:"lines,omitempty"`
}

// FundsLine maps printed labels onto a line. The canonical lines are total,
// fiscal, carryover and other; a line that means none of them keeps a name
// of its own. PartOf names the line this one is a part of: the parts of a
// line add up to it.
type FundsLine struct {
	Line   string   `json:"line,omitempty"`
	Labels []string `json:"labels,omitempty"`
	PartOf string   `json:"part_of,omitempty"`
}

// Goals lists the labels of the goals block.
type Goals struct {
	Section  []string `json:"section,omitempty"`
	Expected []string `json:"expected,omitempty"`
	Actual   []string `json:"actual,omitempty"`
	Row      []string `json:"row,omitempty"`
}

// Indicators describes the indicator table.
type Indicators struct {
	Header []string `json:"header,omitempty"` // column labels in printed order
	// Fields names what each header column holds (see IndicatorFields);
	// empty means the national order.
	Fields   []string            `json:"fields,omitempty"`
	RowLabel []string            `json:"row_label,omitempty"`
	SubRow   []string            `json:"sub_row,omitempty"` // prefixes of rows that detail the row above and are never scored (其中)
	Level1   []Level1            `json:"level1,omitempty"`
	Hints    map[string][]string `json:"hints,omitempty"`
}

// Level1 is a 一级指标 with its 二级指标 in template order.
type Level1 struct {
	Name   string   `json:"name,omitempty"`
	Level2 []string `json:"level2,omitempty"`
}

// Total describes the 总分 row.
type Total struct {
	Labels []string `json:"labels,omitempty"`
	Weight string   `json:"weight,omitempty"`
}

// Weights are the weights the template's notes prescribe, as decimal
// strings; blank where the template prescribes none.
type Weights struct {
	Budget string            `json:"budget,omitempty"` // the budget execution (预算执行率) weight
	Level1 map[string]string `json:"level1,omitempty"` // 一级指标 weights by name
}

// Funds columns a template may print.
const (
	ColInitial  = "initial"
	ColBudget   = "budget"
	ColExecuted = "executed"
	ColWeight   = "weight"
	ColRate     = "rate"
	ColScore    = "score"
	ColNote     = "note"
)

// Indicator fields a column of the indicator table may hold.
const (
	FieldLevel1 = "level1"
	FieldLevel2 = "level2"
	FieldName   = "name"
	FieldOp     = "op" // the comparator of the target (指标性质), when printed apart
	FieldTarget = "target"
	FieldUnit   = "unit" // the unit of the target (度量单位), when printed apart
	FieldActual = "actual"
	FieldWeight = "weight"
	FieldScore  = "score"
	FieldNote   = "note"
)

// nationalFields is the order of the national indicator table, the default.
var nationalFields = []string{FieldLevel1, FieldLevel2, FieldName, FieldTarget, FieldActual, FieldWeight, FieldScore, FieldNote}

// Parse reads a template definition from JSON and checks that it is complete
// and consistent.
func Parse(data []byte) (*Template, error) {
	var t Template
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	if t.Name == "" {
		return nil, fmt.Errorf("template: definition has no name")
	}
	if len(t.Funds.Columns) == 0 || len(t.Indicators.Level1) == 0 {
		return nil, fmt.Errorf("template %s: funds columns and indicator levels are required", t.Name)
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("template %s: %w", t.Name, err)
	}
	return &t, nil
}

// Builtin returns the templates shipped with formaudit, sorted by name.
func Builtin() ([]*Template, error) {
	var out []*Template
	err := eachBuiltin(func(t *Template, _ []byte) bool {
		out = append(out, t)
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// eachBuiltin parses the shipped definitions and calls fn with each and
// its JSON until fn returns false.
func eachBuiltin(fn func(t *Template, data []byte) bool) error {
	entries, err := builtin.ReadDir("templates")
	if err != nil {
		return err
	}
	for _, e := range entries {
		data, err := builtin.ReadFile("templates/" + e.Name())
		if err != nil {
			return err
		}
		t, err := Parse(data)
		if err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
		if !fn(t, data) {
			return nil
		}
	}
	return nil
}

// BuiltinDefinition returns the JSON definition of the built-in template
// named name, as shipped.
func BuiltinDefinition(name string) ([]byte, error) {
	var def []byte
	err := eachBuiltin(func(t *Template, data []byte) bool {
		if t.Name == name {
			def = data
		}
		return def == nil
	})
	if err == nil && def == nil {
		err = fmt.Errorf("template: no built-in definition named %q", name)
	}
	return def, err
}

// National returns the national template (财预〔2020〕10号).
func National() *Template {
	t, err := builtinNamed("national")
	if err != nil {
		panic(err) // the embedded definitions are part of the binary and tested
	}
	return t
}

// IsBuiltin reports whether a template shipped with formaudit is named name.
func IsBuiltin(name string) bool { return builtinNames()[name] }

// builtinNames are the shipped templates' names, parsed once.
var builtinNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	err := eachBuiltin(func(t *Template, _ []byte) bool {
		names[t.Name] = true
		return true
	})
	if err != nil {
		panic(err) // the embedded definitions are part of the binary and tested
	}
	return names
})

// builtinNamed returns the shipped template of that name.
func builtinNamed(name string) (*Template, error) {
	ts, err := Builtin()
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Name == name {
			return t, nil
		}
	}
	return nil, fmt.Errorf("template: no built-in definition named %q", name)
}

// SubRow reports whether text opens with one of the prefixes of rows that
// detail the row above and are never scored (其中…), compared as keys, so
// that the prefix is found however the text is spaced or punctuated.
func (t *Template) SubRow(text string) bool {
	k := Key(text)
	for _, p := range t.Indicators.SubRow {
		if pk := Key(p); pk != "" && strings.HasPrefix(k, pk) {
			return true
		}
	}
	return false
}

// FirstLabel is the first of labels, the one a form of the template prints,
// or fallback where the template lists none.
func FirstLabel(labels []string, fallback string) string {
	if len(labels) > 0 {
		return labels[0]
	}
	return fallback
}

// HeaderLabels are the labels a form prints its header fields under.
type HeaderLabels struct {
	ProjectCode, ProjectName, Year, ImplementingUnit, BudgetUnit string
}

// Labels returns the label each header field is printed under: its first
// alias, or the national form's label where h lists none.
func (h Header) Labels() HeaderLabels {
	return HeaderLabels{
		ProjectCode:      FirstLabel(h.ProjectCode, "项目编码"),
		ProjectName:      FirstLabel(h.ProjectName, "项目名称"),
		Year:             FirstLabel(h.Year, "绩效自评年度"),
		ImplementingUnit: FirstLabel(h.ImplementingUnit, "实施单位"),
		BudgetUnit:       FirstLabel(h.BudgetUnit, "一级预算单位"),
	}
}

// Level1Of returns the 一级指标 that a 二级指标 belongs to.
func (t *Template) Level1Of(level2 string) (string, bool) {
	for _, l1 := range t.Indicators.Level1 {
		for _, l2 := range l1.Level2 {
			if l2 == level2 {
				return l1.Name, true
			}
		}
	}
	return "", false
}

// Level1Names lists the 一级指标 names in template order.
func (t *Template) Level1Names() []string {
	out := make([]string, len(t.Indicators.Level1))
	for i, l1 := range t.Indicators.Level1 {
		out[i] = l1.Name
	}
	return out
}

// Level2Names lists every 二级指标 name in template order.
func (t *Template) Level2Names() []string {
	var out []string
	for _, l1 := range t.Indicators.Level1 {
		out = append(out, l1.Level2...)
	}
	return out
}

// Level2Index is the position of a 二级指标 in template order, or -1.
func (t *Template) Level2Index(level2 string) int {
	for i, n := range t.Level2Names() {
		if n == level2 {
			return i
		}
	}
	return -1
}

// IndicatorFields names what each column of the indicator header holds.
func (t *Template) IndicatorFields() []string {
	if len(t.Indicators.Fields) > 0 {
		return t.Indicators.Fields
	}
	return nationalFields
}

// IndicatorLabel returns the printed header label of an indicator field, or "".
func (t *Template) IndicatorLabel(field string) string {
	for i, f := range t.IndicatorFields() {
		if f == field && i < len(t.Indicators.Header) {
			return t.Indicators.Header[i]
		}
	}
	return ""
}

// ColumnLabel returns the first label of a funds column, or the column's name.
func (t *Template) ColumnLabel(col string) string {
	if ls := t.Funds.ColumnLabels[col]; len(ls) > 0 {
		return ls[0]
	}
	return col
}

// FundsLine maps a printed funds label onto the line it names: the line
// with the longest label the text holds, else the line with a label the
// text is a damaged copy of.
func (t *Template) FundsLine(label string) (FundsLine, bool) {
	key := Key(label)
	best, bestLen := -1, 0
	for i, l := range t.Funds.Lines {
		for _, a := range l.Labels {
			if ak := foldLabel(a); ak.runes > bestLen && strings.Contains(key, ak.key) {
				best, bestLen = i, ak.runes
			}
		}
	}
	if best >= 0 {
		return t.Funds.Lines[best], true
	}
	if key == "" {
		return FundsLine{}, false
	}
	n := utf8.RuneCountInString(key)
	for _, l := range t.Funds.Lines {
		if _, ok := closestKey(key, n, l.Labels); ok {
			return l, true
		}
	}
	return FundsLine{}, false
}

// FundsLineOf maps a printed funds label onto its line's name.
func (t *Template) FundsLineOf(label string) (string, bool) {
	l, ok := t.FundsLine(label)
	return l.Line, ok
}
