-- Keys the server derives secrets from. `order_token`: the key of the
-- orders' status links when ATELIER_SECRET is not set. Orders placed from
-- now on keep only a digest of their link's secret (`sha256:…` in
-- orders.token); earlier orders keep theirs as they were stored.
CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL -- hex
);
