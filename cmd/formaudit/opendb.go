package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/formaudit/formaudit/store"
)

// openForReading opens the database read-only for a command that only
// reads it. A database written by an older formaudit is first upgraded in
// place, as import would, in one transaction that keeps every row, and a
// line on errw says so; where it cannot be written, the error says what to do.
func openForReading(path string, errw io.Writer) (*store.DB, error) {
	db, err := store.OpenReadOnly(path)
	var old *store.OldSchemaError
	if !errors.As(err, &old) {
		return db, err
	}
	from, err := store.Upgrade(path)
	if err != nil {
		return nil, fmt.Errorf("%w, and upgrading it failed: %w; make the file and its folder writable and run the command again, or read it with the formaudit that wrote it", old, err)
	}
	fmt.Fprintf(errw, "formaudit: upgraded %s from schema version %d to %d\n", path, from, store.Version)
	return store.OpenReadOnly(path)
}
