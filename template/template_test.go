package template

import (
	"reflect"
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	nat := National()
	level2 := nat.Level2Names()
	tests := []struct {
		name   string
		text   string
		labels []string
		want   string
		ok     bool
	}{
		{"exact", "数量指标", level2, "数量指标", true},
		{"spaces and colon", "项目 名称:", nat.Header.ProjectName, "项目名称", true},
		{"wrapped label", "服务对象满意度指 标", level2, "服务对象满意度指标", true},
		{"last character lost", "服务对象满意度指", level2, "服务对象满意度指标", true},
		{"one character misread", "项目目标完成情兄", nat.Goals.Section, "项目目标完成情况", true},
		{"nearest of two near labels", "数星指标", level2, "数量指标", true},
		{"exact before near", "质量指标", level2, "质量指标", true},
		{"nearest, not first", "一二三四五六九九", []string{"一二三四五六七八", "一二三四五六七九"}, "一二三四五六七九", true},
		{"garbage", "灰星 1400", level2, "", false},
		{"garbage of the same length", "在安效鱼组体", level2, "", false},
		{"two edits in a short label", "数据指示", level2, "", false},
		{"punctuation only", "— :", level2, "", false},
		{"empty", "", level2, "", false},
		{"no labels", "数量指标", nil, "", false},
		{"short label must match exactly (\"9分\" is one edit from 总分)", "总 兮", nat.Total.Labels, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Closest(tt.text, tt.labels)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"项目编码:", "项目编码"},
		{"项 目 编 码：", "项目编码"},
		{"项\t〔目支出绩\t效自评表", "项目支出绩效自评表"},
		{"执行率 (%)", "执行率"},
		{"≥90%", "90"},
		{"产出指标 (50分)", "产出指标50分"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		text   string
		labels []string
		want   string
		ok     bool
	}{
		{"其中: 当年财政拨款", []string{"当年财政拨款", "本年财政拨款"}, "当年财政拨款", true},
		{"项目资金 (元)", []string{"项目资金"}, "项目资金", true},
		{"项 目 资 金", []string{"项目资金"}, "项目资金", true},
		{"资金使用情况", []string{"项目资金"}, "", false},
		{"任何文字", []string{""}, "", false},
	}
	for _, tt := range tests {
		got, ok := Contains(tt.text, tt.labels)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Contains(%q, %q) = %q, %v; want %q, %v", tt.text, tt.labels, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFundsLineOf(t *testing.T) {
	nat := National()
	tests := []struct {
		label string
		want  string
		ok    bool
	}{
		{"年度资金总额", "total", true},
		{"年度资金总额:", "total", true},
		{"年度资金总额：", "total", true},
		{"年度资金总頟", "total", true},
		{"其中: 当年财政拨款", "fiscal", true},
		{"其中: 本年财政拨款", "fiscal", true},
		{"财政拨款", "fiscal", true},
		{"上年结转资金", "carryover", true},
		{"上年结转", "carryover", true},
		{"其他资金", "other", true},
		{"年初预算数", "", false},
		{"项目资金 (元)", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := nat.FundsLineOf(tt.label)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FundsLineOf(%q) = %q, %v; want %q, %v", tt.label, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNationalHierarchy(t *testing.T) {
	nat := National()
	if nat.Name != "national" || nat.Title != "项目支出绩效自评表" {
		t.Errorf("national template is %q %q", nat.Name, nat.Title)
	}
	if want := []string{"产出指标", "效益指标", "满意度指标"}; !reflect.DeepEqual(nat.Level1Names(), want) {
		t.Errorf("Level1Names = %q, want %q", nat.Level1Names(), want)
	}
	want := []string{"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "其他满意度指标"}
	if !reflect.DeepEqual(nat.Level2Names(), want) {
		t.Errorf("Level2Names = %q, want %q", nat.Level2Names(), want)
	}
	for i, l2 := range want {
		if got := nat.Level2Index(l2); got != i {
			t.Errorf("Level2Index(%q) = %d, want %d", l2, got, i)
		}
	}
	if got := nat.Level2Index("效益指标"); got != -1 {
		t.Errorf("Level2Index(效益指标) = %d, want -1", got)
	}
	for l2, l1 := range map[string]string{"时效指标": "产出指标", "社会效益指标": "效益指标", "其他满意度指标": "满意度指标"} {
		if got, ok := nat.Level1Of(l2); got != l1 || !ok {
			t.Errorf("Level1Of(%q) = %q, %v; want %q", l2, got, ok, l1)
		}
	}
	if got, ok := nat.Level1Of("产出指标"); ok {
		t.Errorf("Level1Of(产出指标) = %q, want none", got)
	}
	for name := range nat.Indicators.Hints {
		if nat.Level2Index(name) < 0 {
			t.Errorf("hints for %q, which is no 二级指标", name)
		}
	}
	for _, col := range nat.Funds.Columns {
		if len(nat.Funds.ColumnLabels[col]) == 0 {
			t.Errorf("funds column %q has no label", col)
		}
	}
}

// TestNationalLabelsApart checks that no label of the national template is
// within Closest's reach of another label it is matched against, so that a
// clean label is never read as its neighbour.
func TestNationalLabelsApart(t *testing.T) {
	nat := National()
	sets := map[string][]string{
		"level1":      nat.Level1Names(),
		"level2":      nat.Level2Names(),
		"funds lines": nil,
	}
	for _, l := range nat.Funds.Lines {
		sets["funds lines"] = append(sets["funds lines"], l.Labels...)
	}
	for name, labels := range sets {
		for _, a := range labels {
			if got, ok := Closest(a, labels); !ok || got != a {
				t.Errorf("%s: Closest(%q) = %q, %v", name, a, got, ok)
			}
		}
	}
}

func TestParse(t *testing.T) {
	good := `{"name": "x", "funds": {"columns": ["budget"]}, "indicators": {"level1": [{"name": "产出指标", "level2": ["数量指标"]}]}}`
	tmpl, err := Parse([]byte(good))
	if err != nil || tmpl.Name != "x" || tmpl.Level2Names()[0] != "数量指标" {
		t.Errorf("Parse(good) = %+v, %v", tmpl, err)
	}
	tests := []struct {
		name, json, wantErr string
	}{
		{"not json", `{"name": `, "template:"},
		{"no name", `{"funds": {"columns": ["budget"]}, "indicators": {"level1": [{"name": "a"}]}}`, "no name"},
		{"no columns", `{"name": "x", "indicators": {"level1": [{"name": "a"}]}}`, "required"},
		{"no levels", `{"name": "x", "funds": {"columns": ["budget"]}}`, "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestBuiltin(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, tmpl := range ts {
		if i > 0 && ts[i-1].Name >= tmpl.Name {
			t.Errorf("templates not sorted by name: %q before %q", ts[i-1].Name, tmpl.Name)
		}
		found = found || tmpl.Name == "national"
	}
	if !found {
		t.Error("no national template")
	}
}
