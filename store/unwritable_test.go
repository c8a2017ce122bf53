package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"
)

// savedSample writes the sample form to a new database, closes it and
// returns its path; the writer's close leaves neither -wal nor -shm.
func savedSample(t *testing.T) string {
	t.Helper()
	db, path := openTemp(t)
	f, r := sampleForm()
	if _, err := db.SaveForms(context.Background(), Source{Path: "seed.txt", SHA256: "abc"}, f, r); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// blockSidecars puts a directory at path's -wal or -shm (suffixes), so that
// SQLite can neither find nor create the file there, as in a folder that
// cannot be written or on a read-only medium: the tests run as root, whom
// permission bits do not stop.
func blockSidecars(t *testing.T, path string, suffixes ...string) {
	t.Helper()
	for _, s := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(path + s); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s%s is there before the test blocks it (%v)", path, s, err)
		}
	}
	for _, s := range suffixes {
		if err := os.Mkdir(path+s, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// lockFolder takes write permission from path's folder, which stops only a
// user other than root.
func lockFolder(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() == 0 {
		t.Skip("root writes to a folder without write permission")
	}
	dir := filepath.Dir(path)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
}

// TestReadWhereNoWALCanBeCreated opens a complete database whose folder
// keeps SQLite from creating its -wal or -shm: reading it works, and a
// writable open fails, says why, and leaves the file as it was.
func TestReadWhereNoWALCanBeCreated(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		block   func(t *testing.T, path string)
		walHint bool // the writable open's error names the -wal it cannot create
	}{
		{"no -wal", func(t *testing.T, p string) { blockSidecars(t, p, "-wal") }, true},
		{"no -wal nor -shm", func(t *testing.T, p string) { blockSidecars(t, p, "-wal", "-shm") }, true},
		{"no -shm", func(t *testing.T, p string) { blockSidecars(t, p, "-shm") }, false},
		{"folder without write permission", lockFolder, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := savedSample(t)
			tt.block(t, path)

			ro, err := OpenReadOnly(path)
			if err != nil {
				t.Fatalf("OpenReadOnly: %v", err)
			}
			st, err := ro.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Forms != 1 || st.Findings != 2 || st.SourcesOK != 1 {
				t.Errorf("stats = %+v, want 1 source, 1 form, 2 findings", st)
			}
			if rows := queryRows(t, ro, "SELECT project_code FROM forms"); len(rows) != 1 || rows[0][0] == nil || *rows[0][0] == "" {
				t.Errorf("forms: %s", show(rows))
			}
			if err := ro.Close(); err != nil {
				t.Fatal(err)
			}
			if v, err := SchemaVersion(ctx, path); err != nil || v != Version {
				t.Errorf("SchemaVersion = %d, %v; want %d", v, err, Version)
			}

			db, err := Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open for writing succeeded")
			}
			if hint := "cannot create " + path + "-wal"; tt.walHint && !strings.Contains(err.Error(), hint) {
				t.Errorf("Open: %v; want it to say %q", err, hint)
			}
			if v, err := SchemaVersion(ctx, path); err != nil || v != Version {
				t.Errorf("after the refused Open: schema version %d, %v; want %d", v, err, Version)
			}
		})
	}
}

// TestReadWhereNoWALCanBeCreatedRefuses: files OpenReadOnly refuses in a
// writable folder are refused with the same error where no -wal can be created.
func TestReadWhereNoWALCanBeCreatedRefuses(t *testing.T) {
	wal := func(t *testing.T, path, script string) {
		t.Helper()
		raw, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec(script); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"no formaudit schema", func(t *testing.T, p string) { wal(t, p, "CREATE TABLE notes (text TEXT)") }, "no formaudit schema"},
		{"newer schema", func(t *testing.T, p string) {
			wal(t, p, fmt.Sprintf("CREATE TABLE notes (text TEXT); PRAGMA user_version = %d", Version+1))
		}, "newer than this program supports"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var errs []string
			for _, blocked := range []bool{false, true} {
				path := filepath.Join(t.TempDir(), "audit.db")
				tt.make(t, path)
				if blocked {
					blockSidecars(t, path, "-wal")
				}
				db, err := OpenReadOnly(path)
				if err == nil {
					db.Close()
					t.Fatalf("blocked %v: OpenReadOnly succeeded", blocked)
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("blocked %v: %v; want %q", blocked, err, tt.want)
				}
				errs = append(errs, strings.ReplaceAll(err.Error(), path, "PATH"))
			}
			if errs[0] != errs[1] {
				t.Errorf("error where no -wal can be created %q, in a writable folder %q", errs[1], errs[0])
			}
		})
	}

	old := copyTestdata(t, "v6.db")
	blockSidecars(t, old, "-wal")
	_, err := OpenReadOnly(old)
	var oldErr *OldSchemaError
	if !errors.As(err, &oldErr) || oldErr.Version != 6 {
		t.Errorf("OpenReadOnly of schema version 6 where no -wal can be created: %v; want an OldSchemaError", err)
	}
	if _, err := Upgrade(old); err == nil {
		t.Error("Upgrade succeeded where no -wal can be created")
	}
	if v, err := SchemaVersion(context.Background(), old); err != nil || v != 6 {
		t.Errorf("after the failed upgrade: schema version %d, %v; want 6", v, err)
	}
}

// TestWALUncreatable tells the failure to create a -wal from the others.
func TestWALUncreatable(t *testing.T) {
	walDB := savedSample(t)
	withWAL := savedSample(t)
	if err := os.WriteFile(withWAL+"-wal", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	walDir := savedSample(t)
	blockSidecars(t, walDir, "-wal")
	rollback := copyTestdata(t, "v1.db")
	text := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(text, []byte(strings.Repeat("not sqlite\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.db")

	cantOpen := sqlite3.Error{Code: sqlite3.ErrCantOpen, ExtendedCode: sqlite3.ErrCantOpen.Extend(0)}
	readonlyDir := sqlite3.Error{Code: sqlite3.ErrReadonly, ExtendedCode: sqlite3.ErrReadonly.Extend(6)}
	readonly := sqlite3.Error{Code: sqlite3.ErrReadonly, ExtendedCode: sqlite3.ErrReadonly.Extend(0)}
	notADB := sqlite3.Error{Code: sqlite3.ErrNotADB, ExtendedCode: sqlite3.ErrNotADB.Extend(0)}
	for _, tt := range []struct {
		name string
		path string
		err  error
		want bool
	}{
		{"cannot open, no -wal", walDB, cantOpen, true},
		{"cannot open, wrapped", walDB, fmt.Errorf("read schema version: %w", cantOpen), true},
		{"folder read-only, no -wal", walDB, readonlyDir, true},
		{"cannot open, a directory at -wal", walDir, cantOpen, true},
		{"cannot open, a -wal file", withWAL, cantOpen, false},
		{"cannot open, rollback journal mode", rollback, cantOpen, false},
		{"cannot open, missing file", missing, cantOpen, false},
		{"cannot open, not an SQLite file", text, cantOpen, false},
		{"read-only, not for the folder", walDB, readonly, false},
		{"not a database", walDB, notADB, false},
		{"not from SQLite", walDB, os.ErrPermission, false},
		{"no error", walDB, nil, false},
	} {
		if got := walUncreatable(tt.path, tt.err); got != tt.want {
			t.Errorf("%s: walUncreatable = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestReadCopyWithWALWhereNoSHMCanBeCreated copies a database while its
// writer is open, so that the copy's -wal holds committed rows the main file
// lacks. Where SQLite can create the -shm beside the copy it reads them;
// where it cannot, the refusal says that the -wal is why and what to do.
func TestReadCopyWithWALWhereNoSHMCanBeCreated(t *testing.T) {
	db, path := openTemp(t)
	f, r := sampleForm()
	if _, err := db.SaveForms(context.Background(), Source{Path: "seed.txt", SHA256: "abc"}, f, r); err != nil {
		t.Fatal(err)
	}
	copyOpen := func(t *testing.T) string {
		t.Helper()
		dst := filepath.Join(t.TempDir(), "copy.db")
		for _, s := range []string{"", "-wal"} {
			data, err := os.ReadFile(path + s)
			if err != nil {
				t.Fatal(err)
			}
			if s == "-wal" && len(data) == 0 {
				t.Fatal("the open writer's -wal is empty")
			}
			if err := os.WriteFile(dst+s, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dst
	}

	readable := copyOpen(t)
	ro, err := OpenReadOnly(readable)
	if err != nil {
		t.Fatalf("OpenReadOnly of the copy in a writable folder: %v", err)
	}
	st, err := ro.Stats(context.Background())
	ro.Close()
	if err != nil || st.Forms != 1 {
		t.Fatalf("the copy read in a writable folder: %+v, %v; want its 1 form", st, err)
	}

	// A -shm that leads nowhere stops root as a folder that cannot be
	// written stops others: a directory there SQLite would read through.
	blocked := copyOpen(t)
	if err := os.Symlink(filepath.Join(t.TempDir(), "gone", "copy.db-shm"), blocked+"-shm"); err != nil {
		t.Fatal(err)
	}
	ro, err = OpenReadOnly(blocked)
	if err == nil {
		ro.Close()
		t.Fatal("OpenReadOnly read a -wal it has no -shm for")
	}
	for _, want := range []string{blocked + "-wal", "holds changes", "cannot create " + blocked + "-shm", "copy"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("OpenReadOnly: %v; want it to say %q", err, want)
		}
	}
}
