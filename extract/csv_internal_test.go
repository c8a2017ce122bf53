package extract

import (
	"errors"
	"strings"
	"testing"
)

func TestCSVGrid(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		csv        bool
	}{
		{"a sheet saved as CSV", "项目支出绩效自评表,,\n项目编码:,\"1,2\",\n\n,,\n", true},
		{"a quoted cell over two lines", "a,\"b\nc\",d\ne,f,g\n", true},
		{"tab-separated", "a\tb\tc\nd,e,f\n", false},
		{"space-aligned", "项目编码:  4403  项目名称:  x\n年度资金总额  11,264,600.00  11,264,600.00\n", false},
		{"records of different widths", "a,b,c\nd,e\n", false},
		{"two fields", "a,b\nc,d\n", false},
		{"a stray quote", "a,b\"c,d\ne,f,g\n", false},
		{"no cells", ",,\n,,\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok, err := csvGrid(tt.text); ok != tt.csv || err != nil {
				t.Errorf("csvGrid = %v, %v; want %v", ok, err, tt.csv)
			}
		})
	}
	g, _, _ := csvGrid("a,\"b\nc\",d\ne,f,g\n")
	if g.cells[cellPos{1, 2}] != "b c" || g.cells[cellPos{2, 3}] != "g" {
		t.Errorf("cells %v: want a quoted cell's lines joined in row 1, the next record in row 2", g.cells)
	}
	huge := "a,b,c\n" + strings.Repeat(",,\n", maxSheetSlots/3+1)
	if _, ok, err := csvGrid(huge); !ok || !errors.Is(err, ErrWorkbookTooLarge) {
		t.Errorf("a CSV past maxSheetSlots cells: %v, %v; want ErrWorkbookTooLarge", ok, err)
	}
}
