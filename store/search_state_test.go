package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchIndex reads the index's state as an import leaves it: texts
// waiting for a batch, all indexed, and the index missing or out of step
// after a build without FTS5 wrote the file.
func TestSearchIndex(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	fts, err := db.trigramFTS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	forms, results := formsNamed("城市绿化养护", 3)
	if _, err := db.SaveForms(ctx, Source{Path: "a.txt", SHA256: "a"}, forms, results); err != nil {
		t.Fatal(err)
	}
	texts := len(queryRows(t, db, "SELECT id FROM search_text"))
	if texts == 0 {
		t.Fatal("no texts stored")
	}
	state := func(want SearchIndexState) {
		t.Helper()
		got, err := SearchIndex(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("SearchIndex = %+v, want %+v", got, want)
		}
	}

	// A build without FTS5 never builds the index; indexed_to stays at 0.
	state(SearchIndexState{Built: fts, InStep: fts, Texts: texts, Waiting: texts})
	if !fts {
		return
	}
	if err := db.IndexSearch(ctx); err != nil {
		t.Fatal(err)
	}
	state(SearchIndexState{Built: true, InStep: true, Texts: texts})

	// What a build without FTS5 leaves: the triggers dropped, then the index.
	if _, err := db.db.Exec("DROP TRIGGER search_fts_update"); err != nil {
		t.Fatal(err)
	}
	state(SearchIndexState{Built: true, Texts: texts})
	if _, err := db.db.Exec("DROP TABLE search_fts"); err != nil {
		t.Fatal(err)
	}
	state(SearchIndexState{Texts: texts})
}

func TestSearchIndexRefuses(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name, path, want string
	}{
		{"schema version 6", copyTestdata(t, "v6.db"), "schema version 6 does not record it"},
		{"missing file", filepath.Join(t.TempDir(), "missing.db"), "unable to open"},
	} {
		if s, err := SearchIndex(ctx, tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %+v, %v; want an error saying %q", tt.name, s, err, tt.want)
		}
	}
}
