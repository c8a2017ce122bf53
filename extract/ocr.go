package extract

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/formaudit/formaudit/extract/pdfwalk"
	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/template"
)

// OCRWord is one word an OCR engine read, with its box on the page.
type OCRWord struct {
	Text           string
	X0, Y0, X1, Y1 float64 // box in page space: origin bottom left, y up
	Conf           float64 // the engine's confidence, 0–100; -1 when it did not say (a PDF text layer)
	Line           int     // the engine's line, numbered from 1 on each page; words of one line show the skew
	Other          string  // a different number another reading of the same place gave, which puts this one in doubt
}

// OCRPage is what OCR read on one page.
type OCRPage struct {
	Number        int // 1-based
	Width, Height float64
	Words         []OCRWord
}

// LowConfidence is the confidence below which an OCR word is doubtful:
// tesseract gives misread digits 40–80 and clean ones above 85.
const LowConfidence = 80

// OCR reads the forms on pages that an OCR engine read. Tables are rebuilt
// from where the words stand, since OCR keeps no ruling lines: columns are
// learnt from the table headers, found by fuzzy matching, and rows from
// the lines that hold numbers. The forms are marked OCR, and words read
// with low confidence are listed with them.
func OCR(pages []OCRPage, t *template.Template) (*Document, error) {
	doc, _, err := readOCR(pages, t)
	return doc, err
}

// readOCR is OCR, also returning the rows the forms were read from.
func readOCR(pages []OCRPage, t *template.Template) (*Document, []Row, error) {
	l := ocrLayoutPages(pages, t)
	doc := &Document{Format: FormatImage, OCRPages: pages, OCRStrips: l.strips}
	doc.Forms = FormsFromRows(l.rows, t)
	if len(doc.Forms) == 0 {
		words := 0
		for _, p := range pages {
			words += len(p.Words)
		}
		return doc, l.rows, fmt.Errorf("OCR read %s on %s: %w", english.Count(words, "word"), english.Count(len(pages), "page"), noForm(english.Count(len(l.rows), "row")))
	}
	markOCR(doc.Forms, l.doubts, l.notes)
	return doc, l.rows, nil
}

// markOCR flags forms as read through OCR and hands each form the doubtful
// words and the repairs of its lines.
func markOCR(forms []RawForm, doubts []OCRDoubt, notes []RawNote) {
	for i := range forms {
		f := &forms[i]
		f.OCR = true
		for _, d := range doubts {
			if d.Line >= f.LineFrom && d.Line <= f.LineTo {
				f.Doubts = append(f.Doubts, d)
			}
		}
		for _, n := range notes {
			if n.Line >= f.LineFrom && n.Line <= f.LineTo {
				f.Notes = append(f.Notes, n)
			}
		}
	}
}

// ParseTesseractTSV reads one page of tesseract's TSV output (`tesseract
// IMAGE - tsv`). Boxes are in pixels; they are turned to y up so that
// they read like a PDF page. Empty words, which are what tesseract makes
// of ruling lines, are dropped.
func ParseTesseractTSV(data []byte, number int) (OCRPage, error) {
	page := OCRPage{Number: number}
	type word struct {
		left, top, w, h float64
		conf            float64
		line            int
		text            string
	}
	var words []word
	lines := map[[3]int]int{}
	// Not CSV: a word may hold a quote, which must not open a quoted field.
	for n, rec := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		fields := strings.Split(strings.TrimRight(rec, "\r"), "\t")
		if n == 0 {
			if len(fields) < 12 || fields[0] != "level" {
				return page, errors.New("tesseract tsv: no header line (level page_num … text)")
			}
			continue
		}
		if len(fields) < 11 {
			return page, fmt.Errorf("tesseract tsv line %d: %d fields, want 12", n+1, len(fields))
		}
		var v [11]float64
		for i := range v {
			f, err := strconv.ParseFloat(fields[i], 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return page, fmt.Errorf("tesseract tsv line %d: field %d is %q, want a number", n+1, i+1, fields[i])
			}
			v[i] = f
		}
		text := ""
		if len(fields) > 11 {
			text = strings.TrimSpace(strings.Join(fields[11:], " "))
		}
		switch int(v[0]) {
		case 1:
			page.Width, page.Height = v[8], v[9]
		case 5:
			if text == "" {
				continue
			}
			key := [3]int{int(v[2]), int(v[3]), int(v[4])}
			if lines[key] == 0 {
				lines[key] = len(lines) + 1
			}
			words = append(words, word{v[6], v[7], v[8], v[9], v[10], lines[key], text})
		}
	}
	if page.Width <= 0 || page.Height <= 0 {
		return page, errors.New("tesseract tsv: no page box (level 1 line)")
	}
	for _, w := range words {
		page.Words = append(page.Words, OCRWord{
			Text: w.text, X0: w.left, X1: w.left + w.w,
			Y0: page.Height - w.top - w.h, Y1: page.Height - w.top,
			Conf: w.conf, Line: w.line,
		})
	}
	return page, nil
}

// isOCRLayer reports whether a PDF's text is an OCR layer: invisible text
// over page images, and no visible text anywhere.
func isOCRLayer(pages []*pdfwalk.Page) bool {
	invisible := 0
	for _, p := range pages {
		for _, r := range p.Runs {
			if !r.Invisible {
				return false
			}
			invisible++
		}
		if len(p.Runs) > 0 && len(p.Images) == 0 {
			return false
		}
	}
	return invisible > 0
}

// pdfOCRPage splits the invisible runs of a page into the words the OCR
// engine placed. An engine writes each word at its own place followed by a
// space, so a space or a gap ends a word. The boxes engines give Chinese
// words overlap the next word, so a word ends where the next one starts.
// Heights come from the widths of Chinese words, whose characters are
// square: the font sizes of these layers say little about the print.
func pdfOCRPage(p *pdfwalk.Page) OCRPage {
	page := OCRPage{Number: p.Number, Width: p.Width, Height: p.Height}
	type word struct {
		text   strings.Builder
		x0, x1 float64
		y      float64
		run    int
		first  bool // the first word of its run: the only one whose height the walker kept
	}
	var words []*word
	var cjk []float64
	for i, run := range p.Runs {
		var cur *word
		for _, g := range run.Glyphs {
			space := strings.TrimSpace(g.Text) == ""
			if cur != nil && (space || g.X0-cur.x1 > 0.12*run.Size) {
				if space {
					cur.x1 = math.Max(cur.x1, g.X1)
				}
				cur = nil
			}
			if space {
				continue
			}
			if cur == nil {
				cur = &word{x0: g.X0, x1: g.X1, y: run.Y, run: i, first: len(words) == 0 || words[len(words)-1].run != i}
				words = append(words, cur)
			}
			cur.text.WriteString(g.Text)
			cur.x1 = math.Max(cur.x1, g.X1)
		}
	}
	for i, w := range words {
		if i+1 < len(words) && words[i+1].run == w.run {
			w.x1 = math.Min(w.x1, words[i+1].x0)
		}
		if text := w.text.String(); strings.IndexFunc(text, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) < 0 {
			cjk = append(cjk, (w.x1-w.x0)/float64(utf8.RuneCountInString(text)))
		}
	}
	em := median(cjk)
	if em <= 0 {
		em = p.Height / 100
	}
	// Runs that follow each other at about the same height are one line of
	// the engine's, which the walker split at a wide gap; the slope between
	// their first words is the skew of the page.
	line := 0
	var slopes []float64
	var prev *word
	for _, w := range words {
		if w.first && (prev == nil || math.Abs(w.y-prev.y) > 0.6*em || w.x0 <= prev.x0) {
			line++
		} else if w.first && w.x0-prev.x0 > 3*em {
			slopes = append(slopes, (w.y-prev.y)/(w.x0-prev.x0))
		}
		if w.first {
			prev = w
		}
		w.run = line
	}
	skew := median(slopes)
	var start *word
	for _, w := range words {
		if w.first {
			start = w
		}
		y := start.y + skew*(w.x0-start.x0)
		page.Words = append(page.Words, OCRWord{
			Text: w.text.String(), X0: w.x0, X1: math.Max(w.x1, w.x0),
			Y0: y - 0.15*em, Y1: y + 0.85*em, Conf: -1, Line: w.run,
		})
	}
	return page
}

// median returns the middle value of vs, or 0 for none.
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
