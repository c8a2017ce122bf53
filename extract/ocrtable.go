package extract

import (
	"math"
	"regexp"
	"sort"
)

// ocrColumns are the columns of a table that OCR read, learnt from its
// header: column j runs from bounds[j] to bounds[j+1]; what stands left of
// bounds[0] is a row label.
type ocrColumns struct {
	bounds []float64
}

// ocrLearnColumns places the columns of a table from the labels found in
// its header (spans, one per column, from = -1 where a label was not read)
// and the words of the table. A ruling line is where no word crosses, so
// each bound is the widest such gap between two labels; a column whose
// label was not read is put where its neighbours leave room for it.
func ocrLearnColumns(spans []ocrSpan, words []ocrWord, numeric []bool, em float64) (ocrColumns, bool) {
	n := len(spans)
	var known []int
	for j, s := range spans {
		if s.from >= 0 {
			known = append(known, j)
		}
	}
	if len(known) < 2 {
		return ocrColumns{}, false
	}
	centre := make([]float64, n)
	for _, j := range known {
		centre[j] = (spans[j].x0 + spans[j].x1) / 2
	}
	first, last := known[0], known[len(known)-1]
	step := (centre[last] - centre[first]) / float64(last-first)
	for j := 0; j < n; j++ {
		switch {
		case spans[j].from >= 0:
		case j < first:
			centre[j] = centre[first] - float64(first-j)*step
		case j > last:
			centre[j] = centre[last] + float64(j-last)*step
		default:
			lo, hi := j, j
			for spans[lo].from < 0 {
				lo--
			}
			for spans[hi].from < 0 {
				hi++
			}
			centre[j] = centre[lo] + (centre[hi]-centre[lo])*float64(j-lo)/float64(hi-lo)
		}
	}
	// A numeric column whose label OCR lost is where its numbers end.
	for j := 0; j < n; j++ {
		if spans[j].from < 0 && numeric[j] {
			if right, ok := ocrRightEdge(words, centre[j]-step/2, centre[j]+step/2+em, em); ok {
				centre[j] = right - em
			}
		}
	}
	for j := 1; j < n; j++ {
		if centre[j] <= centre[j-1] {
			return ocrColumns{}, false
		}
	}
	c := ocrColumns{bounds: make([]float64, n+1)}
	for j := 1; j < n; j++ {
		// Numbers stand right-aligned (or centred) in their cells, so they
		// end between the middle of their column and the middle of the
		// next; the rule is just right of the last of them.
		if numeric[j-1] {
			right := math.Inf(-1)
			for _, w := range words {
				if ocrNumberish.MatchString(w.text) && w.x1 > centre[j-1] && w.x1 <= centre[j] && w.x0 > centre[j-1]-(centre[j]-centre[j-1]) {
					right = math.Max(right, w.x1)
				}
			}
			if !math.IsInf(right, -1) {
				c.bounds[j] = math.Min(right+em/4, centre[j])
				continue
			}
		}
		lo, hi := centre[j-1], centre[j]
		if spans[j-1].from >= 0 && spans[j].from >= 0 && spans[j-1].x1 < spans[j].x0 {
			lo, hi = spans[j-1].x1, spans[j].x0
		} else {
			d := hi - lo
			lo, hi = lo+0.2*d, hi-0.2*d
		}
		c.bounds[j] = ocrRiver(words, lo, hi)
	}
	d := centre[1] - centre[0]
	hi := centre[0] - 0.2*d
	if spans[0].from >= 0 {
		hi = spans[0].x0
	}
	c.bounds[0] = ocrRiver(words, centre[0]-d, hi)
	c.bounds[n] = math.Inf(1)
	return c, true
}

// ocrRightEdge finds, between lo and hi, where most short numbers end: the
// right edge of a column of right-aligned numbers.
func ocrRightEdge(words []ocrWord, lo, hi, em float64) (float64, bool) {
	var xs []float64
	for _, w := range words {
		if w.x1 > lo && w.x1 < hi && len([]rune(w.text)) <= 6 && ocrNumberish.MatchString(w.text) {
			xs = append(xs, w.x1)
		}
	}
	sort.Float64s(xs)
	best, bestN := 0.0, 0
	for i := range xs {
		n := 0
		for _, x := range xs[i:] {
			if x-xs[i] > em/2 {
				break
			}
			n++
		}
		if n > bestN {
			best, bestN = xs[i+n-1], n
		}
	}
	return best, bestN >= 3
}

// ocrRiver returns the x in [lo, hi] that the fewest words cross: the
// ruling line between two columns, which text does not cross. Of equally
// good places it takes the gap nearest the middle of lo and hi, where the
// rule between two centred labels is; of those the widest.
func ocrRiver(words []ocrWord, lo, hi float64) float64 {
	if hi <= lo {
		return (lo + hi) / 2
	}
	pts := []float64{lo, hi}
	for _, w := range words {
		for _, x := range []float64{w.x0, w.x1} {
			if x > lo && x < hi {
				pts = append(pts, x)
			}
		}
	}
	sort.Float64s(pts)
	type gap struct {
		from, to float64
		cover    int
	}
	var gaps []gap
	for i := 0; i+1 < len(pts); i++ {
		if pts[i+1] <= pts[i] {
			continue
		}
		mid := (pts[i] + pts[i+1]) / 2
		n := 0
		for _, w := range words {
			if w.x0 < mid && w.x1 > mid {
				n++
			}
		}
		if k := len(gaps); k > 0 && gaps[k-1].cover == n {
			gaps[k-1].to = pts[i+1]
			continue
		}
		gaps = append(gaps, gap{pts[i], pts[i+1], n})
	}
	if len(gaps) == 0 {
		return (lo + hi) / 2
	}
	mid := (lo + hi) / 2
	away := func(g gap) float64 {
		return math.Max(0, math.Max(g.from-mid, mid-g.to))
	}
	best := gaps[0]
	for _, g := range gaps[1:] {
		switch {
		case g.cover < best.cover:
			best = g
		case g.cover > best.cover:
		case away(g) < away(best), away(g) == away(best) && g.to-g.from > best.to-best.from:
			best = g
		}
	}
	return (best.from + best.to) / 2
}

// col returns the column of x, or -1 left of the table.
func (c ocrColumns) col(x float64) int {
	if len(c.bounds) == 0 || x < c.bounds[0] {
		return -1
	}
	return sort.SearchFloat64s(c.bounds, x) - 1
}

// split cuts the words of a line at the column bounds they cross, so that
// two cells OCR read as one word go to their own columns, and returns the
// pieces with their columns.
func (c ocrColumns) split(words []ocrWord) (pieces []ocrWord, cols []int) {
	for _, w := range words {
		rs := []rune(w.text)
		per := (w.x1 - w.x0) / float64(len(rs))
		start := 0
		for i := 1; i <= len(rs); i++ {
			if i < len(rs) && c.col(w.x0+(float64(i)+0.5)*per) == c.col(w.x0+(float64(i)-0.5)*per) {
				continue
			}
			p := ocrWord{text: string(rs[start:i]), x0: w.x0 + float64(start)*per, x1: w.x0 + float64(i)*per, y: w.y, conf: w.conf, other: w.other}
			if t, _, _ := ocrTrim(p.text); t != "" {
				p.text = t
				pieces = append(pieces, p)
				cols = append(cols, c.col((p.x0+p.x1)/2))
			}
			start = i
		}
	}
	return pieces, cols
}

// ocrNumberish matches what OCR makes of a printed weight or score: digits
// with a point, perhaps with letters that look like digits.
var ocrNumberish = regexp.MustCompile(`^[0-9OoIl|.,]*[0-9][0-9OoIl|.,%]*$`)

// ocrCell is the text of one column of one row, and the words it was read
// from with their confidences.
type ocrCell struct {
	col   int
	y     float64
	page  int
	words []ocrWord
}

func (c ocrCell) text() string { return ocrJoin(c.words) }

// ocrIndicatorRows groups the lines of an indicator table into rows. A
// line holding a number in the 分值 or 得分 column anchors a row; the
// other lines are wrapped parts of cells, and cells are centred in their
// rows, so each part belongs to the nearest anchor on its page. A cell of
// a row whose numbers OCR lost (a row of 0 分 often prints only "/") is
// far from every anchor, and anchors a row of its own. The labels of
// merged 一级/二级 cells, printed once in the middle of their span, are
// first joined with the lines they wrap onto, where continues says the
// next line goes on with the label.
func ocrIndicatorRows(lines []ocrLine, cols ocrColumns, em float64, weightCol, scoreCol, labelCols int, continues func(a, b string) bool) [][]ocrCell {
	var parts []ocrCell
	type anchor struct {
		page int
		y    float64
	}
	var anchors []anchor
	for _, l := range lines {
		pieces, pcols := cols.split(l.words)
		byCol := map[int][]ocrWord{}
		var order []int
		for k, p := range pieces {
			if pcols[k] < 0 {
				continue // the row label 年度绩效指标 column says nothing of a row
			}
			if _, ok := byCol[pcols[k]]; !ok {
				order = append(order, pcols[k])
			}
			byCol[pcols[k]] = append(byCol[pcols[k]], p)
		}
		anchored := false
		for _, col := range order {
			parts = append(parts, ocrCell{col: col, y: l.y, page: l.page, words: byCol[col]})
			// OCR reads some digits as Chinese characters (5 as 本, 10 as
			// 到), but nothing else stands in these columns.
			if (col == weightCol || col == scoreCol) && len([]rune(ocrJoin(byCol[col]))) <= 6 {
				anchored = true
			}
		}
		if anchored {
			anchors = append(anchors, anchor{l.page, l.y})
		}
	}
	// Chains: the parts of one column on consecutive lines, a wrapped cell.
	type chain struct {
		ocrCell
		parts []ocrCell
	}
	var chains []chain
	for _, p := range parts {
		if p.col == weightCol || p.col == scoreCol {
			chains = append(chains, chain{p, []ocrCell{p}})
			continue
		}
		joined := false
		for k := len(chains) - 1; k >= 0; k-- {
			q := &chains[k]
			if q.col != p.col || q.page != p.page {
				continue
			}
			last := q.parts[len(q.parts)-1]
			if gap := last.y - p.y; gap > 0 && gap <= 2*em && (p.col >= labelCols || continues(ocrJoin(last.words), ocrJoin(p.words))) {
				q.parts = append(q.parts, p)
				q.y = (q.parts[0].y + p.y) / 2
				joined = true
			}
			break
		}
		if !joined {
			chains = append(chains, chain{p, []ocrCell{p}})
		}
	}
	nearest := func(page int, y float64) (int, float64) {
		best, dist := -1, math.Inf(1)
		for k, a := range anchors {
			if d := math.Abs(a.y - y); a.page == page && d < dist {
				best, dist = k, d
			}
		}
		return best, dist
	}
	for _, c := range chains {
		if c.col < labelCols || c.col == weightCol || c.col == scoreCol {
			continue
		}
		if _, d := nearest(c.page, c.y); d > 1.5*em {
			anchors = append(anchors, anchor{c.page, c.y})
		}
	}
	if len(anchors) == 0 {
		return nil
	}
	sort.SliceStable(anchors, func(i, j int) bool {
		if anchors[i].page != anchors[j].page {
			return anchors[i].page < anchors[j].page
		}
		return anchors[i].y > anchors[j].y
	})
	rows := make([][]ocrCell, len(anchors))
	add := func(c ocrCell) {
		k, _ := nearest(c.page, c.y)
		if k < 0 {
			// A page without rows: its text goes with the last row before it.
			k = 0
			for i, a := range anchors {
				if a.page < c.page {
					k = i
				}
			}
		}
		rows[k] = append(rows[k], c)
	}
	for _, c := range chains {
		if c.col < labelCols {
			// A label is one cell however it wraps.
			merged := c.parts[0]
			for _, p := range c.parts[1:] {
				merged.words = append(append([]ocrWord(nil), merged.words...), p.words...)
			}
			merged.y = c.y
			add(merged)
			continue
		}
		for _, p := range c.parts {
			add(p)
		}
	}
	for k := range rows {
		sort.SliceStable(rows[k], func(i, j int) bool {
			if rows[k][i].col != rows[k][j].col {
				return rows[k][i].col < rows[k][j].col
			}
			if rows[k][i].page != rows[k][j].page {
				return rows[k][i].page < rows[k][j].page
			}
			return rows[k][i].y > rows[k][j].y
		})
		// Parts of one column join top to bottom.
		var merged []ocrCell
		for _, c := range rows[k] {
			if n := len(merged); n > 0 && merged[n-1].col == c.col {
				merged[n-1].words = append(merged[n-1].words, c.words...)
				continue
			}
			merged = append(merged, c)
		}
		rows[k] = merged
	}
	var out [][]ocrCell
	for _, r := range rows {
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return out
}
