package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
)

// message is a finding's message in lang. English is the message stored with
// the finding; Chinese is written from the rule code, the structured values
// and the form's own labels, since the stored text is English only.
func message(lang Lang, f *store.ReportForm, t *template.Template, fd store.Finding) string {
	if lang != Chinese {
		if fd.Message != "" {
			return fd.Message
		}
		return fmt.Sprintf("%s: recorded %q, recomputed %q.", fd.Field, fd.Recorded, fd.Computed)
	}
	m := chineseMessage(f, t, fd)
	if m == "" {
		m = fmt.Sprintf("%s:记录值“%s”,重算值“%s”。", fd.Field, fd.Recorded, fd.Computed)
	}
	return m + chineseDoubt(fd.Doubt)
}

// chineseDoubt says, as score's English message does, that a doubtful
// number read through OCR likely explains the error; "" without one.
func chineseDoubt(d *score.Doubt) string {
	if d == nil {
		return ""
	}
	used := "已留空"
	if d.Used != "" {
		used = "按 " + d.Used + " 读取"
	}
	return fmt.Sprintf("表格经 OCR 识别,%s(OCR 识别为“%s”,%s)存疑:可能是 OCR 识别错误。", d.Field, d.Printed, used)
}

// chineseMessage writes the Chinese message of the rules it knows, "" for others.
func chineseMessage(f *store.ReportForm, t *template.Template, fd store.Finding) string {
	switch fd.Rule {
	case score.RuleFundsRate:
		return fmt.Sprintf("%s:记录的执行率 %s%% 与 全年执行数 ÷ 全年预算数 = %s%% 不符,超出末位一个单位的容差。",
			fundsLabelAt(f, fd.Line), fd.Recorded, fd.Computed)
	case score.RuleFundsScore:
		return fmt.Sprintf("%s:记录的得分 %s 与 分值 × min(执行率, 100%%) = %s 不符。",
			fundsLabelAt(f, fd.Line), fd.Recorded, fd.Computed)
	case score.RuleFundsBreakdown:
		return fmt.Sprintf("%s:年度资金总额 %s 元 不等于 当年财政拨款、上年结转资金与其他资金之和 %s 元。",
			fd.Field, fd.Recorded, fd.Computed)
	case score.RuleScoreRange:
		return fmt.Sprintf("指标“%s”得分 %s,不在 0 至分值之间。", fd.Field, fd.Recorded)
	case score.RuleUnmetFullScore:
		ind := indicatorAt(f, fd)
		if ind == nil {
			return fmt.Sprintf("指标“%s”未达到年度指标值,却得满分 %s。", fd.Field, fd.Recorded)
		}
		return fmt.Sprintf("指标“%s”实际完成值“%s”未达到年度指标值“%s”,却得满分 %s。",
			fd.Field, ind.Actual, ind.Target, fd.Recorded)
	case score.RuleYearMismatch:
		return fmt.Sprintf("指标“%s”的年度指标值指向 %s 年,而本表评价的是 %s 年度。", fd.Field, fd.Recorded, fd.Computed)
	case score.RuleIndicatorFormula:
		return fmt.Sprintf("指标“%s”得分 %s;按财预〔2020〕10号的计分公式(不超过分值)应得 %s。", fd.Field, fd.Recorded, fd.Computed)
	case score.RuleIndicatorBand:
		return fmt.Sprintf("指标“%s”得分 %s,不在其完成情况对应的得分区间 %s 内。", fd.Field, fd.Recorded, fd.Computed)
	case score.RuleSectionWeight:
		return sectionWeightMessage(f, fd)
	case score.RuleTotalWeight:
		want := fd.Recorded
		if want == "" {
			want = "100(总分未标分值,按 100 计)"
		}
		return fmt.Sprintf("预算与各指标的分值合计为 %s,不等于总分分值 %s。", fd.Computed, want)
	case score.RuleTotalScore:
		return fmt.Sprintf("记录的总分 %s 不等于 预算得分 + 各指标得分 = %s。", fd.Recorded, fd.Computed)
	case score.RuleTotalMissing:
		return fmt.Sprintf("总分为空;预算得分 + 各指标得分 = %s。", fd.Computed)
	case score.RuleTotalGrade:
		which, total := "重算的", f.ComputedTotal
		if f.RecordedTotal != nil {
			which, total = "记录的", f.RecordedTotal
		}
		return fmt.Sprintf("表中自评等级为“%s”,但%s总分 %s 对应的等级是“%s”(按占总分值的比例:优 ≥ 90%%,良 ≥ 80%%,中 ≥ 60%%,差 < 60%%)。",
			fd.Recorded, which, rounded(total, 2), fd.Computed)
	case score.RuleHeaderTruncated:
		return fmt.Sprintf("%s %s 比本文件其他表的编码短,疑被截断;按印刷值保留。", fd.Field, fd.Recorded)
	case score.RuleHeaderYearInferred:
		return fmt.Sprintf("表中未印%s;按 %s 年处理。", fd.Field, fd.Computed)
	case score.RuleHeaderRepaired:
		if fd.Field == t.Header.Labels().ProjectCode {
			return fmt.Sprintf("%s“%s”含 OCR 误读的表格线或杂字符,已读为“%s”。", fd.Field, fd.Recorded, fd.Computed)
		}
		return fmt.Sprintf("%s“%s”在原件中受损,已按本文件其他表的写法修复为“%s”。", fd.Field, fd.Recorded, fd.Computed)
	case score.RuleHeaderBlank:
		return fmt.Sprintf("表中印有“%s”一栏,但未填写。", fd.Field)
	case score.RuleHeaderLabelInferred:
		return fmt.Sprintf("%s的标签无法识别(OCR 识别为“%s”);按其形态读取为“%s”。", fd.Field, fd.Recorded, fd.Computed)
	case score.RuleFieldUnreadable:
		return fmt.Sprintf("%s 的印刷值“%s”无法读为数字,已留空,依赖它的检查未进行。", fd.Field, fd.Recorded)
	case score.RuleFundsUnitAssumed:
		return "项目资金未标明金额单位,按元读取。"
	case score.RuleGoalsUnsplit:
		return "预期目标与实际完成情况在原文中交错,无法分开,整体作为预期目标保留。"
	case score.RuleLabelInferred:
		return fmt.Sprintf("二级指标无法识别,按前后指标推断为“%s”。", fd.Computed)
	case score.RuleFundsLabelInferred:
		return fmt.Sprintf("该资金行的名称无法识别(识别为“%s”);其数字位于各组成部分之上,即模板中“%s”所在的位置,按该行读取。", fd.Recorded, fd.Computed)
	case score.RuleLayoutUnread:
		return fmt.Sprintf("表内含数字的一行不属于任何区块,未读取:“%s”。", fd.Recorded)
	case score.RuleOCRRepaired:
		return fmt.Sprintf("%s:OCR 识别为“%s”,按 OCR 损坏的形态读为“%s”(有多种读法时取与表内算术相符的一种)。", fd.Field, fd.Recorded, fd.Computed)
	case score.RuleOCRUncertain:
		if fd.Computed == "" {
			return fmt.Sprintf("%s:表中此处应印有数字,OCR 未能读出(识别为“%s”),已留空;请核对扫描件。", fd.Field, fd.Recorded)
		}
		return fmt.Sprintf("%s:OCR 识别为“%s”,按 %s 读取,但表内没有一项检查能确认该数字;请核对扫描件。", fd.Field, fd.Recorded, fd.Computed)
	case score.RuleSheetStaleFormula:
		return fmt.Sprintf("%s 的公式缓存值 %s 与按公式重算的 %s 不符;按表中显示的缓存值读取。", fd.Field, fd.Recorded, fd.Computed)
	case score.RulePDFPageUnreadable:
		return pageUnreadableMessage(f, fd)
	}
	return ""
}

// pageUnreadableMessage words pdf.page_unreadable, whose field names the
// page ("page 7"); a page outside the form's pages is one that no form was
// read from, noted on the form before it.
func pageUnreadableMessage(f *store.ReportForm, fd store.Finding) string {
	page, err := strconv.Atoi(strings.TrimPrefix(fd.Field, "page "))
	if err != nil {
		return fmt.Sprintf("%s未能完整读取(%s),印在该处的字段或行可能缺失。", fd.Field, fd.Recorded)
	}
	where := Chinese.wordf("page_n", page)
	if f.PageFrom > 0 && (page < f.PageFrom || page > f.PageTo) {
		pages := Chinese.wordf("pages", f.PageFrom, f.PageTo)
		if f.PageFrom == f.PageTo {
			pages = Chinese.wordf("page_n", f.PageFrom)
		}
		return fmt.Sprintf("%s未能完整读取(%s);该页不在本表所在的%s内,印在该页的表或行可能缺失。", where, fd.Recorded, pages)
	}
	return fmt.Sprintf("%s未能完整读取(%s),本表印在该页的字段或行可能缺失。", where, fd.Recorded)
}

// sectionWeightMessage words the three checks section.weight stands for:
// a budget weight or a 一级指标 weight other than the template's, and a
// 一级指标 whose indicators do not add up to its weight. The stored finding
// keeps no mark of which check made it beyond score's English message, so
// that is what tells them apart.
func sectionWeightMessage(f *store.ReportForm, fd store.Finding) string {
	byTemplate := strings.Contains(fd.Message, "the template of the form")
	switch {
	case byTemplate && strings.HasSuffix(fd.Field, " 分值"):
		return fmt.Sprintf("%s标明预算执行分值 %s,但本表所用模板%s规定预算执行分值为 %s。",
			strings.TrimSuffix(fd.Field, " 分值"), fd.Recorded, templateName(f), fd.Computed)
	case byTemplate:
		return fmt.Sprintf("一级指标“%s”标明分值 %s,但本表所用模板%s规定其分值为 %s。",
			fd.Field, fd.Recorded, templateName(f), fd.Computed)
	}
	return fmt.Sprintf("一级指标“%s”标明分值 %s,但其下各指标分值合计为 %s。", fd.Field, fd.Recorded, fd.Computed)
}

// templateName names the form's template in brackets, "" when unknown.
func templateName(f *store.ReportForm) string {
	if f.Template == "" {
		return ""
	}
	return "(" + f.Template + ")"
}

// fundsLabelAt names the funds line printed on line by its own label.
func fundsLabelAt(f *store.ReportForm, line int) string {
	for _, l := range f.Funds {
		if l.SourceLine == line && l.Label != "" {
			return l.Label
		}
	}
	return "资金"
}

// indicatorAt is the indicator a finding concerns: the one on its line,
// preferring the one whose label is the finding's field.
func indicatorAt(f *store.ReportForm, fd store.Finding) *store.IndicatorRow {
	var first *store.IndicatorRow
	for i := range f.Indicators {
		ind := &f.Indicators[i]
		if ind.SourceLine != fd.Line {
			continue
		}
		if ind.Name == fd.Field || ind.Level2 == fd.Field {
			return ind
		}
		if first == nil {
			first = ind
		}
	}
	return first
}
