package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// searchIndexSQL creates the FTS5 index over search_text and the triggers that
// keep it in step, then fills it. It is not a numbered migration because it
// depends on the build, not the file: a build without FTS5 leaves it out and
// the next build with FTS5 to open the file adds it.
const searchIndexSQL = `
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
	text, content = 'search_text', content_rowid = 'id', tokenize = 'trigram');

CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_text BEGIN
	INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_text BEGIN
	INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_text BEGIN
	INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
	INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;

INSERT INTO search_fts (search_fts) VALUES ('rebuild');
`

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
// the file lacks it or has it out of step. A build without FTS5 drops the
// index's triggers instead, because writing search_text would fail on them;
// it leaves the index itself, which the next build with FTS5 rebuilds.
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
	case !fts && st.triggers > 0:
		for _, name := range searchIndexTriggers {
			// Trigger names are constants of this package.
			if _, err := tx.ExecContext(ctx, "DROP TRIGGER IF EXISTS "+name); err != nil {
				return fmt.Errorf("drop %s: %w", name, err)
			}
		}
	}
	return nil
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
