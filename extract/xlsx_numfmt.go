package extract

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// builtinNumFmts are the number formats that workbooks refer to by id only
// (ECMA-376 §18.8.30; ids 27–36 and 50–58 are the Chinese date formats).
var builtinNumFmts = map[int]string{
	0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	5: `"¥"#,##0;"¥"\-#,##0`, 6: `"¥"#,##0;[Red]"¥"\-#,##0`, 7: `"¥"#,##0.00;"¥"\-#,##0.00`, 8: `"¥"#,##0.00;[Red]"¥"\-#,##0.00`,
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
	20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm",
	27: `yyyy"年"m"月"`, 28: `m"月"d"日"`, 29: `m"月"d"日"`, 30: "m-d-yy", 31: `yyyy"年"m"月"d"日"`,
	32: `h"时"mm"分"`, 33: `h"时"mm"分"ss"秒"`, 34: `上午/下午h"时"mm"分"`, 35: `上午/下午h"时"mm"分"ss"秒"`, 36: `yyyy"年"m"月"`,
	37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
	41: `_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)`, 42: `_("¥"* #,##0_);_("¥"* \(#,##0\);_("¥"* "-"_);_(@_)`,
	43: `_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)`, 44: `_("¥"* #,##0.00_);_("¥"* \(#,##0.00\);_("¥"* "-"??_);_(@_)`,
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
	50: `yyyy"年"m"月"`, 51: `m"月"d"日"`, 52: `yyyy"年"m"月"`, 53: `m"月"d"日"`, 54: `m"月"d"日"`,
	55: `上午/下午h"时"mm"分"`, 56: `上午/下午h"时"mm"分"ss"秒"`, 57: `yyyy"年"m"月"`, 58: `m"月"d"日"`,
}

// numFmtKind is what a number format does to a number, as far as forms care.
type numFmtKind int

const (
	fmtGeneral numFmtKind = iota
	fmtFixed              // a fixed number of decimal places
	fmtPercent            // times 100, fixed places, a percent sign
	fmtDate
)

// numFmt is what a format code shows of a number: its kind, the decimal
// places, and the power of ten the number is scaled by.
type numFmt struct {
	kind   numFmtKind
	places int
	shift  int32
}

// parseNumFmt reads the first section of a format code (the one for
// positive numbers). Literal text ("元", "¥"), thousands separators and
// padding do not change the number a form means, so they are dropped; but
// a percent sign multiplies by 100, each comma after the last digit
// divides by 1000, and a literal point ("0!.0000", the way sheets show 元
// as 万元) puts a decimal point into the whole number.
func parseNumFmt(code string) numFmt {
	if strings.EqualFold(strings.TrimSpace(code), "general") || code == "" || code == "@" {
		return numFmt{}
	}
	const literalPoint = '\x01'
	var b strings.Builder
	rs := []rune(code)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case ';':
			i = len(rs)
		case '"':
			for i++; i < len(rs) && rs[i] != '"'; i++ {
			}
		case '[':
			for i++; i < len(rs) && rs[i] != ']'; i++ {
			}
		case '\\', '!', '_', '*':
			i++ // the next character is a literal, padding or fill
			if (r == '\\' || r == '!') && i < len(rs) && rs[i] == '.' {
				b.WriteRune(literalPoint)
			}
		default:
			b.WriteRune(r)
		}
	}
	bare := strings.ToLower(b.String())
	switch {
	case strings.ContainsAny(bare, "ymdhs") || strings.Contains(bare, "上午"):
		return numFmt{kind: fmtDate}
	case !strings.ContainsAny(bare, "0#?"):
		return numFmt{}
	case strings.Contains(bare, "e"):
		return numFmt{} // scientific: the plain number says the same
	}
	placeholders := func(s string) int {
		n := 0
		for _, r := range s {
			if r != '0' && r != '#' && r != '?' {
				break
			}
			n++
		}
		return n
	}
	f := numFmt{kind: fmtFixed}
	if _, frac, ok := strings.Cut(bare, "."); ok {
		f.places = placeholders(frac)
	} else if _, frac, ok := strings.Cut(bare, string(literalPoint)); ok {
		f.places = placeholders(frac)
		f.shift = -int32(f.places)
	}
	last := strings.LastIndexAny(bare, "0#?")
	f.shift -= 3 * int32(len(bare[last+1:])-len(strings.TrimLeft(bare[last+1:], ",")))
	if strings.Contains(bare, "%") {
		f.kind, f.shift = fmtPercent, f.shift+2
	}
	return f
}

// numberText is the text a number cell shows, written plainly: the places
// and scale of its format, a percent format multiplied out ("0.9868"
// formatted 0.00% is "98.68%"), no thousands separators, currency signs or
// literal units, and dates as dates. The general format shows at most 15
// significant digits, so a cached 95.390000000000001 reads 95.39.
func numberText(raw string, code string) string {
	d, err := decimal.NewFromString(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	f := parseNumFmt(code)
	switch f.kind {
	case fmtFixed:
		return d.Shift(f.shift).StringFixed(int32(f.places))
	case fmtPercent:
		return d.Shift(f.shift).StringFixed(int32(f.places)) + "%"
	case fmtDate:
		if s, ok := dateText(d, code); ok {
			return s
		}
	}
	return generalText(d)
}

// generalText rounds to 15 significant digits and drops trailing zeros.
func generalText(d decimal.Decimal) string {
	if d.IsZero() {
		return "0"
	}
	f, _ := d.Abs().Float64()
	digits := int32(math.Floor(math.Log10(f))) + 1
	s := d.Round(15 - digits).String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// excelEpoch is day 0 of the 1900 date system, as Excel counts after its
// fictitious 1900-02-29.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// dateText shows a date serial as a date, in the Chinese style when the
// format is.
func dateText(d decimal.Decimal, code string) (string, bool) {
	days := d.IntPart()
	if days < 1 || days > 2958465 { // 9999-12-31
		return "", false
	}
	secs := d.Sub(decimal.NewFromInt(days)).Mul(decimal.NewFromInt(86400)).Round(0).IntPart()
	t := excelEpoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	lower := strings.ToLower(code)
	hasDay := strings.Contains(lower, "d") || strings.Contains(lower, "y")
	hasTime := strings.Contains(lower, "h") || strings.Contains(lower, "s")
	switch {
	case strings.Contains(code, "年") && strings.Contains(code, "日"):
		return t.Format("2006年1月2日"), true
	case strings.Contains(code, "年"):
		return t.Format("2006年1月"), true
	case hasDay && hasTime:
		return t.Format("2006-01-02 15:04"), true
	case hasTime:
		return t.Format("15:04:05"), true
	}
	return t.Format("2006-01-02"), true
}

// floatText writes a binary float as the shortest decimal that reads back as it.
func floatText(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
