package extract

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/formaudit/formaudit/template"
)

var subtitleYear = regexp.MustCompile(`[(（]\s*((?:19|20)\d\d)\s*年度?\s*[)）]`)

// readHeader finds the header labels in the header rows, also inside cells
// that hold several label–value pairs, and takes the text up to the next
// label (or the end of the row) as the value; a label that ends its row with
// nothing after it takes the text that opens the next row (see valueBelow).
// Cells of one value are joined by a space, so tab-separated and aligned text
// read the same.
func readHeader(rows []Row, t *template.Template) RawHeader {
	var h RawHeader
	fields := []struct {
		aliases []string
		value   *Value
	}{
		{t.Header.ProjectCode, &h.ProjectCode},
		{t.Header.ProjectName, &h.ProjectName},
		{t.Header.Year, &h.Year},
		{t.Header.ImplementingUnit, &h.ImplementingUnit},
		{t.Header.BudgetUnit, &h.BudgetUnit},
	}
	type alias struct {
		re    *regexp.Regexp
		n     int
		value *Value
	}
	var aliases []alias
	for _, f := range fields {
		for _, a := range f.aliases {
			aliases = append(aliases, alias{labelPattern(a), len([]rune(a)), f.value})
		}
	}
	// Longer aliases first, so 一级预算单位 wins over 预算单位.
	sort.SliceStable(aliases, func(i, j int) bool { return aliases[i].n > aliases[j].n })

	// pending is the value of a label that ended its row with nothing after
	// it, which the start of the next row may hold.
	var pending *Value
	for _, r := range rows {
		line := strings.Join(r.Texts(), "\t")
		if m := subtitleYear.FindStringSubmatch(line); m != nil && h.Subtitle.Text == "" {
			h.Subtitle = Value{Text: m[1], Line: r.Line}
		}
		type hit struct {
			start, end int
			value      *Value
		}
		var hits []hit
		taken := make([]bool, len(line))
		for _, a := range aliases {
			for _, loc := range a.re.FindAllStringIndex(line, -1) {
				free := true
				for i := loc[0]; i < loc[1]; i++ {
					free = free && !taken[i]
				}
				if !free {
					continue
				}
				for i := loc[0]; i < loc[1]; i++ {
					taken[i] = true
				}
				hits = append(hits, hit{loc[0], loc[1], a.value})
			}
		}
		sort.Slice(hits, func(i, j int) bool { return hits[i].start < hits[j].start })
		lead := len(line)
		if len(hits) > 0 {
			lead = hits[0].start
		}
		if v := valueBelow(line[:lead]); pending != nil && v != "" {
			*pending = Value{Text: v, Line: r.Line}
		}
		pending = nil
		for i, hi := range hits {
			end := len(line)
			if i+1 < len(hits) {
				end = hits[i+1].start
			}
			if hi.value.Text != "" {
				continue
			}
			*hi.value = Value{Text: strings.Join(strings.Fields(line[hi.end:end]), " "), Line: r.Line}
			if i == len(hits)-1 && hi.value.Text == "" {
				pending = hi.value
			}
		}
	}
	return h
}

// valueBelow is the value that text standing before any label on the row
// under a label that ends its own row gives that label, or "": OCR and
// pdftotext without -layout print a label cell and the cell below it on
// lines of their own ("项目编码:" then "440300231110101205005  项目名称: …").
// Text with a colon or a year subtitle in it is a label or a title, no value.
func valueBelow(text string) string {
	if strings.ContainsAny(text, ":：") || subtitleYear.MatchString(text) {
		return ""
	}
	return strings.Join(strings.Fields(text), " ")
}

// labelPatterns holds the compiled labelPattern of each label seen: every
// form's header is read with the same few labels of the templates, so
// compiling them once per form was most of reading a header.
var labelPatterns sync.Map // label → *regexp.Regexp

// labelPattern matches a label with any spacing between its characters and an optional colon.
func labelPattern(label string) *regexp.Regexp {
	if re, ok := labelPatterns.Load(label); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := labelPatterns.LoadOrStore(label, compileLabelPattern(label))
	return re.(*regexp.Regexp)
}

func compileLabelPattern(label string) *regexp.Regexp {
	var parts []string
	for _, r := range label {
		parts = append(parts, regexp.QuoteMeta(string(r)))
	}
	return regexp.MustCompile(strings.Join(parts, `[ \t]*`) + `[ \t]*[:：]?`)
}
