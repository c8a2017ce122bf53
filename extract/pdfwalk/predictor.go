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
// checkColumns, when the file is opened; those a stream's decode parameters
// reach by reference, perhaps into a compressed object stream, by
// checkDecodeParms, before the stream is read.

// maxColumns bounds the /Columns of a PNG predictor. An image four channels
// of 65,536 pixels wide needs a quarter of it.
const maxColumns = 1 << 20

// checkColumns refuses a file in which a stream's decode parameters, as the
// file's body writes them, ask for more than maxColumns. Every dictionary is
// read, at any depth; stream data is skipped, not read. The decode
// parameters of cross-reference and object streams are also checked by
// checkOwnStream.
func checkColumns(data []byte) error {
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
		case op == "obj":
			if err := checkOwnStream(data, l.pos); err != nil {
				return err
			}
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

// checkOwnStream refuses an object, whose value follows byte at, that may
// be a cross-reference or object stream (its /Type is /XRef, /ObjStm or a
// reference) and gives any of its decode parameters by reference. The
// object layer decodes those streams on its own, where checkDecodeParms
// cannot come first, and a reference can lead into an object stream, which
// only the object layer decodes. Producers write these parameters out.
func checkOwnStream(data []byte, at int) error {
	v, _ := readValue(&lexer{data: data, pos: at}, 0)
	d := v.dict
	if d == nil {
		return nil
	}
	t := d["Type"]
	if !t.ref && t.name != "XRef" && t.name != "ObjStm" {
		return nil
	}
	if d["DecodeParms"].ref {
		return fmt.Errorf("%w: the cross-reference or object stream at byte %d gives its /DecodeParms by reference, which formaudit cannot check before the stream is decoded", ErrDamaged, at)
	}
	return nil
}

// value is what checkOwnStream reads of a PDF object: whether it is or holds
// a reference, its name if it is one, and its entries if it is the
// dictionary it begins with.
type value struct {
	ref  bool
	name string
	dict map[string]value
}

// readValue reads one object; a number followed by a number and R is a
// reference. Only the outermost dictionary's entries are kept. Nesting past
// maxNesting is read as a reference, which checkOwnStream refuses. ok is
// false where an operator comes instead of a value: a dictionary or array
// never closed ends there, so no object is read past its own.
func readValue(l *lexer, depth int) (v value, ok bool) {
	if depth > maxNesting {
		return value{ref: true}, false
	}
	l.skipSpace()
	rest := l.data[l.pos:]
	switch {
	case bytes.HasPrefix(rest, []byte("<<")):
		l.pos += 2
		if depth == 0 {
			v.dict = map[string]value{}
		}
		for {
			l.skipSpace()
			if bytes.HasPrefix(l.data[l.pos:], []byte(">>")) {
				l.pos += 2
				return v, true
			}
			k, op, ok := l.next()
			if !ok || op != "" {
				return v, false
			}
			e, ok := readValue(l, depth+1)
			v.ref = v.ref || e.ref
			if v.dict != nil && k.kind == kName {
				v.dict[k.str] = e
			}
			if !ok {
				return v, false
			}
		}
	case len(rest) > 0 && rest[0] == '[':
		l.pos++
		for {
			l.skipSpace()
			if l.pos < len(l.data) && l.data[l.pos] == ']' {
				l.pos++
				return v, true
			}
			e, ok := readValue(l, depth+1)
			v.ref = v.ref || e.ref
			if !ok {
				return v, false
			}
		}
	}
	o, op, ok := l.next()
	switch {
	case !ok:
		return value{}, false
	case op == "true" || op == "false" || op == "null":
		return value{}, true
	case op != "":
		return value{}, false
	case o.kind == kName:
		return value{name: o.str}, true
	case o.kind != kNum:
		return value{}, true
	}
	save := l.pos
	if g, op, _ := l.next(); g.kind == kNum && op == "" {
		if _, op, _ := l.next(); op == "R" {
			return value{ref: true}, true
		}
	}
	l.pos = save
	return value{}, true
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
