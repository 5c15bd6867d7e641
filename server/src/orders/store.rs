//! One order inside a batch's transaction: checked once more against what
//! the transaction sees, then its capacity booked, its stock reserved and
//! the order stored with its lines, status event and outbox event.

use super::place::{answer_unless_as_seen, earlier_order};
use super::token::TokenKey;
use crate::db::Backend;
use anyhow::Context;
use app::orders::check::CheckedOrder;
use app::orders::quote::Quote;
use app::orders::{PlaceOutcome, Status};
use app::state::{ClientAddress, ProductionPlan};
use sqlx::{Any, Transaction};

/// What became of one order of a batch.
pub enum Stored {
    /// Answered without writing: an earlier submission's order, or figures
    /// the customer has not seen, or an order that can no longer be made.
    Answered(PlaceOutcome),
    /// Written; it exists once the batch commits.
    Placed {
        number: String,
        token: String,
        lines: usize,
        units: i64,
        /// Its outbox event, recorded with the batch's last statements
        /// ([`record_events`]).
        event: serde_json::Value,
    },
    /// The cart changed since it was checked: check it again, from the start.
    CartChanged,
}

/// Stock counted on was taken by another process meanwhile: this order is
/// half written, so the whole batch rolls back and is checked again.
#[derive(Debug)]
pub struct StockTaken;

impl std::fmt::Display for StockTaken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stock counted on was reserved by another order meanwhile")
    }
}

impl std::error::Error for StockTaken {}

/// The order of a batch to store, with what it was checked under.
#[derive(Clone, Copy)]
pub struct Order<'a> {
    pub checked: &'a CheckedOrder,
    pub digest: &'a str,
    pub client: Option<ClientAddress>,
}

/// Stores `order` in `tx` if it is still as its customer saw it, booking
/// it into `plan` (the batch's view of capacity and stock); an order
/// answered without writing leaves `plan` as it was.
pub async fn store(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    token_key: &TokenKey,
    plan: &mut ProductionPlan,
    order: Order<'_>,
) -> anyhow::Result<Stored> {
    let checked = order.checked;
    // A submission of the same checkout may have been stored first (by
    // another process, or earlier in this batch).
    if let Some(outcome) = earlier_order(token_key, tx, &checked.key, order.digest).await? {
        return Ok(Stored::Answered(outcome));
    }
    if let Some(cart) = &checked.cart {
        let lock = crate::db::locking(backend, "SELECT revision FROM carts WHERE id = $1");
        let revision: Option<(i64,)> = sqlx::query_as(lock)
            .bind(&cart.id)
            .fetch_optional(&mut **tx)
            .await?;
        if revision != Some((cart.revision,)) {
            return Ok(Stored::CartChanged);
        }
    }
    let mut booked = plan.clone();
    let mut quote = Quote::priced(&checked.published, checked.lines.clone());
    quote.estimate(&mut booked);
    if let Some(outcome) = answer_unless_as_seen(checked, &quote) {
        return Ok(Stored::Answered(outcome));
    }
    reserve(tx, &quote).await?;
    let year = i64::from(booked.today.year());
    let stored = insert(tx, token_key, checked, &quote, order, year).await?;
    *plan = booked;
    Ok(stored)
}

/// Books the quote's capacity and reserves its components.
async fn reserve(tx: &mut Transaction<'static, Any>, quote: &Quote<'_>) -> anyhow::Result<()> {
    for line in &quote.lines {
        let (Some(compiled), Some((_, estimate))) = (line.compiled, &line.figures) else {
            continue;
        };
        sqlx::query(
            "INSERT INTO line_bookings (line_id, day, units) VALUES ($1, $2, $3)
             ON CONFLICT (line_id, day) DO UPDATE SET units = line_bookings.units + excluded.units",
        )
        .bind(&compiled.product.production_line)
        .bind(estimate.start.to_string())
        .bind(i64::from(line.request.quantity.get()))
        .execute(&mut **tx)
        .await?;
        for (component, used) in &estimate.components {
            let units = i64::try_from(used.units).context("component units")?;
            let sql = if used.from_stock {
                "UPDATE components SET reserved = reserved + $2 WHERE id = $1 AND on_hand - reserved >= $2"
            } else {
                "UPDATE components SET reserved = reserved + $2 WHERE id = $1"
            };
            let reserved = sqlx::query(sql)
                .bind(component)
                .bind(units)
                .execute(&mut **tx)
                .await?;
            if reserved.rows_affected() == 0 {
                return Err(StockTaken.into());
            }
        }
    }
    Ok(())
}

/// Inserts the order, its lines, search terms, status and outbox events,
/// and empties the cart it came from.
async fn insert(
    tx: &mut Transaction<'static, Any>,
    token_key: &TokenKey,
    checked: &CheckedOrder,
    quote: &Quote<'_>,
    order: Order<'_>,
    year: i64,
) -> anyhow::Result<Stored> {
    let snapshot = checked.snapshot(quote);
    let first = &snapshot.lines[0];
    let now = jiff::Timestamp::now().to_string();
    let number = next_number(tx, year).await?;
    let token = token_key.token_for(&number);
    let units: i64 = snapshot.lines.iter().map(|l| i64::from(l.quantity)).sum();
    sqlx::query(
        "INSERT INTO orders (id, token, idempotency_key, request_digest, catalog_version,
             product_id, quantity, currency, total_minor, production_line, production_start,
             earliest, latest, email, status, snapshot, created_at, cart_id, cart_revision,
             customer_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
    )
    .bind(&number)
    .bind(super::token::stored(&token))
    .bind(&checked.key)
    .bind(order.digest)
    .bind(snapshot.catalog_version)
    .bind(&first.product)
    .bind(units)
    .bind(&snapshot.currency)
    .bind(snapshot.total)
    .bind(&first.production_line)
    .bind(first.delivery.start.to_string())
    .bind(snapshot.earliest.to_string())
    .bind(snapshot.latest.to_string())
    .bind(&snapshot.customer.email)
    .bind(Status::Received.as_str())
    .bind(serde_json::to_string(&snapshot)?)
    .bind(&now)
    .bind(checked.cart.as_ref().map(|c| c.id.clone()))
    .bind(checked.cart.as_ref().map(|c| c.revision))
    .bind(&snapshot.customer.name)
    .execute(&mut **tx)
    .await?;
    crate::back_office::search::index(
        tx,
        &number,
        &snapshot.customer.email,
        &snapshot.customer.name,
    )
    .await?;
    for (no, line) in snapshot.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, total_minor,
                 production_line, production_start, earliest, latest)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&number)
        .bind(i64::try_from(no + 1)?)
        .bind(&line.product)
        .bind(i64::from(line.quantity))
        .bind(line.price.total)
        .bind(&line.production_line)
        .bind(line.delivery.start.to_string())
        .bind(line.delivery.earliest.to_string())
        .bind(line.delivery.latest.to_string())
        .execute(&mut **tx)
        .await?;
    }
    if let Some(cart) = &checked.cart {
        sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1")
            .bind(&cart.id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE carts SET revision = revision + 1, touched_at = $2 WHERE id = $1")
            .bind(&cart.id)
            .bind(crate::db::now_text())
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("INSERT INTO order_events (order_id, seq, status, at) VALUES ($1, 1, $2, $3)")
        .bind(&number)
        .bind(Status::Received.as_str())
        .bind(&now)
        .execute(&mut **tx)
        .await?;
    super::limits::log_placement(tx, order.client).await?;
    let event = serde_json::json!({
        "order": number,
        "status": Status::Received.as_str(),
        "at": now,
        "snapshot": snapshot,
    });
    Ok(Stored::Placed {
        number,
        token,
        lines: snapshot.lines.len(),
        units,
        event,
    })
}

/// Records the outbox events of the batch's placed orders. Last before the
/// commit: on PostgreSQL the outbox's feed lock holds every other order
/// transaction from here to the commit, and a transaction that holds it
/// must wait for no other lock.
pub async fn record_events(
    tx: &mut Transaction<'static, Any>,
    stored: &[Stored],
) -> anyhow::Result<()> {
    let topic = app::admin::integrations::topic_of(Status::Received);
    for stored in stored {
        if let Stored::Placed { event, .. } = stored {
            let at = event["at"].as_str().unwrap_or_default().to_owned();
            crate::outbox::record(tx, topic, event, &at).await?;
        }
    }
    Ok(())
}

/// The next order number of `year`: `2026-000042`.
async fn next_number(tx: &mut Transaction<'static, Any>, year: i64) -> anyhow::Result<String> {
    let (last,): (i64,) = sqlx::query_as(
        "INSERT INTO order_numbers (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = order_numbers.last + 1
         RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut **tx)
    .await?;
    Ok(format!("{year}-{last:06}"))
}
