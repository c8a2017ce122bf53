package report

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// Audit is the document every audit format renders: a run summary, then
// each source file with its forms and their findings, in path and form order.
type Audit struct {
	Lang    Lang
	Filter  Filter
	Summary Summary
	Sources []*Source

	templates templateSet
}

// Filter selects what an audit reports. Year, Unit and Source select forms
// (the store applies them); Severities and Rules select findings, and once
// either is given only the forms with a selected finding are listed.
type Filter struct {
	Severities []string // error, warning
	Rules      []string // rule codes, or patterns such as header.*
	Year       int
	Unit       string
	Source     string
}

// Summary counts what the audit lists.
type Summary struct {
	Sources, Forms, Findings int
	Errors, Warnings         int
	ByRule                   []RuleCount // by rule code
	ByUnit                   []UnitTotal // by implementing unit
}

// RuleCount is the number of findings of one rule.
type RuleCount struct {
	Rule     string
	Severity string
	Formula  string
	Count    int
}

// UnitTotal adds up the forms of one implementing unit. Amounts are fen,
// from the forms' total funds lines.
type UnitTotal struct {
	Unit             string
	Forms            int
	Errors, Warnings int
	Budget, Executed int64
	Rate             *decimal.Decimal // Executed / Budget in percent; nil when the budget is zero
}

// Source is one imported file with its listed forms.
type Source struct {
	Path, Format string
	Paged        bool // the file has pages worth naming in locations; a workbook's sheets are named instead
	Forms        []*Form
}

// Form is a stored form with the findings the filter selects.
type Form struct {
	store.ReportForm
	Source     *Source
	Findings   []Finding        // the selected findings; they shadow the stored ones
	Difference *decimal.Decimal // recorded minus recomputed 总分; nil when 总分 is blank
	Rate       *decimal.Decimal // recomputed execution rate of the total funds line, percent
	Errors     int
	Warnings   int
}

// Finding is a stored finding ready to print: its tolerance from the rule
// catalogue, its message and its location in the report's language.
type Finding struct {
	store.Finding
	Tolerance string
	Text      string
	Location  Location
}

// Location is where a form or a finding stands in its source.
type Location struct {
	File             string
	Sheet, Cells     string
	PageFrom, PageTo int // 0 unless the source is paged
	LineFrom, LineTo int // one line when equal; sheet rows on a sheet; 0 when unknown
}

// CheckFilter rejects severities and rule patterns that could select nothing,
// so that a typing mistake is not reported as a clean audit.
func CheckFilter(f Filter) error {
	for _, s := range f.Severities {
		if score.Severity(s) != score.Error && score.Severity(s) != score.Warning {
			return fmt.Errorf("unknown severity %q (want error or warning)", s)
		}
	}
	for _, p := range f.Rules {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("bad rule pattern %q: %w", p, err)
		}
		known := false
		for _, r := range score.Rules() {
			if ok, _ := path.Match(p, r.Code); ok {
				known = true
				break
			}
		}
		if !known {
			return fmt.Errorf("rule %q matches no rule code (see formaudit help rules)", p)
		}
	}
	return nil
}

// Build lays out the audit of forms (as ReportForms returns them, in path and
// seq order) in lang, keeping the findings f selects. stored are the
// template definitions the database keeps (see store.DB.Templates): forms
// read with them are laid out under their labels.
func Build(forms []store.ReportForm, stored []*template.Template, f Filter, lang Lang) *Audit {
	a := &Audit{Lang: lang, Filter: f, templates: newTemplateSet(stored)}
	catalogue := map[string]score.Rule{}
	for _, r := range score.Rules() {
		catalogue[r.Code] = r
	}
	findingFilter := len(f.Severities) > 0 || len(f.Rules) > 0
	var src *Source
	for i := range forms {
		form := &Form{ReportForm: forms[i]}
		for _, fd := range forms[i].Findings {
			if !f.selects(fd) {
				continue
			}
			form.Findings = append(form.Findings, Finding{
				Finding:   fd,
				Tolerance: lang.tolerance(catalogue[fd.Rule].Tolerance),
				Text:      message(lang, &forms[i], a.templates.of(forms[i].Template), fd),
			})
			switch score.Severity(fd.Severity) {
			case score.Error:
				form.Errors++
			case score.Warning:
				form.Warnings++
			}
		}
		if findingFilter && len(form.Findings) == 0 {
			continue
		}
		if src == nil || src.Path != form.Path {
			src = &Source{Path: form.Path, Format: form.Format}
			a.Sources = append(a.Sources, src)
		}
		form.Source = src
		if form.RecordedTotal != nil && form.ComputedTotal != nil {
			d := form.RecordedTotal.Sub(*form.ComputedTotal)
			form.Difference = &d
		}
		if t := totalLine(&form.ReportForm); t != nil {
			form.Rate = t.ComputedRate
		}
		src.Forms = append(src.Forms, form)
		if form.Sheet == "" && (form.PageTo > 1 || form.Format == "pdf") {
			src.Paged = true
		}
	}
	for _, s := range a.Sources {
		for _, form := range s.Forms {
			for i := range form.Findings {
				form.Findings[i].Location = findingLocation(form, form.Findings[i].Line, form.Findings[i].Page)
			}
		}
	}
	a.Summary = summarize(a, catalogue)
	return a
}

// selects reports whether the filter keeps finding fd.
func (f Filter) selects(fd store.Finding) bool {
	if len(f.Severities) > 0 && !slices.Contains(f.Severities, fd.Severity) {
		return false
	}
	if len(f.Rules) == 0 {
		return true
	}
	for _, p := range f.Rules {
		if ok, _ := path.Match(p, fd.Rule); ok {
			return true
		}
	}
	return false
}

// describe tells what the filter selects in lang, or "" when it selects everything.
func (f Filter) describe(l Lang) string {
	var parts []string
	if len(f.Severities) > 0 {
		sev := make([]string, len(f.Severities))
		for i, s := range f.Severities {
			sev[i] = l.severity(s)
		}
		parts = append(parts, l.word("severity")+" "+strings.Join(sev, ", "))
	}
	if len(f.Rules) > 0 {
		parts = append(parts, l.word("rule")+" "+strings.Join(f.Rules, ", "))
	}
	if f.Year != 0 {
		parts = append(parts, l.word("year")+" "+strconv.Itoa(f.Year))
	}
	if f.Unit != "" {
		parts = append(parts, l.word("filter_unit")+" "+f.Unit)
	}
	if f.Source != "" {
		parts = append(parts, l.word("filter_source")+" "+f.Source)
	}
	return strings.Join(parts, l.word("list_sep"))
}

// Forms returns every listed form in report order.
func (a *Audit) Forms() []*Form {
	var out []*Form
	for _, s := range a.Sources {
		out = append(out, s.Forms...)
	}
	return out
}

// Count returns the number of listed findings of severity s.
func (a *Audit) Count(s score.Severity) int {
	switch s {
	case score.Error:
		return a.Summary.Errors
	case score.Warning:
		return a.Summary.Warnings
	}
	return 0
}

// totalLine is the form's first total funds line, or nil.
func totalLine(f *store.ReportForm) *store.FundsRow {
	for i := range f.Funds {
		if f.Funds[i].Line == "total" {
			return &f.Funds[i]
		}
	}
	return nil
}

// summarize counts findings by severity, rule and unit.
func summarize(a *Audit, catalogue map[string]score.Rule) Summary {
	sum := Summary{Sources: len(a.Sources)}
	rules := map[string]*RuleCount{}
	units := map[string]*UnitTotal{}
	for _, form := range a.Forms() {
		sum.Forms++
		sum.Findings += len(form.Findings)
		sum.Errors += form.Errors
		sum.Warnings += form.Warnings
		for _, fd := range form.Findings {
			rc := rules[fd.Rule]
			if rc == nil {
				rc = &RuleCount{Rule: fd.Rule, Severity: fd.Severity, Formula: catalogue[fd.Rule].Formula}
				rules[fd.Rule] = rc
			}
			rc.Count++
		}
		ut := units[form.ImplementingUnit]
		if ut == nil {
			ut = &UnitTotal{Unit: form.ImplementingUnit}
			units[form.ImplementingUnit] = ut
		}
		ut.Forms++
		ut.Errors += form.Errors
		ut.Warnings += form.Warnings
		if t := totalLine(&form.ReportForm); t != nil {
			if t.Budget != nil {
				ut.Budget += *t.Budget
			}
			if t.Executed != nil {
				ut.Executed += *t.Executed
			}
		}
	}
	for _, rc := range rules {
		sum.ByRule = append(sum.ByRule, *rc)
	}
	sort.Slice(sum.ByRule, func(i, j int) bool { return sum.ByRule[i].Rule < sum.ByRule[j].Rule })
	for _, ut := range units {
		if ut.Budget != 0 {
			r := decimal.NewFromInt(ut.Executed).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(ut.Budget), 8)
			ut.Rate = &r
		}
		sum.ByUnit = append(sum.ByUnit, *ut)
	}
	sort.Slice(sum.ByUnit, func(i, j int) bool { return sum.ByUnit[i].Unit < sum.ByUnit[j].Unit })
	return sum
}

// formLocation is where the whole form stands.
func formLocation(f *Form) Location {
	loc := Location{File: f.Path, Sheet: f.Sheet, Cells: f.CellRange, LineFrom: f.LineFrom, LineTo: f.LineTo}
	if f.Source != nil && f.Source.Paged {
		loc.PageFrom, loc.PageTo = f.PageFrom, f.PageTo
	}
	return loc
}

// findingLocation is where a finding on line and page (0 when not known)
// stands; a finding on no line concerns the whole form.
func findingLocation(f *Form, line, page int) Location {
	loc := formLocation(f)
	loc.Cells = ""
	if line > 0 {
		loc.LineFrom, loc.LineTo = line, line
	}
	if page > 0 && loc.PageFrom > 0 {
		loc.PageFrom, loc.PageTo = page, page
	}
	return loc
}

// String describes the location in lang, file first.
func (l Location) String(lang Lang) string {
	p := l.Place(lang)
	if p == "" {
		return l.File
	}
	return l.File + lang.word("sep") + p
}

// Place describes the location within its file in lang: sheet, pages, lines.
func (l Location) Place(lang Lang) string {
	var parts []string
	if l.Sheet != "" {
		parts = append(parts, lang.wordf("sheet_n", l.Sheet))
	}
	if l.Cells != "" {
		parts = append(parts, lang.wordf("cells", l.Cells))
	}
	switch {
	case l.PageFrom > 0 && l.PageTo > l.PageFrom:
		parts = append(parts, lang.wordf("pages", l.PageFrom, l.PageTo))
	case l.PageFrom > 0:
		parts = append(parts, lang.wordf("page_n", l.PageFrom))
	}
	one, many := "line_n", "lines"
	if l.Sheet != "" {
		one, many = "row_n", "rows"
	}
	switch {
	case l.LineFrom > 0 && l.LineTo > l.LineFrom:
		parts = append(parts, lang.wordf(many, l.LineFrom, l.LineTo))
	case l.LineFrom > 0:
		parts = append(parts, lang.wordf(one, l.LineFrom))
	}
	return strings.Join(parts, lang.word("sep"))
}
