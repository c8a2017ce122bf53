package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// WriteForms prints each form of a rebuilt as tables for a terminal: its
// header, funds with recorded and recomputed rate and score side by side,
// goals, indicators and total, then its findings. Cells a finding points at
// carry a "*", coloured by severity when color is on.
func WriteForms(w io.Writer, a *Audit, color bool) error {
	bw := bufio.NewWriter(w)
	for i, f := range a.Forms() {
		if i > 0 {
			bw.WriteString("\n")
		}
		writeForm(bw, f, a.view(f), a.Lang, color)
	}
	return bw.Flush()
}

func writeForm(w *bufio.Writer, f *Form, v *formView, l Lang, color bool) {
	fmt.Fprintf(w, "%s · %s %d · %s %d\n", v.Title, l.word("form"), f.Seq, l.word("id"), f.ID)
	fmt.Fprintf(w, "%s: %s\n", l.word("source_location"), formLocation(f).String(l))
	show := func(c cell, width int) string {
		t := c.Text
		if width > 0 {
			t = cut(t, width)
		}
		if c.Mark == "" {
			return t
		}
		return paint(t+" *", c.Mark, color)
	}

	tw := newTerminalTable(w)
	for _, h := range v.Header {
		tw.AppendRow(table.Row{h.Label, show(h.Value, 60)})
	}
	tw.Render()

	if len(v.Funds) > 0 {
		fmt.Fprintf(w, "%s\n", l.word("funds"))
		tw = newTerminalTable(w)
		head := table.Row{""}
		for _, c := range v.FundsCols {
			head = append(head, c.Label)
			if c.Recomputed() {
				head = append(head, l.wordf("recomputed_col", c.Label))
			}
		}
		tw.AppendHeader(head)
		for _, fl := range v.Funds {
			row := table.Row{show(fl.Label, 16)}
			for _, c := range v.FundsCols {
				row = append(row, show(fl.Cell(c.Key), 0))
				if c.Recomputed() {
					row = append(row, fl.Computed(c.Key).Text)
				}
			}
			tw.AppendRow(row)
		}
		right := make([]int, len(head)-1)
		for i := range right {
			right[i] = i + 2
		}
		tw.SetColumnConfigs(rightAligned(right...))
		tw.Render()
	}

	if len(v.Goals) > 0 {
		fmt.Fprintf(w, "%s\n", l.word("goals"))
		tw = newTerminalTable(w)
		tw.AppendHeader(table.Row{v.GoalCols[0], v.GoalCols[1]})
		for _, g := range v.Goals {
			tw.AppendRow(table.Row{cut(g.Expected, 50), cut(g.Actual, 50)})
		}
		tw.Render()
	}

	fmt.Fprintf(w, "%s\n", l.word("indicators"))
	tw = newTerminalTable(w)
	c := v.IndCols
	tw.AppendHeader(table.Row{c[0], c[1], c[2], c[3], c[4], c[5], c[6], l.wordf("recomputed_col", c[6]), c[7]})
	for _, ind := range v.Indicators {
		tw.AppendRow(table.Row{show(ind.Level1, 14), show(ind.Level2, 14), show(ind.Name, 24), show(ind.Target, 18),
			show(ind.Actual, 18), show(ind.Weight, 0), show(ind.Score, 0), show(ind.ScoreComputed, 0), show(ind.Note, 16)})
	}
	tw.AppendFooter(table.Row{v.TotalLabel, "", "", "", "", show(v.Total.Weight, 0), show(v.Total.Score, 0), v.Total.ScoreComputed.Text, ""})
	tw.SetColumnConfigs(rightAligned(6, 7, 8))
	tw.Render()

	if len(f.Findings) == 0 {
		fmt.Fprintln(w, l.word("no_findings"))
		return
	}
	fmt.Fprintln(w, l.word("marked"))
	fmt.Fprintf(w, "%s (%d)\n", l.word("findings"), len(f.Findings))
	tw = newTerminalTable(w)
	tw.AppendHeader(table.Row{l.word("line"), l.word("rule"), l.word("severity"), l.word("field"),
		l.word("recorded"), l.word("computed"), l.word("message")})
	for _, fd := range f.Findings {
		line := ""
		if fd.Line > 0 {
			line = strconv.Itoa(fd.Line)
		}
		tw.AppendRow(table.Row{line, fd.Rule, paint(l.severity(fd.Severity), fd.Severity, color),
			cut(fd.Field, 20), cut(fd.Recorded, 24), cut(fd.Computed, 24), fd.Text})
	}
	tw.SetColumnConfigs([]table.ColumnConfig{{Number: 7, WidthMax: 60, WidthMaxEnforcer: text.WrapSoft}})
	tw.Render()
}

// rightAligned configures the numbered columns (1-based) to align right.
func rightAligned(cols ...int) []table.ColumnConfig {
	out := make([]table.ColumnConfig, len(cols))
	for i, n := range cols {
		out[i] = table.ColumnConfig{Number: n, Align: text.AlignRight, AlignFooter: text.AlignRight}
	}
	return out
}
