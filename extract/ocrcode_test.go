package extract

import (
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// TestOCRHeaderByShape reads the header line of the synthetic scan with
// its labels garbled as a poor scan garbles them: a code and a year whose
// labels OCR could not read are read by their shape and noted; numbers of
// other shapes are left alone.
func TestOCRHeaderByShape(t *testing.T) {
	tests := []struct {
		name               string
		line               []any // the header line: x, text, …
		wantCode, wantName string
		wantYear           string
		wantPrinted        []string // of the header.label_inferred notes, in order
	}{
		{
			name:     "code and year labels garbled",
			line:     []any{40.0, "TH ASS:", 100.0, "j440300241113100001007", 300.0, "项目名称：", 360.0, "测试项目", 420.0, "FOS PEE:", 470.0, "2024"},
			wantCode: "440300241113100001007", wantName: "测试项目", wantYear: "2024",
			wantPrinted: []string{"TH ASS j440300241113100001007", "FOS PEE 2024"}, // debris trimmed
		},
		{
			name:     "code split over two words",
			line:     []any{40.0, "TH", 100.0, "44030024111", 160.0, "3100001007|", 300.0, "项目名称：", 360.0, "测试项目"},
			wantCode: "44030024111 3100001007", wantName: "测试项目", // normalize joins the parts
			wantPrinted: []string{"TH 44030024111 3100001007"},
		},
		{
			name:     "name label garbled",
			line:     []any{40.0, "项目 编码：", 100.0, "144030022111", 160.0, "MAAR:", 200.0, "重点实验室", 420.0, "绩效自评年度：", 490.0, "2024"},
			wantCode: "144030022111", wantName: "重点实验室", wantYear: "2024", // normalize takes the line's 1 off against its siblings
			wantPrinted: []string{"MAAR 重点实验室"},
		},
		{
			name:     "a code with a letter in it",
			line:     []any{40.0, "项目 编码：", 100.0, "51000021R000000019951", 300.0, "项目名称：", 360.0, "测试项目"},
			wantCode: "51000021R000000019951", wantName: "测试项目",
		},
		{
			name:     "labels readable",
			line:     []any{40.0, "项目 编码：", 100.0, "|440300241113100001007", 300.0, "项目名称：", 360.0, "测试项目", 420.0, "绩效自评年度：", 490.0, "2024"},
			wantCode: "440300241113100001007", wantName: "测试项目", wantYear: "2024",
		},
		{
			name:     "too few digits for a code",
			line:     []any{40.0, "TH ASS:", 100.0, "4403002", 300.0, "项目名称：", 360.0, "测试项目"},
			wantName: "测试项目",
		},
		{
			name:     "a name ending in a number that is no year",
			line:     []any{40.0, "项目 编码：", 100.0, "440300241113100001007", 300.0, "项目名称：", 360.0, "测试项目", 420.0, "FOS", 470.0, "3000"},
			wantCode: "440300241113100001007", wantName: "测试项目FOS 3000",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words := []scanWord{{250, 800, "项目支出"}, {286, 800, "绩效自评表"}}
			for i := 0; i+1 < len(tt.line); i += 2 {
				words = append(words, scanWord{tt.line[i].(float64), 770, tt.line[i+1].(string)})
			}
			for _, w := range syntheticScan() {
				if w.y < 770 {
					words = append(words, w)
				}
			}
			page := OCRPage{Number: 1, Width: 595, Height: 842}
			lines := map[float64]int{}
			for _, w := range words {
				for _, part := range strings.Fields(w.text) {
					if _, ok := lines[w.y]; !ok {
						lines[w.y] = len(lines) + 1
					}
					page.Words = append(page.Words, OCRWord{Text: part, X0: w.x, X1: w.x + wordWidth(part), Y0: w.y - 1, Y1: w.y + 7, Conf: 95, Line: lines[w.y]})
					w.x += wordWidth(part) + 2
				}
			}
			doc, err := OCR([]OCRPage{page}, template.National())
			if err != nil {
				t.Fatal(err)
			}
			h := doc.Forms[0].Header
			if h.ProjectCode.Text != tt.wantCode || h.ProjectName.Text != tt.wantName || h.Year.Text != tt.wantYear {
				t.Errorf("code %q name %q year %q, want %q %q %q", h.ProjectCode.Text, h.ProjectName.Text, h.Year.Text, tt.wantCode, tt.wantName, tt.wantYear)
			}
			var printed []string
			for _, n := range doc.Forms[0].Notes {
				if n.Code == "header.label_inferred" {
					printed = append(printed, n.Printed)
					if n.Line != 2 || !strings.Contains(n.Message, n.Used) {
						t.Errorf("note %+v", n)
					}
				}
			}
			if strings.Join(printed, "\n") != strings.Join(tt.wantPrinted, "\n") {
				t.Errorf("notes of %q, want %q", printed, tt.wantPrinted)
			}
		})
	}
}
