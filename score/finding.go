// Package score re-derives the arithmetic of normalised forms and reports
// where the recorded numbers do not add up. It is pure: forms in, findings out.
package score

// Severity grades a finding.
type Severity string

// Severities: arithmetic that does not hold is an error; plausibility and repairs are warnings.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one discrepancy on a form.
type Finding struct {
	Rule     string
	Severity Severity
	Field    string
	Recorded string // as recorded on the form; empty when blank
	Computed string // as re-derived
	Line     int    // source line, 0 when the finding concerns the whole form
	Message  string
	Doubt    *Doubt // on a form read through OCR, the doubtful number that likely explains an error; nil for none
}

// Doubt is a number read through OCR that is in doubt, kept apart from a
// finding's English message so that a report can word it in any language.
type Doubt struct {
	Field   string // the number's field, such as 培训人次 得分
	Printed string // what OCR read
	Used    string // the value read from it; empty when left blank
}
