package pdfwalk

import (
	"errors"
	"fmt"
	"testing"

	"github.com/formaudit/formaudit/extract/pdfwalk/pdftest"
)

// FuzzOpen runs whole small PDFs through Open and every page: the object
// layer underneath (cross-reference data, object and page trees, stream
// filters, fonts) panics on damaged input, so what is checked here is that
// it never gets out as a panic or a hang, that every error is one of the
// package's, and that what a page reports is finite.
func FuzzOpen(f *testing.F) {
	hello := simple()
	two := pdftest.New()
	two.Compress = true
	h := two.Helvetica()
	res := fmt.Sprintf("/Font << /F1 %d 0 R >>", h)
	two.Page("q 1 0 0 1 10 10 cm BT /F1 9 Tf 72 700 Td (one) Tj ET Q 40 40 500 1 re f", res, "/Rotate 90 /CropBox [10 10 500 800]")
	two.Page("BT /F1 9 Tf 2 Tr 0 0 Td [(t) -250 (wo)] TJ ET 0 0 m 100 0 l S", res, "/UserUnit 2")
	cjk := pdftest.New()
	c := cjk.CIDFont("UniGB-UCS2-H")
	u := cjk.ToUnicodeFont("1 beginbfchar <0001> <9879> endbfchar")
	cjk.Page("BT /C 12 Tf 100 700 Td "+pdftest.UCS2("项目支出绩效自评表")+" Tj /U 8 Tf <0001> Tj ET",
		fmt.Sprintf("/Font << /C %d 0 R /U %d 0 R >>", c, u), "")
	v20 := simple()
	v20.Version = "2.0"
	v20.Tail = []byte("\n\x00junk")
	for _, b := range []*pdftest.Builder{hello, two, cjk, v20} {
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Open(data)
		if err != nil {
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrEncrypted) && !errors.Is(err, ErrPageTree) {
				t.Fatalf("Open: %v is none of the package's errors", err)
			}
			return
		}
		for n := 1; n <= min(doc.NumPages(), 20); n++ {
			p, err := doc.Page(n)
			if err != nil {
				if !errors.Is(err, ErrDamaged) {
					t.Fatalf("page %d: %v does not wrap ErrDamaged", n, err)
				}
				continue
			}
			if !finite(p.Width, p.Height) || p.Width <= 0 || p.Height <= 0 {
				t.Fatalf("page %d is %v by %v", n, p.Width, p.Height)
			}
			for _, r := range p.Runs {
				if !finite(r.X0, r.X1, r.Y, r.Size) {
					t.Fatalf("page %d: run %q at x %v-%v, y %v, size %v", n, r.Text, r.X0, r.X1, r.Y, r.Size)
				}
			}
			for _, r := range p.Rules {
				if !finite(r.X0, r.Y0, r.X1, r.Y1) {
					t.Fatalf("page %d: rule %+v", n, r)
				}
			}
		}
	})
}
