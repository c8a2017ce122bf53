package extract

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/formaudit/formaudit/extract/pdfwalk"
	"github.com/formaudit/formaudit/template"
)

// pdfItem is one printed row of a page before it becomes a Row: a band of
// a ruled table, or a line of text outside any table.
type pdfItem struct {
	page  int
	top   float64
	grid  bool // a band of a ruled table, or a line placed in learnt columns
	ruled bool // the page has ruled tables
	cells []pdfCell
	// joins counts the cells of a line that fell into a column already
	// taken on the same line: a wrapped word in a PDF, but in text a sign
	// that the cells do not stand in the columns of the header.
	joins int
}

// pdfCell is a cell of an item. col is its column when the layout decided
// it (tables without rules); -1 means the column follows from x0.
type pdfCell struct {
	text   string
	x0, x1 float64
	col    int
	// split marks a part of a text line's cell after its first
	// (textSplitCell): it stands one space after the part before it.
	split bool
}

// pdfPageLayout is a page's tables and loose text.
type pdfPageLayout struct {
	page   *pdfwalk.Page
	tables []*pdfTable
	loose  []pdfPiece
}

// pdfRows turns laid-out pages into rows in reading order.
func pdfRows(pages []pdfPageLayout, t *template.Template) []Row {
	pdfJoinAcrossPages(pages)
	cols := pdfColumnIndex(pages)
	furniture := pdfFurniture(pages, t)
	var items []pdfItem
	for _, pl := range pages {
		items = append(items, pdfPageItems(pl, furniture)...)
	}
	items = pdfWhitespace(items, t)
	var rows []Row
	line, page := 0, 0
	var headerKey string // the indicator header of the current form, to drop its repeats
	for _, it := range items {
		first := it.page != page
		page = it.page
		r := Row{Page: it.page, Grid: it.grid, Break: first && it.page > 1}
		for _, c := range it.cells {
			x := len(r.Cells)
			switch {
			case it.grid && c.col >= 0:
				x = c.col
			case it.grid:
				x = cols.index(c.x0)
			}
			r.Cells = append(r.Cells, Cell{Text: c.text, X: x})
		}
		if isTitle(r, t) || isHeaderStart(r, t) {
			headerKey = ""
		}
		if isIndicatorHeader(r, t) {
			key := strings.Join(r.Texts(), "|")
			if key == headerKey {
				continue // the header repeated on a continuation page
			}
			headerKey = key
		}
		if first && len(rows) > 0 && it.grid && pdfRedrawn(&rows[len(rows)-1], r) {
			continue
		}
		line++
		r.Line = line
		for i := range r.Cells {
			r.Cells[i].Line = line
		}
		rows = append(rows, r)
	}
	return rows
}

// pdfRedrawn reports whether r, the first row of a page, is the last row of
// the page before drawn again: a row taller than what was left of that page
// is drawn on both. The text the first drawing lost is added to it.
func pdfRedrawn(prev *Row, r Row) bool {
	if !prev.Grid || prev.Page == r.Page {
		return false
	}
	at := map[int]int{}
	for i, c := range prev.Cells {
		at[c.X] = i
	}
	// Only a row taller than what is left of a page is drawn twice, and only
	// long text makes a row that tall.
	long := false
	for _, c := range r.Cells {
		long = long || len([]rune(c.Text)) >= 20
	}
	if !long {
		return false
	}
	joined := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		j, ok := at[c.X]
		if !ok {
			return false
		}
		p := prev.Cells[j].Text
		joined[i] = pdfJoinOverlap(p, c.Text)
		if joined[i] != p && joined[i] != c.Text && !pdfOverlaps(p, c.Text) {
			return false
		}
	}
	for i, c := range r.Cells {
		prev.Cells[at[c.X]].Text = joined[i]
	}
	return true
}

// pdfOverlaps reports whether a ends with at least four characters that b starts with.
func pdfOverlaps(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	for k := min(len(ra), len(rb)); k >= 4; k-- {
		if string(ra[len(ra)-k:]) == string(rb[:k]) {
			return true
		}
	}
	return false
}

// pdfPageItems lists a page's table bands and loose lines from top to bottom.
func pdfPageItems(pl pdfPageLayout, furniture map[string]bool) []pdfItem {
	var items []pdfItem
	for _, t := range pl.tables {
		for i := 0; i+1 < len(t.bands); i++ {
			mid := (t.bands[i] + t.bands[i+1]) / 2
			var cells []pdfCell
			for _, b := range t.boxes {
				if b.text != "" && mid > b.b && mid < b.t {
					cells = append(cells, pdfCell{text: b.text, x0: b.l, x1: b.r, col: -1})
				}
			}
			if len(cells) == 0 {
				continue
			}
			sort.SliceStable(cells, func(a, c int) bool { return cells[a].x0 < cells[c].x0 })
			items = append(items, pdfItem{page: pl.page.Number, top: t.bands[i], grid: true, ruled: true, cells: cells})
		}
	}
	for _, l := range pdfLinesOf(pl.loose) {
		if furniture[pdfFurnitureKey(pl.page, l)] {
			continue
		}
		items = append(items, pdfItem{page: pl.page.Number, top: l.y + 0.8*l.size, ruled: len(pl.tables) > 0, cells: pdfChunks(l)})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].top > items[j].top })
	return items
}

// pdfChunks splits a loose line into cells at gaps wider than a space.
func pdfChunks(l pdfLine) []pdfCell {
	var out []pdfCell
	for _, p := range l.pieces {
		if n := len(out); n > 0 && p.x0-out[n-1].x1 <= 0.6*l.size {
			c := &out[n-1]
			if p.x0-c.x1 > 0.12*l.size {
				c.text += " "
			}
			c.text += p.text
			c.x1 = math.Max(c.x1, p.x1)
			continue
		}
		out = append(out, pdfCell{text: strings.TrimSpace(p.text), x0: p.x0, x1: p.x1, col: -1})
	}
	return out
}

var pdfPageNumber = regexp.MustCompile(`^(第\s*\d+\s*页.*|[Pp]age\s*\d+.*|-\s*\d+\s*-|\d+\s*/\s*\d+|\d+)$`)

// pdfFurnitureKey names a loose line in a page margin by its text with digits
// folded and its height on the page; "" for lines elsewhere.
func pdfFurnitureKey(p *pdfwalk.Page, l pdfLine) string {
	if l.y > 0.1*p.Height && l.y < 0.92*p.Height {
		return ""
	}
	text := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '#'
		}
		return r
	}, pdfLineText(l))
	return fmt.Sprintf("%s@%d", text, int(math.Round(l.y/4)))
}

// pdfFurniture finds running headers and footers: margin lines printed at
// the same height on most pages, and page numbers. A form title at the top
// of every page is not furniture.
func pdfFurniture(pages []pdfPageLayout, t *template.Template) map[string]bool {
	seen := map[string]int{}
	out := map[string]bool{}
	for _, pl := range pages {
		for _, l := range pdfLinesOf(pl.loose) {
			k := pdfFurnitureKey(pl.page, l)
			text := pdfLineText(l)
			if k == "" || isTitle(Row{Cells: []Cell{{Text: text}}}, t) {
				continue
			}
			seen[k]++
			if pdfPageNumber.MatchString(text) || (seen[k] >= 2 && 2*seen[k] >= len(pages)) {
				out[k] = true
			}
		}
	}
	return out
}

// pdfColumnEdges are the left edges of the cells of all pages, so that a
// column has one number on every page.
type pdfColumnEdges []float64

func pdfColumnIndex(pages []pdfPageLayout) pdfColumnEdges {
	var xs []float64
	for _, pl := range pages {
		for _, t := range pl.tables {
			for _, b := range t.boxes {
				xs = append(xs, b.l)
			}
		}
	}
	sort.Float64s(xs)
	var edges pdfColumnEdges
	for _, x := range xs {
		if n := len(edges); n > 0 && x-edges[n-1] <= 2 {
			continue
		}
		edges = append(edges, x)
	}
	return edges
}

func (e pdfColumnEdges) index(x float64) int {
	i := sort.SearchFloat64s(e, x-2)
	if i < len(e) {
		return i
	}
	return len(e) - 1
}

// pdfJoinAcrossPages joins a merged cell that a page break splits: its box is
// open at the bottom of one page and open at the top of the next, and the
// text (printed once, wherever the cell's middle fell) belongs to both.
func pdfJoinAcrossPages(pages []pdfPageLayout) {
	for i := 0; i+1 < len(pages); i++ {
		a, b := pages[i].tables, pages[i+1].tables
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		last, first := a[len(a)-1], b[0]
		// A box without text exists only once something looks for it: look
		// for the other half of every open box that has text.
		for _, lo := range append([]*pdfBox(nil), last.boxes...) {
			if lo.openBottom && lo.text != "" {
				pdfJoinHalves(lo, first.boxAt((lo.l+lo.r)/2, first.y1-1))
			}
		}
		for _, hi := range append([]*pdfBox(nil), first.boxes...) {
			if hi.openTop && hi.text != "" {
				pdfJoinHalves(last.boxAt((hi.l+hi.r)/2, last.y0+1), hi)
			}
		}
	}
	// Every box of a group takes the text of all, in page order.
	texts := map[*pdfBox]string{}
	for _, pl := range pages {
		for _, t := range pl.tables {
			for _, b := range t.boxes {
				if b.group != nil {
					r := pdfRoot(b)
					texts[r] = pdfJoinOverlap(texts[r], b.text)
				}
			}
		}
	}
	for _, pl := range pages {
		for _, t := range pl.tables {
			for _, b := range t.boxes {
				if b.group != nil {
					b.text = texts[pdfRoot(b)]
				}
			}
		}
	}
}

// pdfJoinHalves joins the halves of a merged cell split by a page break:
// the box at the bottom of one page, open there, and the box at the top of
// the next, open there, with the same sides. The cell's text is printed
// once, on one of the pages, or on both when the cell is drawn twice; two
// different texts are two cells whose rule at the break is missing.
func pdfJoinHalves(lo, hi *pdfBox) {
	if !lo.openBottom || !hi.openTop || math.Abs(lo.l-hi.l) >= 2 || math.Abs(lo.r-hi.r) >= 2 {
		return
	}
	if lo.text == "" || hi.text == "" || strings.Contains(lo.text, hi.text) || strings.Contains(hi.text, lo.text) || pdfOverlaps(lo.text, hi.text) {
		pdfUnion(lo, hi)
	}
}

func pdfRoot(b *pdfBox) *pdfBox {
	for b.group != nil && b.group != b {
		b = b.group
	}
	return b
}

func pdfUnion(a, b *pdfBox) {
	if a.group == nil {
		a.group = a
	}
	if b.group == nil {
		b.group = b
	}
	ra, rb := pdfRoot(a), pdfRoot(b)
	if ra != rb {
		rb.group = ra
	}
}
