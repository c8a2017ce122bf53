package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/formaudit/formaudit/template"
	"github.com/xuri/excelize/v2"
)

// DefaultUnzipSizeLimit caps the uncompressed size of a workbook package.
// Forms are small; with excelize's own default (16 GB) a 1 MB zip that
// expands to a 1 GiB sheet takes tens of seconds and gigabytes to refuse.
const DefaultUnzipSizeLimit = 64 << 20

// DefaultUnzipXMLSizeLimit is the size of the largest sheet the reader
// keeps in memory while reading it; a larger one is unzipped to a
// temporary file and read from there. Forms take a few hundred kilobytes.
const DefaultUnzipXMLSizeLimit = 16 << 20

// maxSheetSlots bounds the cells read from one workbook, counting the blank
// cells before the last one of each row, which the reader allocates too.
const maxSheetSlots = 1 << 23

// maxFormulaChecks bounds how many formulas of one workbook are recomputed
// to find stale cached results, so that a sheet of formulas over whole
// columns cannot make reading slow.
const maxFormulaChecks = 10000

// WorkbookOptions limit what reading one workbook may cost.
type WorkbookOptions struct {
	UnzipSizeLimit    int64 // total uncompressed size of an XLSX package; 0 means DefaultUnzipSizeLimit
	UnzipXMLSizeLimit int64 // uncompressed size of a sheet kept in memory, larger ones go to a temporary file; 0 means DefaultUnzipXMLSizeLimit
	MaxRows           int   // rows read from one sheet; 0 means DefaultMaxRows
}

func (o WorkbookOptions) maxRows() int {
	if o.MaxRows <= 0 {
		return DefaultMaxRows
	}
	return o.MaxRows
}

// unzipLimitError is the LimitError of a package that expands past limit.
func unzipLimitError(limit int64, detail string) error {
	return &LimitError{Limit: LimitDecompressed, Max: limit, Err: fmt.Errorf("%w: %s", ErrWorkbookTooLarge, detail)}
}

func (o WorkbookOptions) limits() (total, part int64) {
	total, part = o.UnzipSizeLimit, o.UnzipXMLSizeLimit
	if total <= 0 {
		total = DefaultUnzipSizeLimit
	}
	if part <= 0 {
		part = DefaultUnzipXMLSizeLimit
	}
	part = min(part, total)
	return total, part
}

// XLSX reads an XLSX or XLSM workbook with the default limits.
func XLSX(data []byte, t *template.Template) (*Document, error) {
	return WorkbookOptions{}.XLSX(data, t)
}

// XLSX reads every form on every sheet of an XLSX or XLSM workbook. Cells
// are read as the sheet shows them (see numberText), merged labels apply
// to every row they span, and formulas give their cached results, with a
// sheet.stale_formula note where the formula now computes another value.
func (o WorkbookOptions) XLSX(data []byte, t *template.Template) (*Document, error) {
	return o.readXLSX(context.Background(), data, t)
}

// readXLSX stops between sheets, within a sheet every rowsBetweenChecks
// rows, and between forms, once ctx is done.
func (o WorkbookOptions) readXLSX(ctx context.Context, data []byte, t *template.Template) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%w: the reader failed on it (%v)", ErrWorkbookCorrupt, r)
		}
	}()
	if bytes.HasPrefix(data, oleMagic) {
		// Excel encrypts a password-protected .xlsx into an OLE2 compound
		// file; XLS tells it from a legacy workbook.
		return o.readXLS(ctx, data, t)
	}
	total, part := o.limits()
	if err := checkPackage(data, total); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: total, UnzipXMLSizeLimit: part})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, unzipLimitError(total, err.Error())
		}
		return nil, fmt.Errorf("%w: %v", ErrWorkbookCorrupt, err)
	}
	defer f.Close()
	r := &xlsxReader{f: f, numFmts: map[int]string{}, maxRows: o.maxRows()}
	var grids []*sheetGrid
	for _, name := range f.GetSheetList() {
		g, err := r.sheet(ctx, name)
		var lim *LimitError
		switch {
		case errors.As(err, &lim), ctx.Err() != nil:
			return nil, err
		case err != nil:
			return nil, fmt.Errorf("%w: sheet %s: %v", ErrWorkbookCorrupt, name, err)
		}
		grids = append(grids, g)
	}
	return readGrids(ctx, FormatXLSX, grids, t)
}

// checkPackage refuses a package that is not a zip, holds no workbook, or
// declares more uncompressed bytes than the limit. The zip reader refuses
// to inflate a part past its declared size, so the declared sizes bound
// the work.
func checkPackage(data []byte, limit int64) error {
	zr, err := openPackage(data, ErrWorkbookCorrupt)
	if err != nil {
		return err
	}
	var sum uint64
	workbook, binary := false, false
	for _, f := range zr.File {
		sum += f.UncompressedSize64
		if sum > uint64(limit) {
			return unzipLimitError(limit, fmt.Sprintf("more than %s uncompressed", bytesText(limit)))
		}
		name := strings.ToLower(f.Name)
		workbook = workbook || strings.HasPrefix(name, "xl/") && strings.HasSuffix(name, "workbook.xml")
		binary = binary || name == "xl/workbook.bin"
	}
	switch {
	case binary:
		return fmt.Errorf("%w: an Excel binary workbook (.xlsb); save it as .xlsx and import that", ErrNoForm)
	case !workbook:
		return fmt.Errorf("%w: no xl/workbook.xml in the package", ErrWorkbookCorrupt)
	}
	return nil
}

// openPackage opens an Office package (a zip), or says why it cannot: corrupt
// wrapped, and that it was cut off where its directory is missing.
func openPackage(data []byte, corrupt error) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// The directory of a zip is at its end: without it, the file was cut.
		if !bytes.Contains(data[max(0, len(data)-(1<<16+22)):], []byte("PK\x05\x06")) {
			return nil, fmt.Errorf("%w: %v: the zip directory at its end is missing (cut off while copying or downloading?)", corrupt, err)
		}
		return nil, fmt.Errorf("%w: %v", corrupt, err)
	}
	return zr, nil
}

// openPart opens the part of a package that holds a document's text and
// tables (a Word document's document.xml, an OpenDocument file's
// content.xml), refusing one that expands past limit.
func openPart(data []byte, name string, corrupt error, limit int64) (io.ReadCloser, error) {
	zr, err := openPackage(data, corrupt)
	if err != nil {
		return nil, err
	}
	var part *zip.File
	for _, f := range zr.File {
		if f.Name == name {
			part = f
		}
	}
	if part == nil {
		return nil, fmt.Errorf("%w: no %s in the package", corrupt, name)
	}
	if part.UncompressedSize64 > uint64(limit) {
		return nil, &LimitError{Limit: LimitDecompressed, Max: limit,
			Err: fmt.Errorf("%s expands to more than %s", name, bytesText(limit))}
	}
	rc, err := part.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", corrupt, name, err)
	}
	return rc, nil
}

// xlsxReader reads the sheets of one open workbook.
type xlsxReader struct {
	f        *excelize.File
	numFmts  map[int]string // style index → number format code
	formulas int            // formulas recomputed so far
	slots    int            // row slots read so far, blank ones included
	maxRows  int
}

func (x *xlsxReader) sheet(ctx context.Context, name string) (*sheetGrid, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("workbook: sheet %s: %w", name, err)
	}
	g := newSheetGrid(name)
	visible, err := x.f.GetSheetVisible(name)
	if err != nil {
		return nil, err
	}
	g.hidden = !visible
	stored, err := x.stream(ctx, name, g)
	if err != nil {
		return nil, err
	}
	cols := map[int]bool{}
	for _, sc := range stored.cells {
		r, c, raw := sc.row, sc.col, sc.raw
		text, err := x.cell(name, r, c, raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cellName(r, c), err)
		}
		g.set(r, c, text)
		cols[c] = true
		if err := x.formula(g, r, c, raw, text); err != nil {
			return nil, fmt.Errorf("%s: %w", cellName(r, c), err)
		}
	}
	if stored.err != nil {
		return nil, stored.err
	}
	for c := range cols {
		col, _ := excelize.ColumnNumberToName(c)
		if visible, err := x.f.GetColVisible(name, col); err == nil && !visible {
			g.hiddenCols[c] = true
		}
	}
	merges, err := x.f.GetMergeCells(name, true)
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
			continue
		}
		g.merges = append(g.merges, cellRange{r1, c1, r2, c2})
	}
	return g, nil
}

// rowsBetweenChecks is how many rows stream reads between looks at its
// context: a few milliseconds' work, a negligible cost.
const rowsBetweenChecks = 1024

// storedCell is a non-empty cell as the sheet stores it.
type storedCell struct {
	row, col int
	raw      string
}

// streamed is what one pass over a sheet's rows stored: its non-empty
// cells in sheet order, up to the first row that could not be read, and
// why that row could not be read.
type streamed struct {
	cells []storedCell
	err   error
}

// stream reads a sheet's rows in one pass, marking hidden rows in g, and
// refuses a sheet of more rows than the limit. The cell lookups of cell and
// formula parse the whole sheet at their first call, which for a million
// rows takes gigabytes: they run only once the stream has counted the rows.
// A row that cannot be read ends the reading of cells, but the rows are
// still counted, so that the row limit and a broken sheet take precedence,
// and the cells before it are still looked up, so that their errors do.
func (x *xlsxReader) stream(ctx context.Context, name string, g *sheetGrid) (streamed, error) {
	var out streamed
	rows, err := x.f.Rows(name)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for r := 1; rows.Next(); r++ {
		if r%rowsBetweenChecks == 0 {
			if err := ctx.Err(); err != nil {
				return out, fmt.Errorf("workbook: sheet %s row %d: %w", name, r, err)
			}
		}
		if r > x.maxRows {
			return out, &LimitError{Limit: LimitRows, Max: int64(x.maxRows), Err: fmt.Errorf("workbook: sheet %s has more than %d rows", name, x.maxRows)}
		}
		if out.err != nil {
			continue
		}
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			out.err = fmt.Errorf("row %d: %w", r, err)
			continue
		}
		// A row is as long as its last cell: one cell far to the right
		// on every row would cost gigabytes without this bound.
		if x.slots += len(row); x.slots > maxSheetSlots {
			out.err = fmt.Errorf("%w: more than %d cells", ErrWorkbookTooLarge, maxSheetSlots)
			continue
		}
		if rows.GetRowOpts().Hidden {
			g.hiddenRows[r] = true
		}
		for j, raw := range row {
			if raw != "" {
				out.cells = append(out.cells, storedCell{row: r, col: j + 1, raw: raw})
			}
		}
	}
	return out, rows.Error()
}

// cell is the text a stored value shows: strings as stored, numbers through
// their number format.
func (x *xlsxReader) cell(sheet string, r, c int, raw string) (string, error) {
	ref := cellName(r, c)
	typ, err := x.f.GetCellType(sheet, ref)
	if err != nil {
		return "", err
	}
	switch typ {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula, excelize.CellTypeError:
		return raw, nil
	case excelize.CellTypeBool:
		if raw == "1" {
			return "TRUE", nil
		}
		return "FALSE", nil
	case excelize.CellTypeDate: // an ISO 8601 date, shown through its format
		return x.f.GetCellValue(sheet, ref)
	}
	style, err := x.f.GetCellStyle(sheet, ref)
	if err != nil {
		return "", err
	}
	return numberText(raw, x.numFmt(style)), nil
}

// numFmt is the number format code of a style.
func (x *xlsxReader) numFmt(style int) string {
	if code, ok := x.numFmts[style]; ok {
		return code
	}
	code := ""
	if s, err := x.f.GetStyle(style); err == nil && s != nil {
		if s.CustomNumFmt != nil {
			code = *s.CustomNumFmt
		} else {
			code = builtinNumFmts[s.NumFmt]
		}
	}
	x.numFmts[style] = code
	return code
}

// formula records a stale cached result: where excelize can recompute a
// formula and gets another value. Formulas it cannot compute are taken on
// trust.
func (x *xlsxReader) formula(g *sheetGrid, r, c int, raw, text string) error {
	if x.formulas >= maxFormulaChecks {
		return nil
	}
	ref := cellName(r, c)
	formula, err := x.f.GetCellFormula(g.name, ref)
	if err != nil || formula == "" {
		return err
	}
	x.formulas++
	computed, err := x.f.CalcCellValue(g.name, ref, excelize.Options{RawCellValue: true})
	if err != nil || computed == "" || sameNumber(raw, computed) {
		return nil
	}
	g.stale = append(g.stale, staleFormula{row: r, col: c, formula: formula, cached: text, computed: computed})
	return nil
}
