package extract

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// DecodeText detects the encoding of a text dump and returns it as UTF-8.
// Archives from Chinese Windows machines are often GB18030/GBK or UTF-16.
func DecodeText(data []byte) (string, string, error) {
	var enc encoding.Encoding
	name := ""
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), "utf-8", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		enc, name = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc, name = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	default:
		if order, ok := utf16WithoutBOM(data); ok {
			enc, name = unicode.UTF16(order, unicode.IgnoreBOM), "utf-16"+map[unicode.Endianness]string{unicode.LittleEndian: "le", unicode.BigEndian: "be"}[order]
		} else if utf8.Valid(data) {
			return string(data), "utf-8", nil
		} else {
			enc, name = simplifiedchinese.GB18030, "gb18030"
		}
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", name, fmt.Errorf("decode %s: %w", name, err)
	}
	if !utf8.Valid(out) {
		return "", name, fmt.Errorf("decode %s: result is not valid text", name)
	}
	return string(out), name, nil
}

// utf16WithoutBOM guesses UTF-16 from NUL bytes: ASCII characters (tabs,
// digits) in UTF-16 have a NUL on one side, and UTF-8 or GB18030 text has no
// NULs at all.
func utf16WithoutBOM(data []byte) (unicode.Endianness, bool) {
	n := len(data)
	if n < 4 || n%2 != 0 {
		return unicode.LittleEndian, false
	}
	if n > 4096 {
		n = 4096
	}
	var even, odd int
	for i := 0; i < n; i++ {
		if data[i] == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	// CJK code units can have a zero byte too, so compare the two sides.
	switch {
	case odd > n/16 && odd > 4*even:
		return unicode.LittleEndian, true
	case even > n/16 && even > 4*odd:
		return unicode.BigEndian, true
	}
	return unicode.LittleEndian, false
}
