//! The inbox's counts per status (table `order_counts`), kept by triggers
//! so that every way an order is stored or changes status counts, on
//! SQLite and PostgreSQL alike: an order counts once in scope `''` (all),
//! once per product and once per production line its lines name. The
//! statements are the same on both databases; only the triggers around
//! them differ. Installed where missing, like the order guard.

use super::{Backend, Pool};

/// The scopes of order `id`: all orders, and each product and production
/// line of its lines.
fn scopes_of(id: &str) -> String {
    format!(
        "SELECT '' AS scope \
         UNION SELECT 'product:' || product_id FROM order_lines WHERE order_id = {id} \
         UNION SELECT 'line:' || production_line FROM order_lines WHERE order_id = {id}"
    )
}

/// Adds `delta` (`+ 1` or `- 1`) to `status` in each scope `scopes`
/// selects.
fn add(scopes: &str, status: &str, delta: &str) -> String {
    format!(
        "INSERT INTO order_counts (scope, status, orders) \
         SELECT scope, {status}, 0 {delta} FROM ({scopes}) AS scopes WHERE true \
         ON CONFLICT (scope, status) DO UPDATE SET orders = order_counts.orders {delta}"
    )
}

/// What happens, per trigger: (name, table, event, statements).
fn triggers() -> [(&'static str, &'static str, &'static str, Vec<String>); 3] {
    // A new line counts the order once more for its product and its line,
    // unless an earlier line of the order named them already.
    let new_line_scopes = "SELECT 'product:' || NEW.product_id AS scope WHERE NOT EXISTS \
         (SELECT 1 FROM order_lines WHERE order_id = NEW.order_id \
          AND product_id = NEW.product_id AND line_no <> NEW.line_no) \
         UNION SELECT 'line:' || NEW.production_line WHERE NOT EXISTS \
         (SELECT 1 FROM order_lines WHERE order_id = NEW.order_id \
          AND production_line = NEW.production_line AND line_no <> NEW.line_no)";
    [
        (
            "order_counts_placed_v1",
            "orders",
            "AFTER INSERT ON orders",
            vec![add("SELECT '' AS scope", "NEW.status", "+ 1")],
        ),
        (
            "order_counts_line_v1",
            "order_lines",
            "AFTER INSERT ON order_lines",
            vec![add(
                new_line_scopes,
                "(SELECT status FROM orders WHERE id = NEW.order_id)",
                "+ 1",
            )],
        ),
        (
            "order_counts_status_v1",
            "orders",
            "AFTER UPDATE OF status ON orders",
            vec![
                add(&scopes_of("NEW.id"), "OLD.status", "- 1"),
                add(&scopes_of("NEW.id"), "NEW.status", "+ 1"),
            ],
        ),
    ]
}

fn sqlite_statements() -> Vec<String> {
    triggers()
        .into_iter()
        .map(|(name, _, event, body)| {
            let when = if event.contains("UPDATE") {
                " WHEN NEW.status IS NOT OLD.status"
            } else {
                ""
            };
            format!(
                "CREATE TRIGGER IF NOT EXISTS {name} {event} FOR EACH ROW{when} BEGIN {}; END",
                body.join("; ")
            )
        })
        .collect()
}

fn postgres_statements() -> Vec<String> {
    let mut statements = Vec::new();
    for (name, table, event, body) in triggers() {
        let guard = if event.contains("UPDATE") {
            "IF NEW.status IS NOT DISTINCT FROM OLD.status THEN RETURN NULL; END IF; "
        } else {
            ""
        };
        statements.push(format!(
            "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN {guard}{}; RETURN NULL; END $$",
            body.join("; ")
        ));
        statements.push(format!("DROP TRIGGER IF EXISTS {name} ON {table}"));
        statements.push(format!(
            "CREATE TRIGGER {name} {event} FOR EACH ROW EXECUTE FUNCTION {name}()"
        ));
    }
    statements
}

/// Installs the triggers where missing ([`super::install_triggers`]).
pub async fn install(pool: &Pool, backend: Backend) -> Result<(), sqlx::Error> {
    let names = triggers().map(|(name, ..)| name);
    super::install_triggers(
        pool,
        backend,
        7320414,
        &names,
        sqlite_statements,
        postgres_statements,
    )
    .await
}
