package normalize

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
	"github.com/shopspring/decimal"
)

// Note codes of OCR cross-checking.
const (
	CodeOCRRepaired  = "ocr.repaired"
	CodeOCRUncertain = "ocr.uncertain"
)

// ocrField is one number of a form read through OCR: what was printed, the
// readings the print allows, and the value in use.
type ocrField struct {
	name      string        // the field as notes name it
	place     extract.Place // which number of the form it is, for the notes
	line      int
	printed   string
	kind      ocrKind
	reading   ocrReading
	value     *decimal.Decimal // in the printed unit
	store     func(*decimal.Decimal) bool
	expected  bool   // the template prints a number here
	doubt     string // low-confidence words in the cell, as the engine read them
	unplaced  string // why the column the number was put in is a guess
	repaired  string // how the value was chosen, when it is not the text as printed
	confirmed bool   // a check of the form's arithmetic that holds includes it
	noted     bool
}

// ocrCheck is one identity of the form's arithmetic: Σ coef × value +
// constant = 0 within tol, or, when eval is set, whatever eval says.
type ocrCheck struct {
	what     string
	members  []*ocrField
	coefs    []int64
	constant decimal.Decimal
	tol      decimal.Decimal
	eval     func() (holds, known bool)
	confirms []bool // which members a check that holds confirms; nil for all
}

func (c *ocrCheck) result() (holds, known bool) {
	if c.eval != nil {
		return c.eval()
	}
	sum := c.constant
	for i, m := range c.members {
		if m.value == nil {
			return false, false
		}
		sum = sum.Add(m.value.Mul(decimal.NewFromInt(c.coefs[i])))
	}
	return sum.Abs().LessThanOrEqual(c.tol), true
}

// deficit is by how much a linear check misses.
func (c *ocrCheck) deficit() decimal.Decimal {
	sum := c.constant
	for i, m := range c.members {
		sum = sum.Add(m.value.Mul(decimal.NewFromInt(c.coefs[i])))
	}
	return sum
}

// crossCheckOCR checks the numbers of a form read through OCR against the
// form's own arithmetic, and never lets a number it doubts pass silently.
// Numbers OCR damaged are read by the shapes the damage takes; where that
// leaves several readings, the one the arithmetic agrees with is used; a
// number printed after unreadable marks is completed only when the
// arithmetic gives one that ends in the digits read. Every repair is an
// ocr.repaired note. A number no holding check confirms gets an
// ocr.uncertain note when a check it is in fails, when OCR read it with
// low confidence, or when nothing was read where the template prints one.
func crossCheckOCR(f *Form, r *extract.RawForm, t *template.Template) {
	f.OCR = true
	repairOCRComparators(f, t)
	fields, checks := ocrFieldsOf(f, r, t)
	for _, fd := range fields {
		if !fd.reading.clean && len(fd.reading.cands) > 0 {
			fd.value = &fd.reading.cands[0]
		}
	}
	ocrLostPoints(checks)
	ocrChoose(fields, checks)
	ocrKeepPrinted(fields, checks)
	ocrComplete(checks)
	for _, c := range checks {
		if holds, known := c.result(); holds && known {
			for i, m := range c.members {
				if c.confirms == nil || c.confirms[i] {
					m.confirmed = true
				}
			}
		}
	}
	for _, fd := range fields {
		if fd.reading.clean && !fd.changed() {
			continue
		}
		if fd.value == nil || !fd.store(fd.value) {
			continue
		}
		dropNote(f, "field.unreadable", fd.place)
		how := fd.repaired
		if how == "" {
			how = "the only number it can be"
		}
		if !fd.confirmed {
			how += "; no check of the form confirms it"
		}
		fd.noted = true
		f.Notes = append(f.Notes, Note{Code: CodeOCRRepaired, Field: fd.name, Printed: fd.printed, Used: fd.value.String(), Line: fd.line, Place: fd.place,
			Message: fmt.Sprintf("%s on line %d was read by OCR as %q (%s) and read as %s: %s", fd.name, fd.line, fd.printed, fd.reading.why, fd.value, how)})
	}
	for _, c := range checks {
		if holds, known := c.result(); known && !holds {
			ocrSuspects(f, c)
		}
	}
	// A number placed in a column by guess is in doubt even where the
	// arithmetic holds: numbers moved together along a line still add up.
	for _, fd := range fields {
		if fd.unplaced != "" && !fd.noted {
			ocrUncertain(f, fd, fd.unplaced)
		}
	}
	for _, fd := range fields {
		if fd.noted || fd.confirmed || hasNote(f, "field.unreadable", fd.place) {
			continue
		}
		var why string
		switch {
		case fd.value == nil && fd.expected:
			why = "nothing was read where the form prints a number; OCR may have lost it"
		case fd.value == nil:
			continue
		case fd.doubt != "":
			why = fmt.Sprintf("OCR was not sure of %s, and no check of the form confirms the number", fd.doubt)
		default:
			why = "no check of the form's arithmetic could confirm this number read by OCR"
		}
		ocrUncertain(f, fd, why)
	}
}

// ocrUncertain adds an ocr.uncertain note for a field.
func ocrUncertain(f *Form, fd *ocrField, why string) {
	used := ""
	if fd.value != nil {
		used = fd.value.String()
	}
	fd.noted = true
	f.Notes = append(f.Notes, Note{Code: CodeOCRUncertain, Field: fd.name, Printed: fd.printed, Used: used, Line: fd.line, Place: fd.place,
		Message: fmt.Sprintf("%s on line %d (OCR read %q): %s", fd.name, fd.line, fd.printed, why)})
}

// ocrSuspects notes the numbers a failed check may have been misread in.
// Where changing one character of one printed number would make the check
// hold, that number is the suspect; otherwise every number of the check no
// other check confirms is.
func ocrSuspects(f *Form, c *ocrCheck) {
	var open []int
	for i, m := range c.members {
		if !m.confirmed && !m.noted {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		return
	}
	if c.eval == nil {
		deficit := c.deficit()
		var suspects []int
		var readings []string
		for _, i := range open {
			m := c.members[i]
			need := m.value.Sub(deficit.Div(decimal.NewFromInt(c.coefs[i])))
			if s, ok := oneEditAway(m.printed, need); ok {
				suspects = append(suspects, i)
				readings = append(readings, s)
			}
		}
		if len(suspects) > 0 {
			for k, i := range suspects {
				ocrUncertain(f, c.members[i], fmt.Sprintf("%s does not hold, and would if this number were %s, one character away from what OCR read", c.what, readings[k]))
			}
			// The rest of the check holds if a suspect is the misread
			// number, which is likelier, not certain: the rest is noted too.
			var likelier []string
			for _, i := range suspects {
				likelier = append(likelier, fmt.Sprintf("%s (OCR read %q)", c.members[i].name, c.members[i].printed))
			}
			for _, i := range open {
				if m := c.members[i]; !m.noted {
					ocrUncertain(f, m, fmt.Sprintf("%s does not hold; the likelier misreading is %s, but no other check confirms this number either", c.what, strings.Join(likelier, " or ")))
				}
			}
			return
		}
	}
	for _, i := range open {
		ocrUncertain(f, c.members[i], fmt.Sprintf("%s does not hold, and no other check confirms this number OCR read", c.what))
	}
}

// oneEditAway reports whether need, printed with the places of printed, is
// one character (a digit or the point) away from it.
func oneEditAway(printed string, need decimal.Decimal) (string, bool) {
	if need.IsNegative() {
		return "", false
	}
	p := ocrDigits(printed)
	if p == "" {
		return "", false
	}
	places := int32(0)
	if i := strings.LastIndex(p, "."); i >= 0 {
		places = int32(len(p) - i - 1)
	}
	s := need.StringFixed(places)
	if !need.Equal(decimal.RequireFromString(s)) {
		s = need.String()
	}
	if levenshtein.ComputeDistance(p, s) <= 1 {
		return s, true
	}
	return "", false
}

// ocrDigits keeps the digits and points of a printed number.
func ocrDigits(s string) string {
	var b strings.Builder
	for _, r := range Fold(s) {
		if r >= '0' && r <= '9' || r == '.' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// changed reports whether a clean number was read as another: a point
// OCR lost, put back because the arithmetic holds only with it.
func (fd *ocrField) changed() bool {
	return fd.reading.clean && len(fd.reading.cands) > 0 && fd.value != nil && !fd.value.Equal(fd.reading.cands[0])
}

// ocrLostPoints gives the whole numbers of checks that fail another
// reading each: the number with a point put back in it ("45" for 4.5).
// A weight or score printed with a point loses it to OCR as often as a
// digit, and the point is the one misreading a clean-looking number can
// be repaired from: only where the arithmetic then holds.
func ocrLostPoints(checks []*ocrCheck) {
	for _, c := range checks {
		if holds, known := c.result(); holds || !known {
			continue
		}
		for _, m := range c.members {
			if m.kind != ocrScore || !m.reading.clean || m.value == nil || len(m.reading.cands) != 1 || !m.value.IsInteger() || m.value.LessThan(decimal.NewFromInt(10)) {
				continue
			}
			alts := ocrLostPoint(m.value.String())
			if len(alts) == 0 {
				continue
			}
			m.reading.cands = append(m.reading.cands, alts...)
			m.reading.why = "a decimal point OCR may have lost"
		}
	}
}

// ocrKeepPrinted goes back to the number as printed for a clean number
// read with a point put back, unless every check it takes part in can be
// made and holds: a form with a real error must not have it explained away.
func ocrKeepPrinted(fields []*ocrField, checks []*ocrCheck) {
	for _, fd := range fields {
		if !fd.changed() {
			continue
		}
		for _, c := range checks {
			if !slices.Contains(c.members, fd) {
				continue
			}
			if holds, known := c.result(); !holds || !known {
				fd.value, fd.repaired = &fd.reading.cands[0], ""
				break
			}
		}
	}
}

// ocrChoose picks, for the numbers with several readings, the readings
// under which most checks hold. A choice that no other matches is used.
func ocrChoose(fields []*ocrField, checks []*ocrCheck) {
	var open []*ocrField
	combos := 1
	for _, fd := range fields {
		if len(fd.reading.cands) > 1 && combos*len(fd.reading.cands) <= 4096 {
			open = append(open, fd)
			combos *= len(fd.reading.cands)
		}
	}
	if len(open) == 0 {
		return
	}
	best, bestHolds, ties := make([]int, len(open)), -1, 0
	pick := make([]int, len(open))
	for n := 0; n < combos; n++ {
		k := n
		for i, fd := range open {
			pick[i] = k % len(fd.reading.cands)
			k /= len(fd.reading.cands)
			fd.value = &fd.reading.cands[pick[i]]
		}
		holds := 0
		for _, c := range checks {
			if h, known := c.result(); h && known {
				holds++
			}
		}
		switch {
		case holds > bestHolds:
			bestHolds, ties = holds, 1
			copy(best, pick)
		case holds == bestHolds:
			ties++
		}
	}
	for i, fd := range open {
		fd.value = &fd.reading.cands[best[i]]
		if ties == 1 {
			fd.repaired = "the reading under which the form's arithmetic holds"
		} else {
			fd.repaired = "one of several readings the form's arithmetic cannot tell apart"
		}
	}
}

// ocrComplete completes a number printed after unreadable marks: where it
// is the one open number of a linear check that does not hold, the check
// gives it, and it is used if it ends in the digits OCR read.
func ocrComplete(checks []*ocrCheck) {
	for _, c := range checks {
		if c.eval != nil {
			continue
		}
		if holds, _ := c.result(); holds {
			continue
		}
		var gap *ocrField
		gapAt, open := -1, 0
		for i, m := range c.members {
			switch {
			case !m.reading.clean && m.reading.suffix != "":
				gap, gapAt = m, i
				open++
			case m.value == nil:
				open += 2
			}
		}
		if open != 1 {
			continue
		}
		old := gap.value
		zero := decimal.Zero
		gap.value = &zero
		need := zero.Sub(c.deficit().Div(decimal.NewFromInt(c.coefs[gapAt])))
		gap.value = old
		tail := gap.reading.suffix
		places := int32(0)
		if i := strings.LastIndex(tail, "."); i >= 0 {
			places = int32(len(tail) - i - 1)
		}
		if need.IsPositive() && strings.HasSuffix(strings.ReplaceAll(need.StringFixed(places), ".", ""), strings.ReplaceAll(tail, ".", "")) {
			gap.value = &need
			gap.repaired = fmt.Sprintf("%s gives %s, which ends in the digits read", c.what, need)
		}
	}
}

// dropNote removes a note, replaced by a better one.
func dropNote(f *Form, code string, at extract.Place) {
	out := f.Notes[:0]
	for _, n := range f.Notes {
		if !(n.Code == code && n.Place == at) {
			out = append(out, n)
		}
	}
	f.Notes = out
}

func hasNote(f *Form, code string, at extract.Place) bool {
	for _, n := range f.Notes {
		if n.Code == code && n.Place == at {
			return true
		}
	}
	return false
}
