package pdfwalk

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/formaudit/formaudit/extract/pdfwalk/pdftest"
)

// simple is a valid one-page PDF showing "hello".
func simple() *pdftest.Builder {
	b := pdftest.New()
	f := b.Helvetica()
	b.Page("BT /F1 12 Tf 72 700 Td (hello) Tj ET", fmt.Sprintf("/Font << /F1 %d 0 R >>", f), "")
	return b
}

func TestOpenReadsOddButSoundFiles(t *testing.T) {
	v20 := simple()
	v20.Version = "2.0"
	tail := simple()
	tail.Tail = []byte("\r\n\x00\x00garbage a mail gateway appended\n")
	cases := []struct {
		name    string
		data    []byte
		version string
	}{
		{"PDF 2.0 header", v20.Bytes(), "2.0"},
		{"bytes after %%EOF", tail.Bytes(), "1.7"},
		{"junk before the header", append([]byte("Content-Type: application/pdf\r\n\r\n"), simple().Bytes()...), "1.7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Open(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Version != c.version {
				t.Errorf("version %q, want %q", doc.Version, c.version)
			}
			p, err := doc.Page(1)
			if err != nil {
				t.Fatal(err)
			}
			if got := runTexts(p); len(got) != 1 || got[0] != "hello" {
				t.Errorf("runs %q, want [hello]", got)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	good := simple().Bytes()
	loop := simple()
	loop.Kids = "[2 0 R]" // the page tree's only kid is the tree itself
	deep := pdftest.New()
	// Each Pages node's kid is the next one, 100 levels down.
	for i := 0; i < 100; i++ {
		deep.Add(fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", i+4))
	}
	deep.Kids = "[3 0 R]"
	empty := pdftest.New()
	cases := []struct {
		name string
		data []byte
		is   error
		msg  string
	}{
		{"truncated", good[:len(good)/2], ErrTruncated, "without %%EOF"},
		{"update cut off", append(append([]byte{}, good...), "5 0 obj\n<< /Type /Page >>\nendobj\nxref\n"...), ErrTruncated, "update appended after byte"},
		{"broken startxref", bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1), ErrDamaged, ""},
		{"no header", []byte("hello %%EOF"), ErrDamaged, "no %PDF- header"},
		{"page tree loop", loop.Bytes(), ErrPageTree, "loops back on itself"},
		{"page tree too deep", deep.Bytes(), ErrPageTree, "deeper than"},
		{"no pages", empty.Bytes(), ErrPageTree, "no pages"},
		{"huge object number", bytes.Replace(good, []byte("xref\n0 "), []byte("xref\n999999990 "), 1), ErrDamaged, "more objects than the file can hold"},
		{"huge /Size", bytes.Replace(good, []byte("/Size "), []byte("/Size 99999999"), 1), ErrDamaged, "/Size"},
		{"/Prev loop", prevLoop(good), ErrDamaged, "loops"},
		// The object layer reads tokens, not lines: the checks must too.
		{"huge object number, entries on its line", bytes.Replace(good, []byte("xref\n0 "), []byte("xref\n999999990 1\f0000000000 65535 f\f0 "), 1), ErrDamaged, "more objects than the file can hold"},
		{"huge object number after a comment", bytes.Replace(good, []byte("xref\n0 "), []byte("xref\n999999990 %c\n"), 1), ErrDamaged, "more objects than the file can hold"},
		{"huge /Size after a comment", bytes.Replace(good, []byte("/Size "), []byte("%stream\n/Size\x0099999999 /Foo "), 1), ErrDamaged, "/Size"},
		{"huge /Size, its name escaped", bytes.Replace(good, []byte("/Size "), []byte("/S#69ze 99999999 /Foo "), 1), ErrDamaged, "/Size"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := Open(c.data)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Open hangs")
			}
			if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %v, want %v containing %q", err, c.is, c.msg)
			}
		})
	}
}

// prevLoop makes the trailer's /Prev point at its own cross-reference
// table, which the object layer would follow for ever.
func prevLoop(good []byte) []byte {
	xref := bytes.LastIndex(good, []byte("\nxref\n")) + 1
	return bytes.Replace(good, []byte("/Root 1 0 R"), []byte(fmt.Sprintf("/Root 1 0 R /Prev %d", xref)), 1)
}

// TestStreamBudget decodes page contents against the document's budget of
// decoded bytes, for streams read in one pass and for those over heldStream,
// which are counted before they are held.
func TestStreamBudget(t *testing.T) {
	for _, tt := range []struct {
		name         string
		size, budget int64
		wantTooLarge bool
	}{
		{"small within", 1 << 10, 64 << 10, false},
		{"small over", 1 << 10, 512, true},
		{"large within", heldStream + 1<<20, heldStream + 2<<20, false},
		{"large over", heldStream + 1<<20, heldStream + 1<<19, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := pdftest.New()
			b.Compress = true
			f := b.Helvetica()
			show := "BT /F1 10 Tf 10 10 Td (end) Tj ET"
			content := strings.Repeat(" ", int(tt.size)-len(show)) + show
			b.Page(content, fmt.Sprintf("/Font << /F1 %d 0 R >>", f), "")
			doc, err := Options{MaxDecompressed: tt.budget}.Open(b.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			p, err := doc.Page(1)
			if err != nil {
				t.Fatal(err)
			}
			refused := strings.Contains(strings.Join(p.Problems, "; "), ErrTooMuchData.Error())
			got := runTexts(p)
			switch {
			case tt.wantTooLarge && (!refused || len(got) != 0):
				t.Errorf("a %d-byte stream against a budget of %d: runs %q, problems %q, want it refused", tt.size, tt.budget, got, p.Problems)
			case !tt.wantTooLarge && (refused || len(got) != 1 || got[0] != "end"):
				t.Errorf("runs %q, problems %q, want [end]", got, p.Problems)
			}
		})
	}
}

// TestHugePredictorColumns: the object layer allocates a row of /Columns
// bytes for a PNG predictor before it decodes one, and a make that large
// is no panic but the end of the process. A file with a stream that asks
// for one, a page's or a cross-reference stream, is refused as damaged.
func TestHugePredictorColumns(t *testing.T) {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte("\x02\x00\x00"))
	w.Close()
	b := pdftest.New()
	x := b.Stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter [/FlateDecode] /DecodeParms [<< /Predictor 12 /Columns 99999999999 >>]", z.Bytes())
	b.Page("/X Do", fmt.Sprintf("/XObject << /X %d 0 R >>", x), "")
	if _, err := Open(b.Bytes()); !errors.Is(err, ErrDamaged) || !strings.Contains(fmt.Sprint(err), "/Columns 99999999999") {
		t.Errorf("page stream with the huge /Columns: %v; want the file refused as damaged", err)
	}

	xrefStream := "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
		"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
	at := len(xrefStream)
	xrefStream += fmt.Sprintf("3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode\n"+
		"/DecodeParms %% a comment\n<< /Predictor 12 /Col#75mns 99999999999 >> /Length %d >>\nstream\n%s\nendstream\nendobj\n"+
		"startxref\n%d\n%%%%EOF\n", z.Len(), z.Bytes(), at)
	if _, err := Open([]byte(xrefStream)); !errors.Is(err, ErrDamaged) || !strings.Contains(fmt.Sprint(err), "/Columns 99999999999") {
		t.Errorf("cross-reference stream with the huge /Columns: %v; want it refused as damaged", err)
	}
}
