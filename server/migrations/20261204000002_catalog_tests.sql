-- Marketing's test configurations: a configuration link and what it must
-- give (orderable or not, the total, the bill of materials). Every publish
-- runs them all; a failing one blocks it unless overridden with a reason,
-- which the version keeps.
CREATE TABLE catalog_tests (
    id            TEXT PRIMARY KEY,            -- ct_…
    product       TEXT NOT NULL,
    configuration TEXT NOT NULL,               -- the link's query
    label         TEXT NOT NULL,
    valid         BIGINT NOT NULL,             -- 1: must be orderable, 0: must not be
    total         BIGINT,                      -- minor units, when orderable
    components    TEXT,                        -- "2 × gold-585, 1 × ruby-4mm", when orderable
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES users (id)
);

ALTER TABLE catalog_versions ADD COLUMN override_reason TEXT NOT NULL DEFAULT '';
