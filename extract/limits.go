package extract

import (
	"context"
	"errors"
	"fmt"

	"github.com/formaudit/formaudit/extract/pdfwalk"
	"github.com/formaudit/formaudit/template"
)

// Limits bound what reading one document may cost, so that a hostile or
// broken file fails on its own instead of taking the machine's memory and
// time. A zero field takes its default.
type Limits struct {
	Pages        int   // pages read from one PDF
	Rows         int   // rows read from one sheet
	Decompressed int64 // bytes one file may expand to: a workbook's unzipped parts, a PDF's decoded streams
}

// Defaults of Limits. Forms are small: a real archive stays far below them.
const (
	DefaultMaxPages        = 2000
	DefaultMaxRows         = 100_000
	DefaultMaxDecompressed = DefaultUnzipSizeLimit
)

// Names of the limits, as LimitError gives them.
const (
	LimitPages        = "pages"
	LimitRows         = "rows"
	LimitDecompressed = "decompressed"
)

// LimitError reports a document that goes past one of its Limits.
type LimitError struct {
	Limit string // LimitPages, LimitRows or LimitDecompressed
	Max   int64  // the limit in force
	Err   error  // what the reader found, e.g. "sheet 附表 has more than 100000 rows"
}

func (e *LimitError) Error() string { return e.Err.Error() }

func (e *LimitError) Unwrap() error { return e.Err }

// bytesText prints a byte count in MiB where that is exact.
func bytesText(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (l Limits) pages() int {
	if l.Pages <= 0 {
		return DefaultMaxPages
	}
	return l.Pages
}

func (l Limits) rows() int {
	if l.Rows <= 0 {
		return DefaultMaxRows
	}
	return l.Rows
}

func (l Limits) decompressed() int64 {
	if l.Decompressed <= 0 {
		return DefaultMaxDecompressed
	}
	return l.Decompressed
}

func (l Limits) workbook() WorkbookOptions {
	return WorkbookOptions{UnzipSizeLimit: l.decompressed(), MaxRows: l.rows()}
}

// XLSX reads an XLSX or XLSM workbook within the limits, until ctx is done.
func (l Limits) XLSX(ctx context.Context, data []byte, t *template.Template) (*Document, error) {
	return l.workbook().readXLSX(ctx, data, t)
}

// XLS reads a legacy Excel workbook within the limits, until ctx is done.
func (l Limits) XLS(ctx context.Context, data []byte, t *template.Template) (*Document, error) {
	return l.workbook().readXLS(ctx, data, t)
}

// Text reads a text dump until ctx is done. No limit applies: the dump's
// size is the file's, bounded before it is read.
func (Limits) Text(ctx context.Context, data []byte, t *template.Template) (*Document, error) {
	return readText(ctx, data, t)
}

// PDF reads the forms of a PDF within the limits, until ctx is done.
func (l Limits) PDF(ctx context.Context, data []byte, t *template.Template) (*Document, error) {
	return readPDF(ctx, data, t, l)
}

// pdfLimitError turns the walker's refusal of a document past its limits
// into a LimitError, and passes any other error on.
func pdfLimitError(err error, l Limits) error {
	switch {
	case errors.Is(err, pdfwalk.ErrTooManyPages):
		return &LimitError{Limit: LimitPages, Max: int64(l.pages()), Err: err}
	case errors.Is(err, pdfwalk.ErrTooMuchData):
		return &LimitError{Limit: LimitDecompressed, Max: l.decompressed(), Err: err}
	}
	return err
}
