package extract

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/formaudit/formaudit/template"
)

// minCSVFields is the fewest fields a record of a form's CSV has: the
// narrowest template prints more columns than that.
const minCSVFields = 3

// csvGrid reads text as a sheet saved as CSV (Excel, WPS and LibreOffice
// pad every record to the width of the sheet), or reports that it is not
// one: text with tabs, a record of another width or a stray quote is a
// text dump, read by its tabs or aligned columns. Rows are records, as a
// spreadsheet opening the file numbers them, so a quoted cell that spans
// lines is one row. A CSV of more cells than a workbook may hold is refused
// as a workbook is.
func csvGrid(text string) (*sheetGrid, bool, error) {
	if strings.Contains(text, "\t") {
		return nil, false, nil
	}
	r := csv.NewReader(strings.NewReader(text))
	r.ReuseRecord = true
	g := newSheetGrid("")
	slots := 0
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err != nil {
			return g, errors.Is(err, io.EOF) && len(g.cells) > 0, nil
		}
		if len(rec) < minCSVFields {
			return nil, false, nil
		}
		if slots += len(rec); slots > maxSheetSlots {
			return nil, true, fmt.Errorf("%w: a sheet saved as CSV with more than %d cells", ErrWorkbookTooLarge, maxSheetSlots)
		}
		for col, field := range rec {
			g.set(row, col+1, field)
		}
	}
}

// readCSV reads the forms of a sheet saved as CSV as a workbook's sheet.
func readCSV(ctx context.Context, g *sheetGrid, encoding string, t *template.Template) (*Document, error) {
	doc, err := readGrids(ctx, FormatText, []*sheetGrid{g}, t)
	if doc != nil {
		doc.Encoding = encoding
	}
	if err != nil {
		return doc, fmt.Errorf("text (CSV): %w", err)
	}
	return doc, nil
}
