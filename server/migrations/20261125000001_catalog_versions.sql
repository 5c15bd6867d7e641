-- Published catalog versions: immutable documents, newest is live.
CREATE TABLE catalog_versions (
    version      BIGINT PRIMARY KEY,
    document     TEXT NOT NULL,
    published_at TEXT NOT NULL, -- RFC 3339, UTC
    published_by TEXT NOT NULL
);
