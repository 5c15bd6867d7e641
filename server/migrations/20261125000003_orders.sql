-- Orders: an immutable snapshot of the confirmed specification, its status
-- timeline, and the outbox of events for production.

-- Hands out order numbers; one row per year.
CREATE TABLE order_numbers (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE orders (
    id              TEXT PRIMARY KEY,          -- the order number, e.g. 2026-000042
    token           TEXT NOT NULL UNIQUE,      -- secret of the status link /orders/{token}
    idempotency_key TEXT NOT NULL UNIQUE,      -- one order per checkout, however often sent
    request_digest  TEXT NOT NULL,             -- what was ordered under that key
    catalog_version BIGINT NOT NULL REFERENCES catalog_versions (version),
    product_id      TEXT NOT NULL,
    quantity        BIGINT NOT NULL CHECK (quantity > 0),
    currency        TEXT NOT NULL,
    total_minor     BIGINT NOT NULL,           -- gross, VAT included
    production_line TEXT NOT NULL REFERENCES production_lines (id),
    production_start TEXT NOT NULL,            -- YYYY-MM-DD, the booked day
    earliest        TEXT NOT NULL,             -- promised delivery window
    latest          TEXT NOT NULL,
    email           TEXT NOT NULL,
    status          TEXT NOT NULL,
    snapshot        TEXT NOT NULL,             -- JSON, never updated
    created_at      TEXT NOT NULL              -- RFC 3339, UTC
);

CREATE INDEX orders_created_at ON orders (created_at);

CREATE TABLE order_events (
    order_id TEXT NOT NULL REFERENCES orders (id),
    seq      BIGINT NOT NULL,
    status   TEXT NOT NULL,
    at       TEXT NOT NULL,                    -- RFC 3339, UTC
    PRIMARY KEY (order_id, seq)
);

-- Events for other systems, written in the same transaction as the change.
CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    topic        TEXT NOT NULL,
    payload      TEXT NOT NULL,                -- JSON
    created_at   TEXT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    delivered_at TEXT
);

CREATE INDEX outbox_pending ON outbox (delivered_at, created_at);
