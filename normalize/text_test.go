package normalize

import "testing"

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"abc", "abc"},
		{"（一期）", "(一期)"},
		{"项目编码：4403", "项目编码:4403"},
		{"ＡＢＣ１２３", "ABC123"},
		{"９８．６８％", "98.68%"},
		{"a b", "a b"},
		{"ab ", "ab"},
		{" ab", "ab"},
		{"a\u3000b", "a b"},
		{"a\u00a0\u00a0b", "a b"},
		{"a \t\n b", "a b"},
		{"  \t lead and trail \u3000 ", "lead and trail"},
		{"\u3000", ""},
		{"＞＝", ">="},
		{"\xf6ʰ", "\uFFFDh"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSqueeze(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"国土空间基础信息 平台升级及场景应 用建设 (一期)", "国土空间基础信息平台升级及场景应用建设(一期)"},
		{"2024年12 月", "2024年12月"},
		{"0.00000013 %", "0.00000013%"},
		{"小程序 H5 改造", "小程序H5改造"},
		{"X X W", "X X W"},
		{"12 345.6", "12 345.6"},
		{"合格率≥ 98%", "合格率≥98%"},
		{"≤ 3天", "≤3天"},
		{"应急演练4 次", "应急演练4次"},
		{"（一期） ", "(一期)"},
		{" a ", "a"},
		{"", ""},
		{"p ´", "ṕ"},
		{"g p ´", "gṕ"},
		{"中 ¨", "中\u0308"}, // NFKC of ¨ brings back a space
	}
	for _, tt := range tests {
		if got := Squeeze(tt.in); got != tt.want {
			t.Errorf("Squeeze(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFixComparators(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"€3", "≤3"},
		{"≼5天", "≤5天"},
		{"≪5%", "≤5%"},
		{"⩽5%", "≤5%"},
		{"≽90%", "≥90%"},
		{"≫90%", "≥90%"},
		{"⩾90%", "≥90%"},
		{"<=10", "≤10"},
		{">=10", "≥10"},
		{"≦10", "≤10"},
		{"≧10", "≥10"},
		{"<10", "<10"},
		{">10", ">10"},
		{"=10", "=10"},
		{"≥98%", "≥98%"},
		{"无", "无"},
	}
	for _, tt := range tests {
		if got := FixComparators(tt.in); got != tt.want {
			t.Errorf("FixComparators(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsBlank(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{" ", true},
		{"\u3000", true},
		{"_", true},
		{"__", true},
		{"—", true},
		{"——", true},
		{"-", true},
		{"–", true},
		{"/", true},
		{"\\", true},
		{"－", true},
		{"／", true},
		{" _ ", true},
		{"无", false},
		{"0", false},
		{"0.00", false},
		{"_1", false},
		{"a", false},
	}
	for _, tt := range tests {
		if got := IsBlank(tt.in); got != tt.want {
			t.Errorf("IsBlank(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
