package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"

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
	Forms   []normalize.Form
	Results []score.Result
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
	return doc, process(ctx, doc, data, opt)
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

// process runs extract → normalize → score on a loaded file, within the
// per-file time limit; a panic in any stage becomes this file's error. The
// reader is looked up before the guard starts its goroutine, so a reader
// abandoned past the limit never touches the extractors map again.
func process(ctx context.Context, doc *Document, data []byte, opt Options) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// The reading gets a context of its own, ended when process returns: a
	// reader abandoned past the time limit then stops at its next page or
	// rows, and has its tesseract and pdftoppm killed, instead of reading
	// the rest of the file on a core the import needs.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	read, ok := opt.Limits.reader(doc.Format)
	read, ok = withOCR(read, ok, doc.Format, opt)
	if !ok {
		return extract.NotAForm(data)
	}
	t := opt.Template
	if t == nil {
		var err error
		if t, err = defaultTemplate(); err != nil {
			return err
		}
	}
	type checked struct {
		forms   []normalize.Form
		results []score.Result
	}
	c, err := guard(ctx, doc.Path, opt.fileTimeout(), func() (checked, error) {
		// A large file is held once: its bytes go once the reader is done
		// with them (a text is decoded into a copy), and each raw form once
		// its form is made.
		b := data
		data = nil
		raw, err := read(ctx, b, t)
		if err != nil {
			return checked{}, flagged(err)
		}
		// normalize and score take no context: a file abandoned while it
		// was read is not worth their time.
		if err := ctx.Err(); err != nil {
			return checked{}, err
		}
		c := checked{make([]normalize.Form, 0, len(raw.Forms)), make([]score.Result, 0, len(raw.Forms))}
		for i, f := range normalize.Stream(raw.Forms, normalize.Options{Template: t, Year: opt.Year}) {
			raw.Forms[i] = extract.RawForm{}
			c.forms = append(c.forms, f)
			c.results = append(c.results, score.Check(&c.forms[i]))
		}
		return c, nil
	})
	if err != nil {
		return err
	}
	doc.Forms, doc.Results = c.forms, c.results
	return nil
}
