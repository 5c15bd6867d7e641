-- The inbox's search: the terms each order is found by (lower case: its
-- number, the customer's e-mail and name and their words), written by the
-- server with the order; erasure leaves only the number's. Orders stored
-- before this migration are indexed at start-up.
CREATE TABLE order_search (
    term     TEXT NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders (id),
    PRIMARY KEY (term, order_id)
);
CREATE INDEX order_search_order ON order_search (order_id);
