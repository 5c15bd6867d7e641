-- Back office: people who sign in, their sessions, failed sign-ins, and the
-- one-time link that creates the first owner.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,           -- random, hex
    email         TEXT NOT NULL UNIQUE,       -- lower case
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,              -- owner, staff or marketing
    password_hash TEXT NOT NULL,              -- argon2id, PHC string
    created_at    TEXT NOT NULL               -- RFC 3339, UTC
);

-- Sessions (tower-sessions records): shared by every server process.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,              -- the session id as its cookie carries it
    user_id    TEXT,                          -- who is signed in with it, if anyone
    data       TEXT NOT NULL,                 -- JSON
    expires_at BIGINT NOT NULL                -- Unix seconds
);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Failed sign-ins per account and per client address, for throttling.
CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL,                    -- "account:<email>" or "address:<ip>"
    at      BIGINT NOT NULL                   -- Unix seconds
);

CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject, at);

-- The set-up link that creates the first owner (SHA-256 of its secret).
CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
