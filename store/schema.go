package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// SchemaObject is a table or view of the database with its description.
type SchemaObject struct {
	Name        string
	Kind        string // table, view or virtual table
	Description string
	Columns     []SchemaColumn
}

// SchemaColumn is one column of a table or view with its description.
type SchemaColumn struct {
	Name, Type, Description string
}

// Schema lists the tables and views of the database, with the columns SQLite
// reports and the descriptions stored in schema_doc, in the order schema_doc
// documents them; undocumented objects follow by name. The shadow tables
// behind a virtual table are left out: they are its storage, not its data.
func (db *DB) Schema(ctx context.Context) ([]SchemaObject, error) {
	objects, err := db.schemaObjects(ctx)
	if err != nil {
		return nil, err
	}
	docs, order, err := db.schemaDocs(ctx)
	if err != nil {
		return nil, err
	}
	for i := range objects {
		o := &objects[i]
		o.Description = docs[o.Name][""]
		cols, err := db.schemaColumns(ctx, o.Name)
		if err != nil && o.Kind != "virtual table" {
			return nil, err
		}
		if len(cols) == 0 && o.Kind == "virtual table" {
			// A build without FTS5 cannot describe the FTS5 table; the
			// documentation still names its columns.
			cols = nil
			for _, c := range order[o.Name] {
				cols = append(cols, SchemaColumn{Name: c})
			}
		}
		for j := range cols {
			cols[j].Description = docs[o.Name][cols[j].Name]
		}
		o.Columns = cols
	}
	rank := func(name string) int {
		if i := slices.Index(order[""], name); i >= 0 {
			return i
		}
		return len(order[""])
	}
	slices.SortStableFunc(objects, func(a, b SchemaObject) int {
		if d := rank(a.Name) - rank(b.Name); d != 0 {
			return d
		}
		return strings.Compare(a.Name, b.Name)
	})
	return objects, nil
}

// schemaObjects lists the tables and views, without SQLite's own tables and
// the shadow tables of virtual tables.
func (db *DB) schemaObjects(ctx context.Context) ([]SchemaObject, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT name, type, coalesce(sql, '') FROM sqlite_schema
		WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	defer rows.Close()
	var all []SchemaObject
	var virtual []string
	for rows.Next() {
		var o SchemaObject
		var ddl string
		if err := rows.Scan(&o.Name, &o.Kind, &ddl); err != nil {
			return nil, fmt.Errorf("schema: %w", err)
		}
		if strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL TABLE") {
			o.Kind = "virtual table"
			virtual = append(virtual, o.Name)
		}
		all = append(all, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	var out []SchemaObject
	for _, o := range all {
		if !slices.ContainsFunc(virtual, func(v string) bool { return strings.HasPrefix(o.Name, v+"_") }) {
			out = append(out, o)
		}
	}
	return out, nil
}

// schemaDocs reads schema_doc, if the file has it: descriptions by table and
// column ("" for the table itself), and the documented order of tables (under
// "") and of each table's columns.
func (db *DB) schemaDocs(ctx context.Context) (docs map[string]map[string]string, order map[string][]string, err error) {
	docs, order = map[string]map[string]string{}, map[string][]string{}
	var exists bool
	if err := db.db.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_doc')`).Scan(&exists); err != nil {
		return nil, nil, fmt.Errorf("schema: %w", err)
	}
	if !exists {
		return docs, order, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT table_name, column_name, description FROM schema_doc ORDER BY rowid`)
	if err != nil {
		return nil, nil, fmt.Errorf("schema: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, column, desc string
		if err := rows.Scan(&table, &column, &desc); err != nil {
			return nil, nil, fmt.Errorf("schema: %w", err)
		}
		if docs[table] == nil {
			docs[table] = map[string]string{}
			order[""] = append(order[""], table)
		}
		docs[table][column] = desc
		if column != "" {
			order[table] = append(order[table], column)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("schema: %w", err)
	}
	return docs, order, nil
}

func (db *DB) schemaColumns(ctx context.Context, table string) ([]SchemaColumn, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT name, type FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, fmt.Errorf("schema of %s: %w", table, err)
	}
	defer rows.Close()
	var cols []SchemaColumn
	for rows.Next() {
		var c SchemaColumn
		var typ sql.NullString
		if err := rows.Scan(&c.Name, &typ); err != nil {
			return nil, fmt.Errorf("schema of %s: %w", table, err)
		}
		c.Type = typ.String
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("schema of %s: %w", table, err)
	}
	return cols, nil
}
