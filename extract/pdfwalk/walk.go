package pdfwalk

import (
	"fmt"
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// gstate is the part of the graphics state the walker needs.
type gstate struct {
	ctm  Matrix
	clip Rect
	font *font
	size float64 // Tf size
	tc   float64 // character spacing
	tw   float64 // word spacing
	th   float64 // horizontal scaling, 1 = 100%
	tl   float64 // leading
	rise float64
	mode int // text render mode
}

// Bounds of Document.named: the resources of ordinary files print in a few
// hundred bytes and name a few fonts.
const (
	maxNamedKey = 4096
	maxNamed    = 1024
)

// scope is one content stream's resources, with fonts looked up once.
type scope struct {
	res   pdf.Value
	key   string // res printed, naming the resources in Document.named
	fonts map[string]*font
}

type walker struct {
	doc        *Document
	page       *Page
	gs         gstate
	saved      []gstate
	tm, tlm    Matrix
	path       [][]pt
	closed     []bool
	clipNext   bool
	ops        int
	xobjs      []string // Form XObjects being walked, to stop cycles
	unreadable map[*font]bool
	text       strings.Builder // text of the current run
	spaceLast  bool            // the current run ends with a space
	glyphs     int             // glyphs placed on the page
	run        *Run
	lastEnd    float64 // x where the last glyph of run ended
}

type pt struct{ x, y float64 }

func newWalker(d *Document, p *Page, base Matrix) *walker {
	return &walker{doc: d, page: p, gs: gstate{ctm: base, th: 1, clip: Rect{0, 0, p.Width, p.Height}}, unreadable: map[*font]bool{}}
}

func (w *walker) problem(format string, args ...any) {
	if len(w.page.Problems) < 20 {
		w.page.Problems = append(w.page.Problems, fmt.Sprintf(format, args...))
	}
}

// runContent walks a content stream (or an array of them) with its resources.
func (w *walker) runContent(contents pdf.Value, res pdf.Value, depth int) {
	var data []byte
	read := func(v pdf.Value) {
		b, err := w.doc.streams.read(v)
		if err != nil {
			w.problem("content stream: %v", err)
		}
		data = append(data, b...)
		data = append(data, '\n')
	}
	switch contents.Kind() {
	case pdf.Stream:
		read(contents)
	case pdf.Array:
		for i := 0; i < contents.Len() && i < 10000; i++ {
			if s := contents.Index(i); s.Kind() == pdf.Stream {
				read(s)
			}
		}
	}
	w.interpret(data, &scope{res: res, fonts: map[string]*font{}}, depth)
}

// interpret executes the operators of one content stream. Operators with
// missing or wrong operands are skipped, as viewers do.
func (w *walker) interpret(data []byte, sc *scope, depth int) {
	l := &lexer{data: data}
	var args []operand
	saveDepth := len(w.saved)
	for {
		v, op, ok := l.next()
		if !ok {
			break
		}
		if op == "" {
			if len(args) < 64 {
				args = append(args, v)
			}
			continue
		}
		if w.ops++; w.ops > maxOpsPerPage {
			w.problem("more than %d operators: the rest of the page is skipped", maxOpsPerPage)
			break
		}
		if op == "ID" {
			l.skipInlineImage()
		}
		w.do(op, args, sc, depth)
		args = args[:0]
	}
	// A stream may not leave its q without Q; restore what it saved.
	if len(w.saved) > saveDepth {
		w.gs = w.saved[saveDepth]
		w.saved = w.saved[:saveDepth]
	}
}

func nums(args []operand, n int) ([]float64, bool) {
	if len(args) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i, a := range args[len(args)-n:] {
		if a.kind != kNum || !finite(a.num) {
			return nil, false
		}
		out[i] = a.num
	}
	return out, true
}

func (w *walker) do(op string, args []operand, sc *scope, depth int) {
	switch op {
	case "q":
		if len(w.saved) < 256 {
			w.saved = append(w.saved, w.gs)
		}
	case "Q":
		if n := len(w.saved); n > 0 {
			w.gs = w.saved[n-1]
			w.saved = w.saved[:n-1]
		}
	case "cm":
		if a, ok := nums(args, 6); ok {
			w.gs.ctm = Matrix{a[0], a[1], a[2], a[3], a[4], a[5]}.Mul(w.gs.ctm)
		}
	case "BT":
		w.tm, w.tlm = Identity, Identity
	case "ET":
		w.flush()
	case "Tf":
		if len(args) >= 2 && args[len(args)-2].kind == kName {
			w.gs.font = w.font(sc, args[len(args)-2].str)
			w.gs.size = args[len(args)-1].num
		}
	case "Tc":
		if a, ok := nums(args, 1); ok {
			w.gs.tc = a[0]
		}
	case "Tw":
		if a, ok := nums(args, 1); ok {
			w.gs.tw = a[0]
		}
	case "Tz":
		if a, ok := nums(args, 1); ok {
			w.gs.th = a[0] / 100
		}
	case "TL":
		if a, ok := nums(args, 1); ok {
			w.gs.tl = a[0]
		}
	case "Ts":
		if a, ok := nums(args, 1); ok {
			w.gs.rise = a[0]
		}
	case "Tr":
		if a, ok := nums(args, 1); ok {
			w.gs.mode = int(a[0])
		}
	case "Td":
		if a, ok := nums(args, 2); ok {
			w.moveLine(a[0], a[1])
		}
	case "TD":
		if a, ok := nums(args, 2); ok {
			w.gs.tl = -a[1]
			w.moveLine(a[0], a[1])
		}
	case "Tm":
		if a, ok := nums(args, 6); ok {
			w.tm = Matrix{a[0], a[1], a[2], a[3], a[4], a[5]}
			w.tlm = w.tm
		}
	case "T*":
		w.moveLine(0, -w.gs.tl)
	case "Tj":
		if n := len(args); n > 0 && args[n-1].kind == kStr {
			w.show(args[n-1].str)
		}
	case "'":
		w.moveLine(0, -w.gs.tl)
		if n := len(args); n > 0 && args[n-1].kind == kStr {
			w.show(args[n-1].str)
		}
	case "\"":
		if n := len(args); n >= 3 && args[n-1].kind == kStr {
			w.gs.tw, w.gs.tc = args[n-3].num, args[n-2].num
			w.moveLine(0, -w.gs.tl)
			w.show(args[n-1].str)
		}
	case "TJ":
		if n := len(args); n > 0 && args[n-1].kind == kArray {
			for _, e := range args[n-1].arr {
				switch e.kind {
				case kStr:
					w.show(e.str)
				case kNum:
					if finite(e.num) {
						w.advance(-e.num / 1000 * w.gs.size * w.gs.th)
					}
				}
			}
		}
	case "m":
		if a, ok := nums(args, 2); ok {
			w.path = append(w.path, []pt{w.point(a[0], a[1])})
			w.closed = append(w.closed, false)
		}
	case "l":
		if a, ok := nums(args, 2); ok && len(w.path) > 0 {
			k := len(w.path) - 1
			w.path[k] = append(w.path[k], w.point(a[0], a[1]))
		}
	case "c", "v", "y":
		// Curves are never table rules; keep the end point so the next
		// segment starts in the right place.
		n := 4
		if op == "c" {
			n = 6
		}
		if len(args) >= n && len(w.path) > 0 {
			if a, ok := nums(args, 2); ok {
				k := len(w.path) - 1
				w.path[k] = append(w.path[k], pt{math.NaN(), math.NaN()}, w.point(a[0], a[1]))
			}
		}
	case "h":
		if k := len(w.path) - 1; k >= 0 {
			w.closed[k] = true
		}
	case "re":
		if a, ok := nums(args, 4); ok {
			x, y, dx, dy := a[0], a[1], a[2], a[3]
			w.path = append(w.path, []pt{w.point(x, y), w.point(x+dx, y), w.point(x+dx, y+dy), w.point(x, y+dy)})
			w.closed = append(w.closed, true)
		}
	case "W", "W*":
		w.clipNext = true
	case "S", "s":
		w.paint(true, false, op == "s")
	case "f", "F", "f*":
		w.paint(false, true, false)
	case "B", "B*", "b", "b*":
		w.paint(true, true, op[0] == 'b')
	case "n":
		w.paint(false, false, false)
	case "Do":
		if n := len(args); n > 0 && args[n-1].kind == kName {
			w.xobject(sc, args[n-1].str, depth)
		}
	}
}

func (w *walker) point(x, y float64) pt {
	px, py := w.gs.ctm.Apply(x, y)
	return pt{px, py}
}

func (w *walker) moveLine(tx, ty float64) {
	w.tlm = Matrix{1, 0, 0, 1, tx, ty}.Mul(w.tlm)
	w.tm = w.tlm
}

// advance moves the text position along the baseline by tx text-space units.
func (w *walker) advance(tx float64) {
	if w.gs.font != nil && w.gs.font.vertical {
		w.tm = Matrix{1, 0, 0, 1, 0, -tx}.Mul(w.tm)
		return
	}
	w.tm = Matrix{1, 0, 0, 1, tx, 0}.Mul(w.tm)
}

func (w *walker) font(sc *scope, name string) *font {
	if f, ok := sc.fonts[name]; ok {
		return f
	}
	// Pages mostly share their resources, and resolving a font reads its
	// object again, from an object stream decompressed anew each time: a
	// ninth of reading a LibreOffice PDF. Resources printed alike hold the
	// same references, so their fonts are the same.
	// A hostile file's resources may be huge or its names many: those are
	// looked up as they come.
	if sc.key == "" {
		sc.key = sc.res.String()
	}
	key := sc.key + "\x00" + name
	f, ok := w.doc.named[key]
	if !ok {
		if v := sc.res.Key("Font").Key(name); v.Kind() == pdf.Dict {
			id := v.String()
			if f = w.doc.fonts[id]; f == nil {
				f = newFont(v, w.doc.streams)
				w.doc.fonts[id] = f
			}
		}
		if len(key) <= maxNamedKey && len(w.doc.named) < maxNamed {
			w.doc.named[key] = f
		}
	}
	if f == nil {
		w.problem("font /%s is missing", name)
	}
	sc.fonts[name] = f
	return f
}

// show places the glyphs of one string.
func (w *walker) show(s string) {
	f := w.gs.font
	if f == nil {
		f = w.doc.fallbackFont()
	}
	fs, th := w.gs.size, w.gs.th
	for len(s) > 0 {
		g, n := f.next(s)
		s = s[n:]
		trm := Matrix{fs * th, 0, 0, fs, 0, w.gs.rise}.Mul(w.tm).Mul(w.gs.ctm)
		x0, y0 := trm.Apply(0, 0)
		x1, y1 := trm.Apply(g.width, 0)
		if g.text == "" && f.noUnicode && !w.unreadable[f] {
			w.unreadable[f] = true
			w.problem("font %s maps its codes to no Unicode (no ToUnicode map, no known encoding): its text is lost", f.name)
		}
		if g.text != "" && finite(x0, y0, x1, y1) {
			w.glyph(g.text, x0, y0, x1, y1, hypot(trm[2], trm[3]), f)
		}
		adv := g.width*fs + w.gs.tc
		if g.space {
			adv += w.gs.tw
		}
		if f.vertical {
			// Vertical fonts advance one em down unless their metrics say
			// otherwise; the forms never print vertical text in a value.
			w.advance(fs + w.gs.tc)
			continue
		}
		w.advance(adv * th)
	}
}

// fallbackFont stands in for a missing font resource: bytes as Latin-1.
// Each document has its own, since fonts cache what they decode.
func (d *Document) fallbackFont() *font {
	if d.fallback == nil {
		d.fallback = &font{simple: pdfDoc, widths: map[int]float64{}, missing: 500, scale: 0.001, cache: map[uint64]glyphInfo{}}
	}
	return d.fallback
}

// glyph adds one glyph to the current run, or starts a new run.
func (w *walker) glyph(text string, x0, y0, x1, y1, size float64, f *font) {
	if x1 < x0 { // right-to-left or mirrored: keep the extent
		x0, x1 = x1, x0
	}
	if size < 0.5 {
		size = math.Max(size, math.Abs(y1-y0))
	}
	// Text outside the visible box or the clip (a merged cell drawn in full
	// on both pages a page break splits) is not on this page.
	cx, cy := (x0+x1)/2, y0+0.3*size
	if !w.gs.clip.Contains(cx, cy, 0.5) {
		return
	}
	invisible := w.gs.mode == 3 || w.gs.mode == 7
	r := w.run
	gap := x0 - w.lastEnd
	if r != nil && (r.Font != f.name || r.Invisible != invisible || math.Abs(r.Y-y0) > 0.2*size ||
		math.Abs(r.Size-size) > 0.2*size || gap > 0.3*size || gap < -0.5*size) {
		w.flush()
		r = nil
	}
	if r == nil && strings.TrimSpace(text) == "" {
		return // a space starts no run
	}
	if r == nil {
		w.run = &Run{X0: x0, Y: y0, Size: size, Font: f.name, Invisible: invisible}
		r = w.run
	} else if gap > 0.12*size && !w.spaceLast {
		// A gap of about a space's width between glyphs is a space the
		// producer did not print as a glyph.
		w.text.WriteByte(' ')
	}
	if w.glyphs++; w.glyphs > maxGlyphsPerPage {
		if w.glyphs == maxGlyphsPerPage+1 {
			w.problem("more than %d characters: the rest of the page is skipped", maxGlyphsPerPage)
		}
		return
	}
	w.text.WriteString(text)
	w.spaceLast = strings.HasSuffix(text, " ")
	r.Glyphs = append(r.Glyphs, Glyph{Text: text, X0: x0, X1: x1})
	r.X1 = math.Max(r.X1, x1)
	w.lastEnd = x1
}

func (w *walker) flush() {
	if w.run != nil && len(w.run.Glyphs) > 0 {
		w.run.Text = strings.TrimRight(w.text.String(), " ")
		w.page.Runs = append(w.page.Runs, *w.run)
	}
	w.run = nil
	w.text.Reset()
	w.spaceLast = false
}

// paint ends a path: strokes give rules, thin filled rectangles give
// rules, and a clip narrows the clip rectangle.
func (w *walker) paint(stroke, fill, closeFirst bool) {
	defer func() { w.path, w.closed, w.clipNext = nil, nil, false }()
	for i, sp := range w.path {
		if stroke {
			for j := 1; j < len(sp); j++ {
				w.segment(sp[j-1], sp[j])
			}
			if (w.closed[i] || closeFirst) && len(sp) > 2 {
				w.segment(sp[len(sp)-1], sp[0])
			}
		}
		if fill || w.clipNext {
			r, ok := rectOf(sp)
			if !ok {
				continue
			}
			if fill && !stroke && (r.Dx() <= 2.5 || r.Dy() <= 2.5) && math.Max(r.Dx(), r.Dy()) >= 3 {
				if r.Dx() <= r.Dy() {
					w.addRule(Rule{(r.X0 + r.X1) / 2, r.Y0, (r.X0 + r.X1) / 2, r.Y1})
				} else {
					w.addRule(Rule{r.X0, (r.Y0 + r.Y1) / 2, r.X1, (r.Y0 + r.Y1) / 2})
				}
			}
			if w.clipNext && len(w.path) == 1 {
				w.gs.clip = w.gs.clip.Intersect(r)
			}
		}
	}
}

// rectOf returns the rectangle a subpath traces, if it is an axis-aligned one.
func rectOf(sp []pt) (Rect, bool) {
	if len(sp) == 5 && math.Abs(sp[4].x-sp[0].x) < 0.01 && math.Abs(sp[4].y-sp[0].y) < 0.01 {
		sp = sp[:4]
	}
	if len(sp) != 4 {
		return Rect{}, false
	}
	r := Rect{sp[0].x, sp[0].y, sp[0].x, sp[0].y}
	for _, p := range sp[1:] {
		if math.IsNaN(p.x) {
			return Rect{}, false
		}
		r.X0, r.X1 = math.Min(r.X0, p.x), math.Max(r.X1, p.x)
		r.Y0, r.Y1 = math.Min(r.Y0, p.y), math.Max(r.Y1, p.y)
	}
	for _, p := range sp {
		onX := math.Abs(p.x-r.X0) < 0.5 || math.Abs(p.x-r.X1) < 0.5
		onY := math.Abs(p.y-r.Y0) < 0.5 || math.Abs(p.y-r.Y1) < 0.5
		if !onX || !onY {
			return Rect{}, false
		}
	}
	return r, true
}

// segment keeps a stroked straight segment that is horizontal or vertical.
func (w *walker) segment(a, b pt) {
	if math.IsNaN(a.x) || math.IsNaN(b.x) || !finite(a.x, a.y, b.x, b.y) {
		return
	}
	dx, dy := math.Abs(b.x-a.x), math.Abs(b.y-a.y)
	switch {
	case dy < 0.5 && dx >= 1:
		y := (a.y + b.y) / 2
		w.addRule(Rule{math.Min(a.x, b.x), y, math.Max(a.x, b.x), y})
	case dx < 0.5 && dy >= 1:
		x := (a.x + b.x) / 2
		w.addRule(Rule{x, math.Min(a.y, b.y), x, math.Max(a.y, b.y)})
	}
}

// addRule clips a rule to the clip rectangle and keeps what is visible.
func (w *walker) addRule(r Rule) {
	c := w.gs.clip
	if r.Y0 == r.Y1 {
		if r.Y0 < c.Y0-1 || r.Y0 > c.Y1+1 {
			return
		}
		r.X0, r.X1 = math.Max(r.X0, c.X0), math.Min(r.X1, c.X1)
		if r.X1-r.X0 < 1 {
			return
		}
	} else {
		if r.X0 < c.X0-1 || r.X0 > c.X1+1 {
			return
		}
		r.Y0, r.Y1 = math.Max(r.Y0, c.Y0), math.Min(r.Y1, c.Y1)
		if r.Y1-r.Y0 < 1 {
			return
		}
	}
	if len(w.page.Rules) < 200000 {
		w.page.Rules = append(w.page.Rules, r)
	}
}

// xobject walks a Form XObject or records where an image is drawn.
func (w *walker) xobject(sc *scope, name string, depth int) {
	x := sc.res.Key("XObject").Key(name)
	if x.Kind() != pdf.Stream {
		return
	}
	switch x.Key("Subtype").Name() {
	case "Image":
		r := transformRect(Rect{0, 0, 1, 1}, w.gs.ctm).Intersect(w.gs.clip)
		if !r.Empty() && len(w.page.Images) < 10000 {
			w.page.Images = append(w.page.Images, r)
		}
	case "Form":
		id := x.String()
		if depth >= maxXObjectDepth {
			w.problem("form XObject /%s nested deeper than %d levels: skipped", name, maxXObjectDepth)
			return
		}
		for _, open := range w.xobjs {
			if open == id {
				w.problem("form XObject /%s draws itself: skipped", name)
				return
			}
		}
		w.xobjs = append(w.xobjs, id)
		defer func() { w.xobjs = w.xobjs[:len(w.xobjs)-1] }()
		w.flush()
		saved := w.gs
		savedDepth := len(w.saved)
		tm, tlm := w.tm, w.tlm
		if m := x.Key("Matrix"); m.Len() == 6 {
			var a Matrix
			for i := range a {
				a[i] = m.Index(i).Float64()
			}
			if finite(a[:]...) {
				w.gs.ctm = a.Mul(w.gs.ctm)
			}
		}
		if bb := x.Key("BBox"); bb.Len() == 4 {
			w.gs.clip = w.gs.clip.Intersect(transformRect(boxOf(bb, Rect{-1e6, -1e6, 1e6, 1e6}), w.gs.ctm))
		}
		res := x.Key("Resources")
		if res.IsNull() {
			res = sc.res
		}
		data, err := w.doc.streams.read(x)
		if err != nil {
			w.problem("form XObject /%s: %v", name, err)
		}
		w.interpret(data, &scope{res: res, fonts: map[string]*font{}}, depth+1)
		w.flush()
		w.gs, w.saved, w.tm, w.tlm = saved, w.saved[:savedDepth], tm, tlm
	}
}
