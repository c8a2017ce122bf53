package extract

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/formaudit/formaudit/template"
)

// ocrWord is a word ready for layout: debris trimmed, skew removed.
type ocrWord struct {
	text   string
	x0, x1 float64
	y      float64 // the height of the word's middle
	conf   float64
	other  string
}

// ocrLine is the words printed at one height, left to right.
type ocrLine struct {
	page  int
	y     float64
	words []ocrWord
}

// ocrPageLines is a page's lines, top to bottom, and the height of its
// characters, which every distance of the layout is measured in.
type ocrPageLines struct {
	em    float64
	frame ocrFrame
	lines []ocrLine
}

// ocrFrame turns a scanned page back by its skew, around its centre: the
// layout works on the page as it was printed.
type ocrFrame struct {
	cx, cy, cos, sin float64
}

func newOCRFrame(p OCRPage, skew float64) ocrFrame {
	n := math.Sqrt(1 + skew*skew)
	return ocrFrame{cx: p.Width / 2, cy: p.Height / 2, cos: 1 / n, sin: skew / n}
}

// upright is where the point (x, y) of the scan stands on the printed page.
func (f ocrFrame) upright(x, y float64) (float64, float64) {
	xm, ym := x-f.cx, y-f.cy
	return f.cx + xm*f.cos + ym*f.sin, f.cy - xm*f.sin + ym*f.cos
}

// scanned is where the point (x, y) of the printed page stands on the scan.
func (f ocrFrame) scanned(x, y float64) (float64, float64) {
	xm, ym := x-f.cx, y-f.cy
	return f.cx + xm*f.cos - ym*f.sin, f.cy + xm*f.sin + ym*f.cos
}

// ocrDebris are the marks OCR makes of ruling lines and of the specks
// next to them: trimmed from the ends of words, and words of nothing else
// are dropped.
const ocrDebris = "|｜丨¦[]【】“”\"'‘’`。，,、_—–~!！:：;；•·…'"

// ocrTrim strips debris from both ends of a word and reports how many
// characters went from the left and from the right. A minus before a
// digit is a sign, not debris.
func ocrTrim(s string) (string, int, int) {
	rs := []rune(s)
	lo, hi := 0, len(rs)
	for lo < hi && strings.ContainsRune(ocrDebris, rs[lo]) {
		lo++
	}
	for hi > lo && strings.ContainsRune(ocrDebris, rs[hi-1]) {
		hi--
	}
	return string(rs[lo:hi]), lo, len(rs) - hi
}

// ocrPrepare cleans the words of a page, removes the skew of the scan and
// groups the words into lines.
func ocrPrepare(p OCRPage) ocrPageLines {
	var out ocrPageLines
	// Words of one engine line, in reading order, with overlapping boxes cut
	// where the next word starts.
	ws := append([]OCRWord(nil), p.Words...)
	sort.SliceStable(ws, func(i, j int) bool {
		if ws[i].Line != ws[j].Line {
			return ws[i].Line < ws[j].Line
		}
		return ws[i].X0 < ws[j].X0
	})
	for i := range ws {
		if i+1 < len(ws) && ws[i+1].Line == ws[i].Line && ws[i+1].X0 < ws[i].X1 {
			ws[i].X1 = math.Max(ws[i].X0, ws[i+1].X0)
		}
	}
	em := ocrEm(ws)
	if em <= 0 {
		em = math.Max(p.Height, 1) / 100
	}
	out.em = em
	out.frame = newOCRFrame(p, ocrSkew(ws, em))
	var words []ocrWord
	for _, w := range ws {
		text, left, right := ocrTrim(strings.TrimSpace(w.Text))
		if text == "" {
			continue
		}
		n := float64(utf8.RuneCountInString(w.Text))
		per := (w.X1 - w.X0) / math.Max(n, 1)
		x0, x1 := w.X0+float64(left)*per, w.X1-float64(right)*per
		nx, ny := out.frame.upright((x0+x1)/2, (w.Y0+w.Y1)/2)
		half := (x1 - x0) / 2
		words = append(words, ocrWord{text: text, x0: nx - half, x1: nx + half, y: ny, conf: w.Conf, other: w.Other})
	}
	out.lines = ocrGroupLines(ocrDedupe(words, em), em, p.Number)
	return out
}

// ocrDedupe drops a word that repeats the word before it at the same place:
// some text layers hold a line twice, once per pass of the engine.
func ocrDedupe(words []ocrWord, em float64) []ocrWord {
	var out []ocrWord
	for _, w := range words {
		dup := false
		for k := len(out) - 1; k >= 0 && k >= len(out)-8; k-- {
			o := out[k]
			if o.text == w.text && w.x0 < o.x1 && o.x0 < w.x1 && math.Abs(o.y-w.y) < em/3 {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}

// ocrEm is the size of the print: the pitch of Chinese characters, which
// are square and set without spacing, measured from one word of a line to
// the next. Engines' boxes and a text layer's font sizes are both too
// rough for it.
func ocrEm(ws []OCRWord) float64 {
	han := func(s string) bool {
		return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) < 0
	}
	var pitches, heights []float64
	for i, w := range ws {
		if !han(w.Text) {
			continue
		}
		n := float64(utf8.RuneCountInString(w.Text))
		heights = append(heights, w.Y1-w.Y0)
		if i+1 < len(ws) && ws[i+1].Line == w.Line && han(ws[i+1].Text) {
			if d := ws[i+1].X0 - w.X0; d > 0 && d < 2*(w.X1-w.X0)+1 {
				pitches = append(pitches, d/n)
			}
		}
	}
	if len(pitches) >= 10 {
		return median(pitches)
	}
	return median(heights)
}

// ocrSkew is the slope of the printed lines: the median slope between the
// first and last words of the engine's lines that are long enough to show it.
func ocrSkew(ws []OCRWord, em float64) float64 {
	var slopes []float64
	for i := 0; i < len(ws); {
		j := i
		for j+1 < len(ws) && ws[j+1].Line == ws[i].Line {
			j++
		}
		a, b := ws[i], ws[j]
		if dx := b.X0 - a.X0; dx > 3*em {
			if s := ((b.Y0 + b.Y1) - (a.Y0 + a.Y1)) / 2 / dx; math.Abs(s) < 0.05 {
				slopes = append(slopes, s)
			}
		}
		i = j + 1
	}
	return median(slopes)
}

// ocrGroupLines groups words into lines, top to bottom: a word joins the
// line whose middle is within half a character of its own.
func ocrGroupLines(words []ocrWord, em float64, page int) []ocrLine {
	sort.SliceStable(words, func(i, j int) bool { return words[i].y > words[j].y })
	var lines []ocrLine
	for _, w := range words {
		n := len(lines)
		if n > 0 && math.Abs(lines[n-1].y-w.y) <= 0.45*em {
			l := &lines[n-1]
			l.y = (l.y*float64(len(l.words)) + w.y) / float64(len(l.words)+1)
			l.words = append(l.words, w)
			continue
		}
		lines = append(lines, ocrLine{page: page, y: w.y, words: []ocrWord{w}})
	}
	for i := range lines {
		ws := lines[i].words
		sort.SliceStable(ws, func(a, b int) bool { return ws[a].x0 < ws[b].x0 })
	}
	return lines
}

// ocrJoin joins words into the text of a cell: no space between Chinese
// characters, which OCR splits at random, and one between Latin words and
// numbers.
func ocrJoin(words []ocrWord) string {
	var b strings.Builder
	for _, w := range words {
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(w.text)
			if pdfLatin(last) && pdfLatin(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// ocrChar is a character of a line that labels are matched against, with
// the place OCR gives it: words are spread evenly over their box.
type ocrChar struct {
	r      rune
	x0, x1 float64
}

// ocrChars lists the letters, digits and Chinese characters of words, as
// template.Key keeps them.
func ocrChars(words []ocrWord) []ocrChar {
	var out []ocrChar
	for _, w := range words {
		rs := []rune(w.text)
		per := (w.x1 - w.x0) / float64(len(rs))
		for i, r := range rs {
			if template.Key(string(r)) == "" {
				continue
			}
			out = append(out, ocrChar{r: r, x0: w.x0 + float64(i)*per, x1: w.x0 + float64(i+1)*per})
		}
	}
	return out
}

// ocrSpan is where a label was found among a line's characters.
type ocrSpan struct {
	from, to int // characters from … to-1
	dist     int // edits between the label and the characters
	x0, x1   float64
}

// ocrTolerance is how many edits a label may be away, as template.Closest
// allows: one per four characters, none for short labels.
func ocrTolerance(label string) int {
	return len([]rune(template.Key(label))) / 4
}

// ocrFind finds the places where label stands among chars, damaged by at
// most its tolerance: the best first, none overlapping another. Loose
// allows one edit even in a short label, for placing the labels of a
// header already recognised by the others ("得他" for 得分).
func ocrFind(chars []ocrChar, label string, loose bool) []ocrSpan {
	lab := []rune(template.Key(label))
	m, n := len(lab), len(chars)
	if m == 0 || n == 0 {
		return nil
	}
	limit := ocrTolerance(label)
	if loose && m >= 2 {
		limit = max(limit, 1)
	}
	// Sellers' algorithm: the edit distance between the label and the best
	// substring ending at each character, with where that substring starts.
	prev, cur := make([]int, n+1), make([]int, n+1)
	prevStart, curStart := make([]int, n+1), make([]int, n+1)
	for j := range prevStart {
		prevStart[j] = j
	}
	for i := 1; i <= m; i++ {
		cur[0], curStart[0] = i, 0
		for j := 1; j <= n; j++ {
			cost := 1
			if lab[i-1] == chars[j-1].r {
				cost = 0
			}
			d, s := prev[j-1]+cost, prevStart[j-1]
			if prev[j]+1 < d {
				d, s = prev[j]+1, prevStart[j]
			}
			if cur[j-1]+1 < d {
				d, s = cur[j-1]+1, curStart[j-1]
			}
			cur[j], curStart[j] = d, s
		}
		prev, cur = cur, prev
		prevStart, curStart = curStart, prevStart
	}
	var cands []ocrSpan
	for j := 1; j <= n; j++ {
		if prev[j] <= limit && prevStart[j] < j {
			cands = append(cands, ocrSpan{from: prevStart[j], to: j, dist: prev[j]})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].dist != cands[b].dist {
			return cands[a].dist < cands[b].dist
		}
		return cands[a].to-cands[a].from > cands[b].to-cands[b].from
	})
	var out []ocrSpan
	for _, c := range cands {
		free := true
		for _, o := range out {
			free = free && (c.to <= o.from || c.from >= o.to)
		}
		if free {
			c.x0, c.x1 = chars[c.from].x0, chars[c.to-1].x1
			out = append(out, c)
		}
	}
	return out
}

// ocrFindInOrder finds each label set in chars, left to right in the order
// given, as many as possible and then with the fewest edits; a label set
// not found has from = -1.
func ocrFindInOrder(chars []ocrChar, sets [][]string, loose bool) []ocrSpan {
	type state struct {
		end, count, dist int
		picks            []ocrSpan
	}
	states := []state{{picks: nil}}
	for _, set := range sets {
		var cands []ocrSpan
		for _, l := range set {
			cands = append(cands, ocrFind(chars, l, loose)...)
		}
		next := append([]state(nil), states...)
		for i := range next {
			next[i].picks = append(append([]ocrSpan(nil), next[i].picks...), ocrSpan{from: -1})
		}
		for _, s := range states {
			for _, c := range cands {
				if c.from < s.end {
					continue
				}
				picks := append(append([]ocrSpan(nil), s.picks...), c)
				next = append(next, state{end: c.to, count: s.count + 1, dist: s.dist + c.dist, picks: picks})
			}
		}
		// Keep the best state for each end.
		best := map[int]state{}
		for _, s := range next {
			b, ok := best[s.end]
			if !ok || s.count > b.count || s.count == b.count && s.dist < b.dist {
				best[s.end] = s
			}
		}
		states = states[:0]
		for _, s := range best {
			states = append(states, s)
		}
		sort.Slice(states, func(i, j int) bool { return states[i].end < states[j].end })
		// A state that ends later with no more labels is never better.
		kept := states[:0]
		for _, s := range states {
			dominated := false
			for _, o := range kept {
				dominated = dominated || (o.count > s.count || o.count == s.count && o.dist <= s.dist)
			}
			if !dominated {
				kept = append(kept, s)
			}
		}
		states = kept
	}
	best := states[0]
	for _, s := range states[1:] {
		if s.count > best.count || s.count == best.count && s.dist < best.dist {
			best = s
		}
	}
	return best.picks
}

// ocrFound counts the label sets found.
func ocrFound(spans []ocrSpan) int {
	n := 0
	for _, s := range spans {
		if s.from >= 0 {
			n++
		}
	}
	return n
}
