package normalize_test

import (
	"os"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/template"
)

// BenchmarkNormalize types and repairs the seed's raw forms: the normalise
// stage of an import, reported per form.
func BenchmarkNormalize(b *testing.B) {
	data, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		b.Fatal(err)
	}
	t := template.National()
	doc, err := extract.Text(data, t)
	if err != nil {
		b.Fatal(err)
	}
	opt := normalize.Options{Template: t}
	for b.Loop() {
		if forms := normalize.Batch(doc.Forms, opt); len(forms) != len(doc.Forms) {
			b.Fatalf("%d forms from %d", len(forms), len(doc.Forms))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(doc.Forms)), "ns/form")
}
