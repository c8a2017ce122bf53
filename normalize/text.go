package normalize

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Fold applies NFKC and width folding, collapses whitespace runs to one space and trims.
func Fold(s string) string {
	// NFKC passes invalid bytes through and leaves the rune after one
	// unnormalised; replacing them first keeps Fold idempotent.
	s = width.Fold.String(norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD")))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Squeeze folds s and drops every space not standing between two ASCII letters or digits.
func Squeeze(s string) string {
	s = Fold(s)
	// Dropping a space can let what followed it compose with what preceded
	// it (a combining mark, a Hangul vowel), so fold again and repeat. Each
	// round drops a space or changes nothing, so this ends.
	for {
		next := Fold(dropSpaces(s))
		if next == s {
			return s
		}
		s = next
	}
}

// dropSpaces drops the spaces of a folded string that Squeeze does not keep.
func dropSpaces(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range rs {
		// OCR splits Chinese text at arbitrary points, but a space inside
		// Latin text ("X X W") is usually real.
		if r == ' ' && (i == 0 || i == len(rs)-1 || !isASCIIAlnum(rs[i-1]) || !isASCIIAlnum(rs[i+1])) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCIIAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// comparatorFixer maps OCR look-alikes and spelled-out pairs to ≤ and ≥.
// ≦ and ≧ are not look-alikes but the same comparators in the East Asian style.
var comparatorFixer = strings.NewReplacer(
	"€", "≤", "≼", "≤", "≪", "≤", "⩽", "≤", "≦", "≤", "<=", "≤",
	"≽", "≥", "≫", "≥", "⩾", "≥", "≧", "≥", ">=", "≥",
)

// FixComparators replaces OCR look-alikes of ≤ and ≥, and "<=" and ">=", by ≤ and ≥.
func FixComparators(s string) string {
	return comparatorFixer.Replace(s)
}

// IsBlank reports whether s is empty or only a placeholder such as "_", "—" or "/".
func IsBlank(s string) bool {
	for _, r := range Fold(s) {
		if !strings.ContainsRune(" _-–—―/\\", r) {
			return false
		}
	}
	return true
}
