-- The search triggers of schema version 9 and FTS5's default merge settings,
-- for bench/storecost/run.sh to measure against the current schema:
--   bench/storecost/run.sh bench/storecost/version9.sql
DROP TRIGGER search_forms_project_name_insert; DROP TRIGGER search_forms_implementing_unit_insert; DROP TRIGGER search_forms_budget_unit_insert;
DROP TRIGGER search_goals_expected_insert; DROP TRIGGER search_goals_actual_insert; DROP TRIGGER search_indicators_name_insert; DROP TRIGGER search_indicators_note_insert;
CREATE TRIGGER search_forms_insert AFTER INSERT ON forms BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.id, 'forms.project_name', NULL, new.project_name WHERE new.project_name <> ''
	UNION ALL SELECT new.id, 'forms.implementing_unit', NULL, new.implementing_unit WHERE new.implementing_unit <> ''
	UNION ALL SELECT new.id, 'forms.budget_unit', NULL, new.budget_unit WHERE new.budget_unit <> '';
END;
CREATE TRIGGER search_goals_insert AFTER INSERT ON goals BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.form_id, 'goals.expected', new.seq, new.expected WHERE new.expected <> ''
	UNION ALL SELECT new.form_id, 'goals.actual', new.seq, new.actual WHERE new.actual <> '';
END;
CREATE TRIGGER search_indicators_insert AFTER INSERT ON indicators BEGIN
	INSERT INTO search_text (form_id, field, item, text)
	SELECT new.form_id, 'indicators.name', new.seq, new.name WHERE new.name <> ''
	UNION ALL SELECT new.form_id, 'indicators.note', new.seq, new.note WHERE new.note <> '';
END;
INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4);
DELETE FROM search_fts_config WHERE k = 'hashsize';
