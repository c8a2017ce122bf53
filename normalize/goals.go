package normalize

import (
	"strings"
	"unicode"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// readGoals reads the 年度总体目标 block. Where a row keeps its columns
// apart, the last cell is 实际完成情况 and the cells before it 预期目标; a
// line that interleaves both columns (OCR of two text columns) cannot be
// split and is kept whole as the expected goal, with a note.
func readGoals(f *Form, r *extract.RawForm, t *template.Template) []Goal {
	var expected, actual, unsplit []string
	line := 0
	for _, row := range r.Goals {
		if isGoalsSubheader(row, t) {
			continue
		}
		var cells []string
		for _, c := range row.Texts() {
			if goalsLabel(c, t) || debris(c) {
				continue
			}
			cells = append(cells, Squeeze(c))
		}
		if len(cells) == 0 {
			continue
		}
		if line == 0 {
			line = row.Line
		}
		if len(cells) == 1 {
			unsplit = append(unsplit, cells[0])
			continue
		}
		expected = append(expected, cells[:len(cells)-1]...)
		actual = append(actual, cells[len(cells)-1])
	}
	switch {
	case len(expected) > 0:
		return []Goal{{Expected: strings.Join(append(expected, unsplit...), ""), Actual: strings.Join(actual, ""), Line: line}}
	case len(unsplit) > 0:
		f.Notes = append(f.Notes, Note{Code: "goals.unsplit", Field: "年度总体目标", Line: line,
			Message: "expected and achieved goals are interleaved in the text; kept whole as the expected goal"})
		return []Goal{{Expected: strings.Join(unsplit, ""), Line: line}}
	}
	return nil
}

// goalsLabel reports a cell that labels the goals block or its rows.
func goalsLabel(c string, t *template.Template) bool {
	_, row := template.Closest(c, t.Goals.Row)
	_, section := template.Closest(c, t.Goals.Section)
	return row || section
}

// isGoalsSubheader recognises the column header of expected and achieved
// goals (预期目标 / 实际完成情况), also damaged: a short row holding both
// labels, or a fragment of the national ones.
func isGoalsSubheader(row extract.Row, t *template.Template) bool {
	joined := strings.Join(row.Texts(), "")
	key := template.Key(joined)
	if len([]rune(key)) > 20 {
		return false
	}
	_, expected := template.Contains(joined, t.Goals.Expected)
	_, actual := template.Contains(joined, t.Goals.Actual)
	return expected && actual || strings.Contains(key, "预期") || strings.Contains(key, "实际完成") || strings.Contains(key, "期目标")
}

// debris is a short cell without any Chinese text: OCR noise from rules and labels.
func debris(s string) bool {
	if len([]rune(s)) > 8 {
		return false
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return len([]rune(s)) <= 1
		}
	}
	return true
}
