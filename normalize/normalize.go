package normalize

import (
	"fmt"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// Options steer normalisation of one batch of forms.
type Options struct {
	Template *template.Template // nil means the national template
	Year     int                // batch year (--year) for forms that print none; 0 if unknown
}

// Batch normalises the forms of one document together: values that recur
// across them (units, code lengths, the year) are checked against each other.
func Batch(raws []extract.RawForm, opts Options) []Form {
	t := opts.Template
	if t == nil {
		t = template.National()
	}
	known := knownLevel2(raws, t)
	forms := make([]Form, len(raws))
	for i := range raws {
		forms[i] = single(&raws[i], t, known)
	}
	repairHeaders(forms, raws, opts)
	return forms
}

// single normalises what one form says on its own.
func single(r *extract.RawForm, t *template.Template, known map[string]int) Form {
	f := Form{
		Seq:       r.Seq,
		LineFrom:  r.LineFrom,
		LineTo:    r.LineTo,
		PageFrom:  r.PageFrom,
		PageTo:    r.PageTo,
		Sheet:     r.Sheet,
		CellRange: r.CellRange,
		Template:  t.Name,
	}
	readHeader(&f, r)
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
		f.Notes = append(f.Notes, Note{Code: n.Code, Field: n.Field, Printed: n.Printed, Used: n.Used, Line: n.Line, Message: n.Message})
	}
	return f
}

func readTotal(f *Form, r *extract.RawForm) {
	if r.Total == nil {
		return
	}
	f.TotalLine = r.Total.Line
	f.TotalWeight = readScore(f, r.Total.Weight, "总分 分值", r.Total.Line)
	f.TotalScore = readScore(f, r.Total.Score, "总分", r.Total.Line)
}

// knownLevel2 maps indicator names to the 二级指标 printed on their own row
// anywhere in the batch; names printed under different labels are left out.
func knownLevel2(raws []extract.RawForm, t *template.Template) map[string]int {
	known := map[string]int{}
	conflict := map[string]bool{}
	for _, r := range raws {
		for _, raw := range r.Indicators {
			name := Squeeze(raw.Name)
			l2 := readRowLabels(raw, t).level2
			if name == "" || l2 < 0 {
				continue
			}
			if old, ok := known[name]; ok && old != l2 {
				conflict[name] = true
			}
			known[name] = l2
		}
	}
	for name := range conflict {
		delete(known, name)
	}
	return known
}
