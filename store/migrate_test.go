package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestUpgradeFromV1 opens a database written by the first schema version
// (committed in testdata) and expects it upgraded in place, its rows kept.
func TestUpgradeFromV1(t *testing.T) {
	data, err := os.ReadFile("testdata/v1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.db")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
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
