package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestSchemaCommand(t *testing.T) {
	db := seedDB(t)
	code, out, errOut := formaudit(t, "schema", "--db", db)
	if code != exitOK {
		t.Fatalf("schema: exit %d, %s", code, errOut)
	}
	for _, re := range []string{
		`(?m)^forms \(table\): One row per 项目支出绩效自评表`,
		`(?m)^v_forms \(view\): `,
		`(?m)^v_findings \(view\): `,
		`(?m)^v_indicators \(view\): `,
		`(?m)^schema_doc \(table\): `,
		`(?m)^  budget_fen +INTEGER +全年预算数 in fen\.$`,
		`(?m)^  total_difference +recorded_total - computed_total`,
		`(?m)^  met +1 when the actual meets the target`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("schema output lacks %s", re)
		}
	}
	if strings.Contains(out, "search_fts_") {
		t.Error("schema lists the FTS5 shadow tables")
	}

	code, out, _ = formaudit(t, "schema", "--db", db, "--format", "json", "v_forms")
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); code != exitOK || err != nil {
		t.Fatalf("schema json: exit %d, %v\n%s", code, err, out)
	}
	if len(rows) != 20 || rows[0]["object"] != "v_forms" || rows[0]["column"] != "" || rows[1]["column"] != "form_id" {
		t.Errorf("schema v_forms as json: %d rows, first %v", len(rows), rows[:min(2, len(rows))])
	}

	code, _, errOut = formaudit(t, "schema", "--db", db, "nosuch")
	if code != exitFatal || !strings.Contains(errOut, `"nosuch"`) {
		t.Errorf("schema nosuch: exit %d, %q", code, errOut)
	}
	code, _, errOut = formaudit(t, "schema", "--db", filepath.Join(t.TempDir(), "missing.db"))
	if code != exitFatal || !strings.Contains(errOut, "missing.db") {
		t.Errorf("schema of a missing file: exit %d, %q", code, errOut)
	}
}
