package normalize

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// codeDebris is what OCR makes of the ruling lines and specks around a
// project code's cell: "j440300…", "\440300…", "{44030022111", "…387|".
const codeDebris = "|｜丨¦[]{}()（）\\/!！:：;；,，.。'\"`~_—–-"

// lineLetters are letters OCR reads a ruling line as; a code starts and
// ends with a digit where its cell is ruled, so one of them there is debris.
const lineLetters = "jlIi"

// repairOCRCodes takes the debris of ruling lines off the project codes
// OCR read: characters a code is not made of at either end, a letter a
// ruling line was read as next to a digit, and a leading 1 (a ruling line
// read as a digit) on a code one digit longer than the batch's codes of its
// template, once the rest begins as another of them. Codes printed as text
// keep what they print; each repair is noted.
func repairOCRCodes(forms []Form, raws []extract.RawForm, ts []*template.Template) {
	for i := range forms {
		if !raws[i].OCR {
			continue
		}
		if c := trimCodeDebris(forms[i].ProjectCode); c != forms[i].ProjectCode {
			noteCode(&forms[i], raws[i], ts[i], c, "holds debris of the ruling lines around its cell")
		}
	}
	lengths := map[string]map[int]int{}
	for _, f := range forms {
		if lengths[f.Template] == nil {
			lengths[f.Template] = map[int]int{}
		}
		lengths[f.Template][len(f.ProjectCode)]++
	}
	for i := range forms {
		f := &forms[i]
		n := len(f.ProjectCode)
		if !raws[i].OCR || n < 8 || f.ProjectCode[0] != '1' || lengths[f.Template][n-1] == 0 {
			continue
		}
		rest := f.ProjectCode[1:]
		for j, g := range forms {
			if j != i && g.Template == f.Template && len(g.ProjectCode) == n-1 && strings.HasPrefix(rest, g.ProjectCode[:6]) {
				noteCode(f, raws[i], ts[i], rest, fmt.Sprintf("has %d digits where form %d's has %d and begins %s: its first 1 is the ruling line before it", n, g.Seq, n-1, g.ProjectCode[:6]))
				break
			}
		}
	}
}

// trimCodeDebris is code without the debris at its ends.
func trimCodeDebris(code string) string {
	for {
		c := strings.Trim(code, codeDebris)
		if r, size := utf8.DecodeRuneInString(c); size > 0 && strings.ContainsRune(lineLetters, r) && len(c) > size && isDigit(c[size]) {
			c = c[size:]
		}
		if r, size := utf8.DecodeLastRuneInString(c); size > 0 && strings.ContainsRune(lineLetters, r) && len(c) > size && isDigit(c[len(c)-size-1]) {
			c = c[:len(c)-size]
		}
		if c == code {
			return c
		}
		code = c
	}
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// rulingMarks are what OCR makes of the ruling line at either side of a
// header cell: "|深圳市规划和自然资源局(本级)", ",深圳市规划和自然资源数据管理中心".
// No name starts or ends with one; quotes and brackets can, so they stay.
const rulingMarks = "|｜丨¦,，、;；:："

// trimOCRNames takes ruling marks off the ends of the names and units of
// forms read by OCR, as the OCR of an image trims them off every word; a
// text dump taken for OCR output keeps them in its text.
func trimOCRNames(forms []Form, raws []extract.RawForm) {
	for i := range forms {
		if !raws[i].OCR {
			continue
		}
		f := &forms[i]
		for _, v := range []*string{&f.ProjectName, &f.ImplementingUnit, &f.BudgetUnit} {
			*v = strings.TrimSpace(strings.Trim(*v, rulingMarks))
		}
	}
}

// noteCode sets the project code of f, read with t, to code and notes why.
func noteCode(f *Form, raw extract.RawForm, t *template.Template, code, why string) {
	f.Notes = append(f.Notes, Note{Code: "header.repaired", Field: t.Header.Labels().ProjectCode, Printed: f.ProjectCode, Used: code, Line: raw.Header.ProjectCode.Line,
		Message: fmt.Sprintf("the project code OCR read as %q %s; read as %s", f.ProjectCode, why, code)})
	f.ProjectCode = code
}
