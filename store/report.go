package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// FormFilter selects forms for a report; zero fields select every form.
type FormFilter struct {
	IDs    []int64 // form ids
	Year   int     // evaluation year
	Unit   string  // text contained in the implementing unit or the first-level budget unit
	Source string  // text contained in the source path
}

// ReportForm is one stored form with everything a report shows of it.
type ReportForm struct {
	ID, SourceID          int64
	Path, Format          string // the source file and its sniffed format
	Seq                   int
	Template, ProjectCode string
	CodeTruncated         bool
	ProjectName           string
	Year                  int // 0 when unknown
	YearInferred          bool
	ImplementingUnit      string
	BudgetUnit            string
	AmountUnit            string
	TotalWeight           *decimal.Decimal // nil when blank
	RecordedTotal         *decimal.Decimal // nil when blank
	ComputedTotal         *decimal.Decimal
	LineFrom, LineTo      int // source lines, or sheet rows
	TotalLine             int
	PageFrom, PageTo      int // 0 when the source has no pages
	Sheet, CellRange      string
	Funds                 []FundsRow
	Goals                 []GoalRow
	Indicators            []IndicatorRow
	Findings              []Finding
}

// FundsRow is a stored funds line with its recomputed rate and score. Amounts are fen.
type FundsRow struct {
	Line, Label        string
	SourceLine         int
	Initial            *int64
	Budget             *int64
	Executed           *int64
	Weight             *decimal.Decimal
	RecordedRate       *decimal.Decimal // percent
	RecordedRatePlaces int
	RecordedScore      *decimal.Decimal
	ComputedRate       *decimal.Decimal // percent, unrounded
	ComputedScore      *decimal.Decimal
}

// GoalRow is a stored goal.
type GoalRow struct {
	Seq              int
	Expected, Actual string
	SourceLine       int
}

// IndicatorRow is a stored indicator row.
type IndicatorRow struct {
	Seq, SourceLine      int
	Level1               string
	Level1Weight         *decimal.Decimal
	Level2, Name         string
	Target, Actual, Note string
	TargetYear           int
	Weight, Score        *decimal.Decimal
}

// where builds the WHERE clause selecting the filter's forms, over forms f
// joined with sources s.
func (flt FormFilter) where() (string, []any) {
	var conds []string
	var args []any
	if len(flt.IDs) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(flt.IDs)), ",")
		conds = append(conds, "f.id IN ("+marks+")")
		for _, id := range flt.IDs {
			args = append(args, id)
		}
	}
	if flt.Year != 0 {
		conds = append(conds, "f.year = ?")
		args = append(args, flt.Year)
	}
	if flt.Unit != "" {
		conds = append(conds, "(instr(coalesce(f.implementing_unit, ''), ?) > 0 OR instr(coalesce(f.budget_unit, ''), ?) > 0)")
		args = append(args, flt.Unit, flt.Unit)
	}
	if flt.Source != "" {
		conds = append(conds, "instr(s.path, ?) > 0")
		args = append(args, flt.Source)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// ReportForms returns the forms the filter selects, ordered by source path
// and seq, each with its funds, goals, indicators and findings.
func (db *DB) ReportForms(ctx context.Context, flt FormFilter) ([]ReportForm, error) {
	where, args := flt.where()
	forms, err := db.reportForms(ctx, where, args)
	if err != nil {
		return nil, fmt.Errorf("report forms: %w", err)
	}
	byID := make(map[int64]*ReportForm, len(forms))
	for i := range forms {
		byID[forms[i].ID] = &forms[i]
	}
	// Child rows are read with the same selection, one query per table,
	// rather than one query per form.
	selected := "SELECT f.id FROM forms f JOIN sources s ON s.id = f.source_id " + where
	for _, load := range []func(context.Context, string, []any, map[int64]*ReportForm) error{
		db.reportFunds, db.reportGoals, db.reportIndicators, db.reportFindings,
	} {
		if err := load(ctx, selected, args, byID); err != nil {
			return nil, fmt.Errorf("report forms: %w", err)
		}
	}
	return forms, nil
}

func (db *DB) reportForms(ctx context.Context, where string, args []any) ([]ReportForm, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT f.id, f.source_id, s.path, coalesce(s.format, ''), f.seq,
			coalesce(f.template, ''), coalesce(f.project_code, ''), f.code_truncated,
			coalesce(f.project_name, ''), coalesce(f.year, 0), f.year_inferred,
			coalesce(f.implementing_unit, ''), coalesce(f.budget_unit, ''), coalesce(f.amount_unit, ''),
			f.total_weight, f.recorded_total, f.computed_total,
			coalesce(f.line_from, 0), coalesce(f.line_to, 0), coalesce(f.total_line, 0),
			coalesce(f.page_from, 0), coalesce(f.page_to, 0), coalesce(f.sheet, ''), coalesce(f.cell_range, '')
		FROM forms f JOIN sources s ON s.id = f.source_id `+where+`
		ORDER BY s.path, f.seq, f.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportForm
	for rows.Next() {
		var f ReportForm
		var weight, recorded, computed decimal.NullDecimal
		if err := rows.Scan(&f.ID, &f.SourceID, &f.Path, &f.Format, &f.Seq,
			&f.Template, &f.ProjectCode, &f.CodeTruncated,
			&f.ProjectName, &f.Year, &f.YearInferred,
			&f.ImplementingUnit, &f.BudgetUnit, &f.AmountUnit,
			&weight, &recorded, &computed,
			&f.LineFrom, &f.LineTo, &f.TotalLine,
			&f.PageFrom, &f.PageTo, &f.Sheet, &f.CellRange); err != nil {
			return nil, fmt.Errorf("form %d: %w", len(out)+1, err)
		}
		f.TotalWeight, f.RecordedTotal, f.ComputedTotal = nullDecimal(weight), nullDecimal(recorded), nullDecimal(computed)
		out = append(out, f)
	}
	return out, rows.Err()
}

func (db *DB) reportFunds(ctx context.Context, selected string, args []any, byID map[int64]*ReportForm) error {
	rows, err := db.db.QueryContext(ctx, `
		SELECT form_id, line, coalesce(label, ''), coalesce(source_line, 0),
			initial_fen, budget_fen, executed_fen, weight,
			recorded_rate, coalesce(recorded_rate_places, 0), recorded_score, computed_rate, computed_score
		FROM funds WHERE form_id IN (`+selected+`)
		ORDER BY form_id, rowid`, args...)
	if err != nil {
		return fmt.Errorf("funds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l FundsRow
		var initial, budget, executed sql.NullInt64
		var weight, rate, score, crate, cscore decimal.NullDecimal
		if err := rows.Scan(&id, &l.Line, &l.Label, &l.SourceLine, &initial, &budget, &executed, &weight,
			&rate, &l.RecordedRatePlaces, &score, &crate, &cscore); err != nil {
			return fmt.Errorf("funds: %w", err)
		}
		l.Initial, l.Budget, l.Executed = fen64(initial), fen64(budget), fen64(executed)
		l.Weight, l.RecordedRate, l.RecordedScore, l.ComputedRate, l.ComputedScore = nullDecimal(weight), nullDecimal(rate), nullDecimal(score), nullDecimal(crate), nullDecimal(cscore)
		if f := byID[id]; f != nil {
			f.Funds = append(f.Funds, l)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("funds: %w", err)
	}
	return nil
}

func (db *DB) reportGoals(ctx context.Context, selected string, args []any, byID map[int64]*ReportForm) error {
	rows, err := db.db.QueryContext(ctx, `
		SELECT form_id, seq, coalesce(expected, ''), coalesce(actual, ''), coalesce(source_line, 0)
		FROM goals WHERE form_id IN (`+selected+`)
		ORDER BY form_id, seq`, args...)
	if err != nil {
		return fmt.Errorf("goals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var g GoalRow
		if err := rows.Scan(&id, &g.Seq, &g.Expected, &g.Actual, &g.SourceLine); err != nil {
			return fmt.Errorf("goals: %w", err)
		}
		if f := byID[id]; f != nil {
			f.Goals = append(f.Goals, g)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("goals: %w", err)
	}
	return nil
}

func (db *DB) reportIndicators(ctx context.Context, selected string, args []any, byID map[int64]*ReportForm) error {
	rows, err := db.db.QueryContext(ctx, `
		SELECT form_id, seq, coalesce(source_line, 0), coalesce(level1, ''), level1_weight,
			coalesce(level2, ''), coalesce(name, ''), coalesce(target, ''), coalesce(actual, ''),
			coalesce(note, ''), coalesce(target_year, 0), weight, score
		FROM indicators WHERE form_id IN (`+selected+`)
		ORDER BY form_id, seq`, args...)
	if err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ind IndicatorRow
		var l1w, weight, score decimal.NullDecimal
		if err := rows.Scan(&id, &ind.Seq, &ind.SourceLine, &ind.Level1, &l1w, &ind.Level2, &ind.Name,
			&ind.Target, &ind.Actual, &ind.Note, &ind.TargetYear, &weight, &score); err != nil {
			return fmt.Errorf("indicators: %w", err)
		}
		ind.Level1Weight, ind.Weight, ind.Score = nullDecimal(l1w), nullDecimal(weight), nullDecimal(score)
		if f := byID[id]; f != nil {
			f.Indicators = append(f.Indicators, ind)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	return nil
}

// reportFindings orders findings as Findings does: by line, rule and id.
func (db *DB) reportFindings(ctx context.Context, selected string, args []any, byID map[int64]*ReportForm) error {
	rows, err := db.db.QueryContext(ctx, `
		SELECT d.id, d.form_id, d.rule, d.severity, coalesce(d.field, ''), coalesce(d.recorded, ''),
			coalesce(d.computed, ''), coalesce(d.message, ''), coalesce(d.line, 0), coalesce(d.page, 0),
			d.doubt_field, d.doubt_printed, d.doubt_used
		FROM discrepancies d WHERE d.form_id IN (`+selected+`)
		ORDER BY d.form_id, coalesce(d.line, 0), d.rule, d.id`, args...)
	if err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var fd Finding
		var d doubtColumns
		if err := rows.Scan(&fd.ID, &fd.FormID, &fd.Rule, &fd.Severity, &fd.Field, &fd.Recorded,
			&fd.Computed, &fd.Message, &fd.Line, &fd.Page, &d.field, &d.printed, &d.used); err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		fd.Doubt = d.doubt()
		if f := byID[fd.FormID]; f != nil {
			fd.Path, fd.Seq, fd.ProjectCode, fd.ProjectName = f.Path, f.Seq, f.ProjectCode, f.ProjectName
			f.Findings = append(f.Findings, fd)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	return nil
}

// FormRefs returns the ids of the forms that ref names: the form with that
// id, and every form printing that project code, ordered by source path and seq.
func (db *DB) FormRefs(ctx context.Context, ref string) ([]int64, error) {
	ref = strings.TrimSpace(ref)
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		id = 0
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT f.id FROM forms f JOIN sources s ON s.id = f.source_id
		WHERE f.id = ? OR f.project_code = ?
		ORDER BY s.path, f.seq, f.id`, id, ref)
	if err != nil {
		return nil, fmt.Errorf("look up form %q: %w", ref, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("look up form %q: %w", ref, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up form %q: %w", ref, err)
	}
	return ids, nil
}

// nullDecimal maps SQL NULL to nil.
func nullDecimal(n decimal.NullDecimal) *decimal.Decimal {
	if !n.Valid {
		return nil
	}
	return &n.Decimal
}

// fen64 maps SQL NULL to nil.
func fen64(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}
