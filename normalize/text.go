package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Fold applies NFKC and width folding, collapses whitespace runs to one space and trims.
func Fold(s string) string {
	// NFKC passes invalid bytes through and leaves the rune after one
	// unnormalised; replacing them first keeps Fold idempotent.
	s = norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD"))
	if needsWidthFold(s) {
		s = width.Fold.String(s)
	}
	if !needsSpaceFold(s) {
		return s
	}
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

// needsWidthFold reports whether width.Fold changes s. Most text is
// folded already: checking is cheaper than the transform, which allocates.
func needsWidthFold(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		p, size := width.LookupString(s[i:])
		if p.Folded() != 0 {
			return true
		}
		i += max(size, 1)
	}
	return false
}

// needsSpaceFold reports whether s has whitespace that Fold collapses or
// trims: any but a single space between two other runes.
func needsSpaceFold(s string) bool {
	space := true
	for _, r := range s {
		if !unicode.IsSpace(r) {
			space = false
			continue
		}
		if r != ' ' || space {
			return true
		}
		space = true
	}
	return space && s != ""
}

// Squeeze folds s and drops every space not standing between two ASCII letters or digits.
func Squeeze(s string) string {
	s = Fold(s)
	// Dropping a space can let what followed it compose with what preceded
	// it (a combining mark, a Hangul vowel), so fold again and repeat. Each
	// round drops a space or changes nothing, so this ends. Fold is
	// idempotent: a round that drops nothing has nothing to fold.
	for {
		d := dropSpaces(s)
		if d == s {
			return s
		}
		next := Fold(d)
		if next == s {
			return s
		}
		s = next
	}
}

// dropSpaces drops the spaces of a folded string that Squeeze does not keep.
func dropSpaces(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
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
