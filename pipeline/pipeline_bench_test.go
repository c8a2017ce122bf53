package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/formaudit/formaudit/store"
)

// BenchmarkImport imports 20 text dumps of 5 varied forms into a new
// database per iteration, with 1 and 2 jobs: all stages together, reported
// per form, to set beside the per-stage benchmarks of extract, normalize,
// score and store.
func BenchmarkImport(b *testing.B) {
	dir := writeArchive(b, 20, 5)
	for _, jobs := range []int{1, 2} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			n := 0
			for b.Loop() {
				n++
				db, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", n)))
				if err != nil {
					b.Fatal(err)
				}
				sum, err := Import(context.Background(), db, []string{dir}, Options{Jobs: jobs})
				db.Close()
				if err != nil || len(sum.Failed()) > 0 {
					b.Fatalf("import: %v, %d failed", err, len(sum.Failed()))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/form")
		})
	}
}
