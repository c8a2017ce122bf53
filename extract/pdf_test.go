package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/formaudit/formaudit/extract/pdfwalk"
	"github.com/formaudit/formaudit/extract/pdfwalk/pdftest"
	"github.com/formaudit/formaudit/template"
)

func readTestPDF(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/pdf/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The first seed form, as the fixtures print it.
const formCode = "440300241113100001007"

func TestPDFReadsSoundFiles(t *testing.T) {
	form := readTestPDF(t, "form.pdf")
	cases := []struct {
		name string
		data []byte
	}{
		{"plain", form},
		{"AES-128 without user password", readTestPDF(t, "aes-128-open.pdf")},
		{"RC4-128 without user password", readTestPDF(t, "rc4-128-open.pdf")},
		{"PDF 2.0 with object streams", readTestPDF(t, "pdf20-objstm.pdf")},
		{"bytes after %%EOF", append(append([]byte{}, form...), "\n\x1a\x00trailing junk"...)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := PDF(c.data, template.National())
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Forms) != 1 {
				t.Fatalf("%d forms, want 1", len(doc.Forms))
			}
			f := doc.Forms[0]
			if f.Header.ProjectCode.Text != formCode || len(f.Indicators) != 12 || f.Total == nil || f.Total.Score != "100" {
				t.Errorf("read code %q, %d indicators, total %+v", f.Header.ProjectCode.Text, len(f.Indicators), f.Total)
			}
			if f.PageFrom != 1 || f.PageTo != 1 {
				t.Errorf("pages %d-%d, want 1-1", f.PageFrom, f.PageTo)
			}
		})
	}
}

// imagePage draws an image and no text, as a scanner does.
func imagePage() []byte {
	b := pdftest.New()
	img := b.Stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", []byte{0, 255, 255, 0})
	b.Page("q 595 0 0 842 0 0 cm /Im Do Q", fmt.Sprintf("/XObject << /Im %d 0 R >>", img), "")
	b.Page("q 595 0 0 842 0 0 cm /Im Do Q", fmt.Sprintf("/XObject << /Im %d 0 R >>", img), "")
	return b.Bytes()
}

func TestPDFErrors(t *testing.T) {
	form := readTestPDF(t, "form.pdf")
	text := pdftest.New()
	f := text.Helvetica()
	text.Page("BT /F1 12 Tf 72 700 Td (Minutes of the meeting) Tj ET", fmt.Sprintf("/Font << /F1 %d 0 R >>", f), "")
	loop := pdftest.New()
	loop.Kids = "[2 0 R]"
	// A page hatched with 100,000 short strokes in one row and 100,000
	// across: the table finder must neither hang nor read it as a form.
	hatched := pdftest.New()
	hatched.Compress = true
	var strokes strings.Builder
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&strokes, "%d 400 m %d.5 400 l S 300 %d m 305 %d l S\n", i%500, i%500, 100+i%600, 100+i%600)
	}
	hf := hatched.Helvetica()
	hatched.Page("BT /F1 12 Tf 72 700 Td (Minutes) Tj ET\n"+strokes.String(), fmt.Sprintf("/Font << /F1 %d 0 R >>", hf), "")
	// One string of 600,000 characters drawn on the spot (negative
	// character spacing cancels each advance).
	huge := pdftest.New()
	huge.Compress = true
	hh := huge.Helvetica()
	huge.Page("BT /F1 10 Tf -5 Tc 100 400 Td ("+strings.Repeat("a", 600000)+") Tj ET", fmt.Sprintf("/Font << /F1 %d 0 R >>", hh), "")
	cases := []struct {
		name string
		data []byte
		is   error
		msg  string
	}{
		{"RC4-40 with password", readTestPDF(t, "rc4-40-password.pdf"), pdfwalk.ErrEncrypted, "needs a password"},
		{"AES-128 with password", readTestPDF(t, "aes-128-password.pdf"), pdfwalk.ErrEncrypted, "qpdf --password=PASSWORD --decrypt"},
		{"AES-256 with password", readTestPDF(t, "aes-256-password.pdf"), pdfwalk.ErrEncrypted, "AES-256"},
		{"AES-256 without user password", readTestPDF(t, "aes-256-open.pdf"), pdfwalk.ErrEncrypted, "qpdf --decrypt"},
		{"RC4-40 without user password", readTestPDF(t, "rc4-40-open.pdf"), pdfwalk.ErrEncrypted, "40-bit RC4"},
		{"truncated", form[:len(form)*2/3], pdfwalk.ErrTruncated, "without %%EOF"},
		{"image-only pages", imagePage(), ErrNoTextLayer, "pages 1-2 of 2 hold only images"},
		{"no form", text.Bytes(), ErrNoForm, "1 row on 1 page"},
		{"page tree loop", loop.Bytes(), pdfwalk.ErrPageTree, "loops back"},
		{"not a PDF", []byte("%PDF-1.4\nthis is not really a PDF"), pdfwalk.ErrTruncated, "without %%EOF"},
		{"hatched page", hatched.Bytes(), ErrNoForm, "on 1 page"},
		{"one huge string", huge.Bytes(), ErrNoForm, "more than 500000 characters"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := PDF(c.data, template.National())
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %v\nwant %v containing %q", err, c.is, c.msg)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "pdf: ") {
				t.Errorf("error %q does not say it is about the PDF", err)
			}
		})
	}
}

// TestPDFGBKFont reads a form line set in a font that uses the predefined
// GBK-EUC-H CMap and has no ToUnicode map.
func TestPDFGBKFont(t *testing.T) {
	b := pdftest.New()
	f := b.CIDFont("GBK-EUC-H")
	var c strings.Builder
	line := func(y int, cells ...string) {
		for i, s := range cells {
			fmt.Fprintf(&c, "BT /F 9 Tf %d %d Td %s Tj ET\n", 40+i*110, y, pdftest.GBK(s))
		}
	}
	line(800, "项目支出绩效自评表")
	line(780, "项目编码：", "440300241113100001007", "项目名称：", "党组织建设")
	b.Page(c.String(), fmt.Sprintf("/Font << /F %d 0 R >>", f), "")
	doc, err := PDF(b.Bytes(), template.National())
	if err != nil {
		t.Fatal(err)
	}
	h := doc.Forms[0].Header
	if doc.Forms[0].Title != "项目支出绩效自评表" || h.ProjectCode.Text != formCode || h.ProjectName.Text != "党组织建设" {
		t.Errorf("title %q, header %+v", doc.Forms[0].Title, h)
	}
}

// mutate damages a copy of data the way broken copies and hostile files
// do: flipped bytes, cut ends, repeated and dropped chunks.
func mutate(r *rand.Rand, data []byte) []byte {
	out := append([]byte(nil), data...)
	switch r.Intn(5) {
	case 0:
		for i := 0; i < 1+r.Intn(20); i++ {
			out[r.Intn(len(out))] = byte(r.Intn(256))
		}
	case 1:
		out = out[:r.Intn(len(out))]
	case 2:
		i, j := r.Intn(len(out)), r.Intn(len(out))
		if i > j {
			i, j = j, i
		}
		out = append(out[:i], out[j:]...)
	case 3:
		i := r.Intn(len(out))
		n := r.Intn(min(4096, len(out)-i))
		out = append(out[:i+n], append(append([]byte{}, out[i:i+n]...), out[i+n:]...)...)
	case 4:
		// Flip digits only: offsets, lengths and numbers go wrong while
		// the syntax stays plausible.
		for i := 0; i < 1+r.Intn(10); i++ {
			k := r.Intn(len(out))
			if out[k] >= '0' && out[k] <= '9' {
				out[k] = byte('0' + r.Intn(10))
			}
		}
	}
	return out
}

// TestPDFMutations runs damaged copies of good PDFs through the extractor:
// every one must end in forms or an error within a bound, and never in a
// panic of the extractor's own code (which PDF reports as an internal error).
func TestPDFMutations(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	bases := [][]byte{readTestPDF(t, "form.pdf"), readTestPDF(t, "pdf20-objstm.pdf"), uncompressedForm()}
	r := rand.New(rand.NewSource(20240601))
	start := time.Now()
	errs := 0
	for i := 0; i < n; i++ {
		data := mutate(r, bases[i%len(bases)])
		t0 := time.Now()
		_, err := PDF(data, template.National())
		if d := time.Since(t0); d > 5*time.Second {
			t.Errorf("mutant %d took %v", i, d)
		}
		if err != nil {
			errs++
			if strings.Contains(err.Error(), "internal error") {
				t.Errorf("mutant %d: %v", i, err)
			}
		}
	}
	t.Logf("%d mutants, %d rejected with an error, in %v", n, errs, time.Since(start).Round(time.Millisecond))
}

// uncompressedForm is a small ruled form with its content in clear, so
// that mutations hit operators and operands rather than compressed bytes.
func uncompressedForm() []byte { return smallForm(false) }

// smallForm is that form, its content compressed or not.
func smallForm(compress bool) []byte {
	b := pdftest.New()
	b.Compress = compress
	f := b.CIDFont("UniGB-UCS2-H")
	b.Page(smallFormContent(formCode), fmt.Sprintf("/Font << /F %d 0 R >>", f), "")
	return b.Bytes()
}

// smallFormContent draws that form with project code code, in font /F.
func smallFormContent(code string) string {
	var c bytes.Buffer
	cells := [][]string{{"项目编码：", code, "项目名称：", "党组织建设"}, {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"},
		{"产出指标", "数量指标", "组织党员活动次数", "≥4次", "8", "5", "5"}, {"总分", "", "", "", "", "100", "93.99"}}
	c.WriteString("BT /F 12 Tf 200 800 Td " + pdftest.UCS2("项目支出绩效自评表") + " Tj ET\n")
	for r, row := range cells {
		y := 760 - 30*r
		for i, s := range row {
			fmt.Fprintf(&c, "BT /F 8 Tf %d %d Td %s Tj ET\n", 42+70*i, y+10, pdftest.UCS2(s))
			fmt.Fprintf(&c, "%d %d m %d %d l S\n", 40+70*i, y, 40+70*i, y+30)
		}
		fmt.Fprintf(&c, "40 %d m 530 %d l S 40 %d m 530 %d l S 530 %d m 530 %d l S\n", y, y, y+30, y+30, y, y+30)
	}
	return c.String()
}

func TestPDFUncompressedForm(t *testing.T) {
	doc, err := PDF(uncompressedForm(), template.National())
	if err != nil {
		t.Fatal(err)
	}
	f := doc.Forms[0]
	if len(f.Indicators) != 1 || f.Indicators[0].Name != "组织党员活动次数" || f.Indicators[0].Score != "5" || f.Total == nil || f.Total.Score != "93.99" {
		t.Errorf("indicators %+v, total %+v", f.Indicators, f.Total)
	}
}

// TestPDFMergedCellsFillTheirRows checks that the merged 一级/二级指标 cells
// of the LibreOffice printings reach every row they span, also the rows a
// page break puts on the next page, where the label is not printed.
func TestPDFMergedCellsFillTheirRows(t *testing.T) {
	for _, name := range []string{"seed-serif-portrait", "seed-sans-landscape", "composed-sans-landscape"} {
		data, err := os.ReadFile("../fixtures/docs/pdf/" + name + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		doc, err := PDF(data, template.National())
		if err != nil {
			t.Fatal(err)
		}
		crossing := 0
		for _, f := range doc.Forms {
			for i, ind := range f.Indicators {
				if len(ind.Labels) < 3 {
					t.Errorf("%s form %d indicator %d (%q, page %d) has labels %q", name, f.Seq, i+1, ind.Name, ind.Page, ind.Labels)
				}
				if i > 0 && ind.Page != f.Indicators[i-1].Page && ind.Labels[1] == f.Indicators[i-1].Labels[1] {
					crossing++
				}
			}
		}
		if name != "seed-serif-portrait" && crossing == 0 {
			t.Errorf("%s: no merged cell crosses a page break; the test proves nothing", name)
		}
	}
}

func TestPDFJoinText(t *testing.T) {
	cases := []struct{ a, b, wrapped, overlap string }{
		{"完成小程序H5改", "造的建设数量", "完成小程序H5改造的建设数量", "完成小程序H5改造的建设数量"},
		{"Noto Sans", "CJK", "Noto Sans CJK", "Noto Sans CJK"},
		{"基编度限9", "44440卷", "基编度限9 44440卷", "基编度限9 44440卷"},
		{"产出指标（", "50分）", "产出指标（50分）", "产出指标（50分）"},
		{"一二三四五六", "三四五六七八", "一二三四五六三四五六七八", "一二三四五六七八"},
		{"同一个单元格", "同一个单元格", "同一个单元格同一个单元格", "同一个单元格"},
		{"", "x", "x", "x"},
	}
	for _, c := range cases {
		if got := pdfJoinWrapped(c.a, c.b); got != c.wrapped {
			t.Errorf("pdfJoinWrapped(%q, %q) = %q, want %q", c.a, c.b, got, c.wrapped)
		}
		if got := pdfJoinOverlap(c.a, c.b); got != c.overlap {
			t.Errorf("pdfJoinOverlap(%q, %q) = %q, want %q", c.a, c.b, got, c.overlap)
		}
	}
}
