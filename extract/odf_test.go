package extract

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// odfDoc wraps body in a content.xml as LibreOffice writes it: the
// automatic styles first, then the body of a spreadsheet or a text.
func odfDoc(kind, styles, body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` +
		`xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
		`<office:automatic-styles>` + styles + `</office:automatic-styles><office:body><office:` + kind + `>` + body +
		`</office:` + kind + `></office:body></office:document-content>`
}

// odsRow is a table row; odsCell a cell with attributes and one paragraph.
func odsRow(attrs string, cells ...string) string {
	return `<table:table-row ` + attrs + `>` + strings.Join(cells, "") + `</table:table-row>`
}
func odsCell(attrs, text string) string {
	return `<table:table-cell ` + attrs + `><text:p>` + text + `</text:p></table:table-cell>`
}

// odfPackage is an OpenDocument package of the kind mimetype with content.
func odfPackage(t *testing.T, mimetype, content string) []byte {
	return zipOf(t, [2]string{"mimetype", mimetype}, [2]string{contentPart, content})
}

// TestODFGrids lays spreadsheets out as sheets: repeated cells and rows
// repeat their text, spanned cells become merged ranges and covered cells
// take their places, hidden sheets, rows and columns are marked, and only
// the text the cells show is read.
func TestODFGrids(t *testing.T) {
	content := odfDoc("spreadsheet",
		`<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>`+
			`<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>`,
		`<table:table table:name="表1" table:style-name="ta1">`+
			`<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-column table:number-columns-repeated="16381"/>`+
			odsRow("", odsCell(`table:number-columns-spanned="3" table:number-rows-spanned="1"`, "项目支出绩效自评表"),
				`<table:covered-table-cell table:number-columns-repeated="2"/>`, `<table:table-cell table:number-columns-repeated="16381"/>`)+
			odsRow("", odsCell(`table:number-rows-spanned="2"`, "产出指标"), odsCell(`table:number-columns-repeated="2"`, "10"),
				`<table:table-cell><text:p>a<text:s text:c="3"/>b<text:tab/>c</text:p><text:p>d</text:p>`+
					`<office:annotation><text:p>a comment</text:p></office:annotation></table:table-cell>`)+
			odsRow(`table:visibility="collapse"`, `<table:covered-table-cell/>`, odsCell("", "质量指标"))+
			odsRow(`table:number-rows-repeated="2"`, odsCell("", "x"), odsCell("", `<text:span>y</text:span>`))+
			odsRow(`table:number-rows-repeated="1048570"`, `<table:table-cell table:number-columns-repeated="16384"/>`)+
			`</table:table>`+
			`<table:table table:name="helper" table:style-name="ta2">`+odsRow("", odsCell("", "hidden sheet"))+`</table:table>`)
	grids, err := odfGrids(t.Context(), strings.NewReader(content), false, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(grids) != 2 || grids[0].name != "表1" || grids[0].hidden || grids[1].name != "helper" || !grids[1].hidden {
		t.Fatalf("sheets %v, want 表1 and a hidden helper", grids)
	}
	g := grids[0]
	want := map[cellPos]string{
		{1, 1}: "项目支出绩效自评表",
		{2, 1}: "产出指标", {2, 2}: "10", {2, 3}: "10", {2, 4}: "a   b c d",
		{3, 2}: "质量指标",
		{4, 1}: "x", {4, 2}: "y", {5, 1}: "x", {5, 2}: "y",
	}
	checkCells(t, g, want)
	merges := slices.Clone(g.merges)
	slices.SortFunc(merges, func(a, b cellRange) int { return a.r1*100 + a.c1 - b.r1*100 - b.c1 })
	if want := []cellRange{{1, 1, 1, 3}, {2, 1, 3, 1}}; !slices.Equal(merges, want) {
		t.Errorf("merges %v, want %v", merges, want)
	}
	if !g.hiddenCols[3] || len(g.hiddenCols) != 1 || !g.hiddenRows[3] || len(g.hiddenRows) != 1 {
		t.Errorf("hidden columns %v and rows %v, want column 3 and row 3", g.hiddenCols, g.hiddenRows)
	}
	if g := grids[1]; g.cells[cellPos{1, 1}] != "hidden sheet" {
		t.Errorf("hidden sheet cells %v", g.cells)
	}
}

// TestODTGrid lays a text document out as one sheet: each paragraph
// outside tables takes a row, as each table row does, and a nested table's
// text goes to the cell it stands in.
func TestODTGrid(t *testing.T) {
	content := odfDoc("text", "",
		`<text:h>项目支出绩效自评表</text:h><text:p>（2024年度）</text:p><text:p/>`+
			`<table:table table:name="Table1"><table:table-column table:number-columns-repeated="2"/>`+
			odsRow("", odsCell(`table:number-columns-spanned="2"`, "项目名称"), `<table:covered-table-cell/>`)+
			odsRow("", odsCell("", "总分"), `<table:table-cell><table:table><table:table-row><table:table-cell><text:p>100</text:p>`+
				`</table:table-cell></table:table-row></table:table></table:table-cell>`)+
			`</table:table><text:list><text:list-item><text:p>填表人:<text:note><text:note-body><text:p>a note</text:p></text:note-body></text:note>张三</text:p></text:list-item></text:list>`)
	grids, err := odfGrids(t.Context(), strings.NewReader(content), true, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(grids) != 1 || !grids[0].wholeFile() {
		t.Fatalf("%d sheets, want the document as one", len(grids))
	}
	g := grids[0]
	want := map[cellPos]string{
		{1, 1}: "项目支出绩效自评表", {2, 1}: "（2024年度）",
		{4, 1}: "项目名称", {5, 1}: "总分", {5, 2}: "100", {6, 1}: "填表人:张三",
	}
	checkCells(t, g, want)
	if want := []cellRange{{4, 1, 4, 2}}; !slices.Equal(g.merges, want) {
		t.Errorf("merges %v, want %v", g.merges, want)
	}
}

// TestODSRead reads a form from a spreadsheet package, sniffed by its
// mimetype.
func TestODSRead(t *testing.T) {
	var rows strings.Builder
	rows.WriteString(odsRow("", odsCell("", "项目支出绩效自评表")))
	for _, r := range [][]string{
		{"项目编码:", "440300221111562000383", "项目名称:", "党组织建设"},
		{"实施单位:", "深圳市规划和自然资源数据管理中心", "绩效自评年度:", "2024"},
	} {
		var cells []string
		for _, c := range r {
			cells = append(cells, odsCell("", c))
		}
		rows.WriteString(odsRow("", cells...))
	}
	data := odfPackage(t, odsType, odfDoc("spreadsheet", "", `<table:table table:name="Sheet1">`+rows.String()+`</table:table>`))
	if f := Sniff(data); f != FormatODS {
		t.Fatalf("sniffed as %s", f)
	}
	doc, err := Limits{}.ODS(t.Context(), data, template.National())
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != FormatODS || len(doc.Forms) != 1 || doc.Forms[0].Sheet != "Sheet1" {
		t.Fatalf("format %s, %d forms; want ods and one form on Sheet1", doc.Format, len(doc.Forms))
	}
	if h := doc.Forms[0].Header; h.ProjectCode.Text != "440300221111562000383" || h.ProjectName.Text != "党组织建设" || h.Year.Text != "2024" {
		t.Errorf("header %+v", h)
	}
}

// TestODFErrors: a file that cannot be read says why, and one past a limit
// names the limit.
func TestODFErrors(t *testing.T) {
	sheet := func(body string) string {
		return odfDoc("spreadsheet", "", `<table:table table:name="S">`+body+`</table:table>`)
	}
	good := odfPackage(t, odsType, sheet(odsRow("", odsCell("", "项目支出绩效自评表"))))
	many := strings.Repeat(odsRow("", odsCell("", "x")), 5)
	for _, tt := range []struct {
		name  string
		data  []byte
		text  bool // read as an OpenDocument text, not a spreadsheet
		lim   Limits
		err   error
		limit string
		want  string
	}{
		{"cut off", good[:len(good)-30], false, Limits{}, ErrOpenDocumentCorrupt, "", "ods: OpenDocument file is corrupt"},
		{"no content part", zipOf(t, [2]string{"mimetype", odsType}, [2]string{"styles.xml", "<x/>"}), false, Limits{}, ErrOpenDocumentCorrupt, "", "no content.xml"},
		{"cut-off XML", odfPackage(t, odsType, "<office:document-content><office:body>"), false, Limits{}, ErrOpenDocumentCorrupt, "", "content.xml ends inside <body>"},
		{"unbalanced XML", odfPackage(t, odsType, "<office:document-content></table:table>"), false, Limits{}, ErrOpenDocumentCorrupt, "", "</table> closes no open element"},
		{"no table", odfPackage(t, odsType, odfDoc("spreadsheet", "", "")), false, Limits{}, ErrNoForm, "", "holds no table"},
		{"no text", odfPackage(t, odtType, odfDoc("text", "", "<text:p/>")), true, Limits{}, ErrNoForm, "", "odt: no 项目支出绩效自评表 found (the document holds no text)"},
		{"empty sheet", odfPackage(t, odsType, sheet(odsRow(""))), false, Limits{}, ErrWorkbookEmpty, "", "ods: "},
		{"no form", good, false, Limits{}, ErrNoForm, "", "labels in 1 row of 1 sheet)"},
		{"too large", good, false, Limits{Decompressed: 100}, nil, LimitDecompressed, "expands to more than"},
		{"too many rows", odfPackage(t, odsType, sheet(many)), false, Limits{Rows: 4}, nil, LimitRows, "sheet S has more than 4 rows"},
		{"a repeated row past the limit", odfPackage(t, odsType, sheet(odsRow(`table:number-rows-repeated="99999999999"`, odsCell("", "x")))), false, Limits{}, nil, LimitRows, "more than 100000 rows"},
		{"repeated past the cells a file may hold", odfPackage(t, odsType, sheet(odsRow(`table:number-rows-repeated="100"`, odsCell(`table:number-columns-repeated="16384"`, "x")))), false, Limits{}, ErrWorkbookTooLarge, "", "more than 1048576 cells with text"},
		{"too many paragraphs", odfPackage(t, odtType, odfDoc("text", "", strings.Repeat("<text:p>x</text:p>", 5))), true, Limits{Rows: 4}, nil, LimitRows, "the document has more than 4 rows"},
		{"nested too deep", odfPackage(t, odsType, sheet(strings.Repeat("<text:span>", 2000)+strings.Repeat("</text:span>", 2000))), false, Limits{}, ErrOpenDocumentCorrupt, "", "more than 1000 deep"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			read := tt.lim.ODS
			if tt.text {
				read = tt.lim.ODT
			}
			_, err := read(t.Context(), tt.data, template.National())
			var lim *LimitError
			switch {
			case err == nil:
				t.Fatal("no error")
			case tt.err != nil && !errors.Is(err, tt.err):
				t.Errorf("error %v, want %v", err, tt.err)
			case tt.limit != "" && (!errors.As(err, &lim) || lim.Limit != tt.limit):
				t.Errorf("error %v, want the %s limit", err, tt.limit)
			case !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q, want …%s…", err, tt.want)
			}
		})
	}
}
