// Package english writes counts in English for messages and reports.
package english

import "strconv"

// Count gives n with noun, plural unless n is 1: "1 form", "2 forms". The
// nouns it is given take a plain s.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
