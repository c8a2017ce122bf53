-- Version 4: every searchable text of a form in one plain table, kept in step
-- with the base tables by triggers. The FTS5 index over it (search_fts) is
-- not part of this script: it needs an SQLite built with FTS5, so the program
-- adds it whenever such a build opens the file for writing (store/search_index.go).

CREATE TABLE search_text (
	id      INTEGER PRIMARY KEY,
	form_id INTEGER NOT NULL,
	field   TEXT NOT NULL,
	item    INTEGER,
	text    TEXT NOT NULL
);

CREATE INDEX search_text_form ON search_text (form_id, field, item);

INSERT INTO search_text (form_id, field, item, text)
SELECT id, 'forms.project_name', NULL, project_name FROM forms WHERE project_name <> ''
UNION ALL
SELECT id, 'forms.implementing_unit', NULL, implementing_unit FROM forms WHERE implementing_unit <> ''
UNION ALL
SELECT id, 'forms.budget_unit', NULL, budget_unit FROM forms WHERE budget_unit <> ''
UNION ALL
SELECT form_id, 'goals.expected', seq, expected FROM goals WHERE expected <> ''
UNION ALL
SELECT form_id, 'goals.actual', seq, actual FROM goals WHERE actual <> ''
UNION ALL
SELECT form_id, 'indicators.name', seq, name FROM indicators WHERE name <> ''
UNION ALL
SELECT form_id, 'indicators.note', seq, note FROM indicators WHERE note <> '';

-- The triggers do not rely on foreign keys: sqlite3 and most GUI tools open
-- files with foreign_keys off, and a form deleted there must leave no text behind.

CREATE TRIGGER search_forms_insert AFTER INSERT ON forms BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.id, 'forms.project_name', NULL, new.project_name WHERE new.project_name <> ''
	UNION ALL
	SELECT new.id, 'forms.implementing_unit', NULL, new.implementing_unit WHERE new.implementing_unit <> ''
	UNION ALL
	SELECT new.id, 'forms.budget_unit', NULL, new.budget_unit WHERE new.budget_unit <> '';
END;

CREATE TRIGGER search_forms_update AFTER UPDATE OF project_name, implementing_unit, budget_unit ON forms BEGIN
	DELETE FROM search_text WHERE form_id = old.id
		AND field IN ('forms.project_name', 'forms.implementing_unit', 'forms.budget_unit');
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.id, 'forms.project_name', NULL, new.project_name WHERE new.project_name <> ''
	UNION ALL
	SELECT new.id, 'forms.implementing_unit', NULL, new.implementing_unit WHERE new.implementing_unit <> ''
	UNION ALL
	SELECT new.id, 'forms.budget_unit', NULL, new.budget_unit WHERE new.budget_unit <> '';
END;

CREATE TRIGGER search_forms_delete AFTER DELETE ON forms BEGIN
	DELETE FROM search_text WHERE form_id = old.id;
END;

CREATE TRIGGER search_goals_insert AFTER INSERT ON goals BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.form_id, 'goals.expected', new.seq, new.expected WHERE new.expected <> ''
	UNION ALL
	SELECT new.form_id, 'goals.actual', new.seq, new.actual WHERE new.actual <> '';
END;

CREATE TRIGGER search_goals_update AFTER UPDATE OF form_id, seq, expected, actual ON goals BEGIN
	DELETE FROM search_text WHERE form_id = old.form_id
		AND field IN ('goals.expected', 'goals.actual') AND item = old.seq;
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.form_id, 'goals.expected', new.seq, new.expected WHERE new.expected <> ''
	UNION ALL
	SELECT new.form_id, 'goals.actual', new.seq, new.actual WHERE new.actual <> '';
END;

CREATE TRIGGER search_goals_delete AFTER DELETE ON goals BEGIN
	DELETE FROM search_text WHERE form_id = old.form_id
		AND field IN ('goals.expected', 'goals.actual') AND item = old.seq;
END;

CREATE TRIGGER search_indicators_insert AFTER INSERT ON indicators BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.form_id, 'indicators.name', new.seq, new.name WHERE new.name <> ''
	UNION ALL
	SELECT new.form_id, 'indicators.note', new.seq, new.note WHERE new.note <> '';
END;

CREATE TRIGGER search_indicators_update AFTER UPDATE OF form_id, seq, name, note ON indicators BEGIN
	DELETE FROM search_text WHERE form_id = old.form_id
		AND field IN ('indicators.name', 'indicators.note') AND item = old.seq;
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.form_id, 'indicators.name', new.seq, new.name WHERE new.name <> ''
	UNION ALL
	SELECT new.form_id, 'indicators.note', new.seq, new.note WHERE new.note <> '';
END;

CREATE TRIGGER search_indicators_delete AFTER DELETE ON indicators BEGIN
	DELETE FROM search_text WHERE form_id = old.form_id
		AND field IN ('indicators.name', 'indicators.note') AND item = old.seq;
END;
