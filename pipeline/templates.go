package pipeline

import (
	"errors"
	"fmt"
	"os"

	"github.com/formaudit/formaudit/template"
)

// LoadTemplates returns o with the definitions of TemplateFiles read into
// Template, or the error Import would stop with, so that a caller can refuse
// a bad definition before it opens, or creates, a database.
func (o Options) LoadTemplates() (Options, error) {
	t, err := o.templates()
	if err != nil {
		return o, err
	}
	o.Template, o.TemplateFiles = t, nil
	return o, nil
}

// templates is the template choice an import reads with: Template as given,
// or the built-in templates with those of TemplateFiles. A definition that
// cannot be read or parsed, or that takes a name already taken, is an error
// naming its file, so that nothing is imported with a template missing.
func (o Options) templates() (*template.Template, error) {
	if len(o.TemplateFiles) == 0 {
		return o.Template, nil
	}
	if o.Template != nil {
		return nil, errors.New("pipeline: Options.Template and Options.TemplateFiles cannot both be set")
	}
	takenBy := map[string]string{}
	extra := make([]*template.Template, 0, len(o.TemplateFiles))
	for _, path := range o.TemplateFiles {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("template file: %w", err)
		}
		t, err := template.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("template file %s: %w", path, err)
		}
		by, taken := takenBy[t.Name]
		if template.IsBuiltin(t.Name) {
			by, taken = "a built-in template", true
		}
		if taken {
			return nil, fmt.Errorf("template file %s: the name %q is taken by %s", path, t.Name, by)
		}
		takenBy[t.Name] = path
		extra = append(extra, t)
	}
	return template.Default(extra...)
}

// own returns the templates of t, or of its choice, that are not built in:
// the ones whose definitions the database keeps for its readers.
func own(t *template.Template) []*template.Template {
	if t == nil {
		return nil
	}
	ts := t.Variants()
	if len(ts) == 0 {
		ts = []*template.Template{t}
	}
	var out []*template.Template
	for _, t := range ts {
		if !template.IsBuiltin(t.Name) {
			out = append(out, t)
		}
	}
	return out
}
