package extract

import (
	"regexp"
	"strings"

	"github.com/formaudit/formaudit/template"
)

var (
	scoreShape  = regexp.MustCompile(`^[+-]?\d+(\.\d+)?$`)
	trailingNum = regexp.MustCompile(`^(.*\S)\s+([+-]?\d+(?:\.\d+)?)$`)
	weightShape = regexp.MustCompile(`[(（]\s*\d+(\.\d+)?\s*分\s*[)）]`)
	// gradedScore is a total printed with its grade in the same cell: "92.5(优)".
	gradedScore = regexp.MustCompile(`^([+-]?\d+(?:\.\d+)?)\s*[(（]?\s*(优秀?|良好?|中等?|差|合格|不合格)\s*[)）]?$`)
)

// blankMarker reports the marks that forms print in empty cells.
func blankMarker(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "_", "__", "-", "—", "——", "–", "/", "／":
		return true
	}
	return false
}

// indicatorRow splits a row of the indicator table into its columns. Empty
// cells are not printed in every format, so the row is read from the right:
// the last two numbers are 分值 and 得分 (anything after them is the note),
// the three cells before them are name, target and actual, and whatever
// stands further left is a 一级/二级 label.
func indicatorRow(r Row, t *template.Template) (RawIndicator, bool) {
	cells := r.Texts()
	w, ok := scorePair(cells)
	positional := ok && r.Tabbed
	if !ok {
		var split []string
		if split, ok = splitSwallowed(cells); ok {
			cells = split
			w, ok = scorePair(cells)
		}
	}
	if !ok {
		// A row printed as one run of words: split at single spaces.
		var words []string
		for _, c := range r.Texts() {
			words = append(words, strings.Fields(c)...)
		}
		if len(words) == len(cells) {
			return RawIndicator{}, false
		}
		if w, ok = scorePair(words); !ok {
			return RawIndicator{}, false
		}
		cells = words
	}
	ind := RawIndicator{Line: r.Line, Page: r.Page, Break: r.Break, Weight: cells[w], Score: cells[w+1]}
	var notes []string
	for _, c := range cells[w+2:] {
		if !blankMarker(c) {
			notes = append(notes, c)
		}
	}
	ind.Note = strings.Join(notes, " ")

	if positional {
		// Tab-separated text keeps blank cells: actual, target and name stand
		// in the three columns left of 分值, whichever of them is blank.
		wx := r.Cells[w].X
		for _, c := range r.Cells[:w] {
			switch c.X {
			case wx - 1:
				ind.Actual = c.Text
			case wx - 2:
				ind.Target = c.Text
			case wx - 3:
				ind.Name = c.Text
			default:
				ind.Labels = append(ind.Labels, c.Text)
			}
		}
		return ind, true
	}
	rest := cells[:w]
	for len(rest) > 0 && (len(rest) > 3 || isLevelLabel(rest[0], t)) {
		ind.Labels = append(ind.Labels, rest[0])
		rest = rest[1:]
	}
	switch len(rest) {
	case 3:
		ind.Name, ind.Target, ind.Actual = rest[0], rest[1], rest[2]
	case 2:
		ind.Target, ind.Actual = rest[0], rest[1]
	case 1:
		ind.Actual = rest[0]
	}
	return ind, true
}

// scorePair finds the rightmost two adjacent numeric cells.
func scorePair(cells []string) (int, bool) {
	for i := len(cells) - 1; i >= 1; i-- {
		if scoreShape.MatchString(cells[i]) && scoreShape.MatchString(cells[i-1]) {
			return i - 1, true
		}
	}
	return 0, false
}

// splitSwallowed splits a cell that swallowed the 分值 printed after it
// ("每月1次 3│3" is actual "每月1次", weight 3, score 3).
func splitSwallowed(cells []string) ([]string, bool) {
	for i := len(cells) - 1; i >= 1; i-- {
		if !scoreShape.MatchString(cells[i]) {
			continue
		}
		if m := trailingNum.FindStringSubmatch(cells[i-1]); m != nil {
			out := append([]string{}, cells[:i-1]...)
			out = append(out, m[1], m[2])
			return append(out, cells[i:]...), true
		}
		return nil, false
	}
	return nil, false
}

// isLevelLabel recognises the labels of the two left columns: a 一级 or 二级
// 指标 (also damaged), a declared weight "(50分)", or the row label 年度绩效指标.
func isLevelLabel(s string, t *template.Template) bool {
	bare := strings.TrimSpace(weightShape.ReplaceAllString(s, ""))
	if bare == "" {
		return weightShape.MatchString(s)
	}
	labels := append(append(t.Level1Names(), t.Level2Names()...), t.Indicators.RowLabel...)
	_, ok := template.Closest(bare, labels)
	return ok
}

// totalRow recognises the 总分 row, also when it lost its label and prints
// only the total weight and score ("100 92.74").
func totalRow(r Row, t *template.Template) (RawTotal, bool) {
	cells := r.Texts()
	for i, c := range cells {
		if _, ok := template.Closest(c, t.Total.Labels); !ok || template.Key(c) == "" {
			continue
		}
		tot := RawTotal{Line: r.Line, Labelled: true}
		var nums []string
		for _, v := range cells[i+1:] {
			if m := gradedScore.FindStringSubmatch(v); m != nil {
				v, tot.Note = m[1], joinText(tot.Note, m[2])
			}
			switch {
			case scoreShape.MatchString(v):
				nums = append(nums, v)
			case !blankMarker(v):
				tot.Note = joinText(tot.Note, v)
			}
		}
		switch {
		case len(nums) >= 2:
			tot.Weight, tot.Score = nums[0], nums[1]
		case len(nums) == 1: // the weight is the constant one and is the one left out
			tot.Score = nums[0]
		}
		return tot, true
	}
	var nums []string
	for _, c := range cells {
		switch {
		case scoreShape.MatchString(c):
			nums = append(nums, c)
		case !blankMarker(c):
			return RawTotal{}, false
		}
	}
	if len(nums) == 2 && canonicalNumber(nums[0]) == canonicalNumber(t.Total.Weight) {
		return RawTotal{Line: r.Line, Weight: nums[0], Score: nums[1]}, true
	}
	return RawTotal{}, false
}

// canonicalNumber drops trailing fractional zeros so that "100.0" and "100" compare equal.
func canonicalNumber(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
