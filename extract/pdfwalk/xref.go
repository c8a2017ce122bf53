package pdfwalk

import (
	"bytes"
	"fmt"
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
		lx := &xrefLexer{b: data[off:]}
		switch tok := lx.next(); {
		case tok == "xref":
			if err := checkXrefTable(lx, limit); err != nil {
				return err
			}
		case isInteger(tok):
			// A cross-reference stream: "N G obj" and its dictionary.
			if !isInteger(lx.next()) || lx.next() != "obj" {
				return nil
			}
		default:
			return nil
		}
		d := lx.dict()
		if n, ok := d.values["/Size"]; ok && !fits(n, limit) {
			return fmt.Errorf("%w: /Size %s is more objects than the file can hold", ErrDamaged, n)
		}
		for _, key := range []string{"/W", "/Index"} {
			for _, n := range d.arrays[key] {
				if !fits(n, limit) || (key == "/W" && !fits(n, 8)) {
					return fmt.Errorf("%w: impossible %s entry %s in a cross-reference stream", ErrDamaged, key, n)
				}
			}
		}
		prev, ok := d.values["/Prev"]
		if !ok {
			return nil
		}
		if off, err = strconv.ParseInt(prev, 10, 64); err != nil {
			return fmt.Errorf("%w: /Prev %s is no offset", ErrDamaged, prev)
		}
	}
}

// checkXrefTable checks the subsection headers of a classic table, read up
// to its trailer keyword: the first object number and the count of each,
// followed by that many entries of three tokens.
func checkXrefTable(lx *xrefLexer, limit int64) error {
	for {
		tok := lx.next()
		if tok == "trailer" || tok == "" || !isInteger(tok) {
			return nil
		}
		count := lx.next()
		if !isInteger(count) {
			return nil
		}
		start, err1 := strconv.ParseInt(tok, 10, 64)
		n, err2 := strconv.ParseInt(count, 10, 64)
		if err1 != nil || err2 != nil || start < 0 || n < 0 || start > limit || n > limit-start {
			return fmt.Errorf("%w: cross-reference subsection %q names more objects than the file can hold", ErrDamaged, tok+" "+count)
		}
		for range 3 * n {
			if lx.next() == "" {
				return nil
			}
		}
	}
}

// fits reports whether the integer token n is at most limit.
func fits(n string, limit int64) bool {
	v, err := strconv.ParseInt(n, 10, 64)
	return err == nil && v >= 0 && v <= limit
}

// isInteger reports whether tok is what the object layer reads as an
// integer: digits after an optional sign.
func isInteger(tok string) bool {
	if len(tok) > 0 && (tok[0] == '+' || tok[0] == '-') {
		tok = tok[1:]
	}
	if tok == "" {
		return false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return false
		}
	}
	return true
}

// xrefLexer reads the tokens of cross-reference data as the object layer
// does: keywords and numbers between whitespace and delimiters, names with
// their escapes decoded, "<<", ">>", "[" and "]"; comments, strings and
// hex strings are skipped.
type xrefLexer struct {
	b []byte
	i int
}

// next returns the next token, "" at the end of the data.
func (lx *xrefLexer) next() string {
	b := lx.b
	for lx.i < len(b) {
		c := b[lx.i]
		switch {
		case isWhite(c):
			lx.i++
		case c == '%':
			for lx.i < len(b) && b[lx.i] != '\r' && b[lx.i] != '\n' {
				lx.i++
			}
		case c == '(':
			lx.skipString()
			return "()"
		case c == '<' && lx.i+1 < len(b) && b[lx.i+1] == '<', c == '>' && lx.i+1 < len(b) && b[lx.i+1] == '>':
			lx.i += 2
			return string(b[lx.i-2 : lx.i])
		case c == '<':
			end := bytes.IndexByte(b[lx.i:], '>')
			if end < 0 {
				lx.i = len(b)
				return ""
			}
			lx.i += end + 1
			return "<>"
		case c == '/':
			lx.i++
			return "/" + lx.name()
		case isDelim(c):
			lx.i++
			return string(c)
		default:
			start := lx.i
			for lx.i < len(b) && !isWhite(b[lx.i]) && !isDelim(b[lx.i]) {
				lx.i++
			}
			return string(b[start:lx.i])
		}
	}
	return ""
}

// name reads a name after its slash, decoding #xx escapes.
func (lx *xrefLexer) name() string {
	var out []byte
	b := lx.b
	for lx.i < len(b) && !isWhite(b[lx.i]) && !isDelim(b[lx.i]) {
		c := b[lx.i]
		if c == '#' && lx.i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[lx.i+1:lx.i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				lx.i += 3
				continue
			}
		}
		out = append(out, c)
		lx.i++
	}
	return string(out)
}

// skipString skips a literal string, its nested parentheses and escapes.
func (lx *xrefLexer) skipString() {
	depth := 0
	for ; lx.i < len(lx.b); lx.i++ {
		switch lx.b[lx.i] {
		case '\\':
			lx.i++
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				lx.i++
				return
			}
		}
	}
}

// xrefDict is the top level of a dictionary: its entries whose values are
// single tokens, and the integer tokens of those whose values are arrays.
type xrefDict struct {
	values map[string]string
	arrays map[string][]string
}

// dict reads a dictionary; nested dictionaries and arrays are skipped.
func (lx *xrefLexer) dict() xrefDict {
	d := xrefDict{values: map[string]string{}, arrays: map[string][]string{}}
	if lx.next() != "<<" {
		return d
	}
	for {
		key := lx.next()
		if key == "" || key[0] != '/' {
			return d
		}
		switch v := lx.next(); v {
		case "<<":
			lx.skip("<<", ">>")
		case "[":
			d.arrays[key] = lx.array()
		default:
			d.values[key] = v
			if isInteger(v) {
				lx.skipRef()
			}
		}
	}
}

// skipRef reads past the "G R" of a reference whose object number was read
// last, and past nothing when the next tokens are not that.
func (lx *xrefLexer) skipRef() {
	at := lx.i
	if g, r := lx.next(), lx.next(); !isInteger(g) || r != "R" {
		lx.i = at
	}
}

// array reads the rest of an array after its "[" and returns its integers.
func (lx *xrefLexer) array() []string {
	var out []string
	for {
		switch tok := lx.next(); {
		case tok == "]" || tok == "":
			return out
		case tok == "[":
			lx.skip("[", "]")
		case tok == "<<":
			lx.skip("<<", ">>")
		case isInteger(tok):
			out = append(out, tok)
		}
	}
}

// skip reads past the close that ends what open began, nesting included.
func (lx *xrefLexer) skip(open, close string) {
	for depth := 1; depth > 0; {
		switch lx.next() {
		case open:
			depth++
		case close:
			depth--
		case "":
			return
		}
	}
}
