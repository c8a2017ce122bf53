package normalize_test

import (
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/template"
)

// fuzzForm is a small complete form as a tab-separated dump.
const fuzzForm = "项目支出绩效自评表\n" +
	"项目编码:\t440300241113100001007\t项目名称:\t党组织建设\t绩效自评年度:\t2024\n" +
	"实施单位:\t深圳市规划和自然资源数据管理中心\t一级预算单位:\t深圳市规划和自然资源局(本级)\n" +
	"资金使用情况\n" +
	"\t年度资金总额\t45711.00\t45711.00\t18256.90\t10\t39.94%\t3.99\n" +
	"项目资金 (万元)\t其中: 当年财政拨款\t45711.00\t45711.00\t18256.90\t_\t_\t_\n" +
	"项目目标完成情况\n" +
	"年度总体目标\t开展党员活动\t开展党员活动100余次\n" +
	"\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n" +
	"\t产出指标 (50分)\t数量指标\t组织党员活动次数\t≥4次\t8次\t20\t20\n" +
	"\t\t时效指标\t完成时间\t2024年12月31日前\t2024年11月\t10\t9.5\t提前\n" +
	"\t效益指标\t满意度指标\t群众满意度\t≥90%\t95%\t30\t30\n" +
	"\t\t\t总分\t\t\t100\t93.99\t_\n"

// FuzzBatch carries text dumps through every stage after reading: the
// normaliser (numbers, money, percentages, targets, header repairs) and the
// score checks. Nothing on this path recovers panics for them, so any
// input that reads as a form must normalise and check without one.
func FuzzBatch(f *testing.F) {
	for _, s := range []string{
		fuzzForm,
		fuzzForm + fuzzForm,
		strings.ReplaceAll(fuzzForm, "\t", "   "),
		strings.NewReplacer("45711.00", "４５,７１１．００", "≥4次", "不少于4次", "93.99", "").Replace(fuzzForm),
		strings.NewReplacer("2024", "", "440300241113100001007", "44030024111", "(万元)", "(元)").Replace(fuzzForm),
	} {
		f.Add([]byte(s), 0)
	}
	tpl := template.National()
	f.Fuzz(func(t *testing.T, data []byte, year int) {
		doc, err := extract.Text(data, tpl)
		if err != nil {
			return
		}
		forms := normalize.Batch(doc.Forms, normalize.Options{Template: tpl, Year: year})
		if len(forms) != len(doc.Forms) {
			t.Fatalf("%d raw forms became %d forms", len(doc.Forms), len(forms))
		}
		for i := range forms {
			score.Check(&forms[i])
		}
	})
}
