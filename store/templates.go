package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/formaudit/formaudit/template"
)

// SaveTemplates stores the definitions of ts, replacing any stored under
// the same names, in one transaction.
func (db *DB) SaveTemplates(ctx context.Context, ts []*template.Template) error {
	if len(ts) == 0 {
		return nil
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range ts {
			def, err := json.Marshal(t)
			if err != nil {
				return fmt.Errorf("template %s: %w", t.Name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO templates (name, definition) VALUES (?, ?)
				ON CONFLICT (name) DO UPDATE SET definition = excluded.definition`, t.Name, string(def)); err != nil {
				return fmt.Errorf("template %s: %w", t.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save templates: %w", err)
	}
	return nil
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
