package extract

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// wordDoc wraps body in a document.xml as Word writes it.
func wordDoc(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		body + `<w:sectPr/></w:body></w:document>`
}

// para is a paragraph of one run; row is a table row of cells; cell is a
// table cell with its properties.
func para(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }
func row(cells ...string) string {
	return `<w:tr>` + strings.Join(cells, "") + `</w:tr>`
}
func cell(props, text string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + para(text) + `</w:tc>`
}

// TestDOCXGrid lays a document out as a sheet: paragraphs outside tables
// and table rows take a row each, spans and vertical merges become merged
// ranges, and only the text the document shows is read.
func TestDOCXGrid(t *testing.T) {
	doc := wordDoc(para("项目支出绩效自评表") + para("（2024年度）") + `<w:p/>` +
		`<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
		row(cell(`<w:gridSpan w:val="2"/>`, "项目名称"), `<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>党组织建设</w:t></w:r>`+
			`<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice><w:t>!</w:t></mc:Choice>`+
			`<mc:Fallback><w:t>!</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p></w:tc>`) +
		row(cell(`<w:vMerge w:val="restart"/>`, "产出指标"), cell("", "数量指标"), cell("", "10"), cell("", "9.5")) +
		row(cell(`<w:vMerge/>`, ""), cell("", "质量指标"), cell("", "10"),
			`<w:tc><w:tcPr/><w:p><w:r><w:t>1</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>`+
				`<w:del><w:r><w:delText>2</w:delText></w:r></w:del><w:ins><w:r><w:t>0</w:t></w:r></w:ins></w:p></w:tc>`) +
		row(cell("", "效益指标"), cell("", "社会效益"), `<w:tc><w:tcPr/><w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>`+
			`<w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc>`,
			`<w:tc><w:tcPr/><w:tbl>`+row(cell("", "nested"))+`</w:tbl><w:p/></w:tc>`) +
		`<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>` + cell("", "总分") + cell("", "100") + `</w:tr>` +
		`</w:tbl>` + para("填表人:张三"))
	g, err := docxGrid(t.Context(), strings.NewReader(doc), 100)
	if err != nil {
		t.Fatal(err)
	}
	want := map[cellPos]string{
		{1, 1}: "项目支出绩效自评表", {2, 1}: "（2024年度）",
		{4, 1}: "项目名称", {4, 3}: "党组织建设!",
		{5, 1}: "产出指标", {5, 2}: "数量指标", {5, 3}: "10", {5, 4}: "9.5",
		{6, 2}: "质量指标", {6, 3}: "10", {6, 4}: "10",
		{7, 1}: "效益指标", {7, 2}: "社会效益", {7, 3}: "a b c", {7, 4}: "nested",
		{8, 3}: "总分", {8, 4}: "100",
		{9, 1}: "填表人:张三",
	}
	checkCells(t, g, want)
	merges := slices.Clone(g.merges)
	slices.SortFunc(merges, func(a, b cellRange) int { return a.r1*100 + a.c1 - b.r1*100 - b.c1 })
	if want := []cellRange{{4, 1, 4, 2}, {4, 3, 4, 4}, {5, 1, 6, 1}}; !slices.Equal(merges, want) {
		t.Errorf("merges %v, want %v", merges, want)
	}
}

// TestDOCXRead reads a form printed as a title paragraph over a table.
func TestDOCXRead(t *testing.T) {
	var rows strings.Builder
	for _, r := range [][]string{
		{"项目编码:", "440300221111562000383", "项目名称:", "党组织建设"},
		{"实施单位:", "深圳市规划和自然资源数据管理中心", "绩效自评年度:", "2024"},
	} {
		var cells []string
		for _, c := range r {
			cells = append(cells, cell("", c))
		}
		rows.WriteString(row(cells...))
	}
	data := zipOf(t, [2]string{"word/document.xml", wordDoc(para("项目支出绩效自评表") + `<w:tbl>` + rows.String() + `</w:tbl>`)})
	doc, err := Limits{}.DOCX(t.Context(), data, template.National())
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != FormatDOCX || len(doc.Forms) != 1 {
		t.Fatalf("format %s, %d forms; want docx and one form", doc.Format, len(doc.Forms))
	}
	if h := doc.Forms[0].Header; h.ProjectCode.Text != "440300221111562000383" || h.ProjectName.Text != "党组织建设" || h.Year.Text != "2024" {
		t.Errorf("header %+v", h)
	}
}

// TestDOCXErrors: a document that cannot be read says why, and one past a
// limit names the limit.
func TestDOCXErrors(t *testing.T) {
	good := zipOf(t, [2]string{"word/document.xml", wordDoc(para("项目支出绩效自评表"))})
	var many strings.Builder
	for range 5 {
		many.WriteString(row(cell("", "x")))
	}
	for _, tt := range []struct {
		name  string
		data  []byte
		lim   Limits
		err   error
		limit string
		want  string
	}{
		{"cut off", good[:len(good)-30], Limits{}, ErrDocumentCorrupt, "", "cut off while copying"},
		{"no document part", zipOf(t, [2]string{"word/styles.xml", "<x/>"}), Limits{}, ErrDocumentCorrupt, "", "no word/document.xml"},
		{"cut-off XML", zipOf(t, [2]string{"word/document.xml", "<w:document><w:body><w:p>"}), Limits{}, ErrDocumentCorrupt, "", "word/document.xml ends inside <p>"},
		{"unbalanced XML", zipOf(t, [2]string{"word/document.xml", "<w:document><w:body></w:p></w:body></w:document>"}), Limits{}, ErrDocumentCorrupt, "", "</p> closes no open element"},
		{"broken XML", zipOf(t, [2]string{"word/document.xml", "<w:document><w:body><w:p a=>"}), Limits{}, ErrDocumentCorrupt, "", "word/document.xml"},
		{"no text", zipOf(t, [2]string{"word/document.xml", wordDoc(`<w:p/>`)}), Limits{}, ErrNoForm, "", "holds no text"},
		{"no form", good, Limits{}, ErrNoForm, "", "labels in 1 row)"},
		{"too large", good, Limits{Decompressed: 100}, nil, LimitDecompressed, "expands to more than"},
		{"too many rows", zipOf(t, [2]string{"word/document.xml", wordDoc(`<w:tbl>` + many.String() + `</w:tbl>`)}), Limits{Rows: 4}, nil, LimitRows, "more than 4 rows"},
		{"too many paragraphs", zipOf(t, [2]string{"word/document.xml", wordDoc(strings.Repeat(para("x"), 5))}), Limits{Rows: 4}, nil, LimitRows, "more than 4 rows"},
		{"nested too deep", zipOf(t, [2]string{"word/document.xml", wordDoc(strings.Repeat("<w:sdt>", 2000) + strings.Repeat("</w:sdt>", 2000))}), Limits{}, ErrDocumentCorrupt, "", "more than 1000 deep"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.lim.DOCX(t.Context(), tt.data, template.National())
			var lim *LimitError
			switch {
			case err == nil:
				t.Fatal("no error")
			case tt.err != nil && !errors.Is(err, tt.err):
				t.Errorf("error %v, want %v", err, tt.err)
			case tt.limit != "" && (!errors.As(err, &lim) || lim.Limit != tt.limit):
				t.Errorf("error %v, want the %s limit", err, tt.limit)
			case !strings.HasPrefix(err.Error(), "docx: ") || !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q, want docx: …%s…", err, tt.want)
			}
		})
	}
}

// checkCells compares a sheet's cells with want, naming each cell that
// differs.
func checkCells(t *testing.T, g *sheetGrid, want map[cellPos]string) {
	t.Helper()
	for p, w := range want {
		if g.cells[p] != w {
			t.Errorf("cell %s = %q, want %q", cellName(p.row, p.col), g.cells[p], w)
		}
	}
	for p, got := range g.cells {
		if _, ok := want[p]; !ok {
			t.Errorf("cell %s = %q, want it empty", cellName(p.row, p.col), got)
		}
	}
}
