package normalize

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// ocrComparators are the characters OCR makes of ≥ and ≤ at the start of a
// target: 之, 三, 过 and 关 for ≥ ("之95%"), 委, 去, 二, 入 and 芝 for ≤
// ("委预算"). Read as comparators only there, before a number or 预算.
var (
	ocrAtLeast = regexp.MustCompile(`^[之三过关](\d|预算)`)
	ocrAtMost  = regexp.MustCompile(`^[委去二入芝](\d|预算)`)
)

// repairOCRComparators reads a comparator OCR damaged at the start of an
// indicator's target or actual value, so that the quantity can be compared;
// each repair is an ocr.repaired note.
func repairOCRComparators(f *Form, t *template.Template) {
	for i := range f.Indicators {
		ind := &f.Indicators[i]
		for _, v := range []struct {
			text   *string
			q      **Quantity
			column string
			field  string
		}{
			{&ind.Target, &ind.TargetQ, template.FieldTarget, columnName(t, template.FieldTarget, "年度指标值")},
			{&ind.Actual, &ind.ActualQ, template.FieldActual, columnName(t, template.FieldActual, "实际完成值")},
		} {
			printed := *v.text
			var fixed string
			switch {
			case ocrAtLeast.MatchString(printed):
				_, rest, _ := strings.Cut(printed, string([]rune(printed)[0]))
				fixed = "≥" + rest
			case ocrAtMost.MatchString(printed):
				_, rest, _ := strings.Cut(printed, string([]rune(printed)[0]))
				fixed = "≤" + rest
			default:
				continue
			}
			q, _ := ParseQuantity(fixed)
			if q == nil && !strings.Contains(fixed, "预算") {
				continue
			}
			*v.text, *v.q = fixed, q
			if v.text == &ind.Target {
				ind.TargetYear = TargetYear(fixed)
			}
			f.Notes = append(f.Notes, Note{Code: CodeOCRRepaired, Field: ind.Name + " " + v.field, Printed: printed, Used: fixed, Line: ind.SourceLine,
				Place:   extract.Place{Indicator: i + 1, Column: v.column},
				Message: fmt.Sprintf("%s on line %d was read by OCR as %q and read as %q: OCR makes %q of a comparator", ind.Name+" "+v.field, ind.SourceLine, printed, fixed, string([]rune(printed)[0]))})
		}
	}
}
