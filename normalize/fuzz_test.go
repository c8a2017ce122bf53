package normalize

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

func FuzzSqueeze(f *testing.F) {
	for _, s := range []string{"国土空间基础信息 平台升级及场景应 用建设 (一期)", "X X W", "a\u3000\u00a0b", "\xf6ʰ", " ＡＢ "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded, squeezed := Fold(s), Squeeze(s)
		if Fold(folded) != folded || Squeeze(squeezed) != squeezed {
			t.Fatalf("Fold or Squeeze of %q not idempotent: %q, %q", s, folded, squeezed)
		}
		if strings.TrimSpace(folded) != folded || strings.Contains(folded, "  ") {
			t.Fatalf("Fold(%q) = %q keeps surrounding or repeated spaces", s, folded)
		}
		if Fold(strings.ReplaceAll(squeezed, " ", "")) != Fold(strings.ReplaceAll(folded, " ", "")) {
			t.Fatalf("Squeeze(%q) = %q drops more than spaces from %q", s, squeezed, folded)
		}
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{
		"0", "100.0", "98.68", "1,234,567.89", "１２３．４５", "12 345.6", " -5 ", "−3", "+7",
		"", "_", "——", "abc", "1.2.3", ".5", "5.", "1,23", "1e5", "0.00000013",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, places, err := ParseDecimal(s)
		if err != nil {
			if errors.Is(err, ErrBlank) != IsBlank(s) {
				t.Fatalf("ParseDecimal(%q): %v; blank error while IsBlank = %v", s, err, IsBlank(s))
			}
			if !strings.HasPrefix(err.Error(), "number ") {
				t.Fatalf("ParseDecimal(%q): error %q lacks its context", s, err)
			}
			if score, serr := ParseScore(s); serr == nil && score != nil {
				t.Fatalf("ParseScore(%q) = %s, but ParseDecimal failed: %v", s, score, err)
			}
			return
		}
		if places < 0 || !d.Round(places).Equal(d) {
			t.Fatalf("ParseDecimal(%q) = %s with %d places", s, d, places)
		}
		// The value printed with its places must read back identically.
		printed := d.StringFixed(places)
		d2, places2, err := ParseDecimal(printed)
		if err != nil || !d2.Equal(d) || places2 != places {
			t.Fatalf("ParseDecimal(%q) = %s, %d; reprinted %q reads %s, %d, %v", s, d, places, printed, d2, places2, err)
		}
		if p, pp, err := ParsePercent(s + "%"); err != nil || !p.Equal(d) || pp != places {
			t.Fatalf("ParsePercent(%q) = %s, %d, %v; want %s, %d", s+"%", p, pp, err, d, places)
		}
		if score, err := ParseScore(s); err != nil || score == nil || !score.Equal(d) {
			t.Fatalf("ParseScore(%q) = %v, %v; want %s", s, score, err, d)
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"0.00", "11264600.00", "768739.55", "1,234,567.89", "1126.46", "0.000001", "12.345",
		"92233720368547758.07", "92233720368547758.08", "-92233720368547758.08", "", "/", "abc",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, wan bool) {
		unit, shift := "元", int32(2)
		if wan {
			unit, shift = "万元", 6
		}
		fen, err := ParseMoney(s, unit)
		d, _, derr := ParseDecimal(s)
		if err != nil {
			if errors.Is(err, ErrBlank) != IsBlank(s) {
				t.Fatalf("ParseMoney(%q, %q): %v; blank error while IsBlank = %v", s, unit, err, IsBlank(s))
			}
			if derr == nil && d.Shift(shift).IsInteger() && d.Shift(shift).BigInt().IsInt64() {
				t.Fatalf("ParseMoney(%q, %q): %v, but %s fen is a valid amount", s, unit, err, d.Shift(shift))
			}
			return
		}
		if derr != nil || !d.Shift(shift).Equal(decimal.NewFromInt(fen)) {
			t.Fatalf("ParseMoney(%q, %q) = %d fen, but ParseDecimal reads %s, %v", s, unit, fen, d, derr)
		}
		// Printed back in either unit, the amount must read back to the same fen.
		yuan := decimal.New(fen, -2).StringFixed(2)
		if got, err := ParseMoney(yuan, "元"); err != nil || got != fen {
			t.Fatalf("ParseMoney(%q, 元) = %d, %v; want %d (from %q %s)", yuan, got, err, fen, s, unit)
		}
		wanYuan := decimal.New(fen, -6).String()
		if got, err := ParseMoney(wanYuan, "万元"); err != nil || got != fen {
			t.Fatalf("ParseMoney(%q, 万元) = %d, %v; want %d (from %q %s)", wanYuan, got, err, fen, s, unit)
		}
	})
}

// opSymbols prints a comparator the way forms do.
var opSymbols = map[Op]string{GE: "≥", LE: "≤", GT: ">", LT: "<", EQ: "="}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{
		"≥10万卷/件", "合格率≥98%", "90%以上", "3个月内", "≤5天", "2小时之内", "≥1000↑", "166037卷/件",
		"0.00000013%", "100次", "€3", "不少于8篇", "大于等于4篇", "5百分点", "2024年底", "2023年12月31日前",
		"半年6次,一年12次", "安全培训1次", "不少于2人(含参 加招聘人数)", "≥1,000次", "＞15人", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ParseQuantity(s)
		if !ok {
			if q != nil {
				t.Fatalf("ParseQuantity(%q) = %+v with ok = false", s, *q)
			}
			return
		}
		if _, known := opSymbols[q.Op]; !known || !q.Explicit && q.Op != EQ {
			t.Fatalf("ParseQuantity(%q): op %q, explicit %v", s, q.Op, q.Explicit)
		}
		if q.Value.IsNegative() {
			t.Fatalf("ParseQuantity(%q): negative value %s", s, q.Value)
		}
		if utf8.RuneCountInString(q.Unit) > 4 || strings.IndexFunc(q.Unit, unicode.IsDigit) >= 0 {
			t.Fatalf("ParseQuantity(%q): unit %q", s, q.Unit)
		}
		met, comparable := q.Meets(*q)
		if !comparable || !met {
			t.Fatalf("ParseQuantity(%q) = %+v meets itself: %v, %v", s, *q, met, comparable)
		}
		// Printed back plainly, the quantity must read back identically.
		printed := q.Value.String() + q.Unit
		if q.Explicit {
			printed = opSymbols[q.Op] + printed
		}
		q2, ok := ParseQuantity(printed)
		if !ok || q2.Op != q.Op || !q2.Value.Equal(q.Value) || q2.Unit != q.Unit || q2.Explicit != q.Explicit {
			t.Fatalf("ParseQuantity(%q) = %+v; reprinted %q reads %+v, %v", s, *q, printed, q2, ok)
		}
	})
}
