// Package store keeps imported forms, their recomputed figures and the
// discrepancies found in a SQLite file.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"

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

// DB is an open formaudit database. Writes go through a handle of their own,
// held to one connection: SQLite keeps a page cache per connection, and a
// connection empties its cache when it finds the file written by another.
// Sharing one pool with the readers (an import's workers look each file up),
// the writer took whichever connection was freed last and often began a file
// with an empty cache.
type DB struct {
	db        *sql.DB   // reads
	w         *sql.DB   // writes: one connection; nil when opened read-only
	ins       *inserts  // nil when opened read-only
	unchanged *sql.Stmt // Unchanged's look-up, on db; nil when opened read-only
	path      string    // the database file, as opened
}

// writeParams are the connection parameters of a database opened for
// writing. BEGIN IMMEDIATE takes the write lock up front, so concurrent
// writers wait on busy_timeout instead of failing when a read lock cannot be upgraded.
// In WAL mode synchronous=NORMAL syncs the disk at checkpoints instead of at
// every commit: a killed or crashed formaudit loses nothing it committed, and
// a power cut can only roll back the last files' commits whole, which the
// next import of the archive reads again, as it skips only what is stored.
const writeParams = "_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate"

// writerParams are what the writer's connection adds to writeParams.
// database/sql never uses one connection from two goroutines at once, so
// the writer's needs no mutex of SQLite's own: taking and releasing it on
// every call was a twentieth of the instructions of storing a form
// (bench/storecost), on the one goroutine an import cannot run in parallel.
const writerParams = "&_mutex=no"

// Open opens or creates the database at path and brings its schema up to date.
func Open(path string) (*DB, error) {
	dsn, err := fileURI(path, writeParams)
	if err != nil {
		return nil, err
	}
	db := &DB{path: path}
	for _, h := range []struct {
		db  **sql.DB
		dsn string
	}{{&db.db, dsn}, {&db.w, dsn + writerParams}} {
		if *h.db, err = sql.Open("sqlite3", h.dsn); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	db.w.SetMaxOpenConns(1)
	ctx := context.Background()
	if _, err := db.migrate(ctx, true); err != nil {
		db.Close()
		if walUncreatable(path, err) {
			return nil, fmt.Errorf("open %s for writing: %w (SQLite cannot create %s-wal beside it: writing needs a folder that can be written)", path, err, path)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if db.ins, err = prepareInserts(ctx, db.w); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if db.unchanged, err = db.db.PrepareContext(ctx, unchangedSQL); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: prepare: %w", path, err)
	}
	return db, nil
}

// Files are the files the database is made of, whichever exist: the file,
// its -wal and -shm in WAL mode, a -journal otherwise.
func (db *DB) Files() []string {
	return []string{db.path, db.path + "-wal", db.path + "-shm", db.path + "-journal"}
}

// OpenReadOnly opens an existing database for reading only; it never changes
// the schema. A database of an older schema is refused with an
// *OldSchemaError, which Upgrade cures.
func OpenReadOnly(path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	sdb, err := openReading(path, "mode=ro&_busy_timeout=5000&_query_only=1", func(sdb *sql.DB) error {
		return (&DB{db: sdb}).checkVersion(context.Background(), path)
	})
	if err != nil {
		var old *OldSchemaError
		if errors.As(err, &old) {
			return nil, err
		}
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	return &DB{db: sdb, path: path}, nil
}

// openReading opens path with the read-only driver and params and runs
// check on it, which makes SQLite read the file. Where that fails because
// SQLite cannot create the file's -wal (see walUncreatable), it opens the
// file again as immutable, which reads the main file alone, takes no locks
// and creates nothing. That is safe exactly then: every committed change is
// in the main file, since there is no -wal to hold any (the last writer
// moved them in and removed it on close); no connection has the file open
// in WAL mode, since each keeps the -wal open while it does; and no writer
// can start, since it would have to create the -wal this open could not.
//
// A -wal that is there, copied with the file while its writer had it open
// or left by a writer killed, can hold committed changes: SQLite reads it
// only through a -shm, and where that cannot be created the error says so.
func openReading(path, params string, check func(*sql.DB) error) (*sql.DB, error) {
	sdb, err := openChecked(path, params, check)
	switch {
	case err == nil:
		return sdb, nil
	case walUncreatable(path, err):
		return openChecked(path, params+"&immutable=1", check)
	case shmUncreatable(path, err):
		return nil, fmt.Errorf("%w (%s-wal holds changes not yet in the file, and SQLite cannot create %s-shm, through which it reads them: copy the file with its -wal to a folder that can be written and read it there)", err, path, path)
	}
	return nil, err
}

// inspect runs read on the database at path, opened read-only for it alone.
func inspect(path string, read func(*sql.DB) error) error {
	sdb, err := openReading(path, "mode=ro", read)
	if err != nil {
		return err
	}
	return sdb.Close()
}

// openChecked opens path with the read-only driver and params and runs check on it.
func openChecked(path, params string, check func(*sql.DB) error) (*sql.DB, error) {
	dsn, err := fileURI(path, params)
	if err != nil {
		return nil, err
	}
	sdb, err := sql.Open(readOnlyDriver, dsn)
	if err != nil {
		return nil, err
	}
	if err := check(sdb); err != nil {
		sdb.Close()
		return nil, err
	}
	return sdb, nil
}

// errReadonlyDirectory is SQLITE_READONLY_DIRECTORY, which go-sqlite3 does not name.
var errReadonlyDirectory = sqlite3.ErrReadonly.Extend(6)

// walUncreatable reports whether err is SQLite failing to open path, a
// database in WAL mode with no -wal file beside it, because it cannot
// create the -wal: the folder cannot be written (SQLITE_READONLY_DIRECTORY)
// or the medium is read-only (SQLITE_CANTOPEN). Reading a WAL-mode file
// needs its -wal, and its -shm, to exist or be created.
// Anything but a regular file at the -wal's path counts as none: SQLite can
// keep no changes there.
func walUncreatable(path string, err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) || (se.Code != sqlite3.ErrCantOpen && se.ExtendedCode != errReadonlyDirectory) {
		return false
	}
	fi, err := os.Stat(path + "-wal")
	switch {
	case err == nil && fi.Mode().IsRegular():
		return false // it may hold changes the main file lacks
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return false
	}
	return walMode(path)
}

// shmUncreatable reports whether err is SQLite failing to read path, whose
// -wal is there and not empty, because it cannot create the -shm it reads
// the -wal through.
func shmUncreatable(path string, err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) || !slices.Contains(shmOpenCodes, se.Code) {
		return false
	}
	wal, err := os.Stat(path + "-wal")
	if err != nil || !wal.Mode().IsRegular() || wal.Size() == 0 {
		return false
	}
	shm, err := os.Stat(path + "-shm")
	return err != nil || !shm.Mode().IsRegular()
}

// shmOpenCodes are the primary codes of SQLite failing to open or create a -shm.
var shmOpenCodes = []sqlite3.ErrNo{sqlite3.ErrCantOpen, sqlite3.ErrReadonly}

// walMode reports whether path holds an SQLite database in WAL mode: its
// header's read and write versions are 2.
func walMode(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [20]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return false
	}
	return string(h[:16]) == "SQLite format 3\x00" && h[18] == 2 && h[19] == 2
}

// Close closes the database.
func (db *DB) Close() error {
	if db.ins != nil {
		db.ins.close()
	}
	if db.unchanged != nil {
		db.unchanged.Close()
	}
	var errs []error
	for _, h := range []*sql.DB{db.w, db.db} {
		if h != nil {
			errs = append(errs, h.Close())
		}
	}
	return errors.Join(errs...)
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
