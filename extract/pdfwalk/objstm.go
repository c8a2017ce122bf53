package pdfwalk

import (
	"bytes"
	"fmt"
	"math"
)

// ownStreams is what checkBody reads of the cross-reference and object
// streams of a file. The object layer decodes them on its own, where no
// check of ours can come between, and it trusts them: it decodes an object
// stream with the parameters it gives, which can lead by reference into
// another object stream, beyond any scan of the file's bytes; it reads as
// many entries as its /N says, one token at a time, however few the stream
// holds; and it follows /Extends from object stream to object stream until
// it finds the object it wants. /N 10^12, or two object streams that extend
// each other, keep a reader busy for hours, past any time limit, which can
// abandon the reader but not stop it.
type ownStreams struct {
	extends map[int][]int // object stream → the object streams it extends, of each of its definitions
	unnamed bool          // an object stream with /Extends whose number could not be read
}

// objectNumber reads the object number of "N G obj" from the bytes before
// obj, or -1.
func objectNumber(b []byte) int {
	end := len(b)
	digits := func() (int, bool) {
		for end > 0 && isWhite(b[end-1]) {
			end--
		}
		n, start := 0, end
		for start > 0 && b[start-1] >= '0' && b[start-1] <= '9' && end-start < 9 {
			start--
		}
		if start == end {
			return 0, false
		}
		for _, c := range b[start:end] {
			n = n*10 + int(c-'0')
		}
		end = start
		return n, true
	}
	if _, ok := digits(); !ok {
		return -1
	}
	n, ok := digits()
	if !ok {
		return -1
	}
	return n
}

// read checks a stream, its dictionary d following byte at, numbered num
// (-1 if unknown), that may be a cross-reference or object stream (its
// /Type is /XRef, /ObjStm or a reference): it must write out its decode
// parameters (producers do), and an object stream must give a whole /N the
// file can hold. Its /Extends is kept for check.
func (o *ownStreams) read(d map[string]value, at, num int) error {
	t := d["Type"]
	if !t.ref && t.name != "XRef" && t.name != "ObjStm" {
		return nil
	}
	if d["DecodeParms"].ref {
		return fmt.Errorf("%w: the cross-reference or object stream at byte %d gives its /DecodeParms by reference, which formaudit cannot check before the stream is decoded", ErrDamaged, at)
	}
	if t.name == "XRef" {
		return nil
	}
	if n := d["N"]; n.num == nil || *n.num < 0 || *n.num > maxXrefObjects || *n.num != math.Trunc(*n.num) {
		return fmt.Errorf("%w: the object stream at byte %d does not give a number of objects (/N) the file can hold", ErrDamaged, at)
	}
	if e, ok := d["Extends"]; ok {
		if num < 0 {
			o.unnamed = true
		}
		o.extends[num] = append(o.extends[num], e.target)
	}
	return nil
}

// check refuses object streams that may extend each other in a loop, with
// any of the definitions of each, and one with /Extends whose number could
// not be read, which might close one.
func (o *ownStreams) check() error {
	if o.unnamed {
		return fmt.Errorf("%w: an object stream extends another (/Extends), and formaudit cannot read its own number to rule out a loop", ErrDamaged)
	}
	const (
		unseen = iota
		open
		done
	)
	state := map[int]int{}
	var loop func(n int) bool
	loop = func(n int) bool {
		switch state[n] {
		case open:
			return true
		case done:
			return false
		}
		state[n] = open
		for _, next := range o.extends[n] {
			if loop(next) {
				return true
			}
		}
		state[n] = done
		return false
	}
	for n := range o.extends {
		if loop(n) {
			return fmt.Errorf("%w: object stream %d extends itself through /Extends", ErrDamaged, n)
		}
	}
	return nil
}

// value is what ownStreams reads of a PDF object: whether it is or holds a
// reference, the object it refers to if it is one, its number or name if it
// is one, and its entries if it is the dictionary it begins with.
type value struct {
	ref     bool
	target  int
	num     *float64
	name    string
	dict    map[string]value
	columns float64 // the largest /Columns written out in it
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
