-- Version 7: an error on a form read through OCR records the doubtful number
-- that likely explains it, so that a report says so in any language, not only
-- in the English message. The three columns are NULL together when no
-- doubtful number feeds the finding.

ALTER TABLE discrepancies ADD COLUMN doubt_field TEXT;
ALTER TABLE discrepancies ADD COLUMN doubt_printed TEXT;
ALTER TABLE discrepancies ADD COLUMN doubt_used TEXT;

INSERT INTO schema_doc (table_name, column_name, description) VALUES
('discrepancies', 'doubt_field', 'On an error of a form read through OCR: the field of the doubtful number (ocr.uncertain, ocr.repaired, field.unreadable) that likely explains it, the error then being likely an OCR artefact. NULL when none.'),
('discrepancies', 'doubt_printed', 'What OCR read for that number; NULL when doubt_field is.'),
('discrepancies', 'doubt_used', 'The value read from it, empty when it was left blank; NULL when doubt_field is.');
