package report

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/formaudit/formaudit/score"
	"github.com/mattn/go-runewidth"
	"github.com/shopspring/decimal"
)

// Charts are drawn here as inline SVG, so that the report needs no script
// and no network. Geometry is computed in whole pixels so that the output is
// stable from run to run and golden files can hold it.

// svg collects the elements of one chart.
type svg struct {
	b             strings.Builder
	width, height int
}

func newSVG(id, label string, width, height int) *svg {
	s := &svg{width: width, height: height}
	fmt.Fprintf(&s.b, `<svg class="chart-svg" id="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		id, width, height, width, height, esc(label))
	return s
}

func (s *svg) add(format string, args ...any) {
	fmt.Fprintf(&s.b, format, args...)
}

// text writes a label; anchor is start, middle or end.
func (s *svg) text(x, y int, anchor, class, label string) {
	s.add(`<text x="%d" y="%d" text-anchor="%s" class="%s">%s</text>`, x, y, anchor, class, esc(label))
}

func (s *svg) html() template.HTML {
	return template.HTML(s.b.String() + "</svg>") // every text went through esc
}

func esc(s string) string { return html.EscapeString(s) }

// rateBins are the bands of the execution-rate histogram, in percent: a
// rate r falls in the first bin with r < hi, or r == hi when exact.
var rateBins = []struct {
	label string
	hi    decimal.Decimal
	exact bool
}{
	{"<50", decimal.NewFromInt(50), false},
	{"50–60", decimal.NewFromInt(60), false},
	{"60–70", decimal.NewFromInt(70), false},
	{"70–80", decimal.NewFromInt(80), false},
	{"80–90", decimal.NewFromInt(90), false},
	{"90–100", decimal.NewFromInt(100), false},
	{"100", decimal.NewFromInt(100), true},
}

// rateBin is the index of the histogram bin of rate r; one past the last
// listed bin holds rates above 100%.
func rateBin(r decimal.Decimal) int {
	for i, b := range rateBins {
		if r.LessThan(b.hi) || (b.exact && r.Equal(b.hi)) {
			return i
		}
	}
	return len(rateBins)
}

// rateChart is a histogram of the forms' recomputed execution rates.
func rateChart(forms []*Form, l Lang) (template.HTML, int) {
	counts := make([]int, len(rateBins)+1)
	missing := 0
	for _, f := range forms {
		if f.Rate == nil {
			missing++
			continue
		}
		counts[rateBin(f.Rate.Round(2))]++
	}
	labels := make([]string, 0, len(counts))
	for _, b := range rateBins {
		labels = append(labels, b.label)
	}
	labels = append(labels, ">100")
	top := 1
	for _, c := range counts {
		top = max(top, c)
	}
	const w, h, left, bottom, plotH, barW, gap = 480, 240, 36, 40, 170, 44, 10
	s := newSVG("chart-rates", l.word("rate_chart"), w, h)
	base := h - bottom
	s.add(`<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, base, w-8, base)
	for i, c := range counts {
		x := left + 8 + i*(barW+gap)
		bh := c * plotH / top
		class := "bar rate-high"
		switch {
		case i < 2:
			class = "bar rate-low"
		case i < 5:
			class = "bar rate-mid"
		case i == len(counts)-1:
			class = "bar rate-over"
		}
		s.add(`<rect class="%s" x="%d" y="%d" width="%d" height="%d"><title>%s%%: %d</title></rect>`,
			class, x, base-bh, barW, bh, esc(labels[i]), c)
		if c > 0 {
			s.text(x+barW/2, base-bh-4, "middle", "value", fmt.Sprint(c))
		}
		s.text(x+barW/2, base+16, "middle", "tick", labels[i])
	}
	s.text(left+8, base+34, "start", "axis-label", l.word("rate"))
	return s.html(), missing
}

// scatterChart plots each form's recorded 总分 against its recomputed one;
// forms on the diagonal add up.
func scatterChart(forms []*Form, l Lang) (template.HTML, int) {
	type point struct {
		x, y decimal.Decimal
		f    *Form
	}
	var pts []point
	missing := 0
	lo, hi := decimal.NewFromInt(100), decimal.NewFromInt(100)
	for _, f := range forms {
		if f.RecordedTotal == nil || f.ComputedTotal == nil {
			missing++
			continue
		}
		p := point{*f.RecordedTotal, f.ComputedTotal.Round(2), f}
		pts = append(pts, p)
		lo = decimal.Min(lo, p.x, p.y)
		hi = decimal.Max(hi, p.x, p.y)
	}
	ten := decimal.NewFromInt(10)
	lo = lo.Div(ten).Floor().Mul(ten)
	hi = hi.Div(ten).Ceil().Mul(ten)
	if !lo.LessThan(hi) {
		lo = hi.Sub(ten)
	}
	const w, h, left, top, size = 360, 340, 48, 12, 280
	span := hi.Sub(lo)
	// px maps a score onto the plot's pixels along one axis.
	px := func(v decimal.Decimal) int {
		return int(v.Sub(lo).Mul(decimal.NewFromInt(size)).Div(span).Round(0).IntPart())
	}
	s := newSVG("chart-totals", l.word("scatter_chart"), w, h)
	s.add(`<rect class="plot" x="%d" y="%d" width="%d" height="%d"/>`, left, top, size, size)
	s.add(`<line class="diagonal" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, top+size, left+size, top)
	for i := 0; i <= 4; i++ {
		v := lo.Add(span.Mul(decimal.NewFromInt(int64(i))).Div(decimal.NewFromInt(4)))
		off := px(v)
		s.text(left+off, top+size+16, "middle", "tick", plain(v.Round(1)))
		s.text(left-6, top+size-off+4, "end", "tick", plain(v.Round(1)))
	}
	s.text(left+size/2, top+size+34, "middle", "axis-label", l.word("recorded_total"))
	s.add(`<text class="axis-label" text-anchor="middle" transform="translate(14 %d) rotate(-90)">%s</text>`,
		top+size/2, esc(l.word("computed_total")))
	for _, p := range pts {
		class := "point"
		if p.x.Sub(p.y).Abs().GreaterThan(decimal.New(1, -2)) {
			class = "point off"
		}
		s.add(`<a href="#form-%d"><circle class="%s" cx="%d" cy="%d" r="5"><title>%s: %s / %s</title></circle></a>`,
			p.f.ID, class, left+px(p.x), top+size-px(p.y), esc(p.f.ProjectName), plain(p.x), plain(p.y))
	}
	return s.html(), missing
}

// barItem is one labelled bar of a horizontal bar chart, split by severity.
type barItem struct {
	label            string
	errors, warnings int
}

// barChart draws horizontal bars, errors then warnings stacked.
func barChart(id, title string, items []barItem, l Lang) template.HTML {
	const rowH, barH, right, maxLabel = 24, 16, 48, 30
	labelW := 0
	for _, it := range items {
		labelW = max(labelW, runewidth.StringWidth(cut(it.label, maxLabel)))
	}
	left := labelW*7 + 16
	w := max(480, left+260)
	h := max(rowH, len(items)*rowH) + 8
	top := 1
	for _, it := range items {
		top = max(top, it.errors+it.warnings)
	}
	plotW := w - left - right
	s := newSVG(id, title, w, h)
	if len(items) == 0 {
		s.text(8, 18, "start", "tick", l.word("no_findings"))
	}
	for i, it := range items {
		y := 4 + i*rowH
		s.text(left-8, y+barH-3, "end", "tick", cut(it.label, maxLabel))
		x := left
		for _, part := range []struct {
			sev string
			n   int
		}{{string(score.Error), it.errors}, {string(score.Warning), it.warnings}} {
			if part.n == 0 {
				continue
			}
			bw := max(1, part.n*plotW/top)
			s.add(`<rect class="bar %s" x="%d" y="%d" width="%d" height="%d"><title>%s: %d %s</title></rect>`,
				part.sev, x, y, bw, barH, esc(it.label), part.n, esc(l.severity(part.sev)))
			x += bw
		}
		s.text(x+6, y+barH-3, "start", "value", fmt.Sprint(it.errors+it.warnings))
	}
	return s.html()
}

// ruleItems are the bars of the findings-by-rule chart.
func ruleItems(a *Audit) []barItem {
	var out []barItem
	for _, r := range a.Summary.ByRule {
		it := barItem{label: r.Rule}
		if r.Severity == string(score.Error) {
			it.errors = r.Count
		} else {
			it.warnings = r.Count
		}
		out = append(out, it)
	}
	return out
}

// unitItems are the bars of the findings-by-unit chart.
func unitItems(a *Audit) []barItem {
	var out []barItem
	for _, u := range a.Summary.ByUnit {
		label := u.Unit
		if label == "" {
			label = a.Lang.word("none")
		}
		out = append(out, barItem{label: label, errors: u.Errors, warnings: u.Warnings})
	}
	return out
}
