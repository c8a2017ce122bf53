package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/store"
)

func formaudit(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = run(args, &out, &errw)
	return code, out.String(), errw.String()
}

func TestImportAuditQuery(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	code, out, errOut := formaudit(t, "import", "--db", db, fixtures.Path("docs/seed-2024.txt"))
	if code != exitOK {
		t.Fatalf("import exit %d: %s %s", code, out, errOut)
	}
	if !strings.Contains(out, "14 forms") || !strings.Contains(out, "1 imported") {
		t.Errorf("import summary: %q", out)
	}

	code, out, _ = formaudit(t, "audit", "--db", db, "--format", "json")
	if code != exitOK {
		t.Fatalf("audit exit %d", code)
	}
	var doc struct {
		Sources []struct {
			File  string
			Forms []struct {
				ProjectName string `json:"project_name"`
				Findings    []map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("audit json: %v\n%s", err, out)
	}
	rules := map[string]int{}
	var findings []map[string]any
	for _, s := range doc.Sources {
		for _, f := range s.Forms {
			for _, fd := range f.Findings {
				findings = append(findings, fd)
				rules[fmt.Sprint(fd["rule"])]++
				for _, col := range []string{"rule", "severity", "field", "recorded", "computed", "tolerance", "message", "location"} {
					if _, ok := fd[col]; !ok {
						t.Fatalf("finding without %s: %v", col, fd)
					}
				}
			}
		}
	}
	for _, rule := range []string{"total.missing", "indicator.unmet_full_score", "indicator.year_mismatch", "header.truncated"} {
		if rules[rule] == 0 {
			t.Errorf("audit lists no %s (got %v)", rule, rules)
		}
	}

	code, out, _ = formaudit(t, "audit", "--db", db, "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil || len(recs) != len(findings)+1 || recs[0][0] != "file" {
		t.Errorf("audit csv: exit %d, err %v, %d records for %d findings", code, err, len(recs), len(findings))
	}

	code, out, _ = formaudit(t, "audit", "--db", db)
	if code != exitOK || !strings.Contains(out, "重点实验室") || !strings.Contains(out, "total.missing") {
		t.Errorf("audit table: exit %d\n%s", code, out)
	}

	code, out, _ = formaudit(t, "query", "--db", db, "--format", "csv",
		"SELECT project_name, computed_total FROM forms WHERE recorded_total IS NULL")
	if code != exitOK || strings.TrimSpace(out) != "project_name,computed_total\n重点实验室,99.62" {
		t.Errorf("query: exit %d, output %q", code, out)
	}
}

func TestQueryIsReadOnly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, e := formaudit(t, "import", "--db", db, fixtures.Path("docs/seed-2024.txt")); code != exitOK {
		t.Fatal(e)
	}
	for _, sql := range []string{"DELETE FROM forms", "ATTACH DATABASE 'x.db' AS x", "DROP TABLE forms"} {
		code, _, errOut := formaudit(t, "query", "--db", db, sql)
		if code != exitFatal || !strings.Contains(errOut, "readonly") && !strings.Contains(errOut, "too many attached") {
			t.Errorf("%s: exit %d, stderr %q", sql, code, errOut)
		}
	}
	_, out, _ := formaudit(t, "query", "--db", db, "--format", "csv", "SELECT count(*) FROM forms")
	if strings.TrimSpace(out) != "count(*)\n14" {
		t.Errorf("forms after refused writes: %q", out)
	}
}

func TestExitStatusWhenFilesFail(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "good.txt"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("not a form\n"), 0o644)
	db := filepath.Join(t.TempDir(), "a.db")
	code, out, errOut := formaudit(t, "import", "--db", db, dir)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(errOut, "bad.txt") || !strings.Contains(errOut, "no 项目支出绩效自评表 found") {
		t.Errorf("stderr does not list the failure: %q", errOut)
	}
	if !strings.Contains(out, "1 imported") {
		t.Errorf("the good file was not imported: %q", out)
	}
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, e := formaudit(t, "import", "--db", db, fixtures.Path("docs/seed-2024.txt")); code != exitOK {
		t.Fatal(e)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "requires at least 1 arg"},
		{[]string{"audit", "--db", db, "--format", "xml"}, "unknown format"},
		{[]string{"query", "--db", db, "--format", "xml", "SELECT 1"}, "unknown format"},
		{[]string{"audit", "--db", filepath.Join(t.TempDir(), "missing.db")}, "missing.db"},
		{[]string{"nosuch"}, "unknown command"},
	} {
		code, out, errOut := formaudit(t, tt.args...)
		if code != exitFatal || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit %d and %q on stderr only", tt.args, code, errOut, out, exitFatal, tt.want)
		}
	}
}

func TestDBFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	t.Setenv("FORMAUDIT_DB", db)
	if code, _, e := formaudit(t, "import", fixtures.Path("docs/seed-2024.txt")); code != exitOK {
		t.Fatal(e)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("FORMAUDIT_DB not used: %v", err)
	}
}

// execSQL changes the database at path as a person with sqlite3 might.
func execSQL(t *testing.T, path, query string, args ...any) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.SQL().Exec(query, args...)
	if cerr := db.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}
}

// TestNoDatabase: a reading command given a database that does not exist
// says so and what to do, and leaves no file behind.
func TestNoDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "missing.db")
	for _, args := range [][]string{{"audit"}, {"show", "1"}, {"query", "SELECT 1"}, {"schema"}, {"search", "党建"}} {
		code, out, errOut := formaudit(t, append(args, "--db", db)...)
		if code != exitFatal || out != "" || !strings.Contains(errOut, "no database "+db) || !strings.Contains(errOut, "formaudit import") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d naming the missing database and import", args[0], code, out, errOut, exitFatal)
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a reading command left %s behind: %v", db, err)
	}
}
