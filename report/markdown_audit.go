package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// mdEscaper keeps cell text literal: no emphasis, links, HTML or column breaks.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`,
	"<", `\<`, ">", `\>`, "\r\n", " ", "\n", " ", "\r", " ",
)

func md(s string) string { return mdEscaper.Replace(s) }

// mdRow writes one table row of already escaped cells.
func mdRow(w *bufio.Writer, cells ...string) {
	w.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// mdHeader writes a table header and its rule; right aligns the numeric columns.
func mdHeader(w *bufio.Writer, right map[int]bool, cells ...string) {
	mdRow(w, cells...)
	rules := make([]string, len(cells))
	for i := range cells {
		rules[i] = "---"
		if right[i] {
			rules[i] = "---:"
		}
	}
	mdRow(w, rules...)
}

// writeAuditMarkdown writes the summary, a table of the forms of each file,
// then a section per form that has findings.
func writeAuditMarkdown(out io.Writer, a *Audit) error {
	w := bufio.NewWriter(out)
	l := a.Lang
	s := a.Summary
	fmt.Fprintf(w, "# %s\n\n", l.word("title"))
	fmt.Fprintf(w, "%s\n\n", l.run(s))
	if f := a.Filter.describe(l); f != "" {
		fmt.Fprintf(w, "%s\n\n", md(l.wordf("filtered", f)))
	}
	if len(s.ByRule) > 0 {
		fmt.Fprintf(w, "## %s\n\n", l.word("by_rule"))
		mdHeader(w, map[int]bool{2: true}, l.word("rule"), l.word("severity"), l.word("count"), l.word("formula"))
		for _, r := range s.ByRule {
			mdRow(w, "`"+r.Rule+"`", l.severity(r.Severity), strconv.Itoa(r.Count), md(r.Formula))
		}
		w.WriteString("\n")
	}
	for _, src := range a.Sources {
		fmt.Fprintf(w, "## %s\n\n", md(src.Path))
		mdHeader(w, map[int]bool{0: true, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true},
			l.word("form"), l.word("project"), l.word("unit"), l.word("recorded_total"), l.word("computed_total"),
			l.word("difference"), l.word("rate"), l.word("errors"), l.word("warnings"))
		for _, f := range src.Forms {
			mdRow(w, strconv.Itoa(f.Seq), md(f.ProjectName), md(f.ImplementingUnit), number(f.RecordedTotal),
				rounded(f.ComputedTotal, 2), rounded(f.Difference, 2), rounded(f.Rate, 2),
				strconv.Itoa(f.Errors), strconv.Itoa(f.Warnings))
		}
		w.WriteString("\n")
		for _, f := range src.Forms {
			if len(f.Findings) == 0 {
				continue
			}
			fmt.Fprintf(w, "### %d. %s", f.Seq, md(f.ProjectName))
			if f.ProjectCode != "" {
				fmt.Fprintf(w, " (%s)", md(f.ProjectCode))
			}
			fmt.Fprintf(w, "\n\n%s\n\n", md(formLocation(f).String(l)))
			mdHeader(w, nil, l.word("location"), l.word("rule"), l.word("severity"), l.word("field"),
				l.word("recorded"), l.word("computed"), l.word("tolerance"), l.word("message"))
			for _, fd := range f.Findings {
				mdRow(w, md(fd.Location.Place(l)), "`"+fd.Rule+"`", l.severity(fd.Severity), md(fd.Field),
					md(fd.Recorded), md(fd.Computed), md(fd.Tolerance), md(fd.Text))
			}
			w.WriteString("\n")
		}
	}
	return w.Flush()
}
