package extract

import (
	"os"
	"reflect"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// TestTextSplitCell checks where a cell of `pdftotext -layout` text is
// split, and that a part after the first starts where the text before it
// ends when printed (a Chinese character two columns wide).
func TestTextSplitCell(t *testing.T) {
	for _, c := range []struct {
		text  string
		texts []string
		x0s   []float64
	}{
		{"社会效益指标 足额保障率", []string{"社会效益指标", "足额保障率"}, []float64{10, 23}},
		{"19.59 个别人员参保延后", []string{"19.59", "个别人员参保延后"}, []float64{10, 16}},
		{"Sichuan form", []string{"Sichuan form"}, []float64{10}},
		{"20 —", []string{"20 —"}, []float64{10}},
	} {
		got := textSplitCell(Cell{Text: c.text, X: 10})
		var x0s []float64
		for _, p := range got {
			x0s = append(x0s, p.x0)
		}
		if texts := pdfCellTexts(got); !reflect.DeepEqual(texts, c.texts) || !reflect.DeepEqual(x0s, c.x0s) {
			t.Errorf("%q: got %q at %v, want %q at %v", c.text, texts, x0s, c.texts, c.x0s)
		}
	}
}

// TestLayoutParts checks where space-aligned text is cut to be laid out: at
// a page that opens with a title alone on its line (within its first three
// rows), and nowhere else.
func TestLayoutParts(t *testing.T) {
	const title = "项目支出绩效自评表"
	for _, c := range []struct {
		name  string
		text  string
		lines [][]int // the lines of each part
	}{
		{"a title opens each page", title + "\n项目编码:  1\n\f" + title + "\n项目编码:  2\n", [][]int{{1, 2}, {3, 4}}},
		{"two lines above the title", title + "\n\f附件2\n2024年度\n" + title + "\n", [][]int{{1}, {2, 3, 4}}},
		{"three lines above the title", title + "\n\f附件2\n2024年度\n表一\n" + title + "\n", [][]int{{1, 2, 3, 4, 5}}},
		{"a page that continues a form", title + "\n\f其他满意度指标   0   0\n", [][]int{{1, 2}}},
		{"no page break", title + "\n项目编码:  1\n" + title + "\n", [][]int{{1, 2, 3}}},
		{"a row of an indicator named for spending", title + "\n\f成本指标    2024年度项目支出    完成    10    10\n", [][]int{{1, 2}}},
	} {
		var got [][]int
		for part := range layoutParts(textRows(c.text), template.National()) {
			var lines []int
			for _, r := range part {
				lines = append(lines, r.Line)
			}
			got = append(got, lines)
		}
		if !reflect.DeepEqual(got, c.lines) {
			t.Errorf("%s: parts of lines %v, want %v", c.name, got, c.lines)
		}
	}
}

// TestTextTwoFormsAligned reads two forms of the benchmark archive, printed
// to PDF by LibreOffice and dumped by pdftotext -layout, against the
// archive's truth: the first has an indicator named 2024年度项目支出, whose
// row, read before it is laid out, looks like a title.
func TestTextTwoFormsAligned(t *testing.T) {
	data, err := os.ReadFile("testdata/pdftotext-two-forms.txt")
	if err != nil {
		t.Fatal(err)
	}
	forms := readDump(t, string(data))
	want := []struct {
		code            string
		weights, scores []string
	}{
		{"440300241113100006019",
			[]string{"10", "5", "5", "10", "10", "10", "0", "30", "0", "0", "10", "0"},
			[]string{"10", "5", "5", "10", "10", "10", "0", "30", "0", "0", "10", "0"}},
		{"440300221111562005396",
			[]string{"5", "5", "5", "5", "10", "20", "0", "30", "0", "0", "10", "0"},
			[]string{"5", "5", "5", "5", "10", "20", "0", "30", "0", "0", "10", "0"}},
	}
	if len(forms) != len(want) {
		t.Fatalf("%d forms, want %d", len(forms), len(want))
	}
	for i, w := range want {
		f := forms[i]
		var weights, scores []string
		for _, ind := range f.Indicators {
			weights, scores = append(weights, ind.Weight), append(scores, ind.Score)
		}
		if f.Header.ProjectCode.Text != w.code || !reflect.DeepEqual(weights, w.weights) || !reflect.DeepEqual(scores, w.scores) {
			t.Errorf("form %d: code %q, weights %q, scores %q; want %q, %q, %q", i+1, f.Header.ProjectCode.Text, weights, scores, w.code, w.weights, w.scores)
		}
	}
	if n := forms[0].Indicators; len(n) > 5 && (n[5].Name != "2024年度项目支出" || n[5].Target != "不超过2024年预算金额") {
		t.Errorf("form 1 indicator 6: %q, target %q; want 2024年度项目支出, 不超过2024年预算金额", n[5].Name, n[5].Target)
	}
}
