package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
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
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ (and docs/audit-report.png)")

// testdata is resolved before any test changes directory.
var testdata, _ = filepath.Abs("testdata")

// seedPath is the seed as the golden files name it: relative to the repository root.
const seedPath = "fixtures/docs/seed-2024.txt"

// seedDB imports the seed fixture into a fresh database, from the
// repository root so that the stored path is the same on every machine.
func seedDB(t *testing.T) *store.DB {
	t.Helper()
	t.Chdir(filepath.Dir(fixtures.Dir()))
	db, err := store.Open(filepath.Join(t.TempDir(), "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sum, err := pipeline.Import(context.Background(), db, []string{seedPath}, pipeline.Options{Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if failed := sum.Failed(); len(failed) > 0 {
		t.Fatalf("seed failed to import: %v", failed[0].Err)
	}
	return db
}

// seedAudit builds the audit of the whole seed.
func seedAudit(t *testing.T, db *store.DB, f Filter, l Lang) *Audit {
	t.Helper()
	forms, err := db.ReportForms(context.Background(), store.FormFilter{Year: f.Year, Unit: f.Unit, Source: f.Source})
	if err != nil {
		t.Fatal(err)
	}
	return Build(forms, nil, f, l)
}

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(testdata, name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s differs from the golden file at line %d:\n got: %q\nwant: %q\n(review, then rerun with -update)", name, i+1, g, w)
				return
			}
		}
	}
}

func TestAuditGolden(t *testing.T) {
	db := seedDB(t)
	for _, tt := range []struct {
		format string
		lang   Lang
		file   string
	}{
		{"table", English, "audit.table.en.txt"},
		{"table", Chinese, "audit.table.zh.txt"},
		{"csv", English, "audit.en.csv"},
		{"json", English, "audit.en.json"},
		{"json", Chinese, "audit.zh.json"},
		{"markdown", English, "audit.en.md"},
		{"markdown", Chinese, "audit.zh.md"},
		{"html", Chinese, "audit.zh.html"},
		{"html", English, "audit.en.html"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteAudit(&buf, seedAudit(t, db, Filter{}, tt.lang), tt.format, AuditOptions{}); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}

func TestShowGolden(t *testing.T) {
	db := seedDB(t)
	ctx := context.Background()
	for _, tt := range []struct {
		seq  int
		lang Lang
		file string
	}{
		{7, English, "show.7.en.txt"}, // blank 总分, unsplit goals
		{8, Chinese, "show.8.zh.txt"}, // inferred year, a missed target scored in full
		{8, English, "show.8.en.txt"},
		{1, Chinese, "show.1.zh.txt"}, // no findings
	} {
		t.Run(tt.file, func(t *testing.T) {
			_, rows, err := db.Query(ctx, "SELECT id FROM forms WHERE seq = ?", tt.seq)
			if err != nil || len(rows) != 1 {
				t.Fatalf("form %d: %v", tt.seq, err)
			}
			var id int64
			json.Unmarshal([]byte(*rows[0][0]), &id)
			forms, err := db.ReportForms(ctx, store.FormFilter{IDs: []int64{id}})
			if err != nil || len(forms) != 1 {
				t.Fatalf("ReportForms(%d): %d forms, %v", id, len(forms), err)
			}
			var buf bytes.Buffer
			if err := WriteForms(&buf, Build(forms, nil, Filter{}, tt.lang), false); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}

// TestAuditJSONMatchesDatabase checks the JSON document against the
// database by plain SQL: every finding once, under its form and file, and
// the summary counts.
func TestAuditJSONMatchesDatabase(t *testing.T) {
	db := seedDB(t)
	ctx := context.Background()
	var buf bytes.Buffer
	if err := WriteAudit(&buf, seedAudit(t, db, Filter{}, English), "json", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema  string
		Summary struct {
			Sources, Forms, Findings int
			BySeverity               map[string]int `json:"by_severity"`
			ByRule                   []struct {
				Rule  string
				Count int
			} `json:"by_rule"`
		}
		Sources []struct {
			File  string
			Forms []struct {
				ID            int64
				RecordedTotal *json.Number `json:"recorded_total"`
				ComputedTotal json.Number  `json:"computed_total"`
				Findings      []struct {
					Rule, Severity, Field, Recorded, Computed, Tolerance, Message string
					Location                                                      struct {
						File string
						Line int
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != AuditSchema {
		t.Errorf("schema %q", doc.Schema)
	}
	count := func(q string, args ...any) int {
		_, rows, err := db.Query(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		json.Unmarshal([]byte(*rows[0][0]), &n)
		return n
	}
	s := doc.Summary
	if s.Sources != 1 || s.Forms != count("SELECT count(*) FROM forms") || s.Findings != count("SELECT count(*) FROM discrepancies") {
		t.Errorf("summary counts %+v", s)
	}
	for _, sev := range []string{"error", "warning"} {
		if s.BySeverity[sev] != count("SELECT count(*) FROM discrepancies WHERE severity = ?", sev) {
			t.Errorf("by_severity[%s] = %d", sev, s.BySeverity[sev])
		}
	}
	for _, r := range s.ByRule {
		if r.Count != count("SELECT count(*) FROM discrepancies WHERE rule = ?", r.Rule) {
			t.Errorf("by_rule %s = %d", r.Rule, r.Count)
		}
	}
	_, rows, err := db.Query(ctx, `SELECT d.form_id, d.rule, coalesce(d.field, ''), coalesce(d.recorded, ''),
		coalesce(d.computed, ''), coalesce(d.line, 0), coalesce(d.message, '') FROM discrepancies d`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, r := range rows {
		want[strings.Join([]string{*r[0], *r[1], *r[2], *r[3], *r[4], *r[5], *r[6]}, "|")]++
	}
	got := map[string]int{}
	for _, src := range doc.Sources {
		if src.File != seedPath {
			t.Errorf("file %q", src.File)
		}
		for _, f := range src.Forms {
			for _, fd := range f.Findings {
				if fd.Location.File != seedPath {
					t.Errorf("finding location %+v", fd.Location)
				}
				if fd.Rule == "funds.rate" && fd.Tolerance != "one unit in the last printed place" || fd.Rule == "total.missing" && fd.Tolerance != "" {
					t.Errorf("%s tolerance %q", fd.Rule, fd.Tolerance)
				}
				key := strings.Join([]string{jsonInt(f.ID), fd.Rule, fd.Field, fd.Recorded, fd.Computed, jsonInt(int64(fd.Location.Line)), fd.Message}, "|")
				got[key]++
			}
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("finding %s: %d in JSON, %d in the database", k, got[k], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d distinct findings in JSON, %d in the database", len(got), len(want))
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestAuditFilters(t *testing.T) {
	db := seedDB(t)
	all := seedAudit(t, db, Filter{}, English)
	if all.Summary.Forms != 14 || all.Summary.Findings == 0 {
		t.Fatalf("seed audit: %d forms, %d findings", all.Summary.Forms, all.Summary.Findings)
	}
	for _, tt := range []struct {
		name   string
		filter Filter
		check  func(*Audit) string
	}{
		{"rule pattern", Filter{Rules: []string{"header.*"}}, func(a *Audit) string {
			for _, f := range a.Forms() {
				if len(f.Findings) == 0 {
					return "form without a header finding listed"
				}
				for _, fd := range f.Findings {
					if !strings.HasPrefix(fd.Rule, "header.") {
						return "finding " + fd.Rule
					}
				}
			}
			return ""
		}},
		{"severity error lists nothing on the seed", Filter{Severities: []string{"error"}}, func(a *Audit) string {
			if a.Summary.Forms != 0 || a.Summary.Findings != 0 {
				return "errors listed"
			}
			return ""
		}},
		{"unit", Filter{Unit: "数据管理中心"}, func(a *Audit) string {
			for _, f := range a.Forms() {
				if !strings.Contains(f.ImplementingUnit+f.BudgetUnit, "数据管理中心") {
					return "form of " + f.ImplementingUnit
				}
			}
			if a.Summary.Forms == 0 {
				return "no form of the unit"
			}
			return ""
		}},
		{"year", Filter{Year: 2023}, func(a *Audit) string {
			if a.Summary.Forms != 0 {
				return "forms of 2024 listed for 2023"
			}
			return ""
		}},
		{"source", Filter{Source: "no-such-file"}, func(a *Audit) string {
			if len(a.Sources) != 0 {
				return "sources listed"
			}
			return ""
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if msg := tt.check(seedAudit(t, db, tt.filter, English)); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestCheckFilter(t *testing.T) {
	for _, tt := range []struct {
		filter Filter
		ok     bool
	}{
		{Filter{}, true},
		{Filter{Severities: []string{"error", "warning"}, Rules: []string{"funds.rate", "header.*"}}, true},
		{Filter{Severities: []string{"fatal"}}, false},
		{Filter{Rules: []string{"funds.rates"}}, false},
		{Filter{Rules: []string{"[x"}}, false},
	} {
		if err := CheckFilter(tt.filter); (err == nil) != tt.ok {
			t.Errorf("CheckFilter(%+v) = %v", tt.filter, err)
		}
	}
}

func TestTableColour(t *testing.T) {
	db := seedDB(t)
	a := seedAudit(t, db, Filter{}, English)
	var plain, coloured bytes.Buffer
	if err := WriteAudit(&plain, a, "table", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteAudit(&coloured, a, "table", AuditOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("table without colour holds escape sequences")
	}
	if !strings.Contains(coloured.String(), ansiWarning+"warning"+ansiReset) {
		t.Error("table with colour does not colour the warnings")
	}
	// Colour must not shift the columns: the lines are as long on screen.
	pl, cl := strings.Split(plain.String(), "\n"), strings.Split(coloured.String(), "\n")
	if len(pl) != len(cl) {
		t.Fatalf("%d lines plain, %d coloured", len(pl), len(cl))
	}
	strip := strings.NewReplacer(ansiError, "", ansiWarning, "", ansiReset, "")
	for i := range pl {
		if strip.Replace(cl[i]) != pl[i] {
			t.Fatalf("line %d differs beyond colour:\n%s\n%s", i+1, pl[i], cl[i])
		}
	}
}

func TestLangFromEnv(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want Lang
	}{
		{map[string]string{}, English},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, Chinese},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, English},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, Chinese},
		{map[string]string{"LC_ALL": "zh_HK"}, Chinese},
	} {
		if got := LangFromEnv(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("LangFromEnv(%v) = %s, want %s", tt.env, got, tt.want)
		}
	}
	for in, want := range map[string]Lang{"zh": Chinese, "EN": English, "zh_CN.UTF-8": Chinese, "en-GB": English} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %s, %v", in, got, err)
		}
	}
	if _, err := ParseLang("fr"); err == nil {
		t.Error("ParseLang(fr) accepted")
	}
}

// TestJSONDocumented checks that the example in docs/report-json.md has
// exactly the keys the seed's JSON report has, so the page cannot drift.
func TestJSONDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(filepath.Dir(fixtures.Dir()), "docs", "report-json.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "```json\n")
	example, _, ok2 := strings.Cut(after, "```")
	if !ok || !ok2 {
		t.Fatal("docs/report-json.md has no json example")
	}
	var buf bytes.Buffer
	if err := WriteAudit(&buf, seedAudit(t, seedDB(t), Filter{}, English), "json", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	want, got := keyPaths(t, []byte(example)), keyPaths(t, buf.Bytes())
	for k := range want {
		if !got[k] {
			t.Errorf("the documented example has %s, the report does not", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("the report has %s, the documented example does not", k)
		}
	}
}

// keyPaths lists the object keys of a JSON document as paths, arrays as [].
func keyPaths(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	var walk func(string, any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				out[path+"."+k] = true
				walk(path+"."+k, c)
			}
		case []any:
			for _, c := range v {
				walk(path+"[]", c)
			}
		}
	}
	walk("", v)
	return out
}

// TestAuditJSONDoubt: a finding that a doubtful OCR number likely explains
// carries it under doubt, a number left blank with an empty used; a finding
// without one has no doubt key; the keys do not depend on the language.
func TestAuditJSONDoubt(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	doubts := map[string]*score.Doubt{
		"a.blank": {Field: "完成时间 得分"},
		"b.read":  {Field: "培训人次 得分", Printed: "1S", Used: "15"},
		"c.none":  nil,
	}
	var findings []score.Finding
	for rule, d := range doubts {
		findings = append(findings, score.Finding{Rule: rule, Severity: score.Error, Field: "总分", Message: "m", Doubt: d})
	}
	if _, err := db.SaveForms(ctx, store.Source{Path: "scan.txt"}, []normalize.Form{{Seq: 1, OCR: true}},
		[]score.Result{{Findings: findings}}); err != nil {
		t.Fatal(err)
	}
	forms, err := db.ReportForms(ctx, store.FormFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []Lang{English, Chinese} {
		var buf bytes.Buffer
		if err := WriteAudit(&buf, Build(forms, nil, Filter{}, lang), "json", AuditOptions{}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Sources []struct {
				Forms []struct {
					Findings []map[string]json.RawMessage
				}
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Sources) != 1 || len(doc.Sources[0].Forms) != 1 || len(doc.Sources[0].Forms[0].Findings) != len(doubts) {
			t.Fatalf("%s: the document does not hold the %d findings:\n%s", lang, len(doubts), buf.String())
		}
		for _, fd := range doc.Sources[0].Forms[0].Findings {
			var rule string
			if err := json.Unmarshal(fd["rule"], &rule); err != nil {
				t.Fatal(err)
			}
			raw, present := fd["doubt"]
			want := doubts[rule]
			if present != (want != nil) {
				t.Errorf("%s %s: doubt key present %v, want %v", lang, rule, present, want != nil)
				continue
			}
			if !present {
				continue
			}
			var got map[string]string
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatalf("%s %s: doubt %s: %v", lang, rule, raw, err)
			}
			if wantKeys := map[string]string{"field": want.Field, "printed": want.Printed, "used": want.Used}; !maps.Equal(got, wantKeys) {
				t.Errorf("%s %s: doubt %v, want %v", lang, rule, got, wantKeys)
			}
		}
	}
}

// TestAuditTableFiles: with several files, the table names each below the
// directory they share, and a finding's form is the id show takes, which
// differs from the form's place in its file once another file came first.
// A finding of a PDF stands on its own page, not its form's range.
func TestAuditTableFiles(t *testing.T) {
	t.Chdir(filepath.Dir(fixtures.Dir()))
	db, err := store.Open(filepath.Join(t.TempDir(), "files.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	paths := []string{"fixtures/docs/pdf/composed-sans-landscape.pdf", "fixtures/docs/xlsx/seed-sheets.xlsx", seedPath}
	if _, err := pipeline.Import(context.Background(), db, paths, pipeline.Options{Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	forms, err := db.ReportForms(context.Background(), store.FormFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteAudit(&buf, Build(forms, nil, Filter{}, English), "table", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if lines[0] != "Files under fixtures/docs/" {
		t.Errorf("first line %q, want the shared directory", lines[0])
	}
	short := map[string]string{}
	for _, p := range paths {
		short[strings.TrimPrefix(p, "fixtures/docs/")] = p
	}
	byID := map[string]store.ReportForm{}
	for _, f := range forms {
		byID[strconv.FormatInt(f.ID, 10)] = f
	}
	rows, moved, seen, laterPage := 0, 0, map[string]bool{}, false
	for _, line := range lines {
		cells := strings.Split(line, "│")
		if len(cells) < 4 || strings.TrimSpace(cells[1]) == "file" {
			continue
		}
		file, id, place := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2]), strings.TrimSpace(cells[4])
		f, ok := byID[id]
		if !ok || short[file] != f.Path {
			t.Errorf("row %q: form id %q is not a form of %q", line, id, file)
		}
		if strings.HasSuffix(file, ".pdf") {
			var places []string
			for _, fd := range f.Findings {
				places = append(places, fmt.Sprintf("page %d, line %d", fd.Page, fd.Line))
				if fd.Page > f.PageFrom && strings.HasPrefix(place, fmt.Sprintf("page %d,", fd.Page)) {
					laterPage = true
				}
			}
			if !slices.Contains(places, place) {
				t.Errorf("row %q: location %q, want one of its form's findings' %q", line, place, places)
			}
		}
		if int64(f.Seq) != f.ID {
			moved++
		}
		rows++
		seen[file] = true
	}
	if !laterPage {
		t.Error("no finding of the PDF stands on a page after its form's first")
	}
	// show names the same page.
	for _, f := range forms {
		for _, fd := range f.Findings {
			if fd.Page <= f.PageFrom {
				continue
			}
			var out bytes.Buffer
			if err := WriteForms(&out, Build([]store.ReportForm{f}, nil, Filter{}, English), false); err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("│ page %d, line %d │ %s ", fd.Page, fd.Line, fd.Rule); !strings.Contains(out.String(), want) {
				t.Errorf("show of form %d does not name %q:\n%s", f.ID, want, out.String())
			}
		}
	}
	if rows == 0 || moved == 0 || len(seen) != len(paths) {
		t.Errorf("%d rows (%d of forms whose id is not their place in their file) naming files %v, want findings of all of %v\n%s",
			rows, moved, seen, paths, buf.String())
	}
}
