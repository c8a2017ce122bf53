package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formaudit/formaudit/bench/archive"
	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
)

// writeArchive writes files text dumps of perFile varied seed forms each and
// returns their directory.
func writeArchive(t testing.TB, files, perFile int) string {
	t.Helper()
	dump, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	seed := archive.SplitForms(dump)
	dir := t.TempDir()
	n := 0
	for f := range files {
		forms := make([][]byte, perFile)
		for k := range forms {
			forms[k] = seed[(n+k)%len(seed)]
		}
		name := filepath.Join(dir, fmt.Sprintf("f%03d.txt", f))
		if err := os.WriteFile(name, archive.Dump(forms, n), 0o644); err != nil {
			t.Fatal(err)
		}
		n += perFile
	}
	return dir
}

// dumpRows lists every stored row with ids replaced by the source path and
// form number, so that two databases holding the same files compare equal
// whatever order the files were written in.
func dumpRows(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT path, sha256, format, size, status, error, forms FROM sources ORDER BY path`,
		`SELECT s.path, f.* FROM forms f JOIN sources s ON s.id = f.source_id ORDER BY s.path, f.seq`,
		`SELECT s.path, f.seq, x.* FROM funds x JOIN forms f ON f.id = x.form_id JOIN sources s ON s.id = f.source_id ORDER BY s.path, f.seq, x.line`,
		`SELECT s.path, f.seq, x.* FROM goals x JOIN forms f ON f.id = x.form_id JOIN sources s ON s.id = f.source_id ORDER BY s.path, f.seq, x.seq`,
		`SELECT s.path, f.seq, x.* FROM indicators x JOIN forms f ON f.id = x.form_id JOIN sources s ON s.id = f.source_id ORDER BY s.path, f.seq, x.seq`,
		`SELECT s.path, f.seq, x.rule, x.severity, x.field, x.recorded, x.computed, x.message, x.line FROM discrepancies x JOIN forms f ON f.id = x.form_id JOIN sources s ON s.id = f.source_id ORDER BY s.path, f.seq, x.id`,
	} {
		cols, rows, err := db.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, cols)
		for _, r := range rows {
			for i, c := range r {
				if cols[i] == "id" || cols[i] == "source_id" || cols[i] == "form_id" {
					continue
				}
				if c == nil {
					b.WriteString("NULL|")
				} else {
					b.WriteString(*c + "|")
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// replaceExtractor swaps the text reader for the test.
func replaceExtractor(t *testing.T, read extractor) {
	t.Helper()
	saved := extractors[extract.FormatText]
	extractors[extract.FormatText] = read
	t.Cleanup(func() { extractors[extract.FormatText] = saved })
}

// TestHangingExtractor fails only the file whose reader never returns, with
// an error naming the limit and the flag, recorded in sources.
func TestHangingExtractor(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	orig := extractors[extract.FormatText]
	replaceExtractor(t, func(ctx context.Context, data []byte, tpl *template.Template) (*extract.Document, error) {
		if strings.Contains(string(data), "HANG") {
			<-release
		}
		return orig(ctx, data, tpl)
	})
	// Two one-form files, f000.txt and f001.txt, around the hanging one.
	dir := writeArchive(t, 2, 1)
	os.WriteFile(filepath.Join(dir, "f000-hang.txt"), []byte("HANG 项目支出绩效自评表\n"), 0o644)
	db, _ := openDB(t)

	const limit = 1500 * time.Millisecond
	start := time.Now()
	sum, err := Import(context.Background(), db, []string{dir}, Options{Jobs: 2, FileTimeout: limit})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("import took %v: the hanging file held it up", d)
	}
	failed := sum.Failed()
	var te *TimeoutError
	if len(failed) != 1 || filepath.Base(failed[0].Path) != "f000-hang.txt" || !errors.As(failed[0].Err, &te) || te.Limit != limit {
		t.Fatalf("failed: %+v, want only f000-hang.txt with a timeout of %v", failed, limit)
	}
	if byStatus, forms, _, _ := sum.Count(); byStatus[StatusImported] != 2 || forms != 2 {
		t.Errorf("got %v and %d forms, want the 2 good files' 2 forms", byStatus, forms)
	}
	msg := count(t, db, "SELECT error FROM sources WHERE status = 'failed' AND path LIKE '%f000-hang.txt'")
	if !strings.Contains(msg, "1.5s") || !strings.Contains(msg, "--file-timeout") {
		t.Errorf("stored error %q does not name the limit and the flag", msg)
	}
}

// TestAbandonedReaderStopped: a reader abandoned past the time limit finds
// its context done, which the PDF and workbook readers look at between
// pages and rows (extract.TestReadersStopWhenDone), so it stops.
func TestAbandonedReaderStopped(t *testing.T) {
	stopped := make(chan error, 1)
	replaceExtractor(t, func(ctx context.Context, data []byte, tpl *template.Template) (*extract.Document, error) {
		<-ctx.Done()
		stopped <- ctx.Err()
		return nil, ctx.Err()
	})
	path := filepath.Join(t.TempDir(), "slow.txt")
	os.WriteFile(path, []byte("项目支出绩效自评表\n"), 0o644)
	_, err := Process(context.Background(), path, Options{FileTimeout: 50 * time.Millisecond})
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("Process: %v, want the per-file time limit", err)
	}
	select {
	case err := <-stopped:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the reader's context ended with %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the abandoned reader's context was never done")
	}
}

// TestInterruptStopsAfterFileInHand cancels the import while the third file
// is reported: exactly three files are stored, and a second run finishes with
// the rows of an uninterrupted import.
func TestInterruptStopsAfterFileInHand(t *testing.T) {
	dir := writeArchive(t, 12, 2)
	db, _ := openDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := Import(ctx, db, []string{dir}, Options{Jobs: 2, Progress: func(f FileResult) {
		if filepath.Base(f.Path) == "f002.txt" {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want it to wrap context.Canceled", err)
	}
	if len(sum.Files) != 3 || sum.Total != 12 || sum.Pending() != 9 {
		t.Fatalf("%d files done of %d, %d pending; want 3 of 12, 9 pending", len(sum.Files), sum.Total, sum.Pending())
	}
	if got := count(t, db, "SELECT count(*) || ' ' || sum(forms) FROM sources WHERE status = 'ok'"); got != "3 6" {
		t.Errorf("stored sources and forms: %s, want 3 6", got)
	}
	if got := count(t, db, "SELECT count(*) FROM forms"); got != "6" {
		t.Errorf("forms: %s, want 6", got)
	}

	sum, err = Import(context.Background(), db, []string{dir}, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if byStatus, _, _, _ := sum.Count(); byStatus[StatusUnchanged] != 3 || byStatus[StatusImported] != 9 {
		t.Errorf("second run: %v, want 3 unchanged and 9 imported", byStatus)
	}
	clean, _ := openDB(t)
	if _, err := Import(context.Background(), clean, []string{dir}, Options{Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	if a, b := dumpRows(t, db), dumpRows(t, clean); a != b {
		t.Error("an interrupted and resumed import stored other rows than a clean one")
	}
}

// TestInterruptedCopies: an archive of copies, interrupted after each file
// in turn and run again, stores the rows of an uninterrupted import.
func TestInterruptedCopies(t *testing.T) {
	dir := writeArchive(t, 3, 2)
	for _, f := range []string{"f000.txt", "f001.txt"} {
		copyFile(t, filepath.Join(dir, f), filepath.Join(dir, "copy-"+f))
	}
	copyFile(t, filepath.Join(dir, "f000.txt"), filepath.Join(dir, "z-f000.txt"))
	clean, _ := openDB(t)
	if _, err := Import(context.Background(), clean, []string{dir}, Options{Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	want := dumpRows(t, clean)
	if got := count(t, clean, "SELECT count(*) || ' ' || sum(forms) FROM sources"); got != "3 6" {
		t.Fatalf("clean import: sources and forms %s, want 3 6 (each content once)", got)
	}
	for stop := range 6 {
		db, _ := openDB(t)
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		_, err := Import(ctx, db, []string{dir}, Options{Jobs: 2, Progress: func(FileResult) {
			if n++; n == stop+1 {
				cancel()
			}
		}})
		cancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		if _, err := Import(context.Background(), db, []string{dir}, Options{Jobs: 2}); err != nil {
			t.Fatal(err)
		}
		if got := dumpRows(t, db); got != want {
			t.Errorf("stopped after %d files and run again: other rows than a clean import", stop+1)
		}
	}
}

// TestQueryDuringImport reads the database from another connection while an
// import writes it: every snapshot holds whole files only.
func TestQueryDuringImport(t *testing.T) {
	dir := writeArchive(t, 30, 2)
	db, path := openDB(t)
	ro, err := store.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()

	var done atomic.Bool
	var wg sync.WaitGroup
	var reads, partial int
	var bad []string
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			// One statement reads one snapshot.
			_, rows, err := ro.Query(context.Background(), `SELECT
				(SELECT count(*) FROM forms),
				(SELECT coalesce(sum(forms), 0) FROM sources WHERE status = 'ok'),
				(SELECT count(*) FROM forms f WHERE NOT EXISTS (SELECT 1 FROM indicators i WHERE i.form_id = f.id))`)
			if err != nil {
				bad = append(bad, err.Error())
				return
			}
			forms, claimed, bare := *rows[0][0], *rows[0][1], *rows[0][2]
			reads++
			if forms != claimed || bare != "0" {
				bad = append(bad, fmt.Sprintf("%s forms stored, sources claim %s, %s forms without indicators", forms, claimed, bare))
			}
			if forms != "0" && forms != "60" {
				partial++
			}
		}
	}()
	_, err = Import(context.Background(), db, []string{dir}, Options{Jobs: 2})
	done.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("a reader saw half-written files: %v", bad[:min(len(bad), 5)])
	}
	if partial == 0 {
		t.Errorf("%d reads, none during the import: the test proved nothing", reads)
	}
}

// TestImportStopsWhenDatabaseFails closes the database under a running
// import: Import returns the error instead of hanging on its workers.
func TestImportStopsWhenDatabaseFails(t *testing.T) {
	dir := writeArchive(t, 20, 1)
	db, _ := openDB(t)
	result := make(chan error, 1)
	go func() {
		_, err := Import(context.Background(), db, []string{dir}, Options{Jobs: 2, Progress: func(FileResult) { db.Close() }})
		result <- err
	}()
	select {
	case err := <-result:
		if err == nil || !strings.Contains(err.Error(), "database is closed") {
			t.Errorf("err = %v, want the closed database named", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Import did not return after the database failed")
	}
}

func TestSummary(t *testing.T) {
	sum := &Summary{Total: 6, Files: []FileResult{
		{Path: "a", Format: "text", Status: StatusImported, Elapsed: 3 * time.Second},
		{Path: "b", Format: "pdf", Status: StatusFailed, Elapsed: 5 * time.Second},
		{Path: "c", Status: StatusFailed, Elapsed: time.Second},
		{Path: "d", Format: "text", Status: StatusUnchanged, Elapsed: 9 * time.Second},
		{Path: "e", Format: "text", Status: StatusImported, Elapsed: 2 * time.Second},
	}}
	if got := sum.Pending(); got != 1 {
		t.Errorf("Pending() = %d, want 1", got)
	}
	formats := sum.Formats()
	if len(formats) != 3 || formats["text"] != 3 || formats["pdf"] != 1 || formats[FormatNone] != 1 {
		t.Errorf("Formats() = %v", formats)
	}
	for _, tt := range []struct {
		n    int
		want string
	}{
		{2, "b a"},
		{10, "b a e c"},
		{0, ""},
	} {
		var paths []string
		for _, f := range sum.Slowest(tt.n) {
			paths = append(paths, f.Path)
		}
		if got := strings.Join(paths, " "); got != tt.want {
			t.Errorf("Slowest(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestImportLeavesTextsIndexed imports more texts than one batch of the
// full-text index holds, with one job and with two: whichever way the writer
// indexed them (in batches, while it waited for the last files, at the end),
// the index holds every text when Import returns.
func TestImportLeavesTextsIndexed(t *testing.T) {
	dir := writeArchive(t, 30, 25)
	for _, jobs := range []int{1, 2} {
		t.Run(fmt.Sprint(jobs, " jobs"), func(t *testing.T) {
			db, path := openDB(t)
			if _, err := Import(context.Background(), db, []string{dir}, Options{Jobs: jobs}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			st, err := store.SearchIndex(context.Background(), path)
			switch {
			case err != nil:
				t.Fatal(err)
			case !st.Built:
				t.Skip("built without FTS5 (tag sqlite_fts5): no index to fill")
			case st.Texts < 8192:
				t.Fatalf("%d texts stored; the test wants more than one batch of the index (8192)", st.Texts)
			case st.Waiting != 0 || !st.InStep:
				t.Errorf("after the import %d of %d texts wait to be indexed (in step: %v); want none", st.Waiting, st.Texts, st.InStep)
			}
		})
	}
}
