package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // page images of scans
	"image/png"
	"os"
	"path/filepath"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"golang.org/x/image/tiff"
)

// rereadWhitelist is what a numeric cell of a form may hold.
const rereadWhitelist = "0123456789.,%/-"

// rereadNumbers reads the numbers of a document read through OCR a second
// time, line by line of print, from its page images (images[i] decodes
// the image of doc.OCRPages[i]), and reads its forms again with them.
// Tesseract's English model, held to digits and told each image is one
// line (--psm 7), reads a lone number its page layout drops or its Chinese
// model misreads. A document without numeric columns, or whose images are
// not one a page, is returned as it is.
func rereadNumbers(ctx context.Context, doc *extract.Document, images []pageImage, t *template.Template) (*extract.Document, error) {
	pages := doc.OCRPages
	if len(doc.OCRStrips) == 0 || len(images) != len(pages) {
		return doc, nil
	}
	var bands []extract.OCRBand
	for i, p := range pages {
		img, err := images[i]()
		if err != nil {
			return nil, fmt.Errorf("page %d: reading the page image again: %w", p.Number, err)
		}
		bands = append(bands, extract.OCRBands(img, p, doc.OCRStrips)...)
	}
	if len(bands) == 0 {
		return doc, nil
	}
	dir, err := os.MkdirTemp("", "formaudit-reread-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var list bytes.Buffer
	for k, b := range bands {
		name := filepath.Join(dir, fmt.Sprintf("band-%05d.png", k))
		if err := writePNG(name, b.Image); err != nil {
			return nil, err
		}
		fmt.Fprintln(&list, name)
	}
	listFile := filepath.Join(dir, "bands.txt")
	if err := os.WriteFile(listFile, list.Bytes(), 0o600); err != nil {
		return nil, err
	}
	out, err := tesseract(ctx, listFile, "-l", "eng", "--psm", "7", "-c", "tessedit_char_whitelist="+rereadWhitelist)
	if err != nil {
		return nil, fmt.Errorf("reading the numbers again: %w", err)
	}
	read, err := tsvByImage(out, len(bands))
	if err != nil {
		return nil, fmt.Errorf("tesseract (numbers): %w", err)
	}
	again, err := extract.OCR(extract.MergeOCRBands(pages, bands, read), t)
	if err != nil {
		return nil, fmt.Errorf("reading the forms with their numbers read again: %w", err)
	}
	again.Format = doc.Format
	return again, nil
}

// tsvByImage splits the TSV tesseract prints for a list of n images into
// the words of each.
func tsvByImage(tsv []byte, n int) ([][]extract.OCRWord, error) {
	pages, err := tsvPages(tsv, n)
	if err != nil {
		return nil, err
	}
	read := make([][]extract.OCRWord, n)
	for k, p := range pages {
		read[k-1] = p.Words
	}
	return read, nil
}

// pageImage decodes the image of one page when the second reading comes
// to it, so that one page at a time is held decoded.
type pageImage func() (image.Image, error)

// imageFiles are the page images in the files names, one a page.
func imageFiles(names ...string) []pageImage {
	images := make([]pageImage, len(names))
	for i, name := range names {
		images[i] = func() (image.Image, error) { return decodeImage(name) }
	}
	return images
}

// tiffPageImages are the pages of a TIFF, of which tesseract read read: a
// file whose pages do not match is refused. Go's TIFF reader reads first
// pages only, so page k is decoded from the file with the header of
// extract.TIFFPages that opens it at that page.
func tiffPageImages(data []byte, read int) ([]pageImage, error) {
	pages, err := extract.TIFFPages(data)
	if err != nil {
		return nil, err
	}
	if len(pages) != read {
		return nil, fmt.Errorf("tiff: %d pages, of which tesseract read %d", len(pages), read)
	}
	images := make([]pageImage, len(pages))
	for k, h := range pages {
		images[k] = func() (image.Image, error) {
			return tiff.Decode(bytes.NewReader(append(h[:], data[8:]...)))
		}
	}
	return images, nil
}

func decodeImage(name string) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	return img, err
}

func writePNG(name string, img image.Image) error {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return err
	}
	return os.WriteFile(name, b.Bytes(), 0o600)
}
