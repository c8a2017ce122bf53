package extract

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// FuzzDOCX reads fuzzed document.xml parts: whatever they hold, the reader
// returns forms or an error, never panics, and every form it returns spans
// rows of the document.
func FuzzDOCX(f *testing.F) {
	f.Add([]byte(wordDoc(para("项目支出绩效自评表") + `<w:tbl>` +
		row(cell(`<w:gridSpan w:val="2"/>`, "项目编码:"), cell("", "440300241113100001007"), cell("", "项目名称:"), cell("", "党组织建设")) +
		row(cell(`<w:vMerge w:val="restart"/>`, "产出指标"), cell(`<w:gridSpan w:val="99999999999"/>`, "10")) +
		row(cell(`<w:vMerge/>`, ""), cell(`<w:vMerge w:val="restart"/>`, "x")) +
		`<w:tr><w:trPr><w:gridBefore w:val="-3"/></w:trPr>` + cell("", "总分") + `</w:tr></w:tbl>`)))
	f.Add([]byte(wordDoc(`<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>` + para("项目支出绩效自评表") + `</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`)))
	tpl := template.National()
	f.Fuzz(func(t *testing.T, part []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create(documentPart)
		w.Write(part)
		zw.Close()
		doc, err := Limits{Rows: 10000}.DOCX(t.Context(), buf.Bytes(), tpl)
		if err == nil {
			checkSheetForms(t, doc)
		}
	})
}

// checkSheetForms fails a document read without error that holds no form,
// or a form that spans no rows of its sheet.
func checkSheetForms(t *testing.T, doc *Document) {
	t.Helper()
	if len(doc.Forms) == 0 {
		t.Fatal("no forms and no error")
	}
	for _, fm := range doc.Forms {
		if fm.LineFrom < 1 || fm.LineTo < fm.LineFrom {
			t.Fatalf("form %d spans rows %d-%d", fm.Seq, fm.LineFrom, fm.LineTo)
		}
	}
}
