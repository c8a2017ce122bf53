// Package pipeline imports documents: it walks the paths, sniffs each file,
// extracts, normalises and scores in parallel, and stores through one writer.
// It is a library; the CLI is one caller of it.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
)

// Options steer an import.
type Options struct {
	Year          int                // batch year for forms that print none
	Jobs          int                // parallel extractors; 0 means one per CPU
	Force         bool               // re-import files whose content is already stored
	Template      *template.Template // nil means the built-in templates, each form read with the one it fits (template.Default)
	TemplateFiles []string           // template definitions (JSON) read with the built-in ones, loaded before any file
	FileTimeout   time.Duration      // time one file may take to be read; 0 means DefaultFileTimeout
	Limits        Limits             // what one file may cost besides time
	OCR           bool               // OCR images and PDFs without text with tesseract; cross-check text dumps as OCR output
	Walked        func(files int)    // called once with the number of files found, before any is read
	Progress      func(FileResult)   // called after each file, from one goroutine
}

// Import reads every file under paths into db. Files are extracted in
// parallel and written one transaction per file, in path order, by a single
// writer, so two runs over the same archive store the same rows.
//
// When ctx is cancelled, the file being written is committed and Import
// returns the files done so far with an error wrapping ctx.Err(); a later
// run skips them as unchanged and finishes the rest.
func Import(ctx context.Context, db *store.DB, paths []string, opt Options) (*Summary, error) {
	start := time.Now()
	t, err := opt.templates()
	if err != nil {
		return nil, err
	}
	opt.Template = t
	replaced, err := db.SaveTemplates(ctx, own(t))
	if err != nil {
		return nil, err
	}
	files, failed := walk(paths, db.Files())
	sum := &Summary{Total: len(files) + len(failed), TemplatesReplaced: replaced}
	if opt.Walked != nil {
		opt.Walked(sum.Total)
	}
	// Rows are written under a context that is never cancelled, so that an
	// interrupt lets the file in hand commit; the loops stop before the next.
	wctx := context.WithoutCancel(ctx)
	pprof.Do(ctx, pprof.Labels(ProfileLabel, "writer"), func(context.Context) {
		err = importFiles(ctx, wctx, db, files, failed, opt, sum)
		// The writer leaves the last texts it stored to be indexed now,
		// whole, however the import ended.
		if ierr := db.IndexSearch(wctx); ierr != nil {
			err = errors.Join(err, ierr)
		}
	})
	sum.Elapsed = time.Since(start)
	return sum, err
}

// importFiles records the files walk could not read, then reads the others
// in parallel and writes them, in order, adding each to sum.
func importFiles(ctx, wctx context.Context, db *store.DB, files []string, failed []FileResult, opt Options, sum *Summary) error {
	interrupted := func() error {
		return fmt.Errorf("import interrupted after %d of %d files: %w", len(sum.Files), sum.Total, ctx.Err())
	}
	for _, f := range failed {
		if ctx.Err() != nil {
			return interrupted()
		}
		if err := db.SaveFailure(wctx, store.Source{Path: f.Path}, f.Err); err != nil {
			return err
		}
		sum.add(f, opt)
	}

	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	// Workers stop when the caller cancels and also when the writer gives up.
	rctx, stop := context.WithCancel(ctx)
	rd := startReader(rctx, db, files, jobs, opt)
	defer rd.stop(stop)

	// Texts are indexed in batches as files are written. Once the workers
	// have taken the last files, the texts of the files since the last batch
	// are indexed at once, while the workers read their last files, and again
	// whenever the writer would wait for one. Left to the end, they would be
	// indexed on one core after every worker was done: with two jobs the
	// writer seldom waits, and this took 45 ms at the end of a 3-second
	// import of 1,000 forms while the other core stood idle.
	tailIndexed := false
	held := newCopies(db, files)
	for i, path := range files {
		if rd.lastTaken() && (!tailIndexed || !rd.ready(i)) {
			tailIndexed = true
			if err := db.IndexSearch(wctx); err != nil {
				return err
			}
		}
		r, ok := rd.result(ctx, i)
		// A result that arrived with the interrupt may carry the
		// cancellation as its error: it is dropped, not recorded as a failure.
		if !ok || ctx.Err() != nil {
			return interrupted()
		}
		fr, err := write(wctx, db, path, r, held)
		sum.add(fr, opt)
		if err != nil {
			return err
		}
	}
	return nil
}

// ProfileLabel is the key of the profiler label, worker or writer, that an
// import's goroutines carry: `go tool pprof -tags` splits its time by it.
const ProfileLabel = "role"

// result is what a worker made of one file: the file read, and its
// forms to come (forms), or why there are none (err).
type result struct {
	doc     *Document
	forms   *formStream
	err     error
	elapsed time.Duration
}

// reader extracts files with parallel workers and hands each file's result
// over on a channel of its own, so the writer takes them in path order.
// Workers run ahead of the writer by a bounded window, so memory does not
// grow with the archive.
type reader struct {
	results []chan result
	window  chan struct{}
	taken   chan struct{} // closed when workers have taken every file
	gone    chan struct{} // closed when the writer takes no more files
	wg      sync.WaitGroup
}

// aheadPerJob is how many files each worker may read ahead of the writer.
// The writer takes files in order, so one slow file holds up the rest: a
// window wider than the jobs lets the other workers go on meanwhile, while
// the few documents waiting in it keep memory flat.
const aheadPerJob = 8

func startReader(ctx context.Context, db *store.DB, files []string, jobs int, opt Options) *reader {
	rd := &reader{
		results: make([]chan result, len(files)),
		window:  make(chan struct{}, aheadPerJob*jobs),
		taken:   make(chan struct{}),
		gone:    make(chan struct{}),
	}
	for i := range rd.results {
		rd.results[i] = make(chan result, 1)
	}
	next := make(chan int)
	for range jobs {
		rd.wg.Add(1)
		go pprof.Do(ctx, pprof.Labels(ProfileLabel, "worker"), func(ctx context.Context) {
			defer rd.wg.Done()
			for i := range next {
				t0 := time.Now()
				doc, raw, err := readUnlessUnchanged(ctx, db, files[i], opt)
				r := result{doc: doc, err: err}
				handed := false
				handOver := func() {
					if !handed {
						handed = true
						r.elapsed = time.Since(t0)
						rd.results[i] <- r
					}
				}
				if raw != nil {
					r.forms = newFormStream()
					r.forms.fill(raw, rd.gone, handOver)
				}
				handOver()
			}
		})
	}
	rd.wg.Add(1)
	go func() {
		defer rd.wg.Done()
		defer close(next)
		for i := range files {
			select {
			case rd.window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
		close(rd.taken)
	}()
	return rd
}

// lastTaken reports whether workers have taken every file.
func (rd *reader) lastTaken() bool {
	select {
	case <-rd.taken:
		return true
	default:
		return false
	}
}

// ready reports whether file i's result is waiting.
func (rd *reader) ready(i int) bool {
	return len(rd.results[i]) > 0
}

// result waits for file i's result and frees its place in the window; it
// reports false if ctx ends first.
func (rd *reader) result(ctx context.Context, i int) (result, bool) {
	select {
	case r := <-rd.results[i]:
		<-rd.window
		return r, true
	case <-ctx.Done():
		return result{}, false
	}
}

// stop cancels the workers with cancel and waits for them. Readers abandoned
// past the per-file limit are not waited for.
func (rd *reader) stop(cancel context.CancelFunc) {
	cancel()
	close(rd.gone)
	rd.wg.Wait()
}

// write stores one file's result in its own transaction, its forms as the
// worker makes them. A file whose content another path holds (see copies)
// is a copy: unchanged, its own rows removed, its forms stored once. The
// error it returns is fatal to the import: the database could not record
// the file at all; a file that could not be read is a FileResult with
// status failed.
func write(ctx context.Context, db *store.DB, path string, r result, held *copies) (fr FileResult, err error) {
	t0 := time.Now()
	fr.Path = path
	defer func() { fr.Elapsed = r.elapsed + time.Since(t0) }()
	if r.forms != nil {
		defer r.forms.abandon()
	}
	src := store.Source{Path: path}
	if r.doc != nil {
		fr.Format = r.doc.Format
		src = store.Source{Path: path, SHA256: r.doc.SHA256, Format: r.doc.Format, Size: r.doc.Size}
	}
	fail := func(err error) (FileResult, error) {
		fr.Status, fr.Err = StatusFailed, err
		if err := db.SaveFailure(ctx, src, err); err != nil {
			return fr, fmt.Errorf("%s: recording the failure: %w", path, err)
		}
		return fr, nil
	}
	switch {
	case errors.Is(r.err, errUnchanged):
		fr.Status = StatusUnchanged
		if of := held.unchanged(src.SHA256, path); of != "" {
			if err := db.Forget(ctx, path); err != nil {
				return fr, err
			}
			fr.CopyOf = of
		}
	case r.err != nil:
		return fail(r.err)
	default:
		of, err := held.of(ctx, src.SHA256, path)
		if err != nil {
			return fr, err
		}
		if of != "" {
			if err := db.Forget(ctx, path); err != nil {
				return fr, err
			}
			fr.Status, fr.CopyOf = StatusUnchanged, of
			break
		}
		var checkErr error
		_, n, err := db.SaveFormsFrom(ctx, src, func(yield func(*normalize.Form, *score.Result) bool) error {
			checkErr = r.forms.each(func(f *normalize.Form, res *score.Result) bool {
				e, w := severities(res)
				fr.Errors, fr.Warnings = fr.Errors+e, fr.Warnings+w
				return yield(f, res)
			})
			return checkErr
		})
		switch {
		case checkErr != nil:
			fr.Errors, fr.Warnings = 0, 0
			return fail(checkErr)
		case err != nil:
			fr.Errors, fr.Warnings = 0, 0
			return fail(fmt.Errorf("storing: %w", err))
		}
		held.stored(src.SHA256, path)
		fr.Status, fr.Forms = StatusImported, n
	}
	return fr, nil
}

var errUnchanged = errors.New("unchanged since the last import")

// readUnlessUnchanged skips the work for a file whose content is stored
// already; otherwise it reads the file, its forms left to be checked.
func readUnlessUnchanged(ctx context.Context, db *store.DB, path string, opt Options) (*Document, *raw, error) {
	doc, data, err := load(path, opt.Limits)
	if err != nil {
		return doc, nil, err
	}
	if !opt.Force {
		same, err := db.Unchanged(ctx, path, doc.SHA256)
		if err != nil {
			return doc, nil, err
		}
		if same {
			return doc, nil, errUnchanged
		}
	}
	r, err := read(ctx, doc, data, opt)
	return doc, r, err
}

// severities counts a form's findings by severity.
func severities(r *score.Result) (errs, warnings int) {
	for _, f := range r.Findings {
		if f.Severity == score.Error {
			errs++
		} else {
			warnings++
		}
	}
	return errs, warnings
}
