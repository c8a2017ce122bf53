package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/store"
)

// seedDB imports the seed fixture into a new database.
func seedDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, e := formaudit(t, "import", "--db", db, fixtures.Path("docs/seed-2024.txt")); code != exitOK {
		t.Fatalf("import: %s", e)
	}
	return db
}

func hasFTS5(t *testing.T) bool {
	t.Helper()
	info, err := store.Engine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.FTS5
}

func TestSearchCommand(t *testing.T) {
	db := seedDB(t)
	if !hasFTS5(t) {
		code, _, errOut := formaudit(t, "search", "--db", db, "核查应用")
		if code != exitFatal || !strings.Contains(errOut, "not compiled in") || !strings.Contains(errOut, "-tags sqlite_fts5") {
			t.Errorf("search without FTS5: exit %d, stderr %q", code, errOut)
		}
		return
	}
	for _, tt := range []struct {
		term  string
		wants []string
	}{
		{"核查应用拓展", []string{"[核查应用拓展]预计完成时间", "[核查应用拓展]用户满意度", "indicators.name", "2 hits in 1 form"}},
		{"核查应", []string{"空间[核查应]用拓展", "2 hits in 1 form"}},
		{"党建", []string{"党组织建设", "[党建]宣传栏内容更新次数", "1 hit in 1 form"}},
		{"没有这个词", []string{"0 hits in 0 forms"}},
	} {
		code, out, errOut := formaudit(t, "search", "--db", db, tt.term)
		if code != exitOK {
			t.Fatalf("search %s: exit %d, %s", tt.term, code, errOut)
		}
		for _, w := range tt.wants {
			if !strings.Contains(out, w) {
				t.Errorf("search %s: output lacks %q\n%s", tt.term, w, out)
			}
		}
	}

	code, out, _ := formaudit(t, "search", "--db", db, "--format", "csv", "党建")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil || len(recs) != 2 {
		t.Fatalf("csv: exit %d, err %v, %q", code, err, out)
	}
	want := []string{fixtures.Path("docs/seed-2024.txt"), "2", "2", "440300221111562000383", "党组织建设", "深圳市规划和自然资源数据管理中心",
		"indicators.name", "1", "[党建]宣传栏内容更新次数"}
	if strings.Join(recs[0], ",") != "file,form_id,form,project_code,project,unit,field,item,text" || strings.Join(recs[1], "|") != strings.Join(want, "|") {
		t.Errorf("csv:\n%v\nwant\n%v", recs, want)
	}

	code, out, errOut := formaudit(t, "search", "--db", db, "--limit", "1", "--format", "csv", "数据")
	if recs, _ := csv.NewReader(strings.NewReader(out)).ReadAll(); code != exitOK || len(recs) != 2 || !strings.Contains(errOut, "--limit 1") {
		t.Errorf("--limit 1: exit %d, %d records, stderr %q", code, len(recs), errOut)
	}
}

// TestSearchFormsShow: the form search gives a hit is the one show prints,
// also when other files were imported first and the same forms are stored
// several times, so that a form's id and its place in its file differ.
func TestSearchFormsShow(t *testing.T) {
	if !hasFTS5(t) {
		t.Skip("built without FTS5")
	}
	db := filepath.Join(t.TempDir(), "a.db")
	for _, f := range []string{"docs/pdf/composed-sans-landscape.pdf", "docs/xlsx/seed-sheets.xlsx", "docs/seed-2024.txt"} {
		if code, _, e := formaudit(t, "import", "--db", db, fixtures.Path(f)); code != exitOK {
			t.Fatalf("import %s: %s", f, e)
		}
	}
	code, out, errOut := formaudit(t, "search", "--db", db, "--format", "csv", "党建")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil || len(recs) < 3 {
		t.Fatalf("search: exit %d, err %v, %q %s", code, err, out, errOut)
	}
	for _, r := range recs[1:] {
		file, id, seq, project := r[0], r[1], r[2], r[4]
		if id == seq {
			t.Errorf("hit in %s: form id %s is its place in the file, not its id", filepath.Base(file), seq)
		}
		code, out, errOut := formaudit(t, "show", "--db", db, id)
		if code != exitOK || !strings.Contains(out, "Source: "+file) || !strings.Contains(out, project) {
			t.Errorf("show %s (a hit in %s, %s): exit %d\n%s%s", id, filepath.Base(file), project, code, out, errOut)
		}
	}
	// JSON gives the same hits, form_id, form and item as numbers.
	_, out, _ = formaudit(t, "search", "--db", db, "--format", "json", "党建")
	var hits []map[string]any
	if err := json.Unmarshal([]byte(out), &hits); err != nil || len(hits) != len(recs)-1 {
		t.Fatalf("json: %v, %d hits for %d csv rows\n%s", err, len(hits), len(recs)-1, out)
	}
	for i, h := range hits {
		item := "" // null: a form's own column
		if h["item"] != nil {
			item = fmt.Sprint(h["item"])
		}
		if fmt.Sprint(h["form_id"]) != recs[i+1][1] || fmt.Sprint(h["form"]) != recs[i+1][2] || item != recs[i+1][7] {
			t.Errorf("json hit %d: form_id %#v form %#v item %#v, want the numbers %s %s %s", i, h["form_id"], h["form"], h["item"], recs[i+1][1], recs[i+1][2], recs[i+1][7])
		}
	}
	// The table names the files below the folder they share, which it prints once.
	_, table, _ := formaudit(t, "search", "--db", db, "党建")
	first := strings.TrimPrefix(recs[1][0], fixtures.Path("docs")+string(filepath.Separator))
	if !strings.HasPrefix(table, "files under "+fixtures.Path("docs")+string(filepath.Separator)+"\n") ||
		!strings.Contains(table, "│ "+first+" ") || !strings.Contains(table, "│ form id │") {
		t.Errorf("the table does not name the first hit's file %s below the folder:\n%s", first, table)
	}
	if !strings.Contains(table, "│ "+recs[1][1]+" ") {
		t.Errorf("the table does not give the first hit's form id %s:\n%s", recs[1][1], table)
	}
}

func TestSearchUsage(t *testing.T) {
	db := seedDB(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "--db", db}, "accepts 1 arg"},
		{[]string{"search", "--db", db, "--limit", "-1", "党建"}, "--limit -1"},
		{[]string{"search", "--db", db, "--format", "xml", "党建"}, "unknown format"},
		{[]string{"search", "--db", filepath.Join(t.TempDir(), "missing.db"), "党建"}, "missing.db"},
	} {
		code, out, errOut := formaudit(t, tt.args...)
		if code != exitFatal || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want %q", tt.args, code, errOut, out, tt.want)
		}
	}
}
