package pdfwalk

import (
	"fmt"
	"testing"

	"github.com/formaudit/formaudit/extract/pdfwalk/pdftest"
)

func FuzzParseCMap(f *testing.F) {
	f.Add([]byte("1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange"))
	f.Add([]byte("2 beginbfchar <01> <9879> <02> <D840DC00> endbfchar 1 beginbfrange <03> <05> [<41> <42>] endbfrange"))
	f.Add([]byte("1 begincidrange <8140> <817F> 100 endcidrange /UniGB-UCS2-H usecmap"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := ParseCMap(data)
		for _, code := range []uint32{0, 1, 0x41, 0x4E2D, 0xFFFF} {
			for n := 1; n <= 4; n++ {
				m.Unicode(code, n)
				m.CID(code, n)
			}
		}
		m.split(data)
	})
}

// FuzzContent walks a page whose content stream is the fuzzed bytes, with
// a simple, a composite and a ToUnicode font and a Form XObject at hand.
func FuzzContent(f *testing.F) {
	f.Add([]byte("BT /F1 10 Tf 100 700 Td (AB) Tj T* [(C) -300 (D)] TJ ET"))
	f.Add([]byte("q 2 0 0 2 0 0 cm 10 10 100 50 re S 0 0 m 10 0 l S Q /X Do BT 3 Tr /F3 8 Tf <4E2D> Tj ET"))
	f.Add([]byte("BI /W 1 /H 1 ID \x00 EI BT /F2 9 Tf 1 0 0 1 5 5 Tm <4E2D0041> Tj ' \" ET Q Q q W n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		b := pdftest.New()
		f1, f2 := b.Helvetica(), b.CIDFont("UniGB-UCS2-H")
		f3 := b.ToUnicodeFont("1 beginbfrange <0000> <FFFF> <0000> endbfrange")
		x := b.Stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X 7 0 R >> >>", content)
		b.Page(string(content), fmt.Sprintf("/Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> /XObject << /X %d 0 R >>", f1, f2, f3, x), "")
		doc, err := Open(b.Bytes())
		if err != nil {
			return
		}
		doc.Page(1)
	})
}
