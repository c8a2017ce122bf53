package extract

import (
	"os"
	"os/exec"
	"testing"

	"github.com/formaudit/formaudit/extract/pdfwalk"
	"github.com/formaudit/formaudit/template"
)

// benchPDF is the stacked landscape printing of the 14 seed forms: 28
// pages whose tables cross page breaks.
const benchPDF = "../fixtures/docs/pdf/seed-sans-landscape.pdf"

// BenchmarkPDF measures PDF extraction per page, and pdftotext -layout on
// the same file for comparison (skipped where poppler-utils is missing).
func BenchmarkPDF(b *testing.B) {
	data, err := os.ReadFile(benchPDF)
	if err != nil {
		b.Fatal(err)
	}
	d, err := pdfwalk.Open(data)
	if err != nil {
		b.Fatal(err)
	}
	pages := float64(d.NumPages())
	t := template.National()
	b.Run("formaudit", func(b *testing.B) {
		for b.Loop() {
			if _, err := PDF(data, t); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/pages/1e6, "ms/page")
	})
	b.Run("pdftotext-layout", func(b *testing.B) {
		if _, err := exec.LookPath("pdftotext"); err != nil {
			b.Skip("pdftotext is not installed")
		}
		for b.Loop() {
			if err := exec.Command("pdftotext", "-layout", benchPDF, os.DevNull).Run(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/pages/1e6, "ms/page")
	})
}
