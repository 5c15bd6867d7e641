-- When orders were placed from which client (a SHA-256 of its address, never
-- the address itself), for the per-client limit on placing orders; rows
-- older than a day are deleted as orders are placed.
CREATE TABLE placement_log (
    client TEXT NOT NULL,
    placed_at TEXT NOT NULL  -- RFC 3339, UTC
);
CREATE INDEX placement_log_client ON placement_log (client, placed_at);
CREATE INDEX placement_log_placed_at ON placement_log (placed_at);
