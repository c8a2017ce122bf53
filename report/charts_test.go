package report

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestRateBin(t *testing.T) {
	for _, tt := range []struct {
		rate  string
		label string
	}{
		{"0", "<50"},
		{"49.99", "<50"},
		{"50", "50–60"},
		{"89.99", "80–90"},
		{"90", "90–100"},
		{"99.99", "90–100"},
		{"100", "100"},
		{"100.01", ">100"},
		{"250", ">100"},
	} {
		i := rateBin(decimal.RequireFromString(tt.rate))
		label := ">100"
		if i < len(rateBins) {
			label = rateBins[i].label
		}
		if label != tt.label {
			t.Errorf("rate %s falls in %s, want %s", tt.rate, label, tt.label)
		}
	}
}
