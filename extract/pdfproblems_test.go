package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract/pdfwalk/pdftest"
	"github.com/formaudit/formaudit/template"
)

// problemPDF writes one page for each of pages: "form" draws a small form
// with a project code of its own; "form, no font" adds text in a font the
// page does not have; "form, bad XObject" adds a Form XObject whose
// compressed stream is not deflated; "broken" draws an XObject the file
// cannot parse, which fails the whole page.
func problemPDF(pages ...string) []byte {
	b := pdftest.New()
	font := fmt.Sprintf("/Font << /F %d 0 R >>", b.CIDFont("UniGB-UCS2-H"))
	bad := b.Stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Filter /FlateDecode", []byte("not deflated"))
	junk := b.Add("<< 1 2 >>")
	forms := 0
	for _, p := range pages {
		if p == "broken" {
			b.Page("/X Do", fmt.Sprintf("/XObject << /X %d 0 R >>", junk), "")
			continue
		}
		forms++
		content := smallFormContent(fmt.Sprintf("%s%02d", formCode[:19], forms))
		switch p {
		case "form, no font":
			content += "BT /F9 8 Tf 42 100 Td (lost) Tj ET\n"
		case "form, bad XObject":
			content += "/X Do\n"
		}
		b.Page(content, fmt.Sprintf("%s /XObject << /X %d 0 R >>", font, bad), "")
	}
	return b.Bytes()
}

// pageNote is a pdf.page_unreadable note a test expects.
type pageNote struct {
	form, page int
	whole      bool   // the page could not be read at all
	outside    bool   // the page lies outside the form's pages
	reason     string // part of what the walker said
}

// TestPDFPageProblemNotes checks that what could not be read of a page
// reaches the forms of a file that has some, as notes naming the page and
// what went wrong: on the form printed on the page, or else on the form
// before it (the first form for a page before all of them).
func TestPDFPageProblemNotes(t *testing.T) {
	for _, tt := range []struct {
		name  string
		pages []string
		want  []pageNote
	}{
		{"sound", []string{"form", "form"}, nil},
		{"missing font on a form's page", []string{"form", "form, no font"},
			[]pageNote{{form: 2, page: 2, reason: "font /F9 is missing"}}},
		{"damaged XObject on a form's page", []string{"form, bad XObject"},
			[]pageNote{{form: 1, page: 1, reason: "form XObject /X: unreadable stream"}}},
		{"broken page between forms", []string{"form", "broken", "form"},
			[]pageNote{{form: 1, page: 2, whole: true, outside: true, reason: "damaged PDF: unexpected non-name key"}}},
		{"broken page before the first form", []string{"broken", "form", "form"},
			[]pageNote{{form: 1, page: 1, whole: true, outside: true, reason: "damaged PDF"}}},
		{"broken last page", []string{"form", "form, no font", "broken"},
			[]pageNote{{form: 2, page: 2, reason: "font /F9 is missing"}, {form: 2, page: 3, whole: true, outside: true, reason: "damaged PDF"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := PDF(problemPDF(tt.pages...), template.National())
			if err != nil {
				t.Fatal(err)
			}
			forms := 0
			for _, p := range tt.pages {
				if p != "broken" {
					forms++
				}
			}
			if len(doc.Forms) != forms {
				t.Fatalf("%d forms, want %d", len(doc.Forms), forms)
			}
			var got []RawNote
			var on []int
			for _, f := range doc.Forms {
				for _, n := range f.Notes {
					if n.Code == "pdf.page_unreadable" {
						got, on = append(got, n), append(on, f.Seq)
					}
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("notes %+v, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				n, f := got[i], doc.Forms[w.form-1]
				page := fmt.Sprintf("page %d", w.page)
				switch {
				case on[i] != w.form:
					t.Errorf("note %+v on form %d, want form %d", n, on[i], w.form)
				case n.Field != page || !strings.Contains(n.Message, page+" could not be read"):
					t.Errorf("note %+v does not name %s", n, page)
				case !strings.Contains(n.Printed, w.reason) || !strings.Contains(n.Message, w.reason):
					t.Errorf("note %+v does not say %q", n, w.reason)
				case strings.HasPrefix(n.Message, "part of") == w.whole:
					t.Errorf("note %q: whole page %v", n.Message, w.whole)
				case strings.Contains(n.Message, "outside this form's") != w.outside:
					t.Errorf("note %q: outside the form's pages %v", n.Message, w.outside)
				case w.outside && !strings.Contains(n.Message, "forms or rows printed there may be missing"):
					t.Errorf("note %q does not warn of lost forms", n.Message)
				case w.outside && n.Line != 0:
					t.Errorf("note on a page outside the form stands on line %d", n.Line)
				case !w.outside && (n.Line < f.LineFrom || n.Line > f.LineTo || w.page < f.PageFrom || w.page > f.PageTo):
					t.Errorf("note on line %d, page %d; the form has lines %d-%d, pages %d-%d", n.Line, w.page, f.LineFrom, f.LineTo, f.PageFrom, f.PageTo)
				}
			}
		})
	}
}

// TestPDFPageProblemsWithoutForms keeps the problems of a file without
// forms in its error, where they explain why nothing was found.
func TestPDFPageProblemsWithoutForms(t *testing.T) {
	b := pdftest.New()
	junk := b.Add("<< 1 2 >>")
	f := b.Helvetica()
	b.Page("BT /F1 12 Tf 72 700 Td (Minutes) Tj ET", fmt.Sprintf("/Font << /F1 %d 0 R >>", f), "")
	b.Page("/X Do", fmt.Sprintf("/XObject << /X %d 0 R >>", junk), "")
	_, err := PDF(b.Bytes(), template.National())
	if err == nil || !strings.Contains(err.Error(), "page 2: damaged PDF: unexpected non-name key") {
		t.Errorf("error %v does not name page 2 and its damage", err)
	}
}
