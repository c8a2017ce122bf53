// Command fixturegen writes evaluation forms, given as ground-truth JSON in
// the golden format of package fixtures, as an XLSX workbook laid out as
// each form's template prints it (the national 项目支出绩效自评表 unless
// the form names another), ready to print with LibreOffice. The layout
// comes from the template's definition, so a new template's fixtures need
// only its JSON:
//
//	go run ./cmd/fixturegen -in fixtures/compose/composed.json -out fixtures/docs/xlsx/composed-sheets.xlsx
//	go run ./cmd/fixturegen -template my.json -in mine.json -out mine.xlsx
//
// Flags select the layout (one form per sheet or stacked), fonts and page
// setup, and the ways real workbooks differ: a form not starting at A1,
// vertical labels repeated instead of merged, amounts stored as text,
// rates stored as fractions with a percent format or shown as fractions,
// no weight column in the indicator table, formula totals, hidden columns,
// rows and sheets.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/template"
	"github.com/xuri/excelize/v2"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "fixturegen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("fixturegen", flag.ContinueOnError)
	in := fs.String("in", "", "ground-truth JSON: an array of forms in the golden format")
	out := fs.String("out", "", "XLSX file to write")
	var o options
	fs.StringVar(&o.layout, "layout", "sheet", "sheet: one form per sheet; stacked: all forms in one sheet")
	fs.StringVar(&o.font, "font", "Noto Serif CJK SC", "font family of every cell")
	fs.StringVar(&o.orientation, "orientation", "portrait", "page orientation: portrait or landscape")
	fs.StringVar(&o.origin, "origin", "A1", "cell where the first form starts")
	fs.BoolVar(&o.unmerge, "unmerge", false, "repeat vertical labels in every row instead of merging them")
	fs.BoolVar(&o.textAmounts, "text-amounts", false, "store amounts as text: with thousands separators on the total line, full-width digits on the others")
	fs.BoolVar(&o.fractionRates, "fraction-rates", false, "store execution rates as fractions with a percent format")
	fs.BoolVar(&o.decimalRates, "decimal-rates", false, "store and show execution rates as fractions (0.9868 for 98.68%)")
	fs.BoolVar(&o.noWeights, "no-indicator-weights", false, "print the indicator table without its weight column")
	var extra stringList
	fs.Var(&extra, "template", "a template definition (JSON) forms may name besides the built-in ones; repeatable")
	fs.BoolVar(&o.formulaTotals, "formula-totals", false, "write the 总分 weight and score as SUM formulas caching the recorded values")
	fs.BoolVar(&o.hidden, "hidden", false, "add a hidden column and a hidden row of stale numbers, and a hidden sheet without a form")
	htmlRows := fs.String("drop-empty-rows", "", "instead: rewrite this HTML table saved by LibreOffice Calc without its empty rows, for Writer to read")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *htmlRows != "" {
		return dropEmptyRows(*htmlRows)
	}
	if *in == "" || *out == "" {
		return errors.New("both -in and -out are required")
	}
	if o.layout != "sheet" && o.layout != "stacked" {
		return fmt.Errorf("-layout %q: want sheet or stacked", o.layout)
	}
	if o.orientation != "portrait" && o.orientation != "landscape" {
		return fmt.Errorf("-orientation %q: want portrait or landscape", o.orientation)
	}
	data, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	var forms []fixtures.Form
	if err := json.Unmarshal(data, &forms); err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	if len(forms) == 0 {
		return fmt.Errorf("%s: no forms", *in)
	}
	if o.fractionRates && o.decimalRates {
		return errors.New("-fraction-rates and -decimal-rates exclude each other")
	}
	templates, err := loadTemplates(extra)
	if err != nil {
		return err
	}
	f, err := build(forms, templates, o)
	if err != nil {
		return err
	}
	defer f.Close()
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	data, err = numericFormulaResults(buf.Bytes())
	if err != nil {
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}

// numericFormulaResults drops the string type excelize gives every cached
// formula result. Excel and LibreOffice write a numeric result untyped, and
// LibreOffice recomputes a numeric formula whose cached result is typed as
// a string when it loads the file, so a stale result would not survive the
// conversion to .xls or PDF.
func numericFormulaResults(pkg []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/") {
			part = bytes.ReplaceAll(part, []byte(` t="str"><f>`), []byte(`><f>`))
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(part); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// loadTemplates returns the built-in templates and those in files, by name.
func loadTemplates(files []string) (map[string]*template.Template, error) {
	ts, err := template.Builtin()
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		t, err := template.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		ts = append(ts, t)
	}
	out := map[string]*template.Template{}
	for _, t := range ts {
		out[t.Name] = t
	}
	return out, nil
}

// templateOf is the template a form is printed in: the one it names, or the national one.
func templateOf(fm *fixtures.Form, ts map[string]*template.Template) (*template.Template, error) {
	name := fm.Template
	if name == "" {
		name = "national"
	}
	t, ok := ts[name]
	if !ok {
		return nil, fmt.Errorf("form %d: no template %q (pass its definition with -template)", fm.Seq, name)
	}
	if len(t.Layout.Header) == 0 {
		return nil, fmt.Errorf("form %d: template %s has no layout to print it with", fm.Seq, name)
	}
	return t, nil
}

// build writes the forms into a new workbook.
func build(forms []fixtures.Form, ts map[string]*template.Template, o options) (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetDefaultFont(o.font); err != nil {
		return nil, err
	}
	col, row, err := excelize.CellNameToCoordinates(o.origin)
	if err != nil {
		return nil, fmt.Errorf("-origin: %w", err)
	}
	first := f.GetSheetName(0)
	var w *sheetWriter
	for i := range forms {
		t, err := templateOf(&forms[i], ts)
		if err != nil {
			return nil, err
		}
		if w == nil || o.layout == "sheet" {
			name := "Sheet1"
			if o.layout == "sheet" {
				name = fmt.Sprintf("表%d", i+1)
			}
			if i == 0 {
				if err := f.SetSheetName(first, name); err != nil {
					return nil, err
				}
			} else if _, err := f.NewSheet(name); err != nil {
				return nil, err
			}
			if w, err = newSheetWriter(f, name, col, row, t, o); err != nil {
				return nil, err
			}
		} else {
			w.row += 2 // blank rows between stacked forms
		}
		if err := w.form(&forms[i], t); err != nil {
			return nil, fmt.Errorf("form %d: %w", forms[i].Seq, err)
		}
	}
	if o.hidden {
		if err := hiddenSheet(f, forms); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	return f, nil
}

// hiddenSheet adds a hidden lookup sheet listing the project codes, the
// kind of helper sheet real workbooks carry; it holds no form.
func hiddenSheet(f *excelize.File, forms []fixtures.Form) error {
	const name = "代码表"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := f.SetCellStr(name, "A1", "项目编码"); err != nil {
		return err
	}
	if err := f.SetCellStr(name, "B1", "分值"); err != nil {
		return err
	}
	for i, fm := range forms {
		if err := f.SetCellStr(name, fmt.Sprintf("A%d", i+2), fm.ProjectCode); err != nil {
			return err
		}
		if err := f.SetCellInt(name, fmt.Sprintf("B%d", i+2), int64(10*(i+1))); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(name, false)
}
