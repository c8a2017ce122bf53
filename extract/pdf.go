package extract

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/formaudit/formaudit/extract/pdfwalk"
	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/template"
)

// ErrNoTextLayer is returned for a PDF whose pages are images without text.
var ErrNoTextLayer = errors.New("no text layer: OCR it first")

// PDF reads the forms of a PDF within the default Limits. Tables are
// rebuilt from the page itself: text runs are placed in the ruled boxes
// around them, or in the columns of the table header where the table has
// no rules. A malformed file gives an error naming what is wrong and
// where; it never panics.
func PDF(data []byte, t *template.Template) (*Document, error) {
	return readPDF(context.Background(), data, t, Limits{})
}

// readPDF stops between pages and between forms once ctx is done: a file
// abandoned past the import's time limit then gives its core back within
// a page.
func readPDF(ctx context.Context, data []byte, t *template.Template, lim Limits) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("pdf: internal error while reading the file: %v", r)
		}
	}()
	d, err := pdfwalk.Options{MaxPages: lim.pages(), MaxDecompressed: lim.decompressed()}.Open(data)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", pdfLimitError(err, lim))
	}
	doc = &Document{Format: FormatPDF}
	var pages []pdfPageLayout
	var problems []pdfProblem
	var imageOnly []int
	runs := 0
	for n := 1; n <= d.NumPages(); n++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pdf: page %d: %w", n, err)
		}
		p, err := d.Page(n)
		if over := d.Over(); over != nil {
			return nil, fmt.Errorf("pdf: page %d: %w", n, pdfLimitError(over, lim))
		}
		if err != nil {
			what := strings.TrimPrefix(err.Error(), fmt.Sprintf("page %d: ", n))
			problems = append(problems, pdfProblem{page: n, what: what, whole: true})
			continue
		}
		for _, pr := range p.Problems {
			problems = append(problems, pdfProblem{page: n, what: pr})
		}
		if len(p.Runs) == 0 && len(p.Images) > 0 {
			imageOnly = append(imageOnly, n)
		}
		runs += len(p.Runs)
		tables, loose := pdfLayoutPage(p)
		pages = append(pages, pdfPageLayout{page: p, tables: tables, loose: loose})
	}
	if walked := pdfWalked(pages); isOCRLayer(walked) {
		return pdfOCR(walked, problems, t)
	}
	rows := pdfRows(pages, t)
	if doc.Forms, err = formsFromRows(ctx, slices.Values(rows), t); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	if len(doc.Forms) > 0 {
		pdfProblemNotes(doc.Forms, rows, problems)
		return doc, nil
	}
	switch {
	case runs == 0 && len(imageOnly) > 0:
		return doc, fmt.Errorf("pdf: %w (%s of %d hold only images)", ErrNoTextLayer, pdfPageList(imageOnly), d.NumPages())
	case runs == 0 && len(problems) > 0:
		return doc, fmt.Errorf("pdf: %w: no text could be read: %s", pdfwalk.ErrDamaged, pdfProblemList(problems))
	case runs == 0:
		return doc, fmt.Errorf("pdf: %w (no text on %s)", ErrNoForm, english.Count(d.NumPages(), "page"))
	}
	var extra string
	if len(imageOnly) > 0 {
		extra += fmt.Sprintf("; %s hold only images: OCR them first", pdfPageList(imageOnly))
	}
	if len(problems) > 0 {
		extra += "; " + pdfProblemList(problems)
	}
	return doc, fmt.Errorf("pdf: %w", noForm(english.Count(len(rows), "row")+" on "+english.Count(d.NumPages(), "page")+extra))
}

// pdfPageList names pages compactly: "page 3", "pages 1-4".
func pdfPageList(ns []int) string {
	if len(ns) == 1 {
		return fmt.Sprintf("page %d", ns[0])
	}
	if ns[len(ns)-1]-ns[0] == len(ns)-1 {
		return fmt.Sprintf("pages %d-%d", ns[0], ns[len(ns)-1])
	}
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return "pages " + strings.Join(parts, ", ")
}
