package extract

import (
	"image"
	"math"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// scanImage draws the synthetic scan at scale pixels a point: strokes of
// ink over every word's box, as thin as a character's and as tall, turned
// with the page as scanPage turns the words, and ruling lines across and
// down the indicator table.
func scanImage(p OCRPage, angle, scale float64) *image.Gray {
	w, h := int(p.Width*scale), int(p.Height*scale)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for k := range img.Pix {
		img.Pix[k] = 255
	}
	sin, cos := math.Sincos(angle * math.Pi / 180)
	// ink paints the printed-page point (x, y) where the scan shows it.
	ink := func(x, y float64) {
		cx, cy := x-p.Width/2, y-p.Height/2
		sx, sy := p.Width/2+cx*cos-cy*sin, p.Height/2+cx*sin+cy*cos
		px, py := int(sx*scale), int((p.Height-sy)*scale)
		if image.Pt(px, py).In(img.Bounds()) {
			img.Pix[py*img.Stride+px] = 0
		}
	}
	step := 1 / (2 * scale)
	for _, sw := range scanPageWords() {
		for x := sw.x; x < sw.x+wordWidth(sw.text); x += step {
			if math.Mod(x-sw.x, 2) >= 0.5 {
				continue
			}
			for y := sw.y; y < sw.y+6; y += step {
				ink(x, y)
			}
		}
	}
	for _, y := range []float64{570, 556, 538, 518} {
		for x := 50.0; x < 500; x += step {
			for d := 0.0; d < 0.75; d += step {
				ink(x, y+d)
			}
		}
	}
	for _, x := range []float64{372, 402, 432} {
		for y := 450.0; y < 590; y += step {
			for d := 0.0; d < 0.75; d += step {
				ink(x+d, y)
			}
		}
	}
	return img
}

func TestOCRStripsAndBands(t *testing.T) {
	const angle, scale = 0.5, 4
	page := scanPage(angle)
	first, err := OCR([]OCRPage{page}, template.National())
	if err != nil {
		t.Fatal(err)
	}
	strips := first.OCRStrips
	// Six numeric columns of the funds table, two of the indicator table.
	if len(strips) != 8 {
		t.Fatalf("%d strips, want 8: %+v", len(strips), strips)
	}
	covers := func(x, y float64) bool {
		for _, s := range strips {
			if x >= s.X0 && x <= s.X1 && y >= s.Y0 && y <= s.Y1 {
				return true
			}
		}
		return false
	}
	for _, at := range [][2]float64{{225, 693}, {285, 693}, {345, 693}, {390, 693}, {420, 693}, {465, 693}, {388, 563}, {418, 547}, {418, 465}} {
		if !covers(at[0], at[1]) {
			t.Errorf("no strip covers the number at %v", at)
		}
	}
	if covers(120, 563) || covers(250, 563) {
		t.Errorf("a strip covers a text column of the indicator table: %+v", strips)
	}

	bands := OCRBands(scanImage(page, angle, scale), page, strips)
	// Every number of the tables is a band of its own, cleared of the
	// rules: a band no taller than a line of print.
	numbers := 0
	for _, sw := range scanPageWords() {
		if ocrPlainNumber.MatchString(sw.text) || sw.text == "2OO.00" || sw.text == "9O" || sw.text == "2O" || sw.text == "180.00|" {
			if covers(sw.x+wordWidth(sw.text)/2, sw.y+3) {
				numbers++
			}
		}
	}
	if len(bands) != numbers {
		t.Errorf("%d bands, want one for each of the %d numbers", len(bands), numbers)
	}
	for k, b := range bands {
		if h := float64(b.Image.Bounds().Dy()) / scale; h > 14 {
			t.Errorf("band %d is %.1f points tall: a rule was left in it", k, h)
		}
	}

	// What a second reading gives replaces the first where it stands.
	read := make([][]OCRWord, len(bands))
	for k, b := range bands {
		x := b.x0 + float64(b.Image.Bounds().Dx())/scale/2
		y := b.top - float64(b.Image.Bounds().Dy())/scale/2
		text := ""
		switch {
		case math.Abs(y-547) < 4 && x > 402 && x < 432: // 2O, the score of 合格率
			text = "20"
		case math.Abs(y-563) < 4 && x > 402 && x < 432: // 30, the score of 完成数量
			text = "80"
		case math.Abs(y-693) < 4 && x > 255 && x < 315: // 2OO.00, the budget
			text = "200.00"
		default:
			continue
		}
		bw, bh := float64(b.Image.Bounds().Dx()), float64(b.Image.Bounds().Dy())
		read[k] = []OCRWord{{Text: text, X0: bw * 0.2, X1: bw * 0.8, Y0: bh * 0.2, Y1: bh * 0.8, Conf: 96, Line: 1}}
	}
	merged := MergeOCRBands([]OCRPage{page}, bands, read)
	doc, err := OCR(merged, template.National())
	if err != nil {
		t.Fatal(err)
	}
	f := doc.Forms[0]
	if got := f.Funds[0].Values[1]; got != "200.00" {
		t.Errorf("budget %q, want the second reading 200.00", got)
	}
	scores := map[string]string{}
	for _, in := range f.Indicators {
		scores[in.Name] = in.Score
	}
	if scores["合格率"] != "20" || scores["完成数量"] != "80" {
		t.Errorf("scores %v, want 合格率 20 and 完成数量 80 from the second reading", scores)
	}
	// Two clean readings that differ leave the cell in doubt with both.
	var doubt *OCRDoubt
	for i, d := range f.Doubts {
		if d.Word == "80" {
			doubt = &f.Doubts[i]
		}
	}
	if doubt == nil || doubt.Other != "30" {
		t.Errorf("doubts %+v, want 80 in doubt with the other reading 30", f.Doubts)
	}
	for _, d := range f.Doubts {
		if d.Word == "20" || d.Word == "200.00" {
			t.Errorf("doubt %+v: a damaged first reading puts no clean second one in doubt", d)
		}
	}
}

func TestOCRBandsWrongShape(t *testing.T) {
	page := scanPage(0)
	first, err := OCR([]OCRPage{page}, template.National())
	if err != nil {
		t.Fatal(err)
	}
	strips := first.OCRStrips
	// A landscape image for a portrait page is not this page's scan.
	img := image.NewGray(image.Rect(0, 0, 842, 595))
	if bands := OCRBands(img, page, strips); len(bands) != 0 {
		t.Errorf("%d bands from an image of another shape, want none", len(bands))
	}
}
