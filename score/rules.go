package score

import "sort"

// Rule codes: the checks Check performs itself, then the codes of the notes
// normalize leaves on a form, which Check passes on as warnings.
const (
	RuleFundsRate           = "funds.rate"
	RuleFundsScore          = "funds.score"
	RuleFundsBreakdown      = "funds.breakdown"
	RuleScoreRange          = "indicator.score_range"
	RuleUnmetFullScore      = "indicator.unmet_full_score"
	RuleYearMismatch        = "indicator.year_mismatch"
	RuleSectionWeight       = "section.weight"
	RuleTotalWeight         = "total.weight"
	RuleTotalScore          = "total.score"
	RuleTotalMissing        = "total.missing"
	RuleTotalGrade          = "total.grade"
	RuleHeaderTruncated     = "header.truncated"
	RuleHeaderYearInferred  = "header.year_inferred"
	RuleHeaderRepaired      = "header.repaired"
	RuleFieldUnreadable     = "field.unreadable"
	RuleFundsUnitAssumed    = "funds.unit_assumed"
	RuleGoalsUnsplit        = "goals.unsplit"
	RuleLabelInferred       = "indicator.label_inferred"
	RuleFundsLabelInferred  = "funds.label_inferred"
	RuleHeaderLabelInferred = "header.label_inferred"
	RuleHeaderBlank         = "header.blank"
	RuleLayoutUnread        = "layout.unread"
	RuleIndicatorFormula    = "indicator.formula"
	RuleIndicatorBand       = "indicator.band"
	RuleSheetStaleFormula   = "sheet.stale_formula"
	RuleOCRRepaired         = "ocr.repaired"
	RuleOCRUncertain        = "ocr.uncertain"
	RulePDFPageUnreadable   = "pdf.page_unreadable"
)

// Rule describes one rule code for help text and docs.
type Rule struct {
	Code      string
	Severity  Severity
	Formula   string
	Tolerance string
	Doc       string
}

var rules = []Rule{
	{RuleFundsRate, Error, "执行率 = 全年执行数 / 全年预算数 × 100", "one unit in the last printed place",
		"The recorded execution rate of a funds line does not match its executed and budget amounts."},
	{RuleFundsScore, Error, "得分 = 分值 × min(执行率, 100%)", "0.01",
		"The recorded budget score does not match the weight times the computed execution rate, capped at 100%."},
	{RuleFundsBreakdown, Error, "年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金", "exact",
		"The total funds line does not equal the sum of its parts, for one of 年初预算数, 全年预算数, 全年执行数."},
	{RuleScoreRange, Error, "0 ≤ 得分 ≤ 分值", "exact",
		"An indicator scores below zero or above its weight."},
	{RuleUnmetFullScore, Warning, "actual does not meet target ⇒ 得分 < 分值", "",
		"A quantitative indicator misses its target yet receives its full weight."},
	{RuleYearMismatch, Warning, "target year = 绩效自评年度", "",
		"An indicator's target names a year other than the year the form evaluates."},
	{RuleSectionWeight, Error, "一级指标 分值 = Σ 三级指标 分值 = the template's weight", "exact",
		"The indicator weights of a 一级指标 do not add up to the weight it declares, or a declared weight (of a 一级指标, or of the budget) is not the one the form's template prescribes."},
	{RuleTotalWeight, Error, "总分 分值 = budget 分值 + Σ indicator 分值", "exact",
		"The budget weight and the indicator weights do not add up to the total weight (the template's, 100, when not printed)."},
	{RuleTotalScore, Error, "总分 = budget 得分 + Σ indicator 得分", "0.01",
		"The recorded total score does not equal the budget score plus the indicator scores; sub-rows (其中…) and a budget score repeated on a part of the funds are not counted."},
	{RuleTotalMissing, Warning, "总分 = budget 得分 + Σ indicator 得分", "",
		"The total score is blank; the finding carries the recomputed total."},
	{RuleTotalGrade, Warning, "优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60 (percent of the total 分值)", "exact",
		"The grade printed beside the total (优, 良, 中, 差) is not the grade of the total."},
	{RuleHeaderTruncated, Warning, "", "",
		"The printed project code was cut off; the finding shows what was printed and what was used."},
	{RuleHeaderYearInferred, Warning, "", "",
		"The evaluation year was not printed; it was taken from --year, or else from the year most forms of the same file print."},
	{RuleHeaderRepaired, Warning, "", "",
		"A header field was damaged in the source and repaired while normalising."},
	{RuleHeaderLabelInferred, Warning, "", "",
		"A header value whose label OCR could not read was read by its shape: a project code by its digits before the next label, a name as the Chinese after the code, a year at the end of the line."},
	{RuleHeaderBlank, Warning, "", "",
		"A header field whose label the form prints holds no value: the form cannot be told apart or traced by it."},
	{RuleFieldUnreadable, Warning, "", "",
		"A printed value could not be read as a number and was left blank, so the checks that need it were skipped."},
	{RuleFundsUnitAssumed, Warning, "", "",
		"The funds block does not print its unit; amounts were read as 元."},
	{RuleGoalsUnsplit, Warning, "", "",
		"The expected and achieved goals are interleaved in the source and were kept whole."},
	{RuleLabelInferred, Warning, "", "",
		"An unreadable 二级指标 label was inferred as the one missing between its neighbours."},
	{RuleFundsLabelInferred, Warning, "", "",
		"A funds line whose label is unreadable, standing above the parts of the funds, was read as the line they are part of (年度资金总额)."},
	{RuleIndicatorFormula, Warning, "得分 = min(actual ÷ target, 1) × 分值 for ≥ targets; min(target ÷ actual, 1) × 分值 for ≤ targets", "0.01",
		"A quantitative indicator's score differs from the official formula of 财预〔2020〕10号."},
	{RuleIndicatorBand, Warning, "达成 80–100%, 部分达成 60–80%, 未达成 < 60% of 分值", "exact",
		"A qualitative indicator's score lies outside the band that its actual (达成, 部分达成, 未达成) puts it in."},
	{RuleLayoutUnread, Warning, "", "",
		"A line holding numbers lies outside every block of the form and was not read."},
	{RuleOCRRepaired, Warning, "", "",
		"A number OCR damaged was read by the shape of the damage (a letter for a digit, a lost point, a ruling line read as a 1), choosing among the readings the one the form's arithmetic agrees with; the finding shows what OCR read and what was used."},
	{RuleOCRUncertain, Warning, "", "",
		"A number read through OCR that no check of the form confirms: a check it takes part in fails (and would hold were it one character different), OCR was not sure of it, or nothing was read where the form prints one. Errors such a number feeds say they are likely OCR artefacts."},
	{RulePDFPageUnreadable, Warning, "", "",
		"A page of a PDF, or part of it, could not be read (a damaged content stream or font, an object the file cannot resolve), so fields or rows printed there may be missing; the finding names the page and what was wrong. A page no form is printed on is noted on the form before it."},
	{RuleSheetStaleFormula, Warning, "", "",
		"A workbook formula's cached result differs from what the formula computes now; the cached value, which is what the sheet shows, was read."},
}

// Rules returns every rule code Check can emit, sorted by code.
func Rules() []Rule {
	out := append([]Rule(nil), rules...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
