package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/template"
)

// Document is one file carried through extract → normalize → score.
type Document struct {
	Path    string
	SHA256  string
	Size    int64
	Format  string
	Forms   []normalize.Form // filled by Process; an import hands them to its writer as they come
	Results []score.Result   // Results[i] belongs to Forms[i]
}

// extractor reads one format until ctx is done; tests replace them to
// inject failures.
type extractor func(ctx context.Context, data []byte, t *template.Template) (*extract.Document, error)

var extractors = map[string]extractor{
	extract.FormatText: extract.Limits{}.Text,
	extract.FormatPDF:  extract.Limits{}.PDF,
	extract.FormatXLSX: extract.Limits{}.XLSX,
	extract.FormatXLS:  extract.Limits{}.XLS,
	extract.FormatDOCX: extract.Limits{}.DOCX,
	extract.FormatODS:  extract.Limits{}.ODS,
	extract.FormatODT:  extract.Limits{}.ODT,
}

// defaultTemplate is template.Default, parsed once: readers only read a
// template, and parsing the built-in ones for every file took longer than
// reading a small one.
var defaultTemplate = sync.OnceValues(func() (*template.Template, error) { return template.Default() })

// Process reads one file and returns its forms with their checks.
func Process(ctx context.Context, path string, opt Options) (*Document, error) {
	doc, data, err := load(path, opt.Limits)
	if err != nil {
		return doc, err
	}
	r, err := read(ctx, doc, data, opt)
	if err != nil {
		return doc, err
	}
	return doc, r.check(func(f normalize.Form, res score.Result) bool {
		doc.Forms = append(doc.Forms, f)
		doc.Results = append(doc.Results, res)
		return true
	})
}

// load reads a file within the size limit and identifies it by content.
func load(path string, lim Limits) (*Document, []byte, error) {
	data, err := readFile(path, lim.fileSize())
	if err != nil {
		return nil, nil, err
	}
	sum := sha256.Sum256(data)
	return &Document{Path: path, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Format: extract.Sniff(data)}, data, nil
}

// raw is a file's forms as read, waiting to be normalised and checked.
type raw struct {
	path  string
	forms []extract.RawForm
	opt   normalize.Options
	limit time.Duration // the per-file time limit
	left  time.Duration // what reading left of it
}

// read runs the reader of a loaded file's format within the per-file time
// limit; a panic in it becomes this file's error. The reader is looked up
// before the guard starts its goroutine, so a reader abandoned past the
// limit never touches the extractors map again.
func read(ctx context.Context, doc *Document, data []byte, opt Options) (*raw, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t0 := time.Now()
	// The reading gets a context of its own, ended when read returns: a
	// reader abandoned past the time limit then stops at its next page or
	// rows, and has its tesseract and pdftoppm killed, instead of reading
	// the rest of the file on a core the import needs.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reader, ok := opt.Limits.reader(doc.Format)
	reader, ok = withOCR(reader, ok, doc.Format, opt)
	if !ok {
		return nil, extract.NotAForm(data)
	}
	t := opt.Template
	if t == nil {
		var err error
		if t, err = defaultTemplate(); err != nil {
			return nil, err
		}
	}
	d, err := guard(ctx, doc.Path, opt.fileTimeout(), func() (*extract.Document, error) {
		// A file's bytes go once the reader is done with them (a text is
		// decoded into a copy): a large file is not held twice.
		b := data
		data = nil
		d, err := reader(ctx, b, t)
		if err != nil {
			return nil, flagged(err)
		}
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	// normalize and score take no context: a file abandoned while it was
	// read is not worth their time.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &raw{path: doc.Path, forms: d.Forms, opt: normalize.Options{Template: t, Year: opt.Year},
		limit: opt.fileTimeout(), left: opt.fileTimeout() - time.Since(t0)}, nil
}

// check normalises and scores the forms one at a time, dropping each raw
// form once its form is made, and hands each to yield until it returns
// false, so that a file of many forms is never held both raw and checked.
// A panic becomes the file's error, and so does working past what reading
// left of the time limit; the time yield takes (the writer storing a form,
// or still busy with the files before) is not the file's. Unlike a reader,
// a form that never ends is not abandoned: normalising is bounded by what
// was read.
func (r *raw) check(yield func(normalize.Form, score.Result) bool) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error while checking %s: %v\n%s", r.path, p, debug.Stack())
		}
	}()
	worked, t0 := time.Duration(0), time.Now()
	for i, f := range normalize.Stream(r.forms, r.opt) {
		r.forms[i] = extract.RawForm{}
		res := checkForm(&f)
		if worked += time.Since(t0); worked > r.left {
			return &TimeoutError{Limit: r.limit}
		}
		if !yield(f, res) {
			return nil
		}
		t0 = time.Now()
	}
	return nil
}

// checkForm is score.Check; tests replace it to inject failures.
var checkForm = score.Check
