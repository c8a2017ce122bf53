package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/pipeline"
)

// TestImportOCRNotInstalled runs import --ocr with a PATH that holds no
// tesseract: it stops before reading anything and says which Debian
// packages to install. Without --ocr the same scan fails on its own and
// says to use --ocr.
func TestImportOCRNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	db := filepath.Join(t.TempDir(), "a.db")
	scan := fixtures.Path("scan/images/seed-form1.jpg")
	code, _, errOut := formaudit(t, "import", "--db", db, "--ocr", scan)
	if code != exitFatal || !strings.Contains(errOut, pipeline.OCRInstallHint) {
		t.Errorf("--ocr without tesseract: exit %d, stderr %q; want %d and the install hint", code, errOut, exitFatal)
	}
	code, _, errOut = formaudit(t, "import", "--db", db, scan)
	if code != exitFailed || !strings.Contains(errOut, "--ocr") {
		t.Errorf("an image without --ocr: exit %d, stderr %q; want %d and a pointer to --ocr", code, errOut, exitFailed)
	}
}
