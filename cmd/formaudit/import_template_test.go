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

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
