package extract

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/formaudit/formaudit/template"
	"github.com/richardlehane/mscfb"
)

// XLS reads a legacy Excel workbook with the default limits.
func XLS(data []byte, t *template.Template) (*Document, error) {
	return WorkbookOptions{}.XLS(data, t)
}

// XLS reads a legacy Excel 97–2003 workbook (BIFF8), or a WPS .et file
// saved in that format, into raw forms exactly as XLSX does: the same
// cells, merged labels and hidden rows and columns. Formulas give their
// cached results; BIFF stores formulas as compiled tokens, so they are not
// recomputed and no stale result is detected. See XLS.md for why this
// reader exists rather than a library or LibreOffice.
func (o WorkbookOptions) XLS(data []byte, t *template.Template) (*Document, error) {
	return o.readXLS(context.Background(), data, t)
}

// readXLS reads the whole BIFF stream in one pass (at most 65,536 rows a
// sheet, milliseconds), and stops between forms once ctx is done.
func (o WorkbookOptions) readXLS(ctx context.Context, data []byte, t *template.Template) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%w: the reader failed on it (%v)", ErrWorkbookCorrupt, r)
		}
	}()
	stream, err := workbookStream(data)
	if err != nil {
		return nil, err
	}
	grids, err := readBIFF(stream)
	if err != nil {
		return nil, err
	}
	// A BIFF8 sheet holds at most 65,536 rows, so the rows cost little to
	// read; the limit is checked on what was read.
	for _, g := range grids {
		if n := g.lastRow(); n > o.maxRows() {
			return nil, &LimitError{Limit: LimitRows, Max: int64(o.maxRows()), Err: fmt.Errorf("workbook: sheet %s has more than %d rows", g.name, o.maxRows())}
		}
	}
	return readGrids(ctx, FormatXLS, grids, t)
}

// workbookStream returns the BIFF stream of an OLE2 compound file, and
// tells an encrypted OOXML package (what Excel writes for a
// password-protected .xlsx) and other Office documents from a workbook.
func workbookStream(data []byte) ([]byte, error) {
	cf, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWorkbookCorrupt, err)
	}
	var names []string
	var book *mscfb.File
	for f, err := cf.Next(); err == nil; f, err = cf.Next() {
		names = append(names, f.Name)
		switch f.Name {
		case "EncryptionInfo", "EncryptedPackage":
			return nil, ErrWorkbookPassword
		case "Workbook", "WORKBOOK", "workbook":
			book = f
		case "Book":
			if book == nil {
				return nil, fmt.Errorf("%w: an Excel 5.0/95 workbook; save it as .xls (97–2003) or .xlsx and import that", ErrNoForm)
			}
		}
	}
	switch {
	case book == nil && slices.Contains(names, "WordDocument"):
		return nil, fmt.Errorf("%w: a Word 97–2003 document (.doc): save it as .docx and import that", ErrNoForm)
	case book == nil && slices.Contains(names, "PowerPoint Document"):
		return nil, fmt.Errorf("%w: a PowerPoint 97–2003 presentation (.ppt): %s", ErrNoForm, saveAs)
	case book == nil:
		return nil, fmt.Errorf("%w: an OLE2 file without a workbook stream (it holds %s)", ErrNoForm, strings.Join(names, ", "))
	}
	// A stream cannot be longer than the file; a larger size is a damaged directory.
	if book.Size <= 0 || book.Size > int64(len(data)) {
		return nil, fmt.Errorf("%w: workbook stream of %d bytes in a file of %d", ErrWorkbookCorrupt, book.Size, len(data))
	}
	buf := make([]byte, book.Size)
	if _, err := io.ReadFull(book, buf); err != nil {
		return nil, fmt.Errorf("%w: reading the workbook stream: %v", ErrWorkbookCorrupt, err)
	}
	return buf, nil
}

// lastRow is the number of the last row holding a cell, 0 for an empty sheet.
func (g *sheetGrid) lastRow() int {
	n := 0
	for p := range g.cells {
		n = max(n, p.row)
	}
	return n
}

// BIFF8 record types read here ([MS-XLS] 2.3).
const (
	recFormula     = 0x0006
	recEOF         = 0x000A
	recFilePass    = 0x002F
	recDateMode    = 0x0022
	recContinue    = 0x003C
	recColInfo     = 0x007D
	recBoundSheet  = 0x0085
	recMulRK       = 0x00BD
	recRString     = 0x00D6
	recXF          = 0x00E0
	recMergedCells = 0x00E5
	recSST         = 0x00FC
	recLabelSST    = 0x00FD
	recNumber      = 0x0203
	recLabel       = 0x0204
	recBoolErr     = 0x0205
	recString      = 0x0207
	recRow         = 0x0208
	recRK          = 0x027E
	recFormat      = 0x041E
	recBOF         = 0x0809
)

var errShort = errors.New("record too short")

// record is one BIFF record; cont holds the CONTINUE records that follow it.
type record struct {
	typ  uint16
	data []byte
	cont [][]byte
}

// records splits a BIFF stream from offset on, attaching CONTINUE records
// to the record they continue.
func records(stream []byte, offset int) ([]record, error) {
	var out []record
	for pos := offset; pos+4 <= len(stream); {
		typ := binary.LittleEndian.Uint16(stream[pos:])
		size := int(binary.LittleEndian.Uint16(stream[pos+2:]))
		if pos+4+size > len(stream) {
			return out, fmt.Errorf("record 0x%04X at %d: %w (stream truncated)", typ, pos, errShort)
		}
		data := stream[pos+4 : pos+4+size]
		pos += 4 + size
		if typ == recContinue && len(out) > 0 {
			last := &out[len(out)-1]
			last.cont = append(last.cont, data)
			continue
		}
		out = append(out, record{typ, data, nil})
		if typ == recEOF {
			break
		}
	}
	return out, nil
}

// boundSheet is a sheet as the workbook globals list it.
type boundSheet struct {
	name   string
	offset int
	hidden bool
	kind   byte // 0 worksheet, 1 macro sheet, 2 chart, 6 VB module
}

// biffBook holds the workbook globals that cells refer to.
type biffBook struct {
	sheets   []boundSheet
	sst      []string
	xfFormat []int          // XF index → number format id
	formats  map[int]string // custom number formats by id
	date1904 bool
}

// readBIFF reads the globals and every worksheet into grids.
func readBIFF(stream []byte) ([]*sheetGrid, error) {
	globals, err := records(stream, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWorkbookCorrupt, err)
	}
	if len(globals) == 0 || globals[0].typ != recBOF || len(globals[0].data) < 4 {
		return nil, fmt.Errorf("%w: the workbook stream does not start with a BIFF8 BOF record", ErrWorkbookCorrupt)
	}
	if v := binary.LittleEndian.Uint16(globals[0].data); v != 0x0600 {
		return nil, fmt.Errorf("%w: BIFF version 0x%04X; only Excel 97–2003 (BIFF8) is read", ErrWorkbookCorrupt, v)
	}
	b := &biffBook{formats: map[int]string{}}
	for _, r := range globals {
		if err := b.global(r); err != nil {
			return nil, err
		}
	}
	var grids []*sheetGrid
	for _, s := range b.sheets {
		if s.kind != 0 {
			continue
		}
		g, err := b.sheet(stream, s)
		if err != nil {
			return nil, fmt.Errorf("%w: sheet %s: %v", ErrWorkbookCorrupt, s.name, err)
		}
		grids = append(grids, g)
	}
	return grids, nil
}

func (b *biffBook) global(r record) error {
	d := r.data
	switch r.typ {
	case recFilePass:
		return ErrWorkbookPassword
	case recDateMode:
		b.date1904 = len(d) >= 2 && binary.LittleEndian.Uint16(d) == 1
	case recBoundSheet:
		if len(d) < 8 {
			return fmt.Errorf("%w: BOUNDSHEET: %v", ErrWorkbookCorrupt, errShort)
		}
		name, _, err := unicodeString(chunks{d[6:]}, 1)
		if err != nil {
			return fmt.Errorf("%w: sheet name: %v", ErrWorkbookCorrupt, err)
		}
		b.sheets = append(b.sheets, boundSheet{name: name, offset: int(binary.LittleEndian.Uint32(d)), hidden: d[4]&3 != 0, kind: d[5]})
	case recXF:
		if len(d) < 4 {
			return fmt.Errorf("%w: XF: %v", ErrWorkbookCorrupt, errShort)
		}
		b.xfFormat = append(b.xfFormat, int(binary.LittleEndian.Uint16(d[2:])))
	case recFormat:
		if len(d) < 2 {
			return fmt.Errorf("%w: FORMAT: %v", ErrWorkbookCorrupt, errShort)
		}
		code, _, err := unicodeString(chunks{d[2:]}, 2)
		if err != nil {
			return fmt.Errorf("%w: FORMAT: %v", ErrWorkbookCorrupt, err)
		}
		b.formats[int(binary.LittleEndian.Uint16(d))] = code
	case recSST:
		sst, err := readSST(r)
		if err != nil {
			return fmt.Errorf("%w: shared strings: %v", ErrWorkbookCorrupt, err)
		}
		b.sst = sst
	}
	return nil
}

// numFmt is the format code of a cell's XF.
func (b *biffBook) numFmt(xf int) string {
	if xf < 0 || xf >= len(b.xfFormat) {
		return ""
	}
	id := b.xfFormat[xf]
	if code, ok := b.formats[id]; ok {
		return code
	}
	return builtinNumFmts[id]
}

// number is the text a number cell shows.
func (b *biffBook) number(v float64, xf int) string {
	code := b.numFmt(xf)
	if b.date1904 {
		if parseNumFmt(code).kind == fmtDate {
			v += 1462 // the 1904 system counts from 1904-01-01
		}
	}
	return numberText(floatText(v), code)
}

// sheet reads one worksheet substream. Embedded substreams (a chart on
// the sheet) have their own BOF … EOF and are skipped.
func (b *biffBook) sheet(stream []byte, s boundSheet) (*sheetGrid, error) {
	if s.offset < 0 || s.offset >= len(stream) {
		return nil, fmt.Errorf("substream offset %d outside the stream", s.offset)
	}
	g := newSheetGrid(s.name)
	g.hidden = s.hidden
	depth := 0
	pendingString := cellPos{} // a FORMULA whose string result follows in a STRING record
	for pos := s.offset; pos+4 <= len(stream); {
		typ := binary.LittleEndian.Uint16(stream[pos:])
		size := int(binary.LittleEndian.Uint16(stream[pos+2:]))
		if pos+4+size > len(stream) {
			return nil, fmt.Errorf("record 0x%04X at %d: %w (stream truncated)", typ, pos, errShort)
		}
		r := record{typ: typ, data: stream[pos+4 : pos+4+size]}
		pos += 4 + size
		for pos+4 <= len(stream) && binary.LittleEndian.Uint16(stream[pos:]) == recContinue {
			n := int(binary.LittleEndian.Uint16(stream[pos+2:]))
			if pos+4+n > len(stream) {
				return nil, fmt.Errorf("CONTINUE at %d: %w", pos, errShort)
			}
			r.cont = append(r.cont, stream[pos+4:pos+4+n])
			pos += 4 + n
		}
		switch {
		case typ == recBOF:
			depth++
			continue
		case typ == recEOF:
			depth--
			if depth <= 0 {
				return g, nil
			}
			continue
		case depth > 1:
			continue
		}
		if typ == recString && pendingString.row > 0 {
			text, _, err := unicodeString(append(chunks{r.data}, r.cont...), 2)
			if err != nil {
				return nil, fmt.Errorf("STRING: %w", err)
			}
			g.set(pendingString.row, pendingString.col, text)
			pendingString = cellPos{}
			continue
		}
		pending, err := b.cell(g, r)
		if err != nil {
			return nil, fmt.Errorf("record 0x%04X: %w", typ, err)
		}
		pendingString = pending
	}
	return g, nil
}

// cell reads one sheet record into the grid. It returns the position of a
// formula whose string result comes in the next STRING record.
func (b *biffBook) cell(g *sheetGrid, r record) (cellPos, error) {
	d := r.data
	if n, ok := minRecordSize[r.typ]; ok && len(d) < n {
		return cellPos{}, errShort
	}
	u16 := func(i int) int { return int(binary.LittleEndian.Uint16(d[i:])) }
	switch r.typ {
	case recLabelSST:
		i := int(binary.LittleEndian.Uint32(d[6:]))
		if i >= len(b.sst) {
			return cellPos{}, fmt.Errorf("shared string %d of %d", i, len(b.sst))
		}
		g.set(u16(0)+1, u16(2)+1, b.sst[i])
	case recLabel, recRString:
		text, _, err := unicodeString(append(chunks{d[6:]}, r.cont...), 2)
		if err != nil {
			return cellPos{}, err
		}
		g.set(u16(0)+1, u16(2)+1, text)
	case recNumber:
		g.set(u16(0)+1, u16(2)+1, b.number(math.Float64frombits(binary.LittleEndian.Uint64(d[6:])), u16(4)))
	case recRK:
		g.set(u16(0)+1, u16(2)+1, b.number(rk(binary.LittleEndian.Uint32(d[6:])), u16(4)))
	case recMulRK:
		row, col := u16(0)+1, u16(2)+1
		for i := 4; i+6 <= len(d)-2; i += 6 {
			g.set(row, col, b.number(rk(binary.LittleEndian.Uint32(d[i+2:])), u16(i)))
			col++
		}
	case recFormula:
		row, col := u16(0)+1, u16(2)+1
		if d[12] == 0xFF && d[13] == 0xFF {
			switch d[6] {
			case 0: // string result in the next STRING record
				return cellPos{row, col}, nil
			case 1:
				g.set(row, col, boolText(d[8] != 0))
			case 2:
				g.set(row, col, errorText(d[8]))
			}
			return cellPos{}, nil
		}
		g.set(row, col, b.number(math.Float64frombits(binary.LittleEndian.Uint64(d[6:])), u16(4)))
	case recBoolErr:
		if d[7] == 0 {
			g.set(u16(0)+1, u16(2)+1, boolText(d[6] != 0))
		} else {
			g.set(u16(0)+1, u16(2)+1, errorText(d[6]))
		}
	case recMergedCells:
		n := u16(0)
		for i := 0; i < n && 2+8*i+8 <= len(d); i++ {
			o := 2 + 8*i
			m := cellRange{r1: u16(o) + 1, r2: u16(o+2) + 1, c1: u16(o+4) + 1, c2: u16(o+6) + 1}
			if m.r2 >= m.r1 && m.c2 >= m.c1 {
				g.merges = append(g.merges, m)
			}
		}
	case recColInfo:
		if u16(8)&1 != 0 {
			for c := u16(0); c <= u16(2) && c < 256; c++ { // BIFF8 sheets have 256 columns
				g.hiddenCols[c+1] = true
			}
		}
	case recRow:
		if u16(12)&0x20 != 0 {
			g.hiddenRows[u16(0)+1] = true
		}
	}
	return cellPos{}, nil
}

// minRecordSize is the fixed part of each cell record read.
var minRecordSize = map[uint16]int{recLabelSST: 10, recNumber: 14, recRK: 10, recMulRK: 6, recLabel: 8, recRString: 8,
	recFormula: 20, recBoolErr: 8, recMergedCells: 2, recColInfo: 10, recRow: 14}

func boolText(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// rk decodes an RK number: a 30-bit integer or the high bits of a double,
// possibly divided by 100.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

func errorText(code byte) string {
	switch code {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	}
	return "#N/A"
}

// chunks are a record's data and its CONTINUE records, read as one stream
// except that characters crossing into a CONTINUE restate their width.
type chunks [][]byte

// chunkReader reads across chunks.
type chunkReader struct {
	cs  chunks
	i   int // current chunk
	pos int // position in it
}

// next moves to the next chunk when the current one is used up; it reports
// whether it moved.
func (r *chunkReader) next() (bool, error) {
	if r.i < len(r.cs) && r.pos < len(r.cs[r.i]) {
		return false, nil
	}
	for r.i < len(r.cs) && r.pos >= len(r.cs[r.i]) {
		r.i++
		r.pos = 0
	}
	if r.i >= len(r.cs) {
		return true, errShort
	}
	return true, nil
}

func (r *chunkReader) byte() (byte, error) {
	if _, err := r.next(); err != nil {
		return 0, err
	}
	b := r.cs[r.i][r.pos]
	r.pos++
	return b, nil
}

func (r *chunkReader) uint(n int) (int, error) {
	v := 0
	for i := 0; i < n; i++ {
		b, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= int(b) << (8 * i)
	}
	return v, nil
}

func (r *chunkReader) skip(n int) error {
	for ; n > 0; n-- {
		if _, err := r.byte(); err != nil {
			return err
		}
	}
	return nil
}

// str reads an XLUnicodeRichExtendedString whose character count takes
// countBytes bytes ([MS-XLS] 2.5.293): flags, optional rich-text runs and
// phonetic data, and characters that are one byte (Latin-1) or two
// (UTF-16) each. Where the characters cross into a CONTINUE record, that
// record starts with a new flags byte giving their width from there on.
func (r *chunkReader) str(countBytes int) (string, error) {
	n, err := r.uint(countBytes)
	if err != nil {
		return "", err
	}
	flags, err := r.byte()
	if err != nil {
		return "", err
	}
	runs, ext := 0, 0
	if flags&0x08 != 0 {
		if runs, err = r.uint(2); err != nil {
			return "", err
		}
	}
	if flags&0x04 != 0 {
		if ext, err = r.uint(4); err != nil {
			return "", err
		}
	}
	wide := flags&0x01 != 0
	units := make([]uint16, 0, n)
	for len(units) < n {
		moved, err := r.next()
		if err != nil {
			return "", err
		}
		if moved {
			f := r.cs[r.i][r.pos]
			r.pos++
			wide = f&0x01 != 0
			continue
		}
		c := r.cs[r.i]
		if wide {
			if r.pos+2 > len(c) {
				return "", errShort
			}
			units = append(units, binary.LittleEndian.Uint16(c[r.pos:]))
			r.pos += 2
		} else {
			units = append(units, uint16(c[r.pos]))
			r.pos++
		}
	}
	if err := r.skip(4*runs + ext); err != nil {
		return "", err
	}
	return string(utf16.Decode(units)), nil
}

// unicodeString reads one string from the start of cs.
func unicodeString(cs chunks, countBytes int) (string, *chunkReader, error) {
	r := &chunkReader{cs: cs}
	s, err := r.str(countBytes)
	return s, r, err
}

// readSST reads the shared string table, which spills over CONTINUE records.
func readSST(r record) ([]string, error) {
	if len(r.data) < 8 {
		return nil, errShort
	}
	unique := int(binary.LittleEndian.Uint32(r.data[4:]))
	cr := &chunkReader{cs: append(chunks{r.data[8:]}, r.cont...)}
	out := make([]string, 0, min(unique, len(r.data)+len(r.cont)*8224))
	for i := 0; i < unique; i++ {
		s, err := cr.str(2)
		if err != nil {
			return out, fmt.Errorf("string %d of %d: %w", i+1, unique, err)
		}
		out = append(out, s)
	}
	return out, nil
}
