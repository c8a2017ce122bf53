package extract

import (
	"fmt"
	"strings"
)

// pdfProblem is what could not be read on one page of a PDF: the whole
// page, or a part of its content that the walker skipped.
type pdfProblem struct {
	page  int
	what  string // what went wrong, without the page
	whole bool   // the page could not be read at all
}

// String is the problem as the error of a file without forms names it.
func (p pdfProblem) String() string { return fmt.Sprintf("page %d: %s", p.page, p.what) }

// pdfProblemList joins problems for an error message.
func pdfProblemList(problems []pdfProblem) string {
	parts := make([]string, len(problems))
	for i, p := range problems {
		parts[i] = p.String()
	}
	return strings.Join(parts, "; ")
}

// pdfProblemNotes hands each page problem to the forms whose fields or rows
// it may have cost: every form printed on that page, or else the nearest
// form before the page (the first form, for a page before all of them),
// since a page that could not be read may have held a form or the rows
// that end one. rows are the rows the forms were read from; a note stands
// on its form's first row of the page, or on no line where there is none.
func pdfProblemNotes(forms []RawForm, rows []Row, problems []pdfProblem) {
	if len(forms) == 0 {
		return
	}
	for _, pr := range problems {
		covered := false
		for i := range forms {
			if f := &forms[i]; pr.page >= f.PageFrom && pr.page <= f.PageTo {
				f.Notes = append(f.Notes, pr.note(f, pdfFirstLine(rows, f, pr.page), true))
				covered = true
			}
		}
		if covered {
			continue
		}
		near := 0
		for i, f := range forms {
			if f.PageTo < pr.page {
				near = i
			}
		}
		forms[near].Notes = append(forms[near].Notes, pr.note(&forms[near], 0, false))
	}
}

// note words the problem for form f, on whose pages it is (inside) or not.
func (p pdfProblem) note(f *RawForm, line int, inside bool) RawNote {
	what := fmt.Sprintf("page %d could not be read (%s)", p.page, p.what)
	if !p.whole {
		what = "part of " + what
	}
	var msg string
	switch {
	case !inside:
		pages := fmt.Sprintf("pages %d-%d", f.PageFrom, f.PageTo)
		if f.PageFrom == f.PageTo {
			pages = fmt.Sprintf("page %d", f.PageFrom)
		}
		msg = fmt.Sprintf("%s; it lies outside this form's %s, and forms or rows printed there may be missing", what, pages)
	case p.whole:
		msg = what + ": the fields and rows of this form printed on it are missing"
	default:
		msg = what + ": fields or rows of this form printed on it may be missing"
	}
	return RawNote{Code: "pdf.page_unreadable", Field: fmt.Sprintf("page %d", p.page), Printed: p.what, Line: line, Message: msg}
}

// pdfFirstLine is the line of f's first row on page, or 0 when it has none there.
func pdfFirstLine(rows []Row, f *RawForm, page int) int {
	for _, r := range rows {
		if r.Page == page && r.Line >= f.LineFrom && r.Line <= f.LineTo {
			return r.Line
		}
	}
	return 0
}
