package pdfwalk

import (
	"sort"
	"strings"
	"unicode/utf16"
)

// codeRange is a codespace range: codes of n bytes whose every byte lies
// between the corresponding bytes of lo and hi.
type codeRange struct {
	n      int
	lo, hi [4]byte
}

func (r codeRange) matches(b []byte) bool {
	if len(b) < r.n {
		return false
	}
	for i := 0; i < r.n; i++ {
		if b[i] < r.lo[i] || b[i] > r.hi[i] {
			return false
		}
	}
	return true
}

// uniRange maps the codes lo…hi (of n bytes) to Unicode: either one
// destination that counts up with the code, or one string per code.
type uniRange struct {
	n      int
	lo, hi uint32
	base   []byte   // UTF-16BE of the first code's text
	each   []string // one destination per code, when the map lists them
}

// cidRange maps the codes lo…hi to the CIDs cid, cid+1, ….
type cidRange struct {
	n      int
	lo, hi uint32
	cid    int
}

// CMap is a parsed CMap: a ToUnicode map, or an embedded encoding CMap of a
// composite font. Lookups never fail; a code without a mapping reports false.
type CMap struct {
	space  []codeRange
	chars  map[uint64]string
	ranges []uniRange
	cids   map[uint64]int
	cidRs  []cidRange
	use    string // the predefined CMap named by usecmap
}

func codeKey(code uint32, n int) uint64 { return uint64(n)<<32 | uint64(code) }

func codeValue(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

// maxCMapEntries bounds what a CMap may declare, so a hostile map cannot
// take memory without limit.
const maxCMapEntries = 1 << 20

// ParseCMap reads a CMap program. It keeps whatever it could read.
func ParseCMap(data []byte) *CMap {
	m := &CMap{chars: map[uint64]string{}, cids: map[uint64]int{}}
	l := &lexer{data: data}
	var stack []operand
	entries := 0
	for {
		v, op, ok := l.next()
		if !ok {
			break
		}
		if op == "" {
			if len(stack) < maxCMapEntries {
				stack = append(stack, v)
			}
			continue
		}
		switch op {
		case "endcodespacerange":
			for i := 0; i+1 < len(stack); i += 2 {
				lo, hi := stack[i].str, stack[i+1].str
				if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) {
					continue
				}
				r := codeRange{n: len(lo)}
				copy(r.lo[:], lo)
				copy(r.hi[:], hi)
				m.space = append(m.space, r)
			}
		case "endbfchar":
			for i := 0; i+1 < len(stack) && entries < maxCMapEntries; i += 2 {
				src, dst := stack[i], stack[i+1]
				if src.kind != kStr || len(src.str) == 0 || len(src.str) > 4 {
					continue
				}
				m.chars[codeKey(codeValue([]byte(src.str)), len(src.str))] = dstText(dst)
				entries++
			}
		case "endbfrange":
			for i := 0; i+2 < len(stack) && entries < maxCMapEntries; i += 3 {
				lo, hi, dst := stack[i].str, stack[i+1].str, stack[i+2]
				if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) {
					continue
				}
				r := uniRange{n: len(lo), lo: codeValue([]byte(lo)), hi: codeValue([]byte(hi))}
				if r.hi < r.lo {
					continue
				}
				switch dst.kind {
				case kStr:
					r.base = []byte(dst.str)
				case kArray:
					for _, d := range dst.arr {
						r.each = append(r.each, dstText(d))
					}
				case kName:
					r.each = []string{glyphText(dst.str)}
				default:
					continue
				}
				m.ranges = append(m.ranges, r)
				entries++
			}
		case "endcidchar":
			for i := 0; i+1 < len(stack) && entries < maxCMapEntries; i += 2 {
				src := stack[i].str
				if len(src) == 0 || len(src) > 4 {
					continue
				}
				m.cids[codeKey(codeValue([]byte(src)), len(src))] = int(stack[i+1].num)
				entries++
			}
		case "endcidrange":
			for i := 0; i+2 < len(stack) && entries < maxCMapEntries; i += 3 {
				lo, hi := stack[i].str, stack[i+1].str
				if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) {
					continue
				}
				m.cidRs = append(m.cidRs, cidRange{n: len(lo), lo: codeValue([]byte(lo)), hi: codeValue([]byte(hi)), cid: int(stack[i+2].num)})
				entries++
			}
		case "usecmap":
			if n := len(stack); n > 0 && stack[n-1].kind == kName {
				m.use = stack[n-1].str
			}
		}
		stack = stack[:0]
	}
	// Later ranges and wider ranges are looked up last, so narrow
	// overrides declared after a catch-all range win.
	sort.SliceStable(m.ranges, func(i, j int) bool {
		return m.ranges[i].hi-m.ranges[i].lo < m.ranges[j].hi-m.ranges[j].lo
	})
	return m
}

// dstText is the text a bfchar or bfrange destination stands for.
func dstText(d operand) string {
	switch d.kind {
	case kStr:
		return utf16Text([]byte(d.str))
	case kName:
		return glyphText(d.str)
	}
	return ""
}

// utf16Text decodes UTF-16BE; a lone odd byte is read as a Latin-1 character.
func utf16Text(b []byte) string {
	if len(b) == 1 {
		return string(rune(b[0]))
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

// split cuts the first code off b by the codespace ranges. ok is false when
// the map declares no codespace.
func (m *CMap) split(b []byte) (n int, ok bool) {
	if len(m.space) == 0 {
		return 0, false
	}
	for k := 1; k <= 4; k++ {
		for _, r := range m.space {
			if r.n == k && r.matches(b) {
				return k, true
			}
		}
	}
	// No range matches: take the shortest code length declared, as viewers do.
	n = 4
	for _, r := range m.space {
		if r.n < n {
			n = r.n
		}
	}
	return n, true
}

// Unicode maps a code of n bytes to its text.
func (m *CMap) Unicode(code uint32, n int) (string, bool) {
	if s, ok := m.chars[codeKey(code, n)]; ok {
		return s, true
	}
	for _, r := range m.ranges {
		if r.n != n || code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.each != nil {
			if int(off) < len(r.each) {
				return r.each[off], true
			}
			continue
		}
		return utf16Text(addOffset(r.base, off)), true
	}
	return "", false
}

// addOffset adds off to the big-endian number in b, keeping its length. A
// range such as <0000> <FFFF> <0000> therefore maps every code to itself,
// not only the last byte as a literal reading of the specification would.
func addOffset(b []byte, off uint32) []byte {
	out := append([]byte(nil), b...)
	carry := off
	for i := len(out) - 1; i >= 0 && carry > 0; i-- {
		s := uint32(out[i]) + carry&0xff
		out[i] = byte(s)
		carry = carry>>8 + s>>8
	}
	return out
}

// CID maps a code of n bytes to a CID.
func (m *CMap) CID(code uint32, n int) (int, bool) {
	if c, ok := m.cids[codeKey(code, n)]; ok {
		return c, true
	}
	for _, r := range m.cidRs {
		if r.n == n && code >= r.lo && code <= r.hi {
			return r.cid + int(code-r.lo), true
		}
	}
	return 0, false
}

// glyphText maps a glyph name to its text (Adobe glyph list conventions).
func glyphText(name string) string {
	if r, ok := glyphNames[name]; ok {
		return string(r)
	}
	if base, _, ok := strings.Cut(name, "."); ok && base != "" {
		return glyphText(base)
	}
	var hexs string
	switch {
	case strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0:
		var out []rune
		for i := 3; i < len(name); i += 4 {
			r, ok := parseHexRune(name[i : i+4])
			if !ok {
				return ""
			}
			out = append(out, r)
		}
		return string(out)
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		hexs = name[1:]
	default:
		return ""
	}
	if r, ok := parseHexRune(hexs); ok {
		return string(r)
	}
	return ""
}

func parseHexRune(s string) (rune, bool) {
	var v rune
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | (c - '0')
		case c >= 'A' && c <= 'F':
			v = v<<4 | (c - 'A' + 10)
		case c >= 'a' && c <= 'f':
			v = v<<4 | (c - 'a' + 10)
		default:
			return 0, false
		}
	}
	return v, v > 0 && v <= 0x10FFFF
}
