package score

import (
	"strings"
	"testing"

	"github.com/formaudit/formaudit/normalize"
	"github.com/shopspring/decimal"
)

func TestFundsRate(t *testing.T) {
	rate := func(recorded, computed string) key {
		return key{RuleFundsRate, Error, "执行率", recorded, computed, lineFundsTotal}
	}
	runCases(t, []checkCase{
		{"seed form 党组织建设: 18256.90 / 45711.00 printed 39.94", func(f *normalize.Form) {
			setRate(f, "45711", "18256.90", "39.94", 2, "3.99")
		}, nil},
		{"98.68 against 98.685 is within 0.01", func(f *normalize.Form) {
			setRate(f, "1000", "986.85", "98.68", 2, "9.87")
		}, nil},
		{"98.67 against 98.685 is beyond 0.01", func(f *normalize.Form) {
			setRate(f, "1000", "986.85", "98.67", 2, "9.87")
		}, []key{rate("98.67", "98.69")}},
		{"98.70 printed with its trailing zero", func(f *normalize.Form) {
			setRate(f, "1000", "986.85", "98.70", 2, "9.87")
		}, []key{rate("98.70", "98.69")}},
		{"exactly one unit off", func(f *normalize.Form) {
			setRate(f, "1000", "962", "96.21", 2, "9.62")
		}, nil},
		{"just over one unit off", func(f *normalize.Form) {
			setRate(f, "1000", "962", "96.22", 2, "9.62")
		}, []key{rate("96.22", "96.2")}},
		{"printed 100 allows one percent", func(f *normalize.Form) {
			setRate(f, "1000", "990", "100", 0, "9.9")
		}, nil},
		{"printed 100 against 98.5", func(f *normalize.Form) {
			setRate(f, "1000", "985", "100", 0, "9.85")
		}, []key{rate("100", "98.5")}},
		{"unrecorded places fall back to the value's digits", func(f *normalize.Form) {
			setRate(f, "1000", "987", "98.68", 0, "9.87")
		}, []key{rate("98.68", "98.7")}},
		{"blank rate is not checked", func(f *normalize.Form) {
			setRate(f, "1000", "500", "", 2, "5")
		}, nil},
		{"zero budget is not checked", func(f *normalize.Form) {
			setRate(f, "0", "0", "96.20", 2, "9.62")
		}, nil},
		{"blank executed is not checked", func(f *normalize.Form) {
			f.Funds[0].Executed = nil
			f.Funds[0].Rate = dec("50")
			f.Funds[0].Score = dec("5")
			f.TotalScore = dec("95")
		}, nil},
	})
}

func TestFundsScore(t *testing.T) {
	score := func(recorded, computed string) key {
		return key{RuleFundsScore, Error, "得分", recorded, computed, lineFundsTotal}
	}
	runCases(t, []checkCase{
		{"0.01 above", func(f *normalize.Form) { setRate(f, "100000", "96200", "96.20", 2, "9.63") }, nil},
		{"0.02 above", func(f *normalize.Form) { setRate(f, "100000", "96200", "96.20", 2, "9.64") },
			[]key{score("9.64", "9.62")}},
		{"0.01 below", func(f *normalize.Form) { setRate(f, "100000", "96200", "96.20", 2, "9.61") }, nil},
		{"0.02 below", func(f *normalize.Form) { setRate(f, "100000", "96200", "96.20", 2, "9.6") },
			[]key{score("9.6", "9.62")}},
		{"uses the computed rate, not the recorded one", func(f *normalize.Form) {
			// Rate 98.685% printed as 98.68: 10 × 98.685% = 9.8685, so 9.86 is off by 0.0085 only.
			setRate(f, "1000", "986.85", "98.68", 2, "9.86")
		}, nil},
		{"rate above 100 is capped", func(f *normalize.Form) { setRate(f, "1000", "1050", "105.00", 2, "10") }, nil},
		{"rate above 100 earns no more than the weight", func(f *normalize.Form) {
			setRate(f, "1000", "1050", "105.00", 2, "10.5")
		}, []key{score("10.5", "10")}},
		{"falls back to the recorded rate", func(f *normalize.Form) {
			f.Funds[0].Budget, f.Funds[1].Budget = nil, nil
		}, nil},
		{"fallback rate disagrees with the score", func(f *normalize.Form) {
			f.Funds[0].Budget, f.Funds[1].Budget = nil, nil
			f.Funds[0].Score, f.TotalScore = dec("10"), dec("100")
		}, []key{score("10", "9.62")}},
		{"no rate at all", func(f *normalize.Form) {
			setRate(f, "0", "0", "", 2, "10")
		}, nil},
		{"blank weight is not checked", func(f *normalize.Form) {
			f.Funds[0].Weight = nil
			f.Funds[0].Score, f.TotalScore = dec("9.64"), dec("99.64")
		}, []key{{RuleTotalWeight, Error, "分值", "100", "90", lineTotal}}},
		{"blank score is not checked", func(f *normalize.Form) { f.Funds[0].Score = nil }, nil},
	})
}

func TestFundsBreakdown(t *testing.T) {
	breakdown := func(field, recorded, computed string) key {
		return key{RuleFundsBreakdown, Error, field, recorded, computed, lineFundsTotal}
	}
	runCases(t, []checkCase{
		{"budget parts fall short", func(f *normalize.Form) { f.Funds[1].Budget = yuan("59000") },
			[]key{breakdown("全年预算数", "100000.00", "99000.00")}},
		{"a blank part counts zero", func(f *normalize.Form) { f.Funds[2].Budget = nil },
			[]key{breakdown("全年预算数", "100000.00", "60000.00")}},
		{"a blank zero part changes nothing", func(f *normalize.Form) { f.Funds[3].Budget = nil }, nil},
		{"several columns, one finding each", func(f *normalize.Form) {
			f.Funds[2].Executed = yuan("30000")
			f.Funds[3].Initial = yuan("0.01")
		}, []key{
			breakdown("全年执行数", "96200.00", "86200.00"),
			breakdown("年初预算数", "100000.00", "100000.01"),
		}},
		{"blank total column is skipped", func(f *normalize.Form) {
			f.Funds[0].Initial = nil
			f.Funds[1].Initial = yuan("1")
		}, nil},
		{"column with every part blank is skipped", func(f *normalize.Form) {
			for i := 1; i < len(f.Funds); i++ {
				f.Funds[i].Initial = nil
			}
		}, nil},
		{"parts on repeated lines add up", func(f *normalize.Form) {
			f.Funds[2].Initial, f.Funds[2].Budget, f.Funds[2].Executed = yuan("30000"), yuan("30000"), yuan("30000")
			f.Funds = append(f.Funds, normalize.Funds{Line: "carryover", SourceLine: 12,
				Initial: yuan("10000"), Budget: yuan("10000"), Executed: yuan("10000")})
		}, nil},
	})
}

func TestFundsResults(t *testing.T) {
	f := baseline()
	f.Funds = append(f.Funds, normalize.Funds{Line: "other", Budget: yuan("1000"), Executed: yuan("1050"), Weight: dec("10")})
	r := Check(f)
	want := []struct{ rate, score string }{
		{"96.2", "9.62"},
		{"93.67", ""}, // 56200 / 60000, rounded here to compare
		{"100", ""},
		{"", ""}, // zero budget
		{"105", "10"},
	}
	if len(r.Funds) != len(want) {
		t.Fatalf("got %d funds results, want %d", len(r.Funds), len(want))
	}
	str := func(d *decimal.Decimal) string {
		if d == nil {
			return ""
		}
		return decimalString(d.Round(2))
	}
	for i, w := range want {
		if got := str(r.Funds[i].Rate); got != w.rate {
			t.Errorf("line %d rate = %q, want %q", i, got, w.rate)
		}
		if got := str(r.Funds[i].Score); got != w.score {
			t.Errorf("line %d score = %q, want %q", i, got, w.score)
		}
	}
}

func TestFundsMessages(t *testing.T) {
	f := baseline()
	setRate(f, "1000", "986.85", "98.67", 2, "9.5")
	f.Funds[2].Executed = yuan("1")
	var msgs []string
	for _, fd := range Check(f).Findings {
		msgs = append(msgs, fd.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"年度资金总额: recorded execution rate 98.67% differs from 全年执行数 986.85 / 全年预算数 1000.00 = 98.69% by more than 0.01.",
		"年度资金总额: recorded budget score 9.5 differs from 分值 10 × min(computed rate 98.69%, 100%) = 9.87.",
		"全年执行数: total 986.85 元 differs from fiscal 986.85 + carryover 1.00 + other 0.00 = 987.85 元.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no message %q in\n%s", want, all)
		}
	}
}
