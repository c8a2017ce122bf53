-- Version 10: a text of a form reaches search_text through a trigger of its
-- own, guarded by WHEN, that inserts one row of VALUES. The triggers of
-- version 4 inserted a compound SELECT (one arm per text, each with its own
-- WHERE), and SQLite runs an INSERT ... SELECT into a table that has triggers
-- of its own (search_fts's) through a temporary table: one was made, filled
-- and dropped for every form, goal and indicator stored, a fifth of the cost
-- of storing a form. What lands in search_text is the same.
--
-- The update and delete triggers are left as they are: they run only when a
-- row is changed in place, which formaudit never does.

DROP TRIGGER search_forms_insert;
DROP TRIGGER search_goals_insert;
DROP TRIGGER search_indicators_insert;

CREATE TRIGGER search_forms_project_name_insert AFTER INSERT ON forms
WHEN new.project_name <> '' BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	VALUES (new.id, 'forms.project_name', NULL, new.project_name);
END;

CREATE TRIGGER search_forms_implementing_unit_insert AFTER INSERT ON forms
WHEN new.implementing_unit <> '' BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	VALUES (new.id, 'forms.implementing_unit', NULL, new.implementing_unit);
END;

CREATE TRIGGER search_forms_budget_unit_insert AFTER INSERT ON forms
WHEN new.budget_unit <> '' BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	VALUES (new.id, 'forms.budget_unit', NULL, new.budget_unit);
END;

CREATE TRIGGER search_goals_expected_insert AFTER INSERT ON goals
WHEN new.expected <> '' BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	VALUES (new.form_id, 'goals.expected', new.seq, new.expected);
END;

CREATE TRIGGER search_goals_actual_insert AFTER INSERT ON goals
WHEN new.actual <> '' BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	VALUES (new.form_id, 'goals.actual', new.seq, new.actual);
END;

CREATE TRIGGER search_indicators_name_insert AFTER INSERT ON indicators
WHEN new.name <> '' BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	VALUES (new.form_id, 'indicators.name', new.seq, new.name);
END;

CREATE TRIGGER search_indicators_note_insert AFTER INSERT ON indicators
WHEN new.note <> '' BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	VALUES (new.form_id, 'indicators.note', new.seq, new.note);
END;
