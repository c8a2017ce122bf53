package extract

import (
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// FuzzPDF runs whole files through the PDF extractor; it must end in forms
// or an error, never in a panic of its own code. The seeds are small hand-made
// forms: the LibreOffice fixtures carry 90 KB of fonts that only slow the
// fuzzer down (TestPDFMutations damages those).
func FuzzPDF(f *testing.F) {
	f.Add(smallForm(false))
	f.Add(smallForm(true))
	t := template.National()
	f.Fuzz(func(tt *testing.T, data []byte) {
		_, err := PDF(data, t)
		if err != nil && strings.Contains(err.Error(), "internal error") {
			tt.Fatal(err)
		}
	})
}
