// Package pdftest writes small PDFs by hand, for tests of PDF readers: the
// objects are spelled out, so each test shows exactly what the file holds.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Builder collects the objects of one PDF. Object 1 is the catalog and
// object 2 the page tree; both are written by Bytes.
type Builder struct {
	objs    []string // bodies of objects 3, 4, …
	pages   []int
	Version string // header version, "1.7" unless set
	Trailer string // extra trailer entries, e.g. an /Encrypt reference
	Tail    []byte // bytes written after %%EOF
	// Kids overrides the page tree's /Kids array, for trees that are broken on purpose.
	Kids string
	// Compress writes page contents with FlateDecode, as most producers do.
	Compress bool
}

// New returns an empty builder.
func New() *Builder { return &Builder{Version: "1.7"} }

// Add adds an object and returns its number.
func (b *Builder) Add(body string) int {
	b.objs = append(b.objs, body)
	return len(b.objs) + 2
}

// Stream adds a stream object with the given dictionary entries.
func (b *Builder) Stream(dict string, data []byte) int {
	return b.Add(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
}

// Page adds a page showing content, with resources given as dictionary
// entries (e.g. "/Font << /F1 5 0 R >>") and extra page entries.
func (b *Builder) Page(content, resources, extra string) int {
	var c int
	if b.Compress {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write([]byte(content))
		w.Close()
		c = b.Stream("/Filter /FlateDecode", z.Bytes())
	} else {
		c = b.Stream("", []byte(content))
	}
	n := b.Add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << %s >> %s >>", c, resources, extra))
	b.pages = append(b.pages, n)
	return n
}

// Bytes writes the PDF with a correct cross-reference table.
func (b *Builder) Bytes() []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", b.Version)
	kids := b.Kids
	if kids == "" {
		var refs []string
		for _, p := range b.pages {
			refs = append(refs, fmt.Sprintf("%d 0 R", p))
		}
		kids = "[" + strings.Join(refs, " ") + "]"
	}
	bodies := append([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids %s /Count %d >>", kids, len(b.pages)),
	}, b.objs...)
	offsets := make([]int, len(bodies))
	for i, body := range bodies {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(bodies)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(bodies)+1, b.Trailer, xref)
	buf.Write(b.Tail)
	return buf.Bytes()
}

// CIDFont adds a Chinese composite font that is not embedded and uses the
// predefined CMap encoding (UniGB-UCS2-H, GBK-EUC-H, …) without a ToUnicode
// map, as many government PDFs do. Latin glyphs are half width.
func (b *Builder) CIDFont(encoding string) int {
	desc := b.Add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
	cid := b.Add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R /DW 1000 /W [1 95 500] >>", desc))
	return b.Add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-%s /Encoding /%s /DescendantFonts [%d 0 R] >>", encoding, encoding, cid))
}

// ToUnicodeFont adds a composite font with Identity-H codes (glyph ids)
// whose only key to Unicode is the given ToUnicode CMap program.
func (b *Builder) ToUnicodeFont(cmap string) int {
	tu := b.Stream("", []byte(cmap))
	desc := b.Add("<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 4 /FontBBox [0 0 500 1000] /ItalicAngle 0 /Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80 >>")
	cid := b.Add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>", desc))
	return b.Add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cid, tu))
}

// Helvetica adds the standard Latin font.
func (b *Builder) Helvetica() int {
	return b.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
}

// UCS2 spells s as a hex string of UCS-2 codes (UniGB-UCS2-H, Identity-H
// fonts whose glyph ids are Unicode values).
func UCS2(s string) string {
	var sb strings.Builder
	sb.WriteByte('<')
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&sb, "%04X", u)
	}
	sb.WriteByte('>')
	return sb.String()
}

// GBK spells s as a hex string of GBK codes (GBK-EUC-H fonts).
func GBK(s string) string {
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(fmt.Sprintf("pdftest: %q has no GBK spelling", s))
	}
	return fmt.Sprintf("<%X>", out)
}

// Literal spells s as a literal string, escaping what needs it.
func Literal(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return "(" + r.Replace(s) + ")"
}
