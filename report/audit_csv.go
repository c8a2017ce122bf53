package report

import (
	"encoding/csv"
	"io"
	"strconv"
)

// auditCSVHeader names the CSV columns; they stay English whatever the
// language, so that scripts can rely on them.
var auditCSVHeader = []string{"file", "form_id", "form", "project_code", "project", "unit", "year",
	"sheet", "page", "line", "rule", "severity", "field", "recorded", "computed", "tolerance", "message"}

// writeAuditCSV writes one record per finding, severity as its code.
func writeAuditCSV(w io.Writer, a *Audit) error {
	cw := csv.NewWriter(w)
	if err := writeCSVRecord(cw, auditCSVHeader); err != nil {
		return err
	}
	for _, f := range a.Forms() {
		for _, fd := range f.Findings {
			loc := fd.Location
			rec := []string{f.Path, strconv.FormatInt(f.ID, 10), strconv.Itoa(f.Seq), f.ProjectCode, f.ProjectName,
				f.ImplementingUnit, positive(f.Year), loc.Sheet, pageText(loc), positive(loc.LineFrom),
				fd.Rule, fd.Severity, fd.Field, fd.Recorded, fd.Computed, fd.Tolerance, fd.Text}
			if err := writeCSVRecord(cw, rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// positive formats n, or "" for the zero that means unknown.
func positive(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// pageText is "3" or "3-4", "" for sources without pages.
func pageText(l Location) string {
	switch {
	case l.PageFrom <= 0:
		return ""
	case l.PageTo > l.PageFrom:
		return strconv.Itoa(l.PageFrom) + "-" + strconv.Itoa(l.PageTo)
	}
	return strconv.Itoa(l.PageFrom)
}
