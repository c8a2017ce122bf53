package extract

import (
	"math"
	"slices"

	"github.com/formaudit/formaudit/template"
	"github.com/mattn/go-runewidth"
)

// textShiftedPages moves onto the columns of an indicator table's header
// the cells of the table's lines on a later page, where pdftotext set them
// at other character offsets: it lays out each page on a character grid of
// its own, and a landscape form's table that runs on to the next page
// stands there narrower (weight and score at 61 and 69 under a header
// whose are at 116 and 127). Read under the header's columns, such a
// page's rows fall outside them and merge. The page's cells are mapped
// through the positions that both pages show: the 二级指标 labels, and the
// weight and score of each row, matched to where they stand on the
// header's page; between and beyond them, linearly.
//
// headers[i] reports whether items[i] is a table's header line (textHeader).
func textShiftedPages(items []pdfItem, headers []bool, t *template.Template, labels tableLabels) {
	// Labels are matched by key, not fuzzily: a fuzzy match a cell cost the
	// import of 5,000 pdftotext forms a tenth of its time, and a page whose
	// labels OCR garbled is still mapped by its weights and scores.
	level2Keys := map[string]bool{}
	for _, name := range t.Level2Names() {
		level2Keys[template.Key(name)] = true
	}
	for i := 0; i < len(items); i++ {
		it := items[i]
		if !headers[i] || !labels.indicatorHeader(it.cells) {
			continue
		}
		end := i + 1
		for end < len(items) && !items[end].ruled && !headers[end] && !textTitle(items[end], t) {
			end++
		}
		block := items[i+1 : end]
		ref := textPagePoints(block, it.page, level2Keys)
		if ref.weight < 0 {
			continue
		}
		for _, page := range textPages(block, it.page) {
			pts := textPagePoints(block, page, level2Keys)
			if pts.weight < 0 || math.Abs(pts.weight-ref.weight) <= 2 && math.Abs(pts.score-ref.score) <= 2 {
				continue
			}
			from, to := []float64{0}, []float64{0}
			if pts.level2 >= 0 && ref.level2 >= 0 {
				from, to = append(from, pts.level2), append(to, ref.level2)
			}
			from, to = append(from, pts.weight, pts.score), append(to, ref.weight, ref.score)
			if !slices.IsSorted(from) || !slices.IsSorted(to) || len(slices.Compact(slices.Clone(from))) < len(from) {
				continue
			}
			for k := range block {
				if block[k].page != page {
					continue
				}
				cells := slices.Clone(block[k].cells)
				for c := range cells {
					// Mapped onto the header's page, a character is as
					// wide as it is there: a part split off one space
					// after the part before it stands where that one ends.
					if cells[c].split && c > 0 {
						cells[c].x0 = cells[c-1].x1 + 1
					} else {
						cells[c].x0 = textMap(cells[c].x0, from, to)
					}
					cells[c].x1 = cells[c].x0 + float64(runewidth.StringWidth(cells[c].text))
				}
				block[k].cells = cells
			}
		}
	}
}

// textTitle reports a line pdfWhitespace takes for a form's title alone on
// its line (titleAlone).
func textTitle(it pdfItem, t *template.Template) bool {
	return len(it.cells) == 1 && titleAlone(Row{Cells: []Cell{{Text: it.cells[0].text}}}, t)
}

// textPages lists the pages of the lines other than page, in order.
func textPages(lines []pdfItem, page int) []int {
	var out []int
	for _, it := range lines {
		if it.page != page && !slices.Contains(out, it.page) {
			out = append(out, it.page)
		}
	}
	return out
}

// pagePoints are where the lines of one page put an indicator's weight
// and score and a 二级指标 label (the medians of their x), -1 where none.
type pagePoints struct {
	weight, score, level2 float64
}

// textPagePoints finds the pagePoints of the lines on page.
func textPagePoints(lines []pdfItem, page int, level2Keys map[string]bool) pagePoints {
	var weights, scores, level2 []float64
	for _, it := range lines {
		if it.page != page {
			continue
		}
		n := len(it.cells)
		if n >= 3 && scoreShape.MatchString(it.cells[n-1].text) && scoreShape.MatchString(it.cells[n-2].text) {
			weights, scores = append(weights, it.cells[n-2].x0), append(scores, it.cells[n-1].x0)
		}
		for _, c := range it.cells {
			if level2Keys[template.Key(c.text)] {
				level2 = append(level2, c.x0)
			}
		}
	}
	p := pagePoints{-1, -1, -1}
	if len(weights) > 0 {
		p.weight, p.score = median(weights), median(scores)
	}
	if len(level2) > 0 {
		p.level2 = median(level2)
	}
	return p
}

// textMap maps x through the points from → to, linearly between them and
// beyond the last along the last stretch.
func textMap(x float64, from, to []float64) float64 {
	k := 1
	for k < len(from)-1 && x > from[k] {
		k++
	}
	return to[k-1] + (x-from[k-1])*(to[k]-to[k-1])/(from[k]-from[k-1])
}
