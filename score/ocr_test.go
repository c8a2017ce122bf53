package score

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/template"
)

// The positions of the baseline's funds lines.
const (
	fundsTotal = iota + 1
	fundsFiscal
	fundsCarryover
	fundsOther
)

// onFunds, onIndicator, onSection and onTotal place a note on a number of
// the baseline as normalize does: a column of a funds line, the weight or
// score of the indicator with a Seq, a 一级指标's declared weight, the total's.
func onFunds(pos int, col string) extract.Place { return extract.Place{Funds: pos, Column: col} }

func onIndicator(seq int, col string) extract.Place {
	return extract.Place{Indicator: seq, Column: col}
}

func onSection(name string) extract.Place {
	return extract.Place{Section: name, Column: template.FieldWeight}
}

func onTotal(col string) extract.Place { return extract.Place{Total: true, Column: col} }

// TestOCRArtefacts checks that an error on a form read through OCR says it
// is likely an OCR artefact exactly when a doubtful number feeds it.
func TestOCRArtefacts(t *testing.T) {
	doubt := func(field string, line int, at extract.Place, used string) normalize.Note {
		return normalize.Note{Code: RuleOCRUncertain, Field: field, Printed: "8", Used: used, Line: line, Place: at}
	}
	tests := []struct {
		name   string
		ocr    bool
		mutate func(f *normalize.Form)
		notes  []normalize.Note
		rule   string
		marked bool
	}{
		{"a doubtful score feeds the total", true, func(f *normalize.Form) { f.Indicators[0].Score = dec("18") },
			[]normalize.Note{doubt("培训人次 得分", lineOutput1, onIndicator(1, template.FieldScore), "18")}, RuleTotalScore, true},
		{"and also its range", true, func(f *normalize.Form) { f.Indicators[0].Score = dec("18") },
			[]normalize.Note{doubt("培训人次 得分", lineOutput1, onIndicator(1, template.FieldScore), "18")}, RuleScoreRange, true},
		{"a doubtful weight does not feed the total score", true, func(f *normalize.Form) { f.TotalScore = dec("90") },
			[]normalize.Note{doubt("培训人次 分值", lineOutput1, onIndicator(1, template.FieldWeight), "15")}, RuleTotalScore, false},
		{"a lost weight feeds the weights", true, func(f *normalize.Form) { f.Indicators[1].Weight = nil },
			[]normalize.Note{doubt("完成时间 分值", lineOutput2, onIndicator(2, template.FieldWeight), "")}, RuleTotalWeight, true},
		{"a doubtful amount feeds its column's breakdown", true, func(f *normalize.Form) { f.Funds[1].Budget = yuan("6000") },
			[]normalize.Note{{Code: RuleOCRRepaired, Field: "当年财政拨款 全年预算数", Printed: "6OOO", Used: "6000", Line: lineFiscal, Place: onFunds(fundsFiscal, template.ColBudget)}}, RuleFundsBreakdown, true},
		{"not another column's", true, func(f *normalize.Form) { f.Funds[1].Budget = yuan("6000") },
			[]normalize.Note{{Code: RuleOCRRepaired, Field: "当年财政拨款 全年执行数", Printed: "56,2OO", Used: "56200", Line: lineFiscal, Place: onFunds(fundsFiscal, template.ColExecuted)}}, RuleFundsBreakdown, false},
		{"a form not read by OCR", false, func(f *normalize.Form) { f.Indicators[0].Score = dec("18") },
			[]normalize.Note{doubt("培训人次 得分", lineOutput1, onIndicator(1, template.FieldScore), "18")}, RuleTotalScore, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := baseline()
			f.OCR = tt.ocr
			tt.mutate(f)
			f.Notes = tt.notes
			found := false
			for _, fd := range Check(f).Findings {
				if fd.Rule != tt.rule {
					continue
				}
				found = true
				if marked := strings.Contains(fd.Message, "likely an OCR artefact"); marked != tt.marked {
					t.Errorf("%s marked %v, want %v: %s", fd.Rule, marked, tt.marked, fd.Message)
				}
				if tt.marked && (fd.Doubt == nil || fd.Doubt.Field != tt.notes[0].Field) || !tt.marked && fd.Doubt != nil {
					t.Errorf("%s doubt %+v, want the note's field %q when marked (%v)", fd.Rule, fd.Doubt, tt.notes[0].Field, tt.marked)
				}
			}
			if !found {
				t.Fatalf("no %s finding", tt.rule)
			}
		})
	}
}

// TestOCRArtefactNamesTheLikeliestDoubt: of several doubts, a number OCR
// lost explains an error better than one it repaired.
func TestOCRArtefactNamesTheLikeliestDoubt(t *testing.T) {
	f := baseline()
	f.OCR = true
	f.Indicators[1].Score = nil
	f.Notes = []normalize.Note{
		{Code: RuleOCRRepaired, Field: "培训人次 得分", Printed: "1S", Used: "15", Line: lineOutput1, Place: onIndicator(1, template.FieldScore)},
		{Code: RuleOCRUncertain, Field: "完成时间 得分", Printed: "", Used: "", Line: lineOutput2, Place: onIndicator(2, template.FieldScore)},
	}
	found := false
	for _, fd := range Check(f).Findings {
		if fd.Rule != RuleTotalScore {
			continue
		}
		found = true
		if !strings.Contains(fd.Message, "完成时间 得分 (OCR read \"\", left blank)") {
			t.Errorf("message %q does not name the lost score", fd.Message)
		}
		if want := (Doubt{Field: "完成时间 得分"}); fd.Doubt == nil || *fd.Doubt != want {
			t.Errorf("doubt %+v, want %+v", fd.Doubt, want)
		}
	}
	if !found {
		t.Fatal("no total.score finding")
	}
}

// TestOCRDoubtFeedsItsInputs holds each rule to the numbers its arithmetic
// reads: a doubt on any of them marks the error, a doubt on another number
// of the same line, section or form does not.
func TestOCRDoubtFeedsItsInputs(t *testing.T) {
	sub := normalize.Indicator{Seq: 5, SourceLine: 22, Level1: "产出指标", Level2: "数量指标", Name: "其中：村组道路",
		Weight: dec("2"), Score: dec("2"), Sub: true}
	withSub := func(f *normalize.Form) { f.Indicators = append(f.Indicators, sub) }
	type doubt struct {
		field string
		line  int
		at    extract.Place
		feeds bool
	}
	tests := []struct {
		name   string
		mutate func(f *normalize.Form)
		rule   string
		field  string // the finding's field, when the rule makes several
		doubts []doubt
	}{
		{"funds.rate reads the budget, the executed amount and the rate", func(f *normalize.Form) { f.Funds[0].Rate = dec("90.00") },
			RuleFundsRate, "", []doubt{
				{"年度资金总额 年初预算数", lineFundsTotal, onFunds(fundsTotal, template.ColInitial), false},
				{"年度资金总额 全年预算数", lineFundsTotal, onFunds(fundsTotal, template.ColBudget), true},
				{"年度资金总额 全年执行数", lineFundsTotal, onFunds(fundsTotal, template.ColExecuted), true},
				{"年度资金总额 执行率", lineFundsTotal, onFunds(fundsTotal, template.ColRate), true},
				{"年度资金总额 分值", lineFundsTotal, onFunds(fundsTotal, template.ColWeight), false},
				{"年度资金总额 得分", lineFundsTotal, onFunds(fundsTotal, template.ColScore), false},
				{"当年财政拨款 全年预算数", lineFiscal, onFunds(fundsFiscal, template.ColBudget), false},
			}},
		{"funds.rate under another template's labels", func(f *normalize.Form) { f.Funds[0].Rate = dec("90.00") },
			RuleFundsRate, "", []doubt{
				{"年度资金总额 年初预算", lineFundsTotal, onFunds(fundsTotal, template.ColInitial), false},
				{"年度资金总额 调整后预算数", lineFundsTotal, onFunds(fundsTotal, template.ColBudget), true},
				{"年度资金总额 预算执行数", lineFundsTotal, onFunds(fundsTotal, template.ColExecuted), true},
				{"年度资金总额 预算执行率", lineFundsTotal, onFunds(fundsTotal, template.ColRate), true},
				{"年度资金总额 权重", lineFundsTotal, onFunds(fundsTotal, template.ColWeight), false},
			}},
		{"funds.score reads the weight, the amounts and the score", func(f *normalize.Form) { f.Funds[0].Score = dec("9") },
			RuleFundsScore, "", []doubt{
				{"年度资金总额 年初预算数", lineFundsTotal, onFunds(fundsTotal, template.ColInitial), false},
				{"年度资金总额 全年预算数", lineFundsTotal, onFunds(fundsTotal, template.ColBudget), true},
				{"年度资金总额 全年执行数", lineFundsTotal, onFunds(fundsTotal, template.ColExecuted), true},
				{"年度资金总额 分值", lineFundsTotal, onFunds(fundsTotal, template.ColWeight), true},
				{"年度资金总额 得分", lineFundsTotal, onFunds(fundsTotal, template.ColScore), true},
				{"年度资金总额 执行率", lineFundsTotal, onFunds(fundsTotal, template.ColRate), false},
			}},
		{"funds.score reads the recorded rate when it cannot compute one", func(f *normalize.Form) {
			f.Funds[0].Budget, f.Funds[0].Score = nil, dec("9")
		}, RuleFundsScore, "", []doubt{
			{"年度资金总额 执行率", lineFundsTotal, onFunds(fundsTotal, template.ColRate), true},
			{"年度资金总额 年初预算数", lineFundsTotal, onFunds(fundsTotal, template.ColInitial), false},
		}},
		{"funds.breakdown reads one column of the whole and its parts", func(f *normalize.Form) {
			f.Funds[0].PartOf, f.Funds[1].PartOf, f.Funds[2].PartOf = "", "total", "total"
			f.Funds[1].Budget = yuan("6000")
		}, RuleFundsBreakdown, "全年预算数", []doubt{
			{"年度资金总额 全年预算数", lineFundsTotal, onFunds(fundsTotal, template.ColBudget), true},
			{"当年财政拨款 全年预算数", lineFiscal, onFunds(fundsFiscal, template.ColBudget), true},
			{"上年结转资金 全年预算数", lineCarryover, onFunds(fundsCarryover, template.ColBudget), true},
			{"其他资金 全年预算数", lineOther, onFunds(fundsOther, template.ColBudget), false}, // not a part here
			{"当年财政拨款 年初预算数", lineFiscal, onFunds(fundsFiscal, template.ColInitial), false},
			{"当年财政拨款 全年执行数", lineFiscal, onFunds(fundsFiscal, template.ColExecuted), false},
		}},
		{"indicator.score_range reads the score and the weight", func(f *normalize.Form) { f.Indicators[0].Score = dec("18") },
			RuleScoreRange, "", []doubt{
				{"培训人次 得分", lineOutput1, onIndicator(1, template.FieldScore), true},
				{"培训人次 分值", lineOutput1, onIndicator(1, template.FieldWeight), true},
				{"产出指标 分值", lineOutput1, onSection("产出指标"), false}, // the section's weight, doubted on its first indicator's line
				{"完成时间 得分", lineOutput2, onIndicator(2, template.FieldScore), false},
			}},
		{"a negative score is out of range whatever the weight", func(f *normalize.Form) { f.Indicators[0].Score = dec("-1") },
			RuleScoreRange, "", []doubt{
				{"培训人次 得分", lineOutput1, onIndicator(1, template.FieldScore), true},
				{"培训人次 分值", lineOutput1, onIndicator(1, template.FieldWeight), false},
			}},
		{"section.weight adding up reads the section's weights", func(f *normalize.Form) { f.Indicators[1].Weight = dec("30") },
			RuleSectionWeight, "产出指标", []doubt{
				{"产出指标 分值", lineOutput1, onSection("产出指标"), true},
				{"完成时间 分值", lineOutput2, onIndicator(2, template.FieldWeight), true},
				{"完成时间 得分", lineOutput2, onIndicator(2, template.FieldScore), false},
				{"效益指标 分值", lineBenefit, onSection("效益指标"), false},
				{"党性修养 分值", lineBenefit, onIndicator(3, template.FieldWeight), false},
				{"年度资金总额 分值", lineFundsTotal, onFunds(fundsTotal, template.ColWeight), false},
				{"总分 分值", lineTotal, onTotal(template.FieldWeight), false},
			}},
		{"section.weight against the template reads the declared weight", func(f *normalize.Form) {
			prescribed(f)
			f.Sections[0].Weight = dec("60")
			f.Indicators[0].Weight, f.Indicators[0].Score = dec("25"), dec("25")
		}, RuleSectionWeight, "产出指标", []doubt{
			{"产出指标 分值", lineOutput1, onSection("产出指标"), true},
			{"培训人次 分值", lineOutput1, onIndicator(1, template.FieldWeight), false},
		}},
		{"section.weight of the budget reads its weight", func(f *normalize.Form) {
			prescribed(f)
			f.Weights.Budget = dec("20")
		}, RuleSectionWeight, "", []doubt{
			{"年度资金总额 分值", lineFundsTotal, onFunds(fundsTotal, template.ColWeight), true},
			{"年度资金总额 得分", lineFundsTotal, onFunds(fundsTotal, template.ColScore), false},
			{"产出指标 分值", lineOutput1, onSection("产出指标"), false},
		}},
		{"total.weight reads the budget, indicator and total weights", func(f *normalize.Form) {
			withSub(f)
			f.Indicators[3].Weight = dec("5")
		}, RuleTotalWeight, "", []doubt{
			{"用户满意度 分值", lineSatisfied, onIndicator(4, template.FieldWeight), true},
			{"年度资金总额 分值", lineFundsTotal, onFunds(fundsTotal, template.ColWeight), true},
			{"总分 分值", lineTotal, onTotal(template.FieldWeight), true},
			{"满意度指标 分值", lineSatisfied, onSection("满意度指标"), false},
			{"用户满意度 得分", lineSatisfied, onIndicator(4, template.FieldScore), false},
			{"其中：村组道路 分值", 22, onIndicator(5, template.FieldWeight), false},
			{"当年财政拨款 分值", lineFiscal, onFunds(fundsFiscal, template.ColWeight), false},
		}},
		{"total.score reads the total, budget and indicator scores", func(f *normalize.Form) {
			withSub(f)
			f.TotalScore = dec("90")
		}, RuleTotalScore, "", []doubt{
			{"总分", lineTotal, onTotal(template.FieldScore), true},
			{"培训人次 得分", lineOutput1, onIndicator(1, template.FieldScore), true},
			{"年度资金总额 得分", lineFundsTotal, onFunds(fundsTotal, template.ColScore), true},
			{"年度资金总额 年初预算数", lineFundsTotal, onFunds(fundsTotal, template.ColInitial), false},
			{"年度资金总额 全年执行数", lineFundsTotal, onFunds(fundsTotal, template.ColExecuted), false},
			{"培训人次 分值", lineOutput1, onIndicator(1, template.FieldWeight), false},
			{"其中：村组道路 得分", 22, onIndicator(5, template.FieldScore), false},
			{"总分 分值", lineTotal, onTotal(template.FieldWeight), false},
		}},
		{"total.score reads what a blank budget score is computed from", func(f *normalize.Form) {
			f.Funds[0].Score, f.TotalScore = nil, dec("90")
		}, RuleTotalScore, "", []doubt{
			{"年度资金总额 全年执行数", lineFundsTotal, onFunds(fundsTotal, template.ColExecuted), true},
			{"年度资金总额 分值", lineFundsTotal, onFunds(fundsTotal, template.ColWeight), true},
			{"年度资金总额 年初预算数", lineFundsTotal, onFunds(fundsTotal, template.ColInitial), false},
		}},
	}
	for _, tt := range tests {
		for _, d := range tt.doubts {
			t.Run(tt.name+"/"+d.field, func(t *testing.T) {
				f := baseline()
				f.OCR = true
				tt.mutate(f)
				f.Notes = []normalize.Note{{Code: RuleOCRUncertain, Field: d.field, Printed: "8", Used: "8", Line: d.line, Place: d.at}}
				found := false
				for _, fd := range Check(f).Findings {
					if fd.Rule != tt.rule || tt.field != "" && fd.Field != tt.field {
						continue
					}
					found = true
					if marked := fd.Doubt != nil; marked != d.feeds {
						t.Errorf("%s %s: marked %v, want %v: %s", fd.Rule, fd.Field, marked, d.feeds, fd.Message)
					}
				}
				if !found {
					t.Fatalf("no %s finding", tt.rule)
				}
			})
		}
	}
}

// TestAmountColumns keeps the funds.breakdown columns feeds knows in step
// with the columns checkParts adds up.
func TestAmountColumns(t *testing.T) {
	if len(amountColumn) != len(amountColumns) {
		t.Errorf("feeds knows %d amount columns, checkParts adds up %d", len(amountColumn), len(amountColumns))
	}
	for _, c := range amountColumns {
		if amountColumn[c.label] == "" {
			t.Errorf("feeds does not know the column of %s", c.label)
		}
	}
}

// TestOCRDoubtUnderUserTemplate reads a form through normalize with a
// template of the user's own, whose columns print labels no built-in
// template uses: a number OCR misread is still the doubt its errors name.
func TestOCRDoubtUnderUserTemplate(t *testing.T) {
	national, err := os.ReadFile(filepath.Join("..", "template", "templates", "national.json"))
	if err != nil {
		t.Fatal(err)
	}
	mine, err := template.Parse([]byte(strings.NewReplacer(
		`"name": "national"`, `"name": "mine"`,
		`"年初预算数"`, `"期初预算"`, `"全年预算数"`, `"本年预算"`, `"全年执行数"`, `"本年支出"`,
		`"分值"`, `"权数"`, `"执行率"`, `"支出进度"`, `"得分"`, `"评分"`,
	).Replace(string(national))))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		damage func(r *extract.RawForm)
		rule   string
		doubts []string // the fields the finding may name, all under the template's own labels
	}{
		{"a score above its weight", func(r *extract.RawForm) { r.Indicators[1].Score = "45" },
			RuleScoreRange, []string{"满意度 评分"}},
		{"a part that does not add up", func(r *extract.RawForm) { r.Funds[1].Values[2] = "1,200.00" },
			RuleFundsBreakdown, []string{"年度资金总额 本年支出", "当年财政拨款 本年支出"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A form whose arithmetic holds: 10 + 50 + 40 = 100 of weight and score.
			r := extract.RawForm{
				Seq: 1, LineFrom: 1, LineTo: 10, OCR: true, Template: mine, FundsUnit: "项目资金（元）",
				Funds: []extract.RawFunds{
					{Line: 3, Label: "年度资金总额", Values: []string{"1,000.00", "1,000.00", "1,000.00", "10", "100", "10"}},
					{Line: 4, Label: "当年财政拨款", Values: []string{"1,000.00", "1,000.00", "1,000.00"}},
				},
				Indicators: []extract.RawIndicator{
					{Line: 7, Labels: []string{"产出指标(50分)", "数量指标"}, Name: "完成数量", Target: "≥2个", Actual: "2个", Weight: "50", Score: "50"},
					{Line: 8, Labels: []string{"满意度指标(40分)", "服务对象满意度指标"}, Name: "满意度", Target: "≥90%", Actual: "95%", Weight: "40", Score: "40"},
				},
				Total: &extract.RawTotal{Line: 9, Labelled: true, Weight: "100", Score: "100"},
			}
			tt.damage(&r)
			f := normalize.Batch([]extract.RawForm{r}, normalize.Options{})[0]
			found := false
			for _, fd := range Check(&f).Findings {
				if fd.Rule != tt.rule || fd.Severity != Error {
					continue
				}
				found = true
				if fd.Doubt == nil || !slices.Contains(tt.doubts, fd.Doubt.Field) {
					t.Errorf("%s %s: doubt %+v, want one of %v; notes %+v", fd.Rule, fd.Field, fd.Doubt, tt.doubts, f.Notes)
				}
			}
			if !found {
				t.Fatalf("no %s error; notes %+v", tt.rule, f.Notes)
			}
		})
	}
}
