package main

import (
	"strings"
	"testing"
)

func TestQueryMarkdownAndMaxRows(t *testing.T) {
	db := seedDB(t)
	code, out, errOut := formaudit(t, "query", "--db", db, "--format", "markdown", "--max-rows", "2",
		"SELECT seq, project_name, recorded_total, computed_total FROM v_forms ORDER BY seq")
	want := "| seq | project_name | recorded_total | computed_total |\n" +
		"| --: | --- | --: | --: |\n" +
		"| 1 | 国土空间基础信息平台升级及场景应用建设(一期) | 100 | 100 |\n" +
		"| 2 | 党组织建设 | 93.99 | 93.99 |\n"
	if code != exitOK || out != want {
		t.Errorf("markdown: exit %d\n%s\nwant\n%s", code, out, want)
	}
	if !strings.Contains(errOut, "2 of 14 rows shown") {
		t.Errorf("stderr %q does not say rows were left out", errOut)
	}

	code, out, errOut = formaudit(t, "query", "--db", db, "--format", "csv", "--max-rows", "20", "SELECT seq FROM v_forms")
	if code != exitOK || strings.Count(out, "\n") != 15 || errOut != "" {
		t.Errorf("--max-rows above the row count: exit %d, %d lines, stderr %q", code, strings.Count(out, "\n"), errOut)
	}

	code, _, errOut = formaudit(t, "query", "--db", db, "--max-rows", "-1", "SELECT 1")
	if code != exitFatal || !strings.Contains(errOut, "--max-rows -1") {
		t.Errorf("--max-rows -1: exit %d, %q", code, errOut)
	}
}

func TestQueryViewsReadOnly(t *testing.T) {
	db := seedDB(t)
	for _, sql := range []string{"DROP VIEW v_forms", "DELETE FROM schema_doc", "DELETE FROM search_text"} {
		if code, _, errOut := formaudit(t, "query", "--db", db, sql); code != exitFatal || errOut == "" {
			t.Errorf("%s: exit %d, stderr %q", sql, code, errOut)
		}
	}
	_, out, _ := formaudit(t, "query", "--db", db, "--format", "csv",
		"SELECT (SELECT count(*) FROM v_forms) || '/' || (SELECT count(*) > 0 FROM schema_doc) AS n")
	if strings.TrimSpace(out) != "n\n14/1" {
		t.Errorf("after refused writes: %q", out)
	}
}

// TestQueryCSVQuotesFormulas checks that text a spreadsheet would run as a
// formula is quoted in query CSV, and that negative numbers stay numbers.
func TestQueryCSVQuotesFormulas(t *testing.T) {
	db := seedDB(t)
	_, out, errOut := formaudit(t, "query", "--db", db, "--format", "csv",
		`SELECT '=HYPERLINK("http://x")' AS link, '-1+2' AS sum, -12.5 AS n, '-3' AS t`)
	if want := "link,sum,n,t\n\"'=HYPERLINK(\"\"http://x\"\")\",'-1+2,-12.5,-3\n"; out != want {
		t.Errorf("query csv %q, want %q (stderr %q)", out, want, errOut)
	}
}
