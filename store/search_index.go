package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// searchIndexSQL creates the FTS5 index over search_text and the triggers that
// keep its indexed rows in step, then fills it. It is not a numbered migration
// because it depends on the build, not the file: a build without FTS5 leaves
// it out and the next build with FTS5 to open the file adds it.
//
// The index holds the rows of search_text up to search_index_state.indexed_to
// (migration 9); newer rows wait for catchUpSQL. The triggers touch only
// indexed rows: FTS5 cannot delete from an external-content index a row it
// never held without corrupting it.
//
// columnsize = 0 leaves out the table of each row's token count, which only
// ranking (bm25) reads and search does not rank: writing it was a twentieth
// of the instructions of storing a form (bench/storecost). An index built
// before keeps its counts; they cost it nothing but that writing.
const searchIndexSQL = `
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
	text, content = 'search_text', content_rowid = 'id', tokenize = 'trigram', columnsize = 0);

` + tuneSearchIndexSQL + `;

CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_text
WHEN new.id <= (SELECT indexed_to FROM search_index_state) BEGIN
	INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_text
WHEN old.id <= (SELECT indexed_to FROM search_index_state) BEGIN
	INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_text BEGIN
	INSERT INTO search_fts (search_fts, rowid, text)
	SELECT 'delete', old.id, old.text WHERE old.id <= (SELECT indexed_to FROM search_index_state);
	INSERT INTO search_fts (rowid, text)
	SELECT new.id, new.text WHERE new.id <= (SELECT indexed_to FROM search_index_state);
END;

INSERT INTO search_fts (search_fts) VALUES ('rebuild');
UPDATE search_index_state SET indexed_to = (SELECT coalesce(max(id), 0) FROM search_text);
`

// tuneSearchIndexSQL sets how the index takes in texts, where it is not set
// so already. FTS5 writes out what it holds in memory (1 MB by default) as a
// new segment and merges segments four at a time: storing 2,800 forms, the
// merging took a sixth of all the instructions (callgrind, SQLite 3.54.1).
// Holding 16 MB and merging sixteen at a time takes a fifth fewer in all,
// and searches take as long (0.3 to 13 ms on 21,000 forms either way).
const tuneSearchIndexSQL = `
INSERT INTO search_fts (search_fts, rank)
SELECT want.k, want.v FROM (
	SELECT 'hashsize' AS k, 16777216 AS v UNION ALL SELECT 'automerge', 16
) AS want
WHERE NOT EXISTS (SELECT 1 FROM search_fts_config AS c WHERE c.k = want.k AND c.v = want.v)`

// catchUpSQL indexes the rows of search_text the index does not hold yet.
// Rows are added with higher ids than any before them, except after the
// highest were deleted: indexed_to never goes down, so that a row whose id
// is reused is indexed by the insert trigger as it is written.
const catchUpSQL = `
INSERT INTO search_fts (rowid, text)
SELECT id, text FROM search_text WHERE id > (SELECT indexed_to FROM search_index_state);
UPDATE search_index_state SET indexed_to = max(indexed_to, (SELECT coalesce(max(id), 0) FROM search_text));
`

// searchBatch is how many rows of search_text SaveForms leaves unindexed
// before it indexes them in the same transaction as a file: batches this
// large cost about what a single rebuild does per row (the texts of some
// five hundred forms), and keep the rows a search must read directly few.
const searchBatch = 8192

// searchIndexTriggers are the triggers searchIndexSQL creates.
var searchIndexTriggers = []string{"search_fts_insert", "search_fts_delete", "search_fts_update"}

// trigramVersion is the first SQLite release with the trigram tokenizer (3.34.0).
const trigramVersion = 3_034_000

// searchState is what a file holds of the search machinery.
type searchState struct {
	text     bool // search_text exists (schema version 4 and later)
	fts      bool // search_fts exists
	triggers int  // how many of searchIndexTriggers exist
}

// indexed reports whether search_fts exists and is kept in step.
func (s searchState) indexed() bool {
	return s.fts && s.triggers == len(searchIndexTriggers)
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readSearchState(ctx context.Context, q rowQuerier) (searchState, error) {
	var s searchState
	err := q.QueryRowContext(ctx, `
		SELECT
			EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_text'),
			EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_fts'),
			(SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN (?, ?, ?))`,
		searchIndexTriggers[0], searchIndexTriggers[1], searchIndexTriggers[2],
	).Scan(&s.text, &s.fts, &s.triggers)
	if err != nil {
		return s, fmt.Errorf("search index state: %w", err)
	}
	return s, nil
}

// syncSearchIndex adds the search index when this build has FTS5 (fts) and
// the file lacks it or has it out of step, and indexes the rows an import
// cut short left waiting. A build without FTS5 drops the index's triggers
// instead, because writing search_text would fail on them; it leaves the
// index itself, which the next build with FTS5 rebuilds.
func syncSearchIndex(ctx context.Context, tx *sql.Tx, fts bool) error {
	st, err := readSearchState(ctx, tx)
	if err != nil {
		return err
	}
	switch {
	case !st.text:
		return nil
	case fts && !st.indexed():
		if _, err := tx.ExecContext(ctx, searchIndexSQL); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	case fts:
		if _, err := tx.ExecContext(ctx, tuneSearchIndexSQL); err != nil {
			return fmt.Errorf("tune: %w", err)
		}
		return catchUp(ctx, tx, tx.QueryRowContext(ctx, searchBehindSQL), 1)
	case st.triggers > 0:
		for _, name := range searchIndexTriggers {
			// Trigger names are constants of this package.
			if _, err := tx.ExecContext(ctx, "DROP TRIGGER IF EXISTS "+name); err != nil {
				return fmt.Errorf("drop %s: %w", name, err)
			}
		}
	}
	return nil
}

// searchBehindSQL counts the rows of search_text the index does not hold yet.
const searchBehindSQL = `SELECT coalesce(max(id), 0) - (SELECT indexed_to FROM search_index_state) FROM search_text`

// catchUp indexes the rows of search_text the index does not hold yet, when
// there are at least min of them and the file keeps an index; behindRow is
// searchBehindSQL's row. SaveForms asks after every file: the count, one
// lookup, comes first, and the schema is read only when there is a batch to index.
func catchUp(ctx context.Context, tx *sql.Tx, behindRow *sql.Row, min int) error {
	var behind int
	if err := behindRow.Scan(&behind); err != nil {
		return fmt.Errorf("search index state: %w", err)
	}
	if behind < min {
		return nil
	}
	st, err := readSearchState(ctx, tx)
	if err != nil || !st.indexed() {
		return err
	}
	if _, err := tx.ExecContext(ctx, catchUpSQL); err != nil {
		return fmt.Errorf("index %d texts: %w", behind, err)
	}
	return nil
}

// IndexSearch adds to the full-text index the texts stored since it was
// last brought up to date. SaveForms leaves them to batches, which cost far
// less than indexing each file as it is written: an import calls IndexSearch
// when it ends, so that search_fts then holds every text.
func (db *DB) IndexSearch(ctx context.Context) error {
	if err := db.inTx(ctx, func(tx *sql.Tx) error {
		return catchUp(ctx, tx, tx.QueryRowContext(ctx, searchBehindSQL), 1)
	}); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// SearchStateVersion is the first schema version that records how far the
// full-text index has got (search_index_state).
const SearchStateVersion = 9

// SearchIndexState is how far the full-text index of a database has got.
type SearchIndexState struct {
	Built   bool // search_fts exists
	InStep  bool // search_fts exists and its triggers keep it in step with search_text
	Texts   int  // rows of search_text
	Waiting int  // rows of search_text the index does not hold yet
}

// SearchIndex reads the state of the full-text index of the database at
// path, of schema version SearchStateVersion or later, without opening it for use.
func SearchIndex(ctx context.Context, path string) (SearchIndexState, error) {
	var s SearchIndexState
	err := inspect(path, func(db *sql.DB) error {
		var v int
		if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		if v < SearchStateVersion {
			return fmt.Errorf("schema version %d does not record it (version %d does)", v, SearchStateVersion)
		}
		st, err := readSearchState(ctx, db)
		if err != nil {
			return err
		}
		s.Built, s.InStep = st.fts, st.indexed()
		return db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE id > (SELECT indexed_to FROM search_index_state))
			FROM search_text`).Scan(&s.Texts, &s.Waiting)
	})
	if err != nil {
		return SearchIndexState{}, fmt.Errorf("search index of %s: %w", path, err)
	}
	return s, nil
}

// trigramFTS reports whether the SQLite compiled in has FTS5 with the trigram
// tokenizer: go-sqlite3 compiles FTS5 in only with the sqlite_fts5 build tag.
func (db *DB) trigramFTS(ctx context.Context) (bool, error) {
	var fts5 bool
	var version string
	err := db.db.QueryRowContext(ctx,
		"SELECT sqlite_compileoption_used('ENABLE_FTS5'), sqlite_version()").Scan(&fts5, &version)
	if err != nil {
		return false, fmt.Errorf("sqlite compile options: %w", err)
	}
	return fts5 && versionNumber(version) >= trigramVersion, nil
}

// versionNumber turns "3.46.1" into 3046001, as SQLITE_VERSION_NUMBER; 0 if unreadable.
func versionNumber(v string) int {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) != 3 {
		return 0
	}
	n := 0
	for _, p := range parts {
		d, err := strconv.Atoi(p)
		if err != nil || d < 0 || d > 999 {
			return 0
		}
		n = n*1000 + d
	}
	return n
}
