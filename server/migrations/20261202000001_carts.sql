-- Carts, and orders of several lines.

-- A cart is stored under a one-way hash of its cookie's secret; it holds no
-- personal data. Carts unused for 30 days are deleted.
CREATE TABLE carts (
    id         TEXT PRIMARY KEY,             -- SHA-256 of the cookie secret, hex
    revision   BIGINT NOT NULL DEFAULT 0,    -- raised by every change
    created_at TEXT NOT NULL,                -- RFC 3339, UTC
    touched_at TEXT NOT NULL                 -- last use, RFC 3339, UTC
);

CREATE INDEX carts_touched_at ON carts (touched_at);

CREATE TABLE cart_lines (
    cart_id       TEXT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    id            TEXT NOT NULL,             -- short random id the forms name
    position      BIGINT NOT NULL,           -- order of adding
    product_id    TEXT NOT NULL,
    configuration TEXT NOT NULL,             -- canonical link query
    quantity      BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (cart_id, id)
);

-- One line per configuration: the same one again raises its quantity.
CREATE UNIQUE INDEX cart_lines_configuration ON cart_lines (cart_id, product_id, configuration);

-- The lines of every order. Orders stored before this migration had one
-- line, whose figures are the order's own columns; for orders of several
-- lines those columns hold the first line's product, production line and
-- start, the order's total units, and the whole order's window.
CREATE TABLE order_lines (
    order_id         TEXT NOT NULL REFERENCES orders (id),
    line_no          BIGINT NOT NULL,           -- 1, 2, ... as in the snapshot
    product_id       TEXT NOT NULL,
    quantity         BIGINT NOT NULL CHECK (quantity > 0),
    total_minor      BIGINT NOT NULL,
    production_line  TEXT NOT NULL REFERENCES production_lines (id),
    production_start TEXT NOT NULL,             -- YYYY-MM-DD, the booked day
    earliest         TEXT NOT NULL,
    latest           TEXT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE INDEX order_lines_product ON order_lines (product_id);
CREATE INDEX order_lines_production ON order_lines (production_line, production_start);

INSERT INTO order_lines (order_id, line_no, product_id, quantity, total_minor,
                         production_line, production_start, earliest, latest)
SELECT id, 1, product_id, quantity, total_minor, production_line, production_start, earliest, latest
FROM orders;

-- The cart an order was made of, and the revision of that cart it showed:
-- one cart revision is ordered once, however many checkout pages send it.
ALTER TABLE orders ADD COLUMN cart_id TEXT;
ALTER TABLE orders ADD COLUMN cart_revision BIGINT;
CREATE UNIQUE INDEX orders_cart_revision ON orders (cart_id, cart_revision);
