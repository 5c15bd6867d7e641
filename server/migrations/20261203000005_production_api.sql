-- The production API: tokens that the owner makes for production systems,
-- the claims those systems take on released orders, and the event feed's
-- order.

-- A token is shown once; only its SHA-256 is kept (tokens are 256 random
-- bits, so a fast hash is enough). A revoked token is kept for the record.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,              -- tok_…
    name         TEXT NOT NULL,                 -- who uses it, e.g. "Werkstatt Nord"
    hash         TEXT NOT NULL UNIQUE,          -- hex SHA-256 of the token
    hint         TEXT NOT NULL,                 -- the token's last four characters
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT,
    revoked_by   TEXT,
    form_key     TEXT UNIQUE                    -- the form that made it: one form, one token
);

-- Which production system makes an order. A claim by a revoked token no
-- longer counts.
CREATE TABLE production_claims (
    order_id   TEXT PRIMARY KEY REFERENCES orders (id),
    token_id   TEXT NOT NULL REFERENCES api_tokens (id),
    claimed_at TEXT NOT NULL
);

-- A step reported by a production system names its token (actor names a
-- person).
ALTER TABLE order_events ADD COLUMN client TEXT REFERENCES api_tokens (id);

-- The feed's position of each event, in the order the events committed:
-- PostgreSQL numbers them under a transaction lock held to the commit,
-- SQLite has one writer. Earlier events are numbered as they were written.
ALTER TABLE outbox ADD COLUMN position BIGINT;
UPDATE outbox SET position = (
    SELECT n FROM (
        SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS n FROM outbox
    ) numbered WHERE numbered.id = outbox.id
);
CREATE UNIQUE INDEX outbox_position ON outbox (position);
