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

/// The columns of `orders` that say what was ordered.
const SPECIFICATION: &str = "id, token, idempotency_key, request_digest, catalog_version, \
     product_id, quantity, currency, total_minor, production_line, production_start, \
     earliest, latest, snapshot, created_at, cart_id, cart_revision";

/// The triggers of this version of the guard; an older guard (other names)
/// is replaced.
const TRIGGERS: [&str; 4] = [
    "orders_immutable_v2",
    "orders_undeletable_v2",
    "order_lines_immutable_v2",
    "order_lines_undeletable_v2",
];

/// Triggers of earlier versions of the guard.
const OLD_TRIGGERS: [(&str, &str); 2] = [
    ("orders_immutable", "orders"),
    ("orders_undeletable", "orders"),
];

fn sqlite_statements() -> Vec<String> {
    let raise = "BEGIN SELECT RAISE(ABORT, 'an order''s specification is immutable'); END";
    let mut statements: Vec<String> = OLD_TRIGGERS
        .iter()
        .map(|(name, _)| format!("DROP TRIGGER IF EXISTS {name}"))
        .collect();
    statements.extend([
        format!(
            "CREATE TRIGGER IF NOT EXISTS {} BEFORE UPDATE OF {SPECIFICATION} ON orders {raise}",
            TRIGGERS[0]
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS {} BEFORE DELETE ON orders {raise}",
            TRIGGERS[1]
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS {} BEFORE UPDATE ON order_lines {raise}",
            TRIGGERS[2]
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS {} BEFORE DELETE ON order_lines {raise}",
            TRIGGERS[3]
        ),
    ]);
    statements
}

fn postgres_statements() -> Vec<String> {
    let run = "FOR EACH ROW EXECUTE FUNCTION orders_immutable()";
    let mut statements = vec![
        "CREATE OR REPLACE FUNCTION orders_immutable() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'an order''s specification is immutable'; END $$"
            .to_owned(),
    ];
    statements.extend(
        OLD_TRIGGERS
            .iter()
            .chain(&[
                (TRIGGERS[0], "orders"),
                (TRIGGERS[1], "orders"),
                (TRIGGERS[2], "order_lines"),
                (TRIGGERS[3], "order_lines"),
            ])
            .map(|(name, table)| format!("DROP TRIGGER IF EXISTS {name} ON {table}")),
    );
    statements.extend([
        format!(
            "CREATE TRIGGER {} BEFORE UPDATE OF {SPECIFICATION} ON orders {run}",
            TRIGGERS[0]
        ),
        format!(
            "CREATE TRIGGER {} BEFORE DELETE ON orders {run}",
            TRIGGERS[1]
        ),
        format!(
            "CREATE TRIGGER {} BEFORE UPDATE ON order_lines {run}",
            TRIGGERS[2]
        ),
        format!(
            "CREATE TRIGGER {} BEFORE DELETE ON order_lines {run}",
            TRIGGERS[3]
        ),
    ]);
    statements
}

/// Installs the guard where it is missing, in one transaction. On
/// PostgreSQL an advisory lock keeps servers starting together from
/// creating it twice.
pub async fn install(pool: &Pool, backend: Backend) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let statements = match backend {
        Backend::Sqlite => sqlite_statements(),
        Backend::Postgres => {
            sqlx::query("SELECT pg_advisory_xact_lock(7320412)")
                .execute(&mut *tx)
                .await?;
            // The names are the constants above.
            let names = TRIGGERS.map(|t| format!("'{t}'")).join(", ");
            let (installed,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ({names})"
            )))
            .fetch_one(&mut *tx)
            .await?;
            if installed == TRIGGERS.len() as i64 {
                Vec::new()
            } else {
                postgres_statements()
            }
        }
    };
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_says_the_same() {
        let quoted = REFUSAL.replace('\'', "''");
        for statement in sqlite_statements().iter().chain(&postgres_statements()) {
            if statement.contains("RAISE") {
                assert!(statement.contains(&quoted), "{statement}");
            }
        }
    }
}
