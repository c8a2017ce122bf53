package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files of the --template tests: a template of our own and a form of it,
// which the built-in templates do not read as one of theirs.
var (
	demoTemplate = filepath.Join("testdata", "demo-template.json")
	demoForms    = filepath.Join("testdata", "demo-forms")
)

func TestImportTemplate(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want string // template, code, year, recorded and computed total, findings
	}{
		{"with --template", []string{"--template", demoTemplate}, "demo|T2023001|2023|95.75|95.75|0"},
		{"without", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "a.db")
			args := append(append([]string{"import", "--db", db}, tt.args...), demoForms)
			if code, out, errOut := formaudit(t, args...); code != exitOK && tt.want != "" {
				t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
			}
			_, got, _ := formaudit(t, "query", "--db", db, "--format", "csv",
				`SELECT template || '|' || coalesce(project_code, '') || '|' || coalesce(year, '') || '|' || coalesce(recorded_total, '') || '|'
				|| computed_total || '|' || (SELECT count(*) FROM discrepancies) AS form FROM forms`)
			got = strings.TrimPrefix(strings.TrimSpace(got), "form\n")
			switch {
			case tt.want != "" && got != tt.want:
				t.Errorf("stored %q, want %q", got, tt.want)
			case tt.want == "" && strings.HasPrefix(got, "demo|"):
				t.Errorf("read with the demo template without --template: %q", got)
			}
		})
	}
}

func TestImportTemplateRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	national := strings.Replace(readFile(t, demoTemplate), `"name": "demo"`, `"name": "national"`, 1)
	for _, tt := range []struct {
		name, file string
		want       []string // what stderr must say besides the file's path
	}{
		{"bad JSON", write("broken.json", `{"name": "demo",`), []string{"unexpected end of JSON input"}},
		{"incomplete", write("incomplete.json", `{"name": "demo"}`), []string{"funds columns and indicator levels are required"}},
		{"name taken", write("national.json", national), []string{`"national" is taken by a built-in template`}},
		{"missing", filepath.Join(dir, "missing.json"), []string{"no such file"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "a.db")
			code, out, errOut := formaudit(t, "import", "--db", db, "--template", demoTemplate, "--template", tt.file, demoForms)
			if code != exitFatal || !strings.Contains(errOut, tt.file) {
				t.Errorf("exit %d, stderr %q; want exit %d naming %s", code, errOut, exitFatal, tt.file)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q does not say %q", errOut, w)
				}
			}
			if out != "" {
				t.Errorf("stdout %q; want nothing read", out)
			}
			if left, err := os.ReadDir(filepath.Dir(db)); err != nil || len(left) > 0 {
				t.Errorf("a refused template left %v behind (%v); want no database created", left, err)
			}
		})
	}
}

// TestImportTemplateReplaced checks that an import whose --template file
// holds another definition under a stored template's name says so, on
// stderr or in --json, with the forms read with the earlier one, and that
// the same definition again says nothing.
func TestImportTemplateReplaced(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	changed := filepath.Join(t.TempDir(), "demo-changed.json")
	def := readFile(t, demoTemplate)
	if err := os.WriteFile(changed, []byte(strings.Replace(def, "示范项目绩效自评表", "示范项目绩效自评表(修订)", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	const warning = "template demo: replaced another definition stored under that name; the forms read with it before (1)"
	for _, tt := range []struct {
		name, template string
		json           bool
		want           string // on stderr, or in the --json summary
	}{
		{"first", demoTemplate, false, ""},
		{"same again", demoTemplate, true, `"templates_replaced": []`},
		{"changed", changed, false, warning},
		{"changed back", demoTemplate, true, `"templates_replaced": [
    {
      "name": "demo",
      "forms": 1
    }
  ]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"import", "--db", db, "--template", tt.template, demoForms}
			if tt.json {
				args = append(args, "--json")
			}
			code, out, errOut := formaudit(t, args...)
			if code != exitOK {
				t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
			}
			if tt.json {
				if !strings.Contains(out, tt.want) {
					t.Errorf("--json %s; want %s", out, tt.want)
				}
				return
			}
			if warns := strings.Contains(errOut, warning); warns != (tt.want != "") {
				t.Errorf("stderr %q; warns %v, want %v", errOut, warns, tt.want != "")
			}
		})
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestShowTemplateOfOwn checks that show and audit lay out a form read with
// a --template definition under that template's title and labels, from the
// definition the database keeps, also after an import without --template;
// and that header notes name the field by the form's own label, so that
// show marks its cell. The form prints no year and no 归口部门.
func TestShowTemplateOfOwn(t *testing.T) {
	dir := t.TempDir()
	form := readFile(t, filepath.Join(demoForms, "shequ-shuwu.txt"))
	form = strings.Replace(form, "评价年度\t2023", "评价年度\t", 1)
	form = strings.Replace(form, "归口部门\t福田区文化广电旅游体育局", "归口部门\t", 1)
	if err := os.WriteFile(filepath.Join(dir, "form.txt"), []byte(form), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "a.db")
	if code, out, errOut := formaudit(t, "import", "--db", db, "--year", "2023", "--template", demoTemplate, dir); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	// An import without the definition leaves the stored one in place.
	if code, out, errOut := formaudit(t, "import", "--db", db, demoForms); code != exitOK {
		t.Fatalf("second import: exit %d\n%s%s", code, out, errOut)
	}
	_, stored, _ := formaudit(t, "query", "--db", db, "--format", "csv", "SELECT name FROM templates")
	if got := strings.TrimSpace(stored); got != "name\ndemo" {
		t.Errorf("templates stored: %q, want demo alone (built-in ones are not stored)", got)
	}
	_, findings, _ := formaudit(t, "query", "--db", db, "--format", "csv",
		"SELECT rule, field FROM discrepancies WHERE rule LIKE 'header.%' ORDER BY rule")
	if got, want := strings.TrimSpace(findings), "rule,field\nheader.blank,归口部门\nheader.year_inferred,评价年度"; got != want {
		t.Errorf("header notes:\n%s\nwant\n%s", got, want)
	}
	code, out, errOut := formaudit(t, "show", "--db", db, "--lang", "zh", "--source", "form.txt", "T2023001")
	if code != exitOK {
		t.Fatalf("show: exit %d\n%s", code, errOut)
	}
	if !strings.HasPrefix(out, "示范项目绩效自评表 ·") {
		t.Errorf("show's title line: %q, want the demo template's title", strings.SplitN(out, "\n", 2)[0])
	}
	for _, want := range []string{"│ 项目编号 │ T2023001", "│ 评价年度 │ 2023 *", "│ 归口部门 │  *", "│ 综合得分 │", "表中未印评价年度"} {
		if !strings.Contains(out, want) {
			t.Errorf("show does not print %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "项目编码") || strings.Contains(out, "│ 总分") {
		t.Errorf("show prints national labels for a demo form:\n%s", out)
	}
	_, html, _ := formaudit(t, "audit", "--db", db, "--format", "html", "--source", "form.txt")
	if !strings.Contains(html, "示范项目绩效自评表") || !strings.Contains(html, "项目编号") {
		t.Errorf("audit --format html does not lay the demo form out under its own title and labels")
	}
}

// TestShowTemplateUnreadable checks that a stored definition that no longer
// parses (edited by hand here) does not stop show: it warns, naming the
// template, and lays the form out under the national labels.
func TestShowTemplateUnreadable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	if code, out, errOut := formaudit(t, "import", "--db", db, "--template", demoTemplate, demoForms); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	execSQL(t, db, `UPDATE templates SET definition = '{"name": "demo"}' WHERE name = ?`, "demo")
	code, out, errOut := formaudit(t, "show", "--db", db, "--lang", "zh", "T2023001")
	if code != exitOK {
		t.Fatalf("show: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "warning: stored template demo:") || !strings.Contains(errOut, "national labels") {
		t.Errorf("stderr %q does not warn of the unreadable demo definition", errOut)
	}
	if !strings.HasPrefix(out, "项目支出绩效自评表 ·") || !strings.Contains(out, "│ 项目编码     │ T2023001") {
		t.Errorf("show does not fall back to the national labels:\n%s", out)
	}
}
