-- Version 6: templates other than the national one. A funds line may be a
-- line of its template's own (财政专户管理资金, 中央衔接资金), so funds.line is
-- no longer limited to the four national lines, and each line records the
-- line it is a part of. A form records the grade printed beside its total;
-- an indicator whether it is a sub-row (其中…), which is never scored.
--
-- SQLite cannot drop a CHECK constraint, so funds is rebuilt; v_forms, the
-- one view that reads it, is dropped first and made again as it was.

DROP VIEW v_forms;

CREATE TABLE funds_v6 (
	form_id              INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
	line                 TEXT NOT NULL CHECK (line <> ''),
	label                TEXT,
	part_of              TEXT,
	source_line          INTEGER,
	initial_fen          INTEGER,
	budget_fen           INTEGER,
	executed_fen         INTEGER,
	weight               REAL,
	recorded_rate        REAL,
	recorded_rate_places INTEGER,
	recorded_score       REAL,
	computed_rate        REAL,
	computed_score       REAL
);

-- Rows written before version 6 are national lines: fiscal, carryover and
-- other make up the total.
INSERT INTO funds_v6 (form_id, line, label, part_of, source_line, initial_fen, budget_fen,
	executed_fen, weight, recorded_rate, recorded_rate_places, recorded_score,
	computed_rate, computed_score)
SELECT form_id, line, label, CASE WHEN line IN ('fiscal', 'carryover', 'other') THEN 'total' END,
	source_line, initial_fen, budget_fen, executed_fen, weight, recorded_rate,
	recorded_rate_places, recorded_score, computed_rate, computed_score
FROM funds ORDER BY rowid;

DROP TABLE funds;
ALTER TABLE funds_v6 RENAME TO funds;
CREATE INDEX funds_form ON funds (form_id);

CREATE VIEW v_forms AS
SELECT
	f.id                                   AS form_id,
	s.path                                 AS source,
	f.seq                                  AS seq,
	f.project_code                         AS project_code,
	f.project_name                         AS project_name,
	f.year                                 AS year,
	f.implementing_unit                    AS implementing_unit,
	f.budget_unit                          AS budget_unit,
	t.initial_fen / 100.0                  AS initial_yuan,
	t.budget_fen / 100.0                   AS budget_yuan,
	t.executed_fen / 100.0                 AS executed_yuan,
	t.recorded_rate                        AS recorded_rate,
	round(t.computed_rate, 2)              AS execution_rate,
	f.recorded_total                       AS recorded_total,
	f.computed_total                       AS computed_total,
	round(f.recorded_total - f.computed_total, 4) AS total_difference,
	(SELECT count(*) FROM discrepancies d WHERE d.form_id = f.id) AS findings,
	(SELECT count(*) FROM discrepancies d WHERE d.form_id = f.id AND d.severity = 'error') AS errors,
	(SELECT count(*) FROM discrepancies d WHERE d.form_id = f.id AND d.severity = 'warning') AS warnings
FROM forms f
JOIN sources s ON s.id = f.source_id
-- The rowid subquery keeps one row per form even if a form had two total lines.
LEFT JOIN funds t ON t.rowid = (
	SELECT rowid FROM funds WHERE form_id = f.id AND line = 'total' ORDER BY rowid LIMIT 1)
ORDER BY s.path, f.seq;

ALTER TABLE forms ADD COLUMN grade TEXT;
ALTER TABLE indicators ADD COLUMN sub_row INTEGER NOT NULL DEFAULT 0 CHECK (sub_row IN (0, 1));

UPDATE schema_doc SET description = 'Template the form was read against: national, or the provincial template whose labels it prints (formaudit reads each form with the template that fits it).'
WHERE table_name = 'forms' AND column_name = 'template';
UPDATE schema_doc SET description = 'total (年度资金总额), fiscal (当年财政拨款), carryover (上年结转资金), other (其他资金), or a line of the form''s template of its own (special_account for 财政专户管理资金, central for 中央衔接资金, ...); label keeps what was printed.'
WHERE table_name = 'funds' AND column_name = 'line';
UPDATE schema_doc SET description = 'One row per 项目支出绩效自评表 (or provincial variant) found in a source.'
WHERE table_name = 'forms' AND column_name = '';

INSERT INTO schema_doc (table_name, column_name, description) VALUES
('funds', 'part_of', 'The line this line is a part of (total for fiscal, carryover and other; fiscal for 中央衔接资金); funds.breakdown checks that the parts add up. NULL for none.'),
('forms', 'grade', 'Grade printed beside the total (优, 良, 中, 差); NULL when none. total.grade checks it against the total.'),
('indicators', 'sub_row', '1 for a sub-row (其中…) that details the indicator above it and is never scored, 0 otherwise.');
