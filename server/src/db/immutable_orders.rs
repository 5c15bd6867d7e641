//! The database itself refuses to change or delete what an order specifies:
//! the snapshot and the figures promised with it. The one change it lets
//! through is erasure on request: the customer's name, contact and address
//! emptied in the snapshot (the country stays, for tax) together with the
//! order's `email` and `customer_name` copies, once, with who and when.
//! The migrations are shared by SQLite and PostgreSQL, whose trigger
//! languages differ, so the guard is installed here, after them, in each
//! backend's own SQL, and only when it is missing: a restart takes no lock
//! on the orders table. The status stays writable.

use super::{Backend, Pool};

/// The message an attempted change gets (written doubled-quote escaped in
/// the statements below).
pub const REFUSAL: &str = "an order's specification is immutable";

/// The columns of `orders` that say what was ordered, the snapshot aside.
const SPECIFICATION: [&str; 16] = [
    "id",
    "token",
    "idempotency_key",
    "request_digest",
    "catalog_version",
    "product_id",
    "quantity",
    "currency",
    "total_minor",
    "production_line",
    "production_start",
    "earliest",
    "latest",
    "created_at",
    "cart_id",
    "cart_revision",
];

/// The customer's fields erasure empties.
const ERASED: [&str; 6] = ["name", "email", "phone", "street", "postal_code", "city"];

/// The triggers of this version of the guard on SQLite; an older guard
/// (other names) is replaced.
const SQLITE_TRIGGERS: [&str; 5] = [
    "orders_immutable_v3",
    "orders_personal_v3",
    "orders_undeletable_v3",
    "order_lines_immutable_v3",
    "order_lines_undeletable_v3",
];

/// The same on PostgreSQL, where one function checks the specification and
/// the personal columns of an updated order.
const POSTGRES_TRIGGERS: [(&str, &str); 4] = [
    ("orders_guard_v3", "orders"),
    ("orders_undeletable_v3", "orders"),
    ("order_lines_immutable_v3", "order_lines"),
    ("order_lines_undeletable_v3", "order_lines"),
];

/// Triggers of earlier versions of the guard.
const OLD_TRIGGERS: [(&str, &str); 6] = [
    ("orders_immutable", "orders"),
    ("orders_undeletable", "orders"),
    ("orders_immutable_v2", "orders"),
    ("orders_undeletable_v2", "orders"),
    ("order_lines_immutable_v2", "order_lines"),
    ("order_lines_undeletable_v2", "order_lines"),
];

/// SQL for the JSON text `column` with the customer object under `path`
/// (object keys from the root; empty: the root's `customer`) erased: its
/// [`ERASED`] fields empty, the rest as it was. The server writes this and
/// the guard compares with it, so both agree to the byte on SQLite and in
/// value on PostgreSQL.
pub fn erased_customer(backend: Backend, column: &str, path: &[&str]) -> String {
    match backend {
        Backend::Sqlite => {
            let prefix: String = path.iter().map(|key| format!(".{key}")).collect();
            let sets: Vec<String> = ERASED
                .iter()
                .map(|field| format!("'${prefix}.customer.{field}', ''"))
                .collect();
            format!("json_set({column}, {})", sets.join(", "))
        }
        Backend::Postgres => {
            let keys: Vec<&str> = path.iter().copied().chain(["customer"]).collect();
            let at = format!("'{{{}}}'", keys.join(","));
            let empty: Vec<String> = ERASED.iter().map(|f| format!("\"{f}\": \"\"")).collect();
            format!(
                "jsonb_set({column}::jsonb, {at}, ({column}::jsonb #> {at}) || '{{{}}}'::jsonb)::text",
                empty.join(", ")
            )
        }
    }
}

/// The condition, over `OLD` and `NEW`, under which the personal columns
/// may change: not at all, the customer's name copied from the snapshot
/// into an empty `customer_name`, or erasure.
fn personal_change_allowed(backend: Backend) -> String {
    let (same, name) = match backend {
        Backend::Sqlite => ("IS", "json_extract(OLD.snapshot, '$.customer.name')"),
        Backend::Postgres => (
            "IS NOT DISTINCT FROM",
            "OLD.snapshot::jsonb #>> '{customer,name}'",
        ),
    };
    let erased = erased_customer(backend, "OLD.snapshot", &[]);
    let snapshot_erased = match backend {
        Backend::Sqlite => format!("NEW.snapshot = {erased}"),
        Backend::Postgres => format!("NEW.snapshot::jsonb = ({erased})::jsonb"),
    };
    format!(
        "(NEW.snapshot {same} OLD.snapshot AND NEW.email {same} OLD.email \
          AND NEW.erased_at {same} OLD.erased_at AND NEW.erased_by {same} OLD.erased_by \
          AND (NEW.customer_name {same} OLD.customer_name \
               OR (OLD.customer_name = '' AND NEW.customer_name = {name}))) \
         OR (OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND NEW.erased_by IS NOT NULL \
          AND NEW.email = '' AND NEW.customer_name = '' AND {snapshot_erased})"
    )
}

fn sqlite_statements() -> Vec<String> {
    let raise = "BEGIN SELECT RAISE(ABORT, 'an order''s specification is immutable'); END";
    let mut statements: Vec<String> = OLD_TRIGGERS
        .iter()
        .map(|(name, _)| format!("DROP TRIGGER IF EXISTS {name}"))
        .collect();
    let [spec, personal, undeletable, lines, lines_undeletable] = SQLITE_TRIGGERS;
    statements.extend([
        format!(
            "CREATE TRIGGER IF NOT EXISTS {spec} BEFORE UPDATE OF {} ON orders {raise}",
            SPECIFICATION.join(", ")
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS {personal} BEFORE UPDATE OF \
             snapshot, email, customer_name, erased_at, erased_by ON orders \
             WHEN NOT ({}) {raise}",
            personal_change_allowed(Backend::Sqlite)
        ),
        format!("CREATE TRIGGER IF NOT EXISTS {undeletable} BEFORE DELETE ON orders {raise}"),
        format!("CREATE TRIGGER IF NOT EXISTS {lines} BEFORE UPDATE ON order_lines {raise}"),
        format!(
            "CREATE TRIGGER IF NOT EXISTS {lines_undeletable} BEFORE DELETE ON order_lines {raise}"
        ),
    ]);
    statements
}

fn postgres_statements() -> Vec<String> {
    let refuse = "RAISE EXCEPTION 'an order''s specification is immutable'";
    let columns = |row: &str| {
        SPECIFICATION
            .iter()
            .map(|c| format!("{row}.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut statements = vec![
        format!(
            "CREATE OR REPLACE FUNCTION orders_immutable() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN {refuse}; END $$"
        ),
        format!(
            "CREATE OR REPLACE FUNCTION orders_guard_v3() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF ({}) IS DISTINCT FROM ({}) THEN {refuse}; END IF; \
               IF {} THEN RETURN NEW; END IF; \
               {refuse}; \
             END $$",
            columns("NEW"),
            columns("OLD"),
            personal_change_allowed(Backend::Postgres)
        ),
    ];
    statements.extend(
        OLD_TRIGGERS
            .iter()
            .chain(&POSTGRES_TRIGGERS)
            .map(|(name, table)| format!("DROP TRIGGER IF EXISTS {name} ON {table}")),
    );
    let refuse_all = "FOR EACH ROW EXECUTE FUNCTION orders_immutable()";
    let [guard, undeletable, lines, lines_undeletable] = POSTGRES_TRIGGERS.map(|(name, _)| name);
    statements.extend([
        format!("CREATE TRIGGER {guard} BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_guard_v3()"),
        format!("CREATE TRIGGER {undeletable} BEFORE DELETE ON orders {refuse_all}"),
        format!("CREATE TRIGGER {lines} BEFORE UPDATE ON order_lines {refuse_all}"),
        format!("CREATE TRIGGER {lines_undeletable} BEFORE DELETE ON order_lines {refuse_all}"),
    ]);
    statements
}

/// Installs the guard where it is missing ([`super::install_triggers`]).
pub async fn install(pool: &Pool, backend: Backend) -> Result<(), sqlx::Error> {
    let names = POSTGRES_TRIGGERS.map(|(name, _)| name);
    super::install_triggers(
        pool,
        backend,
        7320412,
        &names,
        sqlite_statements,
        postgres_statements,
    )
    .await
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

    #[test]
    fn erasure_empties_the_customer_under_its_path() {
        assert_eq!(
            erased_customer(Backend::Sqlite, "payload", &["snapshot"]),
            "json_set(payload, '$.snapshot.customer.name', '', '$.snapshot.customer.email', '', \
             '$.snapshot.customer.phone', '', '$.snapshot.customer.street', '', \
             '$.snapshot.customer.postal_code', '', '$.snapshot.customer.city', '')"
        );
        let pg = erased_customer(Backend::Postgres, "snapshot", &[]);
        assert!(pg.starts_with("jsonb_set(snapshot::jsonb, '{customer}', (snapshot::jsonb #> '{customer}') || '{\"name\": \"\""), "{pg}");
    }
}
