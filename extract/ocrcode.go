package extract

import (
	"regexp"
	"strings"
	"unicode"
)

// minCodeDigits is the fewest digits a project code is printed with: the
// seed prints some cut to 11 of their 21.
const minCodeDigits = 11

// shaped is a header value read by its shape where OCR garbled its label.
type shaped struct {
	label   string // the template's label of the value
	printed string // what OCR read, label and value
	used    string
	where   string // where the value stood, for the note
}

// codeShape is a project code read by its shape where OCR garbled its label.
type codeShape struct {
	printed string    // what OCR read, label and code
	digits  []ocrWord // the words of the code, cleaned to their digits
}

// readCodeShape finds, among the words of a header line left of before
// (where its first label read stands), a project code whose label OCR
// garbled ("TH ASS: j440300221111561000387"): a number of at least
// minCodeDigits digits, in one word or split over several, after the
// debris of the label and nothing after it. The template prints the code
// first on its line, so such a number is the code, and nothing else there
// has its shape.
func readCodeShape(words []ocrWord, before float64) (codeShape, bool) {
	var c codeShape
	var printed []string
	n := 0
	for _, w := range words {
		if (w.x0+w.x1)/2 >= before {
			break
		}
		printed = append(printed, w.text)
		d, ok := codeDigits(w.text)
		switch {
		case ok:
			w.text = d
			c.digits = append(c.digits, w)
			n += len(d)
		case len(c.digits) > 0:
			return codeShape{}, false
		}
	}
	if n < minCodeDigits {
		return codeShape{}, false
	}
	c.printed = strings.Join(printed, " ")
	return c, true
}

// codeDigits reads a word of a code: digits, once the debris OCR makes of
// the ruling line beside a cell is gone ("|4403…", or a letter, "j4403…").
func codeDigits(s string) (string, bool) {
	s, _, _ = ocrTrim(s)
	rs := []rune(s)
	if len(rs) > 1 && isLatin(rs[0]) {
		rs = rs[1:]
	}
	if len(rs) > 1 && isLatin(rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	if len(rs) == 0 {
		return "", false
	}
	for _, r := range rs {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return string(rs), true
}

func isLatin(r rune) bool {
	return r < unicode.MaxASCII && unicode.IsLetter(r)
}

// splitYearShape finds, at the end of a header value, the year of the form
// whose label OCR garbled ("信息化运维项目 FOS PEE: 2024", where 绩效自评年度
// was printed): a year, 1990 to 2099, after words of Latin letters and
// debris alone, which no Chinese label or name is made of. It returns the
// value without them, the year, and what OCR read of the two.
func splitYearShape(words []ocrWord) (value []ocrWord, year ocrWord, printed string, ok bool) {
	n := len(words)
	if n < 3 || !yearShape.MatchString(words[n-1].text) {
		return nil, ocrWord{}, "", false
	}
	from := n - 1
	for from > 0 && latinDebris(words[from-1].text) {
		from--
	}
	if from == n-1 || from == 0 {
		return nil, ocrWord{}, "", false
	}
	var texts []string
	for _, w := range words[from:] {
		texts = append(texts, w.text)
	}
	return words[:from], words[n-1], strings.Join(texts, " "), true
}

var yearShape = regexp.MustCompile(`^(199\d|20\d\d)$`)

// latinDebris reports whether a word holds Latin letters and debris only,
// as OCR reads a Chinese label it cannot: "FOS", "PEE:".
func latinDebris(s string) bool {
	letter := false
	for _, r := range s {
		switch {
		case isLatin(r):
			letter = true
		case !strings.ContainsRune(ocrDebris, r):
			return false
		}
	}
	return letter
}

// splitNameShape finds, in the value of a project code, the project name
// whose label OCR garbled ("144030022111 MAAR: 重点实验室", where 项目名称 was
// printed): the words of the code, then words of Latin letters and debris
// alone, then the name, which holds Chinese. It returns the code, the name
// and what OCR read of the label and the name.
func splitNameShape(words []ocrWord) (code, name []ocrWord, printed string, ok bool) {
	n := 0
	for n < len(words) {
		if _, digits := codeDigits(words[n].text); !digits {
			break
		}
		n++
	}
	from := n
	for from < len(words) && latinDebris(words[from].text) {
		from++
	}
	if n == 0 || from == n || from == len(words) || !hasHan(words[from].text) {
		return nil, nil, "", false
	}
	var texts []string
	for _, w := range words[n:] {
		texts = append(texts, w.text)
	}
	return words[:n], words[from:], strings.Join(texts, " "), true
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}
