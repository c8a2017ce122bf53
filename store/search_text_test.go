package store_test

import (
	"testing"
)

// wantTexts is every searchable text of the base tables, blank ones left out,
// as search_text should hold them.
const wantTexts = `
	SELECT id AS form_id, 'forms.project_name' AS field, NULL AS item, project_name AS text FROM forms WHERE project_name <> ''
	UNION ALL SELECT id, 'forms.implementing_unit', NULL, implementing_unit FROM forms WHERE implementing_unit <> ''
	UNION ALL SELECT id, 'forms.budget_unit', NULL, budget_unit FROM forms WHERE budget_unit <> ''
	UNION ALL SELECT form_id, 'goals.expected', seq, expected FROM goals WHERE expected <> ''
	UNION ALL SELECT form_id, 'goals.actual', seq, actual FROM goals WHERE actual <> ''
	UNION ALL SELECT form_id, 'indicators.name', seq, name FROM indicators WHERE name <> ''
	UNION ALL SELECT form_id, 'indicators.note', seq, note FROM indicators WHERE note <> ''`

// TestSearchTextInStep checks the triggers that fill search_text: after an
// import, and after rows are added, changed and deleted by hand as in
// sqlite3, it holds each non-blank text of the base tables once.
func TestSearchTextInStep(t *testing.T) {
	db, _ := importFiles(t, seedPath)
	inStep := func(step string) {
		t.Helper()
		var want, got, missing, extra int
		err := db.SQL().QueryRow(`SELECT
			(SELECT count(*) FROM (`+wantTexts+`)),
			(SELECT count(*) FROM search_text),
			(SELECT count(*) FROM (`+wantTexts+` EXCEPT SELECT form_id, field, item, text FROM search_text)),
			(SELECT count(*) FROM (SELECT form_id, field, item, text FROM search_text EXCEPT SELECT * FROM (`+wantTexts+`)))`).
			Scan(&want, &got, &missing, &extra)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if want == 0 || got != want || missing != 0 || extra != 0 {
			t.Errorf("%s: search_text holds %d rows for %d texts: %d missing, %d not a text", step, got, want, missing, extra)
		}
	}
	inStep("import")

	for _, step := range []struct{ name, sql string }{
		{"form with blank and missing names", `INSERT INTO forms (source_id, seq, project_name, implementing_unit, budget_unit)
			SELECT source_id, 99, '', NULL, '某局' FROM forms LIMIT 1`},
		{"goal with a blank actual", `INSERT INTO goals (form_id, seq, expected, actual)
			SELECT id, 9, '新目标', '' FROM forms WHERE seq = 99`},
		{"indicators with and without notes", `INSERT INTO indicators (form_id, seq, name, note)
			SELECT id, 1, '新指标', NULL FROM forms WHERE seq = 99
			UNION ALL SELECT id, 2, '', '只有说明' FROM forms WHERE seq = 99`},
		{"name filled in", `UPDATE forms SET project_name = '补填的名称' WHERE seq = 99`},
		{"note cleared", `UPDATE indicators SET note = '' WHERE name = '' AND note = '只有说明'`},
		{"goal deleted", `DELETE FROM goals WHERE expected = '新目标'`},
		{"form deleted", `DELETE FROM forms WHERE seq = 1`},
	} {
		if _, err := db.SQL().Exec(step.sql); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		inStep(step.name)
	}
}
