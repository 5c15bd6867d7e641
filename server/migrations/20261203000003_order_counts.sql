-- The inbox's counts per status, kept by triggers (installed by the server
-- after the migrations, in each database's own trigger language) for all
-- orders (scope ''), per product ('product:<id>') and per production line
-- ('line:<id>'), so that counting does not read every order.
CREATE TABLE order_counts (
    scope  TEXT NOT NULL,
    status TEXT NOT NULL,
    orders BIGINT NOT NULL,
    PRIMARY KEY (scope, status)
);

INSERT INTO order_counts (scope, status, orders)
SELECT '', status, COUNT(*) FROM orders GROUP BY status;

INSERT INTO order_counts (scope, status, orders)
SELECT 'product:' || l.product_id, o.status, COUNT(DISTINCT o.id)
FROM order_lines l JOIN orders o ON o.id = l.order_id
GROUP BY l.product_id, o.status;

INSERT INTO order_counts (scope, status, orders)
SELECT 'line:' || l.production_line, o.status, COUNT(DISTINCT o.id)
FROM order_lines l JOIN orders o ON o.id = l.order_id
GROUP BY l.production_line, o.status;
