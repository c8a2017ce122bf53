package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
)

// TestImportLimitFlags lowers each limit below what a fixture needs: the
// file fails with the flag named, and the import exits with status 2.
func TestImportLimitFlags(t *testing.T) {
	for _, tt := range []struct {
		flag, value, fixture, want string
	}{
		{"--max-file-size", "1KiB", "docs/seed-2024.txt", "larger than 1KiB"},
		{"--max-pages", "2", "docs/pdf/seed-serif-portrait.pdf", "more than 2"},
		{"--max-rows", "20", "docs/xlsx/offset.xlsx", "more than 20 rows"},
		{"--max-decompressed", "16KiB", "docs/xlsx/offset.xlsx", "more than 16384 bytes uncompressed"},
	} {
		t.Run(tt.flag, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "a.db")
			code, _, errOut := formaudit(t, "import", "--db", db, tt.flag, tt.value, fixtures.Path(tt.fixture))
			if code != exitFailed {
				t.Fatalf("exit %d, want %d: %s", code, exitFailed, errOut)
			}
			if !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "raise it with "+tt.flag) {
				t.Errorf("stderr %q, want %q and the flag %s", errOut, tt.want, tt.flag)
			}
		})
	}
}

func TestImportLimitFlagsRefused(t *testing.T) {
	for _, args := range [][]string{
		{"--max-file-size", "lots"},
		{"--max-decompressed", "-1MiB"},
		{"--max-pages", "0"},
		{"--max-rows", "-5"},
	} {
		db := filepath.Join(t.TempDir(), "a.db")
		code, _, errOut := formaudit(t, append(append([]string{"import", "--db", db}, args...), fixtures.Path("docs/seed-2024.txt"))...)
		if code != exitFatal || !strings.Contains(errOut, args[0]) {
			t.Errorf("import %s %s: exit %d, stderr %q; want exit %d naming the flag", args[0], args[1], code, errOut, exitFatal)
		}
	}
}
