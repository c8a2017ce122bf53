package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Version is the schema version this program writes.
var Version = len(migrations)

// EngineInfo describes the SQLite library compiled into this program.
type EngineInfo struct {
	Version string
	FTS5    bool
}

// Engine reports the SQLite version and whether FTS5 is compiled in.
func Engine(ctx context.Context) (EngineInfo, error) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return EngineInfo{}, err
	}
	defer db.Close()
	var info EngineInfo
	if err := db.QueryRowContext(ctx, "SELECT sqlite_version(), sqlite_compileoption_used('ENABLE_FTS5')").Scan(&info.Version, &info.FTS5); err != nil {
		return info, fmt.Errorf("sqlite engine: %w", err)
	}
	return info, nil
}

// SchemaVersion reads a database's schema version without opening it for use,
// so that a file too new to open can still be described.
func SchemaVersion(ctx context.Context, path string) (int, error) {
	var v int
	err := inspect(path, func(db *sql.DB) error {
		return db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	})
	if err != nil {
		return 0, fmt.Errorf("read schema version of %s: %w", path, err)
	}
	return v, nil
}
