package report

import (
	"encoding/csv"
	"regexp"
	"strings"
)

// formulaPrefixes are the characters that make Excel and LibreOffice read a
// CSV cell as a formula (OWASP, "CSV Injection").
const formulaPrefixes = "=+-@\t\r"

// plainNumber matches what a spreadsheet reads as a number and never as a
// formula: an optional sign, digits with an optional point, an exponent.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// csvText is s made safe to open in a spreadsheet: text from a document that
// starts with a formula character ("=HYPERLINK(…)", "-2+3") gets a leading
// single quote, which spreadsheets show as text, while a number ("-12.5")
// is left as it is so that it stays a number.
func csvText(s string) string {
	if s == "" || !strings.ContainsRune(formulaPrefixes, rune(s[0])) || plainNumber.MatchString(s) {
		return s
	}
	return "'" + s
}

// writeCSVRecord writes rec with every cell through csvText; every CSV
// formaudit writes goes through it.
func writeCSVRecord(cw *csv.Writer, rec []string) error {
	safe := make([]string, len(rec))
	for i, s := range rec {
		safe[i] = csvText(s)
	}
	return cw.Write(safe)
}
