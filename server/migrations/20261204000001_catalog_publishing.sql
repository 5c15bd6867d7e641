-- Catalog publishing from the back office: a change note on every version,
-- and the draft marketing works on before publishing it.

ALTER TABLE catalog_versions ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- The one shared draft. Every save names the revision it started from; a
-- save from an older revision is refused, so that two people never
-- overwrite each other silently.
CREATE TABLE catalog_drafts (
    id           TEXT PRIMARY KEY CHECK (id = 'draft'),
    document     TEXT NOT NULL,                -- the engine's catalog JSON
    base_version BIGINT NOT NULL REFERENCES catalog_versions (version),
    revision     BIGINT NOT NULL,
    updated_at   TEXT NOT NULL,                -- RFC 3339, UTC
    updated_by   TEXT NOT NULL REFERENCES users (id)
);
