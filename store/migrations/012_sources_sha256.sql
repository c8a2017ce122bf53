-- Version 12: an index of the files' contents. import stores a file's forms
-- once whatever the paths it is found under: a file whose content another
-- path holds already is a copy, looked up by sha256 as every file is written.

CREATE INDEX sources_sha256 ON sources (sha256);
