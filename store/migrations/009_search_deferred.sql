-- Version 9: the FTS5 index (search_fts) is brought up to date with
-- search_text in batches instead of one row at a time: indexing the texts of
-- many files at once costs a tenth of indexing each file's as it is written.
-- search_index_state.indexed_to is the highest search_text.id the index
-- holds; rows above it are waiting for the next batch, and formaudit search
-- reads them directly meanwhile. The index's triggers act only on indexed
-- rows: they are dropped here and made again, to that rule, by a build with
-- FTS5 (store/search_index.go).

CREATE TABLE search_index_state (
	indexed_to INTEGER NOT NULL
);

INSERT INTO search_index_state (indexed_to) VALUES (0);

DROP TRIGGER IF EXISTS search_fts_insert;
DROP TRIGGER IF EXISTS search_fts_delete;
DROP TRIGGER IF EXISTS search_fts_update;

UPDATE schema_doc SET description = 'FTS5 index (trigram tokenizer) over search_text.text, present when written by a build with FTS5: search_fts MATCH ''"核查应用"''; terms need 3 characters or more. It holds the rows of search_text up to search_index_state.indexed_to: an import indexes its texts in batches and at its end.'
WHERE table_name = 'search_fts' AND column_name = '';

INSERT INTO schema_doc (table_name, column_name, description) VALUES
('search_index_state', '', 'How far search_fts has indexed search_text: one row.'),
('search_index_state', 'indexed_to', 'Highest search_text.id in search_fts; rows above it (an import running or cut short) are indexed by the next import, and formaudit search reads them meanwhile.');
