package normalize

import (
	"reflect"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// TestRepairOCRCodes reads project codes OCR read with the debris of the
// ruling lines around their cells, as tesseract read those of a poor scan
// of the seed: each repair is noted, and codes that were not read by OCR,
// or hold no debris, are left as printed.
func TestRepairOCRCodes(t *testing.T) {
	tests := []struct {
		name  string
		codes []string // of one batch, form 1 first
		ocr   bool
		want  []string
		notes []int // forms noted, from 1
	}{
		{"a letter for the line before it", []string{"j440300221111561000387"}, true, []string{"440300221111561000387"}, []int{1}},
		{"a backslash and a brace", []string{"\\440300241113162000140", "{44030022111"}, true, []string{"440300241113162000140", "44030022111"}, []int{1, 2}},
		{"a line after it", []string{"440300241113162000140|"}, true, []string{"440300241113162000140"}, []int{1}},
		{"the line read as a 1", []string{"440300241113100001007", "1440300221111562000383"}, true,
			[]string{"440300241113100001007", "440300221111562000383"}, []int{2}},
		{"a 1 of a code no sibling is one shorter than", []string{"1440300221111562000383", "44030022111"}, true,
			[]string{"1440300221111562000383", "44030022111"}, nil},
		{"a 1 whose rest begins as no sibling", []string{"440300241113100001007", "1510000211000000199510"}, true,
			[]string{"440300241113100001007", "1510000211000000199510"}, nil},
		{"a letter inside a code", []string{"51000021R000000019951"}, true, []string{"51000021R000000019951"}, nil},
		{"not read by OCR", []string{"j440300221111561000387", "{44030022111"}, false, []string{"j440300221111561000387", "{44030022111"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forms := make([]Form, len(tt.codes))
			raws := make([]extract.RawForm, len(tt.codes))
			ts := make([]*template.Template, len(tt.codes))
			for i, c := range tt.codes {
				ts[i] = template.National()
				forms[i] = Form{Seq: i + 1, Template: "national", ProjectCode: c}
				raws[i] = extract.RawForm{OCR: tt.ocr}
			}
			repairOCRCodes(forms, raws, ts)
			var got []string
			var noted []int
			for _, f := range forms {
				got = append(got, f.ProjectCode)
				for _, n := range f.Notes {
					if n.Code == "header.repaired" && n.Field == "项目编码" && n.Used == f.ProjectCode && n.Printed == tt.codes[f.Seq-1] {
						noted = append(noted, f.Seq)
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(noted, tt.notes) {
				t.Errorf("codes %q noted %v, want %q noted %v", got, noted, tt.want, tt.notes)
			}
		})
	}
}

// TestTrimOCRNames takes the ruling marks tesseract's text of the seed's
// scans keeps at the ends of names and units off forms read by OCR only.
func TestTrimOCRNames(t *testing.T) {
	tests := []struct {
		name             string
		ocr              bool
		in, impl, budget string
		want             [3]string
	}{
		{"marks of the lines before the cells", true, ";国土空间总体规划实施评估", ",深圳市规划和自然资源数据管理中心", "|深圳市规划和自然资源局(本级)",
			[3]string{"国土空间总体规划实施评估", "深圳市规划和自然资源数据管理中心", "深圳市规划和自然资源局(本级)"}},
		{"marks after them", true, "士地储备整治 |", "深圳市规划和自然资源数据管理中心｜", "深圳市规划和自然资源局(本级)",
			[3]string{"士地储备整治", "深圳市规划和自然资源数据管理中心", "深圳市规划和自然资源局(本级)"}},
		{"quotes and brackets are a name's own", true, "“十四五”规划编制", "(本级)中心", "乙局",
			[3]string{"“十四五”规划编制", "(本级)中心", "乙局"}},
		{"not read by OCR", false, "|X", ",甲", "乙|", [3]string{"|X", ",甲", "乙|"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forms := []Form{{Seq: 1, ProjectName: tt.in, ImplementingUnit: tt.impl, BudgetUnit: tt.budget}}
			trimOCRNames(forms, []extract.RawForm{{OCR: tt.ocr}})
			if got := [3]string{forms[0].ProjectName, forms[0].ImplementingUnit, forms[0].BudgetUnit}; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
