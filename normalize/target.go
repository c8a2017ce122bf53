package normalize

import (
	"github.com/shopspring/decimal"

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
	{"等于", EQ}, {"达", GE},
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

// Meets reports whether an actual q satisfies target. A target printed without
// a comparator is read as "at least", because most indicators are positive.
// An actual that carries a comparator ("<20次", "≥98%") is a bound rather
// than a value: it meets the target when every value it allows does, and it
// fails when none does; otherwise the two cannot be compared. Quantities are
// comparable only when their units agree or one of them has none.
func (q Quantity) Meets(target Quantity) (met bool, comparable bool) {
	if q.Unit != target.Unit && q.Unit != "" && target.Unit != "" {
		return false, false
	}
	for _, op := range []Op{q.Op, target.Op} {
		switch op {
		case GE, LE, GT, LT, EQ:
		default:
			return false, false
		}
	}
	want := target.Op
	if !target.Explicit {
		want = GE
	}
	got := q.Op
	if !q.Explicit {
		got = EQ
	}
	a, t := interval(got, q.Value), interval(want, target.Value)
	switch {
	case a.within(t):
		return true, true
	case a.disjoint(t):
		return false, true
	}
	return false, false
}

// span is a set of numbers: an interval with optional, open or closed ends.
type span struct {
	lo, hi         decimal.Decimal
	hasLo, hasHi   bool
	openLo, openHi bool
}

func interval(op Op, v decimal.Decimal) span {
	switch op {
	case GE:
		return span{lo: v, hasLo: true}
	case GT:
		return span{lo: v, hasLo: true, openLo: true}
	case LE:
		return span{hi: v, hasHi: true}
	case LT:
		return span{hi: v, hasHi: true, openHi: true}
	}
	return span{lo: v, hi: v, hasLo: true, hasHi: true}
}

// within reports whether s is a subset of t.
func (s span) within(t span) bool {
	if t.hasLo {
		if !s.hasLo {
			return false
		}
		if c := s.lo.Cmp(t.lo); c < 0 || (c == 0 && t.openLo && !s.openLo) {
			return false
		}
	}
	if t.hasHi {
		if !s.hasHi {
			return false
		}
		if c := s.hi.Cmp(t.hi); c > 0 || (c == 0 && t.openHi && !s.openHi) {
			return false
		}
	}
	return true
}

// disjoint reports whether s and t share no number.
func (s span) disjoint(t span) bool {
	below := func(a, b span) bool { // a lies wholly below b
		if !a.hasHi || !b.hasLo {
			return false
		}
		c := a.hi.Cmp(b.lo)
		return c < 0 || (c == 0 && (a.openHi || b.openLo))
	}
	return below(s, t) || below(t, s)
}
