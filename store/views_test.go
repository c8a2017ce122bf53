package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/pipeline"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/shopspring/decimal"
)

var seedPath = fixtures.Path("docs/seed-2024.txt")

// importFiles imports paths through the pipeline into a new database.
func importFiles(t *testing.T, paths ...string) (*store.DB, string) {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "audit.db")
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	reimport(t, db, paths...)
	return db, dbPath
}

// reimport imports paths again, replacing what changed.
func reimport(t *testing.T, db *store.DB, paths ...string) {
	t.Helper()
	sum, err := pipeline.Import(context.Background(), db, paths, pipeline.Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if failed := sum.Failed(); len(failed) > 0 {
		t.Fatalf("import failed: %+v", failed)
	}
}

// record is one result row by column name; NULL is "NULL".
type record map[string]string

func records(t *testing.T, db *store.DB, q string, args ...any) []record {
	t.Helper()
	cols, rows, err := db.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := make([]record, len(rows))
	for i, r := range rows {
		out[i] = record{}
		for j, c := range cols {
			out[i][c] = "NULL"
			if r[j] != nil {
				out[i][c] = *r[j]
			}
		}
	}
	return out
}

// one runs q and expects exactly one row.
func one(t *testing.T, db *store.DB, q string, args ...any) record {
	t.Helper()
	rs := records(t, db, q, args...)
	if len(rs) != 1 {
		t.Fatalf("%s %v: %d rows, want 1", q, args, len(rs))
	}
	return rs[0]
}

// expect compares the named columns of got with want.
func expect(t *testing.T, what string, got, want record) {
	t.Helper()
	for c, w := range want {
		if g, ok := got[c]; !ok {
			t.Errorf("%s: no column %s", what, c)
		} else if g != w {
			t.Errorf("%s: %s = %s, want %s", what, c, g, w)
		}
	}
}

func TestFormsView(t *testing.T) {
	db, _ := importFiles(t, seedPath)
	// Amounts as printed on the forms (fixtures/truth), in 元.
	tests := []struct {
		project string
		want    record
	}{
		{"重点实验室", record{
			"source": seedPath, "seq": "7", "project_code": "44030022111", "year": "2024",
			"implementing_unit": "深圳市规划和自然资源数据管理中心", "budget_unit": "深圳市规划和自然资源局(本级)",
			"initial_yuan": "5105790", "budget_yuan": "5104745.27", "executed_yuan": "4909198.27",
			"recorded_rate": "96.17", "execution_rate": "96.17",
			"recorded_total": "NULL", "computed_total": "99.62", "total_difference": "NULL",
		}},
		{"党组织建设", record{
			"seq": "2", "initial_yuan": "45711", "budget_yuan": "45711", "executed_yuan": "18256.9",
			"recorded_rate": "39.94", "execution_rate": "39.94", // 18256.90 / 45711 = 39.9398…%
			"recorded_total": "93.99", "computed_total": "93.99", "total_difference": "0",
		}},
		{"物业维修维护(非", record{
			"seq": "8", "budget_yuan": "1623000", "executed_yuan": "444902.61",
			"recorded_rate": "27.41", "execution_rate": "27.41", "recorded_total": "92.74", "total_difference": "0",
		}},
	}
	for _, tt := range tests {
		got := one(t, db, "SELECT * FROM v_forms WHERE project_name = ?", tt.project)
		expect(t, "v_forms "+tt.project, got, tt.want)
	}

	all := records(t, db, "SELECT * FROM v_forms")
	if len(all) != 14 {
		t.Fatalf("v_forms has %d rows, want one per form (14)", len(all))
	}
	// The counts agree with the findings read through Findings, seq by seq.
	findings, err := db.Findings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]map[string]int{}
	for _, f := range findings {
		seq := fmt.Sprint(f.Seq)
		if count[seq] == nil {
			count[seq] = map[string]int{}
		}
		count[seq]["findings"]++
		count[seq][f.Severity+"s"]++
	}
	for i, r := range all {
		if want := fmt.Sprint(i + 1); r["seq"] != want {
			t.Errorf("row %d has seq %s: v_forms is not in form order", i, r["seq"])
		}
		for _, c := range []string{"findings", "errors", "warnings"} {
			if want := fmt.Sprint(count[r["seq"]][c]); r[c] != want {
				t.Errorf("form %s: %s = %s, want %s", r["seq"], c, r[c], want)
			}
		}
	}
}

func TestFindingsView(t *testing.T) {
	db, _ := importFiles(t, seedPath)
	got := one(t, db, "SELECT * FROM v_findings WHERE rule = 'total.missing'")
	expect(t, "total.missing", got, record{
		"source": seedPath, "form_seq": "7", "project_name": "重点实验室", "project_code": "44030022111",
		"implementing_unit": "深圳市规划和自然资源数据管理中心", "year": "2024",
		"severity": "warning", "recorded": "NULL", "computed": "99.62", "line": "222",
		"location": seedPath + ":222", "sheet": "NULL",
	})
	got = one(t, db, "SELECT * FROM v_findings WHERE rule = 'indicator.year_mismatch'")
	expect(t, "year_mismatch", got, record{"form_seq": "12", "project_name": "土地储备整治",
		"recorded": "2023", "computed": "2024", "line": "378", "location": seedPath + ":378"})

	// Every finding, in the order Findings gives them.
	rows := records(t, db, "SELECT * FROM v_findings")
	findings, err := db.Findings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(findings) || len(rows) == 0 {
		t.Fatalf("v_findings has %d rows, Findings %d", len(rows), len(findings))
	}
	for i, f := range findings {
		want := record{"finding_id": fmt.Sprint(f.ID), "form_seq": fmt.Sprint(f.Seq), "rule": f.Rule,
			"project_name": f.ProjectName, "field": nullIfEmpty(f.Field), "message": nullIfEmpty(f.Message)}
		expect(t, fmt.Sprintf("v_findings row %d", i), rows[i], want)
	}
}

// TestFindingsViewDoubt: v_findings keeps the columns it had, in their
// order, and shows a finding's OCR doubt in three columns after them,
// NULL together when there is none and empty where a number was left blank.
func TestFindingsViewDoubt(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cols []string
	for _, r := range records(t, db, "SELECT name FROM pragma_table_info('v_findings')") {
		cols = append(cols, r["name"])
	}
	// The columns of schema version 3, then the doubt, then the page (version 13).
	want := []string{"finding_id", "form_id", "source", "form_seq", "project_code", "project_name",
		"implementing_unit", "year", "rule", "severity", "field", "recorded", "computed", "message", "line",
		"page_from", "page_to", "sheet", "cell_range", "location", "doubt_field", "doubt_printed", "doubt_used", "page"}
	if !slices.Equal(cols, want) {
		t.Errorf("v_findings columns %v,\nwant %v", cols, want)
	}

	findings := []score.Finding{
		{Rule: "a.blank", Severity: score.Error, Field: "总分", Doubt: &score.Doubt{Field: "完成时间 得分"}},
		{Rule: "b.read", Severity: score.Error, Field: "总分", Doubt: &score.Doubt{Field: "培训人次 得分", Printed: "1S", Used: "15"}},
		{Rule: "c.none", Severity: score.Error, Field: "总分"},
	}
	if _, err := db.SaveForms(context.Background(), store.Source{Path: "scan.txt"}, []normalize.Form{{Seq: 1, OCR: true}},
		[]score.Result{{Findings: findings}}); err != nil {
		t.Fatal(err)
	}
	rows := records(t, db, "SELECT rule, doubt_field, doubt_printed, doubt_used FROM v_findings ORDER BY rule")
	wantRows := []record{
		{"rule": "a.blank", "doubt_field": "完成时间 得分", "doubt_printed": "", "doubt_used": ""},
		{"rule": "b.read", "doubt_field": "培训人次 得分", "doubt_printed": "1S", "doubt_used": "15"},
		{"rule": "c.none", "doubt_field": "NULL", "doubt_printed": "NULL", "doubt_used": "NULL"},
	}
	if len(rows) != len(wantRows) {
		t.Fatalf("v_findings has %d rows, want %d", len(rows), len(wantRows))
	}
	for i, w := range wantRows {
		expect(t, w["rule"], rows[i], w)
	}
}

func nullIfEmpty(s string) string {
	if s == "" {
		return "NULL"
	}
	return s
}

func TestIndicatorsView(t *testing.T) {
	db, _ := importFiles(t, seedPath)
	tests := []struct {
		project, name string
		want          record
	}{
		// 100% printed bare reads "at least 100%"; 10% misses it, yet scores 15 of 15.
		{"物业维修维护(非", "维护维修及时性", record{"form_seq": "8", "target": "100%", "actual": "10%",
			"target_op": ">=", "target_value": "100", "target_unit": "%", "actual_op": "=", "actual_value": "10",
			"met": "0", "weight": "15", "score": "15", "full_score": "1", "level1": "产出指标"}},
		{"国土空间基础信息平台升级及场景应用建设(一期)", "空间核查应用拓展用户满意度", record{
			"target_op": ">=", "met": "1", "full_score": "1"}},
		// A bound that repeats the target meets it.
		{"综合事务管理", "后勤投诉次数", record{"target_op": "<", "actual_op": "<", "met": "1"}},
		// A tighter bound meets it too.
		{"自然资源综合事务管理", "法律意见书反馈时间", record{"target_op": "<=", "actual_value": "2", "met": "1"}},
		// 天 and the OCR-damaged 夭 do not agree: not comparable.
		{"数据管理与公共服务", "一般基础测绘成果提供服务有效办结时间", record{"target_unit": "天", "actual_unit": "夭", "met": "NULL"}},
		// An actual that is not a quantity.
		{"重点实验室", "实验室日常运行管理年度报告", record{"actual": "完成1份", "actual_value": "NULL", "met": "NULL"}},
		// Neither is a quantity.
		{"信息化运维项目", "信息安全成效", record{"target_op": "NULL", "met": "NULL"}},
	}
	for _, tt := range tests {
		got := one(t, db, "SELECT * FROM v_indicators WHERE project_name = ? AND name = ?", tt.project, tt.name)
		expect(t, tt.project+"/"+tt.name, got, tt.want)
	}
	if n := len(records(t, db, "SELECT 1 FROM v_indicators")); n != len(records(t, db, "SELECT 1 FROM indicators")) {
		t.Errorf("v_indicators has %d rows, not one per indicator", n)
	}

	// Unmet and full marks in the view are exactly what score reports as
	// indicator.unmet_full_score, which judges with normalize.Quantity.Meets.
	var view, rule []string
	for _, r := range records(t, db, "SELECT form_seq, name FROM v_indicators WHERE met = 0 AND full_score = 1") {
		view = append(view, r["form_seq"]+"/"+r["name"])
	}
	for _, r := range records(t, db, "SELECT form_seq, field FROM v_findings WHERE rule = ?", score.RuleUnmetFullScore) {
		rule = append(rule, r["form_seq"]+"/"+r["field"])
	}
	slices.Sort(view)
	slices.Sort(rule)
	if !slices.Equal(view, rule) || len(view) == 0 {
		t.Errorf("unmet with full marks: view %v, findings %v", view, rule)
	}
}

// TestIndicatorsViewMeets checks v_indicators.met against normalize's
// Quantity.Meets, pair by pair, on the cases that define it.
func TestIndicatorsViewMeets(t *testing.T) {
	q := func(op normalize.Op, v, unit string, explicit bool) *normalize.Quantity {
		return &normalize.Quantity{Op: op, Value: decimal.RequireFromString(v), Unit: unit, Explicit: explicit}
	}
	const (
		GE, LE, GT, LT, EQ = normalize.GE, normalize.LE, normalize.GT, normalize.LT, normalize.EQ
		null               = "NULL"
	)
	tests := []struct {
		name           string
		actual, target *normalize.Quantity
		met            string // 1, 0 or NULL when not comparable
	}{
		{"ge met", q(EQ, "100", "%", false), q(GE, "90", "%", true), "1"},
		{"ge equal", q(EQ, "90", "%", false), q(GE, "90", "%", true), "1"},
		{"ge missed", q(EQ, "89.9", "%", false), q(GE, "90", "%", true), "0"},
		{"le met", q(EQ, "3", "天", false), q(LE, "5", "天", true), "1"},
		{"le missed", q(EQ, "6", "天", false), q(LE, "5", "天", true), "0"},
		{"gt equal missed", q(EQ, "15", "人", false), q(GT, "15", "人", true), "0"},
		{"lt met", q(EQ, "19", "份", false), q(LT, "20", "份", true), "1"},
		{"lt equal missed", q(EQ, "20", "份", false), q(LT, "20", "份", true), "0"},
		{"eq explicit met", q(EQ, "100", "%", false), q(EQ, "100", "%", true), "1"},
		{"eq explicit missed above", q(EQ, "101", "%", false), q(EQ, "100", "%", true), "0"},
		{"implicit target is at least", q(EQ, "3", "个", false), q(EQ, "2", "个", false), "1"},
		{"implicit target missed", q(EQ, "1", "个", false), q(EQ, "2", "个", false), "0"},
		{"exact decimals", q(EQ, "0.00000013", "%", false), q(EQ, "0.00000013", "%", false), "1"},
		{"actual with comparator", q(GE, "98", "%", true), q(GE, "95", "%", true), "1"},
		{"actual with comparator missed", q(LE, "4", "%", true), q(GE, "95", "%", true), "0"},
		{"units differ", q(EQ, "3", "天", false), q(LE, "5", "个月", true), null},
		{"actual unit empty", q(EQ, "3", "", false), q(LE, "5", "天", true), "1"},
		{"target unit empty", q(EQ, "3", "次", false), q(LE, "5", "", true), "1"},
		{"unknown op", q(EQ, "3", "", false), q("~", "3", "", true), null},
		{"bound repeats the target", q(LT, "20", "次", true), q(LT, "20", "次", true), "1"},
		{"strict bound within closed", q(LT, "3", "天", true), q(LE, "3", "天", true), "1"},
		{"closed bound not within strict", q(LE, "3", "天", true), q(LT, "3", "天", true), null},
		{"bound on the wrong side", q(GE, "5", "", true), q(LE, "3", "", true), "0"},
		{"touching strict bounds", q(GT, "3", "", true), q(LE, "3", "", true), "0"},
		{"bound that may or may not meet", q(LE, "5", "", true), q(GE, "3", "", true), null},
		{"bound against a bare target", q(GE, "98", "%", true), q(EQ, "98", "%", false), "1"},
	}
	form := normalize.Form{Seq: 1, ProjectName: "p"}
	for i, tt := range tests {
		form.Indicators = append(form.Indicators, normalize.Indicator{
			Seq: i + 1, Name: tt.name, Target: targetText(tt.target), TargetQ: tt.target, ActualQ: tt.actual,
		})
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "meets.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SaveForms(context.Background(), store.Source{Path: "meets"}, []normalize.Form{form}, []score.Result{{}}); err != nil {
		t.Fatal(err)
	}
	got := records(t, db, "SELECT name, met FROM v_indicators ORDER BY seq")
	for i, tt := range tests {
		met, comparable := tt.actual.Meets(*tt.target)
		mirror := null
		if comparable {
			mirror = map[bool]string{true: "1", false: "0"}[met]
		}
		if mirror != tt.met {
			t.Fatalf("%s: the case disagrees with Meets (%s); fix the table", tt.name, mirror)
		}
		if got[i]["name"] != tt.name || got[i]["met"] != tt.met {
			t.Errorf("%s: met = %s, want %s", got[i]["name"], got[i]["met"], tt.met)
		}
	}
}

// targetText prints a target as a form would: with its comparator if one was printed.
func targetText(q *normalize.Quantity) string {
	op := ""
	if q.Explicit {
		op = map[normalize.Op]string{normalize.GE: "≥", normalize.LE: "≤", normalize.GT: ">", normalize.LT: "<", normalize.EQ: "等于"}[q.Op]
	}
	return op + q.Value.String() + strings.TrimSpace(q.Unit)
}

// TestFindingsPage: a finding names the page its value is printed on, one of
// its form's pages, and not always the first where forms run across page
// breaks; a workbook's findings name no page (their sheet says where).
func TestFindingsPage(t *testing.T) {
	db, _ := importFiles(t, fixtures.Path("docs/pdf/composed-sans-landscape.pdf"), fixtures.Path("docs/xlsx/composed-sheets.xlsx"))
	rows := records(t, db, `SELECT source, form_seq, rule, line, page_from, page_to, page FROM v_findings`)
	later := 0
	for _, r := range rows {
		what := fmt.Sprintf("%s form %s %s", filepath.Base(r["source"]), r["form_seq"], r["rule"])
		page, _ := strconv.Atoi(r["page"])
		from, _ := strconv.Atoi(r["page_from"])
		to, _ := strconv.Atoi(r["page_to"])
		switch {
		case strings.HasSuffix(r["source"], ".xlsx"):
			if r["page"] != "NULL" {
				t.Errorf("%s: page %s, want NULL on a sheet", what, r["page"])
			}
		case r["line"] == "NULL":
			if r["page"] != "NULL" {
				t.Errorf("%s: page %s for a finding on no line", what, r["page"])
			}
		case page < from || page > to:
			t.Errorf("%s: page %s outside the form's pages %d-%d", what, r["page"], from, to)
		case page > from:
			later++
		}
	}
	if len(rows) == 0 || later == 0 {
		t.Errorf("%d findings, %d on a page after their form's first: want some of both", len(rows), later)
	}
}
