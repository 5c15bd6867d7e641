-- Reviewing orders in the back office: who made each step and why, internal
-- notes, and what the inbox filters and searches by.

-- The person who took the step (NULL: the customer's checkout) and what the
-- customer is told with it (a rejection's reason, the carrier and tracking).
ALTER TABLE order_events ADD COLUMN actor TEXT REFERENCES users (id);
ALTER TABLE order_events ADD COLUMN detail TEXT;

-- The customer's name as in the snapshot, for the inbox search; filled in
-- by the server for orders stored before this migration.
ALTER TABLE orders ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';

-- Notes of the shop's people on an order; the customer never sees them.
CREATE TABLE order_notes (
    order_id TEXT NOT NULL REFERENCES orders (id),
    seq      BIGINT NOT NULL,
    author   TEXT NOT NULL REFERENCES users (id),
    body     TEXT NOT NULL,
    at       TEXT NOT NULL,                  -- RFC 3339, UTC
    PRIMARY KEY (order_id, seq)
);

-- The inbox: newest first, by status, and its keyset pages.
CREATE INDEX orders_newest ON orders (created_at, id);
CREATE INDEX orders_status_newest ON orders (status, created_at, id);
CREATE INDEX orders_email ON orders (email);
-- The inbox's product and production-line filters: the orders of a product
-- (or line) straight from the index.
CREATE INDEX order_lines_product_order ON order_lines (product_id, order_id);
CREATE INDEX order_lines_line_order ON order_lines (production_line, order_id);

-- When the customer's personal data was erased on request (the snapshot then
-- holds no name, contact or address; the specification stays).
ALTER TABLE orders ADD COLUMN erased_at TEXT;
