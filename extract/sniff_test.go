package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// zipWith builds a zip archive holding the named files, each "<x/>".
func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	parts := make([][2]string, len(names))
	for i, n := range names {
		parts[i] = [2]string{n, "<x/>"}
	}
	return zipOf(t, parts...)
}

// zipOf builds a zip archive of the parts, name and content, in order.
func zipOf(t *testing.T, parts ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestNotAForm: a file no reader takes is named for what it is, with
// what to do about it, where its bytes tell.
func TestNotAForm(t *testing.T) {
	odp := zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.presentation"}, [2]string{"content.xml", "<x/>"})
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "the file is empty"},
		{"random", []byte{0, 1, 2, 3, 0xff}, "neither text, PDF nor a workbook"},
		{"word package without its document", zipWith(t, "[Content_Types].xml", "word/styles.xml"), "a Word package without word/document.xml: save the form as PDF"},
		{"pptx", zipWith(t, "ppt/presentation.xml"), "a PowerPoint presentation (.pptx)"},
		{"odp", odp, "an OpenDocument file of another kind (application/vnd.oasis.opendocument.presentation): save the form as PDF"},
		{"zip", zipWith(t, "a/form.pdf"), "a zip archive: unpack it and import the folder"},
		{"damaged zip", []byte("PK\x03\x04 cut"), "a zip file that cannot be opened"},
		{"sqlite", []byte("SQLite format 3\x00\x10\x00"), "an SQLite database"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if f := Sniff(tt.data); f != FormatUnknown {
				t.Fatalf("sniffed as %s", f)
			}
			err := NotAForm(tt.data)
			if !errors.Is(err, ErrNotAForm) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NotAForm = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	workbook := zipWith(t, "[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml")
	controls := bytes.Repeat([]byte{0x01, 0x02, 0x03, 0x1B, 'a', 0x7F}, 100)

	tests := []struct {
		name string
		data []byte
		want string
		bug  string // why the case fails today; see the report of issue 2
	}{
		{"pdf", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n"), FormatPDF, ""},
		{"pdf after junk", append([]byte("\x00\x00garbage before the header\n"), "%PDF-1.4\n"...), FormatPDF, ""},
		{"ole2", append(append([]byte{}, oleMagic...), make([]byte, 504)...), FormatXLS, ""},
		{"xlsx", workbook, FormatXLSX, ""},
		{"truncated xlsx", workbook[:len(workbook)/2], FormatXLSX, ""},
		{"docx", zipWith(t, "[Content_Types].xml", "word/document.xml"), FormatDOCX, ""},
		{"truncated docx", zipWith(t, "[Content_Types].xml", "word/document.xml", "word/styles.xml")[:150], FormatDOCX, ""},
		{"ods", zipOf(t, [2]string{"mimetype", odsType}, [2]string{"content.xml", "<x/>"}), FormatODS, ""},
		{"odt", zipOf(t, [2]string{"mimetype", odtType}, [2]string{"content.xml", "<x/>"}), FormatODT, ""},
		{"truncated ods", readFixture(t, "ods/seed-stacked.ods")[:300], FormatODS, ""},
		{"truncated odt", readFixture(t, "odt/seed-stacked.odt")[:300], FormatODT, ""},
		{"utf-8 text", []byte(sampleDump), FormatText, ""},
		{"utf-8 text with BOM", append([]byte{0xEF, 0xBB, 0xBF}, sampleDump...), FormatText, ""},
		{"gb18030 text", encodeText(t, simplifiedchinese.GB18030, sampleDump), FormatText, ""},
		{"utf-16le text", encodeText(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), sampleDump), FormatText, ""},
		{"utf-16be text without BOM", encodeText(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), sampleDump), FormatText, ""},
		{"text with form feeds and CRLF", []byte("第一页\r\n\f第二页\t2024\r\n"), FormatText, ""},
		// 140,000 bytes: the 65,536th byte is the middle of a character.
		{"long utf-8 text", []byte(strings.Repeat("项目支出绩效自评表\t", 5000)), FormatText, ""},
		{"random bytes", random, FormatUnknown, ""},
		{"control characters", controls, FormatUnknown, ""},
		{"png", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), random[:512]...), FormatImage, ""},
		{"jpeg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'}, random[:512]...), FormatImage, ""},
		{"tiff little-endian", append([]byte("II*\x00\x08\x00\x00\x00"), random[:512]...), FormatImage, ""},
		{"tiff big-endian", append([]byte("MM\x00*\x00\x00\x00\x08"), random[:512]...), FormatImage, ""},
		{"empty", nil, FormatUnknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.bug != "" {
				t.Skip(tt.bug)
			}
			if got := Sniff(tt.data); got != tt.want {
				t.Errorf("Sniff = %q, want %q", got, tt.want)
			}
		})
	}
}

// readFixture reads a document of fixtures/docs.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../fixtures/docs/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
