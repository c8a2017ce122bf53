package extract

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// fuzzParts are the fixed parts of the package FuzzXLSX builds around the
// fuzzed sheet and shared strings. The styles give the number formats the
// reader interprets: a percentage, a date, a thousands separator and text.
var fuzzParts = map[string]string{
	"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
	"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
	"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="2"><numFmt numFmtId="164" formatCode="0.00%"/><numFmt numFmtId="165" formatCode="#,##0.00_);[Red]\(#,##0.00\)"/></numFmts>` +
		`<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
		`<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="6"><xf/>` +
		`<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/>` +
		`<xf numFmtId="49" applyNumberFormat="1"/><xf numFmtId="4" applyNumberFormat="1"/></cellXfs></styleSheet>`,
}

// fuzzWorkbook packs a sheet and its shared strings into a workbook,
// stored uncompressed so that building it costs little.
func fuzzWorkbook(sheet, sst []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		w.Write(data)
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		add(name, []byte(fuzzParts[name]))
	}
	add("xl/worksheets/sheet1.xml", sheet)
	add("xl/sharedStrings.xml", sst)
	zw.Close()
	return buf.Bytes()
}

// FuzzXLSX reads workbooks whose sheet and shared strings are the fuzzed
// XML inside an otherwise sound package: damage to the zip itself is
// archive/zip's to refuse, while this reaches the reading of cells, number
// formats, formulas, merges and hidden rows. The reader must end in forms
// or an error; a panic, which XLSX turns into "the reader failed on it",
// is a finding.
func FuzzXLSX(f *testing.F) {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	sst := []byte(`<sst ` + ns + ` count="4" uniqueCount="4"><si><t>项目支出绩效自评表</t></si><si><t>项目编码:</t></si>` +
		`<si><t>项目名称:</t></si><si><r><t>党组织</t></r><r><t>建设</t></r></si></sst>`)
	for _, sheet := range []string{
		`<worksheet ` + ns + `><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>440300241113100001007</t></is></c>` +
			`<c r="C2" t="s"><v>2</v></c><c r="D2" t="s"><v>3</v></c></row></sheetData>` +
			`<mergeCells count="1"><mergeCell ref="A1:D1"/></mergeCells></worksheet>`,
		`<worksheet ` + ns + `><sheetData><row r="3" hidden="1"><c r="A3" s="1"><v>0.98765</v></c><c r="B3" s="2"><v>45291</v></c>` +
			`<c r="C3" s="3"><v>-1234567.891</v></c><c r="D3" s="4"><v>7</v></c><c r="E3" s="5"><v>1E+20</v></c></row>` +
			`<row r="4"><c r="A4"><f>SUM(A3:C3)</f><v>5</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="e"><v>#DIV/0!</v></c>` +
			`<c r="D4" t="str"><f>A1&amp;"x"</f><v>x</v></c></row></sheetData><cols><col min="2" max="3" hidden="1"/></cols>` +
			`<mergeCells count="2"><mergeCell ref="A4:A9"/><mergeCell ref="XFD1048576:A1"/></mergeCells></worksheet>`,
	} {
		f.Add([]byte(sheet), sst)
	}
	tpl := template.National()
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		doc, err := XLSX(fuzzWorkbook(sheet, sst), tpl)
		if err != nil {
			if strings.Contains(err.Error(), "the reader failed on it") {
				t.Fatal(err)
			}
			return
		}
		if len(doc.Forms) == 0 {
			t.Fatal("no forms and no error")
		}
	})
}
