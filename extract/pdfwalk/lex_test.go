package pdfwalk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestPlainNumber reads numbers as ParseFloat does, to the bit, and leaves
// what is not plain to it.
func TestPlainNumber(t *testing.T) {
	same := func(s string) {
		t.Helper()
		got, ok := plainNumber([]byte(s))
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("plainNumber(%q) = %v, %v; ParseFloat %v, %v", s, got, ok, want, err)
		}
	}
	for _, s := range []string{"0", "-0", "+7", "595.28", "-12.5", ".5", "5.", "0.1", "841.8898", "123456789012345", "0.0000000000001", "-999999999999999", "3.14159265358979"} {
		same(s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		digits := strconv.FormatUint(r.Uint64N(1_000_000_000_000_000), 10)
		if len(digits) > 15 {
			digits = digits[:15]
		}
		p := r.IntN(len(digits) + 1)
		same(fmt.Sprintf("-%s.%s", digits[:p], digits[p:]))
	}
	for _, s := range []string{"", "-", ".", "+.", "1.2.3", "--5", "5-", "1e5", "1234567890123456", "3.141592653589793", "0x10", "1 2"} {
		if f, ok := plainNumber([]byte(s)); ok {
			t.Errorf("plainNumber(%q) = %v; it is not plain", s, f)
		}
	}
}
