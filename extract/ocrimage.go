package extract

import (
	"bytes"
	"fmt"

	"github.com/formaudit/formaudit/extract/pdfwalk"
	"github.com/formaudit/formaudit/template"
)

// Image types ImageType recognises.
const (
	ImagePNG  = "png"
	ImageJPEG = "jpeg"
	ImageTIFF = "tiff"
)

// ImageType tells a PNG, JPEG or TIFF image from its first bytes, or
// returns "" for anything else.
func ImageType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return ImagePNG
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return ImageJPEG
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return ImageTIFF
	}
	return ""
}

// pdfWalked lists the walked pages of a layout.
func pdfWalked(pages []pdfPageLayout) []*pdfwalk.Page {
	out := make([]*pdfwalk.Page, len(pages))
	for i, pl := range pages {
		out[i] = pl.page
	}
	return out
}

// pdfOCR reads a PDF whose text is an OCR layer over page images; problems
// are what could not be read of its pages.
func pdfOCR(pages []*pdfwalk.Page, problems []pdfProblem, t *template.Template) (*Document, error) {
	ocr := make([]OCRPage, len(pages))
	for i, p := range pages {
		ocr[i] = pdfOCRPage(p)
	}
	doc, rows, err := readOCR(ocr, t)
	doc.Format = FormatPDF
	if err != nil {
		if len(problems) > 0 {
			err = fmt.Errorf("%w; %s", err, pdfProblemList(problems))
		}
		return doc, fmt.Errorf("pdf (OCR text layer): %w", err)
	}
	pdfProblemNotes(doc.Forms, rows, problems)
	return doc, nil
}
