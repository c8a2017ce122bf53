package normalize

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/formaudit/formaudit/extract"
	"github.com/shopspring/decimal"
)

// readScore parses a weight or score cell; garbage becomes nil with a note
// naming the field, so that a number we could not read is never a wrong one.
func readScore(f *Form, s, field string, line int, at extract.Place) *decimal.Decimal {
	d, err := ParseScore(s)
	if err != nil {
		unreadable(f, field, s, line, at, err)
		return nil
	}
	return d
}

// readMoney parses an amount cell into fen.
func readMoney(f *Form, s, unit, field string, line int, at extract.Place) *int64 {
	fen, err := ParseMoney(s, unit)
	if errors.Is(err, ErrBlank) {
		return nil
	}
	if err != nil {
		unreadable(f, field, s, line, at, err)
		return nil
	}
	return &fen
}

// readPercent parses a rate cell into percent; a blank is nil. A rate
// printed as a fraction of one ("0.9868", "1.0000") is read as 98.68% and
// 100.00%: see isFraction.
func readPercent(f *Form, s, field string, line int, at extract.Place) (*decimal.Decimal, int32) {
	d, places, err := ParsePercent(s)
	if errors.Is(err, ErrBlank) {
		return nil, 0
	}
	if err != nil {
		unreadable(f, field, s, line, at, err)
		return nil, 0
	}
	if isFraction(s, d, places) {
		d, places = d.Shift(2), places-2
	}
	return &d, places
}

// isFraction reports a rate printed as a fraction of one: without a percent
// sign, at most 1, with two decimal places or more. Forms that print rates
// as percentages print an execution rate below 1% so rarely, and never to
// that precision without its sign, that such a number is a fraction.
func isFraction(s string, d decimal.Decimal, places int32) bool {
	return !strings.Contains(Fold(s), "%") && places >= 2 && !d.IsNegative() && d.LessThanOrEqual(decimal.NewFromInt(1))
}

func unreadable(f *Form, field, printed string, line int, at extract.Place, err error) {
	f.Notes = append(f.Notes, Note{Code: "field.unreadable", Field: field, Printed: printed, Line: line, Place: at,
		Message: fmt.Sprintf("%s on line %d could not be read (%v); left blank", field, line, err)})
}

func hasDigitIn(cells []string) bool {
	for _, c := range cells {
		if strings.IndexFunc(c, unicode.IsDigit) >= 0 {
			return true
		}
	}
	return false
}

func joinCells(cells []string) string { return strings.Join(cells, " ") }
