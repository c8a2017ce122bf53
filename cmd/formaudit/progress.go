package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/pipeline"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// reporter shows an import's progress: a bar on a terminal's stderr, or a
// line per file when stdout is not a terminal, or nothing with --quiet.
// Its methods are called from one goroutine.
type reporter struct {
	out, errw io.Writer
	plain     bool // a line per file on out, failures on errw
	useBar    bool
	bar       *progressbar.ProgressBar
	total     int
	done      int
	forms     int
	findings  int
}

func newReporter(out, errw io.Writer, o *importOptions) *reporter {
	r := &reporter{out: out, errw: errw}
	if o.quiet {
		return r
	}
	r.useBar = isTerminal(errw)
	r.plain = !o.json && (!isTerminal(out) || !r.useBar)
	return r
}

func (r *reporter) start(total int) {
	r.total = total
	if !r.useBar || total == 0 {
		return
	}
	r.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(r.errw),
		progressbar.OptionSetDescription(r.describe()),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	)
}

func (r *reporter) describe() string {
	return english.Count(r.forms, "form") + ", " + english.Count(r.findings, "finding")
}

func (r *reporter) file(f pipeline.FileResult) {
	r.done++
	r.forms += f.Forms
	r.findings += f.Errors + f.Warnings
	switch {
	case f.Status == pipeline.StatusFailed && (r.plain || r.bar != nil):
		if r.bar != nil {
			r.bar.Clear()
		}
		fmt.Fprintf(r.errw, "%sfailed     %s: %s\n", r.count(), f.Path, firstLine(f.Err))
	case r.plain && f.Status == pipeline.StatusUnchanged && f.CopyOf != "":
		fmt.Fprintf(r.out, "%sunchanged  %s: a copy of %s, whose forms are stored\n", r.count(), f.Path, f.CopyOf)
	case r.plain && f.Status == pipeline.StatusUnchanged:
		fmt.Fprintf(r.out, "%sunchanged  %s\n", r.count(), f.Path)
	case r.plain:
		fmt.Fprintf(r.out, "%simported   %s: %s, %s, %s\n", r.count(), f.Path, english.Count(f.Forms, "form"), english.Count(f.Errors, "error"), english.Count(f.Warnings, "warning"))
	}
	if r.bar != nil {
		r.bar.Describe(r.describe())
		r.bar.Add(1)
	}
}

// count prefixes a plain line with the files done so far, e.g. "[ 7/120] ".
func (r *reporter) count() string {
	if !r.plain {
		return ""
	}
	return fmt.Sprintf("[%*d/%d] ", len(fmt.Sprint(r.total)), r.done, r.total)
}

// finish takes the bar off the screen, finished or not.
func (r *reporter) finish() {
	if r.bar != nil {
		r.bar.Clear()
		r.bar.Exit()
	}
}

// firstLine keeps an error's first line: a panic's stack trace stays in the
// database (sources.error) rather than flooding the terminal.
func firstLine(err error) string {
	if err == nil {
		return ""
	}
	s, _, cut := strings.Cut(err.Error(), "\n")
	if cut {
		s += " (full text in sources.error)"
	}
	return s
}
