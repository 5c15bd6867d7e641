//! Erasure on request: an order's personal data (the customer's name,
//! contact and address) emptied in its snapshot, its searchable copies and
//! the events written for other systems, in one transaction, once the order
//! is settled; then the customer's mail about it leaves the mail folder. The specification stays; the database's order guard
//! ([`crate::db::erased_customer`]) lets exactly this change through.

use crate::db::{begin_write, erased_customer, locking, Backend, Pool};
use anyhow::Context;
use app::orders::Status;
use engine::Text;
use std::path::Path;

/// Erases the personal data of order `number` for `actor`, or says why not
/// (unknown, already erased, or still to be made or shipped); the mail
/// written to customers about it goes from `mail_folder` too.
pub async fn erase(
    pool: &Pool,
    backend: Backend,
    number: &str,
    actor: &str,
    mail_folder: Option<&Path>,
) -> anyhow::Result<Result<(), Text>> {
    let mut tx = begin_write(pool, backend).await?;
    let lock = locking(
        backend,
        "SELECT status, erased_at FROM orders WHERE id = $1",
    );
    let row: Option<(String, Option<String>)> = sqlx::query_as(lock)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((status, erased_at)) = row else {
        return Ok(Err(super::no_such_order(number)));
    };
    if erased_at.is_some() {
        return Ok(Err(Text {
            de: "Die persönlichen Daten dieser Bestellung sind schon gelöscht.".into(),
            en: "This order's personal data has already been erased.".into(),
        }));
    }
    let status = Status::parse(&status).with_context(|| format!("status {status:?}"))?;
    if !status.allows_erasure() {
        return Ok(Err(Text {
            de: format!(
                "Die Bestellung ist „{}“: ihre Anschrift wird noch gebraucht. Persönliche Daten lassen sich löschen, sobald sie versandt, abgelehnt oder storniert ist.",
                status.label(engine::Lang::De)
            ),
            en: format!(
                "The order is “{}”: its address is still needed. Personal data can be erased once it is shipped, rejected or cancelled.",
                status.label(engine::Lang::En)
            ),
        }));
    }
    let now = jiff::Timestamp::now().to_string();
    let erase_order = format!(
        "UPDATE orders SET snapshot = {}, email = '', customer_name = '', \
         erased_at = $2, erased_by = $3 WHERE id = $1 AND erased_at IS NULL",
        erased_customer(backend, "snapshot", &[])
    );
    let erased = sqlx::query(sqlx::AssertSqlSafe(erase_order))
        .bind(number)
        .bind(&now)
        .bind(actor)
        .execute(&mut *tx)
        .await?;
    if erased.rows_affected() != 1 {
        anyhow::bail!("order {number} changed under its lock");
    }
    super::search::forget_customer(&mut tx, number).await?;
    // The order's events for other systems carry its snapshot: the number
    // narrows them down by text first (it holds no LIKE wildcards).
    let of_order = match backend {
        Backend::Sqlite => {
            "json_extract(payload, '$.order') = $1 \
             AND json_type(payload, '$.snapshot.customer') = 'object'"
        }
        Backend::Postgres => {
            "payload::jsonb ->> 'order' = $1 \
             AND jsonb_typeof(payload::jsonb #> '{snapshot,customer}') = 'object'"
        }
    };
    let erase_events = format!(
        "UPDATE outbox SET payload = {} WHERE payload LIKE $2 AND {of_order}",
        erased_customer(backend, "payload", &["snapshot"])
    );
    sqlx::query(sqlx::AssertSqlSafe(erase_events))
        .bind(number)
        .bind(format!("%\"order\":\"{number}\"%"))
        .execute(&mut *tx)
        .await?;
    let events: Vec<(String,)> = sqlx::query_as("SELECT id FROM outbox WHERE order_id = $1")
        .bind(number)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    if let Some(folder) = mail_folder {
        let events: Vec<String> = events.into_iter().map(|(id,)| id).collect();
        crate::delivery::mail::forget(folder, &events);
    }
    tracing::info!(order = %number, actor, "personal data erased on request");
    Ok(Ok(()))
}
