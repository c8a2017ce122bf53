package main

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
)

// TestDoctorReportsSearchIndex follows a database's full-text index as
// doctor reports it: complete after an import, texts waiting as an import
// cut short leaves them until the next import indexes them, then out of
// step and missing as a build without FTS5 leaves it.
func TestDoctorReportsSearchIndex(t *testing.T) {
	db := seedDB(t)
	count := func(where string) int {
		t.Helper()
		_, out, errOut := formaudit(t, "--db", db, "query", "--format", "csv", "SELECT count(*) AS n FROM search_text "+where)
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(out), "n\n"))
		if err != nil {
			t.Fatalf("count of texts: %q, %s", out, errOut)
		}
		return n
	}
	exec := func(script string) func(t *testing.T) {
		return func(t *testing.T) {
			raw, err := sql.Open("sqlite3", db)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(script); err != nil {
				t.Fatal(err)
			}
		}
	}
	texts, waiting := count(""), count("WHERE form_id = 1")
	if texts == 0 || waiting == 0 {
		t.Fatalf("%d texts, %d of form 1", texts, waiting)
	}
	steps := []struct {
		name   string
		change func(t *testing.T)
		want   string
	}{
		{"after import", func(*testing.T) {}, fmt.Sprintf("search index: complete (%d texts)\n", texts)},
		// Rows written above indexed_to, as SaveForms leaves them for a batch.
		{"texts waiting", exec("INSERT INTO search_text (form_id, field, item, text) SELECT form_id, field, item, text FROM search_text WHERE form_id = 1"),
			fmt.Sprintf("search index: %d of %d texts waiting to be indexed (an import is running or was cut short; the next formaudit import indexes them)\n", waiting, texts+waiting)},
		{"after the next import", func(t *testing.T) {
			if code, _, e := formaudit(t, "import", "--db", db, "--quiet", fixtures.Path("docs/seed-2024.txt")); code != exitOK {
				t.Fatal(e)
			}
		}, fmt.Sprintf("search index: complete (%d texts)\n", texts+waiting)},
		{"a trigger dropped", exec("DROP TRIGGER search_fts_insert"), "search index: out of step"},
		{"index dropped", exec("DROP TABLE search_fts"), "search index: missing"},
	}
	if !hasFTS5(t) {
		steps = steps[len(steps)-1:]
		steps[0].change, steps[0].want = func(*testing.T) {}, "search index: missing (the file was written by a build without FTS5): formaudit search refuses it until the next import by a build with FTS5 builds it"
	}
	for _, s := range steps {
		s.change(t)
		if code, out, errOut := formaudit(t, "doctor", "--db", db); code != exitOK || !strings.Contains(out, s.want) {
			t.Errorf("%s: exit %d, stderr %q; doctor does not say %q:\n%s", s.name, code, errOut, s.want, out)
		}
	}

	old := oldDB(t, "v6.db")
	if _, out, _ := formaudit(t, "doctor", "--db", old); !strings.Contains(out, "schema version 6") || strings.Contains(out, "search index") {
		t.Errorf("doctor on schema version 6 reports a search index state it does not record:\n%s", out)
	}
}

// TestDoctorReportsTemplates checks that doctor names the templates a
// database's forms were read with, and says of one whose definition is not
// stored that show and audit fall back to the national labels.
func TestDoctorReportsTemplates(t *testing.T) {
	db := seedDB(t)
	if code, out, errOut := formaudit(t, "import", "--db", db, "--template", demoTemplate, demoForms); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	templates := func() string {
		t.Helper()
		_, out, _ := formaudit(t, "doctor", "--db", db)
		for _, l := range strings.Split(out, "\n") {
			if s, ok := strings.CutPrefix(l, "templates: "); ok {
				return s
			}
		}
		t.Fatalf("doctor prints no templates line:\n%s", out)
		return ""
	}
	if got, want := templates(), "demo 1 form (definition stored), national 14 forms"; got != want {
		t.Errorf("templates: %q, want %q", got, want)
	}
	execSQL(t, db, "DELETE FROM templates")
	if got := templates(); !strings.HasPrefix(got, "demo 1 form (definition not stored: show and audit lay them out under the national labels") {
		t.Errorf("templates after the definition was deleted: %q", got)
	}
}
