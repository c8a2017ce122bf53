package pdfwalk

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// The object layer trusts the numbers of the cross-reference data: it
// allocates a table as large as any object number or /Size it reads, and
// follows /Prev links without end. checkXref reads those numbers first, as
// the object layer's lexer does (any PDF whitespace, comments, names with
// #xx escapes), and refuses a file whose numbers no file of its size can
// need, or whose chain of cross-reference sections loops. An allocation
// the object layer makes from such a number is no panic the import can
// catch: the process runs out of memory.

// maxXrefObjects bounds object numbers whatever the file size.
const maxXrefObjects = 4 << 20

// checkXref checks the cross-reference sections from the last startxref
// back along their /Prev links.
func checkXref(data []byte) error {
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return fmt.Errorf("%w: no startxref", ErrDamaged)
	}
	fields := bytes.Fields(data[i+len("startxref"):])
	if len(fields) == 0 {
		return fmt.Errorf("%w: startxref names no offset", ErrDamaged)
	}
	off, err := strconv.ParseInt(string(fields[0]), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: startxref names no offset", ErrDamaged)
	}
	// Objects take a dozen bytes at least, or a few when packed in compressed
	// object streams.
	limit := min(int64(maxXrefObjects), 16*int64(len(data))+1024)
	seen := map[int64]bool{}
	for hops := 0; ; hops++ {
		if off < 0 || off >= int64(len(data)) {
			return nil // the object layer reports a bad offset itself
		}
		if seen[off] || hops > 256 {
			return fmt.Errorf("%w: the chain of cross-reference sections (/Prev) loops", ErrDamaged)
		}
		seen[off] = true
		l := &lexer{data: data[off:]}
		switch _, op, _ := l.next(); op {
		case "xref":
			if err := checkXrefTable(l, limit); err != nil {
				return err
			}
		case "":
			// A cross-reference stream: "N G obj" and its dictionary.
			if _, op, _ := l.next(); op != "" {
				return nil
			}
			if _, op, _ := l.next(); op != "obj" {
				return nil
			}
		default:
			return nil
		}
		d := xrefDict(l)
		if n, ok := d["Size"]; ok && !fits(n, limit) {
			return fmt.Errorf("%w: /Size %s is more objects than the file can hold", ErrDamaged, number(n))
		}
		for _, key := range []string{"W", "Index"} {
			for _, n := range d[key].arr {
				if !fits(n, limit) || (key == "W" && !fits(n, 8)) {
					return fmt.Errorf("%w: impossible /%s entry %s in a cross-reference stream", ErrDamaged, key, number(n))
				}
			}
		}
		prev, ok := d["Prev"]
		if !ok {
			return nil
		}
		if prev.kind != kNum || prev.num != math.Trunc(prev.num) {
			return fmt.Errorf("%w: /Prev %s is no offset", ErrDamaged, number(prev))
		}
		off = int64(prev.num)
	}
}

// checkXrefTable checks the subsection headers of a classic table, read up
// to its trailer keyword: the first object number and the count of each,
// followed by that many entries of three tokens.
func checkXrefTable(l *lexer, limit int64) error {
	for {
		first, op, ok := l.next()
		if !ok || op != "" {
			return nil // trailer, or what the object layer finds malformed itself
		}
		count, op, ok := l.next()
		if !ok || op != "" {
			return nil
		}
		if first.kind != kNum || count.kind != kNum {
			return nil
		}
		if !fits(first, limit) || !fits(count, limit-int64(first.num)) {
			return fmt.Errorf("%w: cross-reference subsection %q names more objects than the file can hold", ErrDamaged, number(first)+" "+number(count))
		}
		for range 3 * int64(count.num) {
			if _, _, ok := l.next(); !ok {
				return nil
			}
		}
	}
}

// fits reports whether v is a whole number from 0 to limit.
func fits(v operand, limit int64) bool {
	return v.kind == kNum && v.num >= 0 && v.num <= float64(limit) && v.num == math.Trunc(v.num)
}

// number prints a numeric operand as the file may have written it.
func number(v operand) string {
	return strconv.FormatFloat(v.num, 'f', -1, 64)
}

// xrefDict reads the dictionary that follows a cross-reference table's
// trailer keyword or a cross-reference stream's obj keyword, by key; the
// generation and R of a reference are read past, nested dictionaries are
// skipped whole.
func xrefDict(l *lexer) map[string]operand {
	d := map[string]operand{}
	l.skipSpace()
	if !bytes.HasPrefix(l.data[l.pos:], []byte("<<")) {
		return d
	}
	l.pos += 2
	for {
		l.skipSpace()
		if l.pos >= len(l.data) || l.data[l.pos] == '>' {
			return d
		}
		k, op, ok := l.next()
		if !ok || op != "" || k.kind != kName {
			return d
		}
		v, op, ok := l.next()
		if !ok || op != "" {
			return d
		}
		d[k.str] = v
		if v.kind == kNum {
			at := l.pos
			if g, _, _ := l.next(); g.kind != kNum {
				l.pos = at
			} else if _, op, _ := l.next(); op != "R" {
				l.pos = at
			}
		}
	}
}
