package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// templateRows runs templates --format json and returns its rows as
// "name|definition|forms".
func templateRows(t *testing.T, db string) []string {
	t.Helper()
	code, out, errOut := formaudit(t, "templates", "--db", db, "--format", "json")
	if code != exitOK {
		t.Fatalf("templates: exit %d: %s", code, errOut)
	}
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("templates --format json: %v\n%s", err, out)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r["name"]+"|"+r["definition"]+"|"+r["forms"])
	}
	return got
}

// TestTemplatesList checks the list: the built-in templates without a
// database (and none created), then with the database's own and the forms
// each read, and a template whose definition is gone listed as not stored.
func TestTemplatesList(t *testing.T) {
	builtin := []string{"budget20|built-in|0", "national|built-in|0", "sichuan|built-in|0", "xianjie|built-in|0"}
	none := filepath.Join(t.TempDir(), "none.db")
	if got := templateRows(t, none); !reflect.DeepEqual(got, builtin) {
		t.Errorf("without a database: %q, want %q", got, builtin)
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("templates created a database")
	}

	db := seedDB(t)
	if code, out, errOut := formaudit(t, "import", "--db", db, "--template", demoTemplate, demoForms); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	want := []string{"budget20|built-in|0", "national|built-in|14", "sichuan|built-in|0", "xianjie|built-in|0", "demo|stored|1"}
	if got := templateRows(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("after importing the seed and a demo form: %q, want %q", got, want)
	}
	if _, out, _ := formaudit(t, "__complete", "--db", db, "templates", "d"); !strings.HasPrefix(out, "demo\t示范项目绩效自评表\n") {
		t.Errorf("completion of templates d: %q, want the stored demo template", out)
	}
	execSQL(t, db, "DELETE FROM templates")
	want[4] = "demo|not stored|1"
	if got := templateRows(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("with the demo definition deleted: %q, want %q", got, want)
	}
}

// TestTemplatesPrint checks that a printed definition is the template: the
// national one parses to the built-in template, and the demo one, printed
// from the database, imports the demo form again as a --template file.
func TestTemplatesPrint(t *testing.T) {
	code, out, errOut := formaudit(t, "templates", "--db", filepath.Join(t.TempDir(), "none.db"), "national")
	if code != exitOK {
		t.Fatalf("templates national: exit %d: %s", code, errOut)
	}
	national, err := template.Parse([]byte(out))
	if err != nil || !reflect.DeepEqual(national, template.National()) {
		t.Errorf("templates national prints a definition that parses to another template (%v)", err)
	}

	db := filepath.Join(t.TempDir(), "a.db")
	if code, out, errOut := formaudit(t, "import", "--db", db, "--template", demoTemplate, demoForms); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = formaudit(t, "templates", "--db", db, "demo")
	if code != exitOK {
		t.Fatalf("templates demo: exit %d: %s", code, errOut)
	}
	printed := filepath.Join(t.TempDir(), "demo.json")
	if err := os.WriteFile(printed, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(t.TempDir(), "b.db")
	if code, out, errOut := formaudit(t, "import", "--db", again, "--template", printed, demoForms); code != exitOK {
		t.Fatalf("import with the printed definition: exit %d\n%s%s", code, out, errOut)
	}
	_, got, _ := formaudit(t, "query", "--db", again, "--format", "csv", "SELECT template, computed_total FROM forms")
	if got = strings.TrimSpace(got); got != "template,computed_total\ndemo,95.75" {
		t.Errorf("the demo form read with the printed definition: %q", got)
	}

	code, _, errOut = formaudit(t, "templates", "--db", db, "hebei")
	if code != exitFatal || !strings.Contains(errOut, `no template named "hebei"`) {
		t.Errorf("templates hebei: exit %d, stderr %q; want exit %d naming it", code, errOut, exitFatal)
	}
}
