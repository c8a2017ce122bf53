package normalize_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/template"
)

// TestStreamDropsRaws reads fixtures whose forms are checked against each
// other (codes cut short, OCR debris on codes, units repaired to their
// siblings' spelling, years taken from the file) and clears each raw form
// as soon as Stream yields it, as an import does: the forms must equal
// Batch's of an untouched copy, so nothing of a yielded form's raw record
// is read again.
func TestStreamDropsRaws(t *testing.T) {
	across := 0
	for _, path := range append([]string{fixtures.Path("docs/seed-2024.txt")}, scans(t)...) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			doc := read(t, path)
			want := normalize.Batch(append([]extract.RawForm(nil), doc.Forms...), normalize.Options{})
			raws := doc.Forms
			var got []normalize.Form
			for i, f := range normalize.Stream(raws, normalize.Options{}) {
				raws[i] = extract.RawForm{}
				got = append(got, f)
			}
			if len(got) != len(want) {
				t.Fatalf("Stream yielded %d forms, Batch made %d", len(got), len(want))
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("form %d differs from Batch's:\n got %+v\nwant %+v", want[i].Seq, got[i], want[i])
				}
				for _, n := range want[i].Notes {
					if strings.HasPrefix(n.Code, "header.") {
						across++
					}
				}
			}
		})
	}
	if across == 0 {
		t.Error("no form has a note of the checks across forms: the test checks nothing they do")
	}
}

// TestBatchSameTwice normalises the OCR fixtures, whose checks across a
// form's fields order their notes, again and again: an import run twice
// must store the same rows, so the notes must come out in one order.
func TestBatchSameTwice(t *testing.T) {
	for _, path := range scans(t) {
		doc := read(t, path)
		first := normalize.Batch(doc.Forms, normalize.Options{})
		for range 4 {
			again := normalize.Batch(doc.Forms, normalize.Options{})
			for i := range first {
				if !reflect.DeepEqual(first[i].Notes, again[i].Notes) {
					t.Fatalf("%s form %d: notes in another order on another run", filepath.Base(path), first[i].Seq)
				}
			}
		}
	}
}

// scans are the OCR fixtures: PDFs with a text layer and tesseract's text.
func scans(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(fixtures.Path("scan/docs/*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no OCR fixtures: %v", err)
	}
	return paths
}

// read extracts a text dump or a PDF with the national template.
func read(t *testing.T, path string) *extract.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	read := extract.Text
	if strings.HasSuffix(path, ".pdf") {
		read = extract.PDF
	}
	doc, err := read(data, template.National())
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
