-- No full-text index: search_text is written as now, but search_fts and the
-- triggers that keep it in step are dropped, so that what the FTS5 trigram
-- index costs shows apart from the rest of search (see nosearch.sql).
DROP TRIGGER search_fts_insert; DROP TRIGGER search_fts_delete; DROP TRIGGER search_fts_update;
DROP TABLE search_fts;
