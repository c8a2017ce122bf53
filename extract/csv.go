package extract

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// minCSVFields is the fewest fields a record of a form's CSV has: the
// narrowest template prints more columns than that.
const minCSVFields = 3

// csvGrid reads text as a sheet saved as CSV (Excel, WPS and LibreOffice
// pad every record to the width of the sheet), or reports that it is not
// one: text with tabs, a record of another width or a stray quote is a
// text dump, read by its tabs or aligned columns. Rows are records, as a
// spreadsheet opening the file numbers them, so a quoted cell that spans
// lines is one row.
func csvGrid(text string) (*sheetGrid, bool) {
	if strings.Contains(text, "\t") {
		return nil, false
	}
	r := csv.NewReader(strings.NewReader(text))
	r.ReuseRecord = true
	g := newSheetGrid("")
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err != nil {
			return g, errors.Is(err, io.EOF) && len(g.cells) > 0
		}
		if len(rec) < minCSVFields {
			return nil, false
		}
		for col, field := range rec {
			g.set(row, col+1, field)
		}
	}
}
