package pdfwalk

import (
	"bytes"
	"fmt"

	"github.com/ledongthuc/pdf"
)

// The object layer decodes a PNG predictor by allocating a row of /Columns
// bytes before it reads one, so a /Columns of 10^11 kills the process: no
// recover catches running out of memory. Every /Columns is checked before
// the object layer can use it: those the file's body writes out by
// checkBody, when the file is opened; those a stream's decode parameters
// reach by reference, perhaps into a compressed object stream, by
// checkDecodeParms, before the stream is read.

// maxColumns bounds the /Columns of a PNG predictor. An image four channels
// of 65,536 pixels wide needs a quarter of it.
const maxColumns = 1 << 20

// checkBody reads every object of the file's body, as the object layer
// would, and refuses the file where the object layer would allocate or loop
// without bound: a stream's decode parameters, as the body writes them,
// asking for more than maxColumns; and the cross-reference and object
// streams it decodes on its own, which ownStreams checks. Every dictionary
// is read, at any depth; stream data is skipped, not read.
func checkBody(data []byte) error {
	own := ownStreams{extends: map[int][]int{}}
	if err := own.readAll(data); err != nil {
		return err
	}
	l := &lexer{data: data}
	for {
		l.skipSpace()
		rest := l.data[l.pos:]
		switch {
		case len(rest) == 0:
			return nil
		case bytes.HasPrefix(rest, []byte("<<")) || bytes.HasPrefix(rest, []byte(">>")):
			l.pos += 2
			continue
		case rest[0] == '[' || rest[0] == ']':
			l.pos++
			continue
		}
		v, op, ok := l.next()
		switch {
		case !ok:
			return nil
		case op == "stream":
			end := bytes.Index(l.data[l.pos:], []byte("endstream"))
			if end < 0 {
				return nil
			}
			l.pos += end + len("endstream")
		case v.kind == kName && v.str == "Columns":
			if n, _, _ := l.next(); n.kind == kNum && n.num > maxColumns {
				return fmt.Errorf("%w: a stream's /Columns %s is more than any stream needs", ErrDamaged, number(n))
			}
		}
	}
}

// checkDecodeParms refuses a stream whose decode parameters, read through
// any references, ask for more than maxColumns.
func checkDecodeParms(v pdf.Value) error {
	p := v.Key("DecodeParms")
	params := []pdf.Value{p}
	if p.Kind() == pdf.Array {
		params = params[:0]
		for i := range p.Len() {
			params = append(params, p.Index(i))
		}
	}
	for _, p := range params {
		if c := p.Key("Columns"); c.Kind() == pdf.Integer && c.Int64() > maxColumns {
			return fmt.Errorf("%w: a stream's /Columns %d is more than any stream needs", ErrDamaged, c.Int64())
		}
	}
	return nil
}
