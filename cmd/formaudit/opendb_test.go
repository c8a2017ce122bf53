package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/store"
)

// oldDB copies a database written by an older formaudit, committed in
// store/testdata, to a temporary file.
func oldDB(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "store", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func schemaVersion(t *testing.T, path string) int {
	t.Helper()
	v, err := store.SchemaVersion(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestReadCommandsUpgradeOldDatabases runs each command that reads the
// database on files written by formaudit at schema versions 1 and 6: the
// first run upgrades the file and says so on stderr, the command then does
// its work, and a second run has nothing to upgrade.
func TestReadCommandsUpgradeOldDatabases(t *testing.T) {
	commands := []struct {
		args []string
		want string // on stdout
	}{
		{[]string{"audit", "--format", "json"}, `"schema": "formaudit.audit/1"`},
		{[]string{"show", "1"}, "form 1"},
		{[]string{"query", "--format", "csv", "SELECT count(doubt_field) AS doubts FROM v_findings"}, "doubts\n0\n"},
		{[]string{"schema", "v_findings"}, "doubt_used"},
	}
	if hasFTS5(t) {
		commands = append(commands, struct {
			args []string
			want string
		}{[]string{"search", "深圳市"}, "深圳市"})
	}
	for _, file := range []struct {
		name    string
		version int
	}{{"v1.db", 1}, {"v6.db", 6}} {
		for _, c := range commands {
			t.Run(file.name+"/"+c.args[0], func(t *testing.T) {
				db := oldDB(t, file.name)
				args := append([]string{"--db", db}, c.args...)
				code, out, errOut := formaudit(t, args...)
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				if want := fmt.Sprintf("upgraded %s from schema version %d to %d", db, file.version, store.Version); !strings.Contains(errOut, want) {
					t.Errorf("stderr %q does not say %q", errOut, want)
				}
				if !strings.Contains(out, c.want) {
					t.Errorf("stdout does not hold %q:\n%s", c.want, out)
				}
				if v := schemaVersion(t, db); v != store.Version {
					t.Errorf("schema version %d after the run, want %d", v, store.Version)
				}
				if code, _, errOut := formaudit(t, args...); code != exitOK || strings.Contains(errOut, "upgraded") {
					t.Errorf("second run: exit %d, stderr %q; want nothing upgraded", code, errOut)
				}
			})
		}
	}
}

// TestReadCommandsOnAnOldDatabaseThatCannotBeUpgraded: where the upgrade
// fails, the error names both schema versions and what to do, and the file
// is left as it was.
func TestReadCommandsOnAnOldDatabaseThatCannotBeUpgraded(t *testing.T) {
	for _, tt := range []struct {
		name  string
		spoil func(t *testing.T, db string)
	}{
		{"a column it adds is there already", func(t *testing.T, db string) {
			raw, err := sql.Open("sqlite3", db)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec("ALTER TABLE discrepancies ADD COLUMN doubt_field TEXT"); err != nil {
				t.Fatal(err)
			}
		}},
		{"no -wal can be created", blockWAL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := oldDB(t, "v6.db")
			tt.spoil(t, db)
			for _, args := range [][]string{{"audit"}, {"show", "1"}, {"query", "SELECT 1"}, {"search", "深圳市"}, {"schema"}} {
				code, out, errOut := formaudit(t, append([]string{"--db", db}, args...)...)
				if code != exitFatal || out != "" {
					t.Errorf("%s: exit %d, stdout %q; want %d and nothing", args[0], code, out, exitFatal)
				}
				for _, want := range []string{db + " has schema version 6, this formaudit needs " + fmt.Sprint(store.Version), "upgrading it failed", "writable"} {
					if !strings.Contains(errOut, want) {
						t.Errorf("%s: stderr %q does not say %q", args[0], errOut, want)
					}
				}
				if v := schemaVersion(t, db); v != 6 {
					t.Errorf("%s: schema version %d after a failed upgrade, want 6", args[0], v)
				}
			}
		})
	}
}
