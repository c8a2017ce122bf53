package extract

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// The tables below are written with | between cells. printTabbed prints them as
// a tab-separated dump (the seed), printAligned as space-aligned layout text (what
// pdftotext -layout and OCR engines print); both must read the same.
func printTabbed(s string) string  { return strings.ReplaceAll(s, "|", "\t") }
func printAligned(s string) string { return strings.ReplaceAll(s, "|", "   ") }

var textPrintings = []struct {
	name  string
	print func(string) string
}{
	{"tabs", printTabbed},
	{"aligned", printAligned},
}

// splitRows collects the rows of text.
func splitRows(text string) []Row { return slices.Collect(textRows(text)) }

// readLine reads one printed line of a table written with | between cells.
func readLine(t *testing.T, print func(string) string, line string) Row {
	t.Helper()
	rows := splitRows(print(line))
	if len(rows) != 1 {
		t.Fatalf("%q gives %d rows, want 1", line, len(rows))
	}
	return rows[0]
}

// readDump reads a dump and fails the test when no form is found.
func readDump(t *testing.T, text string) []RawForm {
	t.Helper()
	doc, err := Text([]byte(text), template.National())
	if err != nil {
		t.Fatalf("Text: %v", err)
	}
	return doc.Forms
}

// withoutPositions clears the cell offsets and the tab flag, which differ
// between tab-separated and aligned text by design (cell index versus
// character offset).
func withoutPositions(f RawForm) RawForm {
	zeroX := func(rows []Row) []Row {
		var out []Row
		for _, r := range rows {
			c := append([]Cell(nil), r.Cells...)
			for i := range c {
				c[i].X = 0
			}
			r.Cells = c
			r.Tabbed = false
			out = append(out, r)
		}
		return out
	}
	f.Goals = zeroX(f.Goals)
	f.Unread = zeroX(f.Unread)
	return f
}

// seedForm is the first seed form, shortened, with its header as printed.
const seedForm = `||项|〔目支出绩|效自评表||||
项目编码:|440300241113100001007 项目名称: 国土空间基础信息 平台升级及场景应 用建设 (一期) 绩效自评 年度:||||||2024|
实施单位:|深圳市规划和自然|资源数据管理中心|一级预算单位:|深圳市规划和自然资源局(本级)||||
资金使用情况||||||||
||年初预算数|全年预算数|全年执行数|分值|执行率 (%)|得分|
|年度资金总额|0.00|11264600.00|11264600.00|10|100|10|
项目资金 (元)|其中: 当年财政拨款|0.00|11264600.00|11264600.00|_|_|_|
|上年结转资金|0.00|0.00|0.00|_|_|_|
|其他资金|0.00|0.00|0.00|_|_|_|
项目目标完成情况|兄|||||||

||预期目标|||实际完成情况|||
年度总体目标|完成平台升级|已完成平台升级
|一级指标|二级指标|实际完成 值|分值|得分|偏差原因分析及改进 措施|||||
||数量指标|完成小程序H5改造 的建设数量|2个|2个|10|10||||
|产出指标 (50分)|质量指标|年度建设内容需求 通过率|100%|100%|40|40||||
|社会效益指标 国土空间规划数字 初步建立传导管控 完成 30 30||||||||||

(30分)|生态效益指标|||/|0|0|
满意度指标|服务对象满意度指 标|空间核查应用拓展 用户满意度|≥90%|100%|10|10|
||总分|||100|100|_
填报人: 张三|联系电话: 83912345
`

func TestTextSeedForm(t *testing.T) {
	for _, p := range textPrintings {
		t.Run(p.name, func(t *testing.T) {
			forms := readDump(t, p.print(seedForm))
			if len(forms) != 1 {
				t.Fatalf("got %d forms, want 1", len(forms))
			}
			f := forms[0]
			if f.Seq != 1 || f.LineFrom != 1 || f.LineTo != 22 {
				t.Errorf("seq %d lines %d-%d, want 1 and 1-22", f.Seq, f.LineFrom, f.LineTo)
			}
			if f.Title != "项〔目支出绩效自评表" {
				t.Errorf("title %q", f.Title)
			}
			wantHeader := RawHeader{
				ProjectCode:      Value{"440300241113100001007", 2},
				ProjectName:      Value{"国土空间基础信息 平台升级及场景应 用建设 (一期)", 2},
				Year:             Value{"2024", 2},
				ImplementingUnit: Value{"深圳市规划和自然 资源数据管理中心", 3},
				BudgetUnit:       Value{"深圳市规划和自然资源局(本级)", 3},
			}
			if f.Header != wantHeader {
				t.Errorf("header\n got %+v\nwant %+v", f.Header, wantHeader)
			}
			if f.FundsUnit != "项目资金 (元)" {
				t.Errorf("funds unit %q", f.FundsUnit)
			}
			wantFunds := []RawFunds{
				{Line: 6, Label: "年度资金总额", Values: []string{"0.00", "11264600.00", "11264600.00", "10", "100", "10"}},
				{Line: 7, Label: "其中: 当年财政拨款", Values: []string{"0.00", "11264600.00", "11264600.00", "_", "_", "_"}},
				{Line: 8, Label: "上年结转资金", Values: []string{"0.00", "0.00", "0.00", "_", "_", "_"}},
				{Line: 9, Label: "其他资金", Values: []string{"0.00", "0.00", "0.00", "_", "_", "_"}},
			}
			if !reflect.DeepEqual(f.Funds, wantFunds) {
				t.Errorf("funds\n got %+v\nwant %+v", f.Funds, wantFunds)
			}
			var goals [][]string
			for _, g := range f.Goals {
				goals = append(goals, g.Texts())
			}
			wantGoals := [][]string{{"预期目标", "实际完成情况"}, {"年度总体目标", "完成平台升级", "已完成平台升级"}}
			if !reflect.DeepEqual(goals, wantGoals) {
				t.Errorf("goals %q, want %q", goals, wantGoals)
			}
			var lines []int
			for _, ind := range f.Indicators {
				lines = append(lines, ind.Line)
			}
			if want := []int{15, 16, 17, 19, 20}; !reflect.DeepEqual(lines, want) {
				t.Errorf("indicator lines %v, want %v", lines, want)
			}
			if f.Total == nil || *f.Total != (RawTotal{Line: 21, Labelled: true, Weight: "100", Score: "100"}) {
				t.Errorf("total %+v", f.Total)
			}
			if len(f.Unread) != 1 || f.Unread[0].Line != 22 {
				t.Errorf("unread %+v, want the signature line 22 only", f.Unread)
			}
		})
	}
}

func TestTextPrintingsAgree(t *testing.T) {
	tabs := readDump(t, printTabbed(seedForm))
	spaces := readDump(t, printAligned(seedForm))
	if len(tabs) != len(spaces) {
		t.Fatalf("%d forms from tabs, %d from aligned text", len(tabs), len(spaces))
	}
	for i := range tabs {
		if a, b := withoutPositions(tabs[i]), withoutPositions(spaces[i]); !reflect.DeepEqual(a, b) {
			t.Errorf("form %d differs:\n tabs    %+v\n aligned %+v", i+1, a, b)
		}
	}
}

// miniForm is a complete small form; an empty title leaves the title line out.
func miniForm(title, code string) string {
	s := ""
	if title != "" {
		s = title + "\n"
	}
	return s + "项目编码:|" + code + "|项目名称:|党组织建设|绩效自评年度:|2024\n" +
		"实施单位:|深圳市规划和自然资源数据管理中心|一级预算单位:|深圳市规划和自然资源局(本级)\n" +
		"资金使用情况\n" +
		"|年度资金总额|45711.00|45711.00|18256.90|10|39.94|3.99\n" +
		"项目资金 (元)|其中: 当年财政拨款|45711.00|45711.00|18256.90|_|_|_\n" +
		"项目目标完成情况\n" +
		"年度总体目标|开展党员活动|开展党员活动100余次\n" +
		"|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分\n" +
		"|产出指标 (90分)|数量指标|组织党员活动次数|≥4次|8|90|90\n" +
		"||总分|||100|93.99|_\n"
}

// miniLines is the number of lines miniForm prints after its title.
const miniLines = 10

func TestTextSplitsForms(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		wantCodes []string
		wantFrom  []int
		wantTitle []bool
	}{
		{
			name: "clean and broken titles",
			text: miniForm("项目支出绩效自评表", "A1") + miniForm("项|〔目支出绩|效自评表", "B2") +
				miniForm("|||目支出绩||", "C3"),
			wantCodes: []string{"A1", "B2", "C3"},
			wantFrom:  []int{1, 2 + miniLines, 3 + 2*miniLines},
			wantTitle: []bool{true, true, true},
		},
		{
			name:      "title lost after a complete form",
			text:      miniForm("项目支出绩效自评表", "A1") + miniForm("", "D4"),
			wantCodes: []string{"A1", "D4"},
			wantFrom:  []int{1, 2 + miniLines},
			wantTitle: []bool{true, false},
		},
		{
			name:      "text before the first title",
			text:      "2024年度绩效自评报告\n\n目录|1\n" + miniForm("项目支出绩效自评表", "A1"),
			wantCodes: []string{"A1"},
			wantFrom:  []int{4},
			wantTitle: []bool{true},
		},
		{
			name:      "blank lines between forms",
			text:      miniForm("项目支出绩效自评表", "A1") + "\n\n" + miniForm("项目支出绩效自评表", "B2"),
			wantCodes: []string{"A1", "B2"},
			wantFrom:  []int{1, 4 + miniLines},
			wantTitle: []bool{true, true},
		},
	}
	for _, tt := range tests {
		for _, p := range textPrintings {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				forms := readDump(t, p.print(tt.text))
				var codes []string
				var from []int
				var titled []bool
				for i, f := range forms {
					if f.Seq != i+1 {
						t.Errorf("form %d has seq %d", i+1, f.Seq)
					}
					if f.Total == nil || f.Total.Score != "93.99" {
						t.Errorf("form %d: total %+v, want the form's own 总分 row", i+1, f.Total)
					}
					codes = append(codes, f.Header.ProjectCode.Text)
					from = append(from, f.LineFrom)
					titled = append(titled, f.Title != "")
				}
				if !reflect.DeepEqual(codes, tt.wantCodes) {
					t.Errorf("codes %q, want %q", codes, tt.wantCodes)
				}
				if !reflect.DeepEqual(from, tt.wantFrom) {
					t.Errorf("first lines %v, want %v", from, tt.wantFrom)
				}
				if !reflect.DeepEqual(titled, tt.wantTitle) {
					t.Errorf("titled %v, want %v", titled, tt.wantTitle)
				}
			})
		}
	}
}

func TestTextNoForm(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"empty", ""},
		{"prose", "这是一份工作总结。\n没有表格。\n"},
		{"title without header", "项目支出绩效自评表\n资金使用情况\n|年度资金总额|0.00|1.00|1.00|10|100|10\n"},
		{"funds without header", "|年度资金总额|0.00|1.00|1.00|10|100|10\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Text([]byte(printTabbed(tt.data)), template.National())
			if !errors.Is(err, ErrNoForm) {
				t.Fatalf("err = %v, want ErrNoForm", err)
			}
			if doc == nil || len(doc.Forms) != 0 {
				t.Errorf("doc %+v, want a document without forms", doc)
			}
		})
	}
}

func TestReadHeader(t *testing.T) {
	tests := []struct {
		name  string
		lines string
		want  RawHeader
	}{
		{
			name:  "一级预算单位",
			lines: "项目编码:|44030022111|1562000383|项目名称:|党组织建设|绩效自评 年度:||2024\n实施单位:|深圳市规划和自然资源数据管理中心|一级预算单位:|深圳市规划和自然资源局(本级)",
			want: RawHeader{
				ProjectCode: Value{"44030022111 1562000383", 1}, ProjectName: Value{"党组织建设", 1}, Year: Value{"2024", 1},
				ImplementingUnit: Value{"深圳市规划和自然资源数据管理中心", 2}, BudgetUnit: Value{"深圳市规划和自然资源局(本级)", 2},
			},
		},
		{
			name:  "主管部门",
			lines: "项目编码:|440300|项目名称:|X|绩效自评年度:|2023\n实施单位:|甲中心|主管部门:|乙局",
			want: RawHeader{
				ProjectCode: Value{"440300", 1}, ProjectName: Value{"X", 1}, Year: Value{"2023", 1},
				ImplementingUnit: Value{"甲中心", 2}, BudgetUnit: Value{"乙局", 2},
			},
		},
		{
			name:  "longer alias wins",
			lines: "项目名称:|X|项目实施单位:|甲中心|主管预算单位:|乙局",
			want:  RawHeader{ProjectName: Value{"X", 1}, ImplementingUnit: Value{"甲中心", 1}, BudgetUnit: Value{"乙局", 1}},
		},
		{
			name:  "several pairs in one cell",
			lines: "项目编码:|440300241113100001007 项目名称: X 绩效自评 年度:||||||2024|",
			want:  RawHeader{ProjectCode: Value{"440300241113100001007", 1}, ProjectName: Value{"X", 1}, Year: Value{"2024", 1}},
		},
		{
			name:  "two units in one cell",
			lines: "实施单位:|深圳市规划和自然|1然资源数据管理中心 一级预算单位: 深圳市规划和自然资源局(本级)",
			want: RawHeader{
				ImplementingUnit: Value{"深圳市规划和自然 1然资源数据管理中心", 1},
				BudgetUnit:       Value{"深圳市规划和自然资源局(本级)", 1},
			},
		},
		{
			name:  "unit split over cells",
			lines: "实施单位:|深圳市规划和自然|资源数据管理中心|一级预算单位:|深圳市规划和自然资源局(本级)",
			want: RawHeader{
				ImplementingUnit: Value{"深圳市规划和自然 资源数据管理中心", 1},
				BudgetUnit:       Value{"深圳市规划和自然资源局(本级)", 1},
			},
		},
		{
			name:  "year only in a subtitle",
			lines: "项目支出绩效自评表\n(2022年度)\n项目编码:|440300|项目名称:|X\n实施单位:|甲中心|主管部门:|乙局",
			want: RawHeader{
				ProjectCode: Value{"440300", 3}, ProjectName: Value{"X", 3}, Subtitle: Value{"2022", 2},
				ImplementingUnit: Value{"甲中心", 4}, BudgetUnit: Value{"乙局", 4},
			},
		},
		{
			name:  "full-width subtitle",
			lines: "（ 2021 年度 ）\n项目名称:|X",
			want:  RawHeader{ProjectName: Value{"X", 2}, Subtitle: Value{"2021", 1}},
		},
		{
			name:  "code absent",
			lines: "项目名称:|党组织建设|绩效自评年度:|2024\n实施单位:|甲中心|一级预算单位:|乙局",
			want: RawHeader{
				ProjectName: Value{"党组织建设", 1}, Year: Value{"2024", 1},
				ImplementingUnit: Value{"甲中心", 2}, BudgetUnit: Value{"乙局", 2},
			},
		},
		{
			name:  "label spaced out, full-width colon",
			lines: "项 目 编 码：|440300|项目名称 ：|X",
			want:  RawHeader{ProjectCode: Value{"440300", 1}, ProjectName: Value{"X", 1}},
		},
		{
			name:  "first value wins",
			lines: "项目名称:|X\n项目名称:|Y",
			want:  RawHeader{ProjectName: Value{"X", 1}},
		},
		{
			name: "values on the rows below their labels",
			lines: "项目编码:\n440300231110101205005|项目名称:|士地储备整治\n绩效自评年度\n2024\n实施单位:\n" +
				"深圳市规划和自然资源数据管理中心|一级预算单位:|乙局",
			want: RawHeader{
				ProjectCode: Value{"440300231110101205005", 2}, ProjectName: Value{"士地储备整治", 2}, Year: Value{"2024", 4},
				ImplementingUnit: Value{"深圳市规划和自然资源数据管理中心", 6}, BudgetUnit: Value{"乙局", 6},
			},
		},
		{
			name:  "a blank label under which a label opens the row",
			lines: "项目编码:\n实施单位:|甲中心",
			want:  RawHeader{ProjectCode: Value{"", 1}, ImplementingUnit: Value{"甲中心", 2}},
		},
		{
			name:  "a blank label with a label or a title below",
			lines: "一级预算单位:\n金额单位:万元\n项目名称:\n(2023年度)",
			want:  RawHeader{BudgetUnit: Value{"", 1}, ProjectName: Value{"", 3}, Subtitle: Value{"2023", 4}},
		},
		{
			name:  "a label blank in the middle of its row takes nothing below",
			lines: "项目编码:||项目名称:|X\n440300231110101205005",
			want:  RawHeader{ProjectCode: Value{"", 1}, ProjectName: Value{"X", 1}},
		},
	}
	for _, tt := range tests {
		for _, p := range textPrintings {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				rows := splitRows(p.print(tt.lines))
				if got := readHeader(rows, template.National()); got != tt.want {
					t.Errorf("readHeader\n got %+v\nwant %+v", got, tt.want)
				}
			})
		}
	}
}

func TestTextFundsBlock(t *testing.T) {
	tests := []struct {
		name      string
		block     string
		wantUnit  string
		wantLines []string // canonical line of each funds row
		wantFirst RawFunds // its Line is the block's first line (5) unless set
	}{
		{
			name: "当年财政拨款, unit in 元",
			block: "|年度资金总额|0.00|100.00|98.68|10|98.68|9.87\n" +
				"项目资金 (元)|其中: 当年财政拨款|0.00|100.00|98.68|_|_|_\n|上年结转资金|0.00|0.00|0.00|_|_|_\n|其他资金|0.00|0.00|0.00|_|_|_",
			wantUnit:  "项目资金 (元)",
			wantLines: []string{"total", "fiscal", "carryover", "other"},
			wantFirst: RawFunds{Label: "年度资金总额", Values: []string{"0.00", "100.00", "98.68", "10", "98.68", "9.87"}},
		},
		{
			name:      "本年财政拨款, total with a colon, unit in 万元",
			block:     "|年度资金总额:|0.00|1.00|1.00|10|100.00%|10\n项目资金 (万元)|其中: 本年财政拨款|0.00|1.00|1.00|_|_|_",
			wantUnit:  "项目资金 (万元)",
			wantLines: []string{"total", "fiscal"},
			wantFirst: RawFunds{Label: "年度资金总额:", Values: []string{"0.00", "1.00", "1.00", "10", "100.00%", "10"}},
		},
		{
			name:      "unit on a row of its own",
			block:     "项目资金 (元)\n|年度资金总额|0.00|1.00|1.00|10|98.68%|9.87",
			wantUnit:  "项目资金 (元)",
			wantLines: []string{"total"},
			wantFirst: RawFunds{Line: 6, Label: "年度资金总额", Values: []string{"0.00", "1.00", "1.00", "10", "98.68%", "9.87"}},
		},
		{
			name:      "no unit printed",
			block:     "|年度资金总额|0.00|1.00|1.00|10|100|10\n|财政拨款|0.00|1.00|1.00",
			wantUnit:  "",
			wantLines: []string{"total", "fiscal"},
			wantFirst: RawFunds{Label: "年度资金总额", Values: []string{"0.00", "1.00", "1.00", "10", "100", "10"}},
		},
	}
	nat := template.National()
	for _, tt := range tests {
		for _, p := range textPrintings {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				text := "项目支出绩效自评表\n项目编码:|440300|项目名称:|X\n资金使用情况\n||年初预算数|全年预算数|全年执行数|分值|执行率 (%)|得分\n" +
					tt.block + "\n项目目标完成情况\n"
				forms := readDump(t, p.print(text))
				f := forms[0]
				if f.FundsUnit != tt.wantUnit {
					t.Errorf("unit %q, want %q", f.FundsUnit, tt.wantUnit)
				}
				var lines []string
				for _, fl := range f.Funds {
					line, _ := nat.FundsLineOf(fl.Label)
					lines = append(lines, line)
				}
				if !reflect.DeepEqual(lines, tt.wantLines) {
					t.Errorf("lines %q, want %q", lines, tt.wantLines)
				}
				if tt.wantFirst.Line == 0 {
					tt.wantFirst.Line = 5
				}
				if len(f.Funds) == 0 || !reflect.DeepEqual(f.Funds[0], tt.wantFirst) {
					t.Errorf("first line %+v, want %+v", f.Funds, tt.wantFirst)
				}
				if len(f.Unread) != 0 {
					t.Errorf("unread rows %+v", f.Unread)
				}
			})
		}
	}
}

func TestIndicatorRow(t *testing.T) {
	tests := []struct {
		name string
		line string
		want RawIndicator
	}{
		{
			name: "labels, name, target, actual",
			line: "|产出指标 (50分)|数量指标|组织党员活动次数|≥4次|8|5|5",
			want: RawIndicator{Labels: []string{"产出指标 (50分)", "数量指标"}, Name: "组织党员活动次数", Target: "≥4次", Actual: "8", Weight: "5", Score: "5"},
		},
		{
			name: "no labels",
			line: "|||党员教育培训人次|≥考核年份党员总 数|209|5|5",
			want: RawIndicator{Name: "党员教育培训人次", Target: "≥考核年份党员总 数", Actual: "209", Weight: "5", Score: "5"},
		},
		{
			name: "row label and 二级指标",
			line: "年度绩效指标||成本指标|2024年度项目支出|不超过2024年预算 金额|完成|10|10",
			want: RawIndicator{Labels: []string{"年度绩效指标", "成本指标"}, Name: "2024年度项目支出", Target: "不超过2024年预算 金额", Actual: "完成", Weight: "10", Score: "10"},
		},
		{
			name: "damaged labels",
			line: "|X X W. X.|灰星 1400|项目概要设计通过 率|100%|100%|5|5",
			want: RawIndicator{Labels: []string{"X X W. X.", "灰星 1400"}, Name: "项目概要设计通过 率", Target: "100%", Actual: "100%", Weight: "5", Score: "5"},
		},
		{
			name: "decimal weight and score",
			line: "||质量指标|验收通过率|≥98%|97.5%|10.0|9.95",
			want: RawIndicator{Labels: []string{"质量指标"}, Name: "验收通过率", Target: "≥98%", Actual: "97.5%", Weight: "10.0", Score: "9.95"},
		},
		{
			name: "actual swallowed the weight",
			line: "||数量指标|信息化基础软件 巡检次数|每月1次|每月1次 3|3",
			want: RawIndicator{Labels: []string{"数量指标"}, Name: "信息化基础软件 巡检次数", Target: "每月1次", Actual: "每月1次", Weight: "3", Score: "3"},
		},
		{
			name: "whole row in one cell",
			line: "|社会效益指标 国土空间规划数字 初步建立传导管控 完成 30 30||||||||||",
			want: RawIndicator{Labels: []string{"社会效益指标"}, Name: "国土空间规划数字", Target: "初步建立传导管控", Actual: "完成", Weight: "30", Score: "30"},
		},
		{
			name: "note after the score",
			line: "||时效指标|故障响应时间|≤2小时|3小时|10|8|偶有延迟,已调整值班",
			want: RawIndicator{Labels: []string{"时效指标"}, Name: "故障响应时间", Target: "≤2小时", Actual: "3小时", Weight: "10", Score: "8", Note: "偶有延迟,已调整值班"},
		},
		{
			name: "note in two cells",
			line: "||时效指标|故障响应时间|≤2小时|3小时|10|8|偶有延迟|已调整值班",
			want: RawIndicator{Labels: []string{"时效指标"}, Name: "故障响应时间", Target: "≤2小时", Actual: "3小时", Weight: "10", Score: "8", Note: "偶有延迟 已调整值班"},
		},
		{
			name: "_ in the note column",
			line: "|||组织党员活动次数|≥4次|8|5|5|_",
			want: RawIndicator{Name: "组织党员活动次数", Target: "≥4次", Actual: "8", Weight: "5", Score: "5"},
		},
		{
			name: "placeholder row",
			line: "||经济效益指标|||/|0|0",
			want: RawIndicator{Labels: []string{"经济效益指标"}, Actual: "/", Weight: "0", Score: "0"},
		},
		{
			name: "placeholder row under a bare weight",
			line: "(30分)|生态效益指标|||不涉及|0|0|",
			want: RawIndicator{Labels: []string{"(30分)", "生态效益指标"}, Actual: "不涉及", Weight: "0", Score: "0"},
		},
		{
			name: "label split over two cells",
			line: "满意度指标 (10分)|服务对象满意度指 标|空间核查应用拓展 用户满意度|≥90%|100%|10|10",
			want: RawIndicator{Labels: []string{"满意度指标 (10分)", "服务对象满意度指 标"}, Name: "空间核查应用拓展 用户满意度", Target: "≥90%", Actual: "100%", Weight: "10", Score: "10"},
		},
	}
	nat := template.National()
	for _, tt := range tests {
		for _, p := range textPrintings {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				r := readLine(t, p.print, tt.line)
				got, ok := indicatorRow(r, nat)
				if !ok {
					t.Fatalf("indicatorRow(%q) not read", tt.line)
				}
				tt.want.Line, tt.want.Page = 1, 1
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("indicatorRow(%q)\n got %+v\nwant %+v", tt.line, got, tt.want)
				}
			})
		}
	}
}

func TestIndicatorRowRejects(t *testing.T) {
	for _, line := range []string{
		"|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分",
		"年度总体目标|开展党员活动|开展党员活动100余次",
		"|产出指标 (50分)|数量指标|组织党员活动次数|≥4次|8|五|五",
		"填报人: 张三|联系电话: 83912345",
	} {
		for _, p := range textPrintings {
			if got, ok := indicatorRow(readLine(t, p.print, line), template.National()); ok {
				t.Errorf("%s: indicatorRow(%q) = %+v, want no indicator", p.name, line, got)
			}
		}
	}
}

func TestTotalRow(t *testing.T) {
	tests := []struct {
		name string
		line string
		want RawTotal
		ok   bool
		bug  string // why the case fails today; see the report of issue 2
	}{
		{"labelled", "||总分|||100|92.74|_", RawTotal{Labelled: true, Weight: "100", Score: "92.74"}, true, ""},
		{"labelled, decimals", "|||总分|||100.0|99.85|_|", RawTotal{Labelled: true, Weight: "100.0", Score: "99.85"}, true, ""},
		{"only the score", "|总分||||||97.56|_", RawTotal{Labelled: true, Score: "97.56"}, true, ""},
		{"blank", "|总分|||||||_", RawTotal{Labelled: true}, true, ""},
		{"spaced label", "总 分|||||100|95.39|_", RawTotal{Labelled: true, Weight: "100", Score: "95.39"}, true, ""},
		{"label lost", "|||100|92.74|_", RawTotal{Weight: "100", Score: "92.74"}, true, ""},
		{"label lost, decimals", "||||100.0|100.0|_||", RawTotal{Weight: "100.0", Score: "100.0"}, true, ""},
		{"label lost, no note", "100|99.98", RawTotal{Weight: "100", Score: "99.98"}, true, ""},
		{"two numbers, not the total weight", "|||10|9.5|_", RawTotal{}, false, ""},
		{"three numbers", "|||100|92.74|3", RawTotal{}, false, ""},
		{"numbers and words", "|||100|92.74|扣分说明", RawTotal{}, false, ""},
		{"indicator row", "||数量指标|组织党员活动次数|≥4次|8|5|5", RawTotal{}, false, ""},
		{"indicator row with a cell one edit from 总分", "||质量指标|专家评审得分|≥8分|9分|10|10", RawTotal{}, false, ""},
	}
	for _, tt := range tests {
		for _, p := range textPrintings {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				if tt.bug != "" {
					t.Skip(tt.bug)
				}
				got, ok := totalRow(readLine(t, p.print, tt.line), template.National())
				if ok != tt.ok {
					t.Fatalf("totalRow(%q) ok = %v, want %v (%+v)", tt.line, ok, tt.ok, got)
				}
				if ok {
					tt.want.Line = 1
				}
				if got != tt.want {
					t.Errorf("totalRow(%q)\n got %+v\nwant %+v", tt.line, got, tt.want)
				}
			})
		}
	}
}

// TestTextTotalWithoutLabel checks that a total row that lost its label is
// read as the form's total and the rows after it are left unread.
func TestTextTotalWithoutLabel(t *testing.T) {
	text := "项目支出绩效自评表\n项目编码:|440300|项目名称:|X\n|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分\n" +
		"|产出指标|数量指标|组织党员活动次数|≥4次|8|90|82.74\n" +
		"|||100|92.74|_\n" +
		"|||100|92.74|_\n"
	for _, p := range textPrintings {
		t.Run(p.name, func(t *testing.T) {
			f := readDump(t, p.print(text))[0]
			if f.Total == nil || *f.Total != (RawTotal{Line: 5, Weight: "100", Score: "92.74"}) {
				t.Errorf("total %+v, want the unlabelled row on line 5", f.Total)
			}
			if len(f.Indicators) != 1 {
				t.Errorf("%d indicators, want 1", len(f.Indicators))
			}
			if len(f.Unread) != 1 || f.Unread[0].Line != 6 {
				t.Errorf("unread %+v, want line 6", f.Unread)
			}
		})
	}
}

func TestSplitRows(t *testing.T) {
	text := "a\tb\r\n\r\n  c  d   e f\n\fg\t\th\n\t\t\n页一\u3000页二  x\n"
	type got struct {
		Line, Page int
		Break      bool
		Cells      []string
	}
	want := []got{
		{1, 1, false, []string{"a", "b"}},
		{3, 1, true, []string{"c", "d", "e f"}},
		{4, 2, true, []string{"g", "h"}},
		{6, 2, true, []string{"页一", "页二", "x"}},
	}
	var rows []got
	for _, r := range splitRows(text) {
		rows = append(rows, got{r.Line, r.Page, r.Break, r.Texts()})
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("splitRows\n got %+v\nwant %+v", rows, want)
	}
}

func TestSplitCellsIdeographicSpace(t *testing.T) {
	cells := splitCells("实施单位:\u3000甲中心  一级预算单位: 乙局", 1)
	var texts []string
	for _, c := range cells {
		texts = append(texts, c.Text)
	}
	if want := []string{"实施单位:", "甲中心", "一级预算单位: 乙局"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("cells %q, want %q", texts, want)
	}
}

// TestTextGarbledSectionLabel checks that a misread 项目目标完成情况 still
// ends the funds block and starts the goals.
func TestTextGarbledSectionLabel(t *testing.T) {
	text := strings.Replace(miniForm("项目支出绩效自评表", "A1"), "项目目标完成情况", "项目目标完成情兄", 1)
	for _, p := range textPrintings {
		t.Run(p.name, func(t *testing.T) {
			f := readDump(t, p.print(text))[0]
			if len(f.Funds) != 2 || len(f.Goals) != 1 || len(f.Unread) != 0 {
				t.Errorf("%d funds lines, %d goal rows, unread %+v; want 2, 1 and none", len(f.Funds), len(f.Goals), f.Unread)
			}
		})
	}
}

// TestIndicatorRowBlankTarget reads a tab-separated row whose 年度指标值 cell
// is blank: the name must stay the name.
func TestIndicatorRowBlankTarget(t *testing.T) {
	got, ok := indicatorRow(readLine(t, printTabbed, "||数量指标|组织活动次数||8|5|5"), template.National())
	want := RawIndicator{Line: 1, Page: 1, Labels: []string{"数量指标"}, Name: "组织活动次数", Actual: "8", Weight: "5", Score: "5"}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("indicatorRow\n got %+v\nwant %+v", got, want)
	}
}

// In text that keeps no cell positions, a funds line printing fewer values
// than it has columns is marked: which column each value is in is a guess.
func TestFundsLineUnplaced(t *testing.T) {
	row := func(tabbed bool, texts ...string) Row {
		r := Row{Line: 7, Tabbed: tabbed}
		for i, s := range texts {
			r.Cells = append(r.Cells, Cell{Text: s, X: i})
		}
		return r
	}
	for _, tt := range []struct {
		name string
		row  Row
		want bool
	}{
		{"part line, all three amounts", row(false, "当年财政拨款", "100.00", "560,000.00", "548,800.00"), false},
		{"part line, a blank amount", row(false, "当年财政拨款", "560,000.00", "548,800.00"), true},
		{"whole line, every column", row(false, "年度资金总额", "0.00", "560,000.00", "548,800.00", "10", "98%", "9.8"), false},
		{"whole line, a blank amount", row(false, "年度资金总额", "560,000.00", "548,800.00", "10", "98%", "9.8"), true},
		{"tab-separated: blanks keep their tabs", row(true, "当年财政拨款", "560,000.00", "548,800.00"), false},
	} {
		fl, ok := fundsLine(tt.row, template.National())
		if !ok || fl.Unplaced != tt.want {
			t.Errorf("%s: ok %v, unplaced %v, want %v", tt.name, ok, fl.Unplaced, tt.want)
		}
	}
}

// TestFundsWholeLineInferred reads a funds block whose 年度资金总额 label
// was lost (to OCR noise, or left blank): the row of numbers above the parts
// is read as that line, and flagged; rows that are not such a line stay unread.
func TestFundsWholeLineInferred(t *testing.T) {
	const parts = "项目资金 (元)|其中: 当年财政拨款|0.00|100.00|98.68|_|_|_\n|上年结转资金|0.00|0.00|0.00|_|_|_\n"
	tests := []struct {
		name       string
		block      string
		wantLines  []string
		wantFirst  RawFunds // Line 5; none when no line is inferred
		wantUnread []int
	}{
		{
			name:      "label garbled by OCR",
			block:     "|EFAS RM WARS|0.00|100.00|98.68|10|98.68|9.87\n" + parts,
			wantLines: []string{"total", "fiscal", "carryover"},
			wantFirst: RawFunds{Label: "年度资金总额", Values: []string{"0.00", "100.00", "98.68", "10", "98.68", "9.87"},
				Inferred: true, Printed: "EFAS RM WARS"},
		},
		{
			name:      "no label at all",
			block:     "||0.00|100.00|98.68|10|98.68|9.87\n" + parts,
			wantLines: []string{"total", "fiscal", "carryover"},
			wantFirst: RawFunds{Label: "年度资金总额", Values: []string{"0.00", "100.00", "98.68", "10", "98.68", "9.87"}, Inferred: true},
		},
		{
			name: "label lost in the unit's merged cell",
			block: "项目资金 (元) EAS EAM|0.00|100.00|98.68|10|98.68|9.87\n" +
				"|其中: 当年财政拨款|0.00|100.00|98.68|_|_|_\n|上年结转资金|0.00|0.00|0.00|_|_|_\n",
			wantLines: []string{"total", "fiscal", "carryover"},
			wantFirst: RawFunds{Label: "年度资金总额", Values: []string{"0.00", "100.00", "98.68", "10", "98.68", "9.87"},
				Inferred: true, Printed: "项目资金 (元) EAS EAM"},
		},
		{
			name:      "label readable: nothing inferred",
			block:     "|年度资金总额|0.00|100.00|98.68|10|98.68|9.87\n" + parts,
			wantLines: []string{"total", "fiscal", "carryover"},
			wantFirst: RawFunds{Label: "年度资金总额", Values: []string{"0.00", "100.00", "98.68", "10", "98.68", "9.87"}},
		},
		{
			name:       "fewer numbers than a part line prints",
			block:      "|EFAS RM WARS|100.00|98.68\n" + parts,
			wantLines:  []string{"fiscal", "carryover"},
			wantUnread: []int{5},
		},
		{
			name:       "text after the numbers",
			block:      "|EFAS RM WARS|0.00|100.00|98.68|见附件\n" + parts,
			wantLines:  []string{"fiscal", "carryover"},
			wantUnread: []int{5},
		},
		{
			name:       "the columns numbered",
			block:      "|栏次|1|2|3|4|5|6\n" + parts,
			wantLines:  []string{"fiscal", "carryover"},
			wantUnread: []int{5},
		},
		{
			name:       "a line of text holding numbers",
			block:      "|附件 3 份|共 12 页|2024 年|5 月\n" + parts,
			wantLines:  []string{"fiscal", "carryover"},
			wantUnread: []int{5},
		},
	}
	nat := template.National()
	for _, tt := range tests {
		for _, p := range textPrintings {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				text := "项目支出绩效自评表\n项目编码:|440300|项目名称:|X\n资金使用情况\n||年初预算数|全年预算数|全年执行数|分值|执行率 (%)|得分\n" +
					tt.block + "项目目标完成情况\n"
				f := readDump(t, p.print(text))[0]
				var lines []string
				for _, fl := range f.Funds {
					line, _ := nat.FundsLineOf(fl.Label)
					lines = append(lines, line)
				}
				if !reflect.DeepEqual(lines, tt.wantLines) {
					t.Errorf("lines %q, want %q", lines, tt.wantLines)
				}
				if tt.wantFirst.Label != "" {
					tt.wantFirst.Line = 5
					if len(f.Funds) == 0 || !reflect.DeepEqual(f.Funds[0], tt.wantFirst) {
						t.Errorf("first line %+v, want %+v", f.Funds, tt.wantFirst)
					}
				}
				for i, fl := range f.Funds {
					if fl.Inferred && (i > 0 || !tt.wantFirst.Inferred) {
						t.Errorf("line %d inferred: %+v", fl.Line, fl)
					}
				}
				var unread []int
				for _, r := range f.Unread {
					unread = append(unread, r.Line)
				}
				if !reflect.DeepEqual(unread, tt.wantUnread) {
					t.Errorf("unread lines %v, want %v", unread, tt.wantUnread)
				}
			})
		}
	}
}

// TestSameReading checks that templates sameReading pairs read every form of
// the text fixtures alike, so that a form is read once for them, and that it
// pairs the national template with budget20 only.
func TestSameReading(t *testing.T) {
	choice, err := template.Default()
	if err != nil {
		t.Fatal(err)
	}
	vs := choice.Variants()
	var pairs [][2]*template.Template
	for i, a := range vs {
		for _, b := range vs[i+1:] {
			if sameReading(a, b) {
				pairs = append(pairs, [2]*template.Template{a, b})
			}
		}
	}
	if len(pairs) != 1 || pairs[0][0].Name+","+pairs[0][1].Name != "national,budget20" {
		var names []string
		for _, p := range pairs {
			names = append(names, p[0].Name+","+p[1].Name)
		}
		t.Fatalf("templates that read alike: %q, want national,budget20", names)
	}
	names, err := filepath.Glob("../fixtures/docs/templates/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	forms := 0
	for _, name := range append(names, "../fixtures/docs/seed-2024.txt") {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text, _, err := DecodeText(data)
		if err != nil {
			t.Fatal(err)
		}
		i := -1
		for rows := range splitForms(laidOut(text, choice), choice) {
			i++
			forms++
			for _, p := range pairs {
				if a, b := readForm(rows, p[0]), readForm(rows, p[1]); !reflect.DeepEqual(a, b) {
					t.Errorf("%s form %d: read with %s\n%+v\nwith %s\n%+v", filepath.Base(name), i+1, p[0].Name, a, p[1].Name, b)
				}
			}
		}
	}
	if forms < 28 {
		t.Errorf("%d forms compared, want the fixtures' 28 or more", forms)
	}
}
