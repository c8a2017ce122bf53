package store

import (
	"context"
	"database/sql"
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

//go:embed migrations/008_findings_doubt.sql
var migration008 string

//go:embed migrations/009_search_deferred.sql
var migration009 string

//go:embed migrations/010_search_triggers.sql
var migration010 string

//go:embed migrations/011_template_definitions.sql
var migration011 string

//go:embed migrations/012_sources_sha256.sql
var migration012 string

//go:embed migrations/013_findings_page.sql
var migration013 string

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
	migration008,
	migration009,
	migration010,
	migration011,
	migration012,
	migration013,
}

// migrate applies the missing migrations and brings the optional search
// index in line with this build, all in one transaction: an upgrade that
// fails or is cut short leaves the file at the version it had, never at
// one in between. The version is read inside the transaction, which holds
// the write lock from its start (_txlock=immediate), so that two processes
// opening the same file do not both apply a script. A file without a
// formaudit schema gets one only when create is set; otherwise it is
// refused, as it is by OpenReadOnly. It returns the version the file had.
func (db *DB) migrate(ctx context.Context, create bool) (from int, err error) {
	fts, err := db.trigramFTS(ctx)
	if err != nil {
		return 0, err
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&from); err != nil {
			return fmt.Errorf("migrate: read schema version: %w", err)
		}
		if from == 0 && !create {
			return errNoSchema
		}
		if err := checkKnown(from); err != nil {
			return err
		}
		for v := from; v < len(migrations); v++ {
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return fmt.Errorf("migrate to schema version %d: %w", v+1, err)
			}
			// PRAGMA takes no parameters; v+1 is a small integer computed here.
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
				return fmt.Errorf("migrate to schema version %d: %w", v+1, err)
			}
		}
		if err := syncSearchIndex(ctx, tx, fts); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		return nil
	})
	return from, err
}

// errNoSchema refuses a file that holds no formaudit database.
var errNoSchema = errors.New("no formaudit schema (user_version 0)")

// OldSchemaError is a database written by an older formaudit, which this
// one reads only once its schema is upgraded (see Upgrade).
type OldSchemaError struct {
	Path    string
	Version int // the file's schema version
}

func (e *OldSchemaError) Error() string {
	return fmt.Sprintf("%s has schema version %d, this formaudit needs %d", e.Path, e.Version, len(migrations))
}

// Upgrade brings the schema of an existing database written by an older
// formaudit up to date, in one transaction, keeping every row; it never
// creates a file. It returns the version the file had.
func Upgrade(path string) (from int, err error) {
	dsn, err := fileURI(path, "mode=rw&"+writeParams)
	if err != nil {
		return 0, err
	}
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return 0, fmt.Errorf("upgrade %s: %w", path, err)
	}
	defer sdb.Close()
	db := &DB{db: sdb, w: sdb}
	if from, err = db.migrate(context.Background(), false); err != nil {
		return 0, fmt.Errorf("upgrade %s: %w", path, err)
	}
	if err := sdb.Close(); err != nil {
		return 0, fmt.Errorf("upgrade %s: %w", path, err)
	}
	return from, nil
}

// checkVersion refuses a database this package cannot read: one without a
// formaudit schema, one written by a newer program, and one written by an
// older one, whose schema lacks what the readers read (an *OldSchemaError).
func (db *DB) checkVersion(ctx context.Context, path string) error {
	var v int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v == 0 {
		return errNoSchema
	}
	if v < len(migrations) {
		return &OldSchemaError{Path: path, Version: v}
	}
	return checkKnown(v)
}

func checkKnown(v int) error {
	if v > len(migrations) {
		return fmt.Errorf("database schema version %d is newer than this program supports (version %d)", v, len(migrations))
	}
	return nil
}
