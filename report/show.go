package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/formaudit/formaudit/template"
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
		tw.AppendHeader(append(table.Row{""}, heads(v.FundsCols, l)...))
		for _, fl := range v.Funds {
			tw.AppendRow(append(table.Row{show(fl.Label, 16)}, cells(v.FundsCols, fl, show)...))
		}
		tw.SetColumnConfigs(alignNumbers(append([]column{{}}, v.FundsCols...)))
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
	tw.AppendHeader(heads(v.IndCols, l))
	for _, ind := range v.Indicators {
		tw.AppendRow(cells(v.IndCols, ind, show))
	}
	total := indicatorView{Weight: v.Total.Weight, Score: v.Total.Score, ScoreComputed: v.Total.ScoreComputed}
	foot := cells(v.IndCols, total, show)
	if len(foot) > 0 {
		foot[0] = v.TotalLabel
	}
	tw.AppendFooter(foot)
	tw.SetColumnConfigs(alignNumbers(v.IndCols))
	tw.Render()

	if len(f.Findings) == 0 {
		fmt.Fprintln(w, l.word("no_findings"))
		return
	}
	fmt.Fprintln(w, l.word("marked"))
	fmt.Fprintf(w, "%s (%d)\n", l.word("findings"), len(f.Findings))
	tw = newTerminalTable(w)
	tw.AppendHeader(table.Row{l.word("location"), l.word("rule"), l.word("severity"), l.word("field"),
		l.word("recorded"), l.word("computed"), l.word("message")})
	for _, fd := range f.Findings {
		tw.AppendRow(table.Row{fd.Location.Place(l), fd.Rule, paint(l.severity(fd.Severity), fd.Severity, color),
			cut(fd.Field, 20), cut(fd.Recorded, 24), cut(fd.Computed, 24), fd.Text})
	}
	tw.SetColumnConfigs([]table.ColumnConfig{{Number: 7, WidthMax: 60, WidthMaxEnforcer: text.WrapSoft}})
	tw.Render()
}

// showWidths are the widths show cuts the text columns of indicators to.
var showWidths = map[string]int{
	template.FieldLevel1: 14, template.FieldLevel2: 14, template.FieldName: 24,
	template.FieldTarget: 18, template.FieldActual: 18, template.FieldNote: 16,
}

// heads are the header cells of cols, a recomputed column beside each that has one.
func heads(cols []column, l Lang) table.Row {
	var row table.Row
	for _, c := range cols {
		row = append(row, c.Label)
		if c.Recomputed() {
			row = append(row, l.wordf("recomputed_col", c.Label))
		}
	}
	return row
}

// cells are r's cells under cols, as heads lays them out.
func cells(cols []column, r tableRow, show func(cell, int) string) table.Row {
	var row table.Row
	for _, c := range cols {
		row = append(row, show(r.Cell(c.Key), showWidths[c.Key]))
		if c.Recomputed() {
			row = append(row, show(r.Computed(c.Key), 0))
		}
	}
	return row
}

// alignNumbers aligns right the columns of numbers among cols, laid out as
// heads lays them out.
func alignNumbers(cols []column) []table.ColumnConfig {
	var out []table.ColumnConfig
	n := 0
	for _, c := range cols {
		shown := 1
		if c.Recomputed() {
			shown = 2
		}
		for range shown {
			n++
			if c.Class() == "num" {
				out = append(out, table.ColumnConfig{Number: n, Align: text.AlignRight, AlignFooter: text.AlignRight})
			}
		}
	}
	return out
}
