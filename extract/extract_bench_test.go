package extract_test

import (
	"os"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/template"
)

// benchExtract reads one fixture file per iteration with the national
// template and reports the time per form and, for paged documents, per page:
// the extract stage of an import given --template.
func benchExtract(b *testing.B, name string, paged bool, read func([]byte, *template.Template) (*extract.Document, error)) {
	benchExtractWith(b, template.National(), name, paged, read)
}

// benchExtractWith is benchExtract with template t.
func benchExtractWith(b *testing.B, t *template.Template, name string, paged bool, read func([]byte, *template.Template) (*extract.Document, error)) {
	data, err := os.ReadFile(fixtures.Path(name))
	if err != nil {
		b.Skipf("fixture %s: %v", name, err)
	}
	doc, err := read(data, t)
	if err != nil {
		b.Fatal(err)
	}
	pages := 0
	if paged {
		for _, f := range doc.Forms {
			pages = max(pages, f.PageTo)
		}
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := read(data, t); err != nil {
			b.Fatal(err)
		}
	}
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(per/float64(len(doc.Forms)), "ns/form")
	if pages > 0 {
		b.ReportMetric(per/float64(pages), "ns/page")
	}
}

func BenchmarkExtractText(b *testing.B) {
	benchExtract(b, "docs/seed-2024.txt", false, extract.Text)
}

// BenchmarkExtractTextBuiltin reads the seed as an import without
// --template does: each form with the built-in template it fits, which
// costs BenchmarkExtractText's reading and the choosing.
func BenchmarkExtractTextBuiltin(b *testing.B) {
	t, err := template.Default()
	if err != nil {
		b.Fatal(err)
	}
	benchExtractWith(b, t, "docs/seed-2024.txt", false, extract.Text)
}

// BenchmarkExtractTextAligned reads poppler's text of the seed's PDF
// (pdftotext -layout), whose columns are found from the spaces between
// cells, form by form.
func BenchmarkExtractTextAligned(b *testing.B) {
	benchExtract(b, "truth/pdf/seed-serif-portrait.pdftotext.txt", true, extract.Text)
}

func BenchmarkExtractPDF(b *testing.B) {
	benchExtract(b, "docs/pdf/seed-serif-portrait.pdf", true, extract.PDF)
}
