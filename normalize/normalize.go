package normalize

import (
	"fmt"
	"iter"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// Options steer normalisation of one batch of forms.
type Options struct {
	Template *template.Template // for forms read without one; nil means the national template
	Year     int                // batch year (--year) for forms that print none; 0 if unknown
}

// Batch normalises the forms of one document together: values that recur
// across them (units, code lengths, the year) are checked against each other.
// Each form is read against the template extract read it with.
func Batch(raws []extract.RawForm, opts Options) []Form {
	forms := make([]Form, 0, len(raws))
	for _, f := range Stream(raws, opts) {
		forms = append(forms, f)
	}
	return forms
}

// Stream normalises raws as Batch does, yielding form i as soon as it is
// made. What is checked across forms is read from all of them before the
// first is yielded (their headers, the 二级指标 their indicators print), so
// the caller may drop raws[i] once form i is yielded, and a file of many
// forms is never held both raw and normalised.
func Stream(raws []extract.RawForm, opts Options) iter.Seq2[int, Form] {
	return func(yield func(int, Form) bool) {
		ts := make([]*template.Template, len(raws))
		for i := range raws {
			ts[i] = templateOf(&raws[i], opts)
		}
		known := knownLevel2(raws, ts)
		heads := headers(raws, ts, opts)
		for i := range raws {
			f := single(&raws[i], ts[i], known[ts[i].Name])
			setHeader(&f, &heads[i])
			if !yield(i, f) {
				return
			}
		}
	}
}

// headers reads the header of every form and checks them against each
// other: forms holding only their headers, with the notes of those checks.
func headers(raws []extract.RawForm, ts []*template.Template, opts Options) []Form {
	heads := make([]Form, len(raws))
	for i := range raws {
		heads[i] = Form{Seq: raws[i].Seq, Template: ts[i].Name}
		readHeader(&heads[i], &raws[i], ts[i])
	}
	repairHeaders(heads, raws, ts, opts)
	noteBlankHeaders(heads, raws, ts)
	return heads
}

// setHeader gives f the header fields of h and, after its own, h's notes.
func setHeader(f, h *Form) {
	f.ProjectCode, f.CodeTruncated, f.ProjectName = h.ProjectCode, h.CodeTruncated, h.ProjectName
	f.Year, f.YearInferred = h.Year, h.YearInferred
	f.ImplementingUnit, f.BudgetUnit = h.ImplementingUnit, h.BudgetUnit
	f.Notes = append(f.Notes, h.Notes...)
}

// templateOf is the template a raw form is read against: its own, else the
// batch's, else the national one; of a choice, its first variant.
func templateOf(r *extract.RawForm, opts Options) *template.Template {
	t := r.Template
	if t == nil {
		t = opts.Template
	}
	if t == nil {
		return template.National()
	}
	if vs := t.Variants(); len(vs) > 0 {
		return vs[0]
	}
	return t
}

// single normalises what one form says on its own, but for its header
// (headers).
func single(r *extract.RawForm, t *template.Template, known map[string]int) Form {
	f := Form{
		Seq:        r.Seq,
		LineFrom:   r.LineFrom,
		LineTo:     r.LineTo,
		PageFrom:   r.PageFrom,
		PageTo:     r.PageTo,
		PageStarts: r.PageStarts,
		Sheet:      r.Sheet,
		CellRange:  r.CellRange,
		Template:   t.Name,
		Weights:    weightsOf(t),
	}
	readFunds(&f, r, t)
	f.Goals = readGoals(&f, r, t)
	readIndicators(&f, r, t, known)
	readTotal(&f, r)
	for _, u := range r.Unread {
		if hasDigitIn(u.Texts()) {
			f.Notes = append(f.Notes, Note{Code: "layout.unread", Field: "row", Printed: Squeeze(joinCells(u.Texts())), Line: u.Line,
				Message: fmt.Sprintf("line %d holds numbers outside any block of the form and was not read", u.Line)})
		}
	}
	for _, n := range r.Notes {
		f.Notes = append(f.Notes, Note{Code: n.Code, Field: n.Field, Printed: n.Printed, Used: n.Used, Line: n.Line, Message: n.Message, Place: n.Place})
	}
	if r.OCR {
		crossCheckOCR(&f, r, t)
	}
	return f
}

// weightsOf reads the weights a template prescribes; Parse has checked
// that they are numbers.
func weightsOf(t *template.Template) Weights {
	parse := func(s string) *decimal.Decimal {
		d, err := decimal.NewFromString(s)
		if err != nil {
			return nil
		}
		return &d
	}
	w := Weights{Total: parse(t.Total.Weight), Budget: parse(t.Weights.Budget)}
	for name, s := range t.Weights.Level1 {
		if d := parse(s); d != nil {
			if w.Level1 == nil {
				w.Level1 = map[string]*decimal.Decimal{}
			}
			w.Level1[name] = d
		}
	}
	return w
}

func readTotal(f *Form, r *extract.RawForm) {
	if r.Total == nil {
		return
	}
	f.TotalLine = r.Total.Line
	score, grade := cutGrade(r.Total.Score)
	if grade == "" {
		grade = noteGrade(r.Total.Note)
	}
	f.Grade = grade
	f.TotalWeight = readScore(f, r.Total.Weight, "总分 分值", r.Total.Line, extract.Place{Total: true, Column: template.FieldWeight})
	f.TotalScore = readScore(f, score, "总分", r.Total.Line, extract.Place{Total: true, Column: template.FieldScore})
}

// knownLevel2 maps, for each template, indicator names to the 二级指标
// printed on their own row anywhere in the batch; names printed under
// different labels are left out.
func knownLevel2(raws []extract.RawForm, ts []*template.Template) map[string]map[string]int {
	known := map[string]map[string]int{}
	conflict := map[string]map[string]bool{}
	for i, r := range raws {
		t := ts[i]
		if known[t.Name] == nil {
			known[t.Name], conflict[t.Name] = map[string]int{}, map[string]bool{}
		}
		for _, raw := range r.Indicators {
			name := cleanName(Squeeze(raw.Name))
			l2 := readRowLabels(raw, t).level2
			if name == "" || l2 < 0 {
				continue
			}
			if old, ok := known[t.Name][name]; ok && old != l2 {
				conflict[t.Name][name] = true
			}
			known[t.Name][name] = l2
		}
	}
	for tn, names := range conflict {
		for name := range names {
			delete(known[tn], name)
		}
	}
	return known
}
