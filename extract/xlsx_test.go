package extract_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/xuri/excelize/v2"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../fixtures/docs/xlsx/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// workbookParts are the parts every package needs besides the sheet.
var workbookParts = map[string]string{
	"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
	"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
}

// zipBomb is a small package whose sheet inflates to n bytes of blanks.
// With lie set, the sheet's header declares 1 KB instead.
func zipBomb(t *testing.T, n int, lie bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, part := range workbookParts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, part)
	}
	var sheet bytes.Buffer
	fw, _ := flate.NewWriter(&sheet, flate.BestCompression)
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	blanks := bytes.Repeat([]byte(" "), 1<<20)
	for written := 0; written < n; written += len(blanks) {
		w.Write(blanks)
	}
	io.WriteString(w, `</sheetData></worksheet>`)
	fw.Close()
	size := uint64(n + 100)
	if lie {
		size = 1 << 10
	}
	raw, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(sheet.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(sheet.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// book writes a workbook built by fill to bytes, encrypted when a password is given.
func book(t *testing.T, password string, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	var buf bytes.Buffer
	if err := f.Write(&buf, excelize.Options{Password: password}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWorkbookErrors(t *testing.T) {
	good := fixture(t, "composed-sheets.xlsx")
	goodXLS := fixture(t, "composed-sheets.xls")
	encrypted := book(t, "secret", func(f *excelize.File) { f.SetCellStr("Sheet1", "A1", "项目支出绩效自评表") })
	notZip := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		io.WriteString(w, "<document/>")
		zw.Close()
		return buf.Bytes()
	}()
	tests := []struct {
		name string
		read func([]byte, *template.Template) (*extract.Document, error)
		data []byte
		want error
	}{
		{"zip bomb", extract.XLSX, zipBomb(t, 80<<20, false), extract.ErrWorkbookTooLarge},
		{"zip bomb under a lower limit", extract.WorkbookOptions{UnzipSizeLimit: 1 << 20}.XLSX, zipBomb(t, 2<<20, false), extract.ErrWorkbookTooLarge},
		{"zip bomb declaring a small size", extract.XLSX, zipBomb(t, 8<<20, true), extract.ErrWorkbookCorrupt},
		{"password-protected xlsx", extract.XLSX, encrypted, extract.ErrWorkbookPassword},
		{"password-protected xlsx sniffed as OLE2", extract.XLS, encrypted, extract.ErrWorkbookPassword},
		{"truncated xlsx", extract.XLSX, good[:len(good)/2], extract.ErrWorkbookCorrupt},
		{"zip without a workbook", extract.XLSX, notZip, extract.ErrWorkbookCorrupt},
		{"truncated xls", extract.XLS, goodXLS[:len(goodXLS)/2], extract.ErrWorkbookCorrupt},
		{"xls header only", extract.XLS, goodXLS[:512], extract.ErrWorkbookCorrupt},
		{"empty workbook", extract.XLSX, book(t, "", func(*excelize.File) {}), extract.ErrWorkbookEmpty},
		{"not a form", extract.XLSX, book(t, "", func(f *excelize.File) {
			f.SetCellStr("Sheet1", "A1", "会议签到表")
			f.SetCellStr("Sheet1", "A2", "张三")
		}), extract.ErrNoForm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			doc, err := tt.read(tt.data, template.National())
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if doc != nil && len(doc.Forms) > 0 {
				t.Errorf("got %d forms from a bad workbook", len(doc.Forms))
			}
			// A bomb is refused from its declared sizes, before inflating anything.
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestWorkbookOptionsLimit(t *testing.T) {
	data := fixture(t, "composed-sheets.xlsx")
	if _, err := (extract.WorkbookOptions{UnzipSizeLimit: 4 << 10}).XLSX(data, template.National()); !errors.Is(err, extract.ErrWorkbookTooLarge) {
		t.Errorf("4 KB limit: got %v, want ErrWorkbookTooLarge", err)
	}
	doc, err := (extract.WorkbookOptions{UnzipSizeLimit: 8 << 20, UnzipXMLSizeLimit: 1 << 20}).XLSX(data, template.National())
	if err != nil || len(doc.Forms) != 10 {
		t.Errorf("8 MB limit: got %v, want the 10 forms", err)
	}
}

// TestWorkbookRowLimit refuses a sheet of more rows than the limit, which
// the reader counts as it streams the rows, before looking cells up.
func TestWorkbookRowLimit(t *testing.T) {
	data := fixture(t, "offset.xlsx")
	_, err := (extract.WorkbookOptions{MaxRows: 20}).XLSX(data, template.National())
	var lim *extract.LimitError
	if !errors.As(err, &lim) || lim.Limit != extract.LimitRows || lim.Max != 20 {
		t.Errorf("20 rows: got %v, want a LimitError on rows at 20", err)
	}
	if doc, err := (extract.WorkbookOptions{MaxRows: 1000}).XLSX(data, template.National()); err != nil || len(doc.Forms) == 0 {
		t.Errorf("1,000 rows: got %v, want the forms", err)
	}
}

// TestHiddenSheetWithForm reads a form on a hidden sheet.
func TestHiddenSheetWithForm(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(fixture(t, "composed-sheets.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetSheetVisible("表2", false); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.XLSX(buf.Bytes(), template.National())
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Forms) != 10 || doc.Forms[1].Sheet != "表2" || len(doc.Forms[1].Indicators) == 0 {
		t.Errorf("got %d forms, the second on %q; want 10 with the hidden 表2 read", len(doc.Forms), doc.Forms[1].Sheet)
	}
}

// TestStaleFormula recomputes a formula whose cached result is stale and
// keeps the cached value, with a note naming the field.
func TestStaleFormula(t *testing.T) {
	data := book(t, "", func(f *excelize.File) {
		rows := [][]any{
			{"项目支出绩效自评表"},
			{"项目编码:", "440300241113100009001", "项目名称:", "测试"},
			{"年度绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"},
			{"年度绩效指标", "产出指标(100分)", "数量指标", "报告数量", "3份", "3份", 60, 60},
			{"年度绩效指标", "产出指标(100分)", "质量指标", "合格率", "100%", "100%", 40, 38},
			{"总分", nil, nil, nil, nil, nil, 100, 95},
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow("Sheet1", cell, &r)
		}
		f.SetCellFormula("Sheet1", "G6", "SUM(G4:G5)") // caches 100, computes 100
		f.SetCellFormula("Sheet1", "H6", "SUM(H4:H5)") // caches 95, computes 98
	})
	doc, err := extract.XLSX(data, template.National())
	if err != nil {
		t.Fatal(err)
	}
	f := doc.Forms[0]
	if f.Total == nil || f.Total.Score != "95" || f.Total.Weight != "100" {
		t.Fatalf("total %+v, want the cached 100 and 95", f.Total)
	}
	if len(f.Notes) != 1 {
		t.Fatalf("notes %+v, want one", f.Notes)
	}
	n := f.Notes[0]
	if n.Code != "sheet.stale_formula" || n.Field != "总分 得分" || n.Printed != "95" || n.Line != 6 ||
		!strings.Contains(n.Message, "Sheet1!H6") || !strings.Contains(n.Message, "98") {
		t.Errorf("note %+v", n)
	}
}
