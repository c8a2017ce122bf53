package report

import (
	"fmt"
	"io"

	"github.com/formaudit/formaudit/score"
	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
	"github.com/mattn/go-runewidth"
)

// ANSI colours of the severities. They are written directly rather than
// through go-pretty's colours, which a process-wide switch turns off.
const (
	ansiError   = "\x1b[1;31m"
	ansiWarning = "\x1b[33m"
	ansiReset   = "\x1b[0m"
)

// paint colours text by severity when color is on.
func paint(text, severity string, color bool) string {
	if !color {
		return text
	}
	switch score.Severity(severity) {
	case score.Error:
		return ansiError + text + ansiReset
	case score.Warning:
		return ansiWarning + text + ansiReset
	}
	return text
}

// cut shortens text to width display columns; go-pretty measures East Asian
// wide characters, so cutting by display width keeps Chinese columns aligned.
func cut(text string, width int) string {
	return runewidth.Truncate(text, width, "…")
}

// newTerminalTable is a go-pretty table in the light box style, its header
// as written: upper-casing would garble mixed labels such as "执行率 (recomputed)".
func newTerminalTable(w io.Writer) table.Writer {
	tw := table.NewWriter()
	tw.SetOutputMirror(w)
	tw.SetStyle(table.StyleLight)
	tw.Style().Format.Header = text.FormatDefault
	tw.Style().Format.Footer = text.FormatDefault
	return tw
}

// writeAuditTable lays the findings out for a terminal, one row each; the
// message is left to the other formats. The form id is what show takes. The file column appears only when there is more than one
// file, as ShortPaths gives them.
func writeAuditTable(w io.Writer, a *Audit, color bool) error {
	l := a.Lang
	if s := a.Filter.describe(l); s != "" {
		if _, err := fmt.Fprintln(w, l.wordf("filtered", s)); err != nil {
			return err
		}
	}
	if a.Summary.Findings == 0 {
		_, err := fmt.Fprintln(w, l.word("no_findings"))
		return err
	}
	many := len(a.Sources) > 1
	var short []string
	if many {
		paths := make([]string, len(a.Sources))
		for i, s := range a.Sources {
			paths[i] = s.Path
		}
		var dir string
		if dir, short = ShortPaths(paths, 40); dir != "" {
			if _, err := fmt.Fprintln(w, l.wordf("files_under", dir)); err != nil {
				return err
			}
		}
	}
	tw := newTerminalTable(w)
	header := table.Row{l.word("form_id"), l.word("project"), l.word("location"), l.word("rule"), l.word("severity"),
		l.word("field"), l.word("recorded"), l.word("computed")}
	if many {
		header = append(table.Row{l.word("file")}, header...)
	}
	tw.AppendHeader(header)
	for i, s := range a.Sources {
		for _, f := range s.Forms {
			for _, fd := range f.Findings {
				row := table.Row{f.ID, cut(f.ProjectName, 20), fd.Location.Place(l), fd.Rule, paint(l.severity(fd.Severity), fd.Severity, color),
					cut(fd.Field, 20), cut(fd.Recorded, 30), cut(fd.Computed, 30)}
				if many {
					row = append(table.Row{short[i]}, row...)
				}
				tw.AppendRow(row)
			}
		}
	}
	tw.Render()
	_, err := fmt.Fprintln(w, l.wordf("findings_count", count{a.Summary.Findings, "finding"}, count{a.Summary.Errors, "error"}, count{a.Summary.Warnings, "warning"}))
	return err
}
