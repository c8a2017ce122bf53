package extract_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/xuri/excelize/v2"
)

// doneAfter is a context that reports itself done from its nth look on:
// a reader's checks can then be placed exactly, with no timing involved.
type doneAfter struct {
	context.Context
	looks, n int32
}

func newDoneAfter(n int) *doneAfter { return &doneAfter{Context: context.Background(), n: int32(n)} }

func (c *doneAfter) Err() error {
	if atomic.AddInt32(&c.looks, 1) >= c.n {
		return context.Canceled
	}
	return nil
}

// TestReadersStopWhenDone: a reader whose context is done stops at its
// next page, form or batch of rows, saying where, and returns no forms.
func TestReadersStopWhenDone(t *testing.T) {
	pdf, err := os.ReadFile("../fixtures/docs/pdf/seed-serif-portrait.pdf")
	if err != nil {
		t.Fatal(err)
	}
	long := book(t, "", func(f *excelize.File) {
		for r := 1; r <= 3000; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			f.SetCellStr("Sheet1", cell, "项目名称")
		}
	})
	text, err := os.ReadFile("../fixtures/docs/seed-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	docx, err := os.ReadFile("../fixtures/docs/docx/seed-stacked.docx")
	if err != nil {
		t.Fatal(err)
	}
	longDocx := zipParts(t, "word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+
		strings.Repeat(`<w:p><w:r><w:t>项目名称</w:t></w:r></w:p>`, 3000)+`</w:body></w:document>`)
	ods, err := os.ReadFile("../fixtures/docs/ods/composed-sheets.ods")
	if err != nil {
		t.Fatal(err)
	}
	longODS := zipParts(t, "content.xml",
		`<office:document-content><office:body><office:spreadsheet><table:table table:name="S">`+
			strings.Repeat(`<table:table-row><table:table-cell><text:p>项目名称</text:p></table:table-cell></table:table-row>`, 3000)+
			`</table:table></office:spreadsheet></office:body></office:document-content>`)
	var lim extract.Limits
	tests := []struct {
		name  string
		read  func(context.Context, []byte, *template.Template) (*extract.Document, error)
		data  []byte
		looks int    // the look at the context that finds it done
		where string // where the reader says it stopped
		forms bool   // the data holds forms
	}{
		{"pdf, before the first page", lim.PDF, pdf, 1, "page 1:", true},
		{"pdf, after the first page", lim.PDF, pdf, 2, "page 2:", true},
		{"pdf, after the fifth page", lim.PDF, pdf, 6, "page 6:", true},
		{"pdf, between forms", lim.PDF, pdf, 18 + 2, "pdf: form 2:", true}, // 18 pages
		{"xlsx, before the first sheet", lim.XLSX, long, 1, "sheet Sheet1:", false},
		{"xlsx, within a sheet", lim.XLSX, long, 2, "sheet Sheet1 row 1024:", false},
		{"xlsx, further within it", lim.XLSX, long, 3, "sheet Sheet1 row 2048:", false},
		{"text, before the first form", lim.Text, text, 1, "text: form 1:", true},
		{"text, after the third form", lim.Text, text, 4, "text: form 4:", true},
		{"xls", lim.XLS, fixture(t, "composed-sheets.xls"), 1, "form 1:", true},
		{"docx, before the first form", lim.DOCX, docx, 1, "docx: form 1:", true},
		{"docx, within the document", lim.DOCX, longDocx, 1, "docx: row 1024:", false},
		{"docx, further within it", lim.DOCX, longDocx, 2, "docx: row 2048:", false},
		{"ods, before the first form", lim.ODS, ods, 1, "ods: sheet 表1: form 1:", true},
		{"ods, within a sheet", lim.ODS, longODS, 1, "ods: sheet S row 1024:", false},
		{"ods, further within it", lim.ODS, longODS, 2, "ods: sheet S row 2048:", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := tt.read(newDoneAfter(tt.looks), tt.data, template.National())
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), tt.where) {
				t.Fatalf("err = %v, want context.Canceled at %q", err, tt.where)
			}
			if doc != nil {
				t.Errorf("got a document of %d forms from a reading that was stopped", len(doc.Forms))
			}
		})
	}
	// With a context that is never done, the same readers read the forms.
	for _, tt := range tests {
		if !tt.forms {
			continue
		}
		if doc, err := tt.read(context.Background(), tt.data, template.National()); err != nil || len(doc.Forms) == 0 {
			t.Errorf("%s, never done: err = %v, want forms", tt.name, err)
		}
	}
}

// zipParts builds a zip package of one part.
func zipParts(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
