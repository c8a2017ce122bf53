package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/formaudit/formaudit/normalize"
)

// ErrNoFTS5 means the SQLite compiled into this program lacks FTS5 or its trigram tokenizer.
var ErrNoFTS5 = errors.New("full-text search (SQLite FTS5) is not compiled in: build formaudit with -tags sqlite_fts5")

// ErrNoSearchIndex means the file lacks the full-text index: it was last
// written by a build without FTS5, or by a formaudit older than search.
var ErrNoSearchIndex = errors.New("the database's full-text index is missing or out of step (it was last written " +
	"by a build without FTS5 or an older formaudit): run formaudit import with this build, even of files " +
	"already stored, to rebuild it")

// minFTSRunes is the shortest term the trigram tokenizer can match; shorter
// terms match nothing there and are looked up with LIKE instead.
const minFTSRunes = 3

// Match markers put around each match by the SQL and the LIKE path alike, and
// replaced by SearchOptions.Before and After once the text is cut to size.
const (
	markOpen  = '\x02'
	markClose = '\x03'
)

// Hit is one stored text that contains the search term, with its form.
type Hit struct {
	FormID                         int64
	Path                           string // the form's file
	Seq                            int    // the form's order in its file
	ProjectCode, ProjectName, Unit string // Unit is the implementing unit
	Field                          string // where the text comes from, as table.column
	Item                           int    // goals.seq or indicators.seq; 0 for the form's own columns
	Text                           string // the text, each match between Before and After
}

// SearchOptions steer Search.
type SearchOptions struct {
	Limit         int    // most hits returned; 0 returns all
	Before, After string // put around each match
	Context       int    // characters kept either side of the first match; 0 keeps the whole text
}

// Search finds term in project names, units, goals, indicator names and notes.
// The term is matched as one substring, ignoring ASCII case: through the FTS5
// trigram index when it has three characters or more, with LIKE when shorter
// and in the texts the index does not hold yet.
// Hits come in file, form and field order. Search returns ErrNoFTS5 in a build
// without FTS5, whatever the term, so that such a build never passes for
// complete, and ErrNoSearchIndex for a file whose index is missing or stale.
func (db *DB) Search(ctx context.Context, term string, opt SearchOptions) ([]Hit, error) {
	term = normalize.Squeeze(term)
	if term == "" {
		return nil, errors.New("search: empty term")
	}
	fts, err := db.trigramFTS(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if !fts {
		return nil, ErrNoFTS5
	}
	st, err := readSearchState(ctx, db.db)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	short := utf8.RuneCountInString(term) < minFTSRunes
	like := "%" + escapeLike(term) + "%"
	var rows *sql.Rows
	switch {
	case short && st.text:
		rows, err = db.db.QueryContext(ctx, `SELECT `+hitSelect+` FROM (
			SELECT `+hitColumns+`, t.text AS text, 1 AS direct FROM search_text t `+hitJoins+`
			WHERE t.text LIKE ? ESCAPE '\') `+hitOrder+` LIMIT ?`,
			like, limit)
	case !short && st.indexed():
		// Texts stored since the index was last brought up to date (an
		// import running, or cut short) are read directly.
		rows, err = db.db.QueryContext(ctx, `SELECT `+hitSelect+` FROM (
			SELECT `+hitColumns+`, highlight(search_fts, 0, ?, ?) AS text, 0 AS direct
			FROM search_fts JOIN search_text t ON t.id = search_fts.rowid `+hitJoins+`
			WHERE search_fts MATCH ?
			UNION ALL
			SELECT `+hitColumns+`, t.text, 1 FROM search_text t `+hitJoins+`
			WHERE t.id > (SELECT indexed_to FROM search_index_state) AND t.text LIKE ? ESCAPE '\'
			) `+hitOrder+` LIMIT ?`,
			string(markOpen), string(markClose), phrase(term), like, limit)
	default:
		return nil, ErrNoSearchIndex
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", term, err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var h Hit
		var direct bool
		if err := rows.Scan(&h.FormID, &h.Path, &h.Seq, &h.ProjectCode, &h.ProjectName, &h.Unit,
			&h.Field, &h.Item, &h.Text, &direct); err != nil {
			return nil, fmt.Errorf("search %q: %w", term, err)
		}
		if direct {
			h.Text = markLike(h.Text, term)
		}
		h.Text = present(h.Text, opt)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", term, err)
	}
	return hits, nil
}

const (
	hitColumns = `t.form_id AS form_id, s.path AS path, f.seq AS seq, coalesce(f.project_code, '') AS project_code,
		coalesce(f.project_name, '') AS project_name, coalesce(f.implementing_unit, '') AS unit,
		t.field AS field, coalesce(t.item, 0) AS item, t.id AS text_id`
	hitJoins  = `JOIN forms f ON f.id = t.form_id JOIN sources s ON s.id = f.source_id`
	hitSelect = `form_id, path, seq, project_code, project_name, unit, field, item, text, direct`
	// A form's own columns first, then its goals, then its indicators, each
	// item's columns in the order the form prints them.
	hitOrder = `ORDER BY path, seq,
		CASE substr(field, 1, instr(field, '.') - 1) WHEN 'forms' THEN 0 WHEN 'goals' THEN 1 ELSE 2 END,
		item,
		CASE field WHEN 'forms.project_name' THEN 0 WHEN 'forms.implementing_unit' THEN 1
			WHEN 'goals.expected' THEN 0 WHEN 'indicators.name' THEN 0 ELSE 2 END,
		text_id`
)

// phrase quotes term as one FTS5 string, so that its characters are matched
// literally rather than read as query syntax.
func phrase(term string) string {
	return `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
}

// escapeLike escapes LIKE's wildcards with the backslash named in ESCAPE.
func escapeLike(term string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(term)
}

// markLike marks every match of term in text as LIKE finds them, ignoring
// ASCII case only, as LIKE does.
func markLike(text, term string) string {
	hay, needle := asciiLower(text), asciiLower(term)
	var b strings.Builder
	for {
		i := strings.Index(hay, needle)
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		j := i + len(needle)
		b.WriteString(text[:i])
		b.WriteRune(markOpen)
		b.WriteString(text[i:j])
		b.WriteRune(markClose)
		text, hay = text[j:], hay[j:]
	}
}

// asciiLower lowers ASCII letters only, keeping byte offsets.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// present cuts a marked text to opt.Context characters either side of its
// first match and puts opt.Before and opt.After in place of the markers.
func present(text string, opt SearchOptions) string {
	if opt.Context > 0 {
		text = around(text, opt.Context)
	}
	return strings.NewReplacer(string(markOpen), opt.Before, string(markClose), opt.After).Replace(text)
}

func around(text string, n int) string {
	rs := []rune(text)
	open := slices.Index(rs, markOpen)
	if open < 0 {
		return text
	}
	closing := len(rs) - 1
	if i := slices.Index(rs[open:], markClose); i >= 0 {
		closing = open + i
	}
	from, to := max(0, open-n), min(len(rs), closing+1+n)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	opened := false
	for _, r := range rs[from:to] {
		switch r {
		case markOpen:
			opened = true
		case markClose:
			opened = false
		}
		b.WriteRune(r)
	}
	if opened {
		b.WriteRune(markClose) // the cut fell inside a later match
	}
	if to < len(rs) {
		b.WriteString("…")
	}
	return b.String()
}
