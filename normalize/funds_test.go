package normalize

import (
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// fundsWant is one funds line as expected: amounts in fen and numbers as
// decimal strings, "" where the value must be nil.
type fundsWant struct {
	line                      string
	initial, budget, executed string
	weight, rate, score       string
	places                    int32
}

func fenString(p *int64) string {
	if p == nil {
		return ""
	}
	return decimal.NewFromInt(*p).String()
}

func decString(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func checkFunds(t *testing.T, got []Funds, want []fundsWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d funds lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		gw := fundsWant{g.Line, fenString(g.Initial), fenString(g.Budget), fenString(g.Executed),
			decString(g.Weight), decString(g.Rate), decString(g.Score), g.RatePlaces}
		if gw != w {
			t.Errorf("funds line %d (%s)\n got %+v\nwant %+v", i+1, g.Label, gw, w)
		}
	}
}

func fundsRaw(unit string, lines ...extract.RawFunds) extract.RawForm {
	for i := range lines {
		lines[i].Line = 10 + i
	}
	return extract.RawForm{FundsUnit: unit, Funds: lines}
}

func TestReadFunds(t *testing.T) {
	tests := []struct {
		name      string
		raw       extract.RawForm
		wantUnit  string
		want      []fundsWant
		wantNotes []string // codes of the notes, in order
	}{
		{
			name: "元, 当年财政拨款, rate without %",
			raw: fundsRaw("项目资金 (元)",
				extract.RawFunds{Label: "年度资金总额", Values: []string{"13747410.16", "19167835.79", "18915046.19", "10", "98.68", "9.87"}},
				extract.RawFunds{Label: "其中: 当年财政拨款", Values: []string{"13747410.16", "15140244.89", "15123194.00", "_", "_", "_"}},
				extract.RawFunds{Label: "上年结转资金", Values: []string{"0.00", "0.00", "0.00", "_", "_", "_"}},
				extract.RawFunds{Label: "其他资金", Values: []string{"0.00", "4027590.90", "3791852.19", "_", "", "_"}},
			),
			wantUnit: "元",
			want: []fundsWant{
				{"total", "1374741016", "1916783579", "1891504619", "10", "98.68", "9.87", 2},
				{"fiscal", "1374741016", "1514024489", "1512319400", "", "", "", 0},
				{"carryover", "0", "0", "0", "", "", "", 0},
				{"other", "0", "402759090", "379185219", "", "", "", 0},
			},
		},
		{
			name: "本年财政拨款, total with a colon, rate with %",
			raw: fundsRaw("项目资金(元)",
				extract.RawFunds{Label: "年度资金总额:", Values: []string{"0.00", "45711.00", "18256.90", "10", "39.94%", "3.99"}},
				extract.RawFunds{Label: "其中: 本年财政拨款", Values: []string{"0.00", "45711.00", "18256.90"}},
			),
			wantUnit: "元",
			want: []fundsWant{
				{"total", "0", "4571100", "1825690", "10", "39.94", "3.99", 2},
				{"fiscal", "0", "4571100", "1825690", "", "", "", 0},
			},
		},
		{
			name: "100.00% and 100",
			raw: fundsRaw("项目资金 (元)",
				extract.RawFunds{Label: "年度资金总额", Values: []string{"0.00", "11264600.00", "11264600.00", "10", "100.00%", "10"}},
				extract.RawFunds{Label: "财政拨款", Values: []string{"0.00", "11264600.00", "11264600.00", "10", "100", "10"}},
			),
			wantUnit: "元",
			want: []fundsWant{
				{"total", "0", "1126460000", "1126460000", "10", "100", "10", 2},
				{"fiscal", "0", "1126460000", "1126460000", "10", "100", "10", 0},
			},
		},
		{
			name: "万元 converts exactly",
			raw: fundsRaw("项目资金 (万元)",
				extract.RawFunds{Label: "年度资金总额", Values: []string{"0", "1126.46", "0.0001", "10", "100.00%", "10"}},
				extract.RawFunds{Label: "当年财政拨款", Values: []string{"1,126.460000", "1126.4599", "1126.460001", "_", "_", "_"}},
			),
			wantUnit: "万元",
			want: []fundsWant{
				{"total", "0", "1126460000", "100", "10", "100", "10", 2},
				{"fiscal", "1126460000", "1126459900", "1126460001", "", "", "", 0},
			},
		},
		{
			name: "unit not printed",
			raw: fundsRaw("",
				extract.RawFunds{Label: "年度资金总额", Values: []string{"1.00", "2.00", "2.00", "10", "100", "10"}},
			),
			wantUnit:  "元",
			want:      []fundsWant{{"total", "100", "200", "200", "10", "100", "10", 0}},
			wantNotes: []string{"funds.unit_assumed"},
		},
		{
			name: "blank cells",
			raw: fundsRaw("项目资金 (元)",
				extract.RawFunds{Label: "年度资金总额", Values: []string{"", "_", "—", "", "_", "/"}},
				extract.RawFunds{Label: "上年结转", Values: []string{"0.00"}},
			),
			wantUnit: "元",
			want: []fundsWant{
				{"total", "", "", "", "", "", "", 0},
				{"carryover", "0", "", "", "", "", "", 0},
			},
		},
		{
			name: "garbage amounts",
			raw: fundsRaw("项目资金 (元)",
				extract.RawFunds{Label: "年度资金总额", Values: []string{"0.00", "1l264600.00", "11264600.00", "1O", "98,68", "9.8.7"}},
				extract.RawFunds{Label: "当年财政拨款", Values: []string{"0.001", "11,2646,00.00", "11264600.00"}},
			),
			wantUnit: "元",
			want: []fundsWant{
				{"total", "0", "", "1126460000", "", "", "", 0},
				{"fiscal", "", "", "1126460000", "", "", "", 0},
			},
			wantNotes: []string{"field.unreadable", "field.unreadable", "field.unreadable", "field.unreadable", "field.unreadable", "field.unreadable"},
		},
		{
			name: "万元 more precise than a fen",
			raw: fundsRaw("项目资金 (万元)",
				extract.RawFunds{Label: "年度资金总额", Values: []string{"0.0000001"}},
			),
			wantUnit:  "万元",
			want:      []fundsWant{{"total", "", "", "", "", "", "", 0}},
			wantNotes: []string{"field.unreadable"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Form
			readFunds(&f, &tt.raw, template.National())
			if f.AmountUnit != tt.wantUnit {
				t.Errorf("unit %q, want %q", f.AmountUnit, tt.wantUnit)
			}
			checkFunds(t, f.Funds, tt.want)
			var codes []string
			for _, n := range f.Notes {
				codes = append(codes, n.Code)
			}
			if strings.Join(codes, ",") != strings.Join(tt.wantNotes, ",") {
				t.Errorf("notes %+v, want codes %q", f.Notes, tt.wantNotes)
			}
		})
	}
}

// TestReadFundsUnreadableNote checks that a garbled amount names its field and
// line, keeps what was printed, and puts no number in its place.
func TestReadFundsUnreadableNote(t *testing.T) {
	raw := fundsRaw("项目资金 (元)", extract.RawFunds{Label: "其中: 当年财政拨款", Values: []string{"0.00", "1l264600.00"}})
	var f Form
	readFunds(&f, &raw, template.National())
	if len(f.Notes) != 1 {
		t.Fatalf("notes %+v, want one", f.Notes)
	}
	n := f.Notes[0]
	if n.Code != "field.unreadable" || n.Printed != "1l264600.00" || n.Line != 10 || n.Used != "" || !strings.Contains(n.Field, "全年预算数") {
		t.Errorf("note %+v", n)
	}
	if f.Funds[0].Budget != nil {
		t.Errorf("budget %d, want nil", *f.Funds[0].Budget)
	}
}

// TestReadFundsInferredNote checks that a line extract read by where it
// stands is the template's line and says what was printed in its label's place.
func TestReadFundsInferredNote(t *testing.T) {
	raw := fundsRaw("项目资金 (元)",
		extract.RawFunds{Label: "年度资金总额", Values: []string{"0.00", "100.00", "98.68", "10", "98.68", "9.87"}, Inferred: true, Printed: "EFAS RM  WARS"},
		extract.RawFunds{Label: "其中: 当年财政拨款", Values: []string{"0.00", "100.00", "98.68"}})
	var f Form
	readFunds(&f, &raw, template.National())
	if len(f.Funds) != 2 || f.Funds[0].Line != "total" || f.Funds[0].Score == nil || f.Funds[0].Score.String() != "9.87" {
		t.Fatalf("funds %+v, want the total line first, scoring 9.87", f.Funds)
	}
	if len(f.Notes) != 1 {
		t.Fatalf("notes %+v, want one", f.Notes)
	}
	n := f.Notes[0]
	if n.Code != "funds.label_inferred" || n.Printed != "EFAS RM WARS" || n.Used != "年度资金总额" || n.Line != 10 || !strings.Contains(n.Message, "EFAS RM WARS") {
		t.Errorf("note %+v", n)
	}
}

func TestReadFundsUnitNote(t *testing.T) {
	raw := fundsRaw("", extract.RawFunds{Label: "年度资金总额", Values: []string{"1.00"}})
	var f Form
	readFunds(&f, &raw, template.National())
	if len(f.Notes) != 1 || f.Notes[0].Code != "funds.unit_assumed" || f.Notes[0].Used != "元" || f.Notes[0].Line != 10 {
		t.Errorf("notes %+v, want funds.unit_assumed on line 10 using 元", f.Notes)
	}
	var empty Form
	readFunds(&empty, &extract.RawForm{}, template.National())
	if len(empty.Notes) != 0 {
		t.Errorf("a form without funds got notes %+v", empty.Notes)
	}
}

// TestTextFundsBlankCell reads a funds line whose 分值 cell is blank in a
// tab-separated dump: the values after it must stay in their columns.
func TestTextFundsBlankCell(t *testing.T) {
	text := "项目支出绩效自评表\n项目编码:\t440300\t项目名称:\tX\n资金使用情况\n" +
		"\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率 (%)\t得分\n" +
		"项目资金 (元)\t年度资金总额\t0.00\t100.00\t100.00\t\t100.00%\t10\n"
	doc, err := extract.Text([]byte(text), template.National())
	if err != nil {
		t.Fatal(err)
	}
	forms := Batch(doc.Forms, Options{})
	checkFunds(t, forms[0].Funds, []fundsWant{{"total", "0", "10000", "10000", "", "100", "10", 2}})
}
