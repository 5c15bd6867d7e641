-- Who erased an order's personal data on request (with `erased_at`, when).
ALTER TABLE orders ADD COLUMN erased_by TEXT REFERENCES users (id);
