package normalize

import (
	"reflect"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// labelRow is one indicator row for the label tests. label is what the label
// columns print ("" for nothing, several labels separated by |); a row
// without name and target and with weight 0 is a placeholder.
type labelRow struct {
	label, name, target string
	brk                 bool
}

// labelRows builds raw indicator rows on lines 101, 102, ...
func labelRows(rows ...labelRow) extract.RawForm {
	var raw extract.RawForm
	for i, s := range rows {
		ind := extract.RawIndicator{Line: 101 + i, Page: 1, Break: s.brk, Name: s.name, Target: s.target, Actual: "完成", Weight: "5", Score: "5"}
		if s.label != "" {
			ind.Labels = strings.Split(s.label, "|")
		}
		if s.name == "" && s.target == "" {
			ind.Actual, ind.Weight, ind.Score = "/", "0", "0"
		}
		raw.Indicators = append(raw.Indicators, ind)
	}
	return raw
}

func level2Of(f Form) []string {
	var out []string
	for _, ind := range f.Indicators {
		out = append(out, ind.Level2)
	}
	return out
}

// nOf lists level2 n times, for readable expectations.
func nOf(level2 string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = level2
	}
	return out
}

func joinLists(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func readLabelRows(rows ...labelRow) Form {
	raw := labelRows(rows...)
	var f Form
	readIndicators(&f, &raw, template.National(), nil)
	return f
}

func TestReadIndicatorsRepairsCells(t *testing.T) {
	raw := extract.RawForm{Indicators: []extract.RawIndicator{
		{Line: 1, Labels: []string{"产出指标 (50分)", "时效指标"}, Name: "完成小程序H5改造 的建设", Target: "2024年12 月", Actual: "2024年11月 底", Weight: "10", Score: "9.5", Note: "偶有 延迟"},
		{Line: 2, Labels: []string{"质量指标"}, Name: "千行代码缺陷数", Target: "€3", Actual: "≼2", Weight: "10", Score: "10"},
		{Line: 3, Labels: []string{"成本指标"}, Name: "实际支出", Target: "预算范围 内", Actual: "≪项目年度预算", Weight: "l0", Score: "_"},
	}}
	var f Form
	readIndicators(&f, &raw, template.National(), nil)
	type row struct{ Name, Target, Actual, Weight, Score, Note string }
	want := []row{
		{"完成小程序H5改造的建设", "2024年12月", "2024年11月底", "10", "9.5", "偶有延迟"},
		{"千行代码缺陷数", "≤3", "≤2", "10", "10", ""},
		{"实际支出", "预算范围内", "≤项目年度预算", "", "", ""},
	}
	var got []row
	for _, ind := range f.Indicators {
		got = append(got, row{ind.Name, ind.Target, ind.Actual, decString(ind.Weight), decString(ind.Score), ind.Note})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("indicators\n got %+v\nwant %+v", got, want)
	}
	if y := f.Indicators[0].TargetYear; y != 2024 {
		t.Errorf("target year %d, want 2024", y)
	}
	if q := f.Indicators[1].TargetQ; q == nil || q.Op != LE || !q.Value.Equal(decimal.NewFromInt(3)) {
		t.Errorf("target %+v, want ≤ 3", q)
	}
	if q := f.Indicators[1].ActualQ; q == nil || q.Op != LE || !q.Value.Equal(decimal.NewFromInt(2)) {
		t.Errorf("actual %+v, want ≤ 2", q)
	}
	var unreadable []Note
	for _, n := range f.Notes {
		if n.Code == "field.unreadable" {
			unreadable = append(unreadable, n)
		}
	}
	if len(unreadable) != 1 || unreadable[0].Printed != "l0" || unreadable[0].Line != 3 || unreadable[0].Field != "实际支出 分值" {
		t.Errorf("notes %+v, want one field.unreadable for the weight l0 on line 3", f.Notes)
	}
}

func TestReadRowLabels(t *testing.T) {
	tests := []struct {
		labels       []string
		level2       string
		level1       string
		weight       string
		weightLevel1 string
		garbled      bool
	}{
		{[]string{"产出指标 (50分)", "数量指标"}, "数量指标", "产出指标", "50", "产出指标", false},
		{[]string{"（30分）", "生态效益指标"}, "生态效益指标", "", "30", "", false},
		{[]string{"满意度指标"}, "", "满意度指标", "", "", false},
		{[]string{"年度绩效指标", "成本指标"}, "成本指标", "", "", "", false},
		{[]string{"服务对象满意度指 标"}, "服务对象满意度指标", "", "", "", false},
		{[]string{"服务对象满意度指"}, "服务对象满意度指标", "", "", "", false},
		{[]string{"数星指标"}, "数量指标", "", "", "", false},
		{[]string{"X X W. X.", "灰星 1400"}, "", "", "", "", true},
		{[]string{"在安效鱼组体"}, "", "", "", "", true},
		{[]string{"-", "(10分)"}, "", "", "10", "", false},
		{nil, "", "", "", "", false},
	}
	nat := template.National()
	for _, tt := range tests {
		rl := readRowLabels(extract.RawIndicator{Labels: tt.labels}, nat)
		level2 := ""
		if rl.level2 >= 0 {
			level2 = nat.Level2Names()[rl.level2]
		}
		got := []any{level2, rl.level1, decString(rl.weight), rl.weightLevel1, rl.garbled}
		want := []any{tt.level2, tt.level1, tt.weight, tt.weightLevel1, tt.garbled}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("readRowLabels(%q) = %v, want %v", tt.labels, got, want)
		}
	}
}

func TestAssignLevel2(t *testing.T) {
	tests := []struct {
		name string
		rows []labelRow
		want []string
	}{
		{
			// A naive reading gives rows 5-7 to 数量指标, the label above them.
			name: "label at the middle of its span",
			rows: []labelRow{
				{"", "甲", "", false}, {"数量指标", "乙", "", false}, {"", "丙", "", false}, {"", "丁", "", false}, {"", "戊", "", false},
				{"", "己", "", false}, {"", "庚", "", false}, {"", "辛", "", false}, {"质量指标", "壬", "", false}, {"", "癸", "", false},
			},
			want: joinLists(nOf("数量指标", 5), nOf("质量指标", 5)),
		},
		{
			name: "rows above the first label",
			rows: []labelRow{
				{"", "甲", "", false}, {"", "乙", "", false}, {"", "丙", "", false}, {"数量指标", "丁", "", false},
				{"", "戊", "", false}, {"", "己", "", false}, {"", "庚", "", false}, {"质量指标", "辛", "", false},
			},
			want: joinLists(nOf("数量指标", 7), nOf("质量指标", 1)),
		},
		{
			// The 质量指标 label stands in the middle of its rows on the
			// first page; its rows go on after the page break.
			name: "page break splits a span",
			rows: []labelRow{
				{"数量指标", "甲", "", false}, {"", "乙", "", false}, {"", "丙", "", false}, {"质量指标", "丁", "", false},
				{"", "戊", "", true}, {"", "己", "", false}, {"", "庚", "", false}, {"", "辛", "", false}, {"", "壬", "", false}, {"", "癸", "", false},
			},
			want: joinLists(nOf("数量指标", 3), nOf("质量指标", 7)),
		},
		{
			name: "placeholder row is a span of its own",
			rows: []labelRow{
				{"数量指标", "甲", "", false}, {"", "乙", "", false}, {"经济效益指标", "", "", false},
				{"", "丙", "", false}, {"社会效益指标", "丁", "", false}, {"", "戊", "", false},
			},
			want: joinLists(nOf("数量指标", 2), []string{"经济效益指标"}, nOf("社会效益指标", 3)),
		},
		{
			name: "hint in the name breaks a tie",
			rows: []labelRow{{"数量指标", "甲", "", false}, {"", "验收通过率", "", false}, {"质量指标", "乙", "", false}},
			want: []string{"数量指标", "质量指标", "质量指标"},
		},
		{
			name: "hint in the target breaks a tie",
			rows: []labelRow{{"数量指标", "甲", "", false}, {"", "系统运行", "≥98%", false}, {"质量指标", "乙", "", false}},
			want: []string{"数量指标", "质量指标", "质量指标"},
		},
		{
			name: "without a hint rows stay with the label above",
			rows: []labelRow{{"数量指标", "甲", "", false}, {"", "丙", "", false}, {"质量指标", "乙", "", false}},
			want: []string{"数量指标", "数量指标", "质量指标"},
		},
		{
			// Seed form 1, lines 15-20.
			name: "garbled label between two clean ones",
			rows: []labelRow{
				{"数量指标", "完成小程序H5改造的建设数量", "2个", false},
				{"质量指标", "年度建设内容需求通过率", "100%", false},
				{"X X W. X.|灰星 1400", "项目概要设计通过率", "100%", false},
				{"产出指标 (50分)", "空间核查应用拓展预计完成时间", "2024年底", false},
				{"时效指标", "初步建成国土空间规划数字化传导管控数据库预计完成时间", "2024年底", false},
				{"年度绩效指标|成本指标", "2024年度项目支出", "不超过2024年预算金额", false},
			},
			want: []string{"数量指标", "质量指标", "质量指标", "时效指标", "时效指标", "成本指标"},
		},
		{
			name: "no label at all",
			rows: []labelRow{{"产出指标", "甲", "", false}, {"", "乙", "", false}},
			want: []string{"", ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readLabelRows(tt.rows...)
			if got := level2Of(f); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("level2\n got %q\nwant %q", got, tt.want)
			}
			nat := template.National()
			for i, ind := range f.Indicators {
				if want, _ := nat.Level1Of(ind.Level2); ind.Level2 != "" && ind.Level1 != want {
					t.Errorf("row %d: level1 %q for %s, want %q", i+1, ind.Level1, ind.Level2, want)
				}
			}
		})
	}
}

func TestInferGarbledLabels(t *testing.T) {
	tests := []struct {
		name      string
		rows      []labelRow
		want      []string
		wantNotes []int // lines of indicator.label_inferred notes
	}{
		{
			// Seed form 6, lines 178-182.
			name: "the one label missing between its neighbours",
			rows: []labelRow{
				{"效益指标|经济效益指标", "", "", false}, {"在安效鱼组体", "业务协同能力", "提升", false},
				{"", "数据共享服务", "提升", false}, {"(30分)|生态效益指标", "", "", false}, {"可持续影响指标", "", "", false},
			},
			want:      []string{"经济效益指标", "社会效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"},
			wantNotes: []int{102},
		},
		{
			name: "two garbled rows in one gap",
			rows: []labelRow{
				{"经济效益指标", "", "", false}, {"在安效鱼组体", "业务协同能力", "提升", false},
				{"灰星 1400", "数据共享服务", "提升", false}, {"生态效益指标", "", "", false},
			},
			want:      []string{"经济效益指标", "社会效益指标", "社会效益指标", "生态效益指标"},
			wantNotes: []int{102},
		},
		{
			name: "two labels missing",
			rows: []labelRow{{"数量指标", "甲", "", false}, {"灰星 1400", "乙", "", false}, {"成本指标", "丙", "", false}},
			want: []string{"数量指标", "数量指标", "成本指标"},
		},
		{
			name: "nothing missing",
			rows: []labelRow{{"数量指标", "甲", "", false}, {"质量指标", "乙", "", false}, {"灰星 1400", "丙", "", false}, {"时效指标", "丁", "", false}},
			want: []string{"数量指标", "质量指标", "质量指标", "时效指标"},
		},
		{
			name: "missing label printed elsewhere in the form",
			rows: []labelRow{{"数量指标", "甲", "", false}, {"灰星 1400", "乙", "", false}, {"时效指标", "丙", "", false}, {"质量指标", "丁", "", false}},
			want: []string{"数量指标", "数量指标", "时效指标", "质量指标"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readLabelRows(tt.rows...)
			if got := level2Of(f); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("level2\n got %q\nwant %q", got, tt.want)
			}
			var lines []int
			for _, n := range notesOf(f, "indicator.label_inferred") {
				lines = append(lines, n.Line)
				if n.Used != "社会效益指标" || n.Field != "二级指标" {
					t.Errorf("note %+v", n)
				}
			}
			if !reflect.DeepEqual(lines, tt.wantNotes) {
				t.Errorf("label_inferred notes on lines %v, want %v", lines, tt.wantNotes)
			}
		})
	}
}

// TestBatchKnownLevel2 checks that a name printed beside its own 二级指标
// label in one form decides where the same name goes in another form, and
// outweighs the keywords of the name.
func TestBatchKnownLevel2(t *testing.T) {
	// "员工活动实施效率" holds 率, a 质量指标 keyword.
	ambiguous := labelRows(labelRow{"质量指标", "甲", "", false}, labelRow{"", "员工活动实施效率", "3个月内", false}, labelRow{"时效指标", "乙", "", false})
	under := func(label string) extract.RawForm {
		return labelRows(labelRow{label, "员工活动实施效率", "3个月内", false})
	}
	tests := []struct {
		name string
		raws []extract.RawForm
		want string
	}{
		{"alone: the keyword decides", []extract.RawForm{ambiguous}, "质量指标"},
		{"printed under 时效指标 elsewhere", []extract.RawForm{under("时效指标"), ambiguous}, "时效指标"},
		{"printed after it in the batch", []extract.RawForm{ambiguous, under("时效指标")}, "时效指标"},
		{"printed under two labels", []extract.RawForm{under("质量指标"), ambiguous, under("时效指标")}, "质量指标"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var form Form
			for _, f := range Batch(tt.raws, Options{}) {
				if len(f.Indicators) == 3 {
					form = f
				}
			}
			if got := level2Of(form); !reflect.DeepEqual(got, []string{"质量指标", tt.want, "时效指标"}) {
				t.Errorf("level2 %q, want the middle row under %s", got, tt.want)
			}
		})
	}
}

func TestReadSections(t *testing.T) {
	f := readLabelRows(
		labelRow{"产出指标 (50分)|数量指标", "甲", "", false},
		labelRow{"", "乙", "", false},
		labelRow{"(30分)|社会效益指标", "丙", "", false},
		labelRow{"满意度指标|服务对象满意度指标", "丁", "", false},
	)
	var got []string
	for _, s := range f.Sections {
		got = append(got, s.Name+" "+decString(s.Weight))
	}
	if want := []string{"产出指标 50", "效益指标 30", "满意度指标 "}; !reflect.DeepEqual(got, want) {
		t.Errorf("sections %q, want %q", got, want)
	}
	var weights []string
	for _, ind := range f.Indicators {
		weights = append(weights, ind.Level1+" "+decString(ind.Level1Weight))
	}
	if want := []string{"产出指标 50", "产出指标 50", "效益指标 30", "满意度指标 "}; !reflect.DeepEqual(weights, want) {
		t.Errorf("level1 weights %q, want %q", weights, want)
	}
}

func TestReadTotal(t *testing.T) {
	tests := []struct {
		name             string
		total            *extract.RawTotal
		weight, score    string
		line, unreadable int
	}{
		{"both numbers", &extract.RawTotal{Line: 30, Labelled: true, Weight: "100.0", Score: "92.74"}, "100", "92.74", 30, 0},
		{"only the score", &extract.RawTotal{Line: 30, Labelled: true, Score: "97.56"}, "", "97.56", 30, 0},
		{"blank", &extract.RawTotal{Line: 30, Labelled: true, Score: "_"}, "", "", 30, 0},
		{"label lost", &extract.RawTotal{Line: 31, Weight: "100", Score: "99.98"}, "100", "99.98", 31, 0},
		{"garbled score", &extract.RawTotal{Line: 30, Labelled: true, Weight: "100", Score: "9O.5"}, "100", "", 30, 1},
		{"no total row", nil, "", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Form
			readTotal(&f, &extract.RawForm{Total: tt.total})
			if decString(f.TotalWeight) != tt.weight || decString(f.TotalScore) != tt.score || f.TotalLine != tt.line {
				t.Errorf("total %q %q on line %d, want %q %q on line %d",
					decString(f.TotalWeight), decString(f.TotalScore), f.TotalLine, tt.weight, tt.score, tt.line)
			}
			if n := len(notesOf(f, "field.unreadable")); n != tt.unreadable {
				t.Errorf("%d field.unreadable notes, want %d", n, tt.unreadable)
			}
		})
	}
}
