package report

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestWriteMarkdown(t *testing.T) {
	s := func(v string) *string { return &v }
	tab := Table{
		Header: []string{"seq", "project", "budget_yuan", "note"},
		Rows: [][]*string{
			{s("1"), s("a|b"), s("12.5"), nil},
			{s("2"), s("line1\nline2"), nil, s(`x\y`)},
			{s("10"), s("重点实验室"), s("-3e2"), s("3")},
		},
		MaxWidth: map[string]int{"project": 2}, // for terminals only
	}
	if err := CheckFormat("markdown"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, tab, "markdown"); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/markdown.golden.md")
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteMarkdownEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, Table{Header: []string{"n"}}, "markdown"); err != nil {
		t.Fatal(err)
	}
	// With no rows no column is known to be numeric.
	if got, want := b.String(), "| n |\n| --- |\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUnknownFormatListsFormats(t *testing.T) {
	err := CheckFormat("xml")
	if err == nil || !strings.Contains(err.Error(), "markdown") || !strings.Contains(err.Error(), "csv") {
		t.Errorf("CheckFormat(xml) = %v, want an error naming the formats", err)
	}
	if err := Write(&bytes.Buffer{}, Table{}, "xml"); err == nil {
		t.Error("Write accepted format xml")
	}
}
