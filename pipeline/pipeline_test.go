package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
)

func seedDoc(t *testing.T) *Document {
	t.Helper()
	doc, err := Process(context.Background(), fixtures.Path("docs/seed-2024.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestSeedAudit checks the findings the issue names on the real seed, and
// that no other arithmetic error is reported (the seed's arithmetic holds;
// the golden file's author re-checked it by hand).
func TestSeedAudit(t *testing.T) {
	doc := seedDoc(t)
	if len(doc.Forms) != 14 {
		t.Fatalf("got %d forms, want 14", len(doc.Forms))
	}
	type key struct{ project, rule string }
	found := map[key][]score.Finding{}
	for i, r := range doc.Results {
		for _, f := range r.Findings {
			k := key{doc.Forms[i].ProjectName, f.Rule}
			found[k] = append(found[k], f)
			if f.Severity == score.Error {
				t.Errorf("form %d %s: unexpected error %s: %s", i+1, doc.Forms[i].ProjectName, f.Rule, f.Message)
			}
		}
	}
	missing := found[key{"重点实验室", "total.missing"}]
	if len(missing) != 1 || missing[0].Computed != "99.62" {
		t.Errorf("total.missing on 重点实验室: got %+v, want one with computed 99.62", missing)
	}
	unmet := found[key{"物业维修维护(非", "indicator.unmet_full_score"}]
	if len(unmet) == 0 || unmet[0].Field != "维护维修及时性" || !strings.Contains(unmet[0].Message, "15 of 15") ||
		!strings.Contains(unmet[0].Message, "10%") || !strings.Contains(unmet[0].Message, "100%") {
		t.Errorf("unmet_full_score on 维护维修及时性: got %+v", unmet)
	}
	if got := found[key{"土地储备整治", "indicator.year_mismatch"}]; len(got) != 1 {
		t.Errorf("year_mismatch on 土地储备整治: got %+v", got)
	}
	truncated := 0
	for i, f := range doc.Forms {
		n := len(found[key{f.ProjectName, "header.truncated"}])
		if f.CodeTruncated != (n == 1) || (len(f.ProjectCode) == 11) != f.CodeTruncated {
			t.Errorf("form %d %s (code %s): truncated=%v with %d header.truncated findings", i+1, f.ProjectName, f.ProjectCode, f.CodeTruncated, n)
		}
		if n == 1 {
			truncated++
		}
	}
	if truncated != 7 {
		t.Errorf("header.truncated on %d forms, want the 7 with 11-digit codes", truncated)
	}
	for k, fs := range found {
		if k.rule == "indicator.unmet_full_score" && k.project != "物业维修维护(非" {
			t.Errorf("unexpected unmet_full_score on %s: %s", k.project, fs[0].Message)
		}
	}
}

func openDB(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func count(t *testing.T, db *store.DB, q string) string {
	t.Helper()
	_, rows, err := db.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return *rows[0][0]
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImportBatch imports a directory with good and bad files: the good ones
// are stored, each bad one fails with its own reason, and re-running skips
// what is unchanged.
func TestImportBatch(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, fixtures.Path("docs/seed-2024.txt"), filepath.Join(dir, "a", "seed.txt"))
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("minutes of the meeting\nnothing else\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "random.bin"), []byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8, 9, 0}, 0o644)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	db, _ := openDB(t)
	ctx := context.Background()

	sum, err := Import(ctx, db, []string{dir}, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	byStatus, forms, _, _ := sum.Count()
	if byStatus[StatusImported] != 1 || byStatus[StatusFailed] != 3 || forms != 14 {
		t.Fatalf("got %v and %d forms, want 1 imported, 3 failed, 14 forms", byStatus, forms)
	}
	reasons := map[string]string{}
	for _, f := range sum.Failed() {
		reasons[filepath.Base(f.Path)] = f.Err.Error()
	}
	for file, want := range map[string]string{
		"notes.txt":  "no 项目支出绩效自评表 found",
		"random.bin": "not a form document",
		"empty.txt":  "not a form document",
	} {
		if !strings.Contains(reasons[file], want) {
			t.Errorf("%s: error %q, want it to say %q", file, reasons[file], want)
		}
	}
	if got := count(t, db, "SELECT count(*) FROM sources WHERE status = 'failed' AND error <> ''"); got != "3" {
		t.Errorf("failed sources with an error text: %s, want 3", got)
	}
	rows := count(t, db, "SELECT count(*) FROM indicators")

	sum, err = Import(ctx, db, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if byStatus, _, _, _ := sum.Count(); byStatus[StatusUnchanged] != 1 {
		t.Errorf("second run: %v, want the seed unchanged", byStatus)
	}
	sum, err = Import(ctx, db, []string{dir}, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if byStatus, _, _, _ := sum.Count(); byStatus[StatusImported] != 1 {
		t.Errorf("--force run: %v, want the seed imported again", byStatus)
	}
	if got := count(t, db, "SELECT count(*) FROM indicators"); got != rows {
		t.Errorf("after re-import: %s indicator rows, want %s (no duplicates)", got, rows)
	}
	if got := count(t, db, "SELECT count(*) FROM forms"); got != "14" {
		t.Errorf("after re-import: %s forms, want 14", got)
	}
}

// TestImportReplacesChanged re-imports a path whose content changed: its
// earlier forms are replaced, not added to.
func TestImportReplacesChanged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "forms.txt")
	data, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	db, _ := openDB(t)
	ctx := context.Background()
	os.WriteFile(path, data, 0o644)
	if _, err := Import(ctx, db, []string{path}, Options{}); err != nil {
		t.Fatal(err)
	}
	// Keep only the first two forms: the title of the third starts at line 59.
	lines := strings.SplitAfter(string(data), "\n")
	os.WriteFile(path, []byte(strings.Join(lines[:58], "")), 0o644)
	sum, err := Import(ctx, db, []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Files[0].Status != StatusImported || sum.Files[0].Forms != 2 {
		t.Fatalf("got %+v, want 2 forms imported", sum.Files[0])
	}
	if got := count(t, db, "SELECT count(*) FROM forms"); got != "2" {
		t.Errorf("forms after the change: %s, want 2", got)
	}
}

// TestCopies: of the paths of an import that hold the same content, the
// first in path order holds its forms and the others are copies, unchanged
// and stored once; a path outside the import that holds the content keeps
// it. A path that becomes a copy loses its rows, and content a changed path
// no longer holds is imported under its next path, in the same run.
func TestCopies(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(seed), "\n")
	two := []byte(strings.Join(lines[:58], "")) // the first two forms
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.txt", seed)
	write("c.txt", seed)
	write("d.txt", two)
	db, _ := openDB(t)
	ctx := context.Background()
	type want struct {
		statuses string // each file's status, and the path it is a copy of
		sources  string // stored sources: path and forms
	}
	check := func(run string, paths []string, opt Options, w want) {
		t.Helper()
		sum, err := Import(ctx, db, paths, opt)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range sum.Files {
			s := filepath.Base(f.Path) + " " + f.Status
			if f.CopyOf != "" {
				s += " of " + filepath.Base(f.CopyOf)
			}
			got = append(got, s)
		}
		if g := strings.Join(got, ", "); g != w.statuses {
			t.Errorf("%s: %s, want %s", run, g, w.statuses)
		}
		_, rows, err := db.Query(ctx, "SELECT path, forms FROM sources ORDER BY path")
		if err != nil {
			t.Fatal(err)
		}
		var sources []string
		for _, r := range rows {
			sources = append(sources, filepath.Base(*r[0])+" "+*r[1])
		}
		if stored := strings.Join(sources, ", "); stored != w.sources {
			t.Errorf("%s: sources %s, want %s", run, stored, w.sources)
		}
	}
	all := []string{dir}
	check("first run", all, Options{Jobs: 2}, want{"b.txt imported, c.txt unchanged of b.txt, d.txt imported", "b.txt 14, d.txt 2"})
	check("again", all, Options{Jobs: 2}, want{"b.txt unchanged, c.txt unchanged of b.txt, d.txt unchanged", "b.txt 14, d.txt 2"})
	check("--force", all, Options{Jobs: 2, Force: true}, want{"b.txt imported, c.txt unchanged of b.txt, d.txt imported", "b.txt 14, d.txt 2"})
	// A new path ahead in path order takes the forms over from d.txt,
	// which becomes its copy; imported alone, a copy leaves the path that
	// holds its content, outside the import, as it is.
	write("a.txt", two)
	check("a copy alone", []string{filepath.Join(dir, "a.txt")}, Options{}, want{"a.txt unchanged of d.txt", "b.txt 14, d.txt 2"})
	check("a new first path", all, Options{Jobs: 2}, want{"a.txt imported, b.txt unchanged, c.txt unchanged of b.txt, d.txt unchanged of a.txt", "a.txt 2, b.txt 14"})
	// b.txt changes to a.txt's content: it becomes a copy and loses its
	// rows, and c.txt, whose content no path holds now, is imported.
	write("b.txt", two)
	check("a holding path changed", all, Options{Jobs: 2}, want{"a.txt unchanged, b.txt unchanged of a.txt, c.txt imported, d.txt unchanged of a.txt", "a.txt 2, c.txt 14"})
	check("and again", all, Options{Jobs: 2}, want{"a.txt unchanged, b.txt unchanged of a.txt, c.txt unchanged, d.txt unchanged of a.txt", "a.txt 2, c.txt 14"})
}

// TestDatabaseInArchive: the database being written, kept in the archive's
// folder and named among the paths, is not imported, nor are its -wal and
// -shm; another SQLite file there fails as what it is.
func TestDatabaseInArchive(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, fixtures.Path("docs/seed-2024.txt"), filepath.Join(dir, "seed.txt"))
	path := filepath.Join(dir, "formaudit.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	otherPath := filepath.Join(t.TempDir(), "other.db")
	other, err := store.Open(otherPath)
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	copyFile(t, otherPath, filepath.Join(dir, "other.db"))
	if err := os.Symlink(path, filepath.Join(dir, "link.db")); err != nil {
		t.Fatal(err)
	}
	sum, err := Import(context.Background(), db, []string{dir, path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range sum.Files {
		got = append(got, filepath.Base(f.Path)+" "+string(f.Status))
	}
	slices.Sort(got)
	if want := []string{"other.db failed", "seed.txt imported"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if failed := sum.Failed(); len(failed) != 1 || !strings.Contains(failed[0].Err.Error(), "an SQLite database") {
		t.Errorf("failed: %v, want other.db as an SQLite database", failed)
	}
}

// TestPanickingExtractor fails only the file whose extractor panics.
func TestPanickingExtractor(t *testing.T) {
	saved := extractors[extract.FormatText]
	defer func() { extractors[extract.FormatText] = saved }()
	extractors[extract.FormatText] = func(ctx context.Context, data []byte, tpl *template.Template) (*extract.Document, error) {
		if strings.Contains(string(data), "BOOM") {
			panic("boom")
		}
		return saved(ctx, data, tpl)
	}
	dir := t.TempDir()
	copyFile(t, fixtures.Path("docs/seed-2024.txt"), filepath.Join(dir, "good.txt"))
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("BOOM 项目支出绩效自评表\n"), 0o644)
	db, _ := openDB(t)
	sum, err := Import(context.Background(), db, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	failed := sum.Failed()
	if len(failed) != 1 || filepath.Base(failed[0].Path) != "bad.txt" || !strings.Contains(failed[0].Err.Error(), "internal error") {
		t.Fatalf("failed: %v, want only bad.txt with an internal error", failed)
	}
	if got := count(t, db, "SELECT count(*) FROM forms"); got != "14" {
		t.Errorf("forms: %s, want the good file's 14", got)
	}
}

// TestSameRowsTwice imports the same archive into two databases, with one
// and two jobs, and expects the same rows.
func TestSameRowsTwice(t *testing.T) {
	dump := func(jobs int) string {
		db, _ := openDB(t)
		if _, err := Import(context.Background(), db, []string{fixtures.Path("docs")}, Options{Jobs: jobs}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, table := range []string{"forms", "funds", "goals", "indicators", "discrepancies"} {
			cols, rows, err := db.Query(context.Background(), "SELECT * FROM "+table+" ORDER BY 1, 2")
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, table, cols)
			for _, r := range rows {
				for _, c := range r {
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
	if a, b := dump(1), dump(2); a != b {
		t.Error("two imports of the same files stored different rows")
	}
}

// TestBlankHeaderFields blanks the code and the implementing unit of the
// seed's first form, leaving their labels: both are noted where they are
// printed, and no other form of the seed is.
func TestBlankHeaderFields(t *testing.T) {
	data, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	for i, cut := range map[int]string{1: "440300241113100001007 ", 2: "深圳市规划和自然\t资源数据管理中心"} {
		if !strings.Contains(lines[i], cut) {
			t.Fatalf("line %d of the seed no longer holds %q", i+1, cut)
		}
		lines[i] = strings.Replace(lines[i], cut, "", 1)
	}
	path := filepath.Join(t.TempDir(), "blank.txt")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := Process(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Forms) != 14 {
		t.Fatalf("got %d forms, want 14", len(doc.Forms))
	}
	for i, r := range doc.Results {
		got := map[string]int{}
		for _, f := range r.Findings {
			if f.Rule == score.RuleHeaderBlank {
				if f.Severity != score.Warning {
					t.Errorf("form %d: %s is a %v", i+1, f.Rule, f.Severity)
				}
				got[f.Field] = f.Line
			}
		}
		want := map[string]int{}
		if i == 0 {
			want = map[string]int{"项目编码": 2, "实施单位": 3}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("form %d: header.blank on %v, want %v", i+1, got, want)
		}
	}
	if f := doc.Forms[0]; f.ProjectCode != "" || f.ImplementingUnit != "" || f.ProjectName == "" {
		t.Errorf("form 1: code %q unit %q name %q, want the code and unit blank and the name read", f.ProjectCode, f.ImplementingUnit, f.ProjectName)
	}
}
