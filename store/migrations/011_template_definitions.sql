-- Version 11: the definitions of the templates given to import with
-- --template are stored with the forms read by them, so that show and
-- audit lay a form out under its own labels, and so that people who query
-- the file can see what forms.template names. The built-in templates are in
-- formaudit itself and are not stored.

CREATE TABLE templates (
	name       TEXT PRIMARY KEY,
	definition TEXT NOT NULL
);

INSERT INTO schema_doc (table_name, column_name, description) VALUES
('templates', '', 'Template definitions given to formaudit import with --template, one row per name: the one last imported with. forms.template names them (or a built-in template, which is not stored here).'),
('templates', 'name', 'The template''s name, as in forms.template.'),
('templates', 'definition', 'The definition as JSON, in the format of template/README.md.');
