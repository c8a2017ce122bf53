package extract

import (
	"reflect"
	"testing"
)

// TestTextSplitCell checks where a cell of `pdftotext -layout` text is
// split, and that a part after the first starts where the text before it
// ends when printed (a Chinese character two columns wide).
func TestTextSplitCell(t *testing.T) {
	for _, c := range []struct {
		text  string
		texts []string
		x0s   []float64
	}{
		{"社会效益指标 足额保障率", []string{"社会效益指标", "足额保障率"}, []float64{10, 23}},
		{"19.59 个别人员参保延后", []string{"19.59", "个别人员参保延后"}, []float64{10, 16}},
		{"Sichuan form", []string{"Sichuan form"}, []float64{10}},
		{"20 —", []string{"20 —"}, []float64{10}},
	} {
		got := textSplitCell(Cell{Text: c.text, X: 10})
		var x0s []float64
		for _, p := range got {
			x0s = append(x0s, p.x0)
		}
		if texts := pdfCellTexts(got); !reflect.DeepEqual(texts, c.texts) || !reflect.DeepEqual(x0s, c.x0s) {
			t.Errorf("%q: got %q at %v, want %q at %v", c.text, texts, x0s, c.texts, c.x0s)
		}
	}
}
