package store

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/shopspring/decimal"
)

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func i64(n int64) *int64 { return &n }

// sampleForm is one hand-built form with a blank in every nullable column kind.
func sampleForm() ([]normalize.Form, []score.Result) {
	f := normalize.Form{
		Seq:              1,
		LineFrom:         3,
		LineTo:           40,
		Template:         "mof-2021",
		ProjectCode:      "11010024T000000412",
		CodeTruncated:    true,
		ProjectName:      "城市绿化养护",
		Year:             2024,
		YearInferred:     true,
		ImplementingUnit: "园林局",
		BudgetUnit:       "",
		AmountUnit:       "万元",
		TotalWeight:      dec("100"),
		TotalScore:       nil,
		TotalLine:        39,
		Funds: []normalize.Funds{
			{Line: "total", Label: "年度资金总额", SourceLine: 8, Initial: i64(12345678), Budget: i64(20000000),
				Executed: i64(19736000), Weight: dec("10"), Rate: dec("98.68"), RatePlaces: 2, Score: dec("9.87")},
			{Line: "other", Label: "", SourceLine: 0, Initial: nil, Budget: i64(0), Executed: nil},
		},
		Goals: []normalize.Goal{
			{Expected: "完成养护面积", Actual: "已完成", Line: 12},
			{Expected: "提升满意度", Actual: "", Line: 0},
		},
		Indicators: []normalize.Indicator{
			{Seq: 1, SourceLine: 20, Level1: "产出指标", Level1Weight: dec("50"), Level2: "数量指标",
				Name: "养护面积", Target: "≥120万平方米", Actual: "125万平方米", Weight: dec("20"), Score: dec("19.5"),
				Note:       "偏差说明",
				TargetQ:    &normalize.Quantity{Op: normalize.GE, Value: decimal.RequireFromString("120"), Unit: "万平方米", Explicit: true},
				ActualQ:    &normalize.Quantity{Op: normalize.EQ, Value: decimal.RequireFromString("125"), Unit: "万平方米"},
				TargetYear: 2024},
			{Seq: 2, Name: "满意度", Target: "高", Actual: "", Note: ""},
		},
	}
	r := score.Result{
		Funds: []score.FundsResult{
			{Rate: dec("98.68"), Score: dec("9.868")},
			{},
		},
		ComputedTotal: decimal.RequireFromString("87.25"),
		Findings: []score.Finding{
			{Rule: "funds.score", Severity: score.Error, Field: "funds.total.score", Recorded: "9.87",
				Computed: "9.868", Line: 8, Message: "score differs"},
			{Rule: "total.blank", Severity: score.Warning, Message: "no total"},
		},
	}
	return []normalize.Form{f}, []score.Result{r}
}

func s(v string) *string { return &v }

// queryRows runs q and fails the test on error.
func queryRows(t *testing.T, db *DB, q string, args ...any) [][]*string {
	t.Helper()
	_, rows, err := db.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return rows
}

func show(rows [][]*string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("\n  [")
		for i, v := range r {
			if i > 0 {
				b.WriteString(" | ")
			}
			if v == nil {
				b.WriteString("NULL")
			} else {
				b.WriteString(*v)
			}
		}
		b.WriteString("]")
	}
	return b.String()
}

func equalRows(a, b [][]*string) bool {
	return slices.EqualFunc(a, b, func(x, y []*string) bool {
		return slices.EqualFunc(x, y, func(p, q *string) bool {
			return (p == nil) == (q == nil) && (p == nil || *p == *q)
		})
	})
}

func TestSaveFormsRoundTrip(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	forms, results := sampleForm()
	before := time.Now().UTC().Add(-time.Second)
	id, err := db.SaveForms(ctx, Source{Path: "in/seed.txt", SHA256: "ab12", Format: "text", Size: 4096}, forms, results)
	if err != nil {
		t.Fatalf("SaveForms: %v", err)
	}

	src := queryRows(t, db, `SELECT id, path, sha256, format, size, status, error, forms, imported_at FROM sources`)
	if len(src) != 1 {
		t.Fatalf("sources rows = %d, want 1", len(src))
	}
	at, err := time.Parse(time.RFC3339, *src[0][8])
	if err != nil || at.Before(before.Truncate(time.Second)) || at.After(time.Now().Add(time.Second)) {
		t.Errorf("imported_at = %q (%v), want the time of saving", *src[0][8], err)
	}
	src[0] = src[0][:8]

	fid := queryRows(t, db, `SELECT id FROM forms`)[0][0]
	sid := s(strconv.FormatInt(id, 10))
	tests := []struct {
		name, q string
		want    [][]*string
	}{
		{"sources", `SELECT id, path, sha256, format, size, status, error, forms FROM sources`,
			[][]*string{{sid, s("in/seed.txt"), s("ab12"), s("text"), s("4096"), s("ok"), nil, s("1")}}},
		{"forms", `SELECT source_id, seq, template, project_code, code_truncated, project_name, year,
			year_inferred, implementing_unit, budget_unit, amount_unit, total_weight, recorded_total,
			computed_total, line_from, line_to, total_line FROM forms`,
			[][]*string{{sid, s("1"), s("mof-2021"), s("11010024T000000412"), s("1"), s("城市绿化养护"), s("2024"),
				s("1"), s("园林局"), nil, s("万元"), s("100"), nil, s("87.25"), s("3"), s("40"), s("39")}}},
		{"funds", `SELECT form_id, line, label, source_line, initial_fen, budget_fen, executed_fen, weight,
			recorded_rate, recorded_rate_places, recorded_score, computed_rate, computed_score
			FROM funds ORDER BY rowid`,
			[][]*string{
				{fid, s("total"), s("年度资金总额"), s("8"), s("12345678"), s("20000000"), s("19736000"), s("10"),
					s("98.68"), s("2"), s("9.87"), s("98.68"), s("9.868")},
				{fid, s("other"), nil, nil, nil, s("0"), nil, nil, nil, nil, nil, nil, nil},
			}},
		{"funds money is integer", `SELECT DISTINCT typeof(initial_fen), typeof(budget_fen), typeof(executed_fen)
			FROM funds WHERE line = 'total'`,
			[][]*string{{s("integer"), s("integer"), s("integer")}}},
		{"goals", `SELECT form_id, seq, expected, actual, source_line FROM goals ORDER BY seq`,
			[][]*string{
				{fid, s("1"), s("完成养护面积"), s("已完成"), s("12")},
				{fid, s("2"), s("提升满意度"), nil, nil},
			}},
		{"indicators", `SELECT form_id, seq, source_line, level1, level1_weight, level2, name, target,
			target_op, target_value, target_unit, target_year, actual, actual_op, actual_value, actual_unit,
			weight, score, note FROM indicators ORDER BY seq`,
			[][]*string{
				{fid, s("1"), s("20"), s("产出指标"), s("50"), s("数量指标"), s("养护面积"), s("≥120万平方米"),
					s(">="), s("120"), s("万平方米"), s("2024"), s("125万平方米"), s("="), s("125"), s("万平方米"),
					s("20"), s("19.5"), s("偏差说明")},
				{fid, s("2"), nil, nil, nil, nil, s("满意度"), s("高"),
					nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil},
			}},
		{"discrepancies", `SELECT form_id, rule, severity, field, recorded, computed, message, line
			FROM discrepancies ORDER BY id`,
			[][]*string{
				{fid, s("funds.score"), s("error"), s("funds.total.score"), s("9.87"), s("9.868"), s("score differs"), s("8")},
				{fid, s("total.blank"), s("warning"), nil, nil, nil, s("no total"), nil},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := queryRows(t, db, tt.q)
			if !equalRows(got, tt.want) {
				t.Errorf("got%s\nwant%s", show(got), show(tt.want))
			}
		})
	}
}

// counts returns the row count of every table.
func counts(t *testing.T, db *DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"sources", "forms", "funds", "goals", "indicators", "discrepancies"} {
		var n int
		if err := db.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestSaveFormsReplacesSamePath(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	forms, results := sampleForm()
	two := append(slices.Clone(forms), forms[0])
	two[1].Seq = 2
	twoResults := append(slices.Clone(results), results[0])
	if _, err := db.SaveForms(ctx, Source{Path: "a.txt", SHA256: "old"}, two, twoResults); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveForms(ctx, Source{Path: "b.txt", SHA256: "b"}, forms, results); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveForms(ctx, Source{Path: "a.txt", SHA256: "new"}, forms, results); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"sources": 2, "forms": 2, "funds": 4, "goals": 4, "indicators": 4, "discrepancies": 4}
	if got := counts(t, db); !mapsEqual(got, want) {
		t.Errorf("row counts after replace = %v, want %v", got, want)
	}
	orphans := queryRows(t, db, `SELECT
		(SELECT count(*) FROM forms WHERE source_id NOT IN (SELECT id FROM sources)) +
		(SELECT count(*) FROM funds WHERE form_id NOT IN (SELECT id FROM forms)) +
		(SELECT count(*) FROM goals WHERE form_id NOT IN (SELECT id FROM forms)) +
		(SELECT count(*) FROM indicators WHERE form_id NOT IN (SELECT id FROM forms)) +
		(SELECT count(*) FROM discrepancies WHERE form_id NOT IN (SELECT id FROM forms))`)
	if got := *orphans[0][0]; got != "0" {
		t.Errorf("orphan rows = %s, want 0", got)
	}
	if got := queryRows(t, db, `SELECT sha256 FROM sources WHERE path = 'a.txt'`); len(got) != 1 || *got[0][0] != "new" {
		t.Errorf("a.txt sources = %s, want one row with sha256 new", show(got))
	}

	if err := db.SaveFailure(ctx, Source{Path: "a.txt", SHA256: "bad"}, errors.New("unreadable")); err != nil {
		t.Fatal(err)
	}
	want = map[string]int{"sources": 2, "forms": 1, "funds": 2, "goals": 2, "indicators": 2, "discrepancies": 2}
	if got := counts(t, db); !mapsEqual(got, want) {
		t.Errorf("row counts after failure replaced a.txt = %v, want %v", got, want)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSaveFailure(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	src := Source{Path: "scan.pdf", SHA256: "ff00", Format: "pdf", Size: 10}
	if err := db.SaveFailure(ctx, src, errors.New("pdf: no text layer")); err != nil {
		t.Fatalf("SaveFailure: %v", err)
	}
	got := queryRows(t, db, `SELECT path, sha256, format, size, status, error, forms FROM sources`)
	want := [][]*string{{s("scan.pdf"), s("ff00"), s("pdf"), s("10"), s("failed"), s("pdf: no text layer"), s("0")}}
	if !equalRows(got, want) {
		t.Errorf("got%s\nwant%s", show(got), show(want))
	}
	if err := db.SaveFailure(ctx, src, nil); err == nil {
		t.Error("SaveFailure with a nil error succeeded")
	}
}

func TestUnchanged(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	forms, results := sampleForm()
	if _, err := db.SaveForms(ctx, Source{Path: "ok.txt", SHA256: "aaa"}, forms, results); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveFailure(ctx, Source{Path: "bad.txt", SHA256: "aaa"}, errors.New("x")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, sha string
		want      bool
	}{
		{"ok.txt", "aaa", true},
		{"ok.txt", "bbb", false},
		{"other.txt", "aaa", false},
		{"bad.txt", "aaa", false},
	}
	for _, tt := range tests {
		got, err := db.Unchanged(ctx, tt.path, tt.sha)
		if err != nil {
			t.Fatalf("Unchanged(%s, %s): %v", tt.path, tt.sha, err)
		}
		if got != tt.want {
			t.Errorf("Unchanged(%s, %s) = %v, want %v", tt.path, tt.sha, got, tt.want)
		}
	}
}

func TestSaveFormsRollsBack(t *testing.T) {
	forms, results := sampleForm()
	badLine := append(slices.Clone(forms), forms[0])
	badLine[1].Seq = 2
	badLine[1].Funds = slices.Clone(forms[0].Funds)
	badLine[1].Funds[1].Line = "" // every line has a name: the CHECK refuses none
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		forms   []normalize.Form
		results []score.Result
	}{
		{"check constraint on second form", context.Background(), badLine, append(slices.Clone(results), results[0])},
		{"duplicate seq", context.Background(), append(slices.Clone(forms), forms[0]), append(slices.Clone(results), results[0])},
		{"cancelled context", cancelled, forms, results},
		{"results do not match forms", context.Background(), forms, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			ctx := context.Background()
			if _, err := db.SaveForms(ctx, Source{Path: "a.txt", SHA256: "first"}, forms, results); err != nil {
				t.Fatal(err)
			}
			before := counts(t, db)
			if _, err := db.SaveForms(tt.ctx, Source{Path: "a.txt", SHA256: "second"}, tt.forms, tt.results); err == nil {
				t.Fatal("SaveForms succeeded")
			}
			if got := counts(t, db); !mapsEqual(got, before) {
				t.Errorf("row counts after failed save = %v, want %v", got, before)
			}
			ok, err := db.Unchanged(ctx, "a.txt", "first")
			if err != nil || !ok {
				t.Errorf("earlier import of a.txt lost: Unchanged = %v, %v", ok, err)
			}
		})
	}
}

func TestSaveFormsFundsResultsMismatch(t *testing.T) {
	db, _ := openTemp(t)
	forms, results := sampleForm()
	results[0].Funds = results[0].Funds[:1]
	_, err := db.SaveForms(context.Background(), Source{Path: "a.txt"}, forms, results)
	if err == nil {
		t.Fatal("SaveForms accepted funds results that do not match the funds lines")
	}
	if got := counts(t, db)["sources"]; got != 0 {
		t.Errorf("sources = %d after a refused save, want 0", got)
	}
}

func TestSaveFormsConcurrent(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	forms, results := sampleForm()
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := db.SaveForms(ctx, Source{Path: "f" + strconv.Itoa(i) + ".txt"}, forms, results)
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("concurrent SaveForms: %v", err)
		}
	}
	if got := counts(t, db)["forms"]; got != n {
		t.Errorf("forms = %d, want %d", got, n)
	}
}

// TestSaveFormsFrom stores forms as they are handed over: the source
// counts the forms stored, and an error from the producer after some of
// them rolls the file back, its earlier import kept whole.
func TestSaveFormsFrom(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	forms, results := sampleForm()
	some := func(n int, end error) func(yield func(*normalize.Form, *score.Result) bool) error {
		return func(yield func(*normalize.Form, *score.Result) bool) error {
			for i := range n {
				f := forms[0]
				f.Seq = i + 1
				if !yield(&f, &results[0]) {
					return nil
				}
			}
			return end
		}
	}
	_, n, err := db.SaveFormsFrom(ctx, Source{Path: "a.txt", SHA256: "first"}, some(3, nil))
	if err != nil || n != 3 {
		t.Fatalf("SaveFormsFrom = %d forms, %v; want 3, nil", n, err)
	}
	stored := queryRows(t, db, `SELECT forms, (SELECT count(*) FROM forms) FROM sources WHERE path = 'a.txt'`)
	if len(stored) != 1 || *stored[0][0] != "3" || *stored[0][1] != "3" {
		t.Errorf("sources.forms and forms rows = %s, want 3 and 3", show(stored))
	}
	before := counts(t, db)
	boom := errors.New("the reader broke")
	if _, _, err := db.SaveFormsFrom(ctx, Source{Path: "a.txt", SHA256: "second"}, some(2, boom)); !errors.Is(err, boom) {
		t.Fatalf("SaveFormsFrom with a failing producer = %v, want its error", err)
	}
	if got := counts(t, db); !mapsEqual(got, before) {
		t.Errorf("row counts after a failed producer = %v, want %v", got, before)
	}
	if ok, err := db.Unchanged(ctx, "a.txt", "first"); err != nil || !ok {
		t.Errorf("earlier import of a.txt lost: Unchanged = %v, %v", ok, err)
	}
}
