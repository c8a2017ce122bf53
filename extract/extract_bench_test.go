package extract_test

import (
	"os"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/template"
)

// benchExtract reads one fixture file per iteration and reports the time per
// form and, for paged documents, per page: the extract stage of an import.
func benchExtract(b *testing.B, name string, paged bool, read func([]byte, *template.Template) (*extract.Document, error)) {
	data, err := os.ReadFile(fixtures.Path(name))
	if err != nil {
		b.Skipf("fixture %s: %v", name, err)
	}
	t := template.National()
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

func BenchmarkExtractPDF(b *testing.B) {
	benchExtract(b, "docs/pdf/seed-serif-portrait.pdf", true, extract.PDF)
}
