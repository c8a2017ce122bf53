package normalize

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// ErrBlank is returned when a number cell holds only a placeholder (see IsBlank).
var ErrBlank = errors.New("blank")

// ParseDecimal parses a plain printed number and reports the decimal places printed.
func ParseDecimal(s string) (d decimal.Decimal, places int32, err error) {
	if IsBlank(s) {
		return decimal.Decimal{}, 0, fmt.Errorf("number %q: %w", s, ErrBlank)
	}
	d, places, err = parseNumber(Fold(s))
	if err != nil {
		return decimal.Decimal{}, 0, fmt.Errorf("number %q: %w", s, err)
	}
	return d, places, nil
}

// parseNumber parses a folded number: optional sign, digits grouped by
// thousands separators or not at all, optional fraction. Spaces are ignored
// because OCR inserts them between digits.
func parseNumber(t string) (decimal.Decimal, int32, error) {
	t = strings.ReplaceAll(t, " ", "")
	sign := ""
	if rest, ok := cutSign(t); ok {
		sign, t = "-", rest
	} else if rest, ok := strings.CutPrefix(t, "+"); ok {
		t = rest
	}
	if t == "" {
		return decimal.Decimal{}, 0, errors.New("no digits")
	}
	whole, frac, point := strings.Cut(t, ".")
	if whole == "" {
		return decimal.Decimal{}, 0, errors.New("no digits before the point")
	}
	if point && frac == "" {
		return decimal.Decimal{}, 0, errors.New("no digits after the point")
	}
	if !allDigits(frac) {
		return decimal.Decimal{}, 0, errors.New("not a number")
	}
	groups := strings.Split(whole, ",")
	for i, g := range groups {
		if !allDigits(g) {
			return decimal.Decimal{}, 0, errors.New("not a number")
		}
		if len(groups) > 1 && (i == 0 && (len(g) == 0 || len(g) > 3) || i > 0 && len(g) != 3) {
			return decimal.Decimal{}, 0, errors.New("misplaced thousands separator")
		}
	}
	digits := sign + strings.Join(groups, "")
	if point {
		digits += "." + frac
	}
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return decimal.Decimal{}, 0, err
	}
	return d, int32(len(frac)), nil
}

// cutSign strips a leading minus, including the typographic U+2212 that NFKC keeps.
func cutSign(t string) (string, bool) {
	if rest, ok := strings.CutPrefix(t, "-"); ok {
		return rest, true
	}
	return strings.CutPrefix(t, "−")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParsePercent parses a rate such as "98.68%" or "98.68" into percent (98.68) and its printed places.
func ParsePercent(s string) (d decimal.Decimal, places int32, err error) {
	if IsBlank(s) {
		return decimal.Decimal{}, 0, fmt.Errorf("percent %q: %w", s, ErrBlank)
	}
	t, _ := strings.CutSuffix(Fold(s), "%")
	d, places, err = parseNumber(t)
	if err != nil {
		return decimal.Decimal{}, 0, fmt.Errorf("percent %q: %w", s, err)
	}
	return d, places, nil
}

// ParseMoney parses an amount printed in unit (元 or 万元) into fen, exactly.
func ParseMoney(s, unit string) (fen int64, err error) {
	var shift int32
	switch Fold(unit) {
	case "元":
		shift = 2
	case "万元":
		shift = 6
	default:
		return 0, fmt.Errorf("money %q: unknown unit %q", s, unit)
	}
	d, _, err := ParseDecimal(s)
	if err != nil {
		return 0, fmt.Errorf("money: %w", err)
	}
	d = d.Shift(shift)
	if !d.Truncate(0).Equal(d) {
		return 0, fmt.Errorf("money %q %s: more precise than one fen", s, unit)
	}
	i := d.BigInt()
	if !i.IsInt64() {
		return 0, fmt.Errorf("money %q %s: out of range", s, unit)
	}
	return i.Int64(), nil
}

// ParseScore parses a weight or score; it returns nil for a blank cell.
func ParseScore(s string) (*decimal.Decimal, error) {
	if IsBlank(s) {
		return nil, nil
	}
	d, _, err := ParseDecimal(s)
	if err != nil {
		return nil, fmt.Errorf("score: %w", err)
	}
	return &d, nil
}
