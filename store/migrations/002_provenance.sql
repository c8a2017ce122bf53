-- Version 2: where each form stands in its source, for paged documents and workbooks.
ALTER TABLE forms ADD COLUMN page_from INTEGER;
ALTER TABLE forms ADD COLUMN page_to INTEGER;
ALTER TABLE forms ADD COLUMN sheet TEXT;
ALTER TABLE forms ADD COLUMN cell_range TEXT;
