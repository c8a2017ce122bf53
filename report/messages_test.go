package report

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// TestEveryRuleHasMessages checks that each rule of the catalogue (the one
// `formaudit help rules` prints) has English text and a Chinese wording of
// its own, not the generic one unknown rules get.
func TestEveryRuleHasMessages(t *testing.T) {
	f := &store.ReportForm{Template: "national", RecordedTotal: dec("85"),
		Funds: []store.FundsRow{{Line: "total", Label: "年度资金总额", SourceLine: 8}}}
	for _, r := range score.Rules() {
		fd := store.Finding{Rule: r.Code, Severity: string(r.Severity), Field: "字段", Recorded: "1", Computed: "2",
			Message: "English message.", Line: 8}
		generic := fmt.Sprintf("%s:记录值“%s”,重算值“%s”。", fd.Field, fd.Recorded, fd.Computed)
		if zh := message(Chinese, f, template.National(), fd); zh == "" || zh == generic {
			t.Errorf("%s: no Chinese message of its own (got %q)", r.Code, zh)
		}
		if en := message(English, f, template.National(), fd); en != fd.Message || r.Doc == "" {
			t.Errorf("%s: English message %q, rule doc %q", r.Code, en, r.Doc)
		}
	}
}

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// TestSectionWeightMessages words each check behind section.weight from the
// findings score.Check makes: weights against the template's, and
// indicators against their 一级指标.
func TestSectionWeightMessages(t *testing.T) {
	for _, tt := range []struct {
		name          string
		budget        string    // the weight the total funds line prints
		output, spent [2]string // 产出指标 declared weight and its indicators' weights
		want          []string  // the Chinese messages, in order
	}{
		{"budget against template", "20", [2]string{"50", "50"}, [2]string{"30", "30"},
			[]string{"年度资金总额标明预算执行分值 20,但本表所用模板(national)规定预算执行分值为 10。"}},
		{"一级指标 against template", "10", [2]string{"40", "40"}, [2]string{"30", "30"},
			[]string{"一级指标“产出指标”标明分值 40,但本表所用模板(national)规定其分值为 50。"}},
		{"indicators against 一级指标", "10", [2]string{"50", "45"}, [2]string{"30", "30"},
			[]string{"一级指标“产出指标”标明分值 50,但其下各指标分值合计为 45。"}},
		{"both, same numbers", "10", [2]string{"40", "50"}, [2]string{"30", "30"},
			[]string{"一级指标“产出指标”标明分值 40,但本表所用模板(national)规定其分值为 50。",
				"一级指标“产出指标”标明分值 40,但其下各指标分值合计为 50。"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form := weightForm(tt.budget, tt.output, tt.spent)
			rf := store.ReportForm{Template: form.Template}
			for _, l := range form.Funds {
				rf.Funds = append(rf.Funds, store.FundsRow{Line: l.Line, Label: l.Label, SourceLine: l.SourceLine, Weight: l.Weight})
			}
			var got []string
			for _, fd := range score.Check(form).Findings {
				if fd.Rule != score.RuleSectionWeight {
					continue
				}
				got = append(got, message(Chinese, &rf, template.National(), store.Finding{Rule: fd.Rule, Severity: string(fd.Severity),
					Field: fd.Field, Recorded: fd.Recorded, Computed: fd.Computed, Message: fd.Message, Line: fd.Line}))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("messages\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// weightForm is a form of the national template with a budget weight and
// two 一级指标 of two indicators each, 产出指标 (template weight 50) and
// 效益指标 (template weight 30), each given as declared weight and the sum
// its indicators weigh, split evenly.
func weightForm(budget string, output, benefit [2]string) *normalize.Form {
	f := &normalize.Form{Template: "national",
		Funds: []normalize.Funds{{Line: "total", Label: "年度资金总额", SourceLine: 8, Weight: dec(budget)}},
		Weights: normalize.Weights{Budget: dec("10"),
			Level1: map[string]*decimal.Decimal{"产出指标": dec("50"), "效益指标": dec("30")}}}
	line := 20
	for _, sec := range []struct {
		name string
		w    [2]string
	}{{"产出指标", output}, {"效益指标", benefit}} {
		f.Sections = append(f.Sections, normalize.Section{Name: sec.name, Weight: dec(sec.w[0])})
		half := dec(sec.w[1]).Div(decimal.NewFromInt(2))
		for i := range 2 {
			f.Indicators = append(f.Indicators, normalize.Indicator{Seq: line, SourceLine: line, Level1: sec.name,
				Name: fmt.Sprintf("%s%d", sec.name, i+1), Weight: &half})
			line++
		}
	}
	return f
}

func TestGradeMessage(t *testing.T) {
	fd := store.Finding{Rule: score.RuleTotalGrade, Field: "等级", Recorded: "优", Computed: "良"}
	for _, tt := range []struct {
		form store.ReportForm
		want string
	}{
		{store.ReportForm{RecordedTotal: dec("85"), ComputedTotal: dec("92")}, "但记录的总分 85 对应的等级是“良”"},
		{store.ReportForm{ComputedTotal: dec("84.456")}, "但重算的总分 84.46 对应的等级是“良”"},
	} {
		if got := message(Chinese, &tt.form, template.National(), fd); !strings.HasPrefix(got, "表中自评等级为“优”,"+tt.want) {
			t.Errorf("message %q, want it to say %q", got, tt.want)
		}
	}
}

// TestOCRDoubtMessages carries an error that a doubtful OCR number feeds
// from score through the store to the audit: in Chinese it says, as the
// English message does, that the error is likely an OCR artefact, naming
// the number; the English message stays the one score wrote.
func TestOCRDoubtMessages(t *testing.T) {
	// weightOf places a note on the weight of weightForm's indicator at pos.
	weightOf := func(pos int) extract.Place { return extract.Place{Indicator: pos, Column: template.FieldWeight} }
	for _, tt := range []struct {
		name  string
		ocr   bool
		note  normalize.Note
		wantZ string // the Chinese sentence the message ends with; "" for none
	}{
		{"a repaired weight", true,
			normalize.Note{Code: score.RuleOCRRepaired, Field: "产出指标1 分值", Printed: "22.S", Used: "22.5", Line: 20, Place: weightOf(1)},
			"表格经 OCR 识别,产出指标1 分值(OCR 识别为“22.S”,按 22.5 读取)存疑:可能是 OCR 识别错误。"},
		{"a weight OCR lost", true,
			normalize.Note{Code: score.RuleOCRUncertain, Field: "产出指标2 分值", Printed: "", Used: "", Line: 21, Place: weightOf(2)},
			"表格经 OCR 识别,产出指标2 分值(OCR 识别为“”,已留空)存疑:可能是 OCR 识别错误。"},
		{"a form not read by OCR", false,
			normalize.Note{Code: score.RuleOCRRepaired, Field: "产出指标1 分值", Printed: "22.S", Used: "22.5", Line: 20, Place: weightOf(1)}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form := weightForm("10", [2]string{"50", "45"}, [2]string{"30", "30"})
			form.Seq, form.OCR, form.Notes = 1, tt.ocr, []normalize.Note{tt.note}
			res := score.Check(form)
			var english string
			for _, fd := range res.Findings {
				if fd.Rule == score.RuleSectionWeight {
					english = fd.Message
				}
			}
			if english == "" {
				t.Fatal("score made no section.weight finding")
			}
			db, err := store.Open(filepath.Join(t.TempDir(), "audit.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			if _, err := db.SaveForms(ctx, store.Source{Path: "scan.txt"}, []normalize.Form{*form}, []score.Result{res}); err != nil {
				t.Fatal(err)
			}
			forms, err := db.ReportForms(ctx, store.FormFilter{})
			if err != nil {
				t.Fatal(err)
			}
			texts := map[Lang]string{}
			for _, lang := range []Lang{English, Chinese} {
				a := Build(forms, nil, Filter{Rules: []string{score.RuleSectionWeight}}, lang)
				if len(a.Sources) != 1 || len(a.Sources[0].Forms) != 1 || len(a.Sources[0].Forms[0].Findings) != 1 {
					t.Fatalf("%s audit does not hold the one section.weight finding: %+v", lang, a.Summary)
				}
				texts[lang] = a.Sources[0].Forms[0].Findings[0].Text
			}
			if texts[English] != english {
				t.Errorf("English message %q, want score's %q", texts[English], english)
			}
			if marked := strings.Contains(english, "likely an OCR artefact"); marked != (tt.wantZ != "") {
				t.Errorf("English message marked %v, want %v: %q", marked, tt.wantZ != "", english)
			}
			zh := texts[Chinese]
			switch {
			case tt.wantZ != "" && !strings.HasSuffix(zh, "。"+tt.wantZ):
				t.Errorf("Chinese message %q does not end with %q", zh, tt.wantZ)
			case tt.wantZ == "" && strings.Contains(zh, "OCR"):
				t.Errorf("Chinese message %q speaks of OCR on a form not read by it", zh)
			}
		})
	}
}

// TestPageUnreadableMessages words pdf.page_unreadable in Chinese for a
// page of the form and for a page outside it, which may have held forms.
func TestPageUnreadableMessages(t *testing.T) {
	f := &store.ReportForm{PageFrom: 3, PageTo: 4}
	for _, tt := range []struct{ field, want string }{
		{"page 4", "第 4 页未能完整读取(font /F9 is missing),本表印在该页的字段或行可能缺失。"},
		{"page 5", "第 5 页未能完整读取(font /F9 is missing);该页不在本表所在的第 3–4 页内,印在该页的表或行可能缺失。"},
		{"page 2", "第 2 页未能完整读取(font /F9 is missing);该页不在本表所在的第 3–4 页内,印在该页的表或行可能缺失。"},
	} {
		fd := store.Finding{Rule: score.RulePDFPageUnreadable, Severity: string(score.Warning), Field: tt.field, Recorded: "font /F9 is missing"}
		if got := message(Chinese, f, template.National(), fd); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.field, got, tt.want)
		}
	}
}
