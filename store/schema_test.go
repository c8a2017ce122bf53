package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/store"
)

func TestSchemaDocumented(t *testing.T) {
	db, _ := importFiles(t, seedPath)
	info, err := store.Engine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	objects, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range objects {
		names = append(names, o.Name)
		if o.Description == "" {
			t.Errorf("%s (%s) has no description", o.Name, o.Kind)
		}
		if len(o.Columns) == 0 {
			t.Errorf("%s lists no columns", o.Name)
		}
		for _, c := range o.Columns {
			if c.Description == "" {
				t.Errorf("column %s.%s has no description", o.Name, c.Name)
			}
		}
	}
	want := []string{"sources", "forms", "funds", "goals", "indicators", "discrepancies",
		"v_forms", "v_findings", "v_indicators", "search_text", "search_fts", "schema_doc", "search_index_state", "templates"}
	if !info.FTS5 {
		want = slices.DeleteFunc(want, func(n string) bool { return n == "search_fts" })
	}
	if !slices.Equal(names, want) {
		t.Errorf("objects %v, want %v (the FTS5 shadow tables left out)", names, want)
	}

	// No description is left over from a column that no longer exists.
	columns := map[string]bool{}
	for _, o := range objects {
		columns[o.Name+"."] = true
		for _, c := range o.Columns {
			columns[o.Name+"."+c.Name] = true
		}
	}
	for _, r := range records(t, db, "SELECT table_name, column_name FROM schema_doc") {
		if r["table_name"] == "search_fts" && !info.FTS5 {
			continue
		}
		if !columns[r["table_name"]+"."+r["column_name"]] {
			t.Errorf("schema_doc describes %s.%s, which does not exist", r["table_name"], r["column_name"])
		}
	}

	i := slices.IndexFunc(objects, func(o store.SchemaObject) bool { return o.Name == "forms" })
	if i < 0 || objects[i].Kind != "table" || objects[i].Columns[0].Name != "id" || objects[i].Columns[0].Type != "INTEGER" {
		t.Errorf("forms: %+v", objects[min(max(i, 0), len(objects)-1)])
	}
	if i := slices.IndexFunc(objects, func(o store.SchemaObject) bool { return o.Name == "v_forms" }); i < 0 || objects[i].Kind != "view" {
		t.Errorf("v_forms is not listed as a view")
	}
}

func TestReadOnlyRefusesWritesToNewObjects(t *testing.T) {
	_, path := importFiles(t, seedPath)
	ro, err := store.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	count := "SELECT (SELECT count(*) FROM schema_doc) || '/' || (SELECT count(*) FROM search_text) || '/' || (SELECT count(*) FROM v_forms) AS counts"
	before := one(t, ro, count)
	for _, q := range []string{
		"DELETE FROM schema_doc",
		"INSERT INTO search_text (form_id, field, text) VALUES (1, 'x', 'y')",
		"UPDATE forms SET project_name = 'x'",
		"DROP VIEW v_forms",
		"CREATE VIEW v_x AS SELECT 1",
		"INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
	} {
		if _, _, err := ro.Query(context.Background(), q); err == nil {
			t.Errorf("%s succeeded on a read-only database", q)
		}
	}
	ctx := context.Background()
	if _, err := ro.SaveForms(ctx, store.Source{Path: "x.txt"}, nil, nil); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("SaveForms on a read-only database: %v; want it refused as read-only", err)
	}
	if err := ro.SaveFailure(ctx, store.Source{Path: "x.txt"}, errors.New("bad")); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("SaveFailure on a read-only database: %v; want it refused as read-only", err)
	}
	if _, err := ro.Unchanged(ctx, "x.txt", "aaa"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Unchanged on a read-only database: %v; want it refused as read-only, as only an import asks", err)
	}
	if after := one(t, ro, count); after["counts"] != before["counts"] {
		t.Errorf("counts changed from %s to %s", before["counts"], after["counts"])
	}
}

// TestUpgradeFromV1Searchable opens the committed version 1 file: it gains
// the views, the search text of its forms and the schema descriptions.
func TestUpgradeFromV1Searchable(t *testing.T) {
	data, err := os.ReadFile("testdata/v1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.db")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := one(t, db, "PRAGMA user_version")["user_version"]; v != fmt.Sprint(store.Version) {
		t.Errorf("user_version %s, want %d", v, store.Version)
	}
	if r := one(t, db, "SELECT count(*) AS n, count(recorded_total) AS recorded FROM v_forms"); r["n"] != "14" || r["recorded"] != "13" {
		t.Errorf("v_forms after upgrade: %v, want 14 forms, 13 with a recorded total", r)
	}
	if n := len(records(t, db, "SELECT 1 FROM v_indicators WHERE met = 0 AND full_score = 1")); n == 0 {
		t.Error("v_indicators finds no unmet target with full marks in the v1 file")
	}
	// The upgrade indexed the forms already stored.
	for _, term := range []string{"党建", "核查应用拓展", "深圳市"} {
		want := containing(t, db, term)
		if got := len(records(t, db, "SELECT 1 FROM search_text WHERE instr(lower(text), lower(?)) > 0", term)); got != len(want) || got == 0 {
			t.Errorf("search_text holds %d texts with %s, the tables %d", got, term, len(want))
		}
	}
	if n := len(records(t, db, "SELECT 1 FROM schema_doc")); n < 100 {
		t.Errorf("schema_doc has %d rows", n)
	}
	info, err := store.Engine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.FTS5 {
		hits, err := db.Search(context.Background(), "核查应用拓展", marks)
		if err != nil || len(hits) != 2 {
			t.Errorf("search after upgrade: %v, %v", hitKeys(hits), err)
		}
		checkIndex(t, db)
	}
}

// TestNextVersionRefused opens a file one schema version ahead: both opens
// refuse it, naming both versions, and leave it as it was.
func TestNextVersionRefused(t *testing.T) {
	_, path := importFiles(t, seedPath)
	raw, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	next := store.Version + 1
	if _, err := raw.SQL().Exec(fmt.Sprintf("PRAGMA user_version = %d", next)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	for name, open := range map[string]func(string) (*store.DB, error){"Open": store.Open, "OpenReadOnly": store.OpenReadOnly} {
		db, err := open(path)
		if err == nil {
			db.Close()
			t.Fatalf("%s opened a file of schema version %d", name, next)
		}
		for _, v := range []int{next, store.Version} {
			if !strings.Contains(err.Error(), fmt.Sprintf("version %d", v)) {
				t.Errorf("%s: %q does not name version %d", name, err, v)
			}
		}
	}
	v, err := store.SchemaVersion(context.Background(), path)
	if err != nil || v != next {
		t.Errorf("schema version after refusal: %d, %v; want %d", v, err, next)
	}
}
