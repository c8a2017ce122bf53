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

// TestOwnTemplates checks which templates an import stores: those of its
// choice, or its one template, that are not built in.
func TestOwnTemplates(t *testing.T) {
	mine := *template.National()
	mine.Name = "mine"
	withMine, err := template.Default(&mine)
	if err != nil {
		t.Fatal(err)
	}
	builtin, err := template.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		t    *template.Template
		want string
	}{
		{"no template given", nil, ""},
		{"the built-in choice", builtin, ""},
		{"a built-in template alone", template.National(), ""},
		{"the built-in choice and mine", withMine, "mine"},
		{"mine alone", &mine, "mine"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			for _, o := range own(tt.t) {
				names = append(names, o.Name)
			}
			if got := strings.Join(names, " "); got != tt.want {
				t.Errorf("stored %q, want %q", got, tt.want)
			}
		})
	}
}
