package score

import (
	"strings"
	"testing"

	"github.com/formaudit/formaudit/normalize"
)

// TestOCRArtefacts checks that an error on a form read through OCR says it
// is likely an OCR artefact exactly when a doubtful number feeds it.
func TestOCRArtefacts(t *testing.T) {
	doubt := func(field string, line int, used string) normalize.Note {
		return normalize.Note{Code: RuleOCRUncertain, Field: field, Printed: "8", Used: used, Line: line}
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
			[]normalize.Note{doubt("培训人次 得分", lineOutput1, "18")}, RuleTotalScore, true},
		{"and also its range", true, func(f *normalize.Form) { f.Indicators[0].Score = dec("18") },
			[]normalize.Note{doubt("培训人次 得分", lineOutput1, "18")}, RuleScoreRange, true},
		{"a doubtful weight does not feed the total score", true, func(f *normalize.Form) { f.TotalScore = dec("90") },
			[]normalize.Note{doubt("培训人次 分值", lineOutput1, "15")}, RuleTotalScore, false},
		{"a lost weight feeds the weights", true, func(f *normalize.Form) { f.Indicators[1].Weight = nil },
			[]normalize.Note{doubt("完成时间 分值", lineOutput2, "")}, RuleTotalWeight, true},
		{"a doubtful amount feeds its column's breakdown", true, func(f *normalize.Form) { f.Funds[1].Budget = yuan("6000") },
			[]normalize.Note{{Code: RuleOCRRepaired, Field: "当年财政拨款 全年预算数", Printed: "6OOO", Used: "6000", Line: lineFiscal}}, RuleFundsBreakdown, true},
		{"not another column's", true, func(f *normalize.Form) { f.Funds[1].Budget = yuan("6000") },
			[]normalize.Note{{Code: RuleOCRRepaired, Field: "当年财政拨款 全年执行数", Printed: "56,2OO", Used: "56200", Line: lineFiscal}}, RuleFundsBreakdown, false},
		{"a form not read by OCR", false, func(f *normalize.Form) { f.Indicators[0].Score = dec("18") },
			[]normalize.Note{doubt("培训人次 得分", lineOutput1, "18")}, RuleTotalScore, false},
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
		{Code: RuleOCRRepaired, Field: "培训人次 得分", Printed: "1S", Used: "15", Line: lineOutput1},
		{Code: RuleOCRUncertain, Field: "完成时间 得分", Printed: "", Used: "", Line: lineOutput2},
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
