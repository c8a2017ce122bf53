package score

import (
	"strings"

	"github.com/shopspring/decimal"
)

// decimalString formats d in plain notation without trailing zeros. It does
// not rely on decimal's package-level formatting switches, which any importer
// may flip.
func decimalString(d decimal.Decimal) string {
	places := int32(0)
	if e := d.Exponent(); e < 0 {
		places = -e
	}
	s := d.StringFixed(places)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// decimals is the number of significant decimal places of d.
func decimals(d decimal.Decimal) int32 {
	s := decimalString(d)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return int32(len(s) - i - 1)
	}
	return 0
}

// scoreString formats a score the way forms print them: two places at most.
func scoreString(d decimal.Decimal) string {
	return decimalString(d.Round(2))
}

// yuanString formats an amount in fen as 元 with two places, as money is printed.
func yuanString(fen int64) string {
	return decimal.New(fen, -2).StringFixed(2)
}
