package main

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
)

var (
	htmlRow     = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>\s*`)
	htmlCell    = regexp.MustCompile(`<td[^>]*>`)
	htmlRowspan = regexp.MustCompile(`rowspan="?(\d+)"?`)
)

// dropEmptyRows rewrites the HTML table that LibreOffice Calc saves: a
// sheet row that merged cells cover whole comes out as an empty <tr>,
// which LibreOffice Writer's HTML import drops without shortening the
// row spans over it, so that the rows below it shift under the wrong
// columns in the Word document made from it. The empty rows are removed
// and the spans over them shortened, which prints the same table.
func dropEmptyRows(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	html := string(data)
	type span struct{ row, n, from, to int } // to and from: the digits in html
	var spans []span
	var empty []int // indexes of the empty rows
	rows := htmlRow.FindAllStringSubmatchIndex(html, -1)
	for i, r := range rows {
		body := html[r[2]:r[3]]
		cells := htmlCell.FindAllStringIndex(body, -1)
		if len(cells) == 0 {
			empty = append(empty, i)
			continue
		}
		for _, c := range cells {
			if m := htmlRowspan.FindStringSubmatchIndex(body[c[0]:c[1]]); m != nil {
				n, _ := strconv.Atoi(body[c[0]+m[2] : c[0]+m[3]])
				spans = append(spans, span{row: i, n: n, from: r[2] + c[0] + m[2], to: r[2] + c[0] + m[3]})
			}
		}
	}
	if len(empty) == 0 {
		return nil
	}
	type edit struct {
		from, to int
		text     string
	}
	var edits []edit
	for _, s := range spans {
		covered := 0
		for _, e := range empty {
			if e > s.row && e < s.row+s.n {
				covered++
			}
		}
		if covered > 0 {
			edits = append(edits, edit{s.from, s.to, strconv.Itoa(s.n - covered)})
		}
	}
	for _, e := range empty {
		edits = append(edits, edit{rows[e][0], rows[e][1], ""})
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	for _, e := range edits {
		html = html[:e.from] + e.text + html[e.to:]
	}
	if err := os.WriteFile(path, []byte(html), 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
