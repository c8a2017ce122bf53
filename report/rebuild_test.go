package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
	"golang.org/x/net/html"
)

// markForm is a small form: funds on lines 6 (total) and 7 (fiscal),
// indicators on lines 20 and 21, total on line 30.
func markForm(findings ...store.Finding) *Form {
	d := func(s string) *decimal.Decimal { v := decimal.RequireFromString(s); return &v }
	fen := func(n int64) *int64 { return &n }
	f := &Form{ReportForm: store.ReportForm{
		ProjectCode: "440300", Year: 2024, ImplementingUnit: "某单位", BudgetUnit: "某局",
		Funds: []store.FundsRow{
			{Line: "total", Label: "年度资金总额", SourceLine: 6, Budget: fen(100000), Executed: fen(90000), Weight: d("10"),
				RecordedRate: d("95"), RecordedRatePlaces: 0, RecordedScore: d("9.5"), ComputedRate: d("90"), ComputedScore: d("9")},
			{Line: "fiscal", Label: "其中:当年财政拨款", SourceLine: 7, Budget: fen(100000), Executed: fen(90000)},
		},
		Indicators: []store.IndicatorRow{
			{Seq: 1, SourceLine: 20, Level1: "产出指标", Level2: "数量指标", Name: "甲", Target: "≥10个", Actual: "8个", Weight: d("20"), Score: d("20")},
			{Seq: 2, SourceLine: 21, Level1: "效益指标", Level2: "社会效益指标", Name: "乙", Weight: d("30"), Score: d("30")},
		},
		TotalWeight: d("100"), RecordedTotal: d("59.5"), ComputedTotal: d("59"),
	}}
	for _, fd := range findings {
		f.Findings = append(f.Findings, Finding{Finding: fd})
	}
	return f
}

func TestRebuildMarks(t *testing.T) {
	for _, tt := range []struct {
		finding store.Finding
		cell    func(v *formView) cell
		marked  int // cells marked in all, when more than that one
	}{
		{store.Finding{Rule: score.RuleFundsRate, Field: "执行率", Line: 6}, func(v *formView) cell { return v.Funds[0].Rate }, 0},
		{store.Finding{Rule: score.RuleFundsScore, Field: "得分", Line: 6}, func(v *formView) cell { return v.Funds[0].Score }, 0},
		{store.Finding{Rule: score.RuleFundsBreakdown, Field: "全年执行数", Line: 6}, func(v *formView) cell { return v.Funds[0].Executed }, 0},
		{store.Finding{Rule: score.RuleScoreRange, Field: "乙", Line: 21}, func(v *formView) cell { return v.Indicators[1].Score }, 0},
		{store.Finding{Rule: score.RuleUnmetFullScore, Field: "甲", Line: 20}, func(v *formView) cell { return v.Indicators[0].Score }, 0},
		{store.Finding{Rule: score.RuleIndicatorFormula, Field: "甲", Line: 20, Computed: "16"}, func(v *formView) cell {
			if c := v.Indicators[0].ScoreComputed; c.Text != "16" || c.Mark == "" {
				return cell{}
			}
			return v.Indicators[0].Score
		}, 2},
		{store.Finding{Rule: score.RuleYearMismatch, Field: "甲", Line: 20}, func(v *formView) cell { return v.Indicators[0].Target }, 0},
		{store.Finding{Rule: score.RuleFundsLabelInferred, Field: "年度资金总额", Line: 6}, func(v *formView) cell { return v.Funds[0].Label }, 0},
		{store.Finding{Rule: score.RuleLabelInferred, Field: "二级指标", Line: 21}, func(v *formView) cell { return v.Indicators[1].Level2 }, 0},
		{store.Finding{Rule: score.RuleSectionWeight, Field: "效益指标", Line: 21}, func(v *formView) cell { return v.Indicators[1].Level1 }, 0},
		{store.Finding{Rule: score.RuleTotalWeight, Field: "分值", Line: 30}, func(v *formView) cell { return v.Total.Weight }, 0},
		{store.Finding{Rule: score.RuleTotalScore, Field: "总分", Line: 30}, func(v *formView) cell { return v.Total.Score }, 0},
		{store.Finding{Rule: score.RuleHeaderRepaired, Field: "一级预算单位", Line: 3}, func(v *formView) cell { return v.Header[4].Value }, 0},
		{store.Finding{Rule: score.RuleHeaderYearInferred, Field: "绩效自评年度", Line: 2}, func(v *formView) cell { return v.Header[2].Value }, 0},
		{store.Finding{Rule: score.RuleHeaderLabelInferred, Field: "项目编码", Line: 2}, func(v *formView) cell { return v.Header[0].Value }, 0},
		{store.Finding{Rule: score.RuleFieldUnreadable, Field: "其中:当年财政拨款 全年预算数", Line: 7}, func(v *formView) cell { return v.Funds[1].Budget }, 0},
		{store.Finding{Rule: score.RuleFieldUnreadable, Field: "乙 得分", Line: 21}, func(v *formView) cell { return v.Indicators[1].Score }, 0},
		{store.Finding{Rule: score.RuleFieldUnreadable, Field: "总分 分值", Line: 30}, func(v *formView) cell { return v.Total.Weight }, 0},
	} {
		t.Run(tt.finding.Rule+" "+tt.finding.Field, func(t *testing.T) {
			for _, sev := range []score.Severity{score.Error, score.Warning} {
				fd := tt.finding
				fd.Severity = string(sev)
				v := rebuild(markForm(fd), template.National())
				marked := 0
				for _, c := range allCells(v) {
					if c.Mark != "" {
						marked++
					}
				}
				want := max(tt.marked, 1)
				if got := tt.cell(v); got.Mark != string(sev) || marked != want {
					t.Errorf("%s: the cell is marked %q, %d cells marked in all; want it marked and %d in all", sev, got.Mark, marked, want)
				}
			}
		})
	}
}

// TestRebuildErrorWins checks that a warning does not hide an error on the same cell.
func TestRebuildErrorWins(t *testing.T) {
	v := rebuild(markForm(
		store.Finding{Rule: score.RuleTotalScore, Severity: string(score.Error), Field: "总分", Line: 30},
		store.Finding{Rule: score.RuleTotalMissing, Severity: string(score.Warning), Field: "总分", Line: 30},
	), template.National())
	if v.Total.Score.Mark != string(score.Error) {
		t.Errorf("total score marked %q", v.Total.Score.Mark)
	}
}

func TestRebuildValues(t *testing.T) {
	v := rebuild(markForm(), template.National())
	l := v.Funds[0]
	for _, tt := range []struct{ name, got, want string }{
		{"budget in 元", l.Budget.Text, "1000.00"},
		{"recorded rate as printed", l.Rate.Text, "95"},
		{"recomputed rate", l.RateComputed.Text, "90"},
		{"recomputed score", l.ScoreComputed.Text, "9"},
		{"section weight", v.Indicators[0].Level1.Text, "产出指标"},
		{"recomputed total", v.Total.ScoreComputed.Text, "59"},
		{"funds column label", v.FundsCols[4].Label, "执行率"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func allCells(v *formView) []cell {
	var out []cell
	for _, h := range v.Header {
		out = append(out, h.Value)
	}
	for _, l := range v.Funds {
		out = append(out, l.Label, l.Initial, l.Budget, l.Executed, l.Weight, l.Rate, l.RateComputed, l.Score, l.ScoreComputed)
	}
	for _, ind := range v.Indicators {
		out = append(out, ind.Level1, ind.Level2, ind.Name, ind.Target, ind.Actual, ind.Weight, ind.Score, ind.ScoreComputed, ind.Note)
	}
	return append(out, v.Total.Weight, v.Total.Score, v.Total.ScoreComputed)
}

// TestRebuildMarksTemplateLabels checks that a header note names its cell as
// the form's template labels it, as normalize names the field: the Sichuan
// form prints 一级预算单位 as 主管部门.
func TestRebuildMarksTemplateLabels(t *testing.T) {
	f := markForm(store.Finding{Rule: score.RuleHeaderRepaired, Severity: string(score.Warning), Field: "主管部门", Line: 3})
	f.Template = "sichuan"
	v := rebuild(f, newTemplateSet(nil).of(f.Template))
	var marked []string
	for _, h := range v.Header {
		if h.Value.Mark != "" {
			marked = append(marked, h.Label)
		}
	}
	if len(marked) != 1 || marked[0] != "主管部门" {
		t.Errorf("header cells marked: %q, want 主管部门's", marked)
	}
}

// TestColumnsOfTemplate checks that show and the html report lay funds and
// indicators out in the columns of the form's own template, in its order and
// with its labels: xianjie prints no 年初预算数 and its 分值 before the
// target; Sichuan prints the rate before the weight, a funds note the store
// does not keep, and its target in three columns, shown whole under 指标值.
func TestColumnsOfTemplate(t *testing.T) {
	for _, tt := range []struct {
		template   string
		funds      []string // the funds table's header after its first cell
		indicators []string // the indicator table's header
	}{
		{"national",
			[]string{"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "执行率(重算)", "得分", "得分(重算)"},
			[]string{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "得分(重算)", "偏差原因分析及改进措施"}},
		{"xianjie",
			[]string{"全年预算数", "全年执行数", "分值", "执行率", "执行率(重算)", "得分", "得分(重算)"},
			[]string{"一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分", "得分(重算)", "偏差原因分析及改进措施"}},
		{"sichuan",
			[]string{"年初预算", "调整后预算数", "预算执行数", "预算执行率", "预算执行率(重算)", "权重", "得分", "得分(重算)"},
			[]string{"一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重", "得分", "得分(重算)", "未完成原因分析"}},
	} {
		t.Run(tt.template, func(t *testing.T) {
			f := markForm().ReportForm
			f.Template = tt.template
			f.Findings = []store.Finding{{Rule: score.RuleFundsScore, Severity: string(score.Error), Field: "得分", Line: 6}}
			a := Build([]store.ReportForm{f}, nil, Filter{}, Chinese)

			var page bytes.Buffer
			if err := WriteAudit(&page, a, "html", AuditOptions{}); err != nil {
				t.Fatal(err)
			}
			doc, err := html.Parse(&page)
			if err != nil {
				t.Fatal(err)
			}
			funds, inds := findAll(doc, "table", "funds"), findAll(doc, "table", "indicators")
			if len(funds) != 1 || len(inds) != 1 {
				t.Fatalf("%d funds and %d indicator tables in the report, want 1 of each", len(funds), len(inds))
			}
			checkTable(t, "funds", funds[0], tt.funds, 1)
			checkTable(t, "indicators", inds[0], tt.indicators, 0)
			for _, tr := range findAll(findAll(funds[0], "tbody", "")[0], "tr", "") {
				if marked := findAll(tr, "td", "mark-error"); textOf(findAll(tr, "th", "")[0]) == "年度资金总额" && (len(marked) != 1 || textOf(marked[0]) != "9.5") {
					t.Errorf("html total line: %d cells marked, want the recorded score 9.5 alone", len(marked))
				}
			}
			// Under each label, the value it names: the first indicator's
			// target is ≥10个 and its weight 20.
			row := findAll(findAll(inds[0], "tbody", "")[0], "td", "")
			for i, label := range tt.indicators {
				want := map[string]string{"分值": "20", "权重": "20", "年度指标值": "≥10个", "指标值": "≥10个", "实际完成值": "8个", "完成值": "8个"}[label]
				if want != "" && textOf(row[i]) != want {
					t.Errorf("html: the first indicator shows %q under %s, want %q", textOf(row[i]), label, want)
				}
			}

			var term bytes.Buffer
			if err := WriteForms(&term, a, false); err != nil {
				t.Fatal(err)
			}
			for _, want := range [][]string{tt.funds, tt.indicators} {
				var head []string
				for _, line := range strings.Split(term.String(), "\n") {
					if strings.Contains(line, want[0]) && strings.Contains(line, want[len(want)-1]) {
						head = strings.Fields(strings.NewReplacer("│", " ", "|", " ").Replace(line))
					}
				}
				if strings.Join(head, "|") != strings.Join(want, "|") {
					t.Errorf("show's header %q, want %q", head, want)
				}
			}
		})
	}
}

// checkTable checks an html table's header after its first skip cells, and
// that every row of its body has a value under each.
func checkTable(t *testing.T, name string, table *html.Node, want []string, skip int) {
	t.Helper()
	ths := findAll(findAll(table, "thead", "")[0], "th", "")
	var head []string
	for _, th := range ths[skip:] {
		head = append(head, textOf(th))
	}
	if strings.Join(head, "|") != strings.Join(want, "|") {
		t.Errorf("html %s header %q, want %q", name, head, want)
	}
	for _, tr := range findAll(findAll(table, "tbody", "")[0], "tr", "") {
		if cells := findAll(tr, "td", ""); len(cells) != len(want) {
			t.Errorf("html %s row %q has %d values, want one under each of the %d headers", name, textOf(tr), len(cells), len(want))
		}
	}
}
