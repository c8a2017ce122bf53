package report

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/store"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// seedWorkbook writes the seed's audit as a workbook and opens it again.
func seedWorkbook(t *testing.T, db *store.DB, l Lang) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAudit(&buf, seedAudit(t, db, Filter{}, l), "xlsx", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestXLSXGolden compares a text dump of the workbook (cells, panes and
// filters) with the golden file; the zip container itself is not stable
// enough to compare byte for byte.
func TestXLSXGolden(t *testing.T) {
	f := seedWorkbook(t, seedDB(t), English)
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== sheet %s (frozen %v at %s)\n", sheet, panes.Freeze, panes.TopLeftCell)
		for i, r := range rows {
			fmt.Fprintf(&b, "%d\t%s\n", i+1, strings.Join(r, "\t"))
		}
	}
	for _, d := range f.GetDefinedName() {
		fmt.Fprintf(&b, "== defined %s %s = %s\n", d.Scope, d.Name, d.RefersTo)
	}
	golden(t, "audit.en.xlsx.txt", []byte(b.String()))
}

func TestXLSXMatchesDatabase(t *testing.T) {
	db := seedDB(t)
	f := seedWorkbook(t, db, English)
	ctx := context.Background()
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Findings,Forms" {
		t.Fatalf("sheets %s", got)
	}

	// Both tables: a frozen header row and an autofilter over the header and every row.
	for _, tt := range []struct {
		sheet, lastCol string
		count          string
	}{
		{"Findings", "P", "SELECT count(*) FROM discrepancies"},
		{"Forms", "P", "SELECT count(*) FROM forms"},
	} {
		panes, err := f.GetPanes(tt.sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, %v; want the header row frozen", tt.sheet, panes, err)
		}
		_, rows, err := db.Query(ctx, tt.count)
		if err != nil {
			t.Fatal(err)
		}
		n := *rows[0][0]
		want := fmt.Sprintf("'%s'!$A$1:$%s$%d", tt.sheet, tt.lastCol, atoi(t, n)+1)
		found := false
		for _, d := range f.GetDefinedName() {
			if d.Name == "_xlnm._FilterDatabase" && d.RefersTo == want {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no autofilter over %s (defined names %+v)", tt.sheet, want, f.GetDefinedName())
		}
	}

	header, err := f.GetRows("Findings")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := "file,id,form,project code,project,unit,year,location,line,rule,severity,field,recorded,recomputed,tolerance,message"
	if got := strings.Join(header[0], ","); got != wantHeader {
		t.Errorf("findings header\n got %s\nwant %s", got, wantHeader)
	}
	// Every finding of the database once, recorded and recomputed as stored.
	_, rows, err := db.Query(ctx, `SELECT form_id, rule, coalesce(field, ''), coalesce(recorded, ''), coalesce(computed, '') FROM discrepancies`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, r := range rows {
		want[strings.Join([]string{*r[0], *r[1], *r[2], *r[3], *r[4]}, "|")]++
	}
	for _, r := range header[1:] {
		r = append(r, make([]string, 16)...)
		want[strings.Join([]string{r[1], r[9], r[11], r[12], r[13]}, "|")]--
	}
	for k, n := range want {
		if n != 0 {
			t.Errorf("finding %s: %d more in the database than in the sheet", k, n)
		}
	}

	// The forms sheet: one row per form, numbers equal to the database's.
	sheet, err := f.GetRows("Forms", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(sheet[0][:13], ","); got != "id,file,form,project code,project,unit,year,recorded 总分,recomputed 总分,difference,execution rate (%),全年预算数 (元),全年执行数 (元)" {
		t.Errorf("forms header %s", got)
	}
	_, rows, err = db.Query(ctx, `
		SELECT f.id, f.recorded_total, round(f.computed_total, 2), round(f.recorded_total - f.computed_total, 2),
			round(t.computed_rate, 2), t.budget_fen, t.executed_fen
		FROM forms f LEFT JOIN funds t ON t.form_id = f.id AND t.line = 'total' ORDER BY f.id`)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheet)-1 != len(rows) {
		t.Fatalf("%d form rows, %d forms", len(sheet)-1, len(rows))
	}
	for i, r := range rows {
		got := append(sheet[i+1], make([]string, 16)...)
		if got[0] != *r[0] {
			t.Fatalf("row %d is form %s, want %s", i+2, got[0], *r[0])
		}
		for _, c := range []struct {
			name string
			cell string
			db   *string
			fen  bool
		}{
			{"recorded total", got[7], r[1], false},
			{"recomputed total", got[8], r[2], false},
			{"difference", got[9], r[3], false},
			{"execution rate", got[10], r[4], false},
			{"budget", got[11], r[5], true},
			{"executed", got[12], r[6], true},
		} {
			if !sameNumber(t, c.cell, c.db, c.fen) {
				t.Errorf("form %s %s: sheet %q, database %v", *r[0], c.name, c.cell, deref(c.db))
			}
		}
	}

	// The summary's counts by severity.
	summary, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	for _, sev := range []string{"error", "warning"} {
		_, rows, err := db.Query(ctx, "SELECT count(*) FROM discrepancies WHERE severity = ?", sev)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range summary {
			if len(r) >= 2 && r[0] == sev && r[1] == *rows[0][0] {
				found = true
			}
		}
		if !found {
			t.Errorf("summary lacks %s = %s", sev, *rows[0][0])
		}
	}
}

// sameNumber compares a sheet cell with a database value: equal decimals,
// or both blank. Amounts in the database are fen, in the sheet 元.
func sameNumber(t *testing.T, cell string, db *string, fen bool) bool {
	t.Helper()
	if db == nil {
		return cell == ""
	}
	want := decimal.RequireFromString(*db)
	if fen {
		want = want.Shift(-2)
	}
	got, err := decimal.NewFromString(cell)
	if err != nil {
		return false
	}
	return got.Equal(want)
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
