package extract

import (
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
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
		{"１０００．００００ ９２６．４６００ ９００．５２００", []string{"１０００．００００", "９２６．４６００", "９００．５２００"}, []float64{10, 29, 46}},
		{"1,126.46 1,080.52", []string{"1,126.46", "1,080.52"}, []float64{10, 19}},
		{"44030024111 3162000140", []string{"44030024111 3162000140"}, []float64{10}},
		{"12.5 个", []string{"12.5", "个"}, []float64{10, 15}},
		{"12.5 3", []string{"12.5 3"}, []float64{10}},
		{"1. 2.5", []string{"1. 2.5"}, []float64{10}},
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
	forms := readDumpFile(t, "testdata/pdftotext-two-forms.txt")
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

// TestTextUnmergedRowLabel reads a form whose table prints 年度绩效指标 in
// every row, wrapped above and below the row's line, with full-width
// amounts one space apart (poppler's pdftotext -layout of a variants
// fixture, form 1): the label's first part stands above the indicator
// header beside the first part of 偏差原因分析及改进措施, and must join the
// header, not the goals above it, or the note column is lost and a note
// wrapped beside a score lands in the score.
func TestTextUnmergedRowLabel(t *testing.T) {
	forms := readDumpFile(t, "testdata/pdftotext-unmerged-row-label.txt")
	if len(forms) != 1 {
		t.Fatalf("%d forms, want 1", len(forms))
	}
	f := forms[0]
	var names, scores, notes []string
	for _, ind := range f.Indicators {
		names, scores, notes = append(names, ind.Name), append(scores, ind.Score), append(notes, ind.Note)
	}
	wantNames := []string{"专题数据更新类别", "新增数据共享接口", "平台可用率", "重大故障响应时间", "项目支出控制", "", "为规划管理决策提供数据支撑", "", "", "用户满意度"}
	wantScores := []string{"10", "9", "10", "10", "10", "0", "30", "0", "0", "10"}
	if !reflect.DeepEqual(names, wantNames) || !reflect.DeepEqual(scores, wantScores) {
		t.Errorf("indicators %q scoring %q; want %q scoring %q", names, scores, wantNames, wantScores)
	}
	if len(notes) > 1 && notes[1] != "两个接口需求方推迟至次年提出" {
		t.Errorf("note of indicator 2: %q, want 两个接口需求方推迟至次年提出", notes[1])
	}
	for _, g := range f.Goals {
		for _, c := range g.Cells {
			if strings.Contains(c.Text, "年度绩效指") || strings.Contains(c.Text, "偏差原因") {
				t.Errorf("goals hold the table header's label: %q", c.Text)
			}
		}
	}
	wantFunds := [][]string{
		{"1,200.0000", "1,126.4600", "1,080.5200", "10", "95.92", "9.59"},
		{"１０００．００００", "９２６．４６００", "９００．５２００"},
		{"２００．００００", "２００．００００", "１８０．００００"},
		{"０．００００", "０．００００", "０．００００"},
	}
	if len(f.Funds) != len(wantFunds) {
		t.Fatalf("%d funds lines, want %d", len(f.Funds), len(wantFunds))
	}
	for i, w := range wantFunds {
		got := slices.DeleteFunc(slices.Clone(f.Funds[i].Values), func(v string) bool { return v == "" })
		if !reflect.DeepEqual(got, w) {
			t.Errorf("funds line %d (%s): %q, want %q", i+1, f.Funds[i].Label, got, w)
		}
	}
}

// TestTextLayoutByForm reads two forms of a landscape printing (poppler's
// pdftotext -layout of a composed fixture) that share a page, so that they
// are laid out as one run. The second form has lines whose cells share a
// column, and is read as printed; the first must be laid out all the same,
// its indicators in their columns (against the fixture's truth).
func TestTextLayoutByForm(t *testing.T) {
	forms := readDumpFile(t, "testdata/pdftotext-landscape-run.txt")
	if len(forms) != 2 {
		t.Fatalf("%d forms, want 2", len(forms))
	}
	var names, weights, scores []string
	for _, ind := range forms[0].Indicators {
		names, weights, scores = append(names, ind.Name), append(weights, ind.Weight), append(scores, ind.Score)
	}
	wantNames := []string{"专题数据更新类别", "新增数据共享接口", "平台可用率", "重大故障响应时间", "项目支出控制", "", "为规划管理决策提供数据支撑", "", ""}
	wantWeights := []string{"10", "10", "10", "10", "10", "0", "30", "0", "0", "10"}
	wantScores := []string{"10", "9", "10", "10", "10", "0", "30", "0", "0", "10"}
	if len(names) < len(wantNames) || !reflect.DeepEqual(names[:len(wantNames)], wantNames) ||
		!reflect.DeepEqual(weights, wantWeights) || !reflect.DeepEqual(scores, wantScores) {
		t.Errorf("form 1: names %q, weights %q, scores %q; want %q…, %q, %q", names, weights, scores, wantNames, wantWeights, wantScores)
	}
	if tot := forms[0].Total; tot == nil || tot.Weight != "100" || tot.Score != "98.59" {
		t.Errorf("form 1 total %+v, want 100 98.59", tot)
	}
	if len(forms[1].Indicators) == 0 {
		t.Error("form 2: no indicators")
	}
}

// TestTextShiftedPage reads a landscape form whose indicator table runs on
// to the next page, where pdftotext sets the columns at other character
// offsets (poppler's text of the seed fixture, forms 2 and 3; form 3 has
// lines whose cells share a column). Under the first page's columns the
// second page's rows fall outside theirs and merge into one; mapped onto
// them (textShiftedPages), every row reads whole (against the fixture's
// truth).
func TestTextShiftedPage(t *testing.T) {
	forms := readDumpFile(t, "testdata/pdftotext-shifted-page.txt")
	if len(forms) != 2 {
		t.Fatalf("%d forms, want 2", len(forms))
	}
	var got []string
	for _, ind := range forms[0].Indicators {
		got = append(got, strings.Join([]string{ind.Name, ind.Target, ind.Actual, ind.Weight, ind.Score}, "|"))
	}
	want := []string{
		"党建宣传栏内容更新次数|≥1次|1|5|5", "组织党员活动次数|≥4次|8|5|5", "党员教育培训人次|≥考核年份党员总数|209|5|5",
		"党员活动室正常运转率|100%|100%|5|5", "员工活动实施效率|3个月内|1个月|10|10", "实际支出|不超年度预算|不超年度预算|20|20",
		"||不涉及|0|0", "党员党性修养|提高|提高|30|30", "||不涉及|0|0", "||不涉及|0|0", "党员投诉数|<20份|0份|10|10", "||不涉及|0|0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("form 1 indicators (name|target|actual|weight|score):\n%q\nwant\n%q", got, want)
	}
	if tot := forms[0].Total; tot == nil || tot.Weight != "100" || tot.Score != "93.99" {
		t.Errorf("form 1 total %+v, want 100 93.99", tot)
	}
}

// readDumpFile reads the forms of a text file under testdata.
func readDumpFile(t *testing.T, path string) []RawForm {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readDump(t, string(data))
}

// TestTextMap checks the mapping of a shifted page's offsets onto its
// header's page: linear between the points, and beyond the last along the
// last stretch.
func TestTextMap(t *testing.T) {
	from, to := []float64{0, 11, 61, 69}, []float64{0, 24, 116, 127}
	for _, c := range []struct{ x, want float64 }{
		{0, 0}, {11, 24}, {36, 70}, {61, 116}, {65, 121.5}, {69, 127}, {77, 138},
	} {
		if got := textMap(c.x, from, to); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("textMap(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}
