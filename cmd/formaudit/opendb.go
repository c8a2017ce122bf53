package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
)

// openForReading opens the database read-only for a command that only
// reads it. A database written by an older formaudit is first upgraded in
// place, as import would, in one transaction that keeps every row, and a
// line on errw says so; where it cannot be written, the error says what to do,
// as it does where there is no database yet.
func openForReading(path string, errw io.Writer) (*store.DB, error) {
	db, err := store.OpenReadOnly(path)
	var old *store.OldSchemaError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no database %s: import forms into it first (formaudit import --db %s FILES), or name another with --db or $FORMAUDIT_DB", path, path)
	case !errors.As(err, &old):
		return db, err
	}
	from, err := store.Upgrade(path)
	if err != nil {
		return nil, fmt.Errorf("%w, and upgrading it failed: %w; make the file and its folder writable and run the command again, or read it with the formaudit that wrote it", old, err)
	}
	fmt.Fprintf(errw, "formaudit: upgraded %s from schema version %d to %d\n", path, from, store.Version)
	return store.OpenReadOnly(path)
}

// storedTemplates returns the template definitions db keeps, warning on errw
// of each that cannot be read: forms read with it are laid out under the
// national labels, which is no reason to refuse the report.
func storedTemplates(ctx context.Context, db *store.DB, errw io.Writer) ([]*template.Template, error) {
	ts, unreadable, err := db.Templates(ctx)
	for _, u := range unreadable {
		fmt.Fprintf(errw, "formaudit: warning: %v; its forms are shown under the national labels\n", u)
	}
	return ts, err
}
