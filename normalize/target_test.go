package normalize

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in       string
		op       Op
		value    string
		unit     string
		explicit bool
	}{
		// Examples from the seed data.
		{"≥10万卷/件", GE, "100000", "卷/件", true},
		{"合格率≥98%", GE, "98", "%", true},
		{"合格率≥ 98%", GE, "98", "%", true},
		{"90%以上", GE, "90", "%", true},
		{"3个月内", LE, "3", "个月", true},
		{"≤5天", LE, "5", "天", true},
		{"≤ 3天", LE, "3", "天", true},
		{"2小时之内", LE, "2", "小时", true},
		{"≥1000↑", GE, "1000", "↑", true},
		{"166037卷/件", EQ, "166037", "卷/件", false},
		{"0.00000013%", EQ, "0.00000013", "%", false},
		{"0.00000013 %", EQ, "0.00000013", "%", false},
		{"100次", EQ, "100", "次", false},
		{"0次", EQ, "0", "次", false},
		{"100%", EQ, "100", "%", false},
		{"2个", EQ, "2", "个", false},
		{"≥95%", GE, "95", "%", true},
		{"≤5%", LE, "5", "%", true},
		{"€3", LE, "3", "", true},
		{"≥240", GE, "240", "", true},
		{"<20份", LT, "20", "份", true},
		{">15人", GT, "15", "人", true},
		{"＞15人", GT, "15", "人", true},
		{"＜30个月", LT, "30", "个月", true},
		{"大于等于4篇", GE, "4", "篇", true},
		{"小于等于4篇", LE, "4", "篇", true},
		{"不少于8篇", GE, "8", "篇", true},
		{"不少于12个", GE, "12", "个", true},
		{"少于10次", LT, "10", "次", true},
		{"小于20次", LT, "20", "次", true},
		{"12.5", EQ, "12.5", "", false},
		// Every comparator word.
		{"不低于90%", GE, "90", "%", true},
		{"至少3次", GE, "3", "次", true},
		{"达到95%", GE, "95", "%", true},
		{"用户评价'满意' 及以上程 度达90%", GE, "90", "%", true},
		{"不超过5天", LE, "5", "天", true},
		{"不高于5%", LE, "5", "%", true},
		{"不多于3次", LE, "3", "次", true},
		{"最多3次", LE, "3", "次", true},
		{"大于3次", GT, "3", "次", true},
		{"超过3次", GT, "3", "次", true},
		{"高于80%", GT, "80", "%", true},
		{"低于5%", LT, "5", "%", true},
		{"=100%", EQ, "100", "%", true},
		{"<=10天", LE, "10", "天", true},
		{">=10天", GE, "10", "天", true},
		{"≧10天", GE, "10", "天", true},
		{"5天以下", LE, "5", "天", true},
		{"5天以内", LE, "5", "天", true},
		{"95%及以上", GE, "95", "%", true},
		{"≥90%以上", GE, "90", "%", true},
		// Multipliers.
		{"3千", EQ, "3000", "", false},
		{"2万人次", EQ, "20000", "人次", false},
		{"1.5亿元", EQ, "150000000", "元", false},
		{"3百万", EQ, "3000000", "", false},
		{"5百分点", EQ, "5", "百分点", false},
		// Thousands separators and full-width digits.
		{"≥1,000次", GE, "1000", "次", true},
		{"≥１００次", GE, "100", "次", true},
		{"3年", EQ, "3", "年", false},
		{"1000年", EQ, "1000", "年", false},
	}
	for _, tt := range tests {
		q, ok := ParseQuantity(tt.in)
		if !ok {
			t.Errorf("ParseQuantity(%q) failed", tt.in)
			continue
		}
		if q.Op != tt.op || !q.Value.Equal(decimal.RequireFromString(tt.value)) || q.Unit != tt.unit || q.Explicit != tt.explicit {
			t.Errorf("ParseQuantity(%q) = %+v, want {%s %s %q explicit=%v}", tt.in, *q, tt.op, tt.value, tt.unit, tt.explicit)
		}
	}
}

func TestParseQuantityRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"完成",
		"/",
		"无",
		"100%完成", // a clause, not a unit
		"2024年底",
		"2024年12月",
		"2023年12月31日前",
		"不超过2024年预算金额",
		"2024年",
		"半年6次,一年12次",
		"半年6次, 一年12次",
		"每季度1次",
		"每月1次",
		"安全培训1次",
		"第八批确 定资助课 题25个",
		"应急演练4 次",
		"年度1份",
		"完成1份",
		"参与招聘 的外地来 深博士2名",
		"不少于2人(含参 加招聘人数)",
		"(30分)",
		"5天到10天",
		"5-10天",
		"1,23次",
		"5.次",
		"≥5以内",
		"6月底",
		"≥5个工作日完成",
		"5万万万",
		"-5",
		"≥≥5",
		"5≥",
		"5以上以上",
		"新自 1777年",
		"合格率≥98%,完成率≥90%",
	} {
		if q, ok := ParseQuantity(in); ok || q != nil {
			t.Errorf("ParseQuantity(%q) = %+v, %v; want nil, false", in, q, ok)
		}
	}
}

func TestTargetYear(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"2023年12月31日前", 2023},
		{"不超过2024年预算金额", 2024},
		{"2024年底", 2024},
		{"2024 年底", 2024},
		{"２０２４年底", 2024},
		{"1999年", 1999},
		{"2024年度项目支出", 2024},
		{"自2023年至2025年", 2023},
		{"2024", 0},
		{"完成", 0},
		{"", 0},
		{"3年", 0},
		{"1777年", 0},
		{"12024年", 0},
		{"2100年", 0},
		{"100次", 0},
	}
	for _, tt := range tests {
		if got := TargetYear(tt.in); got != tt.want {
			t.Errorf("TargetYear(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestMeets(t *testing.T) {
	q := func(op Op, v, unit string, explicit bool) Quantity {
		return Quantity{Op: op, Value: decimal.RequireFromString(v), Unit: unit, Explicit: explicit}
	}
	tests := []struct {
		name            string
		actual, target  Quantity
		met, comparable bool
	}{
		{"ge met", q(EQ, "100", "%", false), q(GE, "90", "%", true), true, true},
		{"ge equal", q(EQ, "90", "%", false), q(GE, "90", "%", true), true, true},
		{"ge missed", q(EQ, "89.9", "%", false), q(GE, "90", "%", true), false, true},
		{"le met", q(EQ, "3", "天", false), q(LE, "5", "天", true), true, true},
		{"le equal", q(EQ, "5", "天", false), q(LE, "5", "天", true), true, true},
		{"le missed", q(EQ, "6", "天", false), q(LE, "5", "天", true), false, true},
		{"gt met", q(EQ, "16", "人", false), q(GT, "15", "人", true), true, true},
		{"gt equal missed", q(EQ, "15", "人", false), q(GT, "15", "人", true), false, true},
		{"lt met", q(EQ, "19", "份", false), q(LT, "20", "份", true), true, true},
		{"lt equal missed", q(EQ, "20", "份", false), q(LT, "20", "份", true), false, true},
		{"eq explicit met", q(EQ, "100", "%", false), q(EQ, "100", "%", true), true, true},
		{"eq explicit missed above", q(EQ, "101", "%", false), q(EQ, "100", "%", true), false, true},
		{"implicit target is at least", q(EQ, "3", "个", false), q(EQ, "2", "个", false), true, true},
		{"implicit target equal", q(EQ, "2", "个", false), q(EQ, "2", "个", false), true, true},
		{"implicit target missed", q(EQ, "1", "个", false), q(EQ, "2", "个", false), false, true},
		{"exact decimals", q(EQ, "0.00000013", "%", false), q(EQ, "0.00000013", "%", false), true, true},
		{"actual with comparator", q(GE, "98", "%", true), q(GE, "95", "%", true), true, true},
		{"actual with comparator missed", q(LE, "4", "%", true), q(GE, "95", "%", true), false, true},
		{"units differ", q(EQ, "3", "天", false), q(LE, "5", "个月", true), false, false},
		{"actual unit empty", q(EQ, "3", "", false), q(LE, "5", "天", true), true, true},
		{"target unit empty", q(EQ, "3", "次", false), q(LE, "5", "", true), true, true},
		{"both units empty", q(EQ, "300", "", false), q(GE, "240", "", true), true, true},
		{"unknown op", q(EQ, "3", "", false), Quantity{Op: "~", Value: decimal.NewFromInt(3), Explicit: true}, false, false},
		{"bound repeats the target", q(LT, "20", "次", true), q(LT, "20", "次", true), true, true},
		{"tighter bound", q(LE, "2", "天", true), q(LE, "3", "天", true), true, true},
		{"strict bound within closed", q(LT, "3", "天", true), q(LE, "3", "天", true), true, true},
		{"closed bound not within strict", q(LE, "3", "天", true), q(LT, "3", "天", true), false, false},
		{"bound on the wrong side", q(GE, "5", "", true), q(LE, "3", "", true), false, true},
		{"touching strict bounds", q(GT, "3", "", true), q(LE, "3", "", true), false, true},
		{"bound that may or may not meet", q(LE, "5", "", true), q(GE, "3", "", true), false, false},
		{"bound against a bare target", q(GE, "98", "%", true), q(EQ, "98", "%", false), true, true},
	}
	for _, tt := range tests {
		met, comparable := tt.actual.Meets(tt.target)
		if met != tt.met || comparable != tt.comparable {
			t.Errorf("%s: Meets = %v, %v; want %v, %v", tt.name, met, comparable, tt.met, tt.comparable)
		}
	}
}

// TestMeetsParsed runs Meets on pairs printed as in the seed data.
func TestMeetsParsed(t *testing.T) {
	tests := []struct {
		actual, target  string
		met, comparable bool
	}{
		{"100%", "≥90%", true, true},
		{"98%", "合格率≥98%", true, true},
		{"2个", "2个", true, true},
		{"1个", "2个", false, true},
		{"3天", "≤5天", true, true},
		{"2个月", "3个月内", true, true},
		{"4个月", "3个月内", false, true},
		{"12万卷/件", "≥10万卷/件", true, true},
		{"166037卷/件", "≥10万卷/件", true, true},
		{"99999卷/件", "≥10万卷/件", false, true},
		{"6%", "≤5%", false, true},
		{"3天", "3个月内", false, false},
	}
	for _, tt := range tests {
		a, ok := ParseQuantity(tt.actual)
		if !ok {
			t.Fatalf("ParseQuantity(%q) failed", tt.actual)
		}
		g, ok := ParseQuantity(tt.target)
		if !ok {
			t.Fatalf("ParseQuantity(%q) failed", tt.target)
		}
		met, comparable := a.Meets(*g)
		if met != tt.met || comparable != tt.comparable {
			t.Errorf("%q meets %q = %v, %v; want %v, %v", tt.actual, tt.target, met, comparable, tt.met, tt.comparable)
		}
	}
}
