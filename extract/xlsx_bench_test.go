package extract_test

import (
	"os"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/template"
)

// benchWorkbooks are the seed's forms as workbooks: one form per sheet, and
// all forms stacked on one sheet.
var benchWorkbooks = []string{"seed-sheets", "seed-stacked"}

// BenchmarkExtractXLSX reads a workbook per iteration: the extract stage of
// an import for workbooks, reported per form.
func BenchmarkExtractXLSX(b *testing.B) {
	for _, name := range benchWorkbooks {
		b.Run(name, func(b *testing.B) {
			benchExtract(b, "docs/xlsx/"+name+".xlsx", false, extract.XLSX)
		})
	}
}

// BenchmarkExtractXLSXParallel reads the same workbooks from as many
// goroutines as GOMAXPROCS, as an import with that many jobs does: set
// beside BenchmarkExtractXLSX, its ns/form shows how reading scales.
func BenchmarkExtractXLSXParallel(b *testing.B) {
	t := template.National()
	for _, name := range benchWorkbooks {
		b.Run(name, func(b *testing.B) {
			data, err := os.ReadFile(fixtures.Path("docs/xlsx/" + name + ".xlsx"))
			if err != nil {
				b.Fatal(err)
			}
			doc, err := extract.XLSX(data, t)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := extract.XLSX(data, t); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(doc.Forms)), "ns/form")
		})
	}
}

// BenchmarkExtractDOCX reads the stacked seed workbook saved as a Word
// document, beside BenchmarkExtractXLSX/seed-stacked: the same forms and
// cells, reported per form.
func BenchmarkExtractDOCX(b *testing.B) {
	benchExtract(b, "docs/docx/seed-stacked.docx", false, func(data []byte, t *template.Template) (*extract.Document, error) {
		return extract.Limits{}.DOCX(b.Context(), data, t)
	})
}
