// Package template describes evaluation-form templates as data: their labels,
// aliases, funds lines, indicator hierarchy and weights.
package template

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
)

//go:embed templates/*.json
var builtin embed.FS

// Template is one form layout, loaded from a JSON definition.
type Template struct {
	Name       string     `json:"name"`
	Title      string     `json:"title"`
	Basis      string     `json:"basis"`
	Header     Header     `json:"header"`
	Funds      Funds      `json:"funds"`
	Goals      Goals      `json:"goals"`
	Indicators Indicators `json:"indicators"`
	Total      Total      `json:"total"`
}

// Header lists the aliases of each header field's label.
type Header struct {
	ProjectCode      []string `json:"project_code"`
	ProjectName      []string `json:"project_name"`
	Year             []string `json:"year"`
	ImplementingUnit []string `json:"implementing_unit"`
	BudgetUnit       []string `json:"budget_unit"`
}

// Funds describes the funds block: its amount columns in printed order and its lines.
type Funds struct {
	UnitLabels   []string            `json:"unit_labels"`
	Columns      []string            `json:"columns"`
	ColumnLabels map[string][]string `json:"column_labels"`
	Lines        []FundsLine         `json:"lines"`
}

// FundsLine maps printed labels onto a canonical line (total, fiscal, carryover, other).
type FundsLine struct {
	Line   string   `json:"line"`
	Labels []string `json:"labels"`
}

// Goals lists the labels of the goals block.
type Goals struct {
	Section  []string `json:"section"`
	Expected []string `json:"expected"`
	Actual   []string `json:"actual"`
	Row      []string `json:"row"`
}

// Indicators describes the indicator table.
type Indicators struct {
	Header   []string            `json:"header"`
	RowLabel []string            `json:"row_label"`
	Level1   []Level1            `json:"level1"`
	Hints    map[string][]string `json:"hints"`
}

// Level1 is a 一级指标 with its 二级指标 in template order.
type Level1 struct {
	Name   string   `json:"name"`
	Level2 []string `json:"level2"`
}

// Total describes the 总分 row.
type Total struct {
	Labels []string `json:"labels"`
	Weight string   `json:"weight"`
}

// Parse reads a template definition from JSON.
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
	return &t, nil
}

// Builtin returns the templates shipped with formaudit, sorted by name.
func Builtin() ([]*Template, error) {
	entries, err := builtin.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	var out []*Template
	for _, e := range entries {
		data, err := builtin.ReadFile("templates/" + e.Name())
		if err != nil {
			return nil, err
		}
		t, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// National returns the national template (财预〔2020〕10号).
func National() *Template {
	ts, err := Builtin()
	if err != nil {
		panic(err) // the embedded definitions are part of the binary and tested
	}
	for _, t := range ts {
		if t.Name == "national" {
			return t
		}
	}
	panic("template: national definition missing")
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

// FundsLineOf maps a printed funds label onto its canonical line.
func (t *Template) FundsLineOf(label string) (string, bool) {
	// A label cell is short; goal texts and notes are not worth matching.
	if len([]rune(Key(label))) > 16 {
		return "", false
	}
	for _, l := range t.Funds.Lines {
		if _, ok := Contains(label, l.Labels); ok {
			return l.Line, true
		}
	}
	for _, l := range t.Funds.Lines {
		if _, ok := Closest(label, l.Labels); ok {
			return l.Line, true
		}
	}
	return "", false
}
