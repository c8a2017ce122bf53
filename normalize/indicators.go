package normalize

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

var declaredWeight = regexp.MustCompile(`[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]`)

// rowLabels is what the label columns of one indicator row say.
type rowLabels struct {
	level2       int    // index into the template's 二级指标, -1 when none printed
	garbled      bool   // something unreadable stands in a label column
	level1       string // a 一级指标 printed on the row
	weight       *decimal.Decimal
	weightLevel1 string // the 一级指标 printed with the weight, "" for a bare "(30分)"
	placeholder  bool   // a row that only says the 二级指标 has no indicator
	hint         int    // the 二级指标 the name suggests, -1 when none
	segment      int    // page segment: rows between two page breaks
}

// readIndicators parses the indicator rows and fills the vertically merged
// 一级/二级指标 cells, which a text dump prints once per span.
func readIndicators(f *Form, r *extract.RawForm, t *template.Template, known map[string]int) {
	names := t.Level2Names()
	labels := make([]rowLabels, len(r.Indicators))
	if len(r.Indicators) > 0 {
		// Grown by append, the slices of a file of many forms held a third
		// more than their indicators.
		f.Indicators = make([]Indicator, 0, len(r.Indicators))
	}
	segment := 0
	for i, raw := range r.Indicators {
		if raw.Break && i > 0 {
			segment++
		}
		labels[i] = readRowLabels(raw, t)
		labels[i].segment = segment
		name := cleanName(Squeeze(raw.Name))
		ind := Indicator{
			Seq:        i + 1,
			SourceLine: raw.Line,
			Name:       name,
			Target:     filled(FixComparators(Squeeze(raw.Target))),
			Actual:     filled(FixComparators(Squeeze(raw.Actual))),
			Weight:     readScore(f, raw.Weight, name+" "+columnName(t, template.FieldWeight, "分值"), raw.Line, extract.Place{Indicator: i + 1, Column: template.FieldWeight}),
			Score:      readScore(f, raw.Score, name+" "+columnName(t, template.FieldScore, "得分"), raw.Line, extract.Place{Indicator: i + 1, Column: template.FieldScore}),
			Note:       filled(Squeeze(raw.Note)),
			Sub:        t.SubRow(name),
		}
		ind.TargetQ, _ = ParseQuantity(ind.Target)
		ind.ActualQ, _ = ParseQuantity(ind.Actual)
		ind.TargetYear = TargetYear(ind.Target)
		labels[i].placeholder = IsBlank(ind.Name) && IsBlank(ind.Target) && (ind.Weight == nil || ind.Weight.IsZero())
		labels[i].hint = hintOf(ind, t, known)
		f.Indicators = append(f.Indicators, ind)
	}
	inferGarbledLabels(f, labels, names)
	for i, g := range assignLevel2(labels, r.LabelsAtTop) {
		if g >= 0 {
			f.Indicators[i].Level2 = names[g]
			f.Indicators[i].Level1, _ = t.Level1Of(names[g])
		} else {
			f.Indicators[i].Level1 = labels[i].level1
		}
	}
	readSections(f, labels, t)
}

// readRowLabels reads the label columns of one indicator row. A weight
// printed with the row label of the whole table ("绩效指标(90分)") is the
// weight of all indicators, not of a 一级指标, and is left to the template.
func readRowLabels(raw extract.RawIndicator, t *template.Template) rowLabels {
	rl := rowLabels{level2: -1, hint: -1}
	level2, level1 := t.Level2Names(), t.Level1Names()
	for _, l := range raw.Labels {
		l = Fold(l)
		bare := l
		var weight *decimal.Decimal
		if m := declaredWeight.FindStringSubmatch(l); m != nil {
			d, err := decimal.NewFromString(m[1])
			if err == nil {
				weight = &d
			}
			bare = strings.TrimSpace(declaredWeight.ReplaceAllString(l, ""))
		}
		// The row label is matched exactly before the levels, and damaged
		// after them: 绩效指标 is one edit away from 时效指标.
		l2, isLevel2 := template.Closest(bare, level2)
		l1, isLevel1 := template.Closest(bare, level1)
		_, isRow := template.Closest(bare, t.Indicators.RowLabel)
		if isRow && (exactly(bare, t.Indicators.RowLabel) || !isLevel2 && !isLevel1) {
			continue
		}
		if weight != nil {
			rl.weight = weight
		}
		switch {
		case template.Key(bare) == "":
		case isLevel2:
			rl.level2 = slices.Index(level2, l2)
		case isLevel1:
			rl.level1 = l1
			if rl.weight != nil {
				rl.weightLevel1 = l1
			}
		default:
			rl.garbled = true
		}
	}
	return rl
}

// exactly reports whether s is one of labels once spaces and punctuation are removed.
func exactly(s string, labels []string) bool {
	for _, l := range labels {
		if template.Key(l) == template.Key(s) {
			return true
		}
	}
	return false
}

// columnName is the printed label of an indicator column, or fallback.
func columnName(t *template.Template, field, fallback string) string {
	if l := t.IndicatorLabel(field); l != "" {
		return l
	}
	return fallback
}

// hintOf is the 二级指标 an indicator most likely belongs to: the one its
// name is printed under elsewhere in the batch, else the one whose keywords
// its name, then its target, holds.
func hintOf(ind Indicator, t *template.Template, known map[string]int) int {
	if l2, ok := known[ind.Name]; ok && ind.Name != "" {
		return l2
	}
	names := t.Level2Names()
	for _, text := range []string{ind.Name, ind.Target} {
		for i, name := range names {
			for _, kw := range t.Indicators.Hints[name] {
				if strings.Contains(text, kw) {
					return i
				}
			}
		}
	}
	return -1
}

// inferGarbledLabels reads an unreadable label as the one 二级指标 that the
// template puts between its readable neighbours and the form does not print
// elsewhere ("在安效鱼组体" between 经济效益指标 and 生态效益指标 is
// 社会效益指标). With no single candidate the debris is ignored.
func inferGarbledLabels(f *Form, labels []rowLabels, names []string) {
	present := map[int]bool{}
	for _, l := range labels {
		if l.level2 >= 0 {
			present[l.level2] = true
		}
	}
	for i := range labels {
		if labels[i].level2 >= 0 || !labels[i].garbled {
			continue
		}
		prev, next := -1, len(names)
		for j := i - 1; j >= 0; j-- {
			if labels[j].level2 >= 0 {
				prev = labels[j].level2
				break
			}
		}
		for j := i + 1; j < len(labels); j++ {
			if labels[j].level2 >= 0 {
				next = labels[j].level2
				break
			}
		}
		var missing []int
		for k := prev + 1; k < next; k++ {
			if !present[k] {
				missing = append(missing, k)
			}
		}
		if len(missing) == 1 {
			labels[i].level2 = missing[0]
			present[missing[0]] = true
			ind := f.Indicators[i]
			f.Notes = append(f.Notes, Note{Code: "indicator.label_inferred", Field: "二级指标", Used: names[missing[0]], Line: ind.SourceLine,
				Message: fmt.Sprintf("the 二级指标 of %q is unreadable; read as %s, the one label missing between its neighbours", ind.Name, names[missing[0]])})
		}
	}
}

// group is a run of rows that print the same 二级指标 label.
type group struct {
	level2      int
	first, last int // first and last row printing the label
}

// assignLevel2 decides which printed label each row falls under. A merged
// cell prints its label near the vertical middle of the rows it spans, on the
// page where the label stands, but OCR and renderers shift it by a row; so a
// split is acceptable when every label is within one row of its span's
// middle, and among those the rows' own hints decide. A placeholder row is a
// span of its own. Where labels stand at the top of their spans (atTop, a
// sheet), each holds until the next.
func assignLevel2(labels []rowLabels, atTop bool) []int {
	n := len(labels)
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	var groups []group
	for i, l := range labels {
		if l.level2 < 0 {
			continue
		}
		if k := len(groups) - 1; k >= 0 && groups[k].level2 == l.level2 {
			groups[k].last = i
			continue
		}
		groups = append(groups, group{l.level2, i, i})
	}
	if len(groups) == 0 {
		return out
	}
	if atTop {
		for k, g := range groups {
			start, stop := g.first, n
			if k == 0 {
				start = 0
			}
			if k+1 < len(groups) {
				stop = groups[k+1].first
			}
			for i := start; i < stop; i++ {
				out[i] = g.level2
			}
		}
		return out
	}
	cost := func(g group, s, e int) float64 {
		c := 0.0
		if g.first == g.last {
			lo, hi := s, e
			for lo < g.first && labels[lo].segment != labels[g.first].segment {
				lo++
			}
			for hi > g.first && labels[hi].segment != labels[g.first].segment {
				hi--
			}
			if d := math.Abs(float64(g.first)-float64(lo+hi)/2) - 1; d > 0 {
				c += d * d
			}
		}
		if labels[g.first].placeholder {
			c += 100 * float64(e-s-(g.last-g.first))
		}
		for i := s; i <= e; i++ {
			if labels[i].level2 < 0 && labels[i].hint >= 0 && labels[i].hint != g.level2 {
				c += 0.1
			}
		}
		return c
	}
	// best[c] is the least cost of the groups so far when the current one starts at row c.
	type choice struct {
		cost float64
		prev int
	}
	best := map[int]choice{0: {0, -1}}
	var trail []map[int]choice
	for k := 0; k < len(groups)-1; k++ {
		next := map[int]choice{}
		for c := groups[k].last + 1; c <= groups[k+1].first; c++ {
			ch := choice{math.Inf(1), -1}
			for s, b := range best {
				if v := b.cost + cost(groups[k], s, c-1); v < ch.cost || (v == ch.cost && s > ch.prev) {
					ch = choice{v, s}
				}
			}
			if v := ch.cost; !math.IsInf(v, 1) {
				if old, ok := next[c]; !ok || v < old.cost {
					next[c] = ch
				}
			}
		}
		trail = append(trail, best)
		best = next
	}
	last := groups[len(groups)-1]
	end, total := -1, math.Inf(1)
	for s, b := range best {
		// On a tie the later split wins: rows stay with the label above them.
		if v := b.cost + cost(last, s, n-1); v < total || (v == total && s > end) {
			end, total = s, v
		}
	}
	starts := make([]int, len(groups))
	starts[len(groups)-1] = end
	for k := len(groups) - 2; k >= 0; k-- {
		starts[k] = best[starts[k+1]].prev
		best = trail[k]
	}
	for k, g := range groups {
		stop := n
		if k+1 < len(groups) {
			stop = starts[k+1]
		}
		for i := starts[k]; i < stop; i++ {
			out[i] = g.level2
		}
	}
	return out
}

// readSections collects each 一级指标's declared weight from wherever the
// form printed it: with its label ("产出指标 (50分)") or bare ("(30分)")
// on one of its rows.
func readSections(f *Form, labels []rowLabels, t *template.Template) {
	weights := map[string]*decimal.Decimal{}
	seen := map[string]bool{}
	for i, ind := range f.Indicators {
		if ind.Level1 != "" {
			seen[ind.Level1] = true
		}
		l := labels[i]
		if l.weight == nil {
			continue
		}
		owner := l.weightLevel1
		if owner == "" {
			owner = ind.Level1
		}
		if owner != "" && weights[owner] == nil {
			weights[owner] = l.weight
		}
	}
	for _, name := range t.Level1Names() {
		if !seen[name] && weights[name] == nil {
			continue
		}
		f.Sections = append(f.Sections, Section{Name: name, Weight: weights[name]})
	}
	for i := range f.Indicators {
		f.Indicators[i].Level1Weight = weights[f.Indicators[i].Level1]
	}
}
