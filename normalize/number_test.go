package normalize

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		places int32
	}{
		{"0", "0", 0},
		{"10", "10", 0},
		{"100.0", "100", 1},
		{"98.68", "98.68", 2},
		{"0.00", "0", 2},
		{"11264600.00", "11264600", 2},
		{"1,234,567.89", "1234567.89", 2},
		{"1,000", "1000", 0},
		{"123,456", "123456", 0},
		{"１２３．４５", "123.45", 2},
		{"１，２３４", "1234", 0},
		{"12 345.6", "12345.6", 1},
		{"  42  ", "42", 0},
		{"\u3000７\u3000", "7", 0},
		{"-5", "-5", 0},
		{"- 5.5", "-5.5", 1},
		{"−3", "-3", 0},
		{"+7", "7", 0},
		{"007", "7", 0},
		{"0.00000013", "0.00000013", 8},
		{"123456789012345678901234567890.5", "123456789012345678901234567890.5", 1},
	}
	for _, tt := range tests {
		d, places, err := ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if !d.Equal(decimal.RequireFromString(tt.want)) || places != tt.places {
			t.Errorf("ParseDecimal(%q) = %s, %d; want %s, %d", tt.in, d, places, tt.want, tt.places)
		}
	}
}

func TestParseDecimalErrors(t *testing.T) {
	tests := []struct {
		in    string
		blank bool
		msg   string // a fragment the error must contain
	}{
		{"", true, "blank"},
		{"_", true, "blank"},
		{"——", true, "blank"},
		{"/", true, "blank"},
		{"abc", false, "not a number"},
		{"无", false, "not a number"},
		{"12a", false, "not a number"},
		{"1.2.3", false, "not a number"},
		{"1e5", false, "not a number"},
		{"10%", false, "not a number"},
		{".5", false, "no digits before the point"},
		{"5.", false, "no digits after the point"},
		{"+", false, "no digits"},
		{"--5", false, "not a number"},
		{"1,23", false, "misplaced thousands separator"},
		{"1234,567", false, "misplaced thousands separator"},
		{",123", false, "misplaced thousands separator"},
		{"1,234.5,6", false, "not a number"},
		{"١٢٣", false, "not a number"},
	}
	for _, tt := range tests {
		_, _, err := ParseDecimal(tt.in)
		if err == nil {
			t.Errorf("ParseDecimal(%q) succeeded, want error", tt.in)
			continue
		}
		if errors.Is(err, ErrBlank) != tt.blank {
			t.Errorf("ParseDecimal(%q): errors.Is(ErrBlank) = %v, want %v (%v)", tt.in, !tt.blank, tt.blank, err)
		}
		if !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "number ") {
			t.Errorf("ParseDecimal(%q) error %q, want a number error mentioning %q", tt.in, err, tt.msg)
		}
		if tt.in != "" && !strings.Contains(err.Error(), tt.in) {
			t.Errorf("ParseDecimal(%q) error %q does not quote the input", tt.in, err)
		}
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		places int32
	}{
		{"98.68", "98.68", 2},
		{"98.68%", "98.68", 2},
		{"100.00%", "100", 2},
		{"98.68 %", "98.68", 2},
		{"98.68％", "98.68", 2},
		{"９８．６８％", "98.68", 2},
		{"100", "100", 0},
		{"0.00000013 %", "0.00000013", 8},
	}
	for _, tt := range tests {
		d, places, err := ParsePercent(tt.in)
		if err != nil {
			t.Errorf("ParsePercent(%q): %v", tt.in, err)
			continue
		}
		if !d.Equal(decimal.RequireFromString(tt.want)) || places != tt.places {
			t.Errorf("ParsePercent(%q) = %s, %d; want %s, %d", tt.in, d, places, tt.want, tt.places)
		}
	}
}

func TestParsePercentErrors(t *testing.T) {
	tests := []struct {
		in    string
		blank bool
	}{
		{"", true},
		{"_", true},
		{"%", false},
		{"98.68%%", false},
		{"%98", false},
		{"abc%", false},
		{"98‰", false},
	}
	for _, tt := range tests {
		_, _, err := ParsePercent(tt.in)
		if err == nil {
			t.Errorf("ParsePercent(%q) succeeded, want error", tt.in)
			continue
		}
		if errors.Is(err, ErrBlank) != tt.blank {
			t.Errorf("ParsePercent(%q): %v; blank = %v, want %v", tt.in, err, !tt.blank, tt.blank)
		}
		if !strings.Contains(err.Error(), tt.in) {
			t.Errorf("ParsePercent(%q) error %q does not quote the input", tt.in, err)
		}
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in, unit string
		want     int64
	}{
		{"0.00", "元", 0},
		{"11264600.00", "元", 1126460000},
		{"768739.55", "元", 76873955},
		{"1,234,567.89", "元", 123456789},
		{"12", "元", 1200},
		{"0.1", "元", 10},
		{"0.01", "元", 1},
		{"1.230", "元", 123},
		{"-5.50", "元", -550},
		{"１２．３４", "元", 1234},
		{"1126.46", "万元", 1126460000},
		{"0.000001", "万元", 1},
		{"1", "万元", 1000000},
		{"3.5", " 万元 ", 3500000},
		{"92233720368547758.07", "元", math.MaxInt64},
		{"-92233720368547758.08", "元", math.MinInt64},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in, tt.unit)
		if err != nil {
			t.Errorf("ParseMoney(%q, %q): %v", tt.in, tt.unit, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseMoney(%q, %q) = %d, want %d", tt.in, tt.unit, got, tt.want)
		}
	}
}

func TestParseMoneyErrors(t *testing.T) {
	tests := []struct {
		in, unit string
		blank    bool
		msg      string
	}{
		{"", "元", true, "blank"},
		{"_", "元", true, "blank"},
		{"abc", "元", false, "not a number"},
		{"12.345", "元", false, "more precise than one fen"},
		{"0.001", "元", false, "more precise than one fen"},
		{"0.0000001", "万元", false, "more precise than one fen"},
		{"92233720368547758.08", "元", false, "out of range"},
		{"-92233720368547758.09", "元", false, "out of range"},
		{"9223372036854.775808", "万元", false, "out of range"},
		{"99999999999999999999999", "元", false, "out of range"},
		{"12", "美元", false, "unknown unit"},
		{"12", "", false, "unknown unit"},
		{"12", "千元", false, "unknown unit"},
	}
	for _, tt := range tests {
		_, err := ParseMoney(tt.in, tt.unit)
		if err == nil {
			t.Errorf("ParseMoney(%q, %q) succeeded, want error", tt.in, tt.unit)
			continue
		}
		if errors.Is(err, ErrBlank) != tt.blank {
			t.Errorf("ParseMoney(%q, %q): %v; blank = %v, want %v", tt.in, tt.unit, err, !tt.blank, tt.blank)
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseMoney(%q, %q) error %q, want it to mention %q", tt.in, tt.unit, err, tt.msg)
		}
	}
}

func TestParseScore(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for nil
	}{
		{"", ""},
		{"_", ""},
		{"—", ""},
		{"/", ""},
		{"12.5", "12.5"},
		{"100.0", "100"},
		{"10.3", "10.3"},
		{"0", "0"},
		{" 30 ", "30"},
		{"９.８５", "9.85"},
	}
	for _, tt := range tests {
		got, err := ParseScore(tt.in)
		if err != nil {
			t.Errorf("ParseScore(%q): %v", tt.in, err)
			continue
		}
		switch {
		case tt.want == "" && got != nil:
			t.Errorf("ParseScore(%q) = %s, want nil", tt.in, got)
		case tt.want != "" && (got == nil || !got.Equal(decimal.RequireFromString(tt.want))):
			t.Errorf("ParseScore(%q) = %v, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseScoreErrors(t *testing.T) {
	for _, in := range []string{"无", "abc", "10分", "12.5.1", "(30分)", "1o"} {
		got, err := ParseScore(in)
		if err == nil {
			t.Errorf("ParseScore(%q) = %v, want error", in, got)
			continue
		}
		if got != nil || !strings.Contains(err.Error(), in) {
			t.Errorf("ParseScore(%q) = %v, %q; want nil and an error quoting the input", in, got, err)
		}
	}
}
