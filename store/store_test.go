package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.db")
	db, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func pragma(t *testing.T, db *sql.DB, name string) string {
	t.Helper()
	var v string
	if err := db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestOpenCreatesSchema(t *testing.T) {
	db, _ := openTemp(t)
	if got := pragma(t, db.SQL(), "user_version"); got != strconv.Itoa(len(migrations)) {
		t.Errorf("user_version = %s, want %d", got, len(migrations))
	}
	for name, want := range map[string]string{
		"journal_mode": "wal",
		"foreign_keys": "1",
		"busy_timeout": "5000",
	} {
		for _, h := range []*sql.DB{db.db, db.w} {
			if got := pragma(t, h, name); got != want {
				t.Errorf("PRAGMA %s = %s, want %s", name, got, want)
			}
		}
	}
	if got := db.w.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer handle allows %d connections, want 1", got)
	}
	tables := map[string][]string{
		"sources": {"id", "path", "sha256", "format", "imported_at", "status", "error", "size", "forms"},
		"forms": {"id", "source_id", "seq", "project_code", "project_name", "year", "implementing_unit",
			"budget_unit", "amount_unit", "recorded_total", "computed_total", "template", "code_truncated",
			"year_inferred", "total_weight", "line_from", "line_to", "total_line"},
		"funds": {"form_id", "line", "initial_fen", "budget_fen", "executed_fen", "weight", "recorded_rate",
			"recorded_score", "computed_rate", "computed_score", "label", "source_line"},
		"goals": {"form_id", "expected", "actual", "seq", "source_line"},
		"indicators": {"form_id", "seq", "level1", "level1_weight", "level2", "name", "target", "actual",
			"weight", "score", "note", "source_line", "target_op", "target_value", "target_unit",
			"actual_op", "actual_value", "actual_unit", "target_year"},
		"discrepancies": {"id", "form_id", "rule", "severity", "field", "recorded", "computed", "message", "line"},
	}
	for table, want := range tables {
		got := columns(t, db.SQL(), table)
		for _, c := range want {
			if !slices.Contains(got, c) {
				t.Errorf("table %s lacks column %s (has %v)", table, c, got)
			}
		}
	}
}

func columns(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query("SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		t.Fatalf("table_info %s: %v", table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func TestOpenTwiceKeepsData(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	if err := db.SaveFailure(ctx, Source{Path: "a.txt"}, fmt.Errorf("broken")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	st, err := db2.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.SourcesFailed != 1 {
		t.Errorf("after reopen SourcesFailed = %d, want 1", st.SourcesFailed)
	}
	if got := pragma(t, db2.SQL(), "user_version"); got != strconv.Itoa(len(migrations)) {
		t.Errorf("user_version = %s, want %d", got, len(migrations))
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a b?c#d%20e.db")
	db, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not created under its exact name: %v", err)
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	ro.Close()
}

func TestNewerVersionRefused(t *testing.T) {
	db, path := openTemp(t)
	newer := len(migrations) + 1
	if _, err := db.SQL().Exec(fmt.Sprintf("PRAGMA user_version = %d", newer)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for name, open := range map[string]func(string) (*DB, error){
		"Open":         Open,
		"OpenReadOnly": OpenReadOnly,
	} {
		t.Run(name, func(t *testing.T) {
			db, err := open(path)
			if err == nil {
				db.Close()
				t.Fatal("opened a database from a newer program")
			}
			if !strings.Contains(err.Error(), "version "+strconv.Itoa(newer)) || !strings.Contains(err.Error(), "version "+strconv.Itoa(len(migrations))) {
				t.Errorf("error %q does not name both versions", err)
			}
		})
	}
}

func TestOpenReadOnlyMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	db, err := OpenReadOnly(path)
	if err == nil {
		db.Close()
		t.Fatal("OpenReadOnly of a missing file succeeded")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("OpenReadOnly created %s", path)
	}
}

func TestOpenReadOnlyWithoutSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plain.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := OpenReadOnly(path)
	if err == nil {
		db.Close()
		t.Fatal("OpenReadOnly accepted a database without the formaudit schema")
	}
}

func TestReadOnlyRefusesChanges(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	f, r := sampleForm()
	if _, err := db.SaveForms(ctx, Source{Path: "seed.txt", SHA256: "abc"}, f, r); err != nil {
		t.Fatal(err)
	}
	db.Close()

	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer ro.Close()
	dir := t.TempDir()
	// The attached file exists: mode=ro alone would attach it and let queries read any file.
	attached := filepath.Join(dir, "other.db")
	other, err := Open(attached)
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	vacuumed := filepath.Join(dir, "copy.db")
	tests := []struct {
		name, sql string
		args      []any
		errText   string // a substring the error must contain; empty for any error
	}{
		{"delete", "DELETE FROM forms", nil, "attempt to write a readonly database"},
		{"insert", "INSERT INTO sources (path, imported_at, status) VALUES ('x', 'now', 'ok')", nil, "attempt to write a readonly database"},
		{"drop", "DROP TABLE discrepancies", nil, ""},
		{"create", "CREATE TABLE t (x)", nil, ""},
		{"attach", "ATTACH DATABASE ? AS x", []any{attached}, ""},
		{"vacuum into", "VACUUM INTO ?", []any{vacuumed}, ""},
		{"user_version", "PRAGMA user_version = 9", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ro.Query(ctx, tt.sql, tt.args...)
			if err == nil {
				t.Fatalf("%s succeeded on a read-only database", tt.sql)
			}
			t.Logf("%s: %v", tt.name, err)
			if !strings.Contains(err.Error(), tt.errText) {
				t.Errorf("error %q does not contain %q", err, tt.errText)
			}
		})
	}
	if _, err := ro.SaveForms(ctx, Source{Path: "other.txt", SHA256: "def"}, f, r); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("SaveForms on a read-only database: %v, want it refused as read-only", err)
	}
	if _, err := os.Stat(vacuumed); !os.IsNotExist(err) {
		t.Errorf("%s was created", vacuumed)
	}
	if n := len(queryRows(t, ro, "SELECT name FROM pragma_database_list")); n != 1 {
		t.Errorf("%d databases attached, want only main", n)
	}
	st, err := ro.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Forms != 1 || st.Findings != 2 || st.SourcesOK != 1 {
		t.Errorf("after refused writes stats = %+v, want 1 source, 1 form, 2 findings", st)
	}
	if got := pragma(t, ro.SQL(), "user_version"); got != strconv.Itoa(len(migrations)) {
		t.Errorf("user_version = %s, want %d", got, len(migrations))
	}
	_, rows, err := ro.Query(ctx, "SELECT count(*) FROM sqlite_schema WHERE name IN ('t', 'discrepancies')")
	if err != nil {
		t.Fatal(err)
	}
	if got := *rows[0][0]; got != "1" {
		t.Errorf("schema objects t/discrepancies = %s, want only discrepancies", got)
	}
}

func TestReadOnlyBesideWriter(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	f, r := sampleForm()
	if _, err := db.SaveForms(ctx, Source{Path: "a.txt"}, f, r); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly while a writer is open: %v", err)
	}
	defer ro.Close()
	if _, err := db.SaveForms(ctx, Source{Path: "b.txt"}, f, r); err != nil {
		t.Fatalf("write while a reader is open: %v", err)
	}
	st, err := ro.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Forms != 2 {
		t.Errorf("reader sees %d forms, want 2", st.Forms)
	}
}
