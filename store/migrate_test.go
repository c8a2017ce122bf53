package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// copyTestdata copies a committed database file to a temporary directory.
func copyTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestUpgradeFromV1 opens a database written by the first schema version
// (committed in testdata) and expects it upgraded in place, its rows kept.
func TestUpgradeFromV1(t *testing.T) {
	db, err := Open(copyTestdata(t, "v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var version, forms, findings int
	if err := db.SQL().QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != len(migrations) {
		t.Errorf("user_version %d after upgrade, want %d", version, len(migrations))
	}
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*), (SELECT count(*) FROM discrepancies) FROM forms").Scan(&forms, &findings); err != nil {
		t.Fatal(err)
	}
	if forms != 14 || findings == 0 {
		t.Errorf("after upgrade: %d forms and %d findings, want the v1 file's 14 forms and its findings", forms, findings)
	}
	if _, err := db.SQL().ExecContext(ctx, "UPDATE forms SET page_from = 1, sheet = 'x' WHERE seq = 1"); err != nil {
		t.Errorf("columns of later versions missing after upgrade: %v", err)
	}
}

// snapshot is every row of every table of a file, as text, by table,
// after a first row naming the columns; search_fts and its shadow tables
// are left out: they are an index.
type snapshot map[string][]string

// takeSnapshot reads a file through a plain SQLite connection, which
// neither upgrades nor refuses it: the columns of cols where given, else
// every table and column.
func takeSnapshot(t *testing.T, path string, cols map[string][]string) snapshot {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if cols == nil {
		cols = map[string][]string{}
		for _, table := range columnsOf(t, db, `SELECT name FROM sqlite_schema WHERE type = 'table'
			AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE 'search\_fts%' ESCAPE '\'`) {
			cols[table] = columnsOf(t, db, "SELECT name FROM pragma_table_info(?)", table)
		}
	}
	snap := snapshot{}
	for table, names := range cols {
		if len(columnsOf(t, db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?", table)) == 0 {
			continue
		}
		quoted := make([]string, len(names))
		for i, c := range names {
			quoted[i] = fmt.Sprintf("quote(%q)", c)
		}
		rows := columnsOf(t, db, fmt.Sprintf("SELECT %s FROM %q ORDER BY rowid", strings.Join(quoted, " || '|' || "), table))
		snap[table] = append([]string{strings.Join(names, "|")}, rows...)
	}
	return snap
}

// columns lists the columns of each table of a snapshot.
func (s snapshot) columns() map[string][]string {
	out := map[string][]string{}
	for table, rows := range s {
		out[table] = strings.Split(rows[0], "|")
	}
	return out
}

// columnsOf runs a query of one text column and returns its values.
func columnsOf(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// keeps checks that the file at path holds every row of every table of
// before, with the same values in the same order: an upgrade adds tables,
// columns and descriptions but loses nothing.
func keeps(t *testing.T, before snapshot, path string) {
	t.Helper()
	after := takeSnapshot(t, path, before.columns())
	for table, rows := range before {
		got, ok := after[table]
		switch {
		case !ok:
			t.Errorf("table %s lost", table)
		case table == "schema_doc":
			// Upgrades add descriptions and reword some.
			if len(got) < len(rows) {
				t.Errorf("schema_doc has %d rows, had %d", len(got)-1, len(rows)-1)
			}
		case !slices.Equal(got, rows):
			t.Errorf("table %s changed: %d rows, had %d", table, len(got)-1, len(rows)-1)
		}
	}
}

// TestUpgradeOldFiles upgrades files written by formaudit at schema
// versions 1 and 6, committed in testdata: OpenReadOnly refuses each with
// an error naming both versions, Upgrade brings it up to date keeping
// every row, and then the readers read it.
func TestUpgradeOldFiles(t *testing.T) {
	for _, tt := range []struct {
		file    string
		version int
		pages   bool // its forms record their pages (schema version 2 on)
	}{{"v1.db", 1, false}, {"v6.db", 6, true}} {
		t.Run(tt.file, func(t *testing.T) {
			path := copyTestdata(t, tt.file)
			before := takeSnapshot(t, path, nil)
			_, err := OpenReadOnly(path)
			var old *OldSchemaError
			if !errors.As(err, &old) || old.Version != tt.version {
				t.Fatalf("OpenReadOnly: %v; want an OldSchemaError of version %d", err, tt.version)
			}
			for _, want := range []string{path, fmt.Sprintf("schema version %d", tt.version), fmt.Sprintf("needs %d", Version)} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q does not say %q", err, want)
				}
			}
			if !maps.EqualFunc(before, takeSnapshot(t, path, nil), slices.Equal) {
				t.Fatal("OpenReadOnly changed the file")
			}

			from, err := Upgrade(path)
			if err != nil || from != tt.version {
				t.Fatalf("Upgrade: from %d, %v; want from %d", from, err, tt.version)
			}
			keeps(t, before, path)
			if v, err := SchemaVersion(context.Background(), path); err != nil || v != Version {
				t.Errorf("schema version %d (%v) after the upgrade, want %d", v, err, Version)
			}
			db, err := OpenReadOnly(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			forms, err := db.ReportForms(context.Background(), FormFilter{})
			if err != nil || len(forms) != len(before["forms"])-1 {
				t.Fatalf("ReportForms after the upgrade: %d forms, %v; want %d", len(forms), err, len(before["forms"])-1)
			}
			findings, err := db.Findings(context.Background())
			if err != nil || len(findings) != len(before["discrepancies"])-1 {
				t.Fatalf("Findings after the upgrade: %d, %v; want %d", len(findings), err, len(before["discrepancies"])-1)
			}
			for _, fd := range findings {
				if fd.Doubt != nil {
					t.Errorf("finding %d gained a doubt %+v in the upgrade", fd.ID, fd.Doubt)
				}
			}
			// Findings of a form on one page get that page; others keep none
			// until imported again.
			var set, wrong int
			err = db.SQL().QueryRow(`SELECT count(d.page), count(*) FILTER (WHERE d.page IS NOT f.page_from
					AND (d.page IS NOT NULL OR (d.line IS NOT NULL AND f.page_from = f.page_to AND f.sheet IS NULL)))
				FROM discrepancies d JOIN forms f ON f.id = d.form_id`).Scan(&set, &wrong)
			if err != nil || (set > 0) != tt.pages || wrong != 0 {
				t.Errorf("pages after the upgrade: %d set, %d wrong (%v)", set, wrong, err)
			}
			if from, err := Upgrade(path); err != nil || from != Version {
				t.Errorf("second Upgrade: from %d, %v; want nothing to do", from, err)
			}
		})
	}
}

// TestUpgradeRefuses: Upgrade never creates a file, nor a schema in a file
// that holds none, nor touches one of a newer version.
func TestUpgradeRefuses(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if _, err := Upgrade(missing); err == nil {
		t.Error("Upgrade of a missing file succeeded")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Upgrade of a missing file left %v", err)
	}

	other := filepath.Join(dir, "other.db")
	raw, err := sql.Open("sqlite3", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE notes (text TEXT)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := Upgrade(other); err == nil || !strings.Contains(err.Error(), "no formaudit schema") {
		t.Errorf("Upgrade of a file without a formaudit schema: %v", err)
	}
	if v, _ := SchemaVersion(context.Background(), other); v != 0 {
		t.Errorf("Upgrade gave a foreign file schema version %d", v)
	}

	db, newer := openTemp(t)
	if _, err := db.SQL().Exec(fmt.Sprintf("PRAGMA user_version = %d", Version+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Upgrade(newer); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Upgrade of a newer file: %v", err)
	}
}

// TestUpgradeAllOrNothing makes the last migration fail: the file keeps
// the version it had and none of the scripts before it.
func TestUpgradeAllOrNothing(t *testing.T) {
	saved := migrations
	t.Cleanup(func() { migrations = saved })
	migrations = append(slices.Clip(saved), "CREATE TABLE forms (id INTEGER)")

	path := copyTestdata(t, "v1.db")
	before := takeSnapshot(t, path, nil)
	for name, open := range map[string]func(string) error{
		"Open":    func(p string) error { _, err := Open(p); return err },
		"Upgrade": func(p string) error { _, err := Upgrade(p); return err },
	} {
		if err := open(path); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("version %d", len(migrations))) {
			t.Errorf("%s with a failing migration: %v", name, err)
		}
		if v, err := SchemaVersion(context.Background(), path); err != nil || v != 1 {
			t.Errorf("%s: schema version %d (%v) after a failed upgrade, want 1", name, v, err)
		}
		if !maps.EqualFunc(before, takeSnapshot(t, path, nil), slices.Equal) {
			t.Errorf("%s: a failed upgrade changed the file's tables", name)
		}
	}
}
