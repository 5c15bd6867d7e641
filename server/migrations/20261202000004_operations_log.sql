-- Managing production and stock in the back office: the stock level below
-- which a component counts as running short, expected deliveries, and the
-- log of every change (who, when, before, after).

ALTER TABLE components ADD COLUMN reorder_level BIGINT NOT NULL DEFAULT 0;

-- Stock ordered from a supplier. Open while neither received nor cancelled;
-- open deliveries count for the delivery estimate from their expected day.
CREATE TABLE component_deliveries (
    id           TEXT PRIMARY KEY,
    component_id TEXT NOT NULL REFERENCES components (id),
    expected_on  TEXT NOT NULL,               -- YYYY-MM-DD
    quantity     BIGINT NOT NULL CHECK (quantity > 0),
    created_at   TEXT NOT NULL,               -- RFC 3339, UTC
    received_at  TEXT,
    cancelled_at TEXT
);
CREATE INDEX component_deliveries_open ON component_deliveries (component_id, expected_on);

-- One row per changed field. `subject` is 'line' or 'component'.
CREATE TABLE operations_log (
    id         TEXT PRIMARY KEY,
    at         TEXT NOT NULL,                 -- RFC 3339, UTC
    actor      TEXT NOT NULL REFERENCES users (id),
    subject    TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    field      TEXT NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL
);
CREATE INDEX operations_log_subject ON operations_log (subject, subject_id, at);
CREATE INDEX operations_log_newest ON operations_log (at);
