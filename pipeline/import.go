// Package pipeline imports documents: it walks the paths, sniffs each file,
// extracts, normalises and scores in parallel, and stores through one writer.
// It is a library; the CLI is one caller of it.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
)

// Statuses of a file in an import.
const (
	StatusImported  = "imported"
	StatusUnchanged = "unchanged"
	StatusFailed    = "failed"
)

// Options steer an import.
type Options struct {
	Year     int                // batch year for forms that print none
	Jobs     int                // parallel extractors; 0 means one per CPU
	Force    bool               // re-import files whose content is already stored
	Template *template.Template // nil means the national template
	Progress func(FileResult)   // called after each file, from one goroutine
}

// FileResult is the outcome for one file.
type FileResult struct {
	Path     string
	Format   string
	Status   string
	Forms    int
	Errors   int // findings of severity error
	Warnings int
	Err      error
	Elapsed  time.Duration
}

// Summary is the outcome of an import.
type Summary struct {
	Files   []FileResult
	Elapsed time.Duration
}

// Failed lists the files that could not be imported.
func (s *Summary) Failed() []FileResult {
	var out []FileResult
	for _, f := range s.Files {
		if f.Status == StatusFailed {
			out = append(out, f)
		}
	}
	return out
}

// Count adds up files by status, and forms and findings over imported files.
func (s *Summary) Count() (byStatus map[string]int, forms, errs, warnings int) {
	byStatus = map[string]int{}
	for _, f := range s.Files {
		byStatus[f.Status]++
		forms += f.Forms
		errs += f.Errors
		warnings += f.Warnings
	}
	return byStatus, forms, errs, warnings
}

// Import reads every file under paths into db. Files are extracted in
// parallel and written one transaction per file, in path order, by a single
// writer, so two runs over the same archive store the same rows.
func Import(ctx context.Context, db *store.DB, paths []string, opt Options) (*Summary, error) {
	start := time.Now()
	files, failed := walk(paths)
	sum := &Summary{}
	for _, f := range failed {
		if err := db.SaveFailure(ctx, store.Source{Path: f.Path}, f.Err); err != nil {
			return sum, err
		}
		sum.add(f, opt)
	}
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}

	type result struct {
		doc     *Document
		err     error
		elapsed time.Duration
	}
	results := make([]chan result, len(files))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	// Workers may run ahead of the writer by a bounded window, so memory does
	// not grow with the archive.
	window := make(chan struct{}, 2*jobs)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t0 := time.Now()
				doc, err := processUnlessUnchanged(ctx, db, files[i], opt)
				results[i] <- result{doc, err, time.Since(t0)}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range files {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				<-window
				return
			}
		}
	}()

	var fatal error
	for i, path := range files {
		var r result
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			wg.Wait()
			sum.Elapsed = time.Since(start)
			return sum, fmt.Errorf("import interrupted after %d of %d files: %w", i, len(files), ctx.Err())
		}
		<-window
		fr := FileResult{Path: path, Elapsed: r.elapsed}
		if r.doc != nil {
			fr.Format = r.doc.Format
		}
		switch {
		case errors.Is(r.err, errUnchanged):
			fr.Status = StatusUnchanged
		case r.err != nil:
			fr.Status, fr.Err = StatusFailed, r.err
			src := store.Source{Path: path}
			if r.doc != nil {
				src = store.Source{Path: path, SHA256: r.doc.SHA256, Format: r.doc.Format, Size: r.doc.Size}
			}
			if err := db.SaveFailure(ctx, src, r.err); err != nil && fatal == nil {
				fatal = fmt.Errorf("%s: recording the failure: %w", path, err)
			}
		default:
			d := r.doc
			if _, err := db.SaveForms(ctx, store.Source{Path: path, SHA256: d.SHA256, Format: d.Format, Size: d.Size}, d.Forms, d.Results); err != nil {
				fr.Status, fr.Err = StatusFailed, fmt.Errorf("storing: %w", err)
			} else {
				fr.Status, fr.Forms = StatusImported, len(d.Forms)
				fr.Errors, fr.Warnings = severities(d.Results)
			}
		}
		sum.add(fr, opt)
		if fatal != nil {
			break
		}
	}
	wg.Wait()
	sum.Elapsed = time.Since(start)
	return sum, fatal
}

var errUnchanged = errors.New("unchanged since the last import")

// processUnlessUnchanged skips the work for a file whose content is stored already.
func processUnlessUnchanged(ctx context.Context, db *store.DB, path string, opt Options) (*Document, error) {
	doc, data, err := load(path)
	if err != nil {
		return doc, err
	}
	if !opt.Force {
		same, err := db.Unchanged(ctx, path, doc.SHA256)
		if err != nil {
			return doc, err
		}
		if same {
			return doc, errUnchanged
		}
	}
	return doc, process(ctx, doc, data, opt)
}

func (s *Summary) add(f FileResult, opt Options) {
	s.Files = append(s.Files, f)
	if opt.Progress != nil {
		opt.Progress(f)
	}
}

func severities(results []score.Result) (errs, warnings int) {
	for _, r := range results {
		for _, f := range r.Findings {
			if f.Severity == score.Error {
				errs++
			} else {
				warnings++
			}
		}
	}
	return errs, warnings
}
