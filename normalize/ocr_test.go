package normalize

import (
	"slices"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

func TestReadOCRNumber(t *testing.T) {
	tests := []struct {
		printed string
		kind    ocrKind
		unit    string
		clean   bool
		want    []string // readings, likeliest first
	}{
		{"10", ocrScore, "", true, []string{"10"}},
		{"12.5", ocrScore, "", true, []string{"12.5"}},
		{"", ocrScore, "", true, nil},
		{"12:5", ocrScore, "", false, []string{"12.5"}},
		{"2O", ocrScore, "", false, []string{"20"}},
		{"125", ocrScore, "", false, []string{"12.5", "1.25"}}, // at most 100: a point was lost
		{"]0", ocrScore, "", false, []string{"10", "0"}},       // a stroke read for a 1, or a rule
		{"1]0", ocrScore, "", false, []string{"10", "1", "11", "1.1"}},
		{"SS", ocrScore, "", false, nil}, // no digit: no number
		{"本", ocrScore, "", false, nil},
		{"100%6", ocrPercent, "", false, []string{"100"}},
		{"9096", ocrPercent, "", false, []string{"90", "9096"}},
		{"98.68", ocrPercent, "", true, []string{"98.68"}},
		{"11264,600.00", ocrMoney, "元", false, []string{"11264600"}},
		{"19;167.835:79", ocrMoney, "元", false, []string{"19167835.79"}},
		{"3.067.955.80", ocrMoney, "元", false, []string{"3067955.8"}},
		{"1200.0000", ocrMoney, "万元", true, []string{"1200"}},
		{"1;200.0000", ocrMoney, "万元", false, []string{"1200"}},
		{"1]11,264,600.00", ocrMoney, "元", false, []string{"1111264600", "111264600"}}, // and the tail 11264600.00
	}
	for _, tt := range tests {
		r := readOCRNumber(tt.printed, tt.kind, tt.unit)
		var got []string
		for _, d := range r.cands {
			got = append(got, d.String())
		}
		if r.clean != tt.clean || strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("readOCRNumber(%q) = clean %v %v, want clean %v %v", tt.printed, r.clean, got, tt.clean, tt.want)
		}
	}
	if r := readOCRNumber("也264,600.00", ocrMoney, "元"); r.suffix != "264600.00" || len(r.cands) != 0 {
		t.Errorf("a number after unreadable marks: %+v, want the tail 264600.00", r)
	}
}

// ocrForm is a form read through OCR: a funds block and three indicators
// whose weights and scores add up, and the total. Each test damages it.
func ocrForm() extract.RawForm {
	return extract.RawForm{
		Seq: 1, LineFrom: 1, LineTo: 20, OCR: true,
		FundsUnit: "项目资金（元）",
		Funds: []extract.RawFunds{
			{Line: 5, Label: "年度资金总额", Values: []string{"100.00", "11,264,600.00", "11,264,600.00", "10", "100", "10"}},
			{Line: 6, Label: "当年财政拨款", Values: []string{"100.00", "11,264,600.00", "11,264,600.00", "", "", ""}},
			{Line: 7, Label: "上年结转资金", Values: []string{"0.00", "0.00", "0.00", "", "", ""}},
			{Line: 8, Label: "其他资金", Values: []string{"0.00", "0.00", "0.00", "", "", ""}},
		},
		Indicators: []extract.RawIndicator{
			{Line: 12, Labels: []string{"产出指标(60分)", "数量指标"}, Name: "完成数量", Target: "≥2个", Actual: "2个", Weight: "30", Score: "30"},
			{Line: 13, Labels: []string{"质量指标"}, Name: "合格率", Target: "100%", Actual: "100%", Weight: "30", Score: "25"},
			{Line: 14, Labels: []string{"满意度指标(30分)", "服务对象满意度指标"}, Name: "满意度", Target: "≥90%", Actual: "95%", Weight: "30", Score: "30"},
		},
		Total: &extract.RawTotal{Line: 15, Labelled: true, Weight: "100", Score: "95"},
	}
}

func ocrNotes(f Form, code string) map[string]Note {
	out := map[string]Note{}
	for _, n := range f.Notes {
		if n.Code == code {
			out[n.Field] = n
		}
	}
	return out
}

// TestNotePlaces checks that a note about a number says which number it
// is, by the row it stands on and the column that holds it.
func TestNotePlaces(t *testing.T) {
	tests := []struct {
		name   string
		damage func(r *extract.RawForm)
		code   string
		field  string
		want   extract.Place
	}{
		{"an amount of a part", func(r *extract.RawForm) { r.Funds[1].Values[2] = "11264,600.00" },
			CodeOCRRepaired, "当年财政拨款 全年执行数", extract.Place{Funds: 2, Column: template.ColExecuted}},
		{"an indicator's score", func(r *extract.RawForm) { r.Indicators[1].Score = "2S" },
			CodeOCRRepaired, "合格率 得分", extract.Place{Indicator: 2, Column: template.FieldScore}},
		{"an indicator's target", func(r *extract.RawForm) { r.Indicators[1].Target = "之95%" },
			CodeOCRRepaired, "合格率 年度指标值", extract.Place{Indicator: 2, Column: template.FieldTarget}},
		{"a declared weight", func(r *extract.RawForm) { r.Indicators[0].Labels[0] = "产出指标" },
			CodeOCRUncertain, "产出指标 分值", extract.Place{Section: "产出指标", Column: template.FieldWeight}},
		{"the total's score", func(r *extract.RawForm) { r.Total = nil },
			CodeOCRUncertain, "总分", extract.Place{Total: true, Column: template.FieldScore}},
		{"the total's weight", func(r *extract.RawForm) { r.Total = nil },
			CodeOCRUncertain, "总分 分值", extract.Place{Total: true, Column: template.FieldWeight}},
		{"an unreadable weight", func(r *extract.RawForm) { r.OCR, r.Indicators[2].Weight = false, "很好" },
			"field.unreadable", "满意度 分值", extract.Place{Indicator: 3, Column: template.FieldWeight}},
		{"the reader's note", func(r *extract.RawForm) {
			r.Notes = []extract.RawNote{{Code: "ocr.repaired", Field: "满意度指标 分值", Line: 14, Place: extract.Place{Section: "满意度指标", Column: template.FieldWeight}}}
		}, CodeOCRRepaired, "满意度指标 分值", extract.Place{Section: "满意度指标", Column: template.FieldWeight}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ocrForm()
			tt.damage(&r)
			f := Batch([]extract.RawForm{r}, Options{})[0]
			n, ok := ocrNotes(f, tt.code)[tt.field]
			if !ok {
				t.Fatalf("no %s note on %s: %+v", tt.code, tt.field, f.Notes)
			}
			if n.Place != tt.want {
				t.Errorf("%s on %s placed %+v, want %+v", tt.code, tt.field, n.Place, tt.want)
			}
		})
	}
}

func TestCrossCheckOCRClean(t *testing.T) {
	f := Batch([]extract.RawForm{ocrForm()}, Options{})[0]
	if !f.OCR {
		t.Error("form not marked OCR")
	}
	for _, n := range f.Notes {
		if strings.HasPrefix(n.Code, "ocr.") {
			t.Errorf("a form whose arithmetic holds got %s on %s: %s", n.Code, n.Field, n.Message)
		}
	}
}

func TestCrossCheckOCRRepairs(t *testing.T) {
	r := ocrForm()
	r.Funds[0].Values[1] = "1]11,264,600.00" // a rule read as "1]": the breakdown picks the reading
	r.Funds[1].Values[2] = "11264,600.00"    // a lost separator
	r.Funds[0].Values[2] = "也264,600.00"     // "11" unreadable: the breakdown completes it
	r.Indicators[1].Score = "2S"             // a letter for a digit
	r.Indicators[2].Weight = "3O"
	f := Batch([]extract.RawForm{r}, Options{})[0]
	got := ocrNotes(f, CodeOCRRepaired)
	for field, want := range map[string]string{
		"年度资金总额 全年预算数": "11264600",
		"年度资金总额 全年执行数": "11264600",
		"当年财政拨款 全年执行数": "11264600",
		"合格率 得分":       "25",
		"满意度 分值":       "30",
	} {
		if n, ok := got[field]; !ok || n.Used != want {
			t.Errorf("%s: repair %+v, want %s", field, n, want)
		}
	}
	if f.Funds[0].Budget == nil || *f.Funds[0].Budget != 1126460000 || f.Funds[0].Executed == nil || *f.Funds[0].Executed != 1126460000 {
		t.Errorf("total line %+v", f.Funds[0])
	}
	if s := f.Indicators[1].Score; s == nil || !s.Equal(decimal.NewFromInt(25)) {
		t.Errorf("score %v", s)
	}
	if n := ocrNotes(f, "field.unreadable"); len(n) != 0 {
		t.Errorf("repaired numbers still noted unreadable: %v", n)
	}
	if n := ocrNotes(f, CodeOCRUncertain); len(n) != 0 {
		t.Errorf("uncertain notes on a form whose arithmetic holds once repaired: %v", n)
	}
}

func TestCrossCheckOCRLostPoint(t *testing.T) {
	r := ocrForm()
	r.Indicators[1].Weight, r.Indicators[1].Score = "30", "25"
	r.Indicators[2].Score = "125" // 12.5 with its point lost: then 总分 is 82.5
	r.Total.Score = "77.5"
	f := Batch([]extract.RawForm{r}, Options{})[0]
	if s := f.Indicators[2].Score; s == nil || !s.Equal(decimal.RequireFromString("12.5")) {
		t.Errorf("score %v, want 12.5", s)
	}
	// A clean number is read with a point only where every check holds.
	r = ocrForm()
	r.Indicators[1].Score = "45" // 4.5 would make 得分 ≤ 分值 hold, but not 总分
	f = Batch([]extract.RawForm{r}, Options{})[0]
	if s := f.Indicators[1].Score; s == nil || !s.Equal(decimal.NewFromInt(45)) {
		t.Errorf("score %v, want 45 as printed", s)
	}
	if _, ok := ocrNotes(f, CodeOCRUncertain)["合格率 得分"]; !ok {
		t.Errorf("45 is not doubted: %v", f.Notes)
	}
}

func TestCrossCheckOCRSuspects(t *testing.T) {
	// 8 for 5: one character away from the number that makes 总分 hold.
	r := ocrForm()
	r.Indicators[1].Score = "28"
	f := Batch([]extract.RawForm{r}, Options{})[0]
	u := ocrNotes(f, CodeOCRUncertain)
	if n, ok := u["合格率 得分"]; !ok || !strings.Contains(n.Message, "25") {
		t.Errorf("the misread score is not the suspect: %v", u)
	}
	// The other numbers of the failed check are in doubt too, less so:
	// a likelier misreading is not a certain one.
	if n, ok := u["满意度 得分"]; !ok || !strings.Contains(n.Message, `合格率 得分 (OCR read "28")`) || !strings.Contains(n.Message, "likelier misreading") {
		t.Errorf("a number of the failed check is not noted with the likelier suspect: %v", u)
	}
	if s := f.Indicators[1].Score; s == nil || !s.Equal(decimal.NewFromInt(28)) {
		t.Errorf("a clean number was changed: %v", s)
	}
	// Nothing read where a number is printed.
	r = ocrForm()
	r.Indicators[0].Score = ""
	f = Batch([]extract.RawForm{r}, Options{})[0]
	if n, ok := ocrNotes(f, CodeOCRUncertain)["完成数量 得分"]; !ok || n.Used != "" {
		t.Errorf("a lost score is not noted: %v", f.Notes)
	}
	// A declared weight whose number OCR lost.
	r = ocrForm()
	r.Indicators[0].Labels[0] = "产出指标"
	f = Batch([]extract.RawForm{r}, Options{})[0]
	if _, ok := ocrNotes(f, CodeOCRUncertain)["产出指标 分值"]; !ok {
		t.Errorf("a lost 一级指标 weight is not noted: %v", f.Notes)
	}
}

func TestCrossCheckOCRDoubts(t *testing.T) {
	r := ocrForm()
	r.Total = nil
	r.Doubts = []extract.OCRDoubt{{Line: 13, Cell: "25", Word: "25", Conf: 41}}
	f := Batch([]extract.RawForm{r}, Options{})[0]
	u := ocrNotes(f, CodeOCRUncertain)
	if n, ok := u["合格率 得分"]; !ok || !strings.Contains(n.Message, "41%") {
		t.Errorf("a low-confidence score no check confirms is not doubted: %v", u)
	}
	if _, ok := u["总分"]; !ok {
		t.Errorf("a lost 总分 row is not noted: %v", u)
	}
}

func TestOCRComparators(t *testing.T) {
	r := ocrForm()
	r.Indicators[1].Target = "之95%"
	r.Indicators[2].Target = "委预算"
	f := Batch([]extract.RawForm{r}, Options{})[0]
	if f.Indicators[1].Target != "≥95%" || f.Indicators[1].TargetQ == nil || f.Indicators[1].TargetQ.Op != GE {
		t.Errorf("target %q %+v", f.Indicators[1].Target, f.Indicators[1].TargetQ)
	}
	if f.Indicators[2].Target != "≤预算" {
		t.Errorf("target %q", f.Indicators[2].Target)
	}
	if n := ocrNotes(f, CodeOCRRepaired); len(n) != 2 {
		t.Errorf("repairs %v", n)
	}
	// A text dump that is no OCR output keeps what it prints.
	r.OCR = false
	if f := Batch([]extract.RawForm{r}, Options{})[0]; f.Indicators[1].Target != "之95%" || f.OCR {
		t.Errorf("a form not read by OCR was repaired: %q", f.Indicators[1].Target)
	}
}

// Two readings of a cell that differ are both readings: the form's
// arithmetic chooses, and the choice is noted either way.
func TestCrossCheckOCRTwoReadings(t *testing.T) {
	for _, tt := range []struct {
		printed, other, want string
	}{
		{"28", "25", "25"}, // the second reading is wrong: 25 makes 总分 hold
		{"25", "28", "25"}, // the first is wrong
	} {
		r := ocrForm()
		r.Indicators[1].Score = tt.printed
		r.Doubts = []extract.OCRDoubt{{Line: 13, Cell: tt.printed, Word: tt.printed, Conf: 95, Other: tt.other}}
		f := Batch([]extract.RawForm{r}, Options{})[0]
		if s := f.Indicators[1].Score; s == nil || s.String() != tt.want {
			t.Errorf("%s or %s: score %v, want %s", tt.printed, tt.other, s, tt.want)
		}
		n, ok := ocrNotes(f, CodeOCRRepaired)["合格率 得分"]
		if !ok || n.Used != tt.want || !strings.Contains(n.Message, `read "`+tt.other+`" on the whole page`) {
			t.Errorf("%s or %s: repair note %+v", tt.printed, tt.other, n)
		}
	}
	// Readings that are the same number are no doubt.
	r := ocrForm()
	r.Doubts = []extract.OCRDoubt{{Line: 13, Cell: "25", Word: "25", Conf: 95, Other: "25.0"}}
	if n := ocrNotes(Batch([]extract.RawForm{r}, Options{})[0], CodeOCRRepaired); len(n) != 0 {
		t.Errorf("one number read twice was repaired: %v", n)
	}
}

// Amounts placed left to right in text that keeps no positions are in
// doubt even where the arithmetic holds: numbers moved together along a
// line still add up.
func TestCrossCheckOCRUnplaced(t *testing.T) {
	r := ocrForm()
	r.Funds[1].Unplaced = true
	f := Batch([]extract.RawForm{r}, Options{})[0]
	u := ocrNotes(f, CodeOCRUncertain)
	for _, field := range []string{"当年财政拨款 年初预算数", "当年财政拨款 全年预算数", "当年财政拨款 全年执行数"} {
		if n, ok := u[field]; !ok || !strings.Contains(n.Message, "placed left to right") {
			t.Errorf("%s: %+v, want an ocr.uncertain note on a number placed by guess", field, n)
		}
	}
	if _, ok := u["年度资金总额 全年预算数"]; ok {
		t.Errorf("a line whose values are placed is noted: %v", u)
	}
}

// A funds note column holds no number: a line placed by guess that puts a
// value there is noted for its numbers only, whatever the column's position
// in a template of the user's own.
func TestCrossCheckOCRUnplacedNoteColumn(t *testing.T) {
	tpl := *template.National()
	tpl.Funds.Columns = slices.Insert(slices.Clone(tpl.Funds.Columns), 1, template.ColNote)
	r := ocrForm()
	r.Funds[1].Unplaced = true
	r.Funds[1].Values = []string{"100.00", "另有说明", "11,264,600.00", "11,264,600.00"}
	r.Funds[0].Values = slices.Insert(r.Funds[0].Values, 1, "")
	f := Batch([]extract.RawForm{r}, Options{Template: &tpl})[0]
	u := ocrNotes(f, CodeOCRUncertain)
	if n, ok := u["当年财政拨款 全年预算数"]; !ok || !strings.Contains(n.Message, "placed left to right") {
		t.Errorf("全年预算数: %+v, want an ocr.uncertain note on a number placed by guess (notes %v)", n, u)
	}
}
