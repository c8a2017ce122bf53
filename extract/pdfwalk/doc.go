// Package pdfwalk reads the pages of a PDF as positioned text and ruling
// lines. It walks content streams itself (text and graphics state, Form
// XObjects, ToUnicode and predefined CMaps) on top of the object layer of
// github.com/ledongthuc/pdf, and never lets a malformed file panic or hang.
package pdfwalk

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"
)

// Errors that Open and Pages wrap; the message around them says more.
var (
	ErrEncrypted = errors.New("encrypted PDF")
	ErrTruncated = errors.New("truncated PDF")
	ErrDamaged   = errors.New("damaged PDF")
	ErrPageTree  = errors.New("broken page tree")
	// ErrTooManyPages and ErrTooMuchData report a document past its Options.
	ErrTooManyPages = errors.New("too many pages")
	ErrTooMuchData  = errors.New("streams expand too far")
)

// Options bound what reading one document may cost; a zero field takes its default.
type Options struct {
	MaxPages        int   // pages in the page tree
	MaxDecompressed int64 // bytes all decoded streams together may take
}

// Defaults of Options.
const (
	DefaultMaxPages        = 5000
	DefaultMaxDecompressed = 64 << 20
)

// Limits that keep a hostile file from taking unbounded time or memory.
const (
	maxTreeDepth     = 64
	maxXObjectDepth  = 12
	maxOpsPerPage    = 2_000_000
	maxGlyphsPerPage = 500_000
)

// Document is an opened PDF.
type Document struct {
	r        *pdf.Reader
	pages    []pageRef
	fonts    map[string]*font
	named    map[string]*font // fonts by the resources naming them and name, see walker.font
	fallback *font
	streams  *streamReader
	Version  string // the version in the header, e.g. "1.7" or "2.0"
}

// pageRef is a page dictionary with the attributes it inherits.
type pageRef struct {
	v         pdf.Value
	resources pdf.Value
	mediaBox  pdf.Value
	cropBox   pdf.Value
	rotate    int64
}

// Open reads a PDF's cross-reference data and page tree with the default Options.
func Open(data []byte) (*Document, error) {
	return Options{}.Open(data)
}

// Open reads a PDF's cross-reference data and page tree. A file with bytes
// after %%EOF or a PDF 2.0 header is read when its body is sound.
func (o Options) Open(data []byte) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%w: %v", ErrDamaged, r)
		}
	}()
	start := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if start < 0 {
		return nil, fmt.Errorf("%w: no %%PDF- header", ErrDamaged)
	}
	body := data[start:]
	version := headerVersion(body)
	end := bytes.LastIndex(body, []byte("%%EOF"))
	if end < 0 {
		return nil, fmt.Errorf("%w: the file ends at byte %d without %%%%EOF (cut off while copying or downloading?)", ErrTruncated, len(data))
	}
	tail := body[end+5:]
	if bytes.Contains(tail, []byte("endobj")) || bytes.Contains(tail, []byte("startxref")) {
		return nil, fmt.Errorf("%w: an update appended after byte %d is cut off before its %%%%EOF", ErrTruncated, start+end+5)
	}
	body = patchHeader(body[:end+5])
	if err := checkXref(body); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	r, err := pdf.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return nil, openError(err, data)
	}
	if enc := r.Trailer().Key("Encrypt"); enc.Kind() == pdf.Dict {
		// The object layer derives 40-bit RC4 object keys with the wrong
		// length, so such files open but every stream decodes to noise.
		if bits := enc.Key("Length").Int64(); bits == 40 || (bits == 0 && enc.Key("V").Int64() == 1) {
			return nil, fmt.Errorf("%w with 40-bit RC4, which formaudit cannot decrypt: run qpdf --decrypt in.pdf out.pdf first and import the copy", ErrEncrypted)
		}
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.MaxDecompressed <= 0 {
		o.MaxDecompressed = DefaultMaxDecompressed
	}
	doc = &Document{r: r, fonts: map[string]*font{}, named: map[string]*font{}, streams: &streamReader{left: o.MaxDecompressed, max: o.MaxDecompressed}, Version: version}
	if err := doc.readPageTree(o.MaxPages); err != nil {
		return nil, err
	}
	return doc, nil
}

func headerVersion(b []byte) string {
	v := b[5:min(len(b), 8)]
	return strings.TrimRight(string(v), "\r\n ")
}

// patchHeader rewrites the header to one the object layer accepts: it
// knows versions 1.0–1.7 only, and PDF 2.0 files differ in nothing it reads.
func patchHeader(b []byte) []byte {
	if len(b) < 9 {
		return b
	}
	ok := bytes.HasPrefix(b, []byte("%PDF-1.")) && b[7] >= '0' && b[7] <= '7' && (b[8] == '\r' || b[8] == '\n')
	if ok {
		return b
	}
	out := append([]byte(nil), b...)
	copy(out, "%PDF-1.7")
	if out[8] != '\r' && out[8] != '\n' && (isWhite(out[8]) || out[8] == '%' || (out[8] >= '0' && out[8] <= '9')) {
		out[8] = '\n'
	}
	return out
}

// openError turns the object layer's error into one that tells the user what to do.
func openError(err error, data []byte) error {
	msg := err.Error()
	encrypted := bytes.Contains(data, []byte("/Encrypt"))
	switch {
	case errors.Is(err, pdf.ErrInvalidPassword):
		return fmt.Errorf("%w: it needs a password to open; remove the password (qpdf --password=PASSWORD --decrypt in.pdf out.pdf) and import the copy", ErrEncrypted)
	case encrypted && (strings.Contains(msg, "256-bit") || strings.Contains(msg, "V=5") || strings.Contains(msg, "R=5") || strings.Contains(msg, "R=6")):
		return fmt.Errorf("%w with AES-256, which formaudit cannot decrypt: run qpdf --decrypt in.pdf out.pdf first (add --password=PASSWORD if it has one) and import the copy", ErrEncrypted)
	case encrypted && strings.Contains(msg, "encrypt"):
		return fmt.Errorf("%w with an unsupported security handler (%s): decrypt it with qpdf --decrypt first", ErrEncrypted, msg)
	case strings.Contains(msg, "startxref") || strings.Contains(msg, "xref"):
		return fmt.Errorf("%w: its cross-reference table is unreadable (%s); repair it with qpdf in.pdf out.pdf", ErrDamaged, msg)
	}
	return fmt.Errorf("%w: %s", ErrDamaged, msg)
}

// NumPages is the number of pages.
func (d *Document) NumPages() int { return len(d.pages) }

// readPageTree lists the pages depth first, carrying the inherited
// attributes down, and refuses trees that loop or nest without end.
func (d *Document) readPageTree(maxPages int) error {
	root := d.r.Trailer().Key("Root").Key("Pages")
	if root.Kind() != pdf.Dict {
		return fmt.Errorf("%w: the catalog has no /Pages", ErrPageTree)
	}
	onPath := map[string]bool{}
	visits := 0
	var walk func(node pdf.Value, inh pageRef, depth int) error
	walk = func(node pdf.Value, inh pageRef, depth int) error {
		if visits++; visits > 4*maxPages {
			return fmt.Errorf("%w: more than %d nodes", ErrPageTree, 4*maxPages)
		}
		if depth > maxTreeDepth {
			return fmt.Errorf("%w: nested deeper than %d levels", ErrPageTree, maxTreeDepth)
		}
		for _, k := range []struct {
			key string
			dst *pdf.Value
		}{{"Resources", &inh.resources}, {"MediaBox", &inh.mediaBox}, {"CropBox", &inh.cropBox}} {
			if v := node.Key(k.key); !v.IsNull() {
				*k.dst = v
			}
		}
		if v := node.Key("Rotate"); v.Kind() == pdf.Integer {
			inh.rotate = v.Int64()
		}
		kids := node.Key("Kids")
		if node.Key("Type").Name() == "Page" || (kids.Kind() != pdf.Array && node.Key("Type").Name() != "Pages") {
			if len(d.pages) >= maxPages {
				return fmt.Errorf("%w: more than %d", ErrTooManyPages, maxPages)
			}
			inh.v = node
			d.pages = append(d.pages, inh)
			return nil
		}
		id := node.String()
		if onPath[id] {
			return fmt.Errorf("%w: it loops back on itself at depth %d (a /Kids entry points to an ancestor)", ErrPageTree, depth)
		}
		onPath[id] = true
		defer delete(onPath, id)
		for i := 0; i < kids.Len(); i++ {
			kid := kids.Index(i)
			if kid.Kind() != pdf.Dict {
				continue
			}
			if err := walk(kid, inh, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, pageRef{}, 0); err != nil {
		return err
	}
	if len(d.pages) == 0 {
		return fmt.Errorf("%w: no pages", ErrPageTree)
	}
	return nil
}

// streamReader decodes streams within what is left of the document's
// budget of decoded bytes, turning the object layer's panics on bad
// filters into errors.
type streamReader struct {
	left, max int64
}

// heldStream is the most of one stream read in a single pass. Content
// streams and fonts are far smaller; of a stream that decodes to more, the
// rest is only counted, so that one past the budget is refused without
// being held, and the stream is decoded again into a buffer of its size.
const heldStream = 4 << 20

func (s *streamReader) read(v pdf.Value) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unreadable stream: %v", r)
		}
	}()
	if s.left < 0 {
		return nil, s.overError()
	}
	if err := checkDecodeParms(v); err != nil {
		return nil, err
	}
	rc := v.Reader()
	data, err = io.ReadAll(io.LimitReader(rc, min(s.left, heldStream)+1))
	n := int64(len(data))
	if n > heldStream {
		data = nil
		rest, _ := io.Copy(io.Discard, io.LimitReader(rc, s.left+1-n))
		n += rest
	}
	rc.Close()
	if s.left -= n; s.left < 0 {
		return nil, s.overError()
	}
	if n > heldStream {
		return readSized(v, n)
	}
	if n > 0 {
		// A damaged end of a compressed stream still leaves what came before.
		return data, nil
	}
	return nil, err
}

// readSized decodes a stream known to decode to n bytes into a buffer of that size.
func readSized(v pdf.Value, n int64) ([]byte, error) {
	rc := v.Reader()
	defer rc.Close()
	data := make([]byte, n)
	k, err := io.ReadFull(rc, data)
	if k > 0 {
		return data[:k], nil
	}
	return nil, err
}

func (s *streamReader) overError() error {
	return fmt.Errorf("%w: more than %s decoded", ErrTooMuchData, bytesText(s.max))
}

// bytesText prints a byte count in MiB where that is exact.
func bytesText(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Over reports the error of a document whose streams went past the budget
// of decoded bytes, or nil. Page lists a stream it could not decode among
// its problems; past the budget, the document as a whole has failed.
func (d *Document) Over() error {
	if d.streams.left < 0 {
		return d.streams.overError()
	}
	return nil
}
