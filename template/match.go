package template

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

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
	return closestKey(key, utf8.RuneCountInString(key), labels)
}

// closestKey is Closest for a text already folded to key, of n runes. The
// distance of two keys is at least the difference of their lengths, so a
// label that cannot come within the limit, or beat the best so far, is
// not measured: matching runs for every cell against every label.
func closestKey(key string, n int, labels []string) (string, bool) {
	best, bestDist := "", -1
	for _, l := range labels {
		lk := foldLabel(l)
		if lk.key == key {
			return l, true
		}
		limit := lk.runes / 4
		if bestDist >= 0 {
			limit = min(limit, bestDist-1)
		}
		if limit <= 0 || abs(n-lk.runes) > limit {
			continue
		}
		if d := levenshtein.ComputeDistance(key, lk.key); d <= limit {
			best, bestDist = l, d
		}
	}
	return best, bestDist >= 0
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Key folds a label for comparison: no spaces, no punctuation, no colon.
// A label that holds none of them is returned as it is, without copying.
func Key(s string) string {
	for i, r := range s {
		if dropped(r) {
			return keyFrom(s, i)
		}
	}
	return s
}

// keyFrom is Key of s, whose first rune to drop starts at i.
func keyFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !dropped(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldedLabel is a label folded with Key, and the runes of its key.
type foldedLabel struct {
	key   string
	runes int
}

// maxLabelKeys bounds labelKeys; labels come from templates and are few.
const maxLabelKeys = 1 << 12

var (
	labelKeys   sync.Map // label → foldedLabel
	labelKeysIn atomic.Int64
)

// foldLabel folds a template label. Every cell of every form is matched
// against the labels, so their keys are kept rather than folded each time.
func foldLabel(l string) foldedLabel {
	if f, ok := labelKeys.Load(l); ok {
		return f.(foldedLabel)
	}
	k := Key(l)
	f := foldedLabel{key: k, runes: utf8.RuneCountInString(k)}
	if labelKeysIn.Load() < maxLabelKeys {
		if _, loaded := labelKeys.LoadOrStore(l, f); !loaded {
			labelKeysIn.Add(1)
		}
	}
	return f
}

// asciiDropped tells the ASCII runes that Key drops.
var asciiDropped = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	}
	return t
}()

// dropped reports whether Key leaves r out: spaces, punctuation and
// symbols, among them utf8.RuneError, which stands for an invalid byte.
// ASCII and the CJK ideographs labels are written in skip the Unicode
// tables.
func dropped(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return asciiDropped[r]
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs: letters
		return false
	}
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// Contains reports whether text holds any of the labels once spaces and
// punctuation are removed.
func Contains(text string, labels []string) (string, bool) {
	key := Key(text)
	for _, l := range labels {
		if lk := foldLabel(l).key; lk != "" && strings.Contains(key, lk) {
			return l, true
		}
	}
	return "", false
}
