package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/store"
)

// blockWAL puts a directory at path's -wal, so that SQLite can neither find
// nor create one there, as in a folder that cannot be written or on a
// read-only medium: the tests run as root, whom permission bits do not stop.
func blockWAL(t *testing.T, path string) {
	t.Helper()
	for _, s := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(path + s); !os.IsNotExist(err) {
			t.Fatalf("%s%s is there before the test blocks the -wal (%v)", path, s, err)
		}
	}
	if err := os.Mkdir(path+"-wal", 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestReadCommandsWhereNoWALCanBeCreated runs each command that reads the
// database on a complete file beside which SQLite can create no -wal: they
// read it, and import, which must write, says why it cannot.
func TestReadCommandsWhereNoWALCanBeCreated(t *testing.T) {
	db := seedDB(t)
	blockWAL(t, db)
	commands := []struct {
		args []string
		want string // on stdout
	}{
		{[]string{"query", "--format", "csv", "SELECT count(*) AS forms FROM forms"}, "forms\n14\n"},
		{[]string{"audit", "--format", "json"}, `"schema": "formaudit.audit/1"`},
		{[]string{"show", "1"}, "form 1"},
		{[]string{"schema", "v_findings"}, "doubt_used"},
		{[]string{"__complete", "show", "1"}, "14\t数据管理与公共服务"},
		{[]string{"doctor"}, fmt.Sprintf("database %s: schema version %d", db, store.Version)},
	}
	if hasFTS5(t) {
		commands = append(commands, struct {
			args []string
			want string
		}{[]string{"search", "深圳市"}, "深圳市"})
	}
	for _, c := range commands {
		t.Run(c.args[0], func(t *testing.T) {
			code, out, errOut := formaudit(t, append([]string{"--db", db}, c.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("stdout does not hold %q:\n%s", c.want, out)
			}
		})
	}

	code, _, errOut := formaudit(t, "import", "--db", db, "--quiet", fixtures.Path("docs/seed-2024.txt"))
	if want := "cannot create " + db + "-wal"; code != exitFatal || !strings.Contains(errOut, want) {
		t.Errorf("import: exit %d, stderr %q; want %d and %q", code, errOut, exitFatal, want)
	}
	if _, out, _ := formaudit(t, "--db", db, "query", "--format", "csv", "SELECT count(*) FROM sources"); out != "count(*)\n1\n" {
		t.Errorf("sources after the refused import:\n%s", out)
	}
}
