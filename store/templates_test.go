package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/template"
)

// TestUpgradeRebuildsFunds upgrades the committed version 1 file: its funds
// rows survive the rebuild of the table, the national parts are marked as
// parts of the total, v_forms still reads them, and a line of a template's
// own can now be stored.
func TestUpgradeRebuildsFunds(t *testing.T) {
	data, err := os.ReadFile("testdata/v1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.db")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows := queryRows(t, db, `SELECT count(*), count(*) FILTER (WHERE part_of = 'total'),
		count(*) FILTER (WHERE line = 'total' AND part_of IS NULL), count(DISTINCT form_id) FROM funds`)
	if got := show(rows); got != "\n  [56 | 42 | 14 | 14]" {
		t.Errorf("funds after upgrade (rows, parts of the total, totals, forms): %s, want 56 | 42 | 14 | 14", got)
	}
	rows = queryRows(t, db, "SELECT count(*), count(budget_yuan) FROM v_forms")
	if got := show(rows); got != "\n  [14 | 14]" {
		t.Errorf("v_forms after upgrade (forms, with a budget): %s", got)
	}
	ctx := context.Background()
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO funds (form_id, line, label, part_of)
		SELECT id, 'special_account', '财政专户管理资金', 'total' FROM forms WHERE seq = 1`); err != nil {
		t.Errorf("a line of a template's own refused: %v", err)
	}
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO funds (form_id, line) SELECT id, '' FROM forms WHERE seq = 1`); err == nil {
		t.Error("a funds line without a name was stored")
	}
}

// TestSaveProvincialForm stores what a provincial form adds: a line of its
// template's own with its label and the line it is part of, the grade beside
// the total, and a sub-row.
func TestSaveProvincialForm(t *testing.T) {
	db, _ := openTemp(t)
	forms, results := sampleForm()
	f := &forms[0]
	f.Template, f.Grade = "sichuan", "优"
	f.Funds[1].Line, f.Funds[1].Label, f.Funds[1].PartOf = "special_account", "财政专户管理资金", "total"
	f.Indicators[1].Sub = true
	results[0].Funds = append(results[0].Funds[:1], score.FundsResult{})
	if _, err := db.SaveForms(context.Background(), Source{Path: "sc.xlsx", SHA256: "x"}, forms, results); err != nil {
		t.Fatal(err)
	}
	rows := queryRows(t, db, `SELECT f.template, f.grade, l.line, l.label, l.part_of,
		(SELECT group_concat(sub_row, ',') FROM indicators i WHERE i.form_id = f.id)
		FROM forms f JOIN funds l ON l.form_id = f.id WHERE l.line <> 'total'`)
	if got, want := show(rows), "\n  [sichuan | 优 | special_account | 财政专户管理资金 | total | 0,1]"; got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
}

// TestSaveTemplates stores a template's definition and reads it back as it
// was given; saving one of the same name again replaces it, and says so
// with the forms read with the earlier when the definitions differ; a
// database opened read-only reads it too.
func TestSaveTemplates(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	own := *template.National()
	own.Name, own.Title = "own", "某省项目支出绩效自评表"
	own.Header.ProjectCode = []string{"项目代码"}
	for i, want := range [][]ReplacedTemplate{nil, nil} {
		replaced, err := db.SaveTemplates(ctx, []*template.Template{&own})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(replaced, want) {
			t.Errorf("save %d of the same definition: replaced %+v, want %+v", i+1, replaced, want)
		}
	}
	forms, results := sampleForm()
	forms[0].Template = "own"
	if _, err := db.SaveForms(ctx, Source{Path: "own.xlsx", SHA256: "x"}, forms, results); err != nil {
		t.Fatal(err)
	}
	own.Title = "某省项目支出绩效自评表(修订)"
	replaced, err := db.SaveTemplates(ctx, []*template.Template{&own})
	if err != nil {
		t.Fatal(err)
	}
	if want := []ReplacedTemplate{{Name: "own", Forms: 1}}; !reflect.DeepEqual(replaced, want) {
		t.Errorf("save of a changed definition: replaced %+v, want %+v", replaced, want)
	}
	db.Close()
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	got, unreadable, err := ro.Templates(ctx)
	if err != nil || len(unreadable) > 0 {
		t.Fatal(err, unreadable)
	}
	if len(got) != 1 || !reflect.DeepEqual(*got[0], own) {
		t.Fatalf("stored templates %+v,\nwant the one saved last, %+v", got, own)
	}
	if _, err := ro.SaveTemplates(ctx, []*template.Template{&own}); err == nil {
		t.Error("a read-only database saved a template")
	}
}
