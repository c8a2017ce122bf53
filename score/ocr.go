package score

import (
	"fmt"
	"strings"

	"github.com/formaudit/formaudit/normalize"
)

// doubtCodes are the notes that put a number read through OCR in doubt.
var doubtCodes = map[string]bool{RuleOCRUncertain: true, RuleOCRRepaired: true, RuleFieldUnreadable: true}

// markOCRArtefacts tells, on a form read through OCR, which errors a
// doubtful number feeds: their messages say they are likely OCR artefacts
// and name the number, so that an auditor checks the scan before the form,
// and their Doubt holds the number for messages in other languages.
func markOCRArtefacts(f *normalize.Form, findings []Finding) {
	if !f.OCR {
		return
	}
	for i := range findings {
		fd := &findings[i]
		if fd.Severity != Error {
			continue
		}
		var cause *normalize.Note
		for k := range f.Notes {
			n := &f.Notes[k]
			if doubtCodes[n.Code] && feeds(f, *n, fd) && (cause == nil || doubtRank(*n) < doubtRank(*cause)) {
				cause = n
			}
		}
		if cause == nil {
			continue
		}
		fd.Doubt = &Doubt{Field: cause.Field, Printed: cause.Printed, Used: cause.Used}
		used := cause.Used
		if used == "" {
			used = "left blank"
		} else {
			used = "read as " + used
		}
		fd.Message += fmt.Sprintf(" The form was read by OCR, and %s (OCR read %q, %s) is in doubt: likely an OCR artefact.", cause.Field, cause.Printed, used)
	}
}

// doubtRank orders doubts by how likely they are to explain an error: a
// number OCR lost, one no check confirms, one it could not read, one it repaired.
func doubtRank(n normalize.Note) int {
	switch {
	case n.Code == RuleOCRUncertain && n.Used == "":
		return 0
	case n.Code == RuleOCRUncertain:
		return 1
	case n.Code == RuleFieldUnreadable:
		return 2
	}
	return 3
}

// feeds reports whether the number a note is about enters the check that
// made a finding.
func feeds(f *normalize.Form, n normalize.Note, fd *Finding) bool {
	switch fd.Rule {
	case RuleFundsRate, RuleFundsScore:
		return n.Line == fd.Line || fd.Rule == RuleFundsScore && n.Line == fundsLineOf(f, "total")
	case RuleFundsBreakdown:
		return strings.HasSuffix(n.Field, fd.Field) && isFundsLine(f, n.Line)
	case RuleScoreRange:
		return n.Line == fd.Line
	case RuleSectionWeight, RuleTotalWeight:
		return strings.HasSuffix(n.Field, "分值")
	case RuleTotalScore:
		return strings.HasSuffix(n.Field, "得分") || n.Field == "总分" || n.Line == fundsLineOf(f, "total")
	}
	return false
}

// fundsLineOf is the source line of the first funds line of a kind, or -1.
func fundsLineOf(f *normalize.Form, kind string) int {
	if l := firstLine(f, kind); l != nil {
		return l.SourceLine
	}
	return -1
}

func isFundsLine(f *normalize.Form, line int) bool {
	for _, l := range f.Funds {
		if l.SourceLine == line {
			return true
		}
	}
	return false
}
