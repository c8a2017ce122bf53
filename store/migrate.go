package store

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
)

//go:embed migrations/001_initial.sql
var migration001 string

//go:embed migrations/002_provenance.sql
var migration002 string

//go:embed migrations/003_views.sql
var migration003 string

//go:embed migrations/004_search.sql
var migration004 string

//go:embed migrations/005_schema_doc.sql
var migration005 string

//go:embed migrations/006_templates.sql
var migration006 string

//go:embed migrations/007_ocr_doubt.sql
var migration007 string

// migrations lists the schema scripts in order; migrations[i] brings a
// database from user_version i to i+1. Append only: never edit a released script.
var migrations = []string{
	migration001,
	migration002,
	migration003,
	migration004,
	migration005,
	migration006,
	migration007,
}

// migrate applies the missing migrations, each in its own transaction, then
// brings the optional search index in line with this build. The version is
// read inside the transaction so that two processes opening the same new file
// do not both apply a script.
func (db *DB) migrate(ctx context.Context) error {
	for {
		done, err := db.migrateOne(ctx)
		if err != nil {
			return err
		}
		if done {
			return db.syncSearchIndex(ctx)
		}
	}
}

func (db *DB) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, fmt.Errorf("migrate: read schema version: %w", err)
	}
	if err := checkKnown(v); err != nil {
		return false, err
	}
	if v == len(migrations) {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	// PRAGMA takes no parameters; v+1 is a small integer computed here.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	return false, nil
}

// checkVersion refuses a database this package cannot read: one without a
// formaudit schema or one written by a newer program.
func (db *DB) checkVersion(ctx context.Context) error {
	var v int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v == 0 {
		return errors.New("no formaudit schema (user_version 0)")
	}
	return checkKnown(v)
}

func checkKnown(v int) error {
	if v > len(migrations) {
		return fmt.Errorf("database schema version %d is newer than this program supports (version %d)", v, len(migrations))
	}
	return nil
}
