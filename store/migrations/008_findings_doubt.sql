-- Version 8: v_findings shows the OCR doubt of each finding (version 7), so
-- that people who query the file see which errors are likely OCR artefacts.
-- SQLite cannot alter a view: it is made again with the same columns in the
-- same order, and the three doubt columns after them.

DROP VIEW v_findings;

CREATE VIEW v_findings AS
SELECT
	d.id                AS finding_id,
	d.form_id           AS form_id,
	s.path              AS source,
	f.seq               AS form_seq,
	f.project_code      AS project_code,
	f.project_name      AS project_name,
	f.implementing_unit AS implementing_unit,
	f.year              AS year,
	d.rule              AS rule,
	d.severity          AS severity,
	d.field             AS field,
	d.recorded          AS recorded,
	d.computed          AS computed,
	d.message           AS message,
	d.line              AS line,
	f.page_from         AS page_from,
	f.page_to           AS page_to,
	f.sheet             AS sheet,
	f.cell_range        AS cell_range,
	s.path || coalesce(':' || d.line, '') AS location,
	d.doubt_field       AS doubt_field,
	d.doubt_printed     AS doubt_printed,
	d.doubt_used        AS doubt_used
FROM discrepancies d
JOIN forms f ON f.id = d.form_id
JOIN sources s ON s.id = f.source_id
ORDER BY s.path, f.seq, coalesce(d.line, 0), d.rule, d.id;

INSERT INTO schema_doc (table_name, column_name, description) VALUES
('v_findings', 'doubt_field', 'discrepancies.doubt_field: the doubtful OCR number that likely explains an error; NULL when none.'),
('v_findings', 'doubt_printed', 'discrepancies.doubt_printed: what OCR read for it; NULL when doubt_field is.'),
('v_findings', 'doubt_used', 'discrepancies.doubt_used: the value read from it, empty when left blank; NULL when doubt_field is.');

UPDATE schema_doc SET description = 'One row per finding with its form, unit, project, place in the source and, on an error of a form read through OCR, the doubtful number that likely explains it.'
WHERE table_name = 'v_findings' AND column_name = '';
