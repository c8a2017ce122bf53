package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/formaudit/formaudit/score"
)

// Finding is a stored discrepancy with its form and source.
type Finding struct {
	ID, FormID                                                                   int64
	Path                                                                         string
	Seq                                                                          int
	ProjectCode, ProjectName, Rule, Severity, Field, Recorded, Computed, Message string
	// Line is the printed value's source line, Page its page (0 for a
	// workbook's sheet, or when not known).
	Line, Page int
	Doubt      *score.Doubt // nil when no doubtful OCR number feeds the finding
}

// Findings returns every stored discrepancy ordered by path, form seq, line and rule.
func (db *DB) Findings(ctx context.Context) ([]Finding, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT d.id, d.form_id, s.path, f.seq,
			coalesce(f.project_code, ''), coalesce(f.project_name, ''),
			d.rule, d.severity, coalesce(d.field, ''), coalesce(d.recorded, ''),
			coalesce(d.computed, ''), coalesce(d.message, ''), coalesce(d.line, 0), coalesce(d.page, 0),
			d.doubt_field, d.doubt_printed, d.doubt_used
		FROM discrepancies d
		JOIN forms f ON f.id = d.form_id
		JOIN sources s ON s.id = f.source_id
		ORDER BY s.path, f.seq, coalesce(d.line, 0), d.rule, d.id`)
	if err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		var d doubtColumns
		if err := rows.Scan(&f.ID, &f.FormID, &f.Path, &f.Seq, &f.ProjectCode, &f.ProjectName,
			&f.Rule, &f.Severity, &f.Field, &f.Recorded, &f.Computed, &f.Message, &f.Line, &f.Page,
			&d.field, &d.printed, &d.used); err != nil {
			return nil, fmt.Errorf("findings: %w", err)
		}
		f.Doubt = d.doubt()
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	return out, nil
}

// doubtColumns scans the discrepancies columns of a finding's doubt.
type doubtColumns struct{ field, printed, used sql.NullString }

// doubt is nil when the finding has none.
func (d doubtColumns) doubt() *score.Doubt {
	if !d.field.Valid {
		return nil
	}
	return &score.Doubt{Field: d.field.String, Printed: d.printed.String, Used: d.used.String}
}

// Query runs q and returns its column names and rows as text, nil for NULL.
func (db *DB) Query(ctx context.Context, q string, args ...any) (cols []string, rows [][]*string, err error) {
	r, err := db.QueryResult(ctx, q, args...)
	return r.Columns, r.Rows, err
}

// Result is what a query returned: its values as text, nil for NULL, and
// which of them are numbers.
type Result struct {
	Columns []string
	Rows    [][]*string
	Number  [][]bool // INTEGER and finite REAL values
}

// QueryResult runs q and returns its rows with the type of each value.
func (db *DB) QueryResult(ctx context.Context, q string, args ...any) (Result, error) {
	var r Result
	rs, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return r, fmt.Errorf("query: %w", err)
	}
	defer rs.Close()
	if r.Columns, err = rs.Columns(); err != nil {
		return r, fmt.Errorf("query: %w", err)
	}
	vals := make([]any, len(r.Columns))
	ptrs := make([]any, len(r.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			return Result{}, fmt.Errorf("query: row %d: %w", len(r.Rows)+1, err)
		}
		row := make([]*string, len(vals))
		number := make([]bool, len(vals))
		for i, v := range vals {
			row[i] = format(v)
			switch v := v.(type) {
			case int64:
				number[i] = true
			case float64:
				number[i] = !math.IsInf(v, 0) && !math.IsNaN(v)
			}
		}
		r.Rows = append(r.Rows, row)
		r.Number = append(r.Number, number)
	}
	if err := rs.Err(); err != nil {
		return Result{}, fmt.Errorf("query: %w", err)
	}
	return r, nil
}

// format renders a column value as SQLite would print it, keeping NULL apart from "".
func format(v any) *string {
	var s string
	switch v := v.(type) {
	case nil:
		return nil
	case []byte:
		s = string(v)
	case string:
		s = v
	case int64:
		s = strconv.FormatInt(v, 10)
	case float64:
		s = strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		s = "0"
		if v {
			s = "1"
		}
	case time.Time:
		s = v.Format(time.RFC3339Nano)
	default:
		s = fmt.Sprint(v)
	}
	return &s
}

// Stats counts what the database holds.
type Stats struct {
	SourcesOK, SourcesFailed int // imported files by status
	Forms                    int
	Findings                 int // all discrepancies
	Errors, Warnings         int // discrepancies by severity
}

// Stats counts sources by status, forms and findings by severity.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := db.db.QueryRowContext(ctx, `
		SELECT
			(SELECT count(*) FROM sources WHERE status = ?),
			(SELECT count(*) FROM sources WHERE status = ?),
			(SELECT count(*) FROM forms),
			(SELECT count(*) FROM discrepancies),
			(SELECT count(*) FROM discrepancies WHERE severity = ?),
			(SELECT count(*) FROM discrepancies WHERE severity = ?)`,
		statusOK, statusFailed, string(score.Error), string(score.Warning),
	).Scan(&st.SourcesOK, &st.SourcesFailed, &st.Forms, &st.Findings, &st.Errors, &st.Warnings)
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}
