// Package store keeps imported forms, their recomputed figures and the
// discrepancies found in a SQLite file.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"
)

// readOnlyDriver opens connections that cannot attach other files: mode=ro
// alone still lets ATTACH read any file and VACUUM INTO write one.
const readOnlyDriver = "formaudit-sqlite3-ro"

func init() {
	sql.Register(readOnlyDriver, &sqlite3.SQLiteDriver{
		ConnectHook: func(conn *sqlite3.SQLiteConn) error {
			conn.SetLimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
			return nil
		},
	})
}

// DB is an open formaudit database.
type DB struct {
	db  *sql.DB
	ins *inserts // nil when opened read-only
}

// writeParams are the connection parameters of a database opened for
// writing. BEGIN IMMEDIATE takes the write lock up front, so concurrent
// writers wait on busy_timeout instead of failing when a read lock cannot be upgraded.
// In WAL mode synchronous=NORMAL syncs the disk at checkpoints instead of at
// every commit: a killed or crashed formaudit loses nothing it committed, and
// a power cut can only roll back the last files' commits whole, which the
// next import of the archive reads again, as it skips only what is stored.
const writeParams = "_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate"

// Open opens or creates the database at path and brings its schema up to date.
func Open(path string) (*DB, error) {
	dsn, err := fileURI(path, writeParams)
	if err != nil {
		return nil, err
	}
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sdb}
	ctx := context.Background()
	if _, err := db.migrate(ctx, true); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if db.ins, err = prepareInserts(ctx, sdb); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// OpenReadOnly opens an existing database for reading only; it never changes
// the schema. A database of an older schema is refused with an
// *OldSchemaError, which Upgrade cures.
func OpenReadOnly(path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	dsn, err := fileURI(path, "mode=ro&_busy_timeout=5000&_query_only=1")
	if err != nil {
		return nil, err
	}
	sdb, err := sql.Open(readOnlyDriver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	db := &DB{db: sdb}
	if err := db.checkVersion(context.Background(), path); err != nil {
		sdb.Close()
		var old *OldSchemaError
		if errors.As(err, &old) {
			return nil, err
		}
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	if db.ins != nil {
		db.ins.close()
	}
	return db.db.Close()
}

// SQL returns the underlying database handle.
func (db *DB) SQL() *sql.DB {
	return db.db
}

// fileURI builds a file: URI so that paths containing '?', '#' or '%' reach
// SQLite intact; a bare path would be cut at its first '?'.
func fileURI(path, params string) (string, error) {
	if path == "" {
		return "", errors.New("store: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("store: %s: %w", path, err)
	}
	u := url.URL{Path: filepath.ToSlash(abs)}
	return "file:" + u.EscapedPath() + "?" + params, nil
}
