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
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// rereadWhitelist is what a numeric cell of a form may hold.
const rereadWhitelist = "0123456789.,%/-"

// rereadNumbers reads the numbers of OCR'd pages a second time, line by
// line of print, from the page images (images[i] is the image file of
// pages[i], "" where there is none), and returns the pages with those
// readings in place. Tesseract's English model, held to digits and told
// each image is one line (--psm 7), reads a lone number its page layout
// drops or its Chinese model misreads.
func rereadNumbers(ctx context.Context, pages []extract.OCRPage, images []string, t *template.Template) ([]extract.OCRPage, error) {
	strips := extract.OCRStrips(pages, t)
	if len(strips) == 0 {
		return pages, nil
	}
	var bands []extract.OCRBand
	for i, p := range pages {
		if i >= len(images) || images[i] == "" {
			continue
		}
		img, err := decodeImage(images[i])
		if err != nil {
			return nil, fmt.Errorf("page %d: reading the page image again: %w", p.Number, err)
		}
		bands = append(bands, extract.OCRBands(img, p, strips)...)
	}
	if len(bands) == 0 {
		return pages, nil
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
	return extract.MergeOCRBands(pages, bands, read), nil
}

// tsvByImage splits the TSV tesseract prints for a list of n images into
// the words of each, by the image's number in its second column.
func tsvByImage(tsv []byte, n int) ([][]extract.OCRWord, error) {
	lines := bytes.Split(tsv, []byte("\n"))
	header := lines[0]
	rows := make([][][]byte, n)
	for _, l := range lines[1:] {
		fields := bytes.SplitN(l, []byte("\t"), 3)
		if len(fields) < 3 {
			continue
		}
		k, err := strconv.Atoi(string(fields[1]))
		if err != nil || k < 1 || k > n {
			return nil, fmt.Errorf("image number %q in its output, want 1 to %d", fields[1], n)
		}
		rows[k-1] = append(rows[k-1], l)
	}
	read := make([][]extract.OCRWord, n)
	for k, r := range rows {
		if len(r) == 0 {
			continue
		}
		p, err := extract.ParseTesseractTSV(bytes.Join(append([][]byte{header}, r...), []byte("\n")), k+1)
		if err != nil {
			return nil, fmt.Errorf("image %d: %w", k+1, err)
		}
		read[k] = p.Words
	}
	return read, nil
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

// rereadable tells whether a page image can be read again: PNG and JPEG
// can be decoded; a TIFF may hold several pages and is not.
func rereadable(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".png" || ext == ".jpeg" || ext == ".jpg"
}
