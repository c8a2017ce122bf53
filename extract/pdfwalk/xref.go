package pdfwalk

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// The object layer trusts the numbers of the cross-reference data: it
// allocates a table as large as any object number or /Size it reads, and
// follows /Prev links without end. checkXref reads those numbers first and
// refuses a file whose numbers no file of its size can need, or whose
// chain of cross-reference sections loops.
var (
	xrefPrev   = regexp.MustCompile(`/Prev\s+(\d+)`)
	xrefSize   = regexp.MustCompile(`/Size\s+(\d+)`)
	xrefArrays = regexp.MustCompile(`/(W|Index)\s*\[([^\]]*)\]`)
)

// maxXrefObjects bounds object numbers whatever the file size.
const maxXrefObjects = 4 << 20

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
		section := data[off:]
		var dict []byte
		if bytes.HasPrefix(bytes.TrimLeft(section, " \t\r\n"), []byte("xref")) {
			t := bytes.Index(section, []byte("trailer"))
			if t < 0 {
				return nil
			}
			if err := checkXrefTable(section[:t], limit); err != nil {
				return err
			}
			dict = section[t:min(len(section), t+4096)]
			if e := bytes.Index(dict, []byte("startxref")); e >= 0 {
				dict = dict[:e]
			}
		} else {
			dict = section[:min(len(section), 4096)]
			if e := bytes.Index(dict, []byte("stream")); e >= 0 {
				dict = dict[:e]
			}
		}
		if m := xrefSize.FindSubmatch(dict); m != nil {
			if n, err := strconv.ParseInt(string(m[1]), 10, 64); err != nil || n > limit {
				return fmt.Errorf("%w: /Size %s is more objects than the file can hold", ErrDamaged, m[1])
			}
		}
		for _, m := range xrefArrays.FindAllSubmatch(dict, -1) {
			for _, f := range bytes.Fields(m[2]) {
				n, err := strconv.ParseInt(string(f), 10, 64)
				if err != nil || n < 0 || n > limit || (string(m[1]) == "W" && n > 8) {
					return fmt.Errorf("%w: impossible /%s entry %s in a cross-reference stream", ErrDamaged, m[1], f)
				}
			}
		}
		m := xrefPrev.FindSubmatch(dict)
		if m == nil {
			return nil
		}
		if off, err = strconv.ParseInt(string(m[1]), 10, 64); err != nil {
			return fmt.Errorf("%w: /Prev %s is no offset", ErrDamaged, m[1])
		}
	}
}

// checkXrefTable checks the subsection headers of a classic table: the
// first object number and the count of each.
func checkXrefTable(table []byte, limit int64) error {
	for _, line := range bytes.Split(table, []byte("\n")) {
		f := bytes.Fields(line)
		if len(f) != 2 {
			continue
		}
		start, err1 := strconv.ParseInt(string(f[0]), 10, 64)
		n, err2 := strconv.ParseInt(string(f[1]), 10, 64)
		if err1 != nil || err2 != nil || start < 0 || n < 0 || start+n > limit {
			return fmt.Errorf("%w: cross-reference subsection %q names more objects than the file can hold", ErrDamaged, line)
		}
	}
	return nil
}
