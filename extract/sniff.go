package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Formats that Sniff recognises.
const (
	FormatText    = "text"
	FormatPDF     = "pdf"
	FormatXLSX    = "xlsx"
	FormatXLS     = "xls"   // OLE2 compound file: legacy .xls and WPS .et
	FormatDOCX    = "docx"  // a Word document's tables
	FormatODS     = "ods"   // an OpenDocument spreadsheet (LibreOffice Calc, WPS)
	FormatODT     = "odt"   // an OpenDocument text's tables
	FormatImage   = "image" // PNG, JPEG or TIFF: a scan, read only through OCR
	FormatUnknown = "unknown"
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Sniff tells a document's format from its bytes, never from its name.
func Sniff(data []byte) string {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return FormatPDF
	case bytes.HasPrefix(data, oleMagic):
		return FormatXLS
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return packageFormat(data)
	case ImageType(data) != "":
		return FormatImage
	case looksLikeText(data):
		return FormatText
	}
	return FormatUnknown
}

// ErrNotAForm is the error of a file that no reader takes.
var ErrNotAForm = errors.New("not a form document")

// saveAs is what to do with an office document that holds a form but that
// formaudit does not read.
const saveAs = "save the form as PDF, .docx or .xlsx, and import that"

// NotAForm says why a file that Sniff finds no reader for cannot be read,
// naming what it is where its bytes tell: an office document of another
// kind, with what to do about it, or a zip archive to unpack.
func NotAForm(data []byte) error {
	what := "the content is neither text, PDF nor a workbook"
	switch {
	case len(data) == 0:
		what = "the file is empty"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		what = zipKind(data)
	case bytes.HasPrefix(data, []byte("SQLite format 3\x00")):
		what = "an SQLite database"
	}
	return fmt.Errorf("%w: %s", ErrNotAForm, what)
}

// zipKind names what a zip file that no reader takes is.
func zipKind(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Sprintf("a zip file that cannot be opened (%v)", err)
	}
	for _, f := range zr.File {
		switch {
		case strings.HasPrefix(f.Name, "word/"):
			return "a Word package without " + documentPart + ": " + saveAs
		case strings.HasPrefix(f.Name, "ppt/"):
			return "a PowerPoint presentation (.pptx): " + saveAs
		case f.Name == "mimetype" && f.UncompressedSize64 < 100:
			if m := mimetype(f); strings.HasPrefix(m, "application/vnd.oasis.opendocument.") {
				return "an OpenDocument file of another kind (" + m + "): " + saveAs
			}
		}
	}
	return "a zip archive: unpack it and import the folder"
}

func mimetype(f *zip.File) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return ""
	}
	return string(b)
}

// OpenDocument packages name their kind in a first part called mimetype.
const (
	odsType = "application/vnd.oasis.opendocument.spreadsheet"
	odtType = "application/vnd.oasis.opendocument.text"
)

// packageFormat tells the kinds of zip package apart, reading the zip's
// directory once: a package with parts under xl/ is a workbook, one with
// word/document.xml a Word document, and an OpenDocument file says what it
// is in its mimetype part.
func packageFormat(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// A truncated package still names its parts near the start, and an
		// OpenDocument file its kind, stored first and uncompressed.
		switch {
		case bytes.Contains(data, []byte("xl/")):
			return FormatXLSX
		case bytes.Contains(data, []byte(documentPart)):
			return FormatDOCX
		case bytes.Contains(data, []byte("mimetype"+odsType)):
			return FormatODS
		case bytes.Contains(data, []byte("mimetype"+odtType)):
			return FormatODT
		}
		return FormatUnknown
	}
	format := FormatUnknown
	for _, f := range zr.File {
		switch {
		case strings.HasPrefix(f.Name, "xl/"):
			return FormatXLSX
		case f.Name == documentPart:
			format = FormatDOCX
		case f.Name == "mimetype" && f.UncompressedSize64 < 100:
			switch mimetype(f) {
			case odsType:
				return FormatODS
			case odtType:
				return FormatODT
			}
		}
	}
	return format
}

// looksLikeText accepts text in any encoding DecodeText knows, with almost no
// control characters besides tabs, newlines and form feeds.
func looksLikeText(data []byte) bool {
	if len(data) == 0 {
		return false
	}
	sample := data
	if len(sample) > 64<<10 {
		// Do not cut a UTF-8 character in half: the broken tail would make the
		// sample invalid UTF-8 and send it to the GB18030 decoder.
		cut := 64 << 10
		for back := 0; back < utf8.UTFMax; back++ {
			if utf8.Valid(data[:cut-back]) {
				cut -= back
				break
			}
		}
		sample = data[:cut]
	}
	text, _, err := DecodeText(sample)
	if err != nil {
		return false
	}
	bad, total := 0, 0
	for _, r := range text {
		total++
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\f') {
			bad++
		}
	}
	return total > 0 && bad*100 <= total
}
