package template

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/agnivade/levenshtein"
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
		{"项目\xff名称", "项目名称"},
		{"全角：１２３", "全角１２３"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// Callers fold a text once and match the key: folding it again must not change it.
		if got := Key(tt.want); got != tt.want {
			t.Errorf("Key(%q) = %q: a key folds to itself", tt.want, got)
		}
	}
}

// TestClosestSkipsOnlyHopelessLabels checks that Closest, which measures
// only labels whose length can bring them within the limit, agrees with
// measuring every label, on damaged copies of the national labels.
func TestClosestSkipsOnlyHopelessLabels(t *testing.T) {
	nat := National()
	groups := append(nat.groups(), nat.Level2Names(), nat.Level1Names())
	var labels []string
	for _, g := range groups {
		labels = append(labels, g...)
	}
	debris := []rune("：（） 兄星頟况指标金资-%1")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		rs := []rune(labels[rng.IntN(len(labels))])
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(rs) + 1)
			switch d := debris[rng.IntN(len(debris))]; {
			case rng.IntN(2) == 0 && i < len(rs):
				rs = append(rs[:i], rs[i+1:]...)
			case i < len(rs):
				rs[i] = d
			default:
				rs = append(rs, d)
			}
		}
		text, g := string(rs), groups[rng.IntN(len(groups))]
		want, wantOK := closestByEveryDistance(text, g)
		if got, ok := Closest(text, g); got != want || ok != wantOK {
			t.Fatalf("Closest(%q, %q) = %q, %v; measuring every label gives %q, %v", text, g, got, ok, want, wantOK)
		}
	}
}

// closestByEveryDistance is Closest as its comment states it: the first
// label equal once folded, else the first nearest within one edit per four
// characters of a label of four or more.
func closestByEveryDistance(text string, labels []string) (string, bool) {
	key := Key(text)
	if key == "" {
		return "", false
	}
	for _, l := range labels {
		if Key(l) == key {
			return l, true
		}
	}
	best, bestDist := "", -1
	for _, l := range labels {
		lk := Key(l)
		d := levenshtein.ComputeDistance(key, lk)
		if limit := len([]rune(lk)) / 4; limit > 0 && d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = l, d
		}
	}
	return best, bestDist >= 0
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

func TestBuiltinTemplates(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tmpl := range ts {
		names = append(names, tmpl.Name)
		for _, l := range tmpl.Funds.Lines {
			for _, label := range l.Labels {
				if got, ok := tmpl.FundsLineOf(label); !ok || got != l.Line {
					t.Errorf("%s: FundsLineOf(%q) = %q, %v; want %q", tmpl.Name, label, got, ok, l.Line)
				}
			}
		}
		for _, col := range tmpl.Funds.Columns {
			if len(tmpl.Funds.ColumnLabels[col]) == 0 {
				t.Errorf("%s: funds column %q has no label", tmpl.Name, col)
			}
		}
		if len(tmpl.Layout.Header) == 0 {
			t.Errorf("%s: no layout to print fixtures with", tmpl.Name)
		}
	}
	if want := []string{"budget20", "national", "sichuan", "xianjie"}; !reflect.DeepEqual(names, want) {
		t.Errorf("built-in templates %q, want %q", names, want)
	}
}

func TestFundsLineLongestLabel(t *testing.T) {
	tmpl, err := builtinNamed("xianjie")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ label, line, partOf string }{
		{"年度资金总额", "total", ""},
		{"其中：财政衔接资金", "fiscal", "total"},
		{"中央衔接资金", "central", "fiscal"},
		{"省级衔接资金", "provincial", "fiscal"},
		{"其他资金", "other", "total"},
	}
	for _, tt := range tests {
		l, ok := tmpl.FundsLine(tt.label)
		if !ok || l.Line != tt.line || l.PartOf != tt.partOf {
			t.Errorf("FundsLine(%q) = %+v, %v; want %s part of %q", tt.label, l, ok, tt.line, tt.partOf)
		}
	}
	sc, err := builtinNamed("sichuan")
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]string{"其中：财政资金": "fiscal", "财政专户管理资金": "special_account", "单位资金": "unit", "总额": "total"} {
		if got, ok := sc.FundsLineOf(label); !ok || got != want {
			t.Errorf("sichuan: FundsLineOf(%q) = %q, %v; want %q", label, got, ok, want)
		}
	}
}

// rows of a form of each built-in template, as Select sees them.
var (
	nationalRows = []string{"项目支出绩效自评表", "项目编码: 4403 项目名称: 绿化 绩效自评年度: 2024", "实施单位: 园林局 一级预算单位: 城管局",
		"资金使用情况", "年初预算数 全年预算数 全年执行数 分值 执行率(%) 得分", "项目资金（元） 年度资金总额 100 100 98 10 98 9.8",
		"其中：当年财政拨款 100 100 98", "上年结转资金 0 0 0", "其他资金 0 0 0", "项目目标完成情况", "年度总体目标 预期目标 实际完成情况",
		"年度绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施", "总分 100 98.8"}
	sichuanRows = []string{"部门预算项目支出绩效自评表（2023年度）", "项目名称 51000021R000000019951-工资性支出", "主管部门 发改局 实施单位（盖章） 发改局",
		"项目基本情况 项目年度目标 年度目标完成情况", "预算执行情况（10分） 年度预算数（万元） 年初预算 调整后预算数 预算执行数 预算执行率 权重 得分 原因",
		"总额 238.93 251.89 251.89 100.00% 10 10", "其中：财政资金 238.93 251.89 251.89 100.00% / /", "财政专户管理资金", "单位资金", "其他资金",
		"绩效指标（90分） 一级指标 二级指标 三级指标 指标性质 指标值 度量单位 完成值 权重 得分 未完成原因分析", "合计 100 99.59"}
	xianjieRows = []string{"衔接资金项目绩效自评表", "项目编码: 5123 项目名称: 产业路 绩效自评年度: 2023", "实施单位: 农业农村局 主管部门: 乡村振兴局",
		"资金使用情况", "全年预算数 全年执行数 分值 执行率(%) 得分", "项目资金（万元） 年度资金总额 480 475.2 10 99 9.9",
		"其中：财政衔接资金 480 475.2 10 99 9.9", "中央衔接资金 300 300", "省级衔接资金 180 175.2", "其他资金 0 0",
		"项目目标完成情况", "年度总体目标 预期目标 实际完成情况", "年度绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 偏差原因分析及改进措施", "总分 100 99.9 优"}
)

func TestSelect(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	national, _ := builtinNamed("national")
	ordered := []*Template{national}
	for _, tmpl := range ts {
		if tmpl.Name != "national" {
			ordered = append(ordered, tmpl)
		}
	}
	tests := []struct {
		name   string
		rows   []string
		prefer string // the template prefer accepts, "" for none
		want   string
	}{
		{"national", nationalRows, "", "national"},
		{"sichuan", sichuanRows, "", "sichuan"},
		{"xianjie", xianjieRows, "", "xianjie"},
		// A budget 20 form prints the national labels: ties go to the first,
		// unless the form prints the budget weight of another.
		{"national labels, tie", nationalRows, "", "national"},
		{"national labels, budget weight 20", nationalRows, "budget20", "budget20"},
		{"nothing", []string{"会议签到表"}, "", "national"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked []string
			got := Select(ordered, tt.rows, func(c *Template) bool {
				asked = append(asked, c.Name)
				return c.Name == tt.prefer
			})
			if got.Name != tt.want {
				t.Errorf("Select = %s, want %s (prefer asked %v)", got.Name, tt.want, asked)
			}
		})
	}
	if got := Select(ordered, nationalRows, nil); got.Name != "national" {
		t.Errorf("Select without prefer = %s", got.Name)
	}
	if got := Select(nil, nationalRows, nil); got != nil {
		t.Errorf("Select of no templates = %v", got)
	}
	// Every label set counts once, however many aliases it has.
	if n, m := national.Match(nationalRows), national.Match(append(nationalRows, "本年财政拨款 财政拨款 项目代码")); n != m {
		t.Errorf("Match counts aliases: %d, then %d with more aliases of found labels", n, m)
	}
	// A label is found within one text, not across two.
	if n := national.Match([]string{"绩效自评", "年度"}); n != 0 {
		t.Errorf("Match found %d label sets in texts that each hold part of one", n)
	}
	if n := national.Match([]string{"绩效自评", "绩效自评 年度:"}); n != 1 {
		t.Errorf("Match found %d label sets in a text holding 绩效自评年度, want 1", n)
	}
}

func TestAny(t *testing.T) {
	national, _ := builtinNamed("national")
	sichuan, _ := builtinNamed("sichuan")
	u, err := Any(national, sichuan)
	if err != nil {
		t.Fatal(err)
	}
	if vs := u.Variants(); len(vs) != 2 || vs[0] != national || vs[1] != sichuan {
		t.Errorf("Variants = %v", vs)
	}
	if len(national.Variants()) != 0 {
		t.Error("a plain template has variants")
	}
	// The choice finds the rows of either template...
	for _, label := range []string{"年度资金总额", "总额", "财政专户管理资金", "其中: 当年财政拨款"} {
		if _, ok := u.FundsLineOf(label); !ok {
			t.Errorf("choice does not know funds line %q", label)
		}
	}
	if !reflect.DeepEqual(u.Total.Labels, []string{"总分", "合计"}) {
		t.Errorf("total labels %q", u.Total.Labels)
	}
	// ...but keeps the positional columns of the first.
	if !reflect.DeepEqual(u.Funds.Columns, national.Funds.Columns) || !reflect.DeepEqual(u.Indicators.Header, national.Indicators.Header) {
		t.Errorf("choice columns %q, header %q", u.Funds.Columns, u.Indicators.Header)
	}
	if len(national.Total.Labels) != 1 || len(national.Funds.Lines) != 4 {
		t.Error("Any changed a variant")
	}
	for _, bad := range [][]*Template{nil, {national, national}, {national, nil}, {u}} {
		if _, err := Any(bad...); err == nil {
			t.Errorf("Any(%v) succeeded", bad)
		}
	}
	d, err := Default(sichuan)
	if err == nil {
		t.Errorf("Default with a second sichuan: %v", d.Variants())
	}
	toy := *sichuan
	toy.Name = "toy"
	d, err = Default(&toy)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range d.Variants() {
		names = append(names, v.Name)
	}
	if want := []string{"national", "budget20", "sichuan", "xianjie", "toy"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Default variants %q, want %q", names, want)
	}
}

func TestParseChecksConsistency(t *testing.T) {
	base := func(extra string) string {
		return `{"name": "x", "funds": {"columns": ["budget"]}, "indicators": {"header": ["一级指标", "二级指标", "三级指标", "得分"],
			"level1": [{"name": "产出指标", "level2": ["数量指标"]}]}` + extra + `}`
	}
	tests := []struct {
		name, json, wantErr string
	}{
		{"unknown funds column", `{"name": "x", "funds": {"columns": ["amount"]}, "indicators": {"level1": [{"name": "a"}]}}`, "unknown or repeated"},
		{"line part of no line", base(`, "funds": {"columns": ["budget"], "lines": [{"line": "fiscal", "labels": ["拨款"], "part_of": "total"}]}`), "no other line"},
		{"line without labels", base(`, "funds": {"columns": ["budget"], "lines": [{"line": "total"}]}`), "at least one label"},
		{"fields and header disagree", base(`, "indicators": {"header": ["一级指标"], "fields": ["level1", "name"], "level1": [{"name": "产出指标"}]}`), "2 fields for 1 header"},
		{"fields without score", base(`, "indicators": {"header": ["a", "b"], "fields": ["level1", "name"], "level1": [{"name": "产出指标"}]}`), "required"},
		{"unknown field", base(`, "indicators": {"header": ["a", "b"], "fields": ["name", "grade"], "level1": [{"name": "产出指标"}]}`), "unknown or repeated"},
		{"budget weight not a number", base(`, "weights": {"budget": "ten"}`), "not a number"},
		{"weight of no 一级指标", base(`, "weights": {"level1": {"效益指标": "30"}}`), "no 一级指标"},
		{"hints of no 二级指标", base(`, "indicators": {"header": [], "level1": [{"name": "产出指标", "level2": ["数量指标"]}], "hints": {"质量指标": ["率"]}}`), "no 二级指标"},
		{"layout year", base(`, "layout": {"year": "footer"}`), "want header, title or subtitle"},
		{"layout blocks", base(`, "layout": {"blocks": ["funds", "goals"]}`), "must name funds, goals and indicators"},
		{"layout header too narrow", base(`, "layout": {"header": [[{"field": "project_name", "label": "项目名称", "spans": [1, 2]}]]}`), "spans 3 columns, the form 5"},
		{"layout header field", base(`, "layout": {"header": [[{"field": "grade", "label": "等级", "spans": [1, 4]}]]}`), "field \"grade\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
	if _, err := Parse([]byte(base(`, "weights": {"budget": "20", "level1": {"产出指标": "80"}}`))); err != nil {
		t.Errorf("a consistent definition: %v", err)
	}
}

func TestIndicatorFields(t *testing.T) {
	nat := National()
	if got := nat.IndicatorLabel(FieldWeight); got != "分值" {
		t.Errorf("national weight label %q", got)
	}
	sc, _ := builtinNamed("sichuan")
	if got := sc.IndicatorLabel(FieldWeight); got != "权重" {
		t.Errorf("sichuan weight label %q", got)
	}
	if got := sc.IndicatorLabel(FieldOp); got != "指标性质" {
		t.Errorf("sichuan op label %q", got)
	}
	bare, err := Parse([]byte(`{"name": "x", "funds": {"columns": ["budget"]}, "indicators": {"level1": [{"name": "a"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := bare.IndicatorFields(); !reflect.DeepEqual(got, nationalFields) {
		t.Errorf("default fields %q", got)
	}
	if got := bare.IndicatorLabel(FieldName); got != "" {
		t.Errorf("label of a header not printed: %q", got)
	}
}

// TestSubRow: a text opens a sub-row when it starts with a sub-row prefix of
// the template, however spaced or punctuated (PDF cells and normalised
// names alike); the national template has none.
func TestSubRow(t *testing.T) {
	xianjie, err := builtinNamed("xianjie")
	if err != nil {
		t.Fatal(err)
	}
	national, err := builtinNamed("national")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		tpl  *Template
		text string
		want bool
	}{
		{xianjie, "其中：村组道路", true},
		{xianjie, "其中村组道路", true},
		{xianjie, "其 中 ： 村组道路", true},
		{xianjie, "（其中）产业项目", true},
		{xianjie, "其他满意度指标", false},
		{xianjie, "村组道路（其中）", false},
		{xianjie, "", false},
		{national, "其中：村组道路", false},
	} {
		if got := tt.tpl.SubRow(tt.text); got != tt.want {
			t.Errorf("%s.SubRow(%q) = %v, want %v", tt.tpl.Name, tt.text, got, tt.want)
		}
	}
}
