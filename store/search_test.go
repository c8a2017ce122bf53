package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/store"
)

// requireFTS5 skips a test that needs full-text search in a build without it.
func requireFTS5(t *testing.T) {
	t.Helper()
	info, err := store.Engine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !info.FTS5 {
		t.Skip("FTS5 is not compiled in (build with -tags sqlite_fts5)")
	}
}

var marks = store.SearchOptions{Before: "[", After: "]"}

// hitKeys names hits as seq/field/item.
func hitKeys(hits []store.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%d/%s/%d", h.Seq, h.Field, h.Item))
	}
	return out
}

// containing finds, in the base tables and without the search machinery,
// every searchable text that contains term (ASCII case ignored), as hitKeys
// names hits, in the order Search promises.
func containing(t *testing.T, db *store.DB, term string) []string {
	t.Helper()
	var out []string
	for _, r := range records(t, db, `
		SELECT s.path, f.seq, 0 AS grp, 0 AS item, 0 AS col, 'forms.project_name' AS field, f.project_name AS text
			FROM forms f JOIN sources s ON s.id = f.source_id
		UNION ALL SELECT s.path, f.seq, 0, 0, 1, 'forms.implementing_unit', f.implementing_unit
			FROM forms f JOIN sources s ON s.id = f.source_id
		UNION ALL SELECT s.path, f.seq, 0, 0, 2, 'forms.budget_unit', f.budget_unit
			FROM forms f JOIN sources s ON s.id = f.source_id
		UNION ALL SELECT s.path, f.seq, 1, g.seq, 0, 'goals.expected', g.expected
			FROM goals g JOIN forms f ON f.id = g.form_id JOIN sources s ON s.id = f.source_id
		UNION ALL SELECT s.path, f.seq, 1, g.seq, 1, 'goals.actual', g.actual
			FROM goals g JOIN forms f ON f.id = g.form_id JOIN sources s ON s.id = f.source_id
		UNION ALL SELECT s.path, f.seq, 2, i.seq, 0, 'indicators.name', i.name
			FROM indicators i JOIN forms f ON f.id = i.form_id JOIN sources s ON s.id = f.source_id
		UNION ALL SELECT s.path, f.seq, 2, i.seq, 1, 'indicators.note', i.note
			FROM indicators i JOIN forms f ON f.id = i.form_id JOIN sources s ON s.id = f.source_id
		ORDER BY 1, 2, 3, 4, 5`) {
		if r["text"] != "NULL" && strings.Contains(strings.ToLower(r["text"]), strings.ToLower(term)) {
			out = append(out, r["seq"]+"/"+r["field"]+"/"+r["item"])
		}
	}
	return out
}

func TestSearch(t *testing.T) {
	requireFTS5(t)
	db, _ := importFiles(t, seedPath)
	tests := []struct {
		term string
		want []string // hits as seq/field/item: exactly these, in this order
		text string   // the text of one of the hits
	}{
		// Two characters: trigrams cannot match, LIKE does.
		{"党建", []string{"2/indicators.name/1"}, "[党建]宣传栏内容更新次数"},
		// Three and six characters: the FTS5 index.
		{"核查应", []string{"1/indicators.name/4", "1/indicators.name/11"}, "空间[核查应]用拓展预计完成时间"},
		{"核查应用拓展", []string{"1/indicators.name/4", "1/indicators.name/11"}, "空间[核查应用拓展]预计完成时间"},
		// ASCII case is ignored on both paths.
		{"iso", []string{"13/goals.expected/1", "13/indicators.name/7"}, "获得[ISO]质量认证体系认证"},
		{"h5", []string{"1/goals.actual/1", "1/indicators.name/1"}, ""},
		// Spaces between Chinese characters are dropped, as they are from the stored text.
		{"核查 应用", []string{"1/indicators.name/4", "1/indicators.name/11"}, "空间[核查应用]拓展预计完成时间"},
		// Query syntax and LIKE wildcards are matched literally.
		{`"核查`, nil, ""},
		{"核查*", nil, ""},
		{"%", nil, ""},
		{"_", nil, ""},
		{"没有这个词", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			hits, err := db.Search(context.Background(), tt.term, marks)
			if err != nil {
				t.Fatal(err)
			}
			got := hitKeys(hits)
			if !slices.Equal(got, tt.want) {
				t.Errorf("hits %v, want %v", got, tt.want)
			}
			if tt.text != "" && !slices.ContainsFunc(hits, func(h store.Hit) bool { return h.Text == tt.text }) {
				t.Errorf("no hit reads %q", tt.text)
			}
			for _, h := range hits {
				if h.Path != seedPath || h.ProjectName == "" || h.Unit != "深圳市规划和自然资源数据管理中心" || h.FormID == 0 {
					t.Errorf("hit without its form: %+v", h)
				}
			}
		})
	}
}

// TestSearchFindsWhatIsStored compares Search with a plain scan of the base
// tables for terms of one to six characters.
func TestSearchFindsWhatIsStored(t *testing.T) {
	requireFTS5(t)
	db, _ := importFiles(t, seedPath)
	for _, term := range []string{"党", "数据", "管理", "满意度", "及时性", "自然资源", "深圳市规划", "规划和自然资源", "ISO", "投诉"} {
		hits, err := db.Search(context.Background(), term, marks)
		if err != nil {
			t.Fatalf("%s: %v", term, err)
		}
		want := containing(t, db, term)
		if got := hitKeys(hits); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s: %d hits %v\nthe tables hold %d: %v", term, len(got), got, len(want), want)
		}
		for _, h := range hits {
			if !strings.Contains(strings.ToLower(h.Text), "["+strings.ToLower(term)+"]") {
				t.Errorf("%s: match not marked in %q", term, h.Text)
			}
		}
	}
}

func TestSearchOptions(t *testing.T) {
	requireFTS5(t)
	db, _ := importFiles(t, seedPath)
	ctx := context.Background()
	all, err := db.Search(ctx, "数据", marks)
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.Search(ctx, "数据", store.SearchOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) <= 3 || !slices.Equal(hitKeys(first), hitKeys(all[:3])) {
		t.Errorf("Limit 3 gave %v; all hits begin %v", hitKeys(first), hitKeys(all[:min(3, len(all))]))
	}
	if first[0].Text != "深圳市规划和自然资源数据管理中心" {
		t.Errorf("without markers the text is %q", first[0].Text)
	}
	for _, tt := range []struct {
		term    string
		context int
		want    string
	}{
		{"核查应用拓展", 2, "空间<核查应用拓展>预计…"},
		{"拓展", 1, "…用<拓展>预…"},
		{"核查应用拓展", 0, "空间<核查应用拓展>预计完成时间"},
	} {
		hits, err := db.Search(ctx, tt.term, store.SearchOptions{Before: "<", After: ">", Context: tt.context})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Text != tt.want {
			t.Errorf("%s with context %d: %v, want first %q", tt.term, tt.context, hits, tt.want)
		}
	}
	if _, err := db.Search(ctx, " ", marks); err == nil {
		t.Error("a blank term was accepted")
	}
}

// TestSearchAfterReplace re-imports a changed file: the index follows the
// replaced forms, and a file that now fails leaves nothing to find.
func TestSearchAfterReplace(t *testing.T) {
	requireFTS5(t)
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "seed.txt")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db, _ := importFiles(t, path)
	ctx := context.Background()
	before, err := db.Search(ctx, "重点实验室", marks)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) == 0 {
		t.Fatal("no hits for 重点实验室 before the change")
	}

	changed := strings.ReplaceAll(string(data), "重点实验室", "重点研究站")
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	reimport(t, db, path)
	if hits, err := db.Search(ctx, "重点实验室", marks); err != nil || len(hits) != 0 {
		t.Errorf("after the change 重点实验室 still has %v (err %v)", hitKeys(hits), err)
	}
	after, err := db.Search(ctx, "重点研究站", marks)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(hitKeys(after), hitKeys(before)) {
		t.Errorf("重点研究站 hits %v, want where 重点实验室 was: %v", hitKeys(after), hitKeys(before))
	}
	if short, err := db.Search(ctx, "究站", marks); err != nil || !slices.Equal(hitKeys(short), hitKeys(after)) {
		t.Errorf("LIKE finds %v for 究站, want %v (err %v)", hitKeys(short), hitKeys(after), err)
	}
	checkIndex(t, db)

	if err := db.SaveFailure(ctx, store.Source{Path: path}, errors.New("now unreadable")); err != nil {
		t.Fatal(err)
	}
	if hits, err := db.Search(ctx, "重点研究站", marks); err != nil || len(hits) != 0 {
		t.Errorf("a failed file still has hits %v (err %v)", hitKeys(hits), err)
	}
	if n := len(records(t, db, "SELECT 1 FROM search_text")); n != 0 {
		t.Errorf("search_text keeps %d rows of a failed file", n)
	}
	checkIndex(t, db)
}

// checkIndex runs FTS5's own check that search_fts matches search_text.
func checkIndex(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.SQL().Exec("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("search index out of step with search_text: %v", err)
	}
}

// TestSearchIndexRebuilt plays a build without FTS5 writing the file: it
// drops the index's triggers and writes. Until a build with FTS5 opens the
// file for writing again, full-text search refuses rather than miss hits.
func TestSearchIndexRebuilt(t *testing.T) {
	requireFTS5(t)
	db, path := importFiles(t, seedPath)
	for _, trig := range []string{"search_fts_insert", "search_fts_delete", "search_fts_update"} {
		if _, err := db.SQL().Exec("DROP TRIGGER " + trig); err != nil {
			t.Fatal(err)
		}
	}
	// The same forms in a file of other content: an identical copy would
	// be stored once.
	copyPath := filepath.Join(t.TempDir(), "copy.txt")
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyPath, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	reimport(t, db, copyPath)
	db.Close()

	ro, err := store.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Search(context.Background(), "核查应用", marks); !errors.Is(err, store.ErrNoSearchIndex) {
		t.Errorf("search of a stale index: %v, want ErrNoSearchIndex", err)
	}
	if hits, err := ro.Search(context.Background(), "党建", marks); err != nil || len(hits) != 2 {
		t.Errorf("LIKE needs no index: %d hits for 党建 in two files (err %v)", len(hits), err)
	}
	ro.Close()

	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hits, err := db.Search(context.Background(), "核查应用", marks)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 4 || hits[0].Path == hits[3].Path {
		t.Errorf("after reopening, %d hits %v, want 2 in each file", len(hits), hitKeys(hits))
	}
	checkIndex(t, db)
}

func TestSearchReadOnly(t *testing.T) {
	requireFTS5(t)
	_, path := importFiles(t, seedPath)
	ro, err := store.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for _, term := range []string{"党建", "核查应用拓展"} {
		if hits, err := ro.Search(context.Background(), term, marks); err != nil || len(hits) == 0 {
			t.Errorf("read-only search for %s: %d hits, %v", term, len(hits), err)
		}
	}
}

// TestSearchWithoutFTS5 runs only in a build without FTS5 (go test without
// -tags sqlite_fts5): the schema still migrates and search says why it cannot run.
func TestSearchWithoutFTS5(t *testing.T) {
	info, err := store.Engine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.FTS5 {
		t.Skip("FTS5 is compiled in")
	}
	db, _ := importFiles(t, seedPath)
	if n := len(records(t, db, "SELECT 1 FROM v_forms")); n != 14 {
		t.Errorf("v_forms has %d rows", n)
	}
	if n := len(records(t, db, "SELECT 1 FROM sqlite_schema WHERE name = 'search_fts'")); n != 0 {
		t.Error("search_fts created without FTS5")
	}
	for _, term := range []string{"党建", "核查应用"} {
		if _, err := db.Search(context.Background(), term, marks); !errors.Is(err, store.ErrNoFTS5) {
			t.Errorf("search %s without FTS5: %v, want ErrNoFTS5", term, err)
		}
	}
}
