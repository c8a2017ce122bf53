package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// DefaultOCRFileTimeout is the time one file may take to be read when
// Options.OCR is set and Options.FileTimeout is zero: tesseract takes a few
// seconds a page.
const DefaultOCRFileTimeout = 10 * time.Minute

// OCRLanguages are the tesseract models OCR uses: Chinese, and English for
// the Latin letters and digits among it.
const OCRLanguages = "chi_sim+eng"

// OCRInstallHint says which Debian packages OCR needs.
const OCRInstallHint = "apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils"

// ErrOCRMissing is returned when OCR is asked for and tesseract, its
// Chinese model or pdftoppm is not installed.
var ErrOCRMissing = errors.New("OCR is not installed")

// CheckOCR reports whether what --ocr runs is installed: tesseract with the
// chi_sim model, and pdftoppm to render PDF pages. The error says which
// Debian packages to install.
func CheckOCR() error {
	var missing []string
	tess, err := exec.LookPath("tesseract")
	if err != nil {
		missing = append(missing, "tesseract (tesseract-ocr)")
	} else {
		out, err := exec.Command(tess, "--list-langs").CombinedOutput()
		if err != nil || !hasLine(string(out), "chi_sim") {
			missing = append(missing, "its Chinese model (tesseract-ocr-chi-sim)")
		}
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		missing = append(missing, "pdftoppm (poppler-utils)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s not found; on Debian or Ubuntu: %s", ErrOCRMissing, strings.Join(missing, ", "), OCRInstallHint)
	}
	return nil
}

func hasLine(s, line string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

// withOCR wraps the reader of a format for --ocr: images and PDFs without
// a text layer are OCR'd with tesseract, and text dumps are taken for OCR
// output, whose numbers are cross-checked. Without --ocr an image fails
// with a message saying how to read it.
func withOCR(read extractor, ok bool, format string, opt Options) (extractor, bool) {
	if format == extract.FormatImage {
		ok = true
	}
	switch {
	case format == extract.FormatImage && !opt.OCR:
		return func(context.Context, []byte, *template.Template) (*extract.Document, error) {
			return nil, errors.New("an image (PNG, JPEG or TIFF): read it with formaudit import --ocr, which runs tesseract")
		}, true
	case !opt.OCR:
		return read, ok
	case format == extract.FormatImage:
		return func(ctx context.Context, data []byte, t *template.Template) (*extract.Document, error) {
			return ocrImage(ctx, data, t)
		}, true
	case format == extract.FormatPDF && ok:
		return func(ctx context.Context, data []byte, t *template.Template) (*extract.Document, error) {
			doc, err := read(ctx, data, t)
			switch {
			case errors.Is(err, extract.ErrNoTextLayer):
				return ocrPDF(ctx, data, t, opt.Limits)
			case err == nil && len(doc.OCRPages) > 0:
				// A text layer is OCR too: its numbers are read again from
				// the page images.
				return withPageImages(ctx, data, opt.Limits, func(imgs []string) (*extract.Document, error) {
					return rereadNumbers(ctx, doc, imageFiles(imgs...), t)
				})
			}
			return doc, err
		}, true
	case format == extract.FormatText && ok:
		return func(ctx context.Context, data []byte, t *template.Template) (*extract.Document, error) {
			doc, err := read(ctx, data, t)
			if doc != nil {
				for i := range doc.Forms {
					doc.Forms[i].OCR = true
				}
			}
			return doc, err
		}, true
	}
	return read, ok
}

// ocrImage OCRs an image file, every page of it (a TIFF may have several).
func ocrImage(ctx context.Context, data []byte, t *template.Template) (*extract.Document, error) {
	dir, err := os.MkdirTemp("", "formaudit-ocr-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	img := filepath.Join(dir, "page."+extract.ImageType(data))
	if err := os.WriteFile(img, data, 0o600); err != nil {
		return nil, err
	}
	pages, err := tesseractTSV(ctx, img)
	if err != nil {
		return nil, err
	}
	doc, err := extract.OCR(pages, t)
	if err != nil {
		return doc, fmt.Errorf("OCR: %w", err)
	}
	images := imageFiles(img)
	if extract.ImageType(data) == extract.ImageTIFF {
		if images, err = tiffPageImages(data, len(doc.OCRPages)); err != nil {
			return nil, fmt.Errorf("reading the numbers again: %w", err)
		}
	}
	return rereadNumbers(ctx, doc, images, t)
}

// ocrPDF renders the pages of a PDF without a text layer at 300 dpi and
// OCRs them one by one.
func ocrPDF(ctx context.Context, data []byte, t *template.Template, lim Limits) (*extract.Document, error) {
	return withPageImages(ctx, data, lim, func(imgs []string) (*extract.Document, error) {
		return ocrPageImages(ctx, imgs, t)
	})
}

// ocrPageImages OCRs the page images of a PDF.
func ocrPageImages(ctx context.Context, imgs []string, t *template.Template) (*extract.Document, error) {
	var all []extract.OCRPage
	for i, img := range imgs {
		ps, err := tesseractTSV(ctx, img)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		for _, p := range ps {
			p.Number = len(all) + 1
			all = append(all, p)
		}
	}
	doc, err := extract.OCR(all, t)
	if doc != nil {
		doc.Format = extract.FormatPDF
	}
	if err != nil {
		return doc, fmt.Errorf("pdf (OCR of the page images): %w", err)
	}
	return rereadNumbers(ctx, doc, imageFiles(imgs...), t)
}

// withPageImages prints the pages of a PDF to 300 dpi grey PNGs in a
// temporary folder and calls read with them, in page order.
func withPageImages(ctx context.Context, data []byte, lim Limits, read func(imgs []string) (*extract.Document, error)) (*extract.Document, error) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		return nil, fmt.Errorf("%w: pdftoppm not found; on Debian or Ubuntu: %s", ErrOCRMissing, OCRInstallHint)
	}
	dir, err := os.MkdirTemp("", "formaudit-ocr-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "scan.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	pages := lim.Pages
	if pages <= 0 {
		pages = DefaultMaxPages
	}
	cmd := exec.CommandContext(ctx, "pdftoppm", "-r", "300", "-gray", "-png", "-l", fmt.Sprint(pages), in, filepath.Join(dir, "page"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm: %v: %s", err, firstLine(out))
	}
	imgs, err := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if err != nil {
		return nil, err
	}
	// pdftoppm pads page numbers to the width of the last one, so names sort.
	sort.Strings(imgs)
	return read(imgs)
}

// tesseractTSV runs tesseract on one image and reads its words with their
// boxes and confidences.
func tesseractTSV(ctx context.Context, img string) ([]extract.OCRPage, error) {
	out, err := tesseract(ctx, img, "-l", OCRLanguages)
	if err != nil {
		return nil, err
	}
	return splitTSVPages(out)
}

// tesseract runs tesseract on an image, or on a file listing images, with
// options, and returns its TSV. OMP_THREAD_LIMIT=1 keeps one process to
// one core: the pipeline runs one per job, and tesseract's own threads
// make it several times slower on small machines.
func tesseract(ctx context.Context, in string, options ...string) ([]byte, error) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		return nil, fmt.Errorf("%w: tesseract not found; on Debian or Ubuntu: %s", ErrOCRMissing, OCRInstallHint)
	}
	args := append(append([]string{in, "stdout"}, options...), "tsv")
	cmd := exec.CommandContext(ctx, "tesseract", args...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("tesseract: %v: %s", err, firstLine(stderr.Bytes()))
	}
	return out, nil
}

// splitTSVPages reads tesseract's TSV of one image, which numbers the
// pages of a multi-page image in its second column.
func splitTSVPages(tsv []byte) ([]extract.OCRPage, error) {
	byNumber, err := tsvPages(tsv, 0)
	if err != nil {
		return nil, err
	}
	if len(byNumber) == 0 {
		return nil, errors.New("tesseract found no page in the image")
	}
	numbers := slices.Sorted(maps.Keys(byNumber))
	pages := make([]extract.OCRPage, len(numbers))
	for i, k := range numbers {
		pages[i] = byNumber[k]
		pages[i].Number = i + 1
	}
	return pages, nil
}

// tsvPages reads the TSV tesseract prints for one or more images (the
// pages of one, or a list of images): each page by its number, 1-based,
// in the TSV's second column. A list of n images numbers them 1 to n; n
// is 0 for a single image of any number of pages.
func tsvPages(tsv []byte, n int) (map[int]extract.OCRPage, error) {
	lines := bytes.Split(tsv, []byte("\n"))
	header := lines[0]
	rows := map[int][][]byte{}
	for _, l := range lines[1:] {
		fields := bytes.SplitN(l, []byte("\t"), 3)
		if len(fields) < 3 {
			continue
		}
		k, err := strconv.Atoi(string(fields[1]))
		switch {
		case err != nil || k < 1:
			return nil, fmt.Errorf("tesseract tsv: page number %q", fields[1])
		case n > 0 && k > n:
			return nil, fmt.Errorf("tesseract tsv: image number %d, want 1 to %d", k, n)
		}
		rows[k] = append(rows[k], l)
	}
	pages := make(map[int]extract.OCRPage, len(rows))
	for k, r := range rows {
		p, err := extract.ParseTesseractTSV(bytes.Join(append([][]byte{header}, r...), []byte("\n")), k)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", k, err)
		}
		pages[k] = p
	}
	return pages, nil
}

// fileTimeout is the time one file may take: OCR takes longer.
func (o Options) fileTimeout() time.Duration {
	switch {
	case o.FileTimeout > 0:
		return o.FileTimeout
	case o.OCR:
		return DefaultOCRFileTimeout
	}
	return DefaultFileTimeout
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}
