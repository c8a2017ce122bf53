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
func (db *DB) Templates(ctx context.Context) ([]*template.Template, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT name, definition FROM templates ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read templates: %w", err)
	}
	defer rows.Close()
	var out []*template.Template
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, fmt.Errorf("read templates: %w", err)
		}
		t, err := template.Parse([]byte(def))
		if err != nil {
			return nil, fmt.Errorf("read stored template %s: %w", name, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read templates: %w", err)
	}
	return out, nil
}
