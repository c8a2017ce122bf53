package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
)

func TestVersionNumber(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"3.34.0", 3_034_000},
		{"3.46.1", 3_046_001},
		{"3.33.9", 3_033_009},
		{"3.46", 0},
		{"3.x.1", 0},
		{"3.1000.0", 0},
		{"", 0},
	} {
		if got := versionNumber(tt.in); got != tt.want {
			t.Errorf("versionNumber(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	if versionNumber("3.33.9") >= trigramVersion || versionNumber("3.34.0") < trigramVersion {
		t.Error("trigramVersion does not fall between 3.33.9 and 3.34.0")
	}
}

// indexState reads how far the index goes and the highest text id.
func indexState(t *testing.T, db *DB) (indexedTo, maxID int) {
	t.Helper()
	err := db.db.QueryRow(`SELECT (SELECT indexed_to FROM search_index_state),
		(SELECT coalesce(max(id), 0) FROM search_text)`).Scan(&indexedTo, &maxID)
	if err != nil {
		t.Fatal(err)
	}
	return indexedTo, maxID
}

// indexWhole runs FTS5's check that search_fts holds exactly the rows of
// search_text it claims to, after bringing it up to date.
func indexWhole(t *testing.T, db *DB) {
	t.Helper()
	if err := db.IndexSearch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.Exec("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("search index out of step with search_text: %v", err)
	}
	if to, max := indexState(t, db); to != max {
		t.Errorf("indexed to %d after IndexSearch, texts go to %d", to, max)
	}
}

// formsNamed is n copies of the sample form with project name name.
func formsNamed(name string, n int) ([]normalize.Form, []score.Result) {
	one, res := sampleForm()
	var forms []normalize.Form
	var results []score.Result
	for i := range n {
		f := one[0]
		f.Seq, f.ProjectName = i+1, name
		forms, results = append(forms, f), append(results, res[0])
	}
	return forms, results
}

// TestSearchIndexDeferred follows the texts of files written one by one:
// they wait for a batch, are searchable meanwhile, and deleting or
// replacing them, indexed or not, keeps the index whole.
func TestSearchIndexDeferred(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	if fts, err := db.trigramFTS(ctx); err != nil || !fts {
		t.Skipf("FTS5 trigram tokenizer not compiled in (%v)", err)
	}
	save := func(p, name string, n int) {
		t.Helper()
		forms, results := formsNamed(name, n)
		if _, err := db.SaveForms(ctx, Source{Path: p, SHA256: name}, forms, results); err != nil {
			t.Fatal(err)
		}
	}
	hits := func(term string) int {
		t.Helper()
		h, err := db.Search(ctx, term, SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return len(h)
	}

	save("a.txt", "城市绿化养护", 1)
	if to, max := indexState(t, db); to != 0 || max == 0 {
		t.Errorf("one small file: indexed to %d of %d, want it waiting", to, max)
	}
	if n := hits("城市绿化"); n != 1 {
		t.Errorf("a text waiting to be indexed: %d hits, want 1", n)
	}

	// Replacing rows the index never held must not ask it to forget them.
	save("a.txt", "河道保洁工程", 1)
	indexWhole(t, db)
	if a, b := hits("城市绿化"), hits("河道保洁"); a != 0 || b != 1 {
		t.Errorf("after replacing a.txt: %d hits for the old name, %d for the new, want 0 and 1", a, b)
	}

	// Replacing the newest rows once indexed frees their ids for the new
	// rows, which the index takes at once because it has passed them.
	save("a.txt", "污水处理运营", 1)
	if to, max := indexState(t, db); max > to {
		t.Errorf("rows reusing indexed ids: indexed to %d, texts go to %d", to, max)
	}
	indexWhole(t, db)
	if n := hits("污水处理"); n != 1 {
		t.Errorf("rows reusing indexed ids: %d hits, want 1", n)
	}

	// A large enough import is indexed in batches as it is written.
	from, _ := indexState(t, db)
	for i := 1; ; i++ {
		save(fmt.Sprintf("big-%d.txt", i), "道路维修养护", 100)
		to, max := indexState(t, db)
		if to > from {
			if to != max || max-from < searchBatch {
				t.Errorf("batch indexed to %d of %d, from %d", to, max, from)
			}
			break
		}
		if max-from > searchBatch {
			t.Fatalf("%d texts waiting, batches are %d", max-from, searchBatch)
		}
	}

	// Texts an import cut short left waiting are indexed when the file is next opened for writing.
	save("b.txt", "森林防火巡查", 1)
	db.Close()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if to, max := indexState(t, db); to != max {
		t.Errorf("reopened: indexed to %d, texts go to %d", to, max)
	}
	indexWhole(t, db)
}

// TestSearchIndexTuned checks that the index is set to take in texts as
// tuneSearchIndexSQL says, when it is built and when an older build built
// it, and that a new one keeps no token counts.
func TestSearchIndexTuned(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	if fts, err := db.trigramFTS(ctx); err != nil || !fts {
		t.Skipf("FTS5 trigram tokenizer not compiled in (%v)", err)
	}
	tuned := func(when string) {
		t.Helper()
		got := map[string]int64{}
		rows, err := db.db.QueryContext(ctx, `SELECT k, v FROM search_fts_config WHERE k IN ('automerge', 'hashsize')`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var v int64
			if err := rows.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			got[k] = v
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if got["automerge"] != 16 || got["hashsize"] != 16<<20 {
			t.Errorf("%s: index config %v, want automerge 16 and hashsize %d", when, got, 16<<20)
		}
	}
	tuned("new file")
	var sizes int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'search_fts_docsize'`).Scan(&sizes); err != nil {
		t.Fatal(err)
	}
	if sizes != 0 {
		t.Error("a new index keeps search_fts_docsize, the token counts no search reads (columnsize = 0)")
	}

	// FTS5's defaults, as an index built before the tuning has them.
	if _, err := db.w.ExecContext(ctx, `INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4);
		DELETE FROM search_fts_config WHERE k = 'hashsize'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	var err error
	if db, err = Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tuned("index of an older build")
}
