package extract

import "github.com/formaudit/formaudit/template"

// headerRow reports whether any row of text could open a form's header,
// and otherwise how many rows there are. splitForms keeps only the parts
// that hold such a row, so a text without one holds no form; saying so
// from one pass that keeps no rows spares a large file that is no form
// (a log, a book) the memory and time of reading every row as one.
func headerRow(text string, t *template.Template) (rows int, found bool) {
	for r := range textRows(text) {
		if isHeaderStart(r, t) {
			return rows, true
		}
		rows++
	}
	return rows, false
}
