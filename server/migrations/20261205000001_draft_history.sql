-- The draft's recent revisions, so a save refused as stale can show what
-- changed since the revision it started from. Only the latest revisions are
-- kept; a new draft (revision 1) starts the history again.
CREATE TABLE catalog_draft_history (
    revision BIGINT PRIMARY KEY,
    document TEXT NOT NULL
);

-- Test configurations also expect a lead time: working days of production
-- and shipping, as the catalog sets them. Tests saved before have none and
-- do not compare it.
ALTER TABLE catalog_tests ADD COLUMN days BIGINT;
