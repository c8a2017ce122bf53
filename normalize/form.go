// Package normalize turns raw form records into typed, repaired forms:
// split cells rejoined, labels repaired, numbers parsed exactly.
package normalize

import (
	"github.com/formaudit/formaudit/extract"
	"github.com/shopspring/decimal"
)

// Form is one evaluation form after normalisation.
type Form struct {
	Seq              int // 1-based order of the form in its file
	LineFrom, LineTo int // source lines (or sheet rows) the form spans
	PageFrom, PageTo int // 1-based pages, for paged formats
	PageStarts       []extract.PageStart
	Sheet            string // workbook sheet, for workbooks
	CellRange        string // the form's cells on that sheet
	Template         string
	ProjectCode      string
	CodeTruncated    bool
	ProjectName      string
	Year             int // 0 when neither printed nor inferable
	YearInferred     bool
	ImplementingUnit string
	BudgetUnit       string
	AmountUnit       string // 元 or 万元, as printed
	Funds            []Funds
	Goals            []Goal
	Sections         []Section
	Indicators       []Indicator
	TotalWeight      *decimal.Decimal // recorded 总分 weight (100)
	TotalScore       *decimal.Decimal // recorded 总分; nil when blank
	TotalLine        int
	Grade            string  // grade printed beside the total (优, 良, 中, 差), "" when none
	Weights          Weights // what the form's template prescribes
	Notes            []Note  // repairs and doubts found while normalising
	OCR              bool    // read through OCR: its numbers were cross-checked, see crossCheckOCR
}

// PageOf is the page source line stands on, or 0 when line is not one of
// the form's lines or the form is on a workbook's sheet, which names where
// it stands instead (a sheet's rows are no page's).
func (f *Form) PageOf(line int) int {
	if line < f.LineFrom || line > f.LineTo || f.Sheet != "" {
		return 0
	}
	page := 0
	for _, p := range f.PageStarts {
		if p.Line > line {
			break
		}
		page = p.Page
	}
	return page
}

// Weights are the weights a form's template prescribes; nil (or absent)
// where it prescribes none.
type Weights struct {
	Total  *decimal.Decimal            // the 总分 weight
	Budget *decimal.Decimal            // the budget execution weight (10 or 20)
	Level1 map[string]*decimal.Decimal // 一级指标 weights by name
}

// Funds is one line of the funds block. Amounts are in fen (1 元 = 100 fen).
type Funds struct {
	Line       string // total, fiscal, carryover, other, or a line of the template's own
	Label      string // the label as printed
	PartOf     string // the line this one is a part of, "" for none
	SourceLine int
	Initial    *int64
	Budget     *int64
	Executed   *int64
	Weight     *decimal.Decimal
	Rate       *decimal.Decimal // percent: 98.68 for 98.68%
	RatePlaces int32            // decimal places the rate was printed with
	Score      *decimal.Decimal
}

// Goal is one expected goal and what was achieved. Actual is empty when the
// document interleaves both columns so that they cannot be told apart.
type Goal struct {
	Expected string
	Actual   string
	Line     int
}

// Section is a 一级指标 with its declared weight.
type Section struct {
	Name   string
	Weight *decimal.Decimal
}

// Indicator is one row of the indicator table.
type Indicator struct {
	Seq          int
	SourceLine   int
	Level1       string
	Level1Weight *decimal.Decimal
	Level2       string
	Name         string
	Target       string
	Actual       string
	Weight       *decimal.Decimal
	Score        *decimal.Decimal
	Note         string
	TargetQ      *Quantity // nil when the target is not quantitative
	ActualQ      *Quantity
	TargetYear   int  // the year a dated target names, 0 if none
	Sub          bool // a 其中… row detailing the row above; never scored
}

// Op is a comparator of a quantitative target.
type Op string

// Comparators of quantitative targets.
const (
	GE Op = ">="
	LE Op = "<="
	GT Op = ">"
	LT Op = "<"
	EQ Op = "="
)

// Quantity is a parsed target or actual value: comparator, number and unit.
// Explicit is false when the comparator was not printed and EQ was assumed.
type Quantity struct {
	Op       Op
	Value    decimal.Decimal
	Unit     string
	Explicit bool
}

// Note records a repair or a doubt about one field.
type Note struct {
	Code    string // a rule code such as header.repaired
	Field   string // the field as the form labels it, for people to read
	Printed string
	Used    string
	Line    int
	Message string
	Place   extract.Place // the number the note is about, if it is one
}
