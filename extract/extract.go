// Package extract reads documents (text dumps and CSV, PDFs, scans through
// OCR, XLSX and XLS workbooks, Word documents) into positioned cells and then
// into raw form records that keep the printed strings and where they were
// printed. It knows nothing of numbers or databases.
package extract

import "github.com/formaudit/formaudit/template"

// Cell is one piece of text as printed, with its position.
type Cell struct {
	Text string
	Line int // 1-based source line
	X    int // column: cell index for tab-separated text, character offset for aligned text
}

// Row is a printed line of a document, reduced to its non-empty cells.
type Row struct {
	Line  int
	Page  int  // 1-based page (form feeds in text dumps)
	Break bool // a blank line or page break comes right before this row
	Grid  bool // cells stand in the columns of a grid (sheet columns), so X names the column
	// Tabbed rows come from tab-separated text: X counts tabs, so blank cells
	// keep their place, but columns may shift between rows.
	Tabbed bool
	Cells  []Cell
}

// Texts returns the text of each cell.
func (r Row) Texts() []string {
	out := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.Text
	}
	return out
}

// Document is what one file yielded.
type Document struct {
	Format   string // text, pdf, xlsx
	Encoding string // for text: utf-8, utf-16le, utf-16be, gb18030
	Forms    []RawForm
	// OCRPages are the words of a document read through OCR, as the engine
	// placed them, and OCRStrips the numeric columns its layout found on
	// them, for a second reading of its numbers (see MergeOCRBands).
	OCRPages  []OCRPage
	OCRStrips []OCRStrip
}

// RawForm is one form as printed, split into its blocks, with strings untouched.
type RawForm struct {
	Seq        int                // 1-based order in the document
	Template   *template.Template // the template the form was read with
	LineFrom   int
	LineTo     int
	PageFrom   int
	PageTo     int
	PageStarts []PageStart // each page the form's lines stand on, with its first line, in order
	Sheet      string      // workbook sheet holding the form, "" for other formats
	CellRange  string      // the form's cells on that sheet, e.g. "B3:J41"
	Title      string
	Header     RawHeader
	FundsUnit  string // the label that names the amount unit, e.g. "项目资金 (元)"
	Funds      []RawFunds
	Goals      []Row
	Indicators []RawIndicator
	Total      *RawTotal
	Unread     []Row     // rows inside the form that no block claimed
	Notes      []RawNote // doubts the reader has about printed values, passed on to the form's notes
	OCR        bool      // the text was read by OCR from an image of the form
	// LabelsAtTop says a label printed once stands in the first row of the
	// rows it spans, as a sheet keeps a merged cell's value (and saves it
	// as CSV), rather than near their middle, as a printed page shows it.
	LabelsAtTop bool
	Doubts      []OCRDoubt // cells holding words OCR read with low confidence
}

// PageStart is the first source line of a form on one of its pages: the
// form's lines from Line up to the next PageStart's stand on Page.
type PageStart struct{ Page, Line int }

// RawNote is a doubt about one printed value that only the reader can see,
// such as a formula whose cached result is stale.
type RawNote struct {
	Code    string // a rule code such as sheet.stale_formula
	Field   string
	Printed string
	Used    string
	Line    int
	Message string
	Place   Place // the number the note is about, if it is one
}

// Place names a number of a form by where it stands rather than by how the
// form labels it: a column of a funds line or of an indicator, a 一级指标's
// declared weight, or the total's weight or score. Positions count from 1
// and are the same in the RawForm and in the form normalised from it. The
// zero Place names no number.
type Place struct {
	Funds     int    // position of the funds line, or 0
	Indicator int    // position of the indicator (its Seq), or 0
	Section   string // the 一级指标 whose declared weight it is, or ""
	Total     bool   // the 总分 row
	Column    string // template.Col* on a funds line; template.Field* otherwise
}

// Value is a printed value and the line it stands on.
type Value struct {
	Text string
	Line int
}

// RawHeader holds the header values as printed; cells of one value are joined by a space.
type RawHeader struct {
	ProjectCode      Value
	ProjectName      Value
	Year             Value
	Subtitle         Value // a "(2022年度)" style subtitle, when the year has no cell of its own
	ImplementingUnit Value
	BudgetUnit       Value
}

// RawFunds is one funds line: its label and the values printed after it, in
// order; in a grid, one value per template column, "" where the cell is blank.
type RawFunds struct {
	Line   int
	Label  string
	Values []string
	// Unplaced is set where text that keeps no cell positions prints fewer
	// values than the line has columns: they are placed left to right, so
	// which column each is in is a guess.
	Unplaced bool
	// Inferred is set where the line's own label could not be read: Label
	// is then the template's label of the line that stands where this one
	// does, and Printed what was printed in its place.
	Inferred bool
	Printed  string
}

// RawIndicator is one row of the indicator table, split into its columns.
// Labels holds whatever stood left of the indicator name (一级/二级指标 labels,
// weights such as "(50分)", and OCR debris in those columns).
type RawIndicator struct {
	Line   int
	Page   int
	Break  bool
	Labels []string
	Name   string
	Target string
	Actual string
	Weight string
	Score  string
	Note   string
}

// RawTotal is the 总分 row. Labelled is false when the row lost its label.
// Note is whatever else the row prints beside the total, such as a grade (优).
type RawTotal struct {
	Line     int
	Labelled bool
	Weight   string
	Score    string
	Note     string
}
