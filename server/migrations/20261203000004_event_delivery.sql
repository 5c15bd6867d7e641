-- Delivery of the outbox's events: webhook endpoints, one delivery per
-- event and destination (a webhook endpoint, or the customer's mail), and
-- every attempt made. The outbox row stays the event itself; what was
-- delivered where lives here.

CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    url             TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    event_types     TEXT NOT NULL DEFAULT '',   -- space-separated; empty: every type
    secret          TEXT NOT NULL,              -- whsec_… (needed to sign, so kept)
    previous_secret TEXT,                       -- still signed with during a rotation
    previous_until  TEXT,                       -- end of that overlap (UTC)
    enabled         BIGINT NOT NULL DEFAULT 1,
    disabled_reason TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
);

CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES outbox (id),
    channel         TEXT NOT NULL,              -- webhook | mail
    endpoint_id     TEXT NOT NULL DEFAULT '',   -- the webhook endpoint; '' for mail
    state           TEXT NOT NULL DEFAULT 'pending', -- pending | delivered | failed
    attempts        BIGINT NOT NULL DEFAULT 0,
    schedule_from   BIGINT NOT NULL DEFAULT 0,  -- attempts made before the last redelivery
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,                       -- a worker holds it until then
    leased_by       TEXT,
    last_error      TEXT,
    delivered_at    TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (event_id, channel, endpoint_id)
);

CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_of_endpoint ON deliveries (endpoint_id, created_at);

CREATE TABLE delivery_attempts (
    delivery_id TEXT NOT NULL REFERENCES deliveries (id),
    attempt     BIGINT NOT NULL,
    started_at  TEXT NOT NULL,
    status_code BIGINT,                         -- the receiver's answer, if any
    latency_ms  BIGINT NOT NULL,
    error       TEXT,
    worker      TEXT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- The order an event is about, for listing deliveries (events from before
-- this column leave it empty; none of them has deliveries).
ALTER TABLE outbox ADD COLUMN order_id TEXT;
CREATE INDEX outbox_of_order ON outbox (order_id);

-- The outbox's own delivery columns were never used: deliveries replace them.
DROP INDEX outbox_pending;
ALTER TABLE outbox DROP COLUMN attempts;
ALTER TABLE outbox DROP COLUMN delivered_at;
