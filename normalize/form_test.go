package normalize

import (
	"testing"

	"github.com/formaudit/formaudit/extract"
)

func TestPageOf(t *testing.T) {
	// A form on lines 10-40 over pages 3 (lines 10-19), 4 (20-33) and 6
	// (34-40): page 5 held none of its lines.
	paged := Form{LineFrom: 10, LineTo: 40, PageFrom: 3, PageTo: 6,
		PageStarts: []extract.PageStart{{Page: 3, Line: 10}, {Page: 4, Line: 20}, {Page: 6, Line: 34}}}
	sheet := paged
	sheet.Sheet = "表1"
	for _, tt := range []struct {
		name string
		f    Form
		line int
		want int
	}{
		{"first line", paged, 10, 3},
		{"last line of a page", paged, 19, 3},
		{"first line of the next", paged, 20, 4},
		{"after a page without lines", paged, 34, 6},
		{"last line", paged, 40, 6},
		{"before the form", paged, 9, 0},
		{"after the form", paged, 41, 0},
		{"no line", paged, 0, 0},
		{"a workbook's sheet", sheet, 20, 0},
		{"no pages known", Form{LineFrom: 1, LineTo: 5}, 3, 0},
	} {
		if got := tt.f.PageOf(tt.line); got != tt.want {
			t.Errorf("%s: PageOf(%d) = %d, want %d", tt.name, tt.line, got, tt.want)
		}
	}
}
