package template

import (
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
)

// Closest returns the label that text is a damaged copy of: an exact match
// after removing spaces and punctuation, or the nearest label within a small
// edit distance (one edit per four characters). Labels shorter than four
// characters must match exactly: one edit away from "总分" is "9分".
func Closest(text string, labels []string) (string, bool) {
	key := Key(text)
	if key == "" {
		return "", false
	}
	best, bestDist := "", -1
	for _, l := range labels {
		lk := Key(l)
		if lk == key {
			return l, true
		}
		limit := len([]rune(lk)) / 4
		if limit == 0 {
			continue
		}
		d := levenshtein.ComputeDistance(key, lk)
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = l, d
		}
	}
	return best, bestDist >= 0
}

// Key folds a label for comparison: no spaces, no punctuation, no colon.
func Key(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Contains reports whether text holds any of the labels once spaces and
// punctuation are removed.
func Contains(text string, labels []string) (string, bool) {
	key := Key(text)
	for _, l := range labels {
		if lk := Key(l); lk != "" && strings.Contains(key, lk) {
			return l, true
		}
	}
	return "", false
}
