-- Version 13: each finding records the page its printed value stands on, so
-- that a finding on a form printed over several pages names one page, not
-- the form's range. v_findings shows it after its other columns (SQLite
-- cannot alter a view: it is made again with the same columns in the same
-- order, and page after them).

ALTER TABLE discrepancies ADD COLUMN page INTEGER;

-- Findings stored before this version get the page where their form has
-- only one; those of forms over several pages stay NULL until imported again
-- with --force.
UPDATE discrepancies SET page = (
	SELECT f.page_from FROM forms f
	WHERE f.id = discrepancies.form_id AND f.page_from = f.page_to AND f.sheet IS NULL
) WHERE line IS NOT NULL;

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
	d.doubt_used        AS doubt_used,
	d.page              AS page
FROM discrepancies d
JOIN forms f ON f.id = d.form_id
JOIN sources s ON s.id = f.source_id
ORDER BY s.path, f.seq, coalesce(d.line, 0), d.rule, d.id;

INSERT INTO schema_doc (table_name, column_name, description) VALUES
('discrepancies', 'page', 'Page the printed value stands on, for PDFs and text dumps (pages split by form feeds); NULL for workbooks (see forms.sheet) and for a finding on no line.'),
('v_findings', 'page', 'discrepancies.page: the page of the printed value, for paged documents.');
