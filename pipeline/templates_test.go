package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/template"
)

// TestTemplateFiles checks that TemplateFiles join the built-in templates,
// and that they cannot be given together with a ready Template.
func TestTemplateFiles(t *testing.T) {
	national, err := os.ReadFile(filepath.Join("..", "template", "templates", "national.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mine.json")
	mine := strings.Replace(string(national), `"name": "national"`, `"name": "mine"`, 1)
	if err := os.WriteFile(path, []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	choice, err := Options{TemplateFiles: []string{path}}.templates()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range choice.Variants() {
		names = append(names, v.Name)
	}
	if names[0] != "national" || names[len(names)-1] != "mine" {
		t.Errorf("choice of %v; want the built-in ones, national first, then mine", names)
	}
	if _, err := (Options{Template: template.National(), TemplateFiles: []string{path}}).templates(); err == nil {
		t.Error("Template and TemplateFiles together: no error")
	}
}
