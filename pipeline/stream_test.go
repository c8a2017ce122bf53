package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
)

// bigForms is a file's forms that the writer takes while the worker is
// still making them: more than a worker makes ahead.
const bigForms = 3*streamAhead + 5

// archiveWithBig writes three one-form files and, first by name, one of
// bigForms forms, and returns their directory and the big file's path.
func archiveWithBig(t *testing.T) (dir, big string) {
	dir = writeArchive(t, 3, 1)
	src := filepath.Join(writeArchive(t, 1, bigForms), "f000.txt")
	big = filepath.Join(dir, "a-big.txt")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, big
}

// replaceCheck swaps the checking of a form for the test.
func replaceCheck(t *testing.T, check func(*normalize.Form) score.Result) {
	t.Helper()
	saved := checkForm
	checkForm = check
	t.Cleanup(func() { checkForm = saved })
}

// TestStreamedFile imports a file of more forms than a worker makes ahead
// of the writer, beside small ones: all its forms are stored, counted in
// sources and the summary, with the rows a one-job import stores.
func TestStreamedFile(t *testing.T) {
	dir, big := archiveWithBig(t)
	db, _ := openDB(t)
	sum, err := Import(context.Background(), db, []string{dir}, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if byStatus, forms, _, _ := sum.Count(); byStatus[StatusImported] != 4 || forms != bigForms+3 {
		t.Fatalf("got %v and %d forms, want 4 files imported with %d forms", byStatus, forms, bigForms+3)
	}
	want := strconv.Itoa(bigForms)
	if got := count(t, db, "SELECT forms || ' ' || (SELECT count(*) FROM forms f WHERE f.source_id = s.id) FROM sources s WHERE path = '"+big+"'"); got != want+" "+want {
		t.Errorf("sources.forms and stored forms of the big file: %s, want %s %s", got, want, want)
	}
	one, _ := openDB(t)
	if _, err := Import(context.Background(), one, []string{dir}, Options{Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	if a, b := dumpRows(t, db), dumpRows(t, one); a != b {
		t.Error("two jobs stored other rows than one")
	}
}

// TestCheckPanicMidFile panics while checking a form of the big file after
// the writer has stored some of its forms: the file fails with the panic
// as its error and none of its forms stay, while the other files import.
func TestCheckPanicMidFile(t *testing.T) {
	replaceCheck(t, func(f *normalize.Form) score.Result {
		if f.Seq == 2*streamAhead {
			panic("a form no check expected")
		}
		return score.Check(f)
	})
	dir, big := archiveWithBig(t)
	db, _ := openDB(t)
	sum, err := Import(context.Background(), db, []string{dir}, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	failed := sum.Failed()
	if len(failed) != 1 || failed[0].Path != big || !strings.Contains(failed[0].Err.Error(), "a form no check expected") {
		t.Fatalf("failed: %+v, want only %s with the panic", failed, big)
	}
	if byStatus, forms, _, _ := sum.Count(); byStatus[StatusImported] != 3 || forms != 3 {
		t.Errorf("got %v and %d forms, want the 3 small files' 3 forms", byStatus, forms)
	}
	if got := count(t, db, "SELECT status || ' ' || forms || ' ' || (SELECT count(*) FROM forms f WHERE f.source_id = s.id) FROM sources s WHERE path = '"+big+"'"); got != "failed 0 0" {
		t.Errorf("the big file's source, forms and stored forms: %s, want failed 0 0", got)
	}
	if msg := count(t, db, "SELECT error FROM sources WHERE path = '"+big+"'"); !strings.Contains(msg, "internal error while checking") {
		t.Errorf("stored error %q does not say the file failed while it was checked", msg)
	}
}

// TestInterruptMidStream interrupts the import while the writer stores the
// big file, the first: the file in hand is finished, all its forms, and
// the import stops after it.
func TestInterruptMidStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The worker makes streamAhead forms ahead at most, so by the
	// (streamAhead+8)th the writer has taken the big file.
	replaceCheck(t, func(f *normalize.Form) score.Result {
		if f.Seq == streamAhead+8 {
			cancel()
		}
		return score.Check(f)
	})
	dir, big := archiveWithBig(t)
	db, _ := openDB(t)
	sum, err := Import(ctx, db, []string{dir}, Options{Jobs: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want it to wrap context.Canceled", err)
	}
	if len(sum.Files) != 1 || sum.Files[0].Path != big || sum.Files[0].Forms != bigForms {
		t.Fatalf("files done: %+v, want only the big file with its %d forms", sum.Files, bigForms)
	}
	if got := count(t, db, "SELECT count(*) FROM forms"); got != strconv.Itoa(bigForms) {
		t.Errorf("forms stored: %s, want %d", got, bigForms)
	}
}
