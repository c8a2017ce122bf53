package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/formaudit/formaudit/template"
)

// ReplacedTemplate is a stored template definition that a save replaced by
// a different one of the same name, with the forms read with the earlier.
type ReplacedTemplate struct {
	Name  string
	Forms int
}

// SaveTemplates stores the definitions of ts, replacing any stored under
// the same names, in one transaction, and returns the stored definitions it
// replaced by different ones: the forms read with those are from then on
// shown with the labels of the new.
func (db *DB) SaveTemplates(ctx context.Context, ts []*template.Template) ([]ReplacedTemplate, error) {
	if len(ts) == 0 {
		return nil, nil
	}
	var replaced []ReplacedTemplate
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		replaced = nil
		for _, t := range ts {
			def, err := json.Marshal(t)
			if err != nil {
				return fmt.Errorf("template %s: %w", t.Name, err)
			}
			var differs bool
			var forms int
			err = tx.QueryRowContext(ctx, `SELECT definition <> ?, (SELECT count(*) FROM forms WHERE template = ?)
				FROM templates WHERE name = ?`, string(def), t.Name, t.Name).Scan(&differs, &forms)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return fmt.Errorf("template %s: %w", t.Name, err)
			case differs:
				replaced = append(replaced, ReplacedTemplate{Name: t.Name, Forms: forms})
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO templates (name, definition) VALUES (?, ?)
				ON CONFLICT (name) DO UPDATE SET definition = excluded.definition`, t.Name, string(def)); err != nil {
				return fmt.Errorf("template %s: %w", t.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save templates: %w", err)
	}
	return replaced, nil
}

// Templates returns the stored template definitions, parsed, by name order.
// A definition that does not parse (edited by hand, or written by a newer
// formaudit) is left out and named in unreadable, so that a reader can go on
// without it: the definitions only lay forms out.
func (db *DB) Templates(ctx context.Context) (ts []*template.Template, unreadable []error, err error) {
	rows, err := db.db.QueryContext(ctx, `SELECT name, definition FROM templates ORDER BY name`)
	if err != nil {
		return nil, nil, fmt.Errorf("read templates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, nil, fmt.Errorf("read templates: %w", err)
		}
		t, err := template.Parse([]byte(def))
		if err != nil {
			unreadable = append(unreadable, fmt.Errorf("stored template %s: %w", name, err))
			continue
		}
		ts = append(ts, t)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read templates: %w", err)
	}
	return ts, unreadable, nil
}

// TemplatesVersion is the first schema version that stores template
// definitions (table templates).
const TemplatesVersion = 11

// TemplateUse is how many forms of a database were read with a template,
// and whether the database keeps its definition.
type TemplateUse struct {
	Name   string
	Forms  int
	Stored bool
}

// TemplatesUsed lists the templates the forms of the database at path were
// read with, by name, without opening it for use.
func TemplatesUsed(ctx context.Context, path string) ([]TemplateUse, error) {
	var out []TemplateUse
	err := inspect(path, func(db *sql.DB) error {
		var v int
		if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		var err error
		out, err = templatesUsed(ctx, db, v >= TemplatesVersion)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("templates of %s: %w", path, err)
	}
	return out, nil
}

// TemplatesUsed lists the templates the forms of db were read with, by name.
func (db *DB) TemplatesUsed(ctx context.Context) ([]TemplateUse, error) {
	out, err := templatesUsed(ctx, db.db, true)
	if err != nil {
		return nil, fmt.Errorf("templates used: %w", err)
	}
	return out, nil
}

// templatesUsed counts the forms of each template; stored is whether the
// schema has the table templates to look each up in.
func templatesUsed(ctx context.Context, db *sql.DB, stored bool) ([]TemplateUse, error) {
	isStored := "0"
	if stored {
		isStored = "EXISTS (SELECT 1 FROM templates t WHERE t.name = f.template)"
	}
	// isStored is one of two constant expressions chosen here.
	rows, err := db.QueryContext(ctx, `SELECT coalesce(f.template, ''), count(*), `+isStored+`
		FROM forms f GROUP BY f.template ORDER BY f.template`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TemplateUse
	for rows.Next() {
		var u TemplateUse
		if err := rows.Scan(&u.Name, &u.Forms, &u.Stored); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
