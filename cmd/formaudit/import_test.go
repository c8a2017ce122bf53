package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/formaudit/formaudit/bench/archive"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/pipeline"
	"github.com/formaudit/formaudit/store"
)

// writeArchive writes files text dumps of 1 to maxForms varied seed forms
// each, so that every file's content differs, plus three files that cannot
// be imported. It returns the directory and the number of files.
func writeArchive(t *testing.T, files, maxForms int) (dir string, total int) {
	t.Helper()
	dump, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	seed := archive.SplitForms(dump)
	dir = t.TempDir()
	n := 0
	for f := range files {
		forms := make([][]byte, 1+f%maxForms)
		for k := range forms {
			forms[k] = seed[(n+k)%len(seed)]
		}
		sub := filepath.Join(dir, fmt.Sprintf("unit%d", f%4))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("forms-%03d.txt", f)), archive.Dump(forms, n), 0o644); err != nil {
			t.Fatal(err)
		}
		n += len(forms)
	}
	for name, data := range map[string]string{
		"broken.bin":  "\x00\x01\x02\xff\xfe\x00",
		"minutes.txt": "minutes of the meeting\nnothing else\n",
		"empty.txt":   "",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, files + 3
}

// buildBinary builds formaudit into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "formaudit")
	out, err := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// canonicalDump lists every row of every table, ids replaced by the source
// path and form number and sources.imported_at left out, so that databases
// holding the same files compare equal whatever order they were written in.
func canonicalDump(t *testing.T, path string) string {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
				switch {
				case cols[i] == "id" || cols[i] == "source_id" || cols[i] == "form_id":
				case c == nil:
					b.WriteString("NULL|")
				default:
					b.WriteString(*c + "|")
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// checkConsistent asserts what must hold after any interruption: the file
// passes integrity_check, its full-text index is whole, no row is stored
// twice, and every stored file has all its forms, each with its indicators.
// It returns the files stored.
func checkConsistent(t *testing.T, path string) (stored int) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	one := func(q string) string {
		_, rows, err := db.Query(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return *rows[0][0]
	}
	if got := one("PRAGMA integrity_check"); got != "ok" {
		t.Fatalf("integrity_check: %s", got)
	}
	// Opening the file for writing indexes the texts a killed import left
	// waiting: the full-text index must then hold exactly search_text.
	if info, err := store.Engine(context.Background()); err != nil || info.FTS5 {
		if _, err := db.SQL().Exec("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
			t.Fatalf("search index out of step with search_text: %v", err)
		}
		if got := one("SELECT (SELECT coalesce(max(id), 0) FROM search_text) - indexed_to FROM search_index_state"); got != "0" {
			t.Fatalf("%s texts left unindexed after opening the file for writing", got)
		}
	}
	for name, q := range map[string]string{
		"duplicate sources":      "SELECT count(*) FROM (SELECT path FROM sources GROUP BY path HAVING count(*) > 1)",
		"duplicate forms":        "SELECT count(*) FROM (SELECT source_id, seq FROM forms GROUP BY 1, 2 HAVING count(*) > 1)",
		"duplicate funds":        "SELECT count(*) FROM (SELECT form_id, line FROM funds GROUP BY 1, 2 HAVING count(*) > 1)",
		"duplicate indicators":   "SELECT count(*) FROM (SELECT form_id, seq FROM indicators GROUP BY 1, 2 HAVING count(*) > 1)",
		"half-stored files":      "SELECT count(*) FROM sources s WHERE forms <> (SELECT count(*) FROM forms f WHERE f.source_id = s.id)",
		"forms without children": "SELECT count(*) FROM forms f WHERE NOT EXISTS (SELECT 1 FROM indicators i WHERE i.form_id = f.id) OR NOT EXISTS (SELECT 1 FROM funds x WHERE x.form_id = f.id)",
	} {
		if got := one(q); got != "0" {
			t.Errorf("%s: %s", name, got)
		}
	}
	var n int
	fmt.Sscan(one("SELECT count(*) FROM sources"), &n)
	return n
}

// exitCode runs cmd to its end and returns its exit status, or -1 and the
// signal that ended it.
func exitCode(t *testing.T, err error) (int, syscall.Signal) {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -1, ws.Signal()
		}
		return ee.ExitCode(), 0
	}
	t.Fatal(err)
	return 0, 0
}

// TestKillAndResume runs the built binary on an archive of 103 files and
// kills it with SIGKILL at random moments (every other time once a random
// number of files are stored), with and without --force over a complete
// database. After every kill the database is consistent, and a
// re-run finishes with exactly the rows of a clean run. Ctrl-C stops with
// status 130 after saying what was done.
func TestKillAndResume(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals")
	}
	bin := buildBinary(t)
	dir, total := writeArchive(t, 100, 1)
	work := t.TempDir()
	importCmd := func(db string, extra ...string) *exec.Cmd {
		args := append([]string{"import", "--db", db, "--jobs", "2"}, extra...)
		return exec.Command(bin, append(args, dir)...)
	}

	cleanDB := filepath.Join(work, "clean.db")
	t0 := time.Now()
	code, _ := exitCode(t, importCmd(cleanDB, "--quiet").Run())
	clean := time.Since(t0)
	if code != exitFailed {
		t.Fatalf("clean run: exit %d, want %d for the 3 broken files", code, exitFailed)
	}
	if n := checkConsistent(t, cleanDB); n != total {
		t.Fatalf("clean run stored %d sources, want %d", n, total)
	}
	want := canonicalDump(t, cleanDB)
	t.Logf("clean run: %v", clean)

	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, 0))
	kills, partial := 0, 0
	for round := 0; kills < 10 && round < 40; round++ {
		db := filepath.Join(work, fmt.Sprintf("round%d.db", round))
		var extra []string
		if round%3 == 2 {
			// Rewrite the complete database of the round before: a kill
			// must leave each file either its old rows or its new ones.
			db = filepath.Join(work, fmt.Sprintf("round%d.db", round-1))
			extra = []string{"--force"}
		}
		// Every other round kills the import once it has reported some
		// files stored, so that kills land mid-import however fast the
		// machine runs; the others, at any moment of a clean run's length.
		cmd := importCmd(db, extra...)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if round%2 == 1 {
			lines := bufio.NewScanner(stdout)
			for k := 1 + rnd.IntN(total-10); k > 0 && lines.Scan(); k-- {
			}
		} else {
			go io.Copy(io.Discard, stdout)
			time.Sleep(time.Duration(rnd.Int64N(int64(clean))))
		}
		cmd.Process.Signal(syscall.SIGKILL)
		if _, sig := exitCode(t, cmd.Wait()); sig == syscall.SIGKILL {
			kills++
		}
		stored := checkConsistent(t, db)
		if extra == nil && stored > 0 && stored < total {
			partial++
		}
		if code, _ := exitCode(t, importCmd(db, "--quiet").Run()); code != exitFailed {
			t.Fatalf("round %d: re-run exit %d, want %d", round, code, exitFailed)
		}
		checkConsistent(t, db)
		if got := canonicalDump(t, db); got != want {
			t.Fatalf("round %d: after a kill and a re-run the rows differ from a clean run's", round)
		}
	}
	if kills < 10 || partial < 3 {
		t.Fatalf("%d kills, %d of them mid-import: want at least 10 and 3", kills, partial)
	}
	t.Logf("%d kills, %d mid-import", kills, partial)

	t.Run("SIGINT", func(t *testing.T) {
		db := filepath.Join(work, "sigint.db")
		cmd := exec.Command(bin, "import", "--db", db, "--jobs", "1", dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stdout)
		for i := 0; i < 10 && lines.Scan(); i++ {
		}
		cmd.Process.Signal(os.Interrupt)
		for lines.Scan() {
		}
		code, sig := exitCode(t, cmd.Wait())
		if code != 130 {
			t.Fatalf("exit %d (signal %v), want 130; stderr:\n%s", code, sig, stderr.String())
		}
		stored := checkConsistent(t, db)
		msg := fmt.Sprintf("interrupted: %d of %d files done", stored, total)
		if stored >= total || !strings.Contains(stderr.String(), msg) {
			t.Errorf("stderr %q, want %q (and some files left)", stderr.String(), msg)
		}
		if code, _ := exitCode(t, exec.Command(bin, "import", "--db", db, "--quiet", dir).Run()); code != exitFailed {
			t.Fatalf("re-run exit %d", code)
		}
		if canonicalDump(t, db) != want {
			t.Error("after Ctrl-C and a re-run the rows differ from a clean run's")
		}
	})
}

// TestImportJSON checks the --json summary's shape and values, and that
// stdout holds nothing else.
func TestImportJSON(t *testing.T) {
	dir, total := writeArchive(t, 4, 3)
	db := filepath.Join(t.TempDir(), "a.db")
	code, out, errOut := formaudit(t, "import", "--db", db, "--json", dir)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d; stderr %q", code, exitFailed, errOut)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &keys); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, out)
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	wantKeys := []string{"done", "elapsed_seconds", "failures", "files", "files_per_second", "findings", "formats",
		"forms", "forms_per_second", "interrupted", "pending", "slowest", "status", "templates_replaced"}
	if !reflect.DeepEqual(names, wantKeys) {
		t.Errorf("keys %v, want %v", names, wantKeys)
	}
	var s jsonSummary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	// writeArchive's 4 files hold 1, 2, 3 and 1 forms.
	if s.Files != total || s.Done != total || s.Pending != 0 || s.Interrupted || s.Forms != 7 {
		t.Errorf("files %d, done %d, pending %d, interrupted %v, forms %d; want %d, %d, 0, false, 7",
			s.Files, s.Done, s.Pending, s.Interrupted, s.Forms, total, total)
	}
	if want := map[string]int{"imported": 4, "unchanged": 0, "failed": 3}; !reflect.DeepEqual(s.Status, want) {
		t.Errorf("status %v, want %v", s.Status, want)
	}
	if want := map[string]int{"text": 5, "unknown": 2}; !reflect.DeepEqual(s.Formats, want) {
		t.Errorf("formats %v, want %v", s.Formats, want)
	}
	failed := map[string]string{}
	for _, f := range s.Failures {
		failed[filepath.Base(f.Path)] = f.Error
		if f.Status != "failed" {
			t.Errorf("failure %s has status %s", f.Path, f.Status)
		}
	}
	if len(failed) != 3 || !strings.Contains(failed["minutes.txt"], "no 项目支出绩效自评表 found") || !strings.Contains(failed["broken.bin"], "not a form document") {
		t.Errorf("failures %v", failed)
	}
	if len(s.Slowest) != 5 || s.Slowest[0].Seconds < s.Slowest[4].Seconds {
		t.Errorf("slowest %+v, want 5 files, slowest first", s.Slowest)
	}
	if s.ElapsedSeconds <= 0 || s.FormsPerSecond <= 0 || s.Findings.Warnings == 0 {
		t.Errorf("elapsed %v, forms/s %v, warnings %d: want positive", s.ElapsedSeconds, s.FormsPerSecond, s.Findings.Warnings)
	}

	// A second run: everything stored is unchanged; the broken files fail again.
	code, out, _ = formaudit(t, "import", "--db", db, "--json", dir)
	if err := json.Unmarshal([]byte(out), &s); code != exitFailed || err != nil {
		t.Fatalf("second run: exit %d, %v", code, err)
	}
	if want := map[string]int{"imported": 0, "unchanged": 4, "failed": 3}; !reflect.DeepEqual(s.Status, want) || s.Forms != 0 {
		t.Errorf("second run: status %v, forms %d; want %v and 0", s.Status, s.Forms, want)
	}
}

// TestImportOutput checks the plain lines and the summary when stdout is not
// a terminal, and what --quiet leaves.
func TestImportOutput(t *testing.T) {
	dir, _ := writeArchive(t, 4, 3)
	db := filepath.Join(t.TempDir(), "a.db")
	code, out, errOut := formaudit(t, "import", "--db", db, dir)
	if code != exitFailed {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"] imported   " + filepath.Join(dir, "unit1", "forms-001.txt") + ": 2 forms",
		"7 files in ", "4 imported, 0 unchanged, 3 failed",
		"7 forms (", "formats: 5 text, 2 unknown",
		"slowest files:\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{"] failed     " + filepath.Join(dir, "broken.bin"), "failed files (3):\n", "3 of 7 files failed to import"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if n := strings.Count(out, "] "); n != 4 {
		t.Errorf("%d progress lines on stdout, want one per imported file (4)", n)
	}

	// One of each is counted in the singular, and a path that cannot be read
	// is named as such, not as a format.
	code, out, _ = formaudit(t, "import", "--db", db, "--force", filepath.Join(dir, "unit1", "forms-001.txt"), filepath.Join(dir, "missing.txt"))
	for _, want := range []string{"2 files in ", "2 forms (", "formats: 1 text, 1 unreadable\n"} {
		if code != exitFailed || !strings.Contains(out, want) {
			t.Errorf("exit %d, stdout lacks %q:\n%s", code, want, out)
		}
	}
	code, out, _ = formaudit(t, "import", "--db", db, "--force", filepath.Join(dir, "missing.txt"))
	if code != exitFailed || !strings.Contains(out, "1 file in ") || !strings.Contains(out, "0 forms (") {
		t.Errorf("one missing file: exit %d, stdout\n%s", code, out)
	}

	code, out, errOut = formaudit(t, "import", "--db", db, "--quiet", "--force", dir)
	if code != exitFailed || out != "" || !strings.Contains(errOut, "failed files (3):") || strings.Contains(errOut, "] failed") {
		t.Errorf("--quiet: exit %d, stdout %q, stderr %q; want only the failures", code, out, errOut)
	}
	code, _, errOut = formaudit(t, "import", "--db", db, "--file-timeout", "0s", dir)
	if code != exitFatal || !strings.Contains(errOut, "--file-timeout") {
		t.Errorf("--file-timeout 0s: exit %d, stderr %q", code, errOut)
	}
}

// TestProgressBar draws the bar into a buffer: it shows files done of the
// total, forms and findings, and a failure is printed above it.
func TestProgressBar(t *testing.T) {
	var errw bytes.Buffer
	r := &reporter{out: &bytes.Buffer{}, errw: &errw, useBar: true}
	r.start(3)
	for _, f := range []pipeline.FileResult{
		{Path: "a.txt", Status: pipeline.StatusImported, Forms: 14, Warnings: 5},
		{Path: "b.bin", Status: pipeline.StatusFailed, Err: errors.New("not a form document\nstack")},
		{Path: "c.txt", Status: pipeline.StatusImported, Forms: 2, Errors: 1},
	} {
		time.Sleep(120 * time.Millisecond) // past the bar's redraw throttle
		r.file(f)
	}
	r.finish()
	got := errw.String()
	for _, want := range []string{"1/3", "14 forms, 5 findings", "files/s", "failed     b.bin: not a form document (full text in sources.error)\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("bar output lacks %q: %q", want, got)
		}
	}
	if strings.Contains(got, "stack") {
		t.Errorf("bar output shows the error's later lines: %q", got)
	}
}

// TestProgressLines: without a terminal, each file gets a line saying what
// became of it; a copy names the path that holds its forms.
func TestProgressLines(t *testing.T) {
	var out, errw bytes.Buffer
	r := &reporter{out: &out, errw: &errw, plain: true}
	r.start(3)
	for _, f := range []pipeline.FileResult{
		{Path: "a.txt", Status: pipeline.StatusImported, Forms: 14, Warnings: 5},
		{Path: "b.txt", Status: pipeline.StatusUnchanged},
		{Path: "c.txt", Status: pipeline.StatusUnchanged, CopyOf: "a.txt"},
	} {
		r.file(f)
	}
	r.finish()
	want := "[1/3] imported   a.txt: 14 forms, 0 errors, 5 warnings\n" +
		"[2/3] unchanged  b.txt\n" +
		"[3/3] unchanged  c.txt: a copy of a.txt, whose forms are stored\n"
	if out.String() != want || errw.Len() != 0 {
		t.Errorf("lines:\n%s\nwant\n%s(stderr %q)", out.String(), want, errw.String())
	}
}
