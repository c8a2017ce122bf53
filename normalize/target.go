package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

type comparatorWord struct {
	word string
	op   Op
}

// prefixComparators are printed before the number. Longer words come first
// so that 不少于 is not read as a label 不 followed by 少于.
var prefixComparators = []comparatorWord{
	{"大于等于", GE}, {"小于等于", LE},
	{"不少于", GE}, {"不低于", GE}, {"不小于", GE},
	{"不超过", LE}, {"不高于", LE}, {"不多于", LE}, {"不大于", LE},
	{"至少", GE}, {"达到", GE}, {"最多", LE},
	{"大于", GT}, {"超过", GT}, {"高于", GT}, {"多于", GT},
	{"小于", LT}, {"低于", LT}, {"少于", LT},
	{"等于", EQ},
	{"≥", GE}, {"≤", LE}, {">", GT}, {"<", LT}, {"=", EQ},
}

// suffixComparators are printed after the unit, longest first for the same reason.
var suffixComparators = []comparatorWord{
	{"及以上", GE}, {"及以下", LE},
	{"以上", GE}, {"以下", LE}, {"以内", LE}, {"之内", LE},
	{"内", LE},
}

// multipliers are Chinese numerals that scale the number when they open the unit.
var multipliers = map[rune]int32{'百': 2, '千': 3, '万': 4, '亿': 8}

// ParseQuantity parses a quantitative target or actual such as "≥98%" or "3个月内".
// It reports false for text that is not one comparator, one number and a short unit.
func ParseQuantity(s string) (*Quantity, bool) {
	t := FixComparators(Squeeze(s))
	start := strings.IndexFunc(t, isASCIIDigit)
	if start < 0 {
		return nil, false
	}
	end := numberEnd(t, start)
	prefix, number, unit := t[:start], t[start:end], strings.TrimSpace(t[end:])
	if strings.IndexFunc(unit, unicode.IsDigit) >= 0 {
		return nil, false
	}
	value, _, err := parseNumber(number)
	if err != nil {
		return nil, false
	}
	op, explicit := EQ, false
	if prefix != "" {
		var ok bool
		if op, ok = cutPrefixComparator(prefix); !ok {
			return nil, false
		}
		explicit = true
	}
	if sop, rest, ok := cutSuffixComparator(unit); ok {
		if explicit && sop != op {
			return nil, false
		}
		op, explicit, unit = sop, true, rest
	}
	scale, unit, ok := cutMultipliers(unit)
	if !ok || !validUnit(unit) {
		return nil, false
	}
	value = value.Shift(scale)
	if strings.HasPrefix(unit, "年") && isYear(value.String()) {
		return nil, false
	}
	return &Quantity{Op: op, Value: value, Unit: unit, Explicit: explicit}, true
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// numberEnd returns where the number starting at start ends: digits, and a
// point or thousands separator only when a digit follows.
func numberEnd(t string, start int) int {
	i := start
	for i < len(t) {
		switch {
		case isASCIIDigit(rune(t[i])):
			i++
		case (t[i] == '.' || t[i] == ',') && i+1 < len(t) && isASCIIDigit(rune(t[i+1])):
			i += 2
		default:
			return i
		}
	}
	return i
}

// cutPrefixComparator reads the comparator that ends prefix; a label such as
// 合格率 may stand before it.
func cutPrefixComparator(prefix string) (Op, bool) {
	for _, c := range prefixComparators {
		if label, ok := strings.CutSuffix(prefix, c.word); ok {
			return c.op, !strings.ContainsAny(label, ",;、。<>=≤≥")
		}
	}
	return "", false
}

func cutSuffixComparator(unit string) (Op, string, bool) {
	for _, c := range suffixComparators {
		if rest, ok := strings.CutSuffix(unit, c.word); ok {
			return c.op, rest, true
		}
	}
	return "", unit, false
}

// cutMultipliers strips up to two leading multipliers (万, 百万, 千万) and
// returns the power of ten they stand for. 百 before 分 is part of 百分比 or
// 百分点, not a multiplier.
func cutMultipliers(unit string) (int32, string, bool) {
	var scale int32
	for n := 0; ; n++ {
		r, size := utf8.DecodeRuneInString(unit)
		exp, ok := multipliers[r]
		if !ok || r == '百' && strings.HasPrefix(unit[size:], "分") {
			return scale, unit, true
		}
		if n == 2 {
			return 0, unit, false
		}
		scale += exp
		unit = unit[size:]
	}
}

// validUnit rejects what cannot be a unit of measure: long text, clauses,
// comparators, date words, text after a percent sign, and a trailing
// comparator that would make the quantity read differently when printed again.
func validUnit(unit string) bool {
	if utf8.RuneCountInString(unit) > 4 || strings.ContainsAny(unit, " .,;:!?、。()[]<>=≤≥底初末前旬") {
		return false
	}
	if strings.Contains(unit, "%") && unit != "%" {
		return false
	}
	_, _, ok := cutSuffixComparator(unit)
	return !ok
}

// isYear reports whether a number is a year of this era, 1900 to 2099.
func isYear(number string) bool {
	return len(number) == 4 && (strings.HasPrefix(number, "19") || strings.HasPrefix(number, "20")) && allDigits(number)
}

var yearPattern = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})年`)

// TargetYear returns the first year (19xx or 20xx followed by 年) that s names, or 0.
func TargetYear(s string) int {
	m := yearPattern.FindStringSubmatch(Squeeze(s))
	if m == nil {
		return 0
	}
	y := 0
	for _, b := range []byte(m[1]) {
		y = y*10 + int(b-'0')
	}
	return y
}

// Meets reports whether the actual q satisfies target, and whether the two are
// comparable at all. A target printed without a comparator means "at least".
func (q Quantity) Meets(target Quantity) (met bool, comparable bool) {
	if q.Unit != target.Unit && q.Unit != "" && target.Unit != "" {
		return false, false
	}
	op := target.Op
	if !target.Explicit {
		op = GE
	}
	c := q.Value.Cmp(target.Value)
	switch op {
	case GE:
		return c >= 0, true
	case LE:
		return c <= 0, true
	case GT:
		return c > 0, true
	case LT:
		return c < 0, true
	case EQ:
		return c == 0, true
	}
	return false, false
}
