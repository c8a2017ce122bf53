package extract

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/formaudit/formaudit/extract/pdfwalk"
)

// pdfTable is a connected set of ruling lines on one page.
type pdfTable struct {
	hs, vs         []pdfwalk.Rule
	x0, y0, x1, y1 float64
	bands          []float64 // y of the horizontal rules, top to bottom, with the table's top and bottom
	boxes          []*pdfBox
}

// pdfBox is the ruled box around some text: a cell, or a merged cell.
type pdfBox struct {
	l, r, t, b          float64
	openTop, openBottom bool // no rule closes it there: a merged cell a page break splits
	pieces              []pdfPiece
	text                string
	group               *pdfBox // union-find parent across a page break
}

// pdfPiece is a part of a run that lies in one box (or outside every table).
type pdfPiece struct {
	text   string
	x0, x1 float64
	y      float64
	size   float64
}

// maxRules bounds the rules a page's tables are built from: a form has a
// few hundred, and the work grows with their square.
const maxRules = 4000

// pdfTables finds the ruled tables of a page: rules that touch form a table.
// A page drawn with more rules than any form has (a chart, a hatching) is
// read as if it had none.
func pdfTables(rules []pdfwalk.Rule) []*pdfTable {
	hs, vs := pdfMergeRules(rules)
	if len(hs)+len(vs) > maxRules {
		return nil
	}
	all := append(append([]pdfwalk.Rule{}, hs...), vs...)
	parent := make([]int, len(all))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	const tol = 2.0
	for i, h := range hs {
		for j, v := range vs {
			if v.X0 >= h.X0-tol && v.X0 <= h.X1+tol && h.Y0 >= v.Y0-tol && h.Y0 <= v.Y1+tol {
				parent[find(i)] = find(len(hs) + j)
			}
		}
	}
	// Rules spanning the same extent are the sides of the same cells: the
	// borders of merged cells that fill a page meet no rule across them.
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			a, b := all[i], all[j]
			if a.Horizontal() != b.Horizontal() {
				continue
			}
			same := math.Abs(a.Y0-b.Y0) <= tol && math.Abs(a.Y1-b.Y1) <= tol
			if a.Horizontal() {
				same = math.Abs(a.X0-b.X0) <= tol && math.Abs(a.X1-b.X1) <= tol
			}
			if same {
				parent[find(i)] = find(j)
			}
		}
	}
	byRoot := map[int]*pdfTable{}
	var order []int
	for i, r := range all {
		pdfRoot := find(i)
		t := byRoot[pdfRoot]
		if t == nil {
			t = &pdfTable{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
			byRoot[pdfRoot] = t
			order = append(order, pdfRoot)
		}
		if r.Horizontal() {
			t.hs = append(t.hs, r)
		} else {
			t.vs = append(t.vs, r)
		}
		t.x0, t.x1 = math.Min(t.x0, r.X0), math.Max(t.x1, r.X1)
		t.y0, t.y1 = math.Min(t.y0, r.Y0), math.Max(t.y1, r.Y1)
	}
	var out []*pdfTable
	for _, pdfRoot := range order {
		t := byRoot[pdfRoot]
		if len(t.vs) < 2 || len(t.hs) < 1 {
			continue
		}
		ys := []float64{t.y1, t.y0}
		for _, h := range t.hs {
			ys = append(ys, h.Y0)
		}
		t.bands = pdfClusterDesc(ys, 1.5)
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].y1 > out[j].y1 })
	return out
}

// pdfClusterDesc sorts values from high to low and merges those within tol.
func pdfClusterDesc(vs []float64, tol float64) []float64 {
	sort.Sort(sort.Reverse(sort.Float64Slice(vs)))
	var out []float64
	for _, v := range vs {
		if n := len(out); n > 0 && out[n-1]-v <= tol {
			continue
		}
		out = append(out, v)
	}
	return out
}

// pdfMergeRules joins collinear rules that overlap or nearly touch; producers
// draw one border as many short strokes, one per cell.
func pdfMergeRules(rules []pdfwalk.Rule) (hs, vs []pdfwalk.Rule) {
	for _, r := range rules {
		if r.Horizontal() {
			hs = append(hs, r)
		} else {
			// Store verticals transposed so both merge the same way.
			vs = append(vs, pdfwalk.Rule{X0: r.Y0, Y0: r.X0, X1: r.Y1, Y1: r.X0})
		}
	}
	merge := func(rs []pdfwalk.Rule) []pdfwalk.Rule {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Y0 < rs[j].Y0 })
		var out []pdfwalk.Rule
		for start := 0; start < len(rs); {
			// Rules within a point of each other are one line, drawn in pieces.
			end := start + 1
			for end < len(rs) && rs[end].Y0-rs[start].Y0 <= 1 {
				end++
			}
			line := rs[start:end]
			sort.Slice(line, func(i, j int) bool { return line[i].X0 < line[j].X0 })
			y := line[0].Y0
			cur := pdfwalk.Rule{X0: line[0].X0, Y0: y, X1: line[0].X1, Y1: y}
			for _, r := range line[1:] {
				if r.X0 <= cur.X1+4 { // the gaps of a dashed border join too
					cur.X1 = math.Max(cur.X1, r.X1)
					continue
				}
				out = append(out, cur)
				cur = pdfwalk.Rule{X0: r.X0, Y0: y, X1: r.X1, Y1: y}
			}
			out = append(out, cur)
			start = end
		}
		return out
	}
	hs = merge(hs)
	vs = merge(vs)
	for i, v := range vs {
		vs[i] = pdfwalk.Rule{X0: v.Y0, Y0: v.X0, X1: v.Y0, Y1: v.X1}
	}
	return hs, vs
}

func (t *pdfTable) contains(x, y float64) bool {
	return x >= t.x0-1 && x <= t.x1+1 && y >= t.y0-1 && y <= t.y1+1
}

// boxAt finds the ruled box around a point by looking for the nearest rule
// in each direction. Where none closes the box, the table's edge does and
// the box is open on that side.
func (t *pdfTable) boxAt(x, y float64) *pdfBox {
	const tol = 1.0
	b := &pdfBox{l: t.x0, r: t.x1, t: t.y1, b: t.y0, openTop: true, openBottom: true}
	for _, v := range t.vs {
		if y < v.Y0-tol || y > v.Y1+tol {
			continue
		}
		if v.X0 <= x && v.X0 > b.l {
			b.l = v.X0
		}
		if v.X0 > x && v.X0 < b.r {
			b.r = v.X0
		}
	}
	top, bottom := math.Inf(1), math.Inf(-1)
	for _, h := range t.hs {
		if x < h.X0-tol || x > h.X1+tol {
			continue
		}
		if h.Y0 >= y && h.Y0 < top {
			top = h.Y0
		}
		if h.Y0 < y && h.Y0 > bottom {
			bottom = h.Y0
		}
	}
	if !math.IsInf(top, 1) {
		b.t, b.openTop = top, false
	}
	if !math.IsInf(bottom, -1) {
		b.b, b.openBottom = bottom, false
	}
	for _, o := range t.boxes {
		if math.Abs(o.l-b.l) < 0.5 && math.Abs(o.r-b.r) < 0.5 && math.Abs(o.t-b.t) < 0.5 && math.Abs(o.b-b.b) < 0.5 {
			return o
		}
	}
	t.boxes = append(t.boxes, b)
	return b
}

func (b *pdfBox) inside(x, y float64) bool {
	return x >= b.l && x <= b.r && y >= b.b && y <= b.t
}

// pdfLayoutPage places the page's text in the boxes of its tables; what lies
// outside every table is returned as loose pieces.
func pdfLayoutPage(p *pdfwalk.Page) (tables []*pdfTable, loose []pdfPiece) {
	tables = pdfTables(p.Rules)
	for _, run := range p.Runs {
		var cur *pdfBox
		var pc pdfPiece
		var text strings.Builder
		flush := func() {
			if text.Len() == 0 {
				return
			}
			pc.text = strings.TrimSpace(text.String())
			if cur != nil {
				cur.pieces = append(cur.pieces, pc)
			} else {
				loose = append(loose, pc)
			}
			text.Reset()
		}
		for _, g := range run.Glyphs {
			cx, cy := (g.X0+g.X1)/2, run.Y+0.3*run.Size
			if cur == nil || !cur.inside(cx, cy) {
				var box *pdfBox
				for _, t := range tables {
					if t.contains(cx, cy) {
						box = t.boxAt(cx, cy)
						break
					}
				}
				if box != cur {
					flush()
					cur = box
				}
			}
			if text.Len() == 0 {
				pc = pdfPiece{x0: g.X0, y: run.Y, size: run.Size}
			} else if g.X0-pc.x1 > 0.12*run.Size && g.Text != " " {
				text.WriteByte(' ')
			}
			text.WriteString(g.Text)
			pc.x1 = math.Max(pc.x1, g.X1)
		}
		flush()
	}
	for _, t := range tables {
		for _, b := range t.boxes {
			b.text = pdfBoxText(b.pieces)
		}
	}
	return tables, loose
}

// pdfLine is pieces sharing a baseline, left to right.
type pdfLine struct {
	pieces []pdfPiece
	y      float64
	size   float64
}

// pdfLinesOf groups pieces into lines, top to bottom. Numbers and Chinese on
// one printed line can sit a point apart, so a line takes pieces whose
// baseline is within a third of the font size.
func pdfLinesOf(pieces []pdfPiece) []pdfLine {
	ps := append([]pdfPiece(nil), pieces...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].y > ps[j].y })
	var lines []pdfLine
	for _, p := range ps {
		placed := false
		for k := len(lines) - 1; k >= 0 && k >= len(lines)-3; k-- {
			l := &lines[k]
			if math.Abs(l.y-p.y) <= 0.35*math.Max(l.size, p.size) {
				l.pieces = append(l.pieces, p)
				l.size = math.Max(l.size, p.size)
				placed = true
				break
			}
		}
		if !placed {
			lines = append(lines, pdfLine{pieces: []pdfPiece{p}, y: p.y, size: p.size})
		}
	}
	for i := range lines {
		sort.SliceStable(lines[i].pieces, func(a, b int) bool { return lines[i].pieces[a].x0 < lines[i].pieces[b].x0 })
	}
	return lines
}

// pdfLineText joins the pieces of a line, with a space where there is a gap.
func pdfLineText(l pdfLine) string {
	var b strings.Builder
	last := math.Inf(-1)
	for _, p := range l.pieces {
		if b.Len() > 0 && p.x0-last > 0.12*l.size {
			b.WriteByte(' ')
		}
		b.WriteString(p.text)
		last = math.Max(last, p.x1)
	}
	return strings.TrimSpace(b.String())
}

// pdfBoxText joins the lines of a cell. A line wrapped inside the cell goes on
// without a space, unless it broke between two Latin words.
func pdfBoxText(pieces []pdfPiece) string {
	var out string
	for _, l := range pdfLinesOf(pieces) {
		out = pdfJoinWrapped(out, pdfLineText(l))
	}
	return out
}

// pdfJoinOverlap joins the text of a cell drawn on two pages. A row taller
// than the rest of a page is drawn on both, each time clipped, so the same
// lines can show on both pages.
func pdfJoinOverlap(a, b string) string {
	switch {
	case strings.Contains(a, b):
		return a
	case strings.Contains(b, a):
		return b
	}
	ra, rb := []rune(a), []rune(b)
	for k := min(len(ra), len(rb)); k >= 4; k-- {
		if string(ra[len(ra)-k:]) == string(rb[:k]) {
			return a + string(rb[k:])
		}
	}
	return pdfJoinWrapped(a, b)
}

func pdfJoinWrapped(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	last, _ := pdfLastRune(a)
	first := []rune(b)[0]
	if pdfLatin(last) && pdfLatin(first) {
		return a + " " + b
	}
	return a + b
}

func pdfLastRune(s string) (rune, bool) {
	r := []rune(s)
	if len(r) == 0 {
		return 0, false
	}
	return r[len(r)-1], true
}

// pdfLatin reports ASCII letters and digits: a line that wraps between two
// of them broke at a space, since there is no other place to break.
func pdfLatin(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
