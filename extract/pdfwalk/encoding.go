package pdfwalk

import (
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// predefinedCMap is one of the CMaps that PDF readers know by name. Chinese
// government PDFs use them for fonts that carry no ToUnicode map.
type predefinedCMap struct {
	name    string
	split   func(b []byte) int       // length of the first code in b
	unicode func(code []byte) string // "" when the code means nothing
	legacy  encoding.Encoding        // multi-byte legacy encoding, decoded as a whole code
}

// identityCMap is Identity-H/V: two-byte codes that are CIDs.
var identityCMap = &predefinedCMap{name: "Identity-H", split: func([]byte) int { return 2 }}

// lookupPredefined returns the predefined CMap of that name, if known.
func lookupPredefined(name string) (*predefinedCMap, bool) {
	base := strings.TrimSuffix(strings.TrimSuffix(name, "-H"), "-V")
	switch {
	case base == "Identity":
		return identityCMap, true
	case strings.HasPrefix(base, "Uni") && strings.HasSuffix(base, "-UCS2"):
		return &predefinedCMap{name: name, split: func([]byte) int { return 2 }, unicode: func(c []byte) string {
			if len(c) < 2 {
				return ""
			}
			return string(rune(uint16(c[0])<<8 | uint16(c[1])))
		}}, true
	case strings.HasPrefix(base, "Uni") && strings.HasSuffix(base, "-UTF16"):
		return &predefinedCMap{name: name, split: func(b []byte) int {
			if len(b) >= 4 && b[0] >= 0xD8 && b[0] <= 0xDB {
				return 4
			}
			return 2
		}, unicode: func(c []byte) string { return utf16Text(c) }}, true
	case base == "GBK-EUC" || base == "GBKp-EUC" || base == "GBpc-EUC" || base == "GB-EUC":
		return &predefinedCMap{name: name, split: splitDBCS, legacy: simplifiedchinese.GBK}, true
	case base == "GBK2K":
		return &predefinedCMap{name: name, split: splitGB18030, legacy: simplifiedchinese.GB18030}, true
	case base == "ETen-B5" || base == "B5pc" || base == "HKscs-B5" || base == "ETenms-B5":
		return &predefinedCMap{name: name, split: splitDBCS, legacy: traditionalchinese.Big5}, true
	}
	return nil, false
}

// splitDBCS cuts a code of the EUC-style double-byte encodings: one byte up
// to 0x80, two bytes after a lead byte 0x81–0xFE.
func splitDBCS(b []byte) int {
	if len(b) >= 2 && b[0] >= 0x81 && b[0] <= 0xFE {
		return 2
	}
	return 1
}

// splitGB18030 also knows GB18030's four-byte codes.
func splitGB18030(b []byte) int {
	if len(b) >= 4 && b[0] >= 0x81 && b[0] <= 0xFE && b[1] >= 0x30 && b[1] <= 0x39 {
		return 4
	}
	return splitDBCS(b)
}

// decodeLegacy decodes one code of a legacy encoding.
func (p *predefinedCMap) decodeLegacy(code []byte) string {
	if len(code) == 1 && code[0] < 0x80 {
		return string(rune(code[0]))
	}
	out, err := p.legacy.NewDecoder().Bytes(code)
	if err != nil || strings.ContainsRune(string(out), '\uFFFD') {
		return ""
	}
	return string(out)
}

// text maps a code through the predefined CMap.
func (p *predefinedCMap) text(code []byte) string {
	switch {
	case p.unicode != nil:
		return p.unicode(code)
	case p.legacy != nil:
		return p.decodeLegacy(code)
	}
	return ""
}

// simpleEncoding is the 256-entry table of a single-byte font.
type simpleEncoding [256]string

func byteTable(e encoding.Encoding) *simpleEncoding {
	var t simpleEncoding
	dec := e.NewDecoder()
	for i := 0; i < 256; i++ {
		out, err := dec.Bytes([]byte{byte(i)})
		if err == nil && string(out) != "\uFFFD" {
			t[i] = string(out)
		}
	}
	return &t
}

var (
	winAnsi  = byteTable(charmap.Windows1252)
	macRoman = byteTable(charmap.Macintosh)
	standard = func() *simpleEncoding {
		var t simpleEncoding
		for i := 0x20; i < 0x7F; i++ {
			t[i] = string(rune(i))
		}
		t['\''], t['`'] = "’", "‘"
		return &t
	}()
	pdfDoc = func() *simpleEncoding {
		t := *byteTable(charmap.ISO8859_1)
		for i := 0; i < 0x20; i++ {
			t[i] = ""
		}
		return &t
	}()
)

func namedEncoding(name string) *simpleEncoding {
	switch name {
	case "WinAnsiEncoding":
		return winAnsi
	case "MacRomanEncoding", "MacExpertEncoding":
		return macRoman
	case "StandardEncoding":
		return standard
	case "PDFDocEncoding":
		return pdfDoc
	}
	return nil
}

// utf16BE decodes a text string written as UTF-16BE with a byte order mark.
func utf16BE(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

// glyphNames maps the glyph names that subset fonts use in /Differences.
var glyphNames = func() map[string]rune {
	m := map[string]rune{
		"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$', "percent": '%',
		"ampersand": '&', "quotesingle": '\'', "quoteright": '’', "parenleft": '(', "parenright": ')',
		"asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-', "minus": '−', "period": '.', "slash": '/',
		"colon": ':', "semicolon": ';', "less": '<', "equal": '=', "greater": '>', "question": '?', "at": '@',
		"bracketleft": '[', "backslash": '\\', "bracketright": ']', "asciicircum": '^', "underscore": '_',
		"grave": '`', "quoteleft": '‘', "braceleft": '{', "bar": '|', "braceright": '}', "asciitilde": '~',
		"bullet": '•', "endash": '–', "emdash": '—', "quotedblleft": '“', "quotedblright": '”',
		"ellipsis": '…', "degree": '°', "multiply": '×', "divide": '÷', "plusminus": '±', "yen": '¥',
		"section": '§', "periodcentered": '·', "middot": '·', "percentmonospace": '%', "nbspace": '\u00a0',
		"lessequal": '≤', "greaterequal": '≥', "notequal": '≠', "fi": 'ﬁ', "fl": 'ﬂ',
	}
	digits := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	for i, d := range digits {
		m[d] = rune('0' + i)
	}
	for c := 'A'; c <= 'Z'; c++ {
		m[string(c)] = c
		m[string(c+'a'-'A')] = c + 'a' - 'A'
	}
	return m
}()
