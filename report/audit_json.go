package report

import (
	"encoding/json"
	"io"

	"github.com/shopspring/decimal"
)

// AuditSchema names the shape of the JSON audit; docs/report-json.md
// describes it. It changes only when a field changes meaning or goes away.
const AuditSchema = "formaudit.audit/1"

// The JSON document. Decimals are JSON numbers written exactly; blanks are
// null; keys never depend on the language, only message and tolerance do.
type (
	jsonAudit struct {
		Schema  string       `json:"schema"`
		Lang    Lang         `json:"lang"`
		Filter  *jsonFilter  `json:"filter,omitempty"`
		Summary jsonSummary  `json:"summary"`
		Sources []jsonSource `json:"sources"`
	}
	jsonFilter struct {
		Severity []string `json:"severity,omitempty"`
		Rule     []string `json:"rule,omitempty"`
		Year     int      `json:"year,omitempty"`
		Unit     string   `json:"unit,omitempty"`
		Source   string   `json:"source,omitempty"`
	}
	jsonSummary struct {
		Sources    int             `json:"sources"`
		Forms      int             `json:"forms"`
		Findings   int             `json:"findings"`
		BySeverity jsonSeverities  `json:"by_severity"`
		ByRule     []jsonRuleCount `json:"by_rule"`
		ByUnit     []jsonUnitTotal `json:"by_unit"`
	}
	jsonSeverities struct {
		Error   int `json:"error"`
		Warning int `json:"warning"`
	}
	jsonRuleCount struct {
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Count    int    `json:"count"`
	}
	jsonUnitTotal struct {
		Unit     string       `json:"unit"`
		Forms    int          `json:"forms"`
		Errors   int          `json:"errors"`
		Warnings int          `json:"warnings"`
		Budget   json.Number  `json:"budget_yuan"`
		Executed json.Number  `json:"executed_yuan"`
		Rate     *json.Number `json:"execution_rate"`
	}
	jsonSource struct {
		File   string     `json:"file"`
		Format string     `json:"format"`
		Forms  []jsonForm `json:"forms"`
	}
	jsonForm struct {
		ID               int64         `json:"id"`
		Seq              int           `json:"seq"`
		ProjectCode      string        `json:"project_code"`
		ProjectName      string        `json:"project_name"`
		Year             *int          `json:"year"`
		ImplementingUnit string        `json:"implementing_unit"`
		BudgetUnit       string        `json:"budget_unit"`
		RecordedTotal    *json.Number  `json:"recorded_total"`
		ComputedTotal    *json.Number  `json:"computed_total"`
		Difference       *json.Number  `json:"difference"`
		ExecutionRate    *json.Number  `json:"execution_rate"`
		Location         jsonLocation  `json:"location"`
		Findings         []jsonFinding `json:"findings"`
	}
	jsonFinding struct {
		Rule      string       `json:"rule"`
		Severity  string       `json:"severity"`
		Field     string       `json:"field"`
		Recorded  string       `json:"recorded"`
		Computed  string       `json:"computed"`
		Tolerance string       `json:"tolerance"`
		Message   string       `json:"message"`
		Location  jsonLocation `json:"location"`
		Doubt     *jsonDoubt   `json:"doubt,omitempty"`
	}
	jsonDoubt struct {
		Field   string `json:"field"`
		Printed string `json:"printed"`
		Used    string `json:"used"`
	}
	jsonLocation struct {
		File      string `json:"file"`
		Sheet     string `json:"sheet,omitempty"`
		CellRange string `json:"cell_range,omitempty"`
		PageFrom  int    `json:"page_from,omitempty"`
		PageTo    int    `json:"page_to,omitempty"`
		Line      int    `json:"line,omitempty"`
		LineFrom  int    `json:"line_from,omitempty"`
		LineTo    int    `json:"line_to,omitempty"`
		Row       int    `json:"row,omitempty"`
		RowFrom   int    `json:"row_from,omitempty"`
		RowTo     int    `json:"row_to,omitempty"`
	}
)

// writeAuditJSON writes the audit as one indented JSON document.
func writeAuditJSON(w io.Writer, a *Audit) error {
	doc := jsonAudit{Schema: AuditSchema, Lang: a.Lang, Sources: []jsonSource{}}
	if f := a.Filter; f.describe(a.Lang) != "" {
		doc.Filter = &jsonFilter{Severity: f.Severities, Rule: f.Rules, Year: f.Year, Unit: f.Unit, Source: f.Source}
	}
	s := a.Summary
	doc.Summary = jsonSummary{
		Sources: s.Sources, Forms: s.Forms, Findings: s.Findings,
		BySeverity: jsonSeverities{Error: s.Errors, Warning: s.Warnings},
		ByRule:     []jsonRuleCount{},
		ByUnit:     []jsonUnitTotal{},
	}
	for _, r := range s.ByRule {
		doc.Summary.ByRule = append(doc.Summary.ByRule, jsonRuleCount{Rule: r.Rule, Severity: r.Severity, Count: r.Count})
	}
	for _, u := range s.ByUnit {
		doc.Summary.ByUnit = append(doc.Summary.ByUnit, jsonUnitTotal{
			Unit: u.Unit, Forms: u.Forms, Errors: u.Errors, Warnings: u.Warnings,
			Budget: json.Number(yuan(&u.Budget)), Executed: json.Number(yuan(&u.Executed)),
			Rate: jsonNumber(u.Rate, 2),
		})
	}
	for _, src := range a.Sources {
		js := jsonSource{File: src.Path, Format: src.Format, Forms: []jsonForm{}}
		for _, f := range src.Forms {
			jf := jsonForm{
				ID: f.ID, Seq: f.Seq, ProjectCode: f.ProjectCode, ProjectName: f.ProjectName,
				ImplementingUnit: f.ImplementingUnit, BudgetUnit: f.BudgetUnit,
				RecordedTotal: jsonNumber(f.RecordedTotal, -1), ComputedTotal: jsonNumber(f.ComputedTotal, 2),
				Difference: jsonNumber(f.Difference, 2), ExecutionRate: jsonNumber(f.Rate, 2),
				Location: locationJSON(formLocation(f)), Findings: []jsonFinding{},
			}
			if f.Year != 0 {
				y := f.Year
				jf.Year = &y
			}
			for _, fd := range f.Findings {
				jd := jsonFinding{
					Rule: fd.Rule, Severity: fd.Severity, Field: fd.Field, Recorded: fd.Recorded, Computed: fd.Computed,
					Tolerance: fd.Tolerance, Message: fd.Text, Location: locationJSON(fd.Location),
				}
				if d := fd.Doubt; d != nil {
					jd.Doubt = &jsonDoubt{Field: d.Field, Printed: d.Printed, Used: d.Used}
				}
				jf.Findings = append(jf.Findings, jd)
			}
			js.Forms = append(js.Forms, jf)
		}
		doc.Sources = append(doc.Sources, js)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// locationJSON names one line as line and a span as line_from and line_to;
// on a sheet, lines are rows and named so.
func locationJSON(l Location) jsonLocation {
	j := jsonLocation{File: l.File, Sheet: l.Sheet, CellRange: l.Cells, PageFrom: l.PageFrom, PageTo: l.PageTo}
	one, from, to := &j.Line, &j.LineFrom, &j.LineTo
	if l.Sheet != "" {
		one, from, to = &j.Row, &j.RowFrom, &j.RowTo
	}
	if l.LineFrom == l.LineTo {
		*one = l.LineFrom
	} else {
		*from, *to = l.LineFrom, l.LineTo
	}
	return j
}

// jsonNumber writes d exactly, rounded to places unless places is negative;
// nil stays null.
func jsonNumber(d *decimal.Decimal, places int32) *json.Number {
	if d == nil {
		return nil
	}
	v := *d
	if places >= 0 {
		v = v.Round(places)
	}
	n := json.Number(plain(v))
	return &n
}
