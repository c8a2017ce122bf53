package pdfwalk

import "fmt"

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
	if !d["N"].fits(maxXrefObjects) {
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
