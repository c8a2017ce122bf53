package pdfwalk

import (
	"strconv"
)

// kind is the type of a content-stream operand.
type kind uint8

const (
	kNull kind = iota
	kNum
	kName
	kStr
	kArray
	kDict
)

// operand is one value on the operand stack of a content stream or CMap.
type operand struct {
	kind kind
	num  float64
	str  string    // name without the slash, or the raw string bytes
	arr  []operand // array elements
}

// maxNesting bounds array and dictionary nesting in content streams, so a
// stream of 200k "[" cannot exhaust the stack.
const maxNesting = 32

// lexer splits a content stream or CMap into operands and operators. It never
// fails: bytes it cannot read are skipped, the way viewers do.
type lexer struct {
	data []byte
	pos  int
}

// next returns the next operand, or the next operator with op set. ok is
// false at the end of the data.
func (l *lexer) next() (v operand, op string, ok bool) {
	for {
		l.skipSpace()
		if l.pos >= len(l.data) {
			return operand{}, "", false
		}
		c := l.data[l.pos]
		switch {
		case c == '/':
			l.pos++
			return operand{kind: kName, str: l.name()}, "", true
		case c == '(':
			l.pos++
			return operand{kind: kStr, str: l.literal()}, "", true
		case c == '<' && l.peek(1) == '<':
			l.pos += 2
			l.skipDict(1)
			return operand{kind: kDict}, "", true
		case c == '<':
			l.pos++
			return operand{kind: kStr, str: l.hex()}, "", true
		case c == '[':
			l.pos++
			return operand{kind: kArray, arr: l.array(1)}, "", true
		case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
			l.pos++ // stray delimiter
			continue
		case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
			if v, ok := l.number(); ok {
				return v, "", true
			}
			continue
		default:
			return operand{}, l.word(), true
		}
	}
}

func (l *lexer) peek(k int) byte {
	if l.pos+k < len(l.data) {
		return l.data[l.pos+k]
	}
	return 0
}

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return delims[c] }

// delims tells the PDF delimiter characters; the lexer asks of every byte.
var delims = func() (t [256]bool) {
	for _, c := range []byte("()<>[]{}/%") {
		t[c] = true
	}
	return t
}()

func (l *lexer) skipSpace() {
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		if isWhite(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.data) && l.data[l.pos] != '\n' && l.data[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

func (l *lexer) word() string {
	start := l.pos
	for l.pos < len(l.data) && !isWhite(l.data[l.pos]) && !isDelim(l.data[l.pos]) {
		l.pos++
	}
	if l.pos == start { // a lone delimiter such as '%' cannot start a word
		l.pos++
	}
	return string(l.data[start:l.pos])
}

func (l *lexer) name() string {
	var b []byte
	for l.pos < len(l.data) && !isWhite(l.data[l.pos]) && !isDelim(l.data[l.pos]) {
		c := l.data[l.pos]
		if c == '#' && l.pos+2 < len(l.data) {
			if x, err := strconv.ParseUint(string(l.data[l.pos+1:l.pos+3]), 16, 8); err == nil {
				b = append(b, byte(x))
				l.pos += 3
				continue
			}
		}
		b = append(b, c)
		l.pos++
	}
	return string(b)
}

func (l *lexer) number() (operand, bool) {
	start := l.pos
	for l.pos < len(l.data) && !isWhite(l.data[l.pos]) && !isDelim(l.data[l.pos]) {
		l.pos++
	}
	if f, ok := plainNumber(l.data[start:l.pos]); ok {
		return operand{kind: kNum, num: f}, true
	}
	s := string(l.data[start:l.pos])
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// Producers write "--5" or "5-"; read what makes sense, skip the rest.
		s = trimNumber(s)
		if f, err = strconv.ParseFloat(s, 64); err != nil {
			return operand{}, false
		}
	}
	return operand{kind: kNum, num: f}, true
}

// plainNumber reads a number as content streams mostly write them, a sign,
// up to 15 digits and a point, without a string or ParseFloat: the digits
// and the power of ten are exact in a float64, so their one division is
// rounded as ParseFloat rounds. Any other spelling is not plain.
func plainNumber(b []byte) (float64, bool) {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg, i = b[0] == '-', 1
	}
	var m uint64
	digits, frac, point := 0, 0, false
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	f := float64(m) / pow10[frac]
	if neg {
		f = -f
	}
	return f, true
}

// pow10 are the powers of ten plainNumber divides by, all exact.
var pow10 = [16]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

func trimNumber(s string) string {
	for len(s) > 1 && (s[0] == '-' || s[0] == '+') && (s[1] == '-' || s[1] == '+') {
		s = s[1:]
	}
	end := len(s)
	for end > 0 && (s[end-1] < '0' || s[end-1] > '9') && s[end-1] != '.' {
		end--
	}
	return s[:end]
}

func (l *lexer) literal() string {
	var b []byte
	depth := 1
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return string(b)
			}
		case '\\':
			if l.pos >= len(l.data) {
				return string(b)
			}
			e := l.data[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.data) && l.data[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			case '0', '1', '2', '3', '4', '5', '6', '7':
				x := int(e - '0')
				for i := 0; i < 2 && l.pos < len(l.data) && l.data[l.pos] >= '0' && l.data[l.pos] <= '7'; i++ {
					x = x*8 + int(l.data[l.pos]-'0')
					l.pos++
				}
				c = byte(x)
			default:
				c = e
			}
		}
		b = append(b, c)
	}
	return string(b)
}

func (l *lexer) hex() string {
	var b []byte
	hi, half := byte(0), false
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		var v byte
		switch {
		case c == '>':
			if half {
				b = append(b, hi<<4)
			}
			return string(b)
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			b = append(b, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return string(b)
}

func (l *lexer) array(depth int) []operand {
	var out []operand
	for {
		l.skipSpace()
		if l.pos >= len(l.data) {
			return out
		}
		switch c := l.data[l.pos]; {
		case c == ']':
			l.pos++
			return out
		case c == '[':
			l.pos++
			if depth >= maxNesting {
				l.skipArray()
				continue
			}
			out = append(out, operand{kind: kArray, arr: l.array(depth + 1)})
			continue
		}
		v, op, ok := l.next()
		if !ok {
			return out
		}
		if op != "" {
			if op == "true" || op == "false" || op == "null" {
				continue
			}
			// An operator inside an array means the array was never closed.
			l.pos -= len(op)
			return out
		}
		out = append(out, v)
	}
}

// skipArray skips to the bracket closing an array nested too deep.
func (l *lexer) skipArray() {
	depth := 1
	for l.pos < len(l.data) && depth > 0 {
		switch l.data[l.pos] {
		case '[':
			depth++
		case ']':
			depth--
		case '(':
			l.pos++
			l.literal()
			continue
		}
		l.pos++
	}
}

// skipDict skips a dictionary (marked-content properties, inline image
// parameters); its contents never matter for text and rules.
func (l *lexer) skipDict(depth int) {
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		switch {
		case c == '(':
			l.pos++
			l.literal()
		case c == '<' && l.peek(1) == '<':
			l.pos += 2
			depth++
		case c == '>' && l.peek(1) == '>':
			l.pos += 2
			if depth--; depth == 0 {
				return
			}
		case c == '<':
			l.pos++
			l.hex()
		default:
			l.pos++
		}
	}
}

// skipInlineImage skips the data of an inline image after its ID operator,
// up to and including the EI that ends it.
func (l *lexer) skipInlineImage() {
	if l.pos < len(l.data) && isWhite(l.data[l.pos]) {
		l.pos++
	}
	for i := l.pos; i+1 < len(l.data); i++ {
		if l.data[i] == 'E' && l.data[i+1] == 'I' && (i == 0 || isWhite(l.data[i-1])) && (i+2 == len(l.data) || isWhite(l.data[i+2]) || isDelim(l.data[i+2])) {
			l.pos = i + 2
			return
		}
	}
	l.pos = len(l.data)
}
