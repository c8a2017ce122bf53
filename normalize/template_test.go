package normalize

import (
	"reflect"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// builtin returns a shipped template by name.
func builtin(t *testing.T, name string) *template.Template {
	t.Helper()
	ts, err := template.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range ts {
		if tmpl.Name == name {
			return tmpl
		}
	}
	t.Fatalf("no template %s", name)
	return nil
}

func TestCleanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"培训人次", "培训人次"},
		{"指标1：培训人次", "培训人次"},
		{"指标 12、培训人次", "培训人次"},
		{"★培训人次", "培训人次"},
		{"☆ 指标3.培训人次", "培训人次"},
		{"指标2", ""},
		{"指标", ""},
		{"……", ""},
		{"指标体系完善度", "指标体系完善度"},
		{"指标1达成率", "指标1达成率"},
	}
	for _, tt := range tests {
		if got := cleanName(Squeeze(tt.in)); got != tt.want {
			t.Errorf("cleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	for s, want := range map[string]bool{
		"(≥**平方米)": true, "≥**%": true, "……": true, "...": true, "…": true, "。。。": true,
		"": false, "/": false, "—": false, "≥95%": false, "完成": false, "2*3": false,
	} {
		if got := placeholder(s); got != want {
			t.Errorf("placeholder(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestReadIndicatorsPlaceholders(t *testing.T) {
	raw := extract.RawForm{Indicators: []extract.RawIndicator{
		{Line: 1, Labels: []string{"产出指标", "数量指标"}, Name: "指标1：运维站点数量", Target: "=12个", Actual: "12", Weight: "20", Score: "20"},
		{Line: 2, Labels: []string{"产出指标", "成本指标"}, Name: "指标2", Target: "(≥**平方米)", Actual: "……", Weight: "—", Score: "-"},
		{Line: 3, Labels: []string{"效益指标", "生态效益指标"}, Name: "★化学需氧量削减量", Target: "≥300吨", Actual: "286", Weight: "30", Score: "28.6", Note: "……"},
	}}
	var f Form
	readIndicators(&f, &raw, template.National(), nil)
	type row struct {
		name, target, actual, weight, score, note, level2 string
	}
	var got []row
	for _, ind := range f.Indicators {
		got = append(got, row{ind.Name, ind.Target, ind.Actual, decString(ind.Weight), decString(ind.Score), ind.Note, ind.Level2})
	}
	want := []row{
		{"运维站点数量", "=12个", "12", "20", "20", "", "数量指标"},
		{"", "", "", "", "", "", "成本指标"},
		{"化学需氧量削减量", "≥300吨", "286", "30", "28.6", "", "生态效益指标"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("indicators\n got %+v\nwant %+v", got, want)
	}
	if len(f.Notes) != 0 {
		t.Errorf("notes %+v, want none: blank marks are no unreadable numbers", f.Notes)
	}
}

func TestSubRows(t *testing.T) {
	raw := extract.RawForm{Indicators: []extract.RawIndicator{
		{Line: 1, Labels: []string{"产出指标", "数量指标"}, Name: "新建产业路里程", Target: "≥12公里", Actual: "12.3公里", Weight: "20", Score: "20"},
		{Line: 2, Name: "其中：村组道路", Target: "≥8公里", Actual: "8.1公里", Weight: "—", Score: "—"},
		{Line: 3, Name: "其中道路硬化率", Target: "≥90%", Actual: "95%", Weight: "10", Score: "10"},
	}}
	for _, c := range []struct {
		template string
		want     []bool
	}{{"xianjie", []bool{false, true, true}}, {"national", []bool{false, false, false}}} {
		var f Form
		readIndicators(&f, &raw, builtin(t, c.template), nil)
		var got []bool
		for _, ind := range f.Indicators {
			got = append(got, ind.Sub)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: sub-rows %v, want %v", c.template, got, c.want)
		}
		if f.Indicators[1].Level2 != "数量指标" {
			t.Errorf("%s: a sub-row falls under %q, want the 二级指标 of the row above", c.template, f.Indicators[1].Level2)
		}
	}
}

// TestRowLabelWeight: the weight printed with the indicator table's row
// label is no 一级指标's, and a 二级指标 one edit away from that label
// (时效指标, 绩效指标) stays a 二级指标.
func TestRowLabelWeight(t *testing.T) {
	raw := extract.RawForm{Indicators: []extract.RawIndicator{
		{Line: 1, Labels: []string{"绩效指标（90分）", "产出指标", "数量指标"}, Name: "覆盖率", Target: "=100%", Actual: "100", Weight: "45", Score: "45"},
		{Line: 2, Labels: []string{"绩效指标（90分）", "产出指标", "时效指标"}, Name: "按时发放率", Target: "=100%", Actual: "100", Weight: "45", Score: "45"},
	}}
	var f Form
	readIndicators(&f, &raw, builtin(t, "sichuan"), nil)
	if got := level2Of(f); !reflect.DeepEqual(got, []string{"数量指标", "时效指标"}) {
		t.Errorf("level2 %q", got)
	}
	for _, ind := range f.Indicators {
		if ind.Level1Weight != nil {
			t.Errorf("%s: 一级指标 weight %s from the row label", ind.Name, ind.Level1Weight)
		}
	}
	if len(f.Sections) != 1 || f.Sections[0].Weight != nil {
		t.Errorf("sections %+v, want 产出指标 without a weight", f.Sections)
	}
}

func TestReadTotalGrade(t *testing.T) {
	tests := []struct {
		score, note, wantScore, wantGrade string
	}{
		{"92.5", "优", "92.5", "优"},
		{"92.5(优)", "", "92.5", "优"},
		{"86.00 良好", "", "86", "良好"},
		{"92.5", "等级：优秀", "92.5", "优秀"},
		{"92.5", "（中）", "92.5", "中"},
		{"92.5", "偏差说明", "92.5", ""},
		{"—", "", "", ""},
	}
	for _, tt := range tests {
		var f Form
		readTotal(&f, &extract.RawForm{Total: &extract.RawTotal{Line: 9, Labelled: true, Weight: "100", Score: tt.score, Note: tt.note}})
		if decString(f.TotalScore) != tt.wantScore || f.Grade != tt.wantGrade || len(f.Notes) != 0 {
			t.Errorf("score %q note %q: total %q grade %q notes %v, want %q %q", tt.score, tt.note, decString(f.TotalScore), f.Grade, f.Notes, tt.wantScore, tt.wantGrade)
		}
	}
}

func TestFractionRates(t *testing.T) {
	tests := []struct {
		printed, rate string
		places        int32
	}{
		{"0.9868", "98.68", 2},
		{"1.0000", "100", 2},
		{"0.0000", "0", 2},
		{"0.95", "95", 0},
		{"98.68", "98.68", 2},
		{"98.68%", "98.68", 2},
		{"0.50%", "0.5", 2}, // a percent sign says it is a percentage
		{"1", "1", 0},       // no places: a whole percent
		{"0.5", "0.5", 1},   // one place: too coarse for a fraction
	}
	for _, tt := range tests {
		var f Form
		got, places := readPercent(&f, tt.printed, "执行率", 1, extract.Place{Funds: 1, Column: template.ColRate})
		if decString(got) != tt.rate || places != tt.places {
			t.Errorf("readPercent(%q) = %s with %d places, want %s with %d", tt.printed, decString(got), places, tt.rate, tt.places)
		}
	}
}

func TestCodeInName(t *testing.T) {
	tests := []struct {
		template, code, name, wantCode, wantName string
	}{
		{"sichuan", "", "51000021R000000019951-工资性支出", "51000021R000000019951", "工资性支出"},
		{"sichuan", "", "51000021R000000019951－工资性支出", "51000021R000000019951", "工资性支出"},
		{"sichuan", "5100", "51000021R000000019951-工资性支出", "5100", "51000021R000000019951-工资性支出"},
		{"sichuan", "", "2023-工资性支出", "", "2023-工资性支出"},
		{"national", "", "51000021R000000019951-工资性支出", "", "51000021R000000019951-工资性支出"},
	}
	for _, tt := range tests {
		var f Form
		raw := headerForm{code: tt.code, name: tt.name}.raw(1)
		readHeader(&f, &raw, builtin(t, tt.template))
		if f.ProjectCode != tt.wantCode || f.ProjectName != tt.wantName {
			t.Errorf("%s %q %q: code %q name %q, want %q %q", tt.template, tt.code, tt.name, f.ProjectCode, f.ProjectName, tt.wantCode, tt.wantName)
		}
	}
}

// TestBatchTemplates: each form is read with its own template, weights
// come from it, and codes are compared with the codes of the same template.
func TestBatchTemplates(t *testing.T) {
	national, sichuan := builtin(t, "national"), builtin(t, "sichuan")
	raws := []extract.RawForm{
		headerForm{code: "440300241113100002004", name: "甲"}.raw(1),
		headerForm{name: "51000021R000000019951-乙"}.raw(2),
		headerForm{code: "4403002411131", name: "丙"}.raw(3),
		headerForm{name: "510000210000000199-丁"}.raw(4),
	}
	raws[0].Template, raws[1].Template, raws[2].Template, raws[3].Template = national, sichuan, national, sichuan
	forms := Batch(raws, Options{})
	var got []string
	for _, f := range forms {
		got = append(got, f.Template+" "+f.ProjectCode+" "+f.ProjectName)
	}
	want := []string{"national 440300241113100002004 甲", "sichuan 51000021R000000019951 乙", "national 4403002411131 丙", "sichuan 510000210000000199 丁"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("forms %q, want %q", got, want)
	}
	if !forms[2].CodeTruncated || !forms[3].CodeTruncated || forms[0].CodeTruncated || forms[1].CodeTruncated {
		t.Errorf("truncated %v %v %v %v: the short code of each template is", forms[0].CodeTruncated, forms[1].CodeTruncated, forms[2].CodeTruncated, forms[3].CodeTruncated)
	}
	if w := forms[0].Weights; decString(w.Budget) != "10" || decString(w.Total) != "100" || decString(w.Level1["效益指标"]) != "30" {
		t.Errorf("national weights %+v", w)
	}
	if w := forms[1].Weights; decString(w.Budget) != "10" || w.Level1 != nil {
		t.Errorf("sichuan weights %+v", w)
	}
	// A choice given as the batch's template reads a form without one of
	// its own with its first variant.
	choice, err := template.Default()
	if err != nil {
		t.Fatal(err)
	}
	if f := Batch([]extract.RawForm{headerForm{name: "甲"}.raw(1)}, Options{Template: choice}); f[0].Template != "national" {
		t.Errorf("read as %s", f[0].Template)
	}
}

func TestReadFundsOwnLines(t *testing.T) {
	raw := fundsRaw("年度预算数（万元）",
		extract.RawFunds{Label: "总额", Values: []string{"120.00", "135.50", "128.73", "95.00%", "10", "9.5"}},
		extract.RawFunds{Label: "其中：财政资金", Values: []string{"100.00", "115.50", "110.25", "95.45%", "/", "/"}},
		extract.RawFunds{Label: "财政专户管理资金", Values: []string{"20.00", "20.00", "18.48", "92.40%", "—", "—"}},
	)
	var f Form
	readFunds(&f, &raw, builtin(t, "sichuan"))
	type line struct{ line, label, partOf, budget, weight, rate string }
	var got []line
	for _, l := range f.Funds {
		got = append(got, line{l.Line, l.Label, l.PartOf, fenString(l.Budget), decString(l.Weight), decString(l.Rate)})
	}
	want := []line{
		{"total", "总额", "", "135500000", "10", "95"},
		{"fiscal", "其中:财政资金", "total", "115500000", "", "95.45"},
		{"special_account", "财政专户管理资金", "total", "20000000", "", "92.4"},
	}
	if !reflect.DeepEqual(got, want) || f.AmountUnit != "万元" || len(f.Notes) != 0 {
		t.Errorf("funds %+v in %s, notes %v\nwant %+v", got, f.AmountUnit, f.Notes, want)
	}
}

func TestGoalsSubheaderOfTemplate(t *testing.T) {
	raw := extract.RawForm{Goals: goalRows("项目基本情况|项目年度目标|年度目标完成情况", "项目基本情况|保障工资按时发放|已按时发放")}
	var f Form
	got := readGoals(&f, &raw, builtin(t, "sichuan"))
	if len(got) != 1 || got[0].Expected != "保障工资按时发放" || got[0].Actual != "已按时发放" {
		t.Errorf("goals %+v", got)
	}
}
