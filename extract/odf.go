package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/formaudit/formaudit/template"
)

// ErrOpenDocumentCorrupt is the error of an OpenDocument file that cannot be opened.
var ErrOpenDocumentCorrupt = errors.New("OpenDocument file is corrupt")

// contentPart is the part of an OpenDocument package that holds its text and tables.
const contentPart = "content.xml"

// ODS reads the forms of an OpenDocument spreadsheet (.ods: LibreOffice
// Calc, WPS) within the limits, until ctx is done: each table a sheet.
func (l Limits) ODS(ctx context.Context, data []byte, t *template.Template) (*Document, error) {
	doc, err := readODF(ctx, data, t, l, FormatODS)
	if err != nil {
		return doc, fmt.Errorf("ods: %w", err)
	}
	return doc, nil
}

// ODT reads the forms of an OpenDocument text (.odt) within the limits,
// until ctx is done: laid out as one sheet, as a Word document is.
func (l Limits) ODT(ctx context.Context, data []byte, t *template.Template) (*Document, error) {
	doc, err := readODF(ctx, data, t, l, FormatODT)
	if err != nil {
		return doc, fmt.Errorf("odt: %w", err)
	}
	return doc, nil
}

// readODF reads content.xml into sheets, which the workbook readers then
// read. Spreadsheets and text documents mark tables up alike; in a text
// document each paragraph outside a table takes a row of its own, and all
// of it is one sheet.
func readODF(ctx context.Context, data []byte, t *template.Template, l Limits, format string) (*Document, error) {
	rc, err := openPart(data, contentPart, ErrOpenDocumentCorrupt, l.decompressed())
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	grids, err := odfGrids(ctx, rc, format == FormatODT, l.rows())
	if err != nil {
		return nil, err
	}
	if format == FormatODT && len(grids[0].cells) == 0 {
		return &Document{Format: format}, fmt.Errorf("%w (the document holds no text)", ErrNoForm)
	}
	return readGrids(ctx, format, grids, t)
}

// odfCell is the table cell being read.
type odfCell struct {
	repeat, colSpan, rowSpan int
	covered                  bool // a cell a merged cell before it covers
	text                     strings.Builder
}

// odfReader turns the elements of content.xml into sheets.
type odfReader struct {
	text      bool // a text document: one sheet, paragraphs as rows
	grids     []*sheetGrid
	g         *sheetGrid // the sheet being read
	hidden    map[string]bool
	style     string // the table style being defined (style:style)
	tables    int    // depth of table:table: nested tables' text goes to the enclosing cell
	row       int    // the sheet row being read, 1-based
	rowRepeat int
	rowHidden bool
	rowCells  []odfPlaced // the row's cells with text, set once its repeats are known
	col       int         // the next column of the row, 1-based
	cell      *odfCell    // the top-level table's cell being read
	para      strings.Builder
	inPara    bool // inside a paragraph outside tables (text documents)
	cells     int  // cells stored, bounded as a workbook's are
	maxRows   int
}

// odfPlaced is a cell with text, placed in its row.
type odfPlaced struct {
	col, colSpan, rowSpan int
	text                  string
}

// maxODFCells bounds the cells with text one file may hold. Repeated cells
// and rows make a small file hold as many as it likes, each some 70 bytes
// once read; a workbook's are bounded by its bytes (--max-decompressed).
// A million is some 3,000 forms.
const maxODFCells = 1 << 20

// maxODFDepth bounds how deep content.xml may nest elements, as
// maxDocxDepth bounds a Word document.
const maxODFDepth = 1000

// odfSkipped are elements whose text the document does not show in its
// cells: comments, notes, deleted text kept for change tracking, hidden
// text, and drawings (a text box anchored in a cell is no part of it).
var odfSkipped = map[string]bool{"annotation": true, "note-body": true, "tracked-changes": true, "hidden-text": true,
	"hidden-paragraph": true, "frame": true, "custom-shape": true, "shapes": true}

// odfGrids reads content.xml: in a spreadsheet each top-level table is a
// sheet, in a text document all is one sheet.
func odfGrids(ctx context.Context, r io.Reader, text bool, maxRows int) ([]*sheetGrid, error) {
	d := &odfReader{text: text, hidden: map[string]bool{}, maxRows: maxRows}
	if text {
		d.g = newSheetGrid("")
		d.grids = append(d.grids, d.g)
	}
	// RawToken leaves namespaces unresolved: the reader knows the local
	// names of OpenDocument's elements, and checks that they nest itself.
	dec := xml.NewDecoder(r)
	var stack []string
	skipping := 0 // depth of the open elements whose text is skipped
	for {
		tok, err := dec.RawToken()
		if err == io.EOF && len(stack) > 0 {
			return nil, fmt.Errorf("%w: %s ends inside <%s>", ErrOpenDocumentCorrupt, contentPart, stack[len(stack)-1])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrOpenDocumentCorrupt, contentPart, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if stack = append(stack, tok.Name.Local); len(stack) > maxODFDepth {
				return nil, fmt.Errorf("%w: %s nests elements more than %d deep", ErrOpenDocumentCorrupt, contentPart, maxODFDepth)
			}
			if skipping > 0 || odfSkipped[tok.Name.Local] {
				skipping++
				continue
			}
			if err := d.start(ctx, tok); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Name.Local {
				return nil, fmt.Errorf("%w: %s: element </%s> closes no open element", ErrOpenDocumentCorrupt, contentPart, tok.Name.Local)
			}
			stack = stack[:len(stack)-1]
			if skipping > 0 {
				skipping--
				continue
			}
			if err := d.end(ctx, tok.Name.Local); err != nil {
				return nil, err
			}
		case xml.CharData:
			if skipping == 0 && len(stack) > 0 && inParagraph(stack) {
				d.write(string(tok))
			}
		}
	}
	if len(d.grids) == 0 {
		return nil, fmt.Errorf("%w (the spreadsheet holds no table)", ErrNoForm)
	}
	return d.grids, nil
}

// inParagraph reports whether character data stands in a paragraph or a
// heading, where a document's text is; elsewhere it is layout whitespace.
func inParagraph(stack []string) bool {
	for _, s := range stack {
		if s == "p" || s == "h" {
			return true
		}
	}
	return false
}

func (d *odfReader) start(ctx context.Context, e xml.StartElement) error {
	switch e.Name.Local {
	case "style":
		d.style = ""
		if attr(e, "family") == "table" {
			d.style = attr(e, "name")
		}
	case "table-properties":
		if d.style != "" && attr(e, "display") == "false" {
			d.hidden[d.style] = true
		}
	case "table":
		d.tables++
		if d.tables > 1 {
			return nil
		}
		if d.text {
			return d.endParagraph(ctx)
		}
		d.g = newSheetGrid(attr(e, "name"))
		d.g.hidden = d.hidden[attr(e, "style-name")]
		d.grids = append(d.grids, d.g)
		d.row, d.col = 0, 0
	case "table-column":
		if d.tables == 1 && !d.text {
			n := min(max(1, attrInt(e, "number-columns-repeated", 1)), maxGridColumns+1-d.col)
			for range n {
				d.col++
				if attr(e, "visibility") == "collapse" {
					d.g.hiddenCols[d.col] = true
				}
			}
		}
	case "table-row":
		if d.tables == 1 {
			d.col = 1
			d.rowCells = d.rowCells[:0]
			d.rowRepeat = min(max(1, attrInt(e, "number-rows-repeated", 1)), d.maxRows+1)
			v := attr(e, "visibility")
			d.rowHidden = v == "collapse" || v == "filter"
		}
	case "table-cell", "covered-table-cell":
		if d.tables == 1 {
			d.cell = &odfCell{
				repeat:  min(max(1, attrInt(e, "number-columns-repeated", 1)), maxGridColumns),
				colSpan: min(max(1, attrInt(e, "number-columns-spanned", 1)), maxGridColumns),
				rowSpan: min(max(1, attrInt(e, "number-rows-spanned", 1)), d.maxRows),
				covered: e.Name.Local == "covered-table-cell",
			}
		}
	case "p", "h":
		if d.cell != nil && d.cell.text.Len() > 0 {
			d.cell.text.WriteByte('\n')
		}
		if d.text && d.tables == 0 {
			if err := d.endParagraph(ctx); err != nil {
				return err
			}
			d.inPara = true
		}
	case "s": // a run of spaces
		d.write(strings.Repeat(" ", min(max(1, attrInt(e, "c", 1)), 1000)))
	case "tab", "line-break":
		d.write(" ")
	}
	return nil
}

func (d *odfReader) end(ctx context.Context, name string) error {
	switch name {
	case "style":
		d.style = ""
	case "table":
		d.tables--
		if d.tables == 0 {
			d.col = 0
		}
	case "table-row":
		if d.tables == 1 {
			return d.endRow(ctx)
		}
	case "table-cell", "covered-table-cell":
		if d.tables == 1 && d.cell != nil {
			d.endCell()
		}
	case "p", "h":
		if d.text && d.tables == 0 {
			return d.endParagraph(ctx)
		}
	}
	return nil
}

// write adds text to the cell or paragraph being read.
func (d *odfReader) write(s string) {
	switch {
	case d.cell != nil:
		d.cell.text.WriteString(s)
	case d.text && d.tables == 0 && d.inPara:
		d.para.WriteString(s)
	}
}

// endCell places the cell that ends in its row, once for each column it
// repeats over; a covered cell only takes its place.
func (d *odfReader) endCell() {
	c := d.cell
	d.cell = nil
	text := strings.TrimSpace(c.text.String())
	for range c.repeat {
		if d.col > maxGridColumns {
			break
		}
		if text != "" && !c.covered {
			d.rowCells = append(d.rowCells, odfPlaced{col: d.col, colSpan: c.colSpan, rowSpan: c.rowSpan, text: text})
		}
		d.col++
	}
}

// endRow stores the row that ends, once for each row it repeats over. A
// run of empty rows (a sheet's end, a billion rows long) only moves the
// row on; a row with text past the row limit is refused.
func (d *odfReader) endRow(ctx context.Context) error {
	first := d.row + 1
	d.row += d.rowRepeat
	if len(d.rowCells) == 0 {
		return nil
	}
	if d.row > d.maxRows {
		return &LimitError{Limit: LimitRows, Max: int64(d.maxRows), Err: fmt.Errorf("%s has more than %d rows", d.where(), d.maxRows)}
	}
	// Refused before any is stored: a row repeated past the bound would
	// take a second to fill first.
	if d.cells += d.rowRepeat * len(d.rowCells); d.cells > maxODFCells {
		return fmt.Errorf("%w: more than %d cells with text", ErrWorkbookTooLarge, maxODFCells)
	}
	for r := first; r <= d.row; r++ {
		if r%rowsBetweenChecks == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("%s row %d: %w", d.where(), r, err)
			}
		}
		if d.rowHidden {
			d.g.hiddenRows[r] = true
		}
		for _, c := range d.rowCells {
			d.g.set(r, c.col, c.text)
			if c.colSpan > 1 || c.rowSpan > 1 {
				d.g.merges = append(d.g.merges, cellRange{r1: r, c1: c.col, r2: r + c.rowSpan - 1, c2: c.col + c.colSpan - 1})
			}
		}
	}
	return nil
}

// endParagraph puts a text document's paragraph outside tables on a row of
// its own; an empty one leaves its row blank, as the gap between two forms.
func (d *odfReader) endParagraph(ctx context.Context) error {
	if !d.inPara {
		return nil
	}
	d.inPara = false
	d.rowCells = append(d.rowCells[:0], odfPlaced{col: 1, colSpan: 1, rowSpan: 1, text: strings.TrimSpace(d.para.String())})
	d.para.Reset()
	d.rowRepeat, d.rowHidden = 1, false
	if d.rowCells[0].text == "" {
		d.rowCells = d.rowCells[:0]
	}
	return d.endRow(ctx)
}

// where names the sheet being read, or the document.
func (d *odfReader) where() string {
	if d.g.wholeFile() {
		return "the document"
	}
	return "sheet " + d.g.name
}
