-- No search: the triggers that copy a form's texts into search_text are
-- dropped, so that neither search_text nor its full-text index is written.
-- What storing costs without search, against the current schema:
--   bench/storecost/run.sh bench/storecost/nofts.sql bench/storecost/nosearch.sql
DROP TRIGGER search_forms_project_name_insert; DROP TRIGGER search_forms_implementing_unit_insert; DROP TRIGGER search_forms_budget_unit_insert;
DROP TRIGGER search_goals_expected_insert; DROP TRIGGER search_goals_actual_insert; DROP TRIGGER search_indicators_name_insert; DROP TRIGGER search_indicators_note_insert;
