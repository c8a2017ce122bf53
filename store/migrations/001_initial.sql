-- Version 1: imported files, their forms, the forms' blocks and the discrepancies found.
-- Money is INTEGER fen; rates are REAL percent; weights and scores are REAL; blanks are NULL.

CREATE TABLE sources (
	id          INTEGER PRIMARY KEY,
	path        TEXT NOT NULL UNIQUE,
	sha256      TEXT,
	format      TEXT,
	size        INTEGER,
	imported_at TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
	error       TEXT,
	forms       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE forms (
	id                INTEGER PRIMARY KEY,
	source_id         INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	seq               INTEGER NOT NULL,
	template          TEXT,
	project_code      TEXT,
	code_truncated    INTEGER NOT NULL DEFAULT 0 CHECK (code_truncated IN (0, 1)),
	project_name      TEXT,
	year              INTEGER,
	year_inferred     INTEGER NOT NULL DEFAULT 0 CHECK (year_inferred IN (0, 1)),
	implementing_unit TEXT,
	budget_unit       TEXT,
	amount_unit       TEXT,
	total_weight      REAL,
	recorded_total    REAL,
	computed_total    REAL,
	line_from         INTEGER,
	line_to           INTEGER,
	total_line        INTEGER,
	UNIQUE (source_id, seq)
);

CREATE INDEX forms_project_code ON forms (project_code);

CREATE TABLE funds (
	form_id              INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
	line                 TEXT NOT NULL CHECK (line IN ('total', 'fiscal', 'carryover', 'other')),
	label                TEXT,
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

CREATE INDEX funds_form ON funds (form_id);

CREATE TABLE goals (
	form_id     INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	expected    TEXT,
	actual      TEXT,
	source_line INTEGER
);

CREATE INDEX goals_form ON goals (form_id);

CREATE TABLE indicators (
	form_id       INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	source_line   INTEGER,
	level1        TEXT,
	level1_weight REAL,
	level2        TEXT,
	name          TEXT,
	target        TEXT,
	target_op     TEXT,
	target_value  REAL,
	target_unit   TEXT,
	target_year   INTEGER,
	actual        TEXT,
	actual_op     TEXT,
	actual_value  REAL,
	actual_unit   TEXT,
	weight        REAL,
	score         REAL,
	note          TEXT
);

CREATE INDEX indicators_form ON indicators (form_id);

CREATE TABLE discrepancies (
	id       INTEGER PRIMARY KEY,
	form_id  INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
	rule     TEXT NOT NULL,
	severity TEXT NOT NULL,
	field    TEXT,
	recorded TEXT,
	computed TEXT,
	message  TEXT,
	line     INTEGER
);

CREATE INDEX discrepancies_form ON discrepancies (form_id);
CREATE INDEX discrepancies_rule ON discrepancies (rule);
