package normalize

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// ocrKind is what a numeric cell holds, which decides how OCR damage to
// it is read.
type ocrKind int

const (
	ocrMoney   ocrKind = iota // an amount: thousands separators, two decimals (four in 万元)
	ocrScore                  // a weight or score: small, one or two decimals at most
	ocrPercent                // an execution rate, printed with or without %
)

// ocrReading is what a numeric cell OCR read can stand for.
type ocrReading struct {
	clean bool              // the text reads as printed, with no repair
	cands []decimal.Decimal // the readings, the likeliest first; none when nothing can be read
	// suffix holds the digits read after unreadable marks ("也264,600.00"
	// is some number ending in 264600.00): the form's arithmetic may find
	// the one number it can be. Empty when there is no such tail.
	suffix string
	places int32 // decimal places printed, for rates
	why    string
}

// alsoRead adds what another reading of the same place gave: where two
// readings of a clean number differ, the form's arithmetic chooses.
func (r *ocrReading) alsoRead(other ocrReading, printed string) {
	if !r.clean || !other.clean || len(r.cands) == 0 || len(other.cands) == 0 || r.cands[0].Equal(other.cands[0]) {
		return
	}
	r.clean = false
	r.cands = append(r.cands, other.cands[0])
	r.why = fmt.Sprintf("read %q on the whole page", printed)
}

// ocrLookalikes are characters OCR reads in place of digits and separators.
var ocrLookalikes = map[rune]rune{
	'O': '0', 'o': '0', '〇': '0', 'Q': '0',
	'S': '5', 's': '5',
	'Z': '2', 'z': '2',
	'B': '8',
	'g': '9', 'q': '9',
	'，': ',', '、': ',', '。': '.', '·': '.', '：': ':', '；': ';',
}

// ocrStrokes are characters OCR reads for a 1, and also makes of the
// ruling line next to a number: each is read both ways.
const ocrStrokes = "|]![丨lIi"

// readOCRNumber reads a numeric cell that OCR may have damaged. A text that
// parses as it stands is clean; otherwise it is read by the shapes OCR
// damage takes: letters for digits, any of , . : ; for a separator, marks
// of ruling lines stuck to the number (or read for a 1), a percent sign
// read as "96" or with a stray digit after it ("100%6"), a lost decimal
// point. Readings that cannot be told apart are all returned, the likeliest
// first, for the form's arithmetic to choose.
func readOCRNumber(s string, kind ocrKind, unit string) ocrReading {
	s = strings.ReplaceAll(Fold(s), " ", "")
	if IsBlank(s) {
		return ocrReading{clean: true}
	}
	switch kind {
	case ocrMoney:
		if d, _, err := ParseDecimal(s); err == nil {
			return ocrReading{clean: true, cands: []decimal.Decimal{d}}
		}
	case ocrScore:
		// Weights and scores are at most 100: a larger one lost its point.
		if d, err := ParseScore(s); err == nil && d != nil && d.LessThanOrEqual(decimal.NewFromInt(100)) {
			return ocrReading{clean: true, cands: []decimal.Decimal{*d}}
		}
	case ocrPercent:
		// A rate of a thousand percent is a percent sign read as digits.
		if d, places, err := ParsePercent(s); err == nil && d.LessThan(decimal.NewFromInt(1000)) {
			return ocrReading{clean: true, cands: []decimal.Decimal{d}, places: places}
		}
	}
	out := ocrReading{why: "misread characters"}
	if strings.IndexFunc(s, unicode.IsDigit) < 0 {
		out.why = "no digits"
		return out
	}
	// Look-alikes next to real digits are digits; "SS" alone is no number.
	var b strings.Builder
	for _, r := range s {
		if m, ok := ocrLookalikes[r]; ok {
			r = m
		}
		b.WriteRune(r)
	}
	text := b.String()
	if kind == ocrPercent {
		if i := strings.Index(text, "%"); i >= 0 {
			// Whatever follows the percent sign is a misread of its tail.
			text, out.why = text[:i], "a percent sign misread"
		}
	}
	variants := []string{text}
	if strings.ContainsAny(text, ocrStrokes) {
		one := strings.Map(func(r rune) rune {
			if strings.ContainsRune(ocrStrokes, r) {
				return '1'
			}
			return r
		}, text)
		none := strings.Map(func(r rune) rune {
			if strings.ContainsRune(ocrStrokes, r) {
				return -1
			}
			return r
		}, text)
		variants = []string{one, none, text}
		out.why = "strokes read for a 1 or from a ruling line"
	}
	// Readings as printed come before readings with a point put back.
	var direct, alts []decimal.Decimal
	for _, v := range variants {
		d, a := ocrValues(v, kind, unit, &out)
		direct, alts = append(direct, d...), append(alts, a...)
	}
	seen := map[string]bool{}
	for _, d := range append(direct, alts...) {
		if !seen[d.String()] {
			seen[d.String()] = true
			out.cands = append(out.cands, d)
		}
	}
	return out
}

// ocrValues reads one variant of a damaged cell: its longest run of digits
// and separators, and for money also whether digits follow unreadable
// marks (a tail the arithmetic may complete). It returns the readings as
// printed, and those with a decimal point put back.
func ocrValues(text string, kind ocrKind, unit string, out *ocrReading) (direct, alts []decimal.Decimal) {
	tokens := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsDigit(r) && !strings.ContainsRune(",.:;", r) })
	var longest string
	for _, tok := range tokens {
		if tok = strings.Trim(tok, ",.:;"); len(tok) > len(longest) {
			longest = tok
		}
	}
	if longest == "" {
		return nil, nil
	}
	if len(tokens) > 1 || !strings.HasPrefix(strings.TrimLeft(text, ",.:;"), longest) {
		out.why = "marks around the number"
	}
	switch kind {
	case ocrMoney:
		// An amount after unreadable marks may have lost its first digits
		// to them: its digits are only its tail.
		if i := strings.Index(text, longest); i > 0 && strings.HasSuffix(text, longest) {
			if out.suffix == "" {
				out.suffix = moneyText(longest, unit)
			}
			break
		}
		if d, ok := ocrMoneyValue(longest, unit); ok {
			direct = append(direct, d)
		}
	case ocrScore:
		t := strings.NewReplacer(",", ".", ":", ".", ";", ".").Replace(longest)
		if d, _, err := parseNumber(t); err == nil && d.LessThanOrEqual(decimal.NewFromInt(100)) {
			direct = append(direct, d)
		} else if err == nil {
			alts = ocrLostPoint(t)
		}
	case ocrPercent:
		digits := strings.NewReplacer(",", ".", ":", ".", ";", ".").Replace(longest)
		d, places, err := parseNumber(digits)
		if err != nil {
			return nil, nil
		}
		out.places = places
		// "90%" read as "9096" or "9094": the sign became two digits.
		if d.GreaterThan(decimal.NewFromInt(100)) && places == 0 && len(digits) > 2 {
			for _, tail := range []string{"96", "94", "6", "4"} {
				if head, ok := strings.CutSuffix(digits, tail); ok && head != "" {
					if h, _, err := parseNumber(head); err == nil && h.LessThanOrEqual(decimal.NewFromInt(100)) {
						direct = append(direct, h)
					}
				}
			}
		}
		direct = append(direct, d)
	}
	return direct, alts
}

// moneyText reads separators in an amount: the last one before exactly the
// decimals of the unit is the point, every other one a thousands
// separator, whatever OCR made of them. It returns digits with a point.
func moneyText(tok, unit string) string {
	decimals := 2
	if unit == "万元" {
		decimals = 4
	}
	var digits strings.Builder
	point := -1
	for i, r := range tok {
		if unicode.IsDigit(r) {
			digits.WriteRune(r)
			continue
		}
		if rest := tok[i+1:]; len(rest) == decimals && strings.Trim(rest, "0123456789") == "" {
			point = digits.Len()
		}
	}
	d := digits.String()
	if point >= 0 {
		return d[:point] + "." + d[point:]
	}
	return d
}

// ocrMoneyValue reads an amount token.
func ocrMoneyValue(tok, unit string) (decimal.Decimal, bool) {
	d, _, err := parseNumber(moneyText(tok, unit))
	return d, err == nil
}

// ocrLostPoint lists the numbers of at most 100 that a run of digits
// becomes with a point put back in it.
func ocrLostPoint(digits string) []decimal.Decimal {
	if strings.Contains(digits, ".") {
		return nil
	}
	var out []decimal.Decimal
	for i := len(digits) - 1; i >= 1; i-- {
		d, _, err := parseNumber(digits[:i] + "." + digits[i:])
		if err == nil && d.LessThanOrEqual(decimal.NewFromInt(100)) {
			out = append(out, d)
		}
	}
	return out
}
