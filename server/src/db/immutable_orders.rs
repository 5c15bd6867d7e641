//! The database itself refuses to change or delete what an order specifies:
//! the snapshot and the figures promised with it. The migrations are shared
//! by SQLite and PostgreSQL, whose trigger languages differ, so the guard is
//! installed here, after them, in each backend's own SQL, and only when it
//! is missing: a restart takes no lock on the orders table. The status stays
//! writable.

use super::{Backend, Pool};

/// The message an attempted change gets (written doubled-quote escaped in
/// the statements below).
pub const REFUSAL: &str = "an order's specification is immutable";

const SQLITE: [&str; 2] = [
    "CREATE TRIGGER IF NOT EXISTS orders_immutable BEFORE UPDATE OF id, token, idempotency_key, \
     request_digest, catalog_version, product_id, quantity, currency, total_minor, \
     production_line, production_start, earliest, latest, snapshot, created_at ON orders \
     BEGIN SELECT RAISE(ABORT, 'an order''s specification is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS orders_undeletable BEFORE DELETE ON orders \
     BEGIN SELECT RAISE(ABORT, 'an order''s specification is immutable'); END",
];

const POSTGRES: [&str; 5] = [
    "CREATE OR REPLACE FUNCTION orders_immutable() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION 'an order''s specification is immutable'; END $$",
    "DROP TRIGGER IF EXISTS orders_immutable ON orders",
    "CREATE TRIGGER orders_immutable BEFORE UPDATE OF id, token, idempotency_key, \
     request_digest, catalog_version, product_id, quantity, currency, total_minor, \
     production_line, production_start, earliest, latest, snapshot, created_at ON orders \
     FOR EACH ROW EXECUTE FUNCTION orders_immutable()",
    "DROP TRIGGER IF EXISTS orders_undeletable ON orders",
    "CREATE TRIGGER orders_undeletable BEFORE DELETE ON orders \
     FOR EACH ROW EXECUTE FUNCTION orders_immutable()",
];

/// Installs the guard where it is missing, in one transaction. On
/// PostgreSQL an advisory lock keeps servers starting together from
/// creating it twice.
pub async fn install(pool: &Pool, backend: Backend) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let statements: &[&'static str] = match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => {
            sqlx::query("SELECT pg_advisory_xact_lock(7320412)")
                .execute(&mut *tx)
                .await?;
            let (installed,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'orders'::regclass \
                 AND tgname IN ('orders_immutable', 'orders_undeletable')",
            )
            .fetch_one(&mut *tx)
            .await?;
            if installed == 2 {
                &[]
            } else {
                &POSTGRES
            }
        }
    };
    for &statement in statements {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_says_the_same() {
        let quoted = REFUSAL.replace('\'', "''");
        for statement in SQLITE.iter().chain(&POSTGRES) {
            if statement.contains("RAISE") {
                assert!(statement.contains(&quoted), "{statement}");
            }
        }
    }
}
