package pdfwalk

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract/pdfwalk/pdftest"
)

// onePage builds a one-page PDF with a Helvetica F1 and a UniGB-UCS2-H F2
// and walks its page.
func onePage(t *testing.T, content string, build func(b *pdftest.Builder) string) *Page {
	t.Helper()
	b := pdftest.New()
	f1, f2 := b.Helvetica(), b.CIDFont("UniGB-UCS2-H")
	res := fmt.Sprintf("/Font << /F1 %d 0 R /F2 %d 0 R >>", f1, f2)
	extra := ""
	if build != nil {
		extra = build(b)
	}
	b.Page(content, res+" "+extra, "")
	doc, err := Open(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	p, err := doc.Page(1)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.05 }

func runTexts(p *Page) []string {
	var out []string
	for _, r := range p.Runs {
		out = append(out, r.Text)
	}
	return out
}

func TestTextPositioning(t *testing.T) {
	cases := []struct {
		name    string
		content string
		want    []Run // Text, X0, Y and Size are compared
	}{
		{"Td moves from the line start", "BT /F1 10 Tf 100 700 Td (AB) Tj 0 -20 Td (C) Tj ET",
			[]Run{{Text: "AB", X0: 100, Y: 700, Size: 10}, {Text: "C", X0: 100, Y: 680, Size: 10}}},
		{"TD sets the leading for T*", "BT /F1 10 Tf 50 500 TD 0 -14 TD (A) Tj T* (B) Tj ET",
			[]Run{{Text: "A", X0: 50, Y: 486, Size: 10}, {Text: "B", X0: 50, Y: 472, Size: 10}}},
		{"Tm replaces the matrix", "BT /F1 1 Tf 12 0 0 12 200 300 Tm (X) Tj 12 0 0 12 20 30 Tm (Y) Tj ET",
			[]Run{{Text: "X", X0: 200, Y: 300, Size: 12}, {Text: "Y", X0: 20, Y: 30, Size: 12}}},
		{"quote operators move a line", "BT /F1 10 Tf 12 TL 0 800 Td (A) ' 5 2 (B) \" ET",
			[]Run{{Text: "A", X0: 0, Y: 788, Size: 10}, {Text: "B", X0: 0, Y: 776, Size: 10}}},
		// 500/1000 em advance per Latin glyph in the CID font; the kern of
		// -3000 opens a gap of 30 points, which ends the run.
		{"TJ kerning splits runs", "BT /F2 10 Tf 100 100 Td [" + pdftest.UCS2("ab") + " -3000 " + pdftest.UCS2("中") + "] TJ ET",
			[]Run{{Text: "ab", X0: 100, Y: 100, Size: 10}, {Text: "中", X0: 140, Y: 100, Size: 10}}},
		{"Tz scales advances", "BT /F2 10 Tf 50 Tz 0 0 Td " + pdftest.UCS2("中") + " Tj [-8000] TJ " + pdftest.UCS2("文") + " Tj ET",
			[]Run{{Text: "中", X0: 0, Y: 0, Size: 10}, {Text: "文", X0: 45, Y: 0, Size: 10}}},
		{"Tc and Tw add to advances", "BT /F1 10 Tf 6 Tc 10 Tw 0 0 Td (a b) Tj ET",
			// a: 5 + 6; space: 5 + 6 + 10 (word spacing); b starts at 32.
			[]Run{{Text: "a", X0: 0, Y: 0, Size: 10}, {Text: "b", X0: 32, Y: 0, Size: 10}}},
		{"cm scales and q/Q restores", "q 2 0 0 2 10 10 cm BT /F1 5 Tf 0 0 Td (A) Tj ET Q BT /F1 5 Tf 0 0 Td (B) Tj ET",
			[]Run{{Text: "A", X0: 10, Y: 10, Size: 10}, {Text: "B", X0: 0, Y: 0, Size: 5}}},
		{"text outside the page is not shown", "BT /F1 10 Tf 100 -50 Td (gone) Tj 100 100 Td (kept) Tj ET",
			[]Run{{Text: "kept", X0: 200, Y: 50, Size: 10}}},
		{"clip hides text outside a cell", "q 0 0 100 100 re W n BT /F1 10 Tf 10 10 Td (in) Tj 0 200 Td (out) Tj ET Q",
			[]Run{{Text: "in", X0: 10, Y: 10, Size: 10}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := onePage(t, c.content, nil)
			if len(p.Runs) != len(c.want) {
				t.Fatalf("runs %q, want %d runs", runTexts(p), len(c.want))
			}
			for i, w := range c.want {
				g := p.Runs[i]
				if g.Text != w.Text || !near(g.X0, w.X0) || !near(g.Y, w.Y) || !near(g.Size, w.Size) {
					t.Errorf("run %d = %q at (%.2f, %.2f) size %.2f; want %q at (%.2f, %.2f) size %.2f",
						i, g.Text, g.X0, g.Y, g.Size, w.Text, w.X0, w.Y, w.Size)
				}
			}
		})
	}
}

func TestInvisibleTextInFormXObject(t *testing.T) {
	// The shape of an ocrmypdf text layer: invisible text in a Form XObject
	// drawn with a matrix, through a font whose ToUnicode is one range.
	p := onePage(t, "q 1 0 0 1 50 60 cm /X1 Do Q", func(b *pdftest.Builder) string {
		f := b.ToUnicodeFont("1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange")
		x := b.Stream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 500 500] /Matrix [1 0 0 1 10 20] /Resources << /Font << /G %d 0 R >> >>", f),
			[]byte("BT 3 Tr /G 12 Tf 100 Tz 5 5 Td "+pdftest.UCS2("项目编码")+" Tj ET"))
		return fmt.Sprintf("/XObject << /X1 %d 0 R >>", x)
	})
	if len(p.Runs) != 1 {
		t.Fatalf("runs %q, want one", runTexts(p))
	}
	r := p.Runs[0]
	if r.Text != "项目编码" || !r.Invisible || !near(r.X0, 65) || !near(r.Y, 85) || !near(r.X1, 65+48) {
		t.Errorf("got %+v", r)
	}
}

func TestFormXObjectCycles(t *testing.T) {
	b := pdftest.New()
	f := b.Helvetica()
	// Object numbers are known in advance: the XObjects are added next.
	x1 := b.Stream("/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /XObject << /Me 4 0 R /Other 5 0 R >> >>",
		[]byte("BT /F1 10 Tf 10 10 Td (once) Tj ET /Me Do /Other Do"))
	x2 := b.Stream("/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /XObject << /Back 4 0 R >> >>", []byte("/Back Do"))
	if x1 != 4 || x2 != 5 {
		t.Fatalf("objects numbered %d, %d", x1, x2)
	}
	b.Page("/X Do", fmt.Sprintf("/Font << /F1 %d 0 R >> /XObject << /X %d 0 R >>", f, x1), "")
	doc, err := Open(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	p, err := doc.Page(1)
	if err != nil {
		t.Fatal(err)
	}
	if got := runTexts(p); len(got) != 1 || got[0] != "once" {
		t.Errorf("runs %q, want [once]", got)
	}
	if len(p.Problems) == 0 || !strings.Contains(strings.Join(p.Problems, ";"), "draws itself") {
		t.Errorf("problems %q do not report the cycle", p.Problems)
	}
}

func TestRules(t *testing.T) {
	cases := []struct {
		name    string
		content string
		want    []Rule
	}{
		{"stroked lines", "10 20 m 110 20 l S 10 20 m 10 120 l S", []Rule{{10, 20, 110, 20}, {10, 20, 10, 120}}},
		{"stroked rectangle", "10 10 100 50 re S", []Rule{{10, 10, 110, 10}, {110, 10, 110, 60}, {10, 60, 110, 60}, {10, 10, 10, 60}}},
		{"thin filled rectangle", "10 10 100 0.5 re f 50 50 300 300 re f", []Rule{{10, 10.25, 110, 10.25}}},
		{"transformed", "q 2 0 0 2 0 0 cm 10 10 m 60 10 l S Q", []Rule{{20, 20, 120, 20}}},
		{"diagonals and curves are not rules", "0 0 m 100 100 l S 0 0 m 10 10 20 20 30 0 c S", nil},
		{"clipped to the page", "-100 400 m 900 400 l S", []Rule{{0, 400, 595, 400}}},
		{"outside the page", "10 -30 m 200 -30 l S", nil},
		{"closed path closes", "10 10 m 100 10 l 100 50 l h S", []Rule{{10, 10, 100, 10}, {100, 10, 100, 50}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := onePage(t, c.content, nil)
			if len(p.Rules) != len(c.want) {
				t.Fatalf("rules %v, want %v", p.Rules, c.want)
			}
			for i, w := range c.want {
				g := p.Rules[i]
				if !near(g.X0, w.X0) || !near(g.Y0, w.Y0) || !near(g.X1, w.X1) || !near(g.Y1, w.Y1) {
					t.Errorf("rule %d = %v, want %v", i, g, w)
				}
			}
		})
	}
}

func TestRotatedPage(t *testing.T) {
	b := pdftest.New()
	f := b.Helvetica()
	// A landscape form on a portrait page turned by /Rotate 90: the content
	// is drawn rotated so that it reads left to right once displayed.
	b.Page("q 0 1 -1 0 595 0 cm BT /F1 10 Tf 100 500 Td (landscape) Tj ET Q", fmt.Sprintf("/Font << /F1 %d 0 R >>", f), "/Rotate 90")
	doc, err := Open(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	p, err := doc.Page(1)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Landscape() || p.Width != 842 || p.Height != 595 {
		t.Errorf("page is %vx%v, want 842x595 landscape", p.Width, p.Height)
	}
	if len(p.Runs) != 1 || p.Runs[0].Text != "landscape" || !near(p.Runs[0].X0, 100) || !near(p.Runs[0].Y, 500) || p.Runs[0].X1 <= p.Runs[0].X0 {
		t.Errorf("runs %+v, want landscape at (100, 500) reading left to right", p.Runs)
	}
}

func TestDamagedContent(t *testing.T) {
	cases := []struct {
		name    string
		content string
		want    []string
	}{
		{"unbalanced Q", "Q Q Q BT /F1 10 Tf 10 10 Td (a) Tj ET", []string{"a"}},
		{"unbalanced q", "q q 2 0 0 2 0 0 cm BT /F1 10 Tf 10 10 Td (a) Tj ET", []string{"a"}},
		{"missing operands", "BT /F1 Tf Td Tj 10 Tm TJ /F1 10 Tf 10 10 Td (b) Tj ET", []string{"b"}},
		{"missing font", "BT /F9 10 Tf 10 10 Td (c) Tj ET", []string{"c"}},
		{"garbage between operators", "BT /F1 10 Tf ) ] >> } 10 10 Td 1.2.3 (d) Tj ET", []string{"d"}},
		{"unterminated string", "BT /F1 10 Tf 10 10 Td (e) Tj (never closed", []string{"e"}},
		{"unterminated array", "BT /F1 10 Tf 10 10 Td (f) Tj [(g) 10 (h) Tj", []string{"f"}},
		{"inline image", "q 10 0 0 10 0 0 cm BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\xff)(\x10 EI\n Q BT /F1 10 Tf 10 10 Td (h) Tj ET", []string{"h"}},
		{"huge numbers", "BT /F1 1e300 Tf 1e308 1e308 Td (x) Tj ET BT /F1 10 Tf 10 10 Td (i) Tj ET", []string{"i"}},
		{"deep arrays", strings.Repeat("[", 200000) + " BT /F1 10 Tf 10 10 Td (j) Tj ET", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := onePage(t, c.content, nil)
			got := runTexts(p)
			if c.want == nil {
				return // surviving is the test
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("runs %q, want %q", got, c.want)
			}
		})
	}
}

func TestFontWithoutUnicode(t *testing.T) {
	// Identity-H codes are glyph ids: without a ToUnicode map nothing says
	// what they show, and the page must say so rather than stay silent.
	p := onePage(t, "BT /F3 10 Tf 10 10 Td <0102> Tj ET", func(b *pdftest.Builder) string {
		desc := b.Add("<< /Type /FontDescriptor /FontName /X /Flags 4 >>")
		cid := b.Add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SubsetFont /FontDescriptor %d 0 R >>", desc))
		f := b.Add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /SubsetFont /Encoding /Identity-H /DescendantFonts [%d 0 R] >>", cid))
		return fmt.Sprintf("/Font << /F3 %d 0 R >>", f)
	})
	if len(p.Runs) != 0 || len(p.Problems) != 1 || !strings.Contains(p.Problems[0], "SubsetFont maps its codes to no Unicode") {
		t.Errorf("runs %q, problems %q", runTexts(p), p.Problems)
	}
}

// TestFontsOfSharedResources walks pages whose resources print alike, and
// so share their fonts, and a page whose resources give a name of theirs to
// another font: each page reads with its own fonts, and a font missing from
// shared resources is reported on every page that uses it.
func TestFontsOfSharedResources(t *testing.T) {
	b := pdftest.New()
	latin, gbk := b.Helvetica(), b.CIDFont("GBK-EUC-H")
	shared := fmt.Sprintf("/Font << /F1 %d 0 R >>", latin)
	show := "BT /F1 10 Tf 10 10 Td %s Tj /F9 10 Tf (x) Tj ET"
	b.Page(fmt.Sprintf(show, "(AB)"), shared, "")
	b.Page(fmt.Sprintf(show, pdftest.GBK("项目")), fmt.Sprintf("/Font << /F1 %d 0 R >>", gbk), "")
	b.Page(fmt.Sprintf(show, "(CD)"), shared, "")
	doc, err := Open(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// The x of the missing font is read with the fallback font.
	for i, want := range []string{"ABx", "项目x", "CDx"} {
		p, err := doc.Page(i + 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(runTexts(p), ""); got != want {
			t.Errorf("page %d reads %q, want %q", i+1, got, want)
		}
		if len(p.Problems) != 1 || p.Problems[0] != "font /F9 is missing" {
			t.Errorf("page %d: problems %q, want the missing /F9", i+1, p.Problems)
		}
	}
}
