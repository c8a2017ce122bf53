package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract/pdfwalk/pdftest"
	"github.com/formaudit/formaudit/score"
)

// TestImportNotesUnreadablePage imports a PDF holding a form on page 1 and a
// page 2 that cannot be read: the form is stored with a warning naming
// page 2 and its damage, and the summary counts it.
func TestImportNotesUnreadablePage(t *testing.T) {
	b := pdftest.New()
	font := b.CIDFont("UniGB-UCS2-H")
	var c strings.Builder
	for i, line := range [][]string{{"项目支出绩效自评表"}, {"项目编码：", "440300241113100001007", "项目名称：", "党组织建设"}} {
		for j, s := range line {
			fmt.Fprintf(&c, "BT /F 9 Tf %d %d Td %s Tj ET\n", 40+j*110, 800-20*i, pdftest.UCS2(s))
		}
	}
	b.Page(c.String(), fmt.Sprintf("/Font << /F %d 0 R >>", font), "")
	b.Page("/X Do", fmt.Sprintf("/XObject << /X %d 0 R >>", b.Add("<< 1 2 >>")), "")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "damaged.pdf"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db, _ := openDB(t)
	sum, err := Import(context.Background(), db, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	byStatus, forms, _, warnings := sum.Count()
	if byStatus[StatusImported] != 1 || forms != 1 || warnings == 0 {
		t.Fatalf("got %v, %d forms, %d warnings; want 1 imported form with warnings", byStatus, forms, warnings)
	}
	_, rows, err := db.Query(context.Background(), `SELECT f.seq, d.severity, d.field, d.message FROM discrepancies d
		JOIN forms f ON f.id = d.form_id WHERE d.rule = ?`, score.RulePDFPageUnreadable)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d %s findings, want 1", len(rows), score.RulePDFPageUnreadable)
	}
	seq, sev, field, msg := *rows[0][0], *rows[0][1], *rows[0][2], *rows[0][3]
	if seq != "1" || sev != string(score.Warning) || field != "page 2" ||
		!strings.HasPrefix(msg, "page 2 could not be read (damaged PDF") || !strings.Contains(msg, "may be missing") {
		t.Errorf("finding on form %s: %s %s %q", seq, sev, field, msg)
	}
}
