package normalize

import "regexp"

var (
	// gradedTotal is a total printed with its grade in the same cell: "92.5(优)".
	gradedTotal = regexp.MustCompile(`^(.*\d)\s*[(]?\s*(优秀?|良好?|中等?|差)\s*[)]?$`)
	// gradeNote is a grade printed in a cell of its own: "优", "(良)", "等级：优".
	gradeNote = regexp.MustCompile(`^(?:(?:评价|自评)?等级:?)?[(]?(优秀?|良好?|中等?|差)[)]?$`)
)

// cutGrade splits a total cell into its number and the grade printed after it.
func cutGrade(s string) (number, grade string) {
	if m := gradedTotal.FindStringSubmatch(Fold(s)); m != nil {
		return m[1], m[2]
	}
	return s, ""
}

// noteGrade is the grade a cell beside the total holds, or "".
func noteGrade(s string) string {
	if m := gradeNote.FindStringSubmatch(Squeeze(s)); m != nil {
		return m[1]
	}
	return ""
}
