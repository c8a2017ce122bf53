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

// objectStreamPDF writes a one-page PDF with a cross-reference stream. The
// page's content stream, compressed, takes its decode parameters by
// reference from object 6, which sits in object stream 5 as params.
func objectStreamPDF(params string) []byte {
	return objectStreamPDFWith(params, "/N 1", "6 0 ")
}

// objectStreamPDFWith is objectStreamPDF with the object stream's own
// entries (besides /Type, /First and /Length) and the head of its data,
// which lists its objects' numbers and offsets, given.
func objectStreamPDFWith(params, entries, head string) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte("1 w 10 10 m 190 10 l S"))
	w.Close()
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.7\n")
	offsets := map[int]int{}
	obj := func(n int, body string) {
		offsets[n] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>")
	obj(4, fmt.Sprintf("<< /Filter /FlateDecode /DecodeParms 6 0 R /Length %d >>\nstream\n%s\nendstream", z.Len(), z.Bytes()))
	obj(5, fmt.Sprintf("<< /Type /ObjStm %s /First %d /Length %d >>\nstream\n%s%s\nendstream", entries, len(head), len(head)+len(params), head, params))
	var xref bytes.Buffer
	for n := range 8 {
		switch {
		case n == 6:
			xref.Write([]byte{2, 0, 0, 0, 5, 0, 0})
		case n == 7:
			offsets[7] = buf.Len()
			fallthrough
		case n > 0:
			o := offsets[n]
			xref.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
		default:
			xref.Write([]byte{0, 0, 0, 0, 0, 255, 255})
		}
	}
	fmt.Fprintf(&buf, "7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n",
		xref.Len(), xref.Bytes(), offsets[7])
	return buf.Bytes()
}

// TestColumnsByReference checks the /Columns that the file's body does not
// write out: a page stream's decode parameters that sit compressed in an
// object stream are checked before the stream is read, and a
// cross-reference or object stream, which the object layer decodes on its
// own, must not take its parameters by reference.
func TestColumnsByReference(t *testing.T) {
	for _, tt := range []struct {
		params, problem string
	}{
		{"<< >>", ""},
		{"<< /Predictor 12 /Columns 99999999999 >>", "/Columns 99999999999"},
	} {
		doc, err := Open(objectStreamPDF(tt.params))
		if err != nil {
			t.Fatalf("%s: %v", tt.params, err)
		}
		p, err := doc.Page(1)
		if err != nil {
			t.Fatalf("%s: %v", tt.params, err)
		}
		got := strings.Join(p.Problems, "; ")
		switch {
		case tt.problem == "" && (got != "" || len(p.Rules) != 1):
			t.Errorf("decode parameters %s from an object stream: problems %q and %d rules, want none and the page's one", tt.params, got, len(p.Rules))
		case tt.problem != "" && !strings.Contains(got, tt.problem):
			t.Errorf("decode parameters %s from an object stream: problems %q, want one naming %s", tt.params, got, tt.problem)
		}
	}

	for _, tt := range []struct {
		dict   string
		refuse bool
	}{
		{"/Type /ObjStm /N 1 /First 4 /DecodeParms 9 0 R", true},
		{"/Type /ObjStm /N 1 /First 4 /DecodeParms [null 9 0 R]", true},
		{"/Type /ObjStm /N 1 /First 4 /DecodeParms << /Predictor 12 /Columns 9 0 R >>", true},
		{"/Type 8 0 R /N 1 /First 4 /DecodeParms 9 0 R", true},
		{"/Type /XRef /Size 4 /W [1 2 1] /DecodeParms%c\n9 0 R", true},
		{"/Type /ObjStm /N 1 /First 4 /DecodeParms << /Predictor 12 /Columns 4 >>", false},
		{"/Type /XObject /Subtype /Form /DecodeParms 9 0 R", false},
	} {
		dict := strings.ReplaceAll(tt.dict, "%c", "%")
		data := fmt.Sprintf("%%PDF-1.7\n5 0 obj\n<< %s /Length 3 >>\nstream\n1 0\nendstream\nendobj\n", dict)
		err := checkBody([]byte(data))
		if refused := errors.Is(err, ErrDamaged); refused != tt.refuse {
			t.Errorf("stream << %s >>: %v; want refused %v", tt.dict, err, tt.refuse)
		}
	}
}

// TestReadValue checks what the checks before opening read of an object,
// and that an array or dictionary never closed ends at the next operator,
// so that no object is read into the next.
func TestReadValue(t *testing.T) {
	for _, tt := range []struct {
		in       string
		ok, ref  bool
		rest     string // what follows the value; "" for anything
		typeName string
	}{
		{"<< /Type /ObjStm /DecodeParms [null 9 0 R] >> stream", true, true, " stream", "ObjStm"},
		{"<< /Type /XRef /W [1 2 1] /Index [0 4] >>\nstream", true, false, "\nstream", "XRef"},
		{"<< /Type 3 0 R >> endobj", true, true, " endobj", ""},
		{"[1 2 (x) <ab> /N true null [3]] endobj", true, false, " endobj", ""},
		{"[1 2 endobj 4 0 obj [1 0 R]", false, false, " 4 0 obj [1 0 R]", ""},
		{"<< /Type /ObjStm /N 1 endobj 5 0 obj << /D 1 0 R >>", false, false, " 5 0 obj << /D 1 0 R >>", "ObjStm"},
		{strings.Repeat("[", 40) + "1 0 R", false, true, "", ""},
	} {
		l := &lexer{data: []byte(tt.in)}
		v, ok := readValue(l, 0)
		rest := string(l.data[l.pos:])
		if ok != tt.ok || v.ref != tt.ref || v.dict["Type"].name != tt.typeName || (tt.rest != "" && rest != tt.rest) {
			t.Errorf("readValue(%.40q) = ok %v, ref %v, /Type %q, rest %q; want ok %v, ref %v, /Type %q, rest %q",
				tt.in, ok, v.ref, v.dict["Type"].name, rest, tt.ok, tt.ref, tt.typeName, tt.rest)
		}
	}
}

// TestObjectStreamLoops checks that an object stream that would keep the
// object layer busy without end is refused when the file is opened: one
// that claims more objects than any file holds, whose entries the object
// layer would read one by one, and object streams that extend each other,
// which it would follow round while looking for an object none holds.
func TestObjectStreamLoops(t *testing.T) {
	for _, tt := range []struct {
		entries, want string
	}{
		{"/N 999999999999", "number of objects (/N)"},
		{"/N 8 0 R", "number of objects (/N)"},
		{"/N -1", "number of objects (/N)"},
		{"/N 1 /Extends 5 0 R", "extends itself"},
	} {
		// The stream lists object 7, not 6, which the page needs.
		if _, err := Open(objectStreamPDFWith("<< >>", tt.entries, "7 0 ")); !errors.Is(err, ErrDamaged) || !strings.Contains(fmt.Sprint(err), tt.want) {
			t.Errorf("object stream << %s >>: %v; want it refused, naming %s", tt.entries, err, tt.want)
		}
	}

	stream := func(n, extends int) string {
		return fmt.Sprintf("%d 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Extends %d 0 R /Length 4 >>\nstream\n9 0 \nendstream\nendobj\n", n, extends)
	}
	body := func(objs ...string) []byte { return []byte("%PDF-1.7\n" + strings.Join(objs, "")) }
	for _, tt := range []struct {
		name string
		data []byte
		loop bool
	}{
		{"each extends the other", body(stream(5, 6), stream(6, 5)), true},
		{"a loop of three", body(stream(4, 5), stream(5, 6), stream(6, 5)), true},
		{"a chain", body(stream(4, 5), stream(5, 6)), false},
		{"a dictionary, not a stream, that extends itself", []byte("%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /Extends 5 0 R >>\nendobj\n"), false},
		{"one of two definitions extends itself", body(stream(5, 6), stream(5, 5)), true},
		{"its number glued to a word before it", []byte("%PDF-1.7\nstartxref" + stream(5, 5)), true},
	} {
		err := checkBody(tt.data)
		if loop := errors.Is(err, ErrDamaged) && strings.Contains(err.Error(), "extends itself"); loop != tt.loop {
			t.Errorf("%s: %v; want refused as a loop %v", tt.name, err, tt.loop)
		}
	}

	// An object the cross-reference data places inside what a scan of the
	// file takes for another stream's data is read all the same.
	hidden := func(objStm string) []byte {
		return []byte("%PDF-1.7\n1 0 obj\n<< /Length 300 >>\nstream\n" + objStm + "\nendstream\nendobj\n")
	}
	for _, tt := range []struct{ objStm, want string }{
		{"5 0 obj << /Type /ObjStm /N 999999999999 /First 4 /Length 4 >> stream\n9 0 ", "number of objects (/N)"},
		{"5 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 99999999999 >> /Length 4 >> stream\n9 0 ", "/Columns 99999999999"},
	} {
		if err := checkBody(hidden(tt.objStm)); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("object stream inside another stream's data, %.60q: %v; want it refused, naming %s", tt.objStm, err, tt.want)
		}
	}
}
