package extract

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// Errors for workbooks that cannot be read; each names its cause.
var (
	ErrWorkbookTooLarge = errors.New("workbook expands past the size limit (a zip bomb, or a sheet far larger than any form)")
	ErrWorkbookPassword = errors.New("workbook is password-protected: save a copy without the password and import that")
	ErrWorkbookCorrupt  = errors.New("workbook is corrupt")
	ErrWorkbookEmpty    = errors.New("workbook has no cells")
)

// sheetGrid is one worksheet as stored, whatever the file format: the text
// each non-empty cell shows, merged ranges and what is hidden.
type sheetGrid struct {
	name       string
	hidden     bool
	cells      map[cellPos]string // non-empty cells, 1-based
	merges     []cellRange
	hiddenRows map[int]bool
	hiddenCols map[int]bool
	stale      []staleFormula
}

type cellPos struct{ row, col int }

// cellRange is a rectangle of cells, 1-based and inclusive.
type cellRange struct{ r1, c1, r2, c2 int }

// staleFormula is a formula cell whose cached result differs from what the
// formula computes from the cells it reads.
type staleFormula struct {
	row, col int
	formula  string
	cached   string
	computed string
}

func newSheetGrid(name string) *sheetGrid {
	return &sheetGrid{name: name, cells: map[cellPos]string{}, hiddenRows: map[int]bool{}, hiddenCols: map[int]bool{}}
}

// lineBreaks turns the line breaks inside a cell into spaces.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// set stores a cell's text; line breaks inside a cell are wrapping, not structure.
func (g *sheetGrid) set(row, col int, text string) {
	text = strings.TrimSpace(lineBreaks.Replace(text))
	if text != "" {
		g.cells[cellPos{row, col}] = text
	}
}

// cellName is the A1-style name of a cell.
func cellName(row, col int) string {
	// Letters fill buf[:16] from its end, 14 at most for any int; the
	// row number follows them.
	var buf [40]byte
	i := 16
	for c := col; c > 0; c = (c - 1) / 26 {
		i--
		buf[i] = byte('A' + (c-1)%26)
	}
	return string(strconv.AppendInt(buf[i:16], int64(row), 10))
}

// maxMergeWork bounds the cells that merged ranges make the reader visit,
// so that a few thousand ranges over a whole sheet cannot make it slow.
const maxMergeWork = 1 << 24

// rows turns the grid into rows of gridded cells (X is the column, Line the
// sheet row). A merged cell's value stands in every row the merge spans, in
// its first column, so that a 一级指标 or 项目资金 label merged down many rows
// labels each of them; a row holding nothing but such copies (a tall text
// merged over several rows) adds nothing and is left out. Hidden rows and
// columns are not printed and are not read.
func (g *sheetGrid) rows(page int) ([]Row, error) {
	type cell struct {
		text string
		copy bool
	}
	cells := map[cellPos]cell{}
	maxCol := 0
	var filled []int // rows holding cells, sorted
	seen := map[int]bool{}
	for p, text := range g.cells {
		cells[p] = cell{text: text}
		maxCol = max(maxCol, p.col)
		if !seen[p.row] {
			seen[p.row] = true
			filled = append(filled, p.row)
		}
	}
	sort.Ints(filled)
	work := 0
	for _, m := range g.merges {
		top, ok := cells[cellPos{m.r1, m.c1}]
		// Only rows holding cells can lose cells to the merge or keep a copy.
		for i := sort.SearchInts(filled, m.r1); i < len(filled) && filled[i] <= m.r2; i++ {
			r := filled[i]
			c2 := min(m.c2, maxCol)
			if work += c2 - m.c1 + 1; work > maxMergeWork {
				return nil, fmt.Errorf("%w: merged ranges cover more than %d cells", ErrWorkbookTooLarge, maxMergeWork)
			}
			for c := m.c1; c <= c2; c++ {
				if r != m.r1 || c != m.c1 {
					delete(cells, cellPos{r, c})
				}
			}
			if ok && r > m.r1 {
				cells[cellPos{r, m.c1}] = cell{text: top.text, copy: true}
			}
		}
	}
	byRow := map[int][]Cell{}
	own := map[int]bool{}
	for p, c := range cells {
		if g.hiddenRows[p.row] || g.hiddenCols[p.col] {
			continue
		}
		byRow[p.row] = append(byRow[p.row], Cell{Text: c.text, Line: p.row, X: p.col})
		own[p.row] = own[p.row] || !c.copy
	}
	spans := g.continuations()
	out := make([]Row, 0, len(filled))
	prev := 0
	for _, r := range filled {
		cs := byRow[r]
		if !own[r] {
			continue
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i].X < cs[j].X })
		out = append(out, Row{Line: r, Page: page, Break: prev > 0 && g.gap(prev, r, seen, spans), Grid: true, Cells: cs})
		prev = r
	}
	return out, nil
}

// continuations are the rows that merged cells extend into below their
// first row, as sorted disjoint ranges.
func (g *sheetGrid) continuations() [][2]int {
	var spans [][2]int
	for _, m := range g.merges {
		if m.r2 > m.r1 {
			spans = append(spans, [2]int{m.r1 + 1, m.r2})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var out [][2]int
	for _, s := range spans {
		if n := len(out); n > 0 && s[0] <= out[n-1][1]+1 {
			out[n-1][1] = max(out[n-1][1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// gap reports whether an empty row stands between rows a and b. A hidden
// row is not printed, and a row inside a merged cell is part of that cell;
// neither is a gap.
func (g *sheetGrid) gap(a, b int, seen map[int]bool, spans [][2]int) bool {
	for q := a + 1; q < b; q++ {
		if seen[q] || g.hiddenRows[q] {
			continue
		}
		i := sort.Search(len(spans), func(i int) bool { return spans[i][1] >= q })
		if i < len(spans) && spans[i][0] <= q {
			q = spans[i][1]
			continue
		}
		return true
	}
	return false
}

// readGrids finds the forms on every sheet and numbers them across the
// workbook. Hidden sheets are read too, since a form may have been hidden,
// but there a form must have a funds block or an indicator table: hidden
// helper sheets list project codes and names under the same labels.
func readGrids(ctx context.Context, format string, grids []*sheetGrid, t *template.Template) (*Document, error) {
	doc := &Document{Format: format}
	cells, rows := 0, 0
	for i, g := range grids {
		cells += len(g.cells)
		// A sheet's number stands for its page; a whole file read as a
		// sheet has no pages the reader could know.
		page := i + 1
		if g.wholeFile() {
			page = 0
		}
		rs, err := g.rows(page)
		if err != nil {
			return nil, g.errorf(err)
		}
		rows += len(rs)
		forms, err := formsFromRows(ctx, slices.Values(rs), t)
		if err != nil {
			return nil, g.errorf(err)
		}
		for _, f := range forms {
			if g.hidden && len(f.Funds) == 0 && len(f.Indicators) == 0 {
				continue
			}
			f.Sheet = g.name
			f.LabelsAtTop = true
			f.CellRange = formRange(rs, f)
			ft := t
			if f.Template != nil {
				ft = f.Template
			}
			f.Notes = append(f.Notes, staleNotes(g, rs, f, ft)...)
			f.Seq = len(doc.Forms) + 1
			doc.Forms = append(doc.Forms, f)
		}
	}
	switch {
	case cells == 0:
		return doc, ErrWorkbookEmpty
	case len(doc.Forms) == 0 && len(grids) == 1 && grids[0].wholeFile():
		return doc, noForm(english.Count(rows, "row"))
	case len(doc.Forms) == 0:
		return doc, noForm(english.Count(rows, "row") + " of " + english.Count(len(grids), "sheet"))
	}
	return doc, nil
}

// wholeFile reports whether the grid is a whole file read as a sheet (a CSV
// file, a Word document), which has no sheet name, rather than a
// workbook's sheet.
func (g *sheetGrid) wholeFile() bool { return g.name == "" }

// errorf names the sheet in err, where it is a workbook's.
func (g *sheetGrid) errorf(err error) error {
	if g.wholeFile() {
		return err
	}
	return fmt.Errorf("sheet %s: %w", g.name, err)
}

// formRange is the rectangle of cells a form covers, e.g. "B3:J41".
func formRange(rows []Row, f RawForm) string {
	c1, c2 := 0, 0
	for _, r := range rows {
		if r.Line < f.LineFrom || r.Line > f.LineTo {
			continue
		}
		for _, c := range r.Cells {
			if c1 == 0 || c.X < c1 {
				c1 = c.X
			}
			c2 = max(c2, c.X)
		}
	}
	if c1 == 0 {
		return ""
	}
	return cellName(f.LineFrom, c1) + ":" + cellName(f.LineTo, c2)
}

// staleNotes turns the stale formulas inside a form into notes on the field
// each one fills, named by its row's label and its column's header.
func staleNotes(g *sheetGrid, rows []Row, f RawForm, t *template.Template) []RawNote {
	var notes []RawNote
	for _, s := range g.stale {
		if s.row < f.LineFrom || s.row > f.LineTo {
			continue
		}
		field := strings.TrimSpace(rowLabel(f, s.row, t) + " " + columnLabel(rows, f, s.row, s.col, t))
		if field == "" {
			field = cellName(s.row, s.col)
		}
		notes = append(notes, RawNote{
			Code: "sheet.stale_formula", Field: field, Printed: s.cached, Line: s.row,
			Message: fmt.Sprintf("%s!%s holds =%s, whose cached result %s (used, as the sheet shows it) differs from the %s it computes now",
				g.name, cellName(s.row, s.col), s.formula, s.cached, plainNumber(s.computed)),
		})
	}
	return notes
}

// rowLabel names the row of a form that a cell stands on.
func rowLabel(f RawForm, row int, t *template.Template) string {
	if f.Total != nil && f.Total.Line == row {
		return t.Total.Labels[0]
	}
	for _, fl := range f.Funds {
		if fl.Line == row {
			return fl.Label
		}
	}
	for _, ind := range f.Indicators {
		if ind.Line == row {
			return ind.Name
		}
	}
	return ""
}

// columnLabel is the header printed above a cell: the nearest row above it
// in the form with a header label in the cell's column.
func columnLabel(rows []Row, f RawForm, row, col int, t *template.Template) string {
	labels := append([]string{}, t.Indicators.Header...)
	for _, ls := range t.Funds.ColumnLabels {
		labels = append(labels, ls...)
	}
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if r.Line >= row || r.Line < f.LineFrom {
			continue
		}
		for _, c := range r.Cells {
			if c.X != col {
				continue
			}
			if _, ok := template.Contains(c.Text, labels); ok {
				return c.Text
			}
		}
	}
	return ""
}

// plainNumber writes a computed value as a number without binary noise
// (99.10000000000001 as 99.1), or as it is when it is not a number.
func plainNumber(s string) string {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	return generalText(d)
}

// sameNumber reports whether two cell values agree: as numbers when both
// are (to the 15 significant digits a double holds), else as text.
func sameNumber(a, b string) bool {
	da, errA := decimal.NewFromString(strings.TrimSpace(a))
	db, errB := decimal.NewFromString(strings.TrimSpace(b))
	if errA != nil || errB != nil {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return generalText(da) == generalText(db)
}
