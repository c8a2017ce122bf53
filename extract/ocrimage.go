package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
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

// TIFFPages returns, for each page of a TIFF (image file directory), in
// order, the 8-byte header that makes the file open at that page: a reader
// of first pages only, as Go's is, reads page k from TIFFPages(data)[k]
// followed by data[8:]. Directories that loop back, or lie past the end of
// the file, are refused.
func TIFFPages(data []byte) ([][8]byte, error) {
	if ImageType(data) != ImageTIFF || len(data) < 8 {
		return nil, errors.New("tiff: not a TIFF file")
	}
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		order = binary.BigEndian
	}
	var pages [][8]byte
	seen := map[uint32]bool{}
	for off := order.Uint32(data[4:8]); off != 0; {
		switch {
		case seen[off]:
			return nil, fmt.Errorf("tiff: page %d: its directory at byte %d loops back to an earlier one", len(pages)+1, off)
		case int64(off)+2 > int64(len(data)):
			return nil, fmt.Errorf("tiff: page %d: its directory at byte %d lies past the end of the file (%d bytes)", len(pages)+1, off, len(data))
		}
		seen[off] = true
		var h [8]byte
		copy(h[:4], data[:4])
		order.PutUint32(h[4:], off)
		pages = append(pages, h)
		next := int64(off) + 2 + 12*int64(order.Uint16(data[off:])) // entry count, 12-byte entries
		if next+4 > int64(len(data)) {
			return nil, fmt.Errorf("tiff: page %d: its directory at byte %d runs past the end of the file (%d bytes)", len(pages), off, len(data))
		}
		off = order.Uint32(data[next:])
	}
	if len(pages) == 0 {
		return nil, errors.New("tiff: no page")
	}
	return pages, nil
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
