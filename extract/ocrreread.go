package extract

import (
	"image"
	"image/color"
	"math"
	"regexp"
	"strings"
)

// A general OCR pass over a whole page reads tables badly: its page
// layout drops many lone numbers in ruled cells, and its Chinese model
// reads a lone 5 as 本. The numbers are read a second time, column by
// column: the layout of the first reading says where the numeric columns
// of the funds and indicator tables stand (Document.OCRStrips); each
// column is cut from the page image, cleaned of its ruling lines and split
// into its lines of print (OCRBands), which an engine reads one at a time
// with digits only; and those readings replace the first reading's words
// where they stand (MergeOCRBands).

// OCRStrip is a numeric column of a table on one page, in the coordinates
// of the printed page (the scan turned back by its skew).
type OCRStrip struct {
	Page           int // the OCRPage's Number
	X0, Y0, X1, Y1 float64
	em             float64
	frame          ocrFrame
}

// OCRBand is one line of print in a strip, cut from the page image and
// cleaned of ruling lines: black print on white.
type OCRBand struct {
	Image *image.Gray
	strip OCRStrip
	// Where the image's top left corner stands on the printed page, and
	// its pixels per page unit.
	x0, top, scale float64
}

// Bounds on the second reading: a strip or band larger than any form
// prints is not read again.
const (
	ocrMaxStripPixels = 4000 * 6000
	ocrMaxBands       = 400
)

// OCRBands cuts the lines of print out of the strips of one page; img is
// the scan of page. A page image whose shape is not the page's is not cut.
func OCRBands(img image.Image, page OCRPage, strips []OCRStrip) []OCRBand {
	b := img.Bounds()
	if page.Width <= 0 || page.Height <= 0 || b.Dx() == 0 {
		return nil
	}
	scale := float64(b.Dx()) / page.Width
	if math.Abs(float64(b.Dy())/scale-page.Height) > 0.01*page.Height {
		return nil
	}
	var bands []OCRBand
	for _, s := range strips {
		if s.Page != page.Number {
			continue
		}
		w, h := int(math.Ceil((s.X1-s.X0)*scale)), int(math.Ceil((s.Y1-s.Y0)*scale))
		if w <= 0 || h <= 0 || w*h > ocrMaxStripPixels {
			continue
		}
		// The strip as printed: each pixel taken from where it stands on
		// the scan.
		grey := make([]uint8, w*h)
		for j := 0; j < h; j++ {
			for i := 0; i < w; i++ {
				sx, sy := s.frame.scanned(s.X0+(float64(i)+0.5)/scale, s.Y1-(float64(j)+0.5)/scale)
				grey[j*w+i] = greyAt(img, b.Min.X+int(sx*scale), b.Min.Y+int((page.Height-sy)*scale))
			}
		}
		ink := ocrInk(grey, otsu(grey))
		ocrClearRules(ink, w, h, int(1.2*s.em*scale))
		for _, r := range ocrLinesOfPrint(ink, w, h, s.em*scale) {
			if len(bands) == ocrMaxBands {
				return bands
			}
			pad := int(0.3 * s.em * scale)
			band := image.NewGray(image.Rect(0, 0, r.Dx()+2*pad, r.Dy()+2*pad))
			for k := range band.Pix {
				band.Pix[k] = 255
			}
			for j := r.Min.Y; j < r.Max.Y; j++ {
				for i := r.Min.X; i < r.Max.X; i++ {
					if ink[j*w+i] {
						band.Pix[(j-r.Min.Y+pad)*band.Stride+i-r.Min.X+pad] = 0
					}
				}
			}
			bands = append(bands, OCRBand{Image: band, strip: s,
				x0: s.X0 + float64(r.Min.X-pad)/scale, top: s.Y1 - float64(r.Min.Y-pad)/scale, scale: scale})
		}
	}
	return bands
}

// greyAt is the grey level of a pixel, white outside the image.
func greyAt(img image.Image, x, y int) uint8 {
	if !image.Pt(x, y).In(img.Bounds()) {
		return 255
	}
	if g, ok := img.(*image.Gray); ok {
		return g.GrayAt(x, y).Y
	}
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
}

// otsu is the grey level that best splits print from paper.
func otsu(grey []uint8) uint8 {
	var hist [256]float64
	for _, v := range grey {
		hist[v]++
	}
	total, sum := float64(len(grey)), 0.0
	for v, n := range hist {
		sum += float64(v) * n
	}
	best, at, below, sumBelow := -1.0, uint8(128), 0.0, 0.0
	for v := 0; v < 256; v++ {
		below += hist[v]
		sumBelow += float64(v) * hist[v]
		above := total - below
		if below == 0 || above == 0 {
			continue
		}
		d := sumBelow/below - (sum-sumBelow)/above
		if between := below * above * d * d; between > best {
			best, at = between, uint8(v)
		}
	}
	return at
}

func ocrInk(grey []uint8, threshold uint8) []bool {
	ink := make([]bool, len(grey))
	for k, v := range grey {
		ink[k] = v <= threshold
	}
	return ink
}

// ocrClearRules clears the ruling lines from a strip: runs of ink longer
// than any stroke of a character, across or down, counted over the specks
// of paper a scan leaves in them, and the ragged pixel beside them. Lines
// of a scan turned by half a degree still run straight for hundreds of
// pixels.
func ocrClearRules(ink []bool, w, h, long int) {
	const specks = 3 // paper pixels a run of ink may cross
	long = max(long, 8)
	rule := make([]bool, len(ink))
	// scan walks n pixels from start by step, and marks the runs of ink
	// longer than long, with the pixels either side of them across (by
	// side, where next says there is one), as rule.
	scan := func(start, n, step, side int, next func(at, d int) bool) {
		from, last, paper := -1, -1, 0
		flush := func() {
			if from >= 0 && last-from+1 >= long {
				for k := from; k <= last; k++ {
					at := start + k*step
					for _, d := range []int{-side, 0, side} {
						if next(at, d) {
							rule[at+d] = true
						}
					}
				}
			}
			from, paper = -1, 0
		}
		for k := 0; k < n; k++ {
			if ink[start+k*step] {
				if from < 0 {
					from = k
				}
				last, paper = k, 0
				continue
			}
			if from >= 0 {
				if paper++; paper > specks {
					flush()
				}
			}
		}
		flush()
	}
	across := func(at, d int) bool { return at+d >= 0 && at+d < len(ink) }
	down := func(at, d int) bool { return (at+d)/w == at/w && at+d >= 0 }
	for j := 0; j < h; j++ {
		scan(j*w, w, 1, w, across)
	}
	for i := 0; i < w; i++ {
		scan(i, h, w, 1, down)
	}
	for k, r := range rule {
		if r {
			ink[k] = false
		}
	}
}

// ocrLinesOfPrint finds the lines of print in a strip cleaned of rules:
// rows of ink separated by blank rows, too tall to be specks, with the
// columns their ink spans.
func ocrLinesOfPrint(ink []bool, w, h int, em float64) []image.Rectangle {
	rows := make([]int, h)
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			if ink[j*w+i] {
				rows[j]++
			}
		}
	}
	// A thin stroke may join the parts of a digit (the stem of a 5):
	// blank rows inside a character are few.
	gap, tall := int(0.25*em), int(0.3*em)
	var out []image.Rectangle
	for j := 0; j < h; {
		if rows[j] == 0 {
			j++
			continue
		}
		from, to := j, j
		for k := j; k < h && k-to <= gap+1; k++ {
			if rows[k] > 0 {
				to = k
			}
		}
		j = to + 1
		if to-from+1 < tall {
			continue
		}
		x0, x1 := w, -1
		for y := from; y <= to; y++ {
			for i := 0; i < w; i++ {
				if ink[y*w+i] {
					x0, x1 = min(x0, i), max(x1, i)
				}
			}
		}
		out = append(out, image.Rect(x0, from, x1+1, to+1))
	}
	return out
}

// ocrPlainNumber is a number as printed with no damage.
var ocrPlainNumber = regexp.MustCompile(`^-?[0-9][0-9,]*(\.[0-9]+)?%?$`)

// MergeOCRBands puts what an engine read in each band (words in the band
// image's pixels, y up, as ParseTesseractTSV gives them) in place of the
// words of the first reading that stand there. A band the engine read
// nothing in keeps the first reading. Where both readings are clean
// numbers and differ, the word keeps the other reading, which makes it
// doubtful.
func MergeOCRBands(pages []OCRPage, bands []OCRBand, read [][]OCRWord) []OCRPage {
	out := make([]OCRPage, len(pages))
	for i, p := range pages {
		out[i] = p
		out[i].Words = append([]OCRWord(nil), p.Words...)
		line := 0
		for _, w := range p.Words {
			line = max(line, w.Line)
		}
		for k, b := range bands {
			if b.strip.Page != p.Number || k >= len(read) || len(read[k]) == 0 {
				continue
			}
			s, h := b.strip, float64(b.Image.Bounds().Dy())
			bottom := b.top - h/b.scale
			var replaced []string
			kept := out[i].Words[:0]
			for _, w := range out[i].Words {
				x, y := s.frame.upright((w.X0+w.X1)/2, (w.Y0+w.Y1)/2)
				if x >= s.X0 && x <= s.X1 && y >= bottom && y <= b.top {
					replaced = append(replaced, w.Text)
					continue
				}
				kept = append(kept, w)
			}
			out[i].Words = kept
			line++
			var texts []string
			for _, w := range read[k] {
				texts = append(texts, w.Text)
			}
			other := ""
			if old, now := strings.Join(replaced, ""), strings.Join(texts, ""); ocrPlainNumber.MatchString(old) && ocrPlainNumber.MatchString(now) &&
				strings.ReplaceAll(old, ",", "") != strings.ReplaceAll(now, ",", "") {
				other = old
			}
			for _, w := range read[k] {
				x0, y0 := s.frame.scanned(b.x0+w.X0/b.scale, bottom+w.Y0/b.scale)
				x1, y1 := s.frame.scanned(b.x0+w.X1/b.scale, bottom+w.Y1/b.scale)
				out[i].Words = append(out[i].Words, OCRWord{Text: w.Text, X0: x0, Y0: y0, X1: x1, Y1: y1, Conf: w.Conf, Line: line, Other: other})
			}
		}
	}
	return out
}
