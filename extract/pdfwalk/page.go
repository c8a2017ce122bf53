package pdfwalk

import (
	"fmt"
	"math"

	"github.com/ledongthuc/pdf"
)

// Page is what one page shows: text runs, ruling lines and images, in page
// space with the origin at the bottom left of the visible box and y up,
// after the page's /Rotate is applied.
type Page struct {
	Number   int // 1-based
	Width    float64
	Height   float64
	Rotate   int
	Runs     []Run
	Rules    []Rule
	Images   []Rect
	Problems []string // content the walker skipped, e.g. a damaged stream
}

// Landscape reports whether the page is wider than high as displayed.
func (p *Page) Landscape() bool { return p.Width > p.Height }

// Glyph is one shown character (or ligature).
type Glyph struct {
	Text   string
	X0, X1 float64
}

// Run is text shown along one baseline without a gap, in one font.
type Run struct {
	Text      string
	X0, X1    float64 // left and right ends
	Y         float64 // baseline
	Size      float64 // font size in page space
	Font      string
	Invisible bool // render mode 3 or 7: an OCR text layer
	Glyphs    []Glyph
}

// Rule is a horizontal or vertical line segment: a stroked path segment or
// a thin filled rectangle. For a horizontal rule Y0 == Y1 and X0 < X1.
type Rule struct {
	X0, Y0, X1, Y1 float64
}

// Horizontal reports whether the rule runs left to right.
func (r Rule) Horizontal() bool { return r.Y0 == r.Y1 }

// Page walks page n (1-based) and returns what it shows. Problems inside
// the page's content are listed in Page.Problems; an error means the page
// could not be read at all.
func (d *Document) Page(n int) (p *Page, err error) {
	if n < 1 || n > len(d.pages) {
		return nil, fmt.Errorf("page %d: no such page (the document has %d)", n, len(d.pages))
	}
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("page %d: %w: %v", n, ErrDamaged, r)
		}
	}()
	ref := d.pages[n-1]
	media := boxOf(ref.mediaBox, Rect{0, 0, 612, 792})
	box := media
	if !ref.cropBox.IsNull() {
		if c := boxOf(ref.cropBox, media).Intersect(media); !c.Empty() {
			box = c
		}
	}
	rot := int(((ref.rotate%360)+360)%360) / 90 * 90
	p = &Page{Number: n, Rotate: rot, Width: box.Dx(), Height: box.Dy()}
	// The base matrix moves the visible box to the origin and applies /Rotate,
	// so that text reads left to right in page space.
	base := Matrix{1, 0, 0, 1, -box.X0, -box.Y0}
	W, H := box.Dx(), box.Dy()
	switch rot {
	case 90:
		base = base.Mul(Matrix{0, -1, 1, 0, 0, W})
		p.Width, p.Height = H, W
	case 180:
		base = base.Mul(Matrix{-1, 0, 0, -1, W, H})
	case 270:
		base = base.Mul(Matrix{0, 1, -1, 0, H, 0})
		p.Width, p.Height = H, W
	}
	w := newWalker(d, p, base)
	w.runContent(ref.v.Key("Contents"), ref.resources, 0)
	w.flush()
	return p, nil
}

// boxOf reads a rectangle array, or returns def when it is not one.
func boxOf(v pdf.Value, def Rect) Rect {
	if v.Kind() != pdf.Array || v.Len() != 4 {
		return def
	}
	r := Rect{v.Index(0).Float64(), v.Index(1).Float64(), v.Index(2).Float64(), v.Index(3).Float64()}.canon()
	if r.Empty() || !finite(r.X0, r.Y0, r.X1, r.Y1) || r.Dx() > 20000 || r.Dy() > 20000 {
		return def
	}
	return r
}

func hypot(a, b float64) float64 { return math.Sqrt(a*a + b*b) }
