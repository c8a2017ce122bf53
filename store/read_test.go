package store

import (
	"context"
	"errors"
	"testing"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
)

func TestFindingsOrder(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	form := func(seq int, code string) normalize.Form {
		return normalize.Form{Seq: seq, ProjectCode: code, ProjectName: "项目" + code}
	}
	finding := func(rule string, sev score.Severity, line int) score.Finding {
		return score.Finding{Rule: rule, Severity: sev, Field: "f." + rule, Recorded: "1", Computed: "2", Line: line, Message: "m"}
	}
	// Saved out of order on purpose: b.txt first, its forms seq 2 before 1, findings unsorted.
	if _, err := db.SaveForms(ctx, Source{Path: "b.txt"},
		[]normalize.Form{form(1, "B1")},
		[]score.Result{{Findings: []score.Finding{finding("z.rule", score.Error, 0)}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveForms(ctx, Source{Path: "a.txt"},
		[]normalize.Form{form(2, "A2"), form(1, "A1")},
		[]score.Result{
			{Findings: []score.Finding{finding("b.rule", score.Warning, 5), finding("a.rule", score.Error, 5)}},
			{Findings: []score.Finding{finding("c.rule", score.Error, 9), finding("d.rule", score.Warning, 0)}},
		}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Findings(ctx)
	if err != nil {
		t.Fatalf("Findings: %v", err)
	}
	want := []struct {
		path string
		seq  int
		code string
		rule string
		line int
	}{
		{"a.txt", 1, "A1", "d.rule", 0},
		{"a.txt", 1, "A1", "c.rule", 9},
		{"a.txt", 2, "A2", "a.rule", 5},
		{"a.txt", 2, "A2", "b.rule", 5},
		{"b.txt", 1, "B1", "z.rule", 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Path != w.path || g.Seq != w.seq || g.ProjectCode != w.code || g.Rule != w.rule || g.Line != w.line {
			t.Errorf("finding %d = %s/%d/%s/%s/line %d, want %s/%d/%s/%s/line %d",
				i, g.Path, g.Seq, g.ProjectCode, g.Rule, g.Line, w.path, w.seq, w.code, w.rule, w.line)
		}
		if g.ProjectName != "项目"+w.code || g.Field != "f."+w.rule || g.Recorded != "1" || g.Computed != "2" || g.Message != "m" {
			t.Errorf("finding %d fields = %+v", i, g)
		}
		if g.ID == 0 || g.FormID == 0 {
			t.Errorf("finding %d has no ids: %+v", i, g)
		}
	}
	if got[0].FormID != got[1].FormID || got[1].FormID == got[2].FormID {
		t.Errorf("form ids do not group findings by form: %d %d %d", got[0].FormID, got[1].FormID, got[2].FormID)
	}
	if got[2].Severity != "error" || got[3].Severity != "warning" {
		t.Errorf("severities = %s, %s, want error, warning", got[2].Severity, got[3].Severity)
	}
}

func TestStats(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	forms, results := sampleForm() // one error, one warning
	for _, p := range []string{"a.txt", "b.txt"} {
		if _, err := db.SaveForms(ctx, Source{Path: p}, forms, results); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveFailure(ctx, Source{Path: "c.pdf"}, errors.New("no text")); err != nil {
		t.Fatal(err)
	}
	got, err := db.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	want := Stats{SourcesOK: 2, SourcesFailed: 1, Forms: 2, Findings: 4, Errors: 2, Warnings: 2}
	if got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

func TestQueryValues(t *testing.T) {
	db, _ := openTemp(t)
	cols, rows, err := db.Query(context.Background(),
		`SELECT NULL AS n, '' AS e, 42 AS i, 98.68 AS r, 100.0 AS w, x'6869' AS b, ? AS p`, "参数")
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	wantCols := []string{"n", "e", "i", "r", "w", "b", "p"}
	if len(cols) != len(wantCols) {
		t.Fatalf("cols = %v, want %v", cols, wantCols)
	}
	for i := range cols {
		if cols[i] != wantCols[i] {
			t.Errorf("col %d = %s, want %s", i, cols[i], wantCols[i])
		}
	}
	want := [][]*string{{nil, s(""), s("42"), s("98.68"), s("100"), s("hi"), s("参数")}}
	if !equalRows(rows, want) {
		t.Errorf("rows%s\nwant%s", show(rows), show(want))
	}
	if _, _, err := db.Query(context.Background(), "SELECT * FROM no_such_table"); err == nil {
		t.Error("Query of a missing table succeeded")
	}
}

func TestDeleteSourceCascades(t *testing.T) {
	db, _ := openTemp(t)
	forms, results := sampleForm()
	if _, err := db.SaveForms(context.Background(), Source{Path: "a.txt"}, forms, results); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec("DELETE FROM sources"); err != nil {
		t.Fatal(err)
	}
	for table, n := range counts(t, db) {
		if n != 0 {
			t.Errorf("%s has %d rows after its source was deleted", table, n)
		}
	}
}

// TestFindingDoubt stores findings with and without a doubtful OCR number
// and reads each back the same through both readers: a number left blank
// keeps its empty value, and a finding without a doubt reads none.
func TestFindingDoubt(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	doubts := map[string]*score.Doubt{
		"a.blank":   {Field: "完成时间 得分", Printed: "", Used: ""},
		"b.read":    {Field: "培训人次 得分", Printed: "1S", Used: "15"},
		"c.nodoubt": nil,
	}
	var findings []score.Finding
	for rule, d := range doubts {
		findings = append(findings, score.Finding{Rule: rule, Severity: score.Error, Field: "总分", Message: "m", Doubt: d})
	}
	if _, err := db.SaveForms(ctx, Source{Path: "a.txt"}, []normalize.Form{{Seq: 1}},
		[]score.Result{{Findings: findings}}); err != nil {
		t.Fatal(err)
	}
	all, err := db.Findings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	forms, err := db.ReportForms(ctx, FormFilter{})
	if err != nil || len(forms) != 1 {
		t.Fatalf("ReportForms: %d forms, %v", len(forms), err)
	}
	for reader, got := range map[string][]Finding{"Findings": all, "ReportForms": forms[0].Findings} {
		if len(got) != len(doubts) {
			t.Fatalf("%s: %d findings, want %d", reader, len(got), len(doubts))
		}
		for _, fd := range got {
			want := doubts[fd.Rule]
			if (fd.Doubt == nil) != (want == nil) || want != nil && *fd.Doubt != *want {
				t.Errorf("%s: %s doubt %+v, want %+v", reader, fd.Rule, fd.Doubt, want)
			}
		}
	}
}
