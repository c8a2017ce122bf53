package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/formaudit/formaudit/pipeline"
	"github.com/formaudit/formaudit/store"
	"github.com/spf13/cobra"
)

// exitSignal is added to a signal's number to make the exit status of an
// import stopped by that signal, as shells do: 130 for SIGINT, 143 for SIGTERM.
const exitSignal = 128

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
its content (not its name: text dumps and CSV, PDF, XLSX, XLS, ODS, Word
.docx, OpenDocument .odt, and with --ocr images), extracts the forms,
re-derives their scores and stores forms and findings in the database, one
transaction per file.
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
with it. A definition that differs from the one the database keeps under its
name replaces it, with a warning naming the forms read with the earlier one.

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
	cmd.Flags().DurationVar(&o.fileTimeout, "file-timeout", pipeline.DefaultFileTimeout, "time one file may take to be read and checked before it fails (not counting its wait for the writer)")
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
	cmd.Flags().IntVar(&o.limits.Rows, strings.TrimPrefix(pipeline.FlagRows, "--"), pipeline.DefaultMaxRows, "most rows read from one sheet of a workbook, or from a Word document")
	cmd.Flags().Var(sizeValue{&o.limits.Decompressed}, strings.TrimPrefix(pipeline.FlagDecompressed, "--"), "most bytes one file may expand to: a workbook or Word document unzipped, a PDF's streams decoded")
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
