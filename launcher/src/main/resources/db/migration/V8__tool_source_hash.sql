-- What the templates file (or the built-in list) said of a tool when it was last applied: a SHA-256 of the template.
-- At start a file entry is applied only when it differs from this, so edits an administrator made through the API
-- survive restarts until the operator changes that entry in the file. NULL: created through the API.
ALTER TABLE tools ADD COLUMN source_hash text;
