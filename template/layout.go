package template

// Layout describes how a form of the template is printed. Reading never
// uses it: cmd/fixturegen prints forms from it, so that a new template's
// fixtures come from its definition. The printed form is a grid of a label
// column followed by one column per indicator header label.
type Layout struct {
	// Year is where the evaluated year is printed: YearHeader (a header
	// field, the default), YearTitle ("(2023年度)" after the title) or
	// YearSubtitle (a row of its own under the title).
	Year   string         `json:"year,omitempty"`
	Header [][]HeaderCell `json:"header,omitempty"` // header rows of label–value pairs
	Blocks []string       `json:"blocks,omitempty"` // funds, goals and indicators in printed order
	// FundsSection is SectionRow when the funds block opens with its section
	// label across the form and the unit label stands left of the lines (the
	// default), SectionColumn when the section label fills the left column
	// of the whole block and the unit label heads the line labels.
	FundsSection string `json:"funds_section,omitempty"`
	// GoalsSection is true when the goals block opens with its section
	// label across the form.
	GoalsSection bool `json:"goals_section,omitempty"`
	// SectionWeights is true when the funds section label and the indicator
	// row label carry their weights: 预算执行情况(10分), 绩效指标(90分).
	SectionWeights bool `json:"section_weights,omitempty"`
	// Labels is the printed text of a label where it is not the first alias
	// of its reading labels. Keys: title, funds.section, funds.unit,
	// funds.column.COLUMN, funds.line.LINE, goals.section, goals.row,
	// goals.expected, goals.actual, indicators.row_label, total.
	Labels map[string]string `json:"labels,omitempty"`
}

// HeaderCell is one header field printed as a label cell and a value cell.
type HeaderCell struct {
	Field string `json:"field,omitempty"` // project_code, project_name, year, implementing_unit or budget_unit
	Label string `json:"label,omitempty"` // the label as printed
	Spans [2]int `json:"spans,omitzero"`  // columns the label and the value span
}

// Where a layout prints the year, and where it prints the funds section label.
const (
	YearHeader    = "header"
	YearTitle     = "title"
	YearSubtitle  = "subtitle"
	SectionRow    = "row"
	SectionColumn = "column"
)

// Label returns the printed text for a layout key, or fallback.
func (l *Layout) Label(key, fallback string) string {
	if s, ok := l.Labels[key]; ok {
		return s
	}
	return fallback
}
