package extract

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/formaudit/formaudit/extract/pdfwalk/pdftest"
	"github.com/formaudit/formaudit/template"
)

func TestParseTesseractTSV(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t\n" +
		"5\t1\t1\t1\t1\t1\t100\t50\t40\t20\t96.5\t项目\n" +
		// A ruling line: an empty word, dropped.
		"5\t1\t1\t1\t1\t2\t0\t80\t900\t2\t95\t \n" +
		// A quote must not open a quoted field that swallows the next lines.
		"5\t1\t1\t1\t1\t3\t150\t52\t30\t18\t41.2\t“分值\n" +
		"5\t1\t2\t1\t1\t1\t100\t300\t60\t20\t90\t10\n"
	p, err := ParseTesseractTSV([]byte(tsv), 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.Number != 3 || p.Width != 1000 || p.Height != 2000 || len(p.Words) != 3 {
		t.Fatalf("page %+v", p)
	}
	w := p.Words[1]
	if w.Text != "“分值" || w.Conf != 41.2 || w.X0 != 150 || w.X1 != 180 || w.Y1 != 2000-52 || w.Y0 != 2000-70 {
		t.Errorf("word %+v", w)
	}
	if p.Words[0].Line != w.Line || p.Words[2].Line == w.Line {
		t.Errorf("lines %d %d %d: want the first two on one line", p.Words[0].Line, w.Line, p.Words[2].Line)
	}
	for _, bad := range []string{
		"",
		"level\tpage_num\n1\t1\n",
		"level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\tx\t0\t1\t1\t90\ta\n",
		"level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\ta\n",
	} {
		if _, err := ParseTesseractTSV([]byte(bad), 1); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestImageType(t *testing.T) {
	for data, want := range map[string]string{
		"\x89PNG\r\n\x1a\n....": ImagePNG,
		"\xFF\xD8\xFF\xE0":      ImageJPEG,
		"II*\x00\x08":           ImageTIFF,
		"MM\x00*\x00":           ImageTIFF,
		"%PDF-1.7":              "",
		"GIF89a":                "",
	} {
		if got := ImageType([]byte(data)); got != want {
			t.Errorf("ImageType(%q) = %q, want %q", data, got, want)
		}
	}
}

// charsOf spreads text over a line, one unit a character.
func charsOf(text string) []ocrChar {
	return ocrChars([]ocrWord{{text: text, x0: 0, x1: float64(utf8.RuneCountInString(text))}})
}

func TestOCRFind(t *testing.T) {
	tests := []struct {
		line, label string
		loose       bool
		want        string // the characters found, "" for none
	}{
		{"年 初 预算 数 。 |", "年初预算数", false, "年初预算数"},
		{"全年执行数", "执行率", false, ""},
		{"年度二级措标", "二级指标", false, "二级措标"}, // one edit in four
		{"得他", "得分", false, ""},           // short labels are exact …
		{"得他", "得分", true, "得他"},          // … unless placing a header's labels
		{"分值得分", "得分", true, "得分"},        // the exact place, not the one-edit one
		{"项 目 支出 绩效 自 评 表", "项目支出绩效自评表", false, "项目支出绩效自评表"},
	}
	for _, tt := range tests {
		chars := charsOf(tt.line)
		spans := ocrFind(chars, tt.label, tt.loose)
		got := ""
		if len(spans) > 0 {
			for _, c := range chars[spans[0].from:spans[0].to] {
				got += string(c.r)
			}
		}
		if got != tt.want {
			t.Errorf("ocrFind(%q, %q, loose %v) = %q, want %q", tt.line, tt.label, tt.loose, got, tt.want)
		}
	}
	// In order: 得分 after 分值, though 分值 holds an 分.
	chars := charsOf("三级指标分值得分偏差")
	spans := ocrFindInOrder(chars, [][]string{{"三级指标"}, {"分值"}, {"得分"}, {"年度指标值"}}, false)
	if ocrFound(spans) != 3 || spans[1].from != 4 || spans[2].from != 6 || spans[3].from != -1 {
		t.Errorf("ocrFindInOrder: %+v", spans)
	}
}

func TestOCRRiver(t *testing.T) {
	// Two columns: right-aligned numbers ending at 50, text starting at 60,
	// and a gap at 20–30 inside the first column that is wider.
	words := []ocrWord{
		{text: "1", x0: 10, x1: 20}, {text: "12.5", x0: 30, x1: 50},
		{text: "完成", x0: 60, x1: 80}, {text: "100", x0: 35, x1: 49},
	}
	if x := ocrRiver(words, 20, 75); x < 50 || x > 60 {
		t.Errorf("river at %v, want between 50 and 60", x)
	}
}

func TestOCRNearestAndLevel1Label(t *testing.T) {
	l := &ocrLayout{t: template.National()}
	for in, want := range map[string]string{
		"消音度指标":       "满意度指标",
		"服务对福高庆指标":    "服务对象满意度指标",
		"社会效益指标":      "社会效益指标",
		"完全不是一个标签的文字": "完全不是一个标签的文字",
	} {
		if got := ocrNearest(in, append(l.t.Level1Names(), l.t.Level2Names()...)); got != want {
			t.Errorf("ocrNearest(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"产出指标(50分":  "产出指标(50分)",
		"产出指标50人":   "产出指标(50分)",
		"江意度指标(10仿": "满意度指标(10分)",
		"效益指标(30分)": "效益指标(30分)",
		"质量指标":      "质量指标",
	} {
		l.notes = nil
		got := l.level1Label(in, 7)
		if got != want {
			t.Errorf("level1Label(%q) = %q, want %q", in, got, want)
		}
		if repaired := len(l.notes) == 1 && l.notes[0].Code == "ocr.repaired" && l.notes[0].Line == 7; repaired != (got != in && strings.Contains(want, "分)")) {
			t.Errorf("level1Label(%q): notes %+v", in, l.notes)
		}
		name, _, _ := strings.Cut(want, "(")
		if place := (Place{Section: name, Column: template.FieldWeight}); len(l.notes) == 1 && l.notes[0].Place != place {
			t.Errorf("level1Label(%q): note placed %+v, want %+v", in, l.notes[0].Place, place)
		}
	}
}

// scanWord is a word of the synthetic scan: its left edge, baseline and text.
type scanWord struct {
	x, y float64
	text string
}

// syntheticScan lays out one small national form the way OCR reads a scan
// of it: words at their places, Chinese split at random, ruling lines read
// as "|", a few digits misread, and the page turned by half a degree.
func syntheticScan() []scanWord {
	var ws []scanWord
	line := func(y float64, cells ...any) {
		for i := 0; i+1 < len(cells); i += 2 {
			ws = append(ws, scanWord{cells[i].(float64), y, cells[i+1].(string)})
		}
	}
	line(800, 250.0, "项目支出", 286.0, "绩效 自评表")
	line(770, 40.0, "项目 编码：", 100.0, "|440300241113100001007", 300.0, "项目名称：", 360.0, "测试项目")
	line(750, 40.0, "实施单位：", 100.0, "某中心", 300.0, "一级 预算单位：", 370.0, "某局")
	line(730, 250.0, "资金 使用 情况")
	line(710, 200.0, "年初预算数", 260.0, "全年预算数", 320.0, "全 年 执行数 。|", 375.0, "分值", 405.0, "执行率", 450.0, "得分")
	line(690, 40.0, "项目资金", 100.0, "年度资金总额", 219.0, "100.00", 279.0, "2OO.00", 339.0, "180.00|", 388.0, "10", 418.0, "9O", 463.0, "9")
	line(676, 40.0, "（元）", 100.0, "其中：当年财政拨款", 219.0, "100.00", 279.0, "200.00", 339.0, "180.00")
	line(662, 100.0, "上年结转资金", 231.0, "0.00", 291.0, "0.00", 351.0, "0.00")
	line(648, 100.0, "其他资金", 231.0, "0.00", 291.0, "0.00", 351.0, "0.00")
	line(630, 250.0, "项目目标完成情况")
	line(615, 150.0, "预期目标", 350.0, "实际完成情况")
	line(600, 40.0, "年度总体目标", 110.0, "完成建设", 300.0, "已完成")
	line(580, 60.0, "一级指标", 110.0, "二级指标", 170.0, "三级指标", 230.0, "年度指标值", 290.0, "实际完成值", 375.0, "分值", 405.0, "得分", 440.0, "偏差原因分析及改进措施")
	line(560, 110.0, "数量指标", 170.0, "完成数量", 240.0, "≥2个", 300.0, "2个", 383.0, "30", 413.0, "30")
	line(552, 55.0, "产出指标(50分)")
	line(544, 110.0, "质 量 指标", 170.0, "合格率", 240.0, "100%", 300.0, "100%", 383.0, "20", 413.0, "2O")
	line(524, 55.0, "效益指标(30分)", 110.0, "社会效益指标", 170.0, "效果", 240.0, "有效", 300.0, "有效", 383.0, "30", 413.0, "30")
	line(508, 110.0, "经济效益指标", 300.0, "/", 388.0, "0", 418.0, "0")
	line(492, 55.0, "满意度指标(10", 110.0, "服务对象满意度", 170.0, "满意度", 240.0, "≥90%", 300.0, "95%", 383.0, "10", 413.0, "10")
	line(482, 70.0, "分)", 120.0, "指标")
	line(462, 150.0, "总分", 378.0, "100", 413.0, "99")
	return ws
}

// scanPage turns the synthetic words into an OCR page, turned by angle
// degrees around the page's centre; each word takes half an em a Latin
// character and a whole one a Chinese character of 8 points.
func scanPage(angle float64) OCRPage {
	p := OCRPage{Number: 1, Width: 595, Height: 842}
	sin, cos := math.Sincos(angle * math.Pi / 180)
	for i, w := range scanPageWords() {
		cx, cy := w.x-p.Width/2, w.y-p.Height/2
		x, y := p.Width/2+cx*cos-cy*sin, p.Height/2+cx*sin+cy*cos
		p.Words = append(p.Words, OCRWord{Text: w.text, X0: x, X1: x + wordWidth(w.text), Y0: y - 1, Y1: y + 7, Conf: 95, Line: lineOf(i)})
	}
	return p
}

// scanPageWords splits the words of the synthetic scan at their spaces, as
// engines return Chinese: a word a few characters.
func scanPageWords() []scanWord {
	var out []scanWord
	for _, w := range syntheticScan() {
		x := w.x
		for _, part := range strings.Fields(w.text) {
			out = append(out, scanWord{x, w.y, part})
			x += wordWidth(part) + 2
		}
	}
	return out
}

var scanLines = map[float64]int{}

func lineOf(i int) int {
	y := scanPageWords()[i].y
	if _, ok := scanLines[y]; !ok {
		scanLines[y] = len(scanLines) + 1
	}
	return scanLines[y]
}

func wordWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x80 {
			w += 4
		} else {
			w += 8
		}
	}
	return w
}

// checkSyntheticForm checks what the layout made of the synthetic scan.
func checkSyntheticForm(t *testing.T, doc *Document) {
	t.Helper()
	if len(doc.Forms) != 1 {
		t.Fatalf("%d forms, want 1", len(doc.Forms))
	}
	f := doc.Forms[0]
	if !f.OCR {
		t.Error("form not marked OCR")
	}
	if f.Header.ProjectCode.Text != "440300241113100001007" || f.Header.ProjectName.Text != "测试项目" {
		t.Errorf("header %+v", f.Header)
	}
	if !strings.Contains(f.FundsUnit, "元") {
		t.Errorf("funds unit %q", f.FundsUnit)
	}
	wantFunds := [][]string{
		{"100.00", "2OO.00", "180.00", "10", "9O", "9"},
		{"100.00", "200.00", "180.00", "", "", ""},
		{"0.00", "0.00", "0.00", "", "", ""},
		{"0.00", "0.00", "0.00", "", "", ""},
	}
	if len(f.Funds) != len(wantFunds) {
		t.Fatalf("funds %+v", f.Funds)
	}
	for i, fl := range f.Funds {
		if strings.Join(fl.Values, "|") != strings.Join(wantFunds[i], "|") {
			t.Errorf("funds line %d %q: %q, want %q", i, fl.Label, fl.Values, wantFunds[i])
		}
	}
	wantInd := []string{
		"数量指标|完成数量|≥2个|2个|30|30",
		"质量指标|合格率|100%|100%|20|2O",
		"效益指标(30分) 社会效益指标|效果|有效|有效|30|30",
		"经济效益指标|||/|0|0",
		"满意度指标(10分) 服务对象满意度指标|满意度|≥90%|95%|10|10",
	}
	var got []string
	for _, ind := range f.Indicators {
		got = append(got, strings.Join([]string{strings.Join(ind.Labels, " "), ind.Name, ind.Target, ind.Actual, ind.Weight, ind.Score}, "|"))
	}
	// 产出指标(50分) stands between its two rows and goes with one of them.
	if len(got) == len(wantInd) {
		for i := range got {
			got[i] = strings.TrimPrefix(strings.Replace(got[i], "产出指标(50分) ", "", 1), " ")
		}
	}
	if strings.Join(got, "\n") != strings.Join(wantInd, "\n") {
		t.Errorf("indicators:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantInd, "\n"))
	}
	if f.Total == nil || f.Total.Weight != "100" || f.Total.Score != "99" {
		t.Errorf("total %+v", f.Total)
	}
}

func TestOCRLayout(t *testing.T) {
	for _, angle := range []float64{0, 0.5, -0.5} {
		t.Run(fmt.Sprint(angle), func(t *testing.T) {
			doc, err := OCR([]OCRPage{scanPage(angle)}, template.National())
			if err != nil {
				t.Fatal(err)
			}
			checkSyntheticForm(t, doc)
		})
	}
}

// TestPDFOCRLayer writes the synthetic scan as a PDF of an image under
// invisible text, the way tesseract writes its PDFs: each word placed on
// its own and stretched to its box, followed by a space.
func TestPDFOCRLayer(t *testing.T) {
	b := pdftest.New()
	ocrLayerPage(b)
	doc, err := PDF(b.Bytes(), template.National())
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != FormatPDF {
		t.Errorf("format %s", doc.Format)
	}
	checkSyntheticForm(t, doc)
	for _, n := range doc.Forms[0].Notes {
		if n.Code == "pdf.page_unreadable" {
			t.Errorf("a sound page noted: %+v", n)
		}
	}
}

// ocrLayerPage adds a page of the synthetic scan under its OCR text layer.
func ocrLayerPage(b *pdftest.Builder) {
	font := b.ToUnicodeFont("1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange")
	img := b.Stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", []byte{0xFF})
	var content strings.Builder
	content.WriteString("q 595 0 0 842 0 0 cm /Im Do Q\n")
	page := scanPage(0.5)
	for _, w := range page.Words {
		n := float64(utf8.RuneCountInString(w.Text) + 1)
		tz := 100 * (w.X1 - w.X0 + 2) / (n * 8)
		fmt.Fprintf(&content, "BT 3 Tr /G 8 Tf %.2f Tz 1 0 0 1 %.2f %.2f Tm %s Tj ET\n", tz, w.X0, w.Y0+1, pdftest.UCS2(w.Text+" "))
	}
	b.Page(content.String(), fmt.Sprintf("/Font << /G %d 0 R >> /XObject << /Im %d 0 R >>", font, img), "")
}

// TestPDFOCRLayerPageProblems notes a page that could not be read on the
// form read from the OCR layer before it, and names it in the error of a
// file whose layer holds no form.
func TestPDFOCRLayerPageProblems(t *testing.T) {
	b := pdftest.New()
	ocrLayerPage(b)
	b.Page("/X Do", fmt.Sprintf("/XObject << /X %d 0 R >>", b.Add("<< 1 2 >>")), "")
	doc, err := PDF(b.Bytes(), template.National())
	if err != nil {
		t.Fatal(err)
	}
	checkSyntheticForm(t, doc)
	var got []string
	for _, n := range doc.Forms[0].Notes {
		if n.Code == "pdf.page_unreadable" {
			got = append(got, n.Message)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "page 2 could not be read (damaged PDF") || !strings.Contains(got[0], "outside this form's page 1") {
		t.Errorf("notes %q, want one on page 2, outside the form's page 1", got)
	}

	empty := pdftest.New()
	img := empty.Stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", []byte{0xFF})
	font := empty.Helvetica()
	empty.Page("q 595 0 0 842 0 0 cm /Im Do Q BT 3 Tr /F1 8 Tf 72 700 Td (Minutes) Tj ET", fmt.Sprintf("/Font << /F1 %d 0 R >> /XObject << /Im %d 0 R >>", font, img), "")
	empty.Page("/X Do", fmt.Sprintf("/XObject << /X %d 0 R >>", empty.Add("<< 1 2 >>")), "")
	_, err = PDF(empty.Bytes(), template.National())
	if !errors.Is(err, ErrNoForm) || !strings.Contains(err.Error(), "OCR text layer") || !strings.Contains(err.Error(), "page 2: damaged PDF") {
		t.Errorf("error %v, want no form in the OCR layer, naming the damage of page 2", err)
	}
}

// TestOCRDoubts lists the cells holding words read with low confidence.
func TestOCRDoubts(t *testing.T) {
	p := scanPage(0)
	for i, w := range p.Words {
		if w.Text == "2O" {
			p.Words[i].Conf = 35
		}
	}
	doc, err := OCR([]OCRPage{p}, template.National())
	if err != nil {
		t.Fatal(err)
	}
	ds := doc.Forms[0].Doubts
	if len(ds) != 1 || ds[0].Word != "2O" || ds[0].Cell != "2O" || ds[0].Conf != 35 {
		t.Fatalf("doubts %+v", ds)
	}
	for _, ind := range doc.Forms[0].Indicators {
		if ind.Score == "2O" && ind.Line != ds[0].Line {
			t.Errorf("doubt on line %d, the cell is on line %d", ds[0].Line, ind.Line)
		}
	}
}
