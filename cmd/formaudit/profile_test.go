package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/pipeline"
)

// TestImportCPUProfile imports some 400 forms with --cpuprofile: the file is
// a gzipped profile whose samples carry the labels that tell the workers'
// time from the writer's. A profile path that cannot be created stops the
// import before the database is opened.
func TestImportCPUProfile(t *testing.T) {
	dir, _ := writeArchive(t, 40, 19)
	tmp := t.TempDir()
	prof := filepath.Join(tmp, "cpu.prof")
	code, _, errOut := formaudit(t, "import", "--db", filepath.Join(tmp, "a.db"), "--quiet", "--cpuprofile", prof, dir)
	if code != exitFailed { // the archive's three files that are not forms
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := os.Open(prof)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s is not a gzipped profile: %v", prof, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	// A profile keeps its strings, label keys and values among them, as they are.
	for _, s := range []string{"cpu", pipeline.ProfileLabel, "worker", "writer"} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("the profile lacks %q", s)
		}
	}

	db := filepath.Join(tmp, "b.db")
	code, _, errOut = formaudit(t, "import", "--db", db, "--cpuprofile", filepath.Join(tmp, "no", "such", "dir", "cpu.prof"), dir)
	if code != exitFatal || !strings.Contains(errOut, "--cpuprofile") {
		t.Errorf("unwritable --cpuprofile: exit %d, stderr %q; want exit %d naming the flag", code, errOut, exitFatal)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("an unwritable --cpuprofile left a database behind (%v)", err)
	}
}
