-- Version 3: views with the joins done and amounts in 元, for people who query the file.
--
-- Amounts are fen / 100.0: the REAL nearest the exact amount in 元, so that the
-- columns sort and add up as numbers in sqlite3, Datasette and Excel, and print
-- exactly for every amount below 10^13 元 (15 significant digits). Exact sums
-- stay available as INTEGER fen in funds.

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
	s.path || coalesce(':' || d.line, '') AS location
FROM discrepancies d
JOIN forms f ON f.id = d.form_id
JOIN sources s ON s.id = f.source_id
ORDER BY s.path, f.seq, coalesce(d.line, 0), d.rule, d.id;

-- met mirrors normalize.Quantity.Meets on the stored REAL values: a target
-- printed without a comparator reads as "at least"; an actual with its own
-- comparator is a bound, met when every value it allows meets the target and
-- unmet when none does; units must agree unless one is blank. The store keeps
-- no flag for a printed "=", so an "=" target counts as printed when its text
-- shows "=" or 等于, the only spellings the parser reads as an explicit "=".
CREATE VIEW v_indicators AS
WITH judged AS (
	SELECT
		i.*,
		CASE
			WHEN i.target_op = '=' AND instr(i.target, '=') = 0 AND instr(i.target, '＝') = 0
				AND instr(i.target, '等于') = 0 THEN '>='
			ELSE i.target_op
		END AS t_op
	FROM indicators i
),
bounds AS (
	SELECT
		j.*,
		CASE WHEN t_op IN ('>=', '>', '=') THEN target_value END AS t_lo,
		t_op = '>' AS t_lo_open,
		CASE WHEN t_op IN ('<=', '<', '=') THEN target_value END AS t_hi,
		t_op = '<' AS t_hi_open,
		CASE WHEN actual_op IN ('>=', '>', '=') THEN actual_value END AS a_lo,
		actual_op = '>' AS a_lo_open,
		CASE WHEN actual_op IN ('<=', '<', '=') THEN actual_value END AS a_hi,
		actual_op = '<' AS a_hi_open,
		target_value IS NOT NULL AND actual_value IS NOT NULL
			AND t_op IN ('>=', '<=', '>', '<', '=')
			AND actual_op IN ('>=', '<=', '>', '<', '=')
			AND (target_unit IS NULL OR actual_unit IS NULL OR target_unit = actual_unit) AS comparable
	FROM judged j
),
verdict AS (
	SELECT
		b.*,
		CASE
			WHEN NOT comparable THEN NULL
			-- every value the actual allows lies within the target
			WHEN (t_lo IS NULL OR (a_lo IS NOT NULL AND (a_lo > t_lo OR (a_lo = t_lo AND (NOT t_lo_open OR a_lo_open)))))
				AND (t_hi IS NULL OR (a_hi IS NOT NULL AND (a_hi < t_hi OR (a_hi = t_hi AND (NOT t_hi_open OR a_hi_open)))))
				THEN 1
			-- no value does: one interval lies wholly below the other
			WHEN (a_hi IS NOT NULL AND t_lo IS NOT NULL AND (a_hi < t_lo OR (a_hi = t_lo AND (a_hi_open OR t_lo_open))))
				OR (t_hi IS NOT NULL AND a_lo IS NOT NULL AND (t_hi < a_lo OR (t_hi = a_lo AND (t_hi_open OR a_lo_open))))
				THEN 0
		END AS met
	FROM bounds b
)
SELECT
	i.form_id           AS form_id,
	s.path              AS source,
	f.seq               AS form_seq,
	f.project_code      AS project_code,
	f.project_name      AS project_name,
	f.implementing_unit AS implementing_unit,
	f.year              AS year,
	i.seq               AS seq,
	i.level1            AS level1,
	i.level2            AS level2,
	i.name              AS name,
	i.target            AS target,
	i.actual            AS actual,
	i.t_op              AS target_op,
	i.target_value      AS target_value,
	i.target_unit       AS target_unit,
	i.target_year       AS target_year,
	i.actual_op         AS actual_op,
	i.actual_value      AS actual_value,
	i.actual_unit       AS actual_unit,
	i.met               AS met,
	i.weight            AS weight,
	i.score             AS score,
	CASE WHEN i.weight IS NOT NULL AND i.score IS NOT NULL THEN i.weight > 0 AND i.score = i.weight END AS full_score,
	i.note              AS note,
	i.source_line       AS line
FROM verdict i
JOIN forms f ON f.id = i.form_id
JOIN sources s ON s.id = f.source_id
ORDER BY s.path, f.seq, i.seq;
