package extract

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/template"
)

// ErrDocumentCorrupt is the error of a Word document that cannot be opened.
var ErrDocumentCorrupt = errors.New("Word document is corrupt")

// documentPart is the part of a .docx package that holds its text and tables.
const documentPart = "word/document.xml"

// DOCX reads the forms of a Word document (.docx) within the limits, until
// ctx is done.
func (l Limits) DOCX(ctx context.Context, data []byte, t *template.Template) (*Document, error) {
	doc, err := readDOCX(ctx, data, t, l)
	if err != nil {
		return doc, fmt.Errorf("docx: %w", err)
	}
	return doc, nil
}

// readDOCX lays the document out as one sheet, which the workbook readers
// then read: each paragraph outside a table takes a row, as does each table
// row; a cell spanning grid columns (gridSpan) or rows (vMerge) is a merged
// range, as a sheet stores it. A form filled in Word is a table printed
// under a title paragraph, as a sheet prints it.
func readDOCX(ctx context.Context, data []byte, t *template.Template, l Limits) (*Document, error) {
	rc, err := openPart(data, documentPart, ErrDocumentCorrupt, l.decompressed())
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	g, err := docxGrid(ctx, rc, l.rows())
	if err != nil {
		return nil, err
	}
	if len(g.cells) == 0 {
		return &Document{Format: FormatDOCX}, fmt.Errorf("%w (the document holds no text)", ErrNoForm)
	}
	return readGrids(ctx, FormatDOCX, []*sheetGrid{g}, t)
}

// docxCell is the table cell being read: where it stands, how far it
// spans and whether it continues a vertical merge from the row above.
type docxCell struct {
	col, span int
	merge     string // w:vMerge: "restart", "continue" or "" for none
	text      strings.Builder
}

// docxReader turns the elements of document.xml into a sheetGrid.
type docxReader struct {
	g       *sheetGrid
	row     int
	col     int                // next grid column of the table row, 1-based
	tables  int                // depth of w:tbl: text of nested tables goes to the enclosing cell
	cell    *docxCell          // the top-level table cell being read, or nil
	para    strings.Builder    // a paragraph outside tables
	inPara  bool               // inside a paragraph outside tables
	hidden  bool               // the run being read is hidden (w:vanish)
	merges  map[int]*cellRange // vertical merges still open, by first column; r2 is the last row that continued one
	maxRows int
}

// maxGridColumns bounds a cell's span, as a sheet's columns are bounded.
const maxGridColumns = 16384

// maxDocxDepth bounds how deep document.xml may nest elements: Word nests
// a table in a table's cell some ten deep, and a file nested far deeper is
// made to exhaust a reader.
const maxDocxDepth = 1000

// docxGrid reads document.xml into one sheet, refusing more rows than maxRows.
func docxGrid(ctx context.Context, r io.Reader, maxRows int) (*sheetGrid, error) {
	d := &docxReader{g: newSheetGrid(""), merges: map[int]*cellRange{}, maxRows: maxRows}
	// RawToken leaves namespaces unresolved, which the reader, knowing
	// WordprocessingML's local names, does not need; it checks that
	// elements nest itself.
	dec := xml.NewDecoder(r)
	var stack []string // local names of the open elements
	for {
		tok, err := dec.RawToken()
		if err == io.EOF && len(stack) > 0 {
			return nil, fmt.Errorf("%w: %s ends inside <%s>", ErrDocumentCorrupt, documentPart, stack[len(stack)-1])
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrDocumentCorrupt, documentPart, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if stack = append(stack, tok.Name.Local); len(stack) > maxDocxDepth {
				return nil, fmt.Errorf("%w: %s nests elements more than %d deep", ErrDocumentCorrupt, documentPart, maxDocxDepth)
			}
			if err := d.start(ctx, tok, stack); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Name.Local {
				return nil, fmt.Errorf("%w: %s: element </%s> closes no open element", ErrDocumentCorrupt, documentPart, tok.Name.Local)
			}
			if err := d.end(ctx, tok.Name.Local); err != nil {
				return nil, err
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			// A drawing's text comes twice: as Word draws it (mc:Choice) and
			// for older readers (mc:Fallback); the second is left out.
			if len(stack) > 0 && stack[len(stack)-1] == "t" && !inside(stack, "Fallback") {
				d.text(string(tok))
			}
		}
	}
	for _, m := range d.merges {
		d.g.merges = append(d.g.merges, *m)
	}
	return d.g, nil
}

// inside reports whether name is open below the innermost element.
func inside(stack []string, name string) bool {
	for _, s := range stack[:len(stack)-1] {
		if s == name {
			return true
		}
	}
	return false
}

func (d *docxReader) start(ctx context.Context, e xml.StartElement, stack []string) error {
	switch e.Name.Local {
	case "tbl":
		d.tables++
		if d.tables == 1 {
			return d.endParagraph(ctx)
		}
	case "tr":
		if d.tables == 1 {
			d.col = 1
			return d.nextRow(ctx)
		}
	case "gridBefore":
		if d.tables == 1 && d.cell == nil {
			d.col += min(attrInt(e, "val", 0), maxGridColumns)
		}
	case "tc":
		if d.tables == 1 {
			d.cell = &docxCell{col: d.col, span: 1}
		}
	case "gridSpan":
		if d.tables == 1 && d.cell != nil && inside(stack, "tcPr") {
			d.cell.span = min(max(1, attrInt(e, "val", 1)), maxGridColumns)
		}
	case "vMerge":
		if d.tables == 1 && d.cell != nil && inside(stack, "tcPr") {
			d.cell.merge = "continue"
			if attr(e, "val") == "restart" {
				d.cell.merge = "restart"
			}
		}
	case "p":
		if d.cell != nil && d.cell.text.Len() > 0 {
			d.cell.text.WriteByte('\n')
		}
		if d.tables == 0 {
			if err := d.endParagraph(ctx); err != nil {
				return err
			}
			d.inPara = true
		}
	case "r":
		d.hidden = false
	case "vanish":
		d.hidden = d.hidden || inside(stack, "rPr")
	case "tab", "br", "cr":
		if inside(stack, "r") {
			d.text(" ")
		}
	}
	return nil
}

func (d *docxReader) end(ctx context.Context, name string) error {
	switch name {
	case "tbl":
		d.tables--
	case "tr":
		if d.tables == 1 {
			d.closeMerges()
		}
	case "tc":
		if d.tables == 1 && d.cell != nil {
			d.endCell()
		}
	case "p":
		if d.tables == 0 {
			return d.endParagraph(ctx)
		}
	}
	return nil
}

// nextRow starts a row of the sheet, looking at ctx every
// rowsBetweenChecks rows and refusing more than maxRows.
func (d *docxReader) nextRow(ctx context.Context) error {
	d.row++
	if d.row%rowsBetweenChecks == 0 {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("row %d: %w", d.row, err)
		}
	}
	if d.row > d.maxRows {
		return &LimitError{Limit: LimitRows, Max: int64(d.maxRows), Err: fmt.Errorf("the document has more than %d rows", d.maxRows)}
	}
	return nil
}

// text adds the text of a run to the cell or paragraph being read; deleted
// and hidden text is no part of what the document shows.
func (d *docxReader) text(s string) {
	switch {
	case d.hidden:
	case d.cell != nil:
		d.cell.text.WriteString(s)
	case d.tables == 0 && d.inPara:
		d.para.WriteString(s)
	}
}

// endParagraph puts a paragraph outside tables on a row of its own; an
// empty one leaves its row blank, as the gap between two forms.
func (d *docxReader) endParagraph(ctx context.Context) error {
	if !d.inPara {
		return nil
	}
	if err := d.nextRow(ctx); err != nil {
		return err
	}
	d.g.set(d.row, 1, d.para.String())
	d.para.Reset()
	d.inPara = false
	return nil
}

// endCell stores the cell that ends: its text where it starts, and its
// merged range, which a continuing vMerge cell extends down.
func (d *docxReader) endCell() {
	c := d.cell
	d.cell = nil
	d.col = c.col + c.span
	last := c.col + c.span - 1
	if c.merge == "continue" {
		if m := d.merges[c.col]; m != nil {
			m.r2 = d.row
			return
		}
	}
	if m := d.merges[c.col]; m != nil {
		delete(d.merges, c.col)
		d.g.merges = append(d.g.merges, *m)
	}
	d.g.set(d.row, c.col, c.text.String())
	switch {
	case c.merge == "restart" || c.merge == "continue":
		d.merges[c.col] = &cellRange{r1: d.row, c1: c.col, r2: d.row, c2: last}
	case c.span > 1:
		d.g.merges = append(d.g.merges, cellRange{r1: d.row, c1: c.col, r2: d.row, c2: last})
	}
}

// closeMerges ends, at the end of a table row, the vertical merges that
// the row did not continue.
func (d *docxReader) closeMerges() {
	for col, m := range d.merges {
		if m.r2 != d.row {
			d.g.merges = append(d.g.merges, *m)
			delete(d.merges, col)
		}
	}
}

// attr is the value of an element's attribute by local name.
func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// attrInt is an attribute's value as a number, def when absent or not one.
func attrInt(e xml.StartElement, name string, def int) int {
	n, err := strconv.Atoi(attr(e, name))
	if err != nil || n < 0 {
		return def
	}
	return n
}
