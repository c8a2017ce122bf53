package main

import (
	"encoding/json"
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

	// The terminal table heads each column with its name as SQL gives it.
	code, out, _ = formaudit(t, "query", "--db", db, "SELECT seq AS Form_Seq, project_name FROM v_forms LIMIT 1")
	if header := strings.Split(out, "\n")[1]; code != exitOK || !strings.Contains(header, "│ Form_Seq │ project_name ") {
		t.Errorf("table header %q (exit %d), want the columns' names as written", header, code)
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

// TestQueryJSON: query's JSON keeps the columns' order and each of them,
// a repeated name told apart as SQLite does; numbers are numbers, text is
// text even when it is all digits, NULL is null.
func TestQueryJSON(t *testing.T) {
	db := seedDB(t)
	_, out, errOut := formaudit(t, "query", "--db", db, "--format", "json", `
		SELECT f.id, s.id, f.project_code, v.recorded_total, NULL AS none, '<甲&乙>' AS text
		FROM forms f JOIN sources s ON s.id = f.source_id JOIN v_forms v ON v.form_id = f.id
		WHERE f.seq = 2`)
	want := `[
  {
    "id": 2,
    "id:1": 1,
    "project_code": "440300221111562000383",
    "recorded_total": 93.99,
    "none": null,
    "text": "<甲&乙>"
  }
]
`
	if out != want {
		t.Errorf("query json:\n%s\nwant\n%s(stderr %q)", out, want, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0]["id:1"] != 1.0 {
		t.Errorf("query json does not decode to its row: %v %v", rows, err)
	}
	if _, out, _ := formaudit(t, "query", "--db", db, "--format", "json", "SELECT 1 WHERE 0"); out != "[]\n" {
		t.Errorf("no rows: %q, want []", out)
	}
}
