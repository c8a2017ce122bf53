package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/shopspring/decimal"
)

// Source is one imported file.
type Source struct {
	Path, SHA256, Format string
	Size                 int64
}

// Source statuses.
const (
	statusOK     = "ok"
	statusFailed = "failed"
)

// SaveForms stores a file's forms and their check results in one transaction,
// replacing any earlier rows of the same path, and records the source as ok.
// results[i] belongs to forms[i].
func (db *DB) SaveForms(ctx context.Context, src Source, forms []normalize.Form, results []score.Result) (sourceID int64, err error) {
	if len(results) != len(forms) {
		return 0, fmt.Errorf("save %s: %d forms but %d results", src.Path, len(forms), len(results))
	}
	sourceID, _, err = db.SaveFormsFrom(ctx, src, func(yield func(*normalize.Form, *score.Result) bool) error {
		for i := range forms {
			if !yield(&forms[i], &results[i]) {
				break
			}
		}
		return nil
	})
	return sourceID, err
}

// SaveFormsFrom stores a file's forms as forms hands them over, each with
// its check result, in one transaction, replacing any earlier rows of the
// same path; the source is recorded as ok with the number stored. The
// error forms returns rolls the file back, as a failure to store one does:
// either way nothing of it is stored, and the error is returned as is.
func (db *DB) SaveFormsFrom(ctx context.Context, src Source, forms func(yield func(*normalize.Form, *score.Result) bool) error) (sourceID int64, n int, err error) {
	var formsErr error
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		ins := db.ins.in(ctx, tx)
		id, err := ins.replaceSource(ctx, src, statusOK, "", 0)
		if err != nil {
			return err
		}
		var saveErr error
		formsErr = forms(func(f *normalize.Form, r *score.Result) bool {
			if len(r.Funds) != len(f.Funds) {
				saveErr = fmt.Errorf("form %d: %d funds lines but %d funds results", f.Seq, len(f.Funds), len(r.Funds))
			} else if err := ins.form(ctx, id, f, r); err != nil {
				saveErr = fmt.Errorf("form %d: %w", f.Seq, err)
			} else {
				n++
			}
			return saveErr == nil
		})
		switch {
		case saveErr != nil:
			formsErr = nil
			return saveErr
		case formsErr != nil:
			return formsErr
		}
		if _, err := ins.sourceForms.ExecContext(ctx, n, id); err != nil {
			return fmt.Errorf("count forms: %w", err)
		}
		if err := catchUp(ctx, tx, ins.searchBehind.QueryRowContext(ctx), searchBatch); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		sourceID = id
		return nil
	})
	switch {
	case formsErr != nil:
		return 0, 0, err
	case err != nil:
		return 0, 0, fmt.Errorf("save %s: %w", src.Path, err)
	}
	return sourceID, n, nil
}

// SaveFailure records a file that could not be imported, replacing any
// earlier rows of the same path.
func (db *DB) SaveFailure(ctx context.Context, src Source, importErr error) error {
	if importErr == nil {
		return fmt.Errorf("save failure of %s: no error given", src.Path)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := db.ins.in(ctx, tx).replaceSource(ctx, src, statusFailed, importErr.Error(), 0)
		return err
	})
	if err != nil {
		return fmt.Errorf("save failure of %s: %w", src.Path, err)
	}
	return nil
}

// holdersSQL lists the other paths whose content, imported, is a file's.
const holdersSQL = `SELECT path FROM sources WHERE sha256 = ? AND status = ? AND path <> ? ORDER BY path`

// Holders returns the paths other than path whose imported forms were read
// from content of this sha256, in path order. import asks it of every file
// it writes; on the writer's connection, which no other writes, the answer
// holds until the writer's next write.
func (db *DB) Holders(ctx context.Context, sha256, path string) ([]string, error) {
	if db.w == nil {
		return nil, errReadOnly
	}
	rows, err := db.ins.holders.QueryContext(ctx, sha256, statusOK, path)
	if err != nil {
		return nil, fmt.Errorf("look up copies of %s: %w", path, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, fmt.Errorf("look up copies of %s: %w", path, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up copies of %s: %w", path, err)
	}
	return out, nil
}

// Forget removes the rows of path, whatever they are, in one transaction:
// the path now holds a copy of content whose forms another path keeps.
func (db *DB) Forget(ctx context.Context, path string) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, db.ins.deleteSource).ExecContext(ctx, path)
		return err
	})
	if err != nil {
		return fmt.Errorf("forget %s: %w", path, err)
	}
	return nil
}

// unchangedSQL counts the sources of a path, content and status.
const unchangedSQL = `SELECT count(*) FROM sources WHERE path = ? AND sha256 = ? AND status = ?`

// Unchanged reports whether path was already imported with status ok and the
// same sha256. It is an import's question, asked of every file by parallel
// workers, so its statement is prepared once, when the database is opened
// for writing; preparing it for each file took about 1% of an import's CPU.
func (db *DB) Unchanged(ctx context.Context, path, sha256 string) (bool, error) {
	if db.unchanged == nil {
		return false, fmt.Errorf("look up %s: %w", path, errReadOnly)
	}
	var n int
	err := db.unchanged.QueryRowContext(ctx, path, sha256, statusOK).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up %s: %w", path, err)
	}
	return n > 0, nil
}

var errReadOnly = errors.New("the database is open read-only")

// inTx runs fn in a transaction, committing only if fn succeeds. A database
// opened read-only has no writer, and so no inserts either: every write is
// refused here.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if db.w == nil {
		return errReadOnly
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, rollback(tx))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// rollback ignores ErrTxDone: a cancelled context has already rolled back.
func rollback(tx *sql.Tx) error {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

// replaceSource deletes the path's earlier rows, cascading to its forms, and
// inserts the source afresh.
func (ins *inserts) replaceSource(ctx context.Context, src Source, status, errText string, forms int) (int64, error) {
	if _, err := ins.deleteSource.ExecContext(ctx, src.Path); err != nil {
		return 0, fmt.Errorf("delete earlier rows: %w", err)
	}
	res, err := ins.source.ExecContext(ctx, src.Path, text(src.SHA256), text(src.Format), src.Size,
		time.Now().UTC().Format(time.RFC3339), status, text(errText), forms)
	if err != nil {
		return 0, fmt.Errorf("insert source: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert source: %w", err)
	}
	return id, nil
}

// inserts holds the statements a file's rows are written with. They are
// prepared once for the database: preparing them for each file, with the
// triggers they fire and the foreign keys a source's delete cascades
// through, cost a sixth of writing a small file.
type inserts struct {
	deleteSource, source, sourceForms, searchBehind, holders *sql.Stmt
	forms, funds, goals, indicators, discrepancies           *sql.Stmt
}

func prepareInserts(ctx context.Context, db *sql.DB) (*inserts, error) {
	ins := &inserts{}
	for _, s := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&ins.deleteSource, `DELETE FROM sources WHERE path = ?`},
		{&ins.holders, holdersSQL},
		{&ins.source, `INSERT INTO sources (path, sha256, format, size, imported_at, status, error, forms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ins.sourceForms, `UPDATE sources SET forms = ? WHERE id = ?`},
		{&ins.searchBehind, searchBehindSQL},
		{&ins.forms, `INSERT INTO forms (source_id, seq, template, project_code, code_truncated,
			project_name, year, year_inferred, implementing_unit, budget_unit, amount_unit,
			total_weight, recorded_total, computed_total, line_from, line_to, total_line,
			page_from, page_to, sheet, cell_range, grade)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ins.funds, `INSERT INTO funds (form_id, line, label, part_of, source_line, initial_fen, budget_fen,
			executed_fen, weight, recorded_rate, recorded_rate_places, recorded_score,
			computed_rate, computed_score)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ins.goals, `INSERT INTO goals (form_id, seq, expected, actual, source_line)
			VALUES (?, ?, ?, ?, ?)`},
		{&ins.indicators, `INSERT INTO indicators (form_id, seq, source_line, level1, level1_weight,
			level2, name, target, target_op, target_value, target_unit, target_year,
			actual, actual_op, actual_value, actual_unit, weight, score, note, sub_row)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&ins.discrepancies, `INSERT INTO discrepancies (form_id, rule, severity, field, recorded,
			computed, message, line, doubt_field, doubt_printed, doubt_used, page)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	} {
		st, err := db.PrepareContext(ctx, s.sql)
		if err != nil {
			ins.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*s.dst = st
	}
	return ins, nil
}

// in returns the statements bound to tx.
func (ins *inserts) in(ctx context.Context, tx *sql.Tx) *inserts {
	return &inserts{
		deleteSource:  tx.StmtContext(ctx, ins.deleteSource),
		source:        tx.StmtContext(ctx, ins.source),
		sourceForms:   tx.StmtContext(ctx, ins.sourceForms),
		searchBehind:  tx.StmtContext(ctx, ins.searchBehind),
		forms:         tx.StmtContext(ctx, ins.forms),
		funds:         tx.StmtContext(ctx, ins.funds),
		goals:         tx.StmtContext(ctx, ins.goals),
		indicators:    tx.StmtContext(ctx, ins.indicators),
		discrepancies: tx.StmtContext(ctx, ins.discrepancies),
	}
}

func (ins *inserts) close() {
	for _, st := range []*sql.Stmt{ins.deleteSource, ins.source, ins.sourceForms, ins.searchBehind, ins.holders,
		ins.forms, ins.funds, ins.goals, ins.indicators, ins.discrepancies} {
		if st != nil {
			st.Close()
		}
	}
}

// form writes one form and all its child rows.
func (ins *inserts) form(ctx context.Context, sourceID int64, f *normalize.Form, r *score.Result) error {
	res, err := ins.forms.ExecContext(ctx, sourceID, f.Seq, text(f.Template), text(f.ProjectCode),
		f.CodeTruncated, text(f.ProjectName), positive(f.Year), f.YearInferred,
		text(f.ImplementingUnit), text(f.BudgetUnit), text(f.AmountUnit),
		number(f.TotalWeight), number(f.TotalScore), r.ComputedTotal.InexactFloat64(),
		positive(f.LineFrom), positive(f.LineTo), positive(f.TotalLine),
		positive(f.PageFrom), positive(f.PageTo), text(f.Sheet), text(f.CellRange), text(f.Grade))
	if err != nil {
		return fmt.Errorf("insert form: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert form: %w", err)
	}
	for i := range f.Funds {
		l, c := &f.Funds[i], &r.Funds[i]
		var places any
		if l.Rate != nil {
			places = l.RatePlaces
		}
		_, err := ins.funds.ExecContext(ctx, id, l.Line, text(l.Label), text(l.PartOf), positive(l.SourceLine),
			fen(l.Initial), fen(l.Budget), fen(l.Executed), number(l.Weight), number(l.Rate), places,
			number(l.Score), number(c.Rate), number(c.Score))
		if err != nil {
			return fmt.Errorf("funds line %d: %w", i+1, err)
		}
	}
	for i, g := range f.Goals {
		_, err := ins.goals.ExecContext(ctx, id, i+1, text(g.Expected), text(g.Actual), positive(g.Line))
		if err != nil {
			return fmt.Errorf("goal %d: %w", i+1, err)
		}
	}
	for i := range f.Indicators {
		ind := &f.Indicators[i]
		tOp, tVal, tUnit := quantity(ind.TargetQ)
		aOp, aVal, aUnit := quantity(ind.ActualQ)
		_, err := ins.indicators.ExecContext(ctx, id, ind.Seq, positive(ind.SourceLine),
			text(ind.Level1), number(ind.Level1Weight), text(ind.Level2), text(ind.Name),
			text(ind.Target), tOp, tVal, tUnit, positive(ind.TargetYear),
			text(ind.Actual), aOp, aVal, aUnit,
			number(ind.Weight), number(ind.Score), text(ind.Note), ind.Sub)
		if err != nil {
			return fmt.Errorf("indicator %d: %w", ind.Seq, err)
		}
	}
	for i, fd := range r.Findings {
		// A doubt's values are kept as they are, blanks included: its
		// columns are NULL only when there is no doubt.
		var doubtField, doubtPrinted, doubtUsed any
		if d := fd.Doubt; d != nil {
			doubtField, doubtPrinted, doubtUsed = d.Field, d.Printed, d.Used
		}
		_, err := ins.discrepancies.ExecContext(ctx, id, fd.Rule, string(fd.Severity), text(fd.Field),
			text(fd.Recorded), text(fd.Computed), text(fd.Message), positive(fd.Line),
			doubtField, doubtPrinted, doubtUsed, positive(f.PageOf(fd.Line)))
		if err != nil {
			return fmt.Errorf("finding %d (%s): %w", i+1, fd.Rule, err)
		}
	}
	return nil
}

// text maps blank text to NULL.
func text(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return s
}

// positive maps the zero that means "unknown" for years and line numbers to NULL.
func positive(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}

// fen maps a blank amount to NULL.
func fen(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// number stores a decimal in a REAL column; the contract keeps rates, weights
// and scores as REAL, and money never passes through here.
func number(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return d.InexactFloat64()
}

// quantity splits a parsed value into its op, value and unit columns.
func quantity(q *normalize.Quantity) (op, value, unit any) {
	if q == nil {
		return nil, nil, nil
	}
	return text(string(q.Op)), q.Value.InexactFloat64(), text(q.Unit)
}
