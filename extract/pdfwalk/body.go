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

// checkBody reads every object of the file, stream data included: the
// object layer reads an object wherever the cross-reference data puts it,
// which can be inside what a scan takes for another stream's data. It
// refuses the file where the object layer would allocate or loop without
// bound: a /Columns written out past maxColumns in any object (nested past
// maxNesting, decode parameters are checked by checkDecodeParms, or refused
// as references by ownStreams); and the cross-reference and object streams
// it decodes on its own, which ownStreams checks.
func checkBody(data []byte) error {
	own := ownStreams{extends: map[int][]int{}}
	for at := 0; ; {
		i := bytes.Index(data[at:], []byte("obj"))
		if i < 0 {
			return own.check()
		}
		i += at
		at = i + 3
		if (i > 0 && !isWhite(data[i-1])) || (at < len(data) && !isWhite(data[at]) && !isDelim(data[at])) {
			continue
		}
		l := &lexer{data: data, pos: at}
		v, _ := readValue(l, 0)
		if v.columns > maxColumns {
			return fmt.Errorf("%w: a stream's /Columns %s is more than any stream needs", ErrDamaged, number(v.columns))
		}
		if _, op, _ := l.next(); v.dict != nil && op == "stream" {
			if err := own.read(v.dict, at, objectNumber(data[:i])); err != nil {
				return err
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
