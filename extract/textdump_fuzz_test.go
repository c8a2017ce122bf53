package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// FuzzText runs text dumps through the sniffer and the text reader. A dump
// yields forms or an error saying no form was found (or that it cannot be
// decoded), never both or neither, and every form lies within the lines and
// pages of the dump, in order.
func FuzzText(f *testing.F) {
	form := strings.ReplaceAll(miniForm("项目支出绩效自评表", "440300241113100001007"), "|", "\t")
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(form)
	for _, s := range []string{
		form,
		strings.ReplaceAll(form, "\t", "   "),
		form + "\f" + strings.ReplaceAll(form, "\n", "\r\n"),
		gbk,
		"\xff\xfe" + "\x1a\x00\x2d\x00",
		"项\t〔目支出绩\t效自评表\n项目编码:\t\t\n",
	} {
		f.Add([]byte(s))
	}
	// Space-aligned dumps of the other templates' forms, as pdftotext prints them.
	for _, name := range []string{"sichuan.txt", "xianjie.txt", "mixed.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "fixtures", "docs", "templates", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// An import reads each form with the built-in template that fits it.
	tpl, err := template.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		Sniff(data)
		doc, err := Text(data, tpl)
		if err != nil {
			if doc != nil && len(doc.Forms) > 0 {
				t.Fatalf("%d forms and an error: %v", len(doc.Forms), err)
			}
			if doc != nil && !errors.Is(err, ErrNoForm) {
				t.Fatalf("error %v does not say no form was found", err)
			}
			return
		}
		if len(doc.Forms) == 0 {
			t.Fatal("no forms and no error")
		}
		lines := strings.Count(string(data), "\n") + strings.Count(string(data), "\r") + 1
		last := 0
		for i, fm := range doc.Forms {
			pages := fm.PageFrom >= 1 && fm.PageFrom <= fm.PageTo
			if fm.CellRange != "" { // read as a sheet saved as CSV, which has no pages
				pages = fm.PageFrom == 0 && fm.PageTo == 0
			}
			if fm.Seq != i+1 || fm.LineFrom < 1 || fm.LineFrom > fm.LineTo || fm.LineTo > lines || fm.LineFrom <= last || !pages {
				t.Fatalf("form %d: seq %d, lines %d-%d, pages %d-%d in a dump of %d lines (previous form ends at line %d)",
					i+1, fm.Seq, fm.LineFrom, fm.LineTo, fm.PageFrom, fm.PageTo, lines, last)
			}
			last = fm.LineTo
		}
	})
}
