package extract

import (
	"reflect"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// gridRows builds sheet rows: cells separated by "|", X their column, blank
// cells left out as a sheet leaves them.
func gridRows(lines ...string) []Row {
	var rows []Row
	for i, l := range lines {
		r := Row{Line: i + 1, Page: 1, Grid: true}
		for x, c := range strings.Split(l, "|") {
			if c = strings.TrimSpace(c); c != "" {
				r.Cells = append(r.Cells, Cell{Text: c, Line: i + 1, X: x + 1})
			}
		}
		rows = append(rows, r)
	}
	return rows
}

func TestJoinTarget(t *testing.T) {
	tests := []struct{ op, value, unit, want string }{
		{"≥", "95", "%", "≥95%"},
		{"=", "12", "个", "=12个"},
		{"", "100", "%", "100%"},
		{"定性", "效果明显", "", "效果明显"},
		{"定量", "5", "公里", "5公里"},
		{"≤", "5万元", "万元", "≤5万元"},
		{"≥", "", "%", ""},
		{"≥", "/", "%", "/"},
		{"＝", "100", "—", "＝100"},
	}
	for _, tt := range tests {
		if got := joinTarget(tt.op, tt.value, tt.unit); got != tt.want {
			t.Errorf("joinTarget(%q, %q, %q) = %q, want %q", tt.op, tt.value, tt.unit, got, tt.want)
		}
	}
}

// sichuanForm is a Sichuan form as a sheet prints it: goals before funds,
// the section labels merged down the left column, the target in three
// columns, 合计 and a grade.
var sichuanForm = []string{
	"部门预算项目支出绩效自评表（2023年度）",
	"项目名称||51000021R000000019951-工资性支出",
	"主管部门||发改局本级||||实施单位（盖章）||发改局",
	"项目基本情况|项目年度目标|||||年度目标完成情况",
	"项目基本情况|保障工资按时足额发放|||||已按时足额发放",
	"预算执行情况（10分）|年度预算数（万元）|||年初预算|调整后预算数|预算执行数|预算执行率|权重|得分|原因",
	"预算执行情况（10分）|总额|||238.93|251.89|251.89|100.00%|10|10|",
	"预算执行情况（10分）|其中：财政资金|||238.93|251.89|251.89|100.00%|/|/|",
	"预算执行情况（10分）|财政专户管理资金|||0.00|0.00|0.00|0.00%|/|/|",
	"绩效指标（90分）|一级指标|二级指标|三级指标|指标性质|指标值|度量单位|完成值|权重|得分|未完成原因分析",
	"绩效指标（90分）|产出指标|数量指标|发放覆盖率|=|100|%|100|60|60|",
	"绩效指标（90分）|效益指标|社会效益指标|足额保障率|定性|保障到位||已保障|30|30|—",
	"合计||||||||100|100|优",
}

func TestTemplateBlocks(t *testing.T) {
	sichuan := builtinTemplate(t, "sichuan")
	forms := FormsFromRows(gridRows(sichuanForm...), sichuan)
	if len(forms) != 1 {
		t.Fatalf("%d forms", len(forms))
	}
	f := forms[0]
	if f.Template != sichuan || f.Header.ProjectName.Text != "51000021R000000019951-工资性支出" || f.Header.Subtitle.Text != "2023" ||
		f.Header.BudgetUnit.Text != "发改局本级" || f.Header.ImplementingUnit.Text != "发改局" {
		t.Errorf("header %+v", f.Header)
	}
	if len(f.Goals) != 2 {
		t.Errorf("goal rows %d, want the subheader and one goal", len(f.Goals))
	}
	var funds []string
	for _, fl := range f.Funds {
		funds = append(funds, fl.Label+" "+strings.Join(fl.Values, ","))
	}
	want := []string{"总额 238.93,251.89,251.89,100.00%,10,10,", "其中：财政资金 238.93,251.89,251.89,100.00%,/,/,", "财政专户管理资金 0.00,0.00,0.00,0.00%,/,/,"}
	if !reflect.DeepEqual(funds, want) || f.FundsUnit != "年度预算数（万元）" {
		t.Errorf("funds %q unit %q,\nwant %q", funds, f.FundsUnit, want)
	}
	var inds []string
	for _, ind := range f.Indicators {
		inds = append(inds, strings.Join([]string{ind.Name, ind.Target, ind.Actual, ind.Weight, ind.Score, ind.Note}, ","))
	}
	if want := []string{"发放覆盖率,=100%,100,60,60,", "足额保障率,保障到位,已保障,30,30,"}; !reflect.DeepEqual(inds, want) {
		t.Errorf("indicators %q, want %q", inds, want)
	}
	if f.Total == nil || f.Total.Weight != "100" || f.Total.Score != "100" || f.Total.Note != "优" {
		t.Errorf("total %+v", f.Total)
	}
	if len(f.Unread) != 0 {
		t.Errorf("unread rows %+v", f.Unread)
	}
}

// TestChoiceReadsEachForm reads two forms in one stream with the choice of
// the built-in templates: the Sichuan one as sichuan, a form with national
// labels by the budget weight it prints.
func TestChoiceReadsEachForm(t *testing.T) {
	national := func(weight string) []string {
		return []string{
			"项目支出绩效自评表",
			"项目编码:|4403|项目名称:|绿化",
			"资金使用情况",
			"|||年初预算数|全年预算数|全年执行数|分值|执行率|得分",
			"项目资金（元）|年度资金总额||100|100|98|" + weight + "|98|",
			"年度绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施",
			"年度绩效指标|产出指标|数量指标|培训人次|≥10人次|12人次|90|90|",
			"总分||||||100|",
		}
	}
	choice, err := template.Default()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	lines = append(lines, national("10")...)
	lines = append(lines, sichuanForm...)
	lines = append(lines, national("20")...)
	lines = append(lines, national("")...)
	forms := FormsFromRows(gridRows(lines...), choice)
	var got []string
	for _, f := range forms {
		got = append(got, f.Template.Name)
	}
	if want := []string{"national", "sichuan", "budget20", "national"}; !reflect.DeepEqual(got, want) {
		t.Errorf("templates %q, want %q", got, want)
	}
	if len(forms) == 4 && (len(forms[1].Funds) != 3 || forms[1].Total == nil || forms[1].Total.Note != "优") {
		t.Errorf("the Sichuan form read as %+v", forms[1])
	}
}

func TestIndicatorsWithoutWeightColumn(t *testing.T) {
	rows := gridRows(
		"项目支出绩效自评表",
		"项目名称|绿化",
		"年度绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|得分|偏差原因分析及改进措施",
		"年度绩效指标|产出指标|数量指标|培训人次|≥10人次|12人次|30|",
		"总分||||||98.5|",
	)
	forms := FormsFromRows(rows, builtinTemplate(t, "budget20"))
	if len(forms) != 1 || len(forms[0].Indicators) != 1 {
		t.Fatalf("forms %+v", forms)
	}
	ind := forms[0].Indicators[0]
	if ind.Name != "培训人次" || ind.Actual != "12人次" || ind.Weight != "" || ind.Score != "30" {
		t.Errorf("indicator %+v", ind)
	}
	if tot := forms[0].Total; tot == nil || tot.Score != "98.5" || tot.Weight != "" {
		t.Errorf("total %+v", tot)
	}
}

func TestTextTotalGrade(t *testing.T) {
	for _, c := range []struct{ line, weight, score, note string }{
		{"\t总分\t100\t92.5\t优", "100", "92.5", "优"},
		{"\t总分\t100\t92.5(优)", "100", "92.5", "优"},
		{"\t总分\t100\t92.5\t_", "100", "92.5", ""},
	} {
		tot, ok := totalRow(splitRows(c.line)[0], template.National())
		if !ok || tot.Weight != c.weight || tot.Score != c.score || tot.Note != c.note {
			t.Errorf("totalRow(%q) = %+v, %v", c.line, tot, ok)
		}
	}
}

func builtinTemplate(t *testing.T, name string) *template.Template {
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
