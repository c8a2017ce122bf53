package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

var (
	yearDigits = regexp.MustCompile(`(?:19|20)\d\d`)
	// codedName is a 项目名称 that starts with the project's code:
	// "51000021R000000019951-工资性支出".
	codedName = regexp.MustCompile(`^([0-9A-Za-z]{8,})\s*[-－—_]\s*(\S.*)$`)
)

// readHeader takes what the form itself prints in its header. Where the
// template prints the code at the start of the name and the form prints
// no code of its own, the two are taken apart.
func readHeader(f *Form, r *extract.RawForm, t *template.Template) {
	h := r.Header
	f.ProjectCode = strings.ReplaceAll(Squeeze(h.ProjectCode.Text), " ", "")
	f.ProjectName = Squeeze(h.ProjectName.Text)
	if m := codedName.FindStringSubmatch(f.ProjectName); m != nil && t.Header.CodeInName && f.ProjectCode == "" {
		f.ProjectCode, f.ProjectName = m[1], m[2]
	}
	f.ImplementingUnit = Squeeze(h.ImplementingUnit.Text)
	f.BudgetUnit = Squeeze(h.BudgetUnit.Text)
	for _, v := range []string{Fold(h.Year.Text), h.Subtitle.Text} {
		if y := yearDigits.FindString(v); y != "" {
			f.Year, _ = strconv.Atoi(y)
			break
		}
	}
}

// repairHeaders checks the header values of one batch against each other:
// a code shorter than its siblings is marked truncated (never guessed), a
// missing year takes the batch year, and a unit garbled in some forms is
// repaired to the clean variant it is a damaged copy of.
func repairHeaders(forms []Form, raws []extract.RawForm, ts []*template.Template, opts Options) {
	repairOCRCodes(forms, raws, ts)
	trimOCRNames(forms, raws)
	// Codes of different templates follow different rules, so a code is
	// compared with the codes of its own template only.
	longest := map[string]int{}
	years := map[int]int{}
	for _, f := range forms {
		if n := len(f.ProjectCode); n > longest[f.Template] {
			longest[f.Template] = n
		}
		if f.Year != 0 {
			years[f.Year]++
		}
	}
	batchYear, how := opts.Year, "--year"
	if batchYear == 0 {
		for y, n := range years {
			if n > years[batchYear] || (n == years[batchYear] && y > batchYear) {
				batchYear = y
			}
		}
		how = "the year most forms of this file print"
	}
	for i := range forms {
		f, l := &forms[i], ts[i].Header.Labels()
		line := raws[i].Header.ProjectCode.Line
		if n := longest[f.Template]; f.ProjectCode != "" && len(f.ProjectCode) < n {
			f.CodeTruncated = true
			f.Notes = append(f.Notes, Note{Code: "header.truncated", Field: l.ProjectCode, Printed: f.ProjectCode, Line: line,
				Message: fmt.Sprintf("project code %s has %d characters where others in this file have %d; kept as printed", f.ProjectCode, len(f.ProjectCode), n)})
		}
		if f.Year == 0 && batchYear != 0 {
			f.Year, f.YearInferred = batchYear, true
			f.Notes = append(f.Notes, Note{Code: "header.year_inferred", Field: l.Year, Used: strconv.Itoa(batchYear), Line: raws[i].Header.Year.Line,
				Message: fmt.Sprintf("no year printed; %d taken from %s", batchYear, how)})
		}
	}
	repairRecurring(forms, func(f *Form) *string { return &f.ImplementingUnit }, func(i int) (string, int) {
		return ts[i].Header.Labels().ImplementingUnit, raws[i].Header.ImplementingUnit.Line
	})
	repairRecurring(forms, func(f *Form) *string { return &f.BudgetUnit }, func(i int) (string, int) {
		return ts[i].Header.Labels().BudgetUnit, raws[i].Header.BudgetUnit.Line
	})
}

// noteBlankHeaders notes each header field whose label the form prints with
// nothing after it. A field the template's form does not print at all, such
// as the code on the 财预〔2020〕10号 form, is not blank; a missing year is
// header.year_inferred's.
func noteBlankHeaders(forms []Form, raws []extract.RawForm, ts []*template.Template) {
	for i := range forms {
		f, h, l := &forms[i], &raws[i].Header, ts[i].Header.Labels()
		for _, fd := range []struct {
			label string
			raw   extract.Value
			value string
		}{
			{l.ProjectCode, h.ProjectCode, f.ProjectCode},
			{l.ProjectName, h.ProjectName, f.ProjectName},
			{l.ImplementingUnit, h.ImplementingUnit, f.ImplementingUnit},
			{l.BudgetUnit, h.BudgetUnit, f.BudgetUnit},
		} {
			if fd.raw.Line != 0 && fd.value == "" {
				f.Notes = append(f.Notes, Note{Code: "header.blank", Field: fd.label, Line: fd.raw.Line,
					Message: fmt.Sprintf("%s is printed with no value after it", fd.label)})
			}
		}
	}
}

// repairRecurring replaces a value by a more frequent value of the batch when
// nearly all of that value's characters appear in it in order: OCR damage
// adds and drops characters but keeps the rest. A value seen only once is
// never a repair target, so nothing is invented. printed gives the label form
// i prints the field under, as its template labels it, and the line.
func repairRecurring(forms []Form, get func(*Form) *string, printed func(i int) (label string, line int)) {
	counts := map[string]int{}
	for i := range forms {
		if v := *get(&forms[i]); v != "" {
			counts[v]++
		}
	}
	for i := range forms {
		v := get(&forms[i])
		best := ""
		for c, n := range counts {
			if c == *v || n < 2 || n <= counts[*v] || !damagedCopy(*v, c) {
				continue
			}
			if best == "" || n > counts[best] || (n == counts[best] && c < best) {
				best = c
			}
		}
		if best != "" {
			field, line := printed(i)
			forms[i].Notes = append(forms[i].Notes, Note{Code: "header.repaired", Field: field, Printed: *v, Used: best, Line: line,
				Message: fmt.Sprintf("%s %q repaired to %q, which %d other forms of this file print", field, *v, best, counts[best])})
			*v = best
		}
	}
}

// damagedCopy reports whether v keeps at least 90% of clean's characters in
// order and is not more than half as long again. OCR damage adds and drops
// characters; a value of the same length that differs is another name
// (龙华管理局, 龙岗管理局), never a damaged copy.
func damagedCopy(v, clean string) bool {
	a, b := []rune(v), []rune(clean)
	if len(b) < 6 || len(a) == len(b) || len(a) > len(b)*3/2 {
		return false
	}
	return lcs(a, b)*10 >= len(b)*9
}

func lcs(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
