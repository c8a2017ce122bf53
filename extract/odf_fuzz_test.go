package extract

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// FuzzODF reads fuzzed content.xml parts as a spreadsheet and as a text:
// whatever they hold, the reader returns forms or an error, never panics,
// and every form it returns spans rows of its sheet.
func FuzzODF(f *testing.F) {
	f.Add([]byte(odfDoc("spreadsheet", `<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>`,
		`<table:table table:name="S"><table:table-column table:number-columns-repeated="99999999999"/>`+
			odsRow("", odsCell(`table:number-columns-spanned="4"`, "项目支出绩效自评表"), `<table:covered-table-cell table:number-columns-repeated="3"/>`)+
			odsRow(`table:number-rows-repeated="2"`, odsCell("", "项目编码:"), odsCell(`table:number-columns-repeated="-1"`, "440300241113100001007"),
				odsCell("", "项目名称:"), odsCell(`table:number-rows-spanned="99999999999"`, "党组织建设"))+
			`</table:table><table:table table:style-name="ta2">`+odsRow("", odsCell("", "x"))+`</table:table>`)), false)
	f.Add([]byte(odfDoc("text", "", `<text:p>项目支出绩效自评表</text:p><table:table>`+
		odsRow("", odsCell("", "项目编码:"), `<table:table-cell><table:table>`+odsRow("", odsCell("", "1"))+`</table:table></table:table-cell>`)+
		`</table:table><text:p>项目名称:<text:s text:c="5"/>x</text:p>`)), true)
	tpl := template.National()
	f.Fuzz(func(t *testing.T, content []byte, text bool) {
		l := Limits{Rows: 10000}
		read, kind := l.ODS, odsType
		if text {
			read, kind = l.ODT, odtType
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
		w.Write([]byte(kind))
		w, _ = zw.CreateHeader(&zip.FileHeader{Name: contentPart, Method: zip.Store})
		w.Write(content)
		zw.Close()
		doc, err := read(t.Context(), buf.Bytes(), tpl)
		if err == nil {
			checkSheetForms(t, doc)
		}
	})
}
