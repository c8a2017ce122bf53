package score_test

import (
	"os"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/template"
)

// BenchmarkCheck re-derives the scores of the seed's forms: the score stage
// of an import, reported per form.
func BenchmarkCheck(b *testing.B) {
	data, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		b.Fatal(err)
	}
	t := template.National()
	doc, err := extract.Text(data, t)
	if err != nil {
		b.Fatal(err)
	}
	forms := normalize.Batch(doc.Forms, normalize.Options{Template: t})
	for b.Loop() {
		for i := range forms {
			score.Check(&forms[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(forms)), "ns/form")
}
