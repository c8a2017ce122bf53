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
		v, _ := readValue(l, 0)
		d := v.dict
		if n, ok := d["Size"]; ok && !n.fits(limit) {
			return fmt.Errorf("%w: /Size %s is more objects than the file can hold", ErrDamaged, n)
		}
		for _, key := range []string{"W", "Index"} {
			for _, n := range d[key].arr {
				if !n.fits(limit) || (key == "W" && !n.fits(8)) {
					return fmt.Errorf("%w: impossible /%s entry %s in a cross-reference stream", ErrDamaged, key, n)
				}
			}
		}
		prev, ok := d["Prev"]
		if !ok {
			return nil
		}
		if prev.num == nil || *prev.num != math.Trunc(*prev.num) {
			return fmt.Errorf("%w: /Prev %s is no offset", ErrDamaged, prev)
		}
		off = int64(*prev.num)
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
		if !fits(first.num, limit) || !fits(count.num, limit-int64(first.num)) {
			return fmt.Errorf("%w: cross-reference subsection %q names more objects than the file can hold", ErrDamaged, number(first.num)+" "+number(count.num))
		}
		for range 3 * int64(count.num) {
			if _, _, ok := l.next(); !ok {
				return nil
			}
		}
	}
}

// fits reports whether x is a whole number from 0 to limit.
func fits(x float64, limit int64) bool {
	return x >= 0 && x <= float64(limit) && x == math.Trunc(x)
}

// number prints a number as the file may have written it.
func number(x float64) string {
	return strconv.FormatFloat(x, 'f', -1, 64)
}
