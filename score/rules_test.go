package score

import (
	"sort"
	"testing"
)

func TestRulesListEveryEmittedCode(t *testing.T) {
	listed := make(map[string]Severity)
	rs := Rules()
	if !sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].Code < rs[j].Code }) {
		t.Error("Rules() not sorted by code")
	}
	for _, r := range rs {
		if _, dup := listed[r.Code]; dup {
			t.Errorf("rule %s listed twice", r.Code)
		}
		listed[r.Code] = r.Severity
		if r.Doc == "" || (r.Severity != Error && r.Severity != Warning) {
			t.Errorf("rule %s lacks a doc or severity: %+v", r.Code, r)
		}
		if r.Severity == Error && (r.Formula == "" || r.Tolerance == "") {
			t.Errorf("arithmetic rule %s lacks a formula or tolerance", r.Code)
		}
	}
	emitted := make(map[string]bool)
	for _, fd := range Check(broken()).Findings {
		emitted[fd.Rule] = true
		sev, ok := listed[fd.Rule]
		if !ok {
			t.Errorf("Check emits %s, which Rules() does not list", fd.Rule)
		} else if sev != fd.Severity {
			t.Errorf("%s emitted as %s, listed as %s", fd.Rule, fd.Severity, sev)
		}
	}
	f := baseline()
	f.TotalScore = nil
	for _, fd := range Check(f).Findings {
		emitted[fd.Rule] = true
	}
	f.TotalScore = dec("1")
	for _, fd := range Check(f).Findings {
		emitted[fd.Rule] = true
	}
	for code := range listed {
		if !emitted[code] {
			t.Errorf("Rules() lists %s, which no test form makes Check emit", code)
		}
	}
}
