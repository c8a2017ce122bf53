package score

import (
	"strings"
	"testing"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

func TestTotalWeight(t *testing.T) {
	extra := normalize.Indicator{SourceLine: 36, Name: "附加指标", Weight: dec("5"), Score: dec("0")}
	runCases(t, []checkCase{
		{"recorded total weight differs", func(f *normalize.Form) { f.TotalWeight = dec("90") },
			[]key{{RuleTotalWeight, Error, "分值", "90", "100", lineTotal}}},
		{"blank total weight is 100", func(f *normalize.Form) { f.TotalWeight = nil }, nil},
		{"blank total weight and 105", func(f *normalize.Form) {
			f.TotalWeight = nil
			f.Indicators = append(f.Indicators, extra)
		}, []key{{RuleTotalWeight, Error, "分值", "", "105", lineTotal}}},
		{"budget weight counts", func(f *normalize.Form) {
			f.Funds[0].Weight = dec("20")
			f.Funds[0].Score, f.TotalScore = dec("19.24"), dec("109.24")
		}, []key{{RuleTotalWeight, Error, "分值", "100", "110", lineTotal}}},
	})
	f := baseline()
	f.TotalWeight = nil
	f.Indicators = append(f.Indicators, extra)
	for _, fd := range Check(f).Findings {
		if fd.Rule == RuleTotalWeight && !strings.Contains(fd.Message, "100 assumed") {
			t.Errorf("message %q does not say 100 was assumed", fd.Message)
		}
	}
}

func TestTotalScore(t *testing.T) {
	total := func(recorded, computed string) key {
		return key{RuleTotalScore, Error, "总分", recorded, computed, lineTotal}
	}
	runCases(t, []checkCase{
		{"0.01 above", func(f *normalize.Form) { f.TotalScore = dec("99.63") }, nil},
		{"0.02 above", func(f *normalize.Form) { f.TotalScore = dec("99.64") }, []key{total("99.64", "99.62")}},
		{"0.01 below", func(f *normalize.Form) { f.TotalScore = dec("99.61") }, nil},
		{"0.02 below", func(f *normalize.Form) { f.TotalScore = dec("99.60") }, []key{total("99.6", "99.62")}},
		{"recorded budget score is used as printed", func(f *normalize.Form) {
			f.Funds[0].Score = dec("9.63")
			f.TotalScore = dec("99.64")
		}, nil},
		{"blank budget score is computed", func(f *normalize.Form) { f.Funds[0].Score = nil }, nil},
		{"computed budget score disagrees", func(f *normalize.Form) {
			f.Funds[0].Score, f.TotalScore = nil, dec("100")
		}, []key{total("100", "99.62")}},
		{"blank indicator score counts zero", func(f *normalize.Form) {
			f.Indicators[3].Score = nil
		}, []key{total("99.62", "89.62")}},
		{"blank total", func(f *normalize.Form) { f.TotalScore = nil },
			[]key{{RuleTotalMissing, Warning, "总分", "", "99.62", lineTotal}}},
	})
}

func TestTotalMessages(t *testing.T) {
	f := baseline()
	f.Funds[0].Score, f.TotalScore = nil, dec("100")
	fs := Check(f).Findings
	if len(fs) != 1 {
		t.Fatalf("findings: %+v", fs)
	}
	want := "Recorded 总分 100 differs from computed budget score 9.62 + indicator scores 90 = 99.62."
	if fs[0].Message != want {
		t.Errorf("message = %q, want %q", fs[0].Message, want)
	}
}

func TestComputedTotal(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *normalize.Form)
		want   string
	}{
		{"issue example", func(f *normalize.Form) {}, "99.62"},
		{"recorded budget score wins", func(f *normalize.Form) { f.Funds[0].Score = dec("9") }, "99"},
		{"computed budget score when blank", func(f *normalize.Form) {
			f.Funds[0].Score = nil
			f.Funds[0].Executed = yuan("50000")
		}, "95"},
		{"no total funds line", func(f *normalize.Form) { f.Funds = f.Funds[1:] }, "90"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := baseline()
			tc.mutate(f)
			if got := Check(f).ComputedTotal; !got.Equal(decimal.RequireFromString(tc.want)) {
				t.Errorf("ComputedTotal = %s, want %s", got, tc.want)
			}
		})
	}
}
