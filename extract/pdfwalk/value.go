package pdfwalk

import (
	"bytes"
	"math"
)

// The checks that run before the object layer reads a file (checkXref,
// checkBody) read its dictionaries with readValue.

// value is what readValue reads of a PDF object: whether it is or holds a
// reference, the object it refers to if it is one, its number or name if it
// is one, its entries if it is the dictionary it begins with, and the
// elements of an array that is one of those entries.
type value struct {
	ref     bool
	target  int
	num     *float64
	name    string
	dict    map[string]value
	arr     []value
	columns float64 // the largest /Columns written out in it
}

// fits reports whether v is a whole number from 0 to limit.
func (v value) fits(limit int64) bool { return v.num != nil && fits(*v.num, limit) }

// String prints v's number as the file may have written it, or "" for any other value.
func (v value) String() string {
	if v.num == nil {
		return ""
	}
	return number(*v.num)
}

// readValue reads one object; a number followed by a number and R is a
// reference. Only the outermost dictionary's entries are kept, and the
// elements of the arrays among them. Nesting past maxNesting is read as a
// reference, which ownStreams refuses. ok is false where an operator comes
// instead of a value: a dictionary or array never closed ends there, so no
// object is read past its own.
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
			v.columns = max(v.columns, e.columns)
			if k.kind == kName && k.str == "Columns" && e.num != nil {
				v.columns = max(v.columns, *e.num)
			}
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
			v.columns = max(v.columns, e.columns)
			if !ok {
				return v, false
			}
			if depth == 1 {
				v.arr = append(v.arr, e)
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
			return value{ref: true, target: int(min(max(o.num, 0), math.MaxInt32))}, true
		}
	}
	l.pos = save
	return value{num: &o.num}, true
}
