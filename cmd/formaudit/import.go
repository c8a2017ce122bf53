package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/formaudit/formaudit/pipeline"
	"github.com/formaudit/formaudit/store"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// exitSignal is added to a signal's number to make the exit status of an
// import stopped by that signal, as shells do: 130 for SIGINT, 143 for SIGTERM.
const exitSignal = 128

// slowestShown is how many of the slowest files the summary names.
const slowestShown = 5

// importHeapLimit is the soft limit on the heap of an import, unless
// GOMEMLIMIT sets another. Without it, large files read in parallel (a
// 50 MB text, a workbook near the row limit) each take about twice their
// live memory before the collector runs; near the limit it runs sooner.
// It is soft: an import that needs more (limits raised by flags) gets it,
// only more slowly.
const importHeapLimit = 128 << 20

// importGCPercent is the heap growth between collections of an import,
// unless GOGC sets another. What an import keeps live is small (the
// documents waiting for the writer, some ten MB) while it allocates a lot
// per page: at 400 the collector's marking took 3.4% of an import's CPU
// (1.7 s of 50 at 10,000 forms), which two jobs take from the workers, and
// at 1600 0.7%. importHeapLimit makes it collect sooner once the heap nears
// 128 MiB, so the heap stays near that whatever the archive; the growth
// bound still holds with GOMEMLIMIT=off.
const importGCPercent = 1600

type importOptions struct {
	year        int
	jobs        int
	force       bool
	quiet       bool
	json        bool
	fileTimeout time.Duration
	limits      pipeline.Limits
	ocr         bool
	templates   []string
	cpuProfile  string
}

// sizeValue is a flag holding a size in bytes, set as "100MiB", "2GiB" or
// a plain number of bytes.
type sizeValue struct{ n *int64 }

func (v sizeValue) String() string {
	if v.n == nil {
		return ""
	}
	return pipeline.FormatSize(*v.n)
}

func (v sizeValue) Set(s string) error {
	n, err := pipeline.ParseSize(s)
	if err != nil {
		return err
	}
	*v.n = n
	return nil
}

func (v sizeValue) Type() string { return "size" }

func newImportCmd(g *globalOptions) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import [flags] PATH...",
		Short: "Import forms from files and directories (recursively)",
		Long: `Import reads every file under the given paths, recognises its format from
its content (not its name), extracts the forms, re-derives their scores and
stores forms and findings in the database, one transaction per file.
A file whose content is stored already is skipped (see --force); a file whose
content changed replaces its earlier forms.

On a terminal a progress bar shows files done, forms, findings, files/s and
the time left; otherwise each file gets a line. At the end come the counts
per status and per format, the failures with their reasons and the slowest
files; --json prints them as one JSON object instead (see docs/import.md).

--template adds a template definition of your own (JSON, the format of the
built-in ones, see template/README.md) to the built-in templates; a file
that cannot be read or is not a valid definition stops the import before
any file is read and before the database is opened: no database is
created. Files stored already are skipped: add --force to read them again
with it.

A file past a limit (--max-file-size, --max-pages, --max-rows,
--max-decompressed, --file-timeout) fails with an error naming the flag
that raises it, and the import goes on; see docs/hostile.md.

Ctrl-C stops after the file being written and reports what was done; run the
same command again to finish. A killed import loses at most the files in
flight: every file is stored whole or not at all.

Exit status: 0 when every file was imported or unchanged, 2 when some files
failed, 130 when interrupted by Ctrl-C (143 by SIGTERM), 1 on other errors.`,
		Example: `  formaudit import fixtures/
  formaudit import --year 2024 --db audit.db archive/2024/
  formaudit import --template templates/hebei.json archive/
  formaudit import --json --jobs 2 archive/ > summary.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.ocr && !cmd.Flags().Changed("file-timeout") {
				o.fileTimeout = pipeline.DefaultOCRFileTimeout
			}
			return runImport(cmd.Context(), g, o, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().IntVar(&o.year, "year", 0, "year for forms that print none (default: the year most forms of the file print)")
	cmd.Flags().IntVar(&o.jobs, "jobs", 0, "files read in parallel (default: number of CPUs)")
	cmd.Flags().BoolVar(&o.force, "force", false, "re-import files whose content is already stored")
	cmd.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "print only failures")
	cmd.Flags().BoolVar(&o.json, "json", false, "print the summary as JSON on stdout, and nothing else there")
	cmd.Flags().DurationVar(&o.fileTimeout, "file-timeout", pipeline.DefaultFileTimeout, "time one file may take to be read before it fails")
	cmd.Flags().BoolVar(&o.ocr, "ocr", false, "OCR images (PNG, JPEG, TIFF) and PDFs without a text layer with tesseract, and cross-check text dumps as OCR output (see docs/ocr.md)")
	cmd.Flags().StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the import to `FILE` (go tool pprof; for developers)")
	cmd.Flags().MarkHidden("cpuprofile")
	cmd.Flags().StringArrayVar(&o.templates, "template", nil, "also read forms with the template defined in `FILE` (JSON, see template/README.md); repeatable")
	cmd.MarkFlagFilename("template", "json")
	// The limits keep a hostile file (a zip bomb, a million-row sheet) from
	// taking the machine; a file past one fails with a message naming its flag.
	o.limits = pipeline.Limits{FileSize: pipeline.DefaultMaxFileSize, Pages: pipeline.DefaultMaxPages,
		Rows: pipeline.DefaultMaxRows, Decompressed: pipeline.DefaultMaxDecompressed}
	cmd.Flags().Var(sizeValue{&o.limits.FileSize}, strings.TrimPrefix(pipeline.FlagFileSize, "--"), "largest file read (e.g. 100MiB, 1GiB); larger files fail")
	cmd.Flags().IntVar(&o.limits.Pages, strings.TrimPrefix(pipeline.FlagPages, "--"), pipeline.DefaultMaxPages, "most pages read from one PDF")
	cmd.Flags().IntVar(&o.limits.Rows, strings.TrimPrefix(pipeline.FlagRows, "--"), pipeline.DefaultMaxRows, "most rows read from one sheet of a workbook")
	cmd.Flags().Var(sizeValue{&o.limits.Decompressed}, strings.TrimPrefix(pipeline.FlagDecompressed, "--"), "most bytes one file may expand to: a workbook unzipped, a PDF's streams decoded")
	groupFlags(cmd,
		[]string{"Reading", "year", "template", "ocr", "force", "jobs"},
		[]string{"Output", "json", "quiet"},
		[]string{"Limits", "file-timeout", strings.TrimPrefix(pipeline.FlagFileSize, "--"), strings.TrimPrefix(pipeline.FlagPages, "--"),
			strings.TrimPrefix(pipeline.FlagRows, "--"), strings.TrimPrefix(pipeline.FlagDecompressed, "--")})
	return cmd
}

func runImport(ctx context.Context, g *globalOptions, o *importOptions, paths []string, out, errw io.Writer) (err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if o.fileTimeout <= 0 {
		return fmt.Errorf("--file-timeout %v: want a positive duration", o.fileTimeout)
	}
	if o.limits.Pages <= 0 || o.limits.Rows <= 0 {
		return fmt.Errorf("%s %d, %s %d: want positive numbers", pipeline.FlagPages, o.limits.Pages, pipeline.FlagRows, o.limits.Rows)
	}
	if o.ocr {
		if err := pipeline.CheckOCR(); err != nil {
			return fmt.Errorf("--ocr: %w", err)
		}
	}
	ctx, caught, stop := notifyInterrupt(ctx)
	defer stop()
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importHeapLimit))
	}
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(importGCPercent))
	}
	rep := newReporter(out, errw, o)
	opt := pipeline.Options{
		Year: o.year, Jobs: o.jobs, Force: o.force, TemplateFiles: o.templates, FileTimeout: o.fileTimeout, Limits: o.limits, OCR: o.ocr,
		Walked: rep.start, Progress: rep.file,
	}
	// Templates are read before the database is opened, so that a refused
	// definition leaves no new, empty database behind.
	opt, err = opt.LoadTemplates()
	if err != nil {
		return err
	}
	if o.cpuProfile != "" {
		stopProfile, perr := startCPUProfile(o.cpuProfile)
		if perr != nil {
			return perr
		}
		defer func() { err = errors.Join(err, stopProfile()) }()
	}
	db, err := store.Open(g.db)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := pipeline.Import(ctx, db, paths, opt)
	rep.finish()
	interrupted := errors.Is(err, context.Canceled)
	if sum != nil {
		if o.json {
			if err := writeJSONSummary(out, sum, interrupted); err != nil {
				return err
			}
		} else {
			printSummary(out, errw, sum, o.quiet)
		}
	}
	if interrupted {
		code := exitSignal + int(syscall.SIGINT)
		if s, ok := caught().(syscall.Signal); ok {
			code = exitSignal + int(s)
		}
		return &exitError{code, fmt.Errorf("interrupted: %d of %d files done, %d not read; run the same command again to finish (files done are skipped)",
			len(sum.Files), sum.Total, sum.Pending())}
	}
	if err != nil {
		return err
	}
	if failed := sum.Failed(); len(failed) > 0 {
		return &exitError{exitFailed, fmt.Errorf("%d of %d files failed to import", len(failed), len(sum.Files))}
	}
	return nil
}

// notifyInterrupt cancels the returned context on the first SIGINT or
// SIGTERM and then stops listening, so that a second Ctrl-C kills the
// process at once (which is safe: every file is one transaction). caught
// returns the signal received, or nil.
func notifyInterrupt(parent context.Context) (ctx context.Context, caught func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var (
		mu  sync.Mutex
		got os.Signal
	)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs)
			mu.Lock()
			got = s
			mu.Unlock()
			cancel()
		case <-done:
		}
	}()
	caught = func() os.Signal {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
	stop = func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
	return ctx, caught, stop
}

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
	return fmt.Sprintf("%d forms, %d findings", r.forms, r.findings)
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
	case r.plain && f.Status == pipeline.StatusUnchanged:
		fmt.Fprintf(r.out, "%sunchanged  %s\n", r.count(), f.Path)
	case r.plain:
		fmt.Fprintf(r.out, "%simported   %s: %d forms, %d errors, %d warnings\n", r.count(), f.Path, f.Forms, f.Errors, f.Warnings)
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

func printSummary(out, errw io.Writer, sum *pipeline.Summary, quiet bool) {
	byStatus, forms, errs, warnings := sum.Count()
	if !quiet {
		secs := sum.Elapsed.Seconds()
		var parts []string
		for _, s := range []string{pipeline.StatusImported, pipeline.StatusUnchanged, pipeline.StatusFailed} {
			parts = append(parts, fmt.Sprintf("%d %s", byStatus[s], s))
		}
		fmt.Fprintf(out, "%d files in %.1fs (%.1f files/s): %s\n", len(sum.Files), secs, rate(len(sum.Files), secs), strings.Join(parts, ", "))
		fmt.Fprintf(out, "%d forms (%.1f forms/s); findings: %d errors, %d warnings\n", forms, rate(forms, secs), errs, warnings)
		formats := sum.Formats()
		names := make([]string, 0, len(formats))
		for f := range formats {
			names = append(names, f)
		}
		sort.Strings(names)
		parts = parts[:0]
		for _, f := range names {
			parts = append(parts, fmt.Sprintf("%d %s", formats[f], f))
		}
		if len(parts) > 0 {
			fmt.Fprintf(out, "formats: %s\n", strings.Join(parts, ", "))
		}
		if slow := sum.Slowest(slowestShown); len(slow) > 1 {
			fmt.Fprintln(out, "slowest files:")
			for _, f := range slow {
				fmt.Fprintf(out, "  %6.2fs  %s\n", f.Elapsed.Seconds(), f.Path)
			}
		}
	}
	failed := sum.Failed()
	if len(failed) == 0 {
		return
	}
	sort.Slice(failed, func(i, j int) bool { return failed[i].Path < failed[j].Path })
	fmt.Fprintf(errw, "failed files (%d):\n", len(failed))
	for _, f := range failed {
		fmt.Fprintf(errw, "  %s: %s\n", f.Path, firstLine(f.Err))
	}
}

func rate(n int, secs float64) float64 {
	if secs <= 0 {
		return 0
	}
	return float64(n) / secs
}

// jsonSummary is the --json output; docs/import.md documents its fields.
type jsonSummary struct {
	Files          int            `json:"files"`
	Done           int            `json:"done"`
	Pending        int            `json:"pending"`
	Interrupted    bool           `json:"interrupted"`
	ElapsedSeconds float64        `json:"elapsed_seconds"`
	FilesPerSecond float64        `json:"files_per_second"`
	Forms          int            `json:"forms"`
	FormsPerSecond float64        `json:"forms_per_second"`
	Findings       jsonFindings   `json:"findings"`
	Status         map[string]int `json:"status"`
	Formats        map[string]int `json:"formats"`
	Failures       []jsonFile     `json:"failures"`
	Slowest        []jsonFile     `json:"slowest"`
}

type jsonFindings struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

type jsonFile struct {
	Path    string  `json:"path"`
	Format  string  `json:"format"`
	Status  string  `json:"status"`
	Forms   int     `json:"forms"`
	Seconds float64 `json:"seconds"`
	Error   string  `json:"error,omitempty"`
}

func writeJSONSummary(w io.Writer, sum *pipeline.Summary, interrupted bool) error {
	byStatus, forms, errs, warnings := sum.Count()
	secs := sum.Elapsed.Seconds()
	js := jsonSummary{
		Files: sum.Total, Done: len(sum.Files), Pending: sum.Pending(), Interrupted: interrupted,
		ElapsedSeconds: secs, FilesPerSecond: rate(len(sum.Files), secs),
		Forms: forms, FormsPerSecond: rate(forms, secs),
		Findings: jsonFindings{errs, warnings},
		Status:   map[string]int{},
		Formats:  sum.Formats(),
		Failures: []jsonFile{},
		Slowest:  []jsonFile{},
	}
	for _, s := range []string{pipeline.StatusImported, pipeline.StatusUnchanged, pipeline.StatusFailed} {
		js.Status[s] = byStatus[s]
	}
	for _, f := range sum.Failed() {
		js.Failures = append(js.Failures, fileJSON(f))
	}
	for _, f := range sum.Slowest(slowestShown) {
		js.Slowest = append(js.Slowest, fileJSON(f))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(js)
}

func fileJSON(f pipeline.FileResult) jsonFile {
	j := jsonFile{Path: f.Path, Format: f.Format, Status: f.Status, Forms: f.Forms, Seconds: f.Elapsed.Seconds()}
	if j.Format == "" {
		j.Format = pipeline.FormatNone
	}
	if f.Err != nil {
		j.Error = f.Err.Error()
	}
	return j
}
