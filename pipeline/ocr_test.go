package pipeline

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
)

// TestOCRNotInstalled hides tesseract and pdftoppm: --ocr says which
// Debian packages to install, and so does each file that needs it.
func TestOCRNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	err := CheckOCR()
	if !errors.Is(err, ErrOCRMissing) || !strings.Contains(err.Error(), OCRInstallHint) {
		t.Fatalf("CheckOCR: %v, want ErrOCRMissing and %q", err, OCRInstallHint)
	}
	for _, want := range []string{"tesseract-ocr", "pdftoppm"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("CheckOCR: %v does not name %s", err, want)
		}
	}
	img := filepath.Join(t.TempDir(), "scan.png")
	if err := os.WriteFile(img, []byte("\x89PNG\r\n\x1a\nnot really"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Process(context.Background(), img, Options{OCR: true})
	if !errors.Is(err, ErrOCRMissing) || !strings.Contains(err.Error(), OCRInstallHint) {
		t.Errorf("an image with --ocr: %v", err)
	}
	doc, err := Process(context.Background(), img, Options{})
	if err == nil || !strings.Contains(err.Error(), "--ocr") || doc.Format != extract.FormatImage {
		t.Errorf("an image without --ocr: format %s, %v", doc.Format, err)
	}
}

func TestSplitTSVPages(t *testing.T) {
	head := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
	tsv := head +
		"1\t1\t0\t0\t0\t0\t0\t0\t100\t200\t-1\t\n5\t1\t1\t1\t1\t1\t10\t10\t20\t10\t90\t项目\n" +
		"1\t2\t0\t0\t0\t0\t0\t0\t100\t200\t-1\t\n5\t2\t1\t1\t1\t1\t10\t10\t20\t10\t90\t总分\n5\t2\t1\t1\t1\t2\t40\t10\t20\t10\t90\t100\n"
	pages, err := splitTSVPages([]byte(tsv))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[1].Number != 2 || len(pages[0].Words) != 1 || len(pages[1].Words) != 2 || pages[1].Words[1].Text != "100" {
		t.Errorf("pages %+v", pages)
	}
	if _, err := splitTSVPages([]byte(head)); err == nil {
		t.Error("a TSV without pages: no error")
	}
}

func TestTSVByImage(t *testing.T) {
	head := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
	// Three band images: the first read as 10, the second as nothing, the
	// third as 11,264,600.00.
	tsv := head +
		"1\t1\t0\t0\t0\t0\t0\t0\t60\t40\t-1\t\n5\t1\t1\t1\t1\t1\t10\t8\t30\t24\t93\t10\n" +
		"1\t2\t0\t0\t0\t0\t0\t0\t60\t40\t-1\t\n" +
		"1\t3\t0\t0\t0\t0\t0\t0\t200\t40\t-1\t\n5\t3\t1\t1\t1\t1\t10\t8\t180\t24\t91\t11,264,600.00\n"
	read, err := tsvByImage([]byte(tsv), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != 3 || len(read[0]) != 1 || read[0][0].Text != "10" || len(read[1]) != 0 || read[2][0].Text != "11,264,600.00" {
		t.Fatalf("read %+v", read)
	}
	// Boxes are turned y up in the band image: 8 from the top of 40 is 32 up.
	if w := read[0][0]; w.Y1 != 32 || w.Y0 != 8 || w.Conf != 93 {
		t.Errorf("word %+v, want y 8 to 32 and confidence 93", w)
	}
	if _, err := tsvByImage([]byte(head+"5\t4\t1\t1\t1\t1\t10\t8\t30\t24\t93\t10\n"), 3); err == nil || !strings.Contains(err.Error(), "want 1 to 3") {
		t.Errorf("an image number beyond the list: %v", err)
	}
}

// TestTIFFPageImages decodes the pages of the two-page scan of seed form 3
// as the second reading does; a count of pages read other than the file's
// is refused.
func TestTIFFPageImages(t *testing.T) {
	data, err := os.ReadFile(fixtures.Path("scan/images/seed-form3.tif"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tiffPageImages(data, 3); err == nil || !strings.Contains(err.Error(), "2 pages, of which tesseract read 3") {
		t.Errorf("3 pages read of 2: %v; want it refused", err)
	}
	images, err := tiffPageImages(data, 2)
	if err != nil || len(images) != 2 {
		t.Fatalf("tiffPageImages = %d pages, %v; want 2", len(images), err)
	}
	for k, decode := range images {
		img, err := decode()
		if err != nil {
			t.Fatalf("page %d: %v", k+1, err)
		}
		if got := img.Bounds(); got != image.Rect(0, 0, 2481, 3508) {
			t.Errorf("page %d: %v; want A4 at 300 dpi, 2481×3508", k+1, got)
		}
	}
}

// TestAbandonedOCRStopped checks that a file abandoned past --file-timeout
// takes its OCR down with it: the tesseract it is waiting for is killed,
// not left to run on a core the import needs. The tesseract here is a
// script that sleeps.
func TestAbandonedOCRStopped(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc to look for the process in")
	}
	bin := t.TempDir()
	pidFile := filepath.Join(t.TempDir(), "pid")
	script := "#!/bin/sh\nif [ \"$1\" = --list-langs ]; then echo chi_sim; exit 0; fi\necho $$ > " + pidFile + "\nexec sleep 30\n"
	if err := os.WriteFile(filepath.Join(bin, "tesseract"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	var scan bytes.Buffer
	if err := png.Encode(&scan, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	img := filepath.Join(t.TempDir(), "scan.png")
	if err := os.WriteFile(img, scan.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Process(context.Background(), img, Options{OCR: true, FileTimeout: time.Second})
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("Process: %v, want the per-file time limit", err)
	}
	pid, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the fake tesseract never ran: %v", err)
	}
	// Killed processes are reaped by the abandoned reader's Wait; give it
	// a moment, then the process must be gone.
	proc := "/proc/" + strings.TrimSpace(string(pid))
	for range 50 {
		if _, err := os.Stat(proc); os.IsNotExist(err) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("tesseract (pid %s) still runs after its file was abandoned", strings.TrimSpace(string(pid)))
}
