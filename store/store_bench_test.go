package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
)

// BenchmarkSaveForms stores the seed's 14 forms as a new file per iteration,
// in one transaction as an import does: the store stage, reported per form.
func BenchmarkSaveForms(b *testing.B) {
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
	results := make([]score.Result, len(forms))
	for i := range forms {
		results[i] = score.Check(&forms[i])
	}
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	n := 0
	for b.Loop() {
		n++
		src := store.Source{Path: fmt.Sprintf("file-%d.txt", n), SHA256: fmt.Sprint(n), Format: "text", Size: int64(len(data))}
		if _, err := db.SaveForms(ctx, src, forms, results); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(forms)), "ns/form")
}
