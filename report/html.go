package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/formaudit/formaudit/score"
	"github.com/shopspring/decimal"
)

// The HTML report is one self-contained file: the style sheet is inlined and
// the charts are inline SVG, so that it opens offline and prints as it shows.
var (
	//go:embed html/report.html.tmpl
	htmlTemplate string
	//go:embed html/report.css
	htmlCSS string
)

// htmlPage is what the HTML template renders.
type htmlPage struct {
	HTMLLang                string
	CSS                     template.CSS
	Run, Filter             string
	ManySources             bool // the overview names each form's file
	Errors, Warnings        int
	RateChart, ScatterChart template.HTML
	RuleChart, UnitChart    template.HTML
	RateNote, ScatterNote   string
	Forms                   []htmlForm
}

// htmlForm is a form card and its row in the overview.
type htmlForm struct {
	ID                             int64
	Path, ProjectCode, ProjectName string
	ImplementingUnit               string
	Seq, Year                      int
	RecordedTotal, ComputedTotal   string
	Difference, Rate               string
	Off                            bool // recorded and recomputed 总分 differ
	Errors, Warnings               int
	Class, Location                string
	Findings                       []htmlFinding
	View                           *formView
}

type htmlFinding struct {
	Place, Rule, Severity, SeverityText string
	Field, Recorded, Computed           string
	Tolerance, Text                     string
}

// writeAuditHTML writes the HTML report: summary, charts, an overview of the
// forms, then a card per form with its findings and the form rebuilt.
func writeAuditHTML(w io.Writer, a *Audit) error {
	l := a.Lang
	forms := a.Forms()
	page := htmlPage{
		HTMLLang:    "en",
		CSS:         template.CSS(htmlCSS),
		Run:         l.run(a.Summary),
		Errors:      a.Summary.Errors,
		Warnings:    a.Summary.Warnings,
		ManySources: len(a.Sources) > 1,
	}
	if l == Chinese {
		page.HTMLLang = "zh-CN"
	}
	if f := a.Filter.describe(l); f != "" {
		page.Filter = l.wordf("filtered", f)
	}
	var missing int
	page.RateChart, missing = rateChart(forms, l)
	if missing > 0 {
		page.RateNote = l.wordf("no_rate", count{missing, "form"})
	}
	page.ScatterChart, missing = scatterChart(forms, l)
	if missing > 0 {
		page.ScatterNote = l.wordf("no_total", count{missing, "form"})
	}
	page.RuleChart = barChart("chart-rules", l.word("by_rule"), ruleItems(a), l)
	page.UnitChart = barChart("chart-units", l.word("by_unit"), unitItems(a), l)
	for _, f := range forms {
		page.Forms = append(page.Forms, newHTMLForm(f, a.view(f), l))
	}
	t, err := template.New("report").Funcs(template.FuncMap{
		"w":          l.word,
		"recomputed": func(label string) string { return l.wordf("recomputed_col", label) },
		"row":        func(cols []column, r tableRow) rowOf { return rowOf{cols, r} },
		"cls": func(base string, c cell) string {
			if c.Mark == "" {
				return base
			}
			return strings.TrimSpace(base + " mark-" + c.Mark)
		},
	}).Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("html template: %w", err)
	}
	if err := t.Execute(w, page); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	return nil
}

func newHTMLForm(f *Form, v *formView, l Lang) htmlForm {
	h := htmlForm{
		ID: f.ID, Path: f.Path, ProjectCode: f.ProjectCode, ProjectName: f.ProjectName,
		ImplementingUnit: f.ImplementingUnit, Seq: f.Seq, Year: f.Year,
		RecordedTotal: number(f.RecordedTotal), ComputedTotal: rounded(f.ComputedTotal, 2),
		Difference: rounded(f.Difference, 2), Rate: rounded(f.Rate, 2),
		Off:    f.Difference != nil && f.Difference.Abs().GreaterThan(decimal.New(1, -2)),
		Errors: f.Errors, Warnings: f.Warnings,
		Location: formLocation(f).String(l),
		View:     v,
	}
	switch {
	case f.Errors > 0:
		h.Class = "has-" + string(score.Error)
	case f.Warnings > 0:
		h.Class = "has-" + string(score.Warning)
	default:
		h.Class = "clean"
	}
	for _, fd := range f.Findings {
		h.Findings = append(h.Findings, htmlFinding{
			Place: fd.Location.Place(l), Rule: fd.Rule, Severity: fd.Severity, SeverityText: l.severity(fd.Severity),
			Field: fd.Field, Recorded: fd.Recorded, Computed: fd.Computed, Tolerance: fd.Tolerance, Text: fd.Text,
		})
	}
	return h
}
