//! A batch's orders inside its transaction: each checked once more, in
//! turn, against what the transaction sees and what the orders before it
//! booked; then the placed ones written together, a statement per table
//! (capacity bookings, stock reservations, orders with their lines, search
//! terms, status and outbox events).

use super::holds::Holds;
use super::limits::{Limit, Placed, PlacementLimits};
use super::place::{answer_unless_as_seen, earlier_outcome};
use super::token::TokenKey;
use crate::db::rows::{insert, placeholders, Cell};
use crate::db::Backend;
use crate::outbox::Payload;
use anyhow::Context;
use app::orders::check::CheckedOrder;
use app::orders::quote::Quote;
use app::orders::snapshot::OrderSnapshot;
use app::orders::{PlaceOutcome, Status};
use app::state::{ClientAddress, ProductionPlan};
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, HashMap};

/// What became of one order of a batch.
pub enum Stored {
    /// Answered without writing: an earlier submission's order, a refusal
    /// by the shop's limits, figures the customer has not seen, or an order
    /// that can no longer be made.
    Answered(PlaceOutcome),
    /// Written; it exists once the batch commits.
    Placed {
        number: String,
        token: String,
        lines: usize,
        units: i64,
    },
    /// The cart changed since it was checked: check it again, from the start.
    CartChanged,
}

/// The order of a batch to store, with what it was checked under.
#[derive(Clone, Copy)]
pub struct Order<'a> {
    pub checked: &'a CheckedOrder,
    pub digest: &'a str,
    pub client: Option<ClientAddress>,
}

/// An order found placeable, before it is written.
struct Placement<'a> {
    order: Order<'a>,
    quote: Quote<'a>,
    snapshot: OrderSnapshot,
}

/// What was decided for one order before anything is written.
enum Decision {
    Answer(PlaceOutcome),
    CartChanged,
    /// Index into the batch's placements.
    Place(usize),
    /// Sent again within the batch: the answer of placement `index` (or a
    /// refusal, when its content differs).
    SameKeyAs {
        index: usize,
        same_request: bool,
    },
}

/// What a batch works with besides its transaction.
pub struct Batch<'k> {
    pub backend: Backend,
    pub token_key: &'k TokenKey,
    /// Days held for checkouts; updated as the batch answers.
    pub holds: &'k mut Holds,
    /// The shop's limits on orders per hour (the client's also limits the
    /// checkouts it may hold at once; 0: no limit).
    pub limits: &'k PlacementLimits,
    /// Whom the batch refused for the limits (the sender's key, and the
    /// limit), remembered once its transaction has ended.
    pub refused: &'k mut Vec<(String, Limit)>,
}

/// Stores the placeable orders of `orders` in `tx`, in order, each
/// estimated against `plan` as the orders before it booked it and as the
/// other checkouts hold it. `priced` holds each order's [`priced`] quote,
/// made before the transaction: pricing needs no lock.
pub async fn store_all<'a>(
    tx: &mut Transaction<'static, Any>,
    batch: Batch<'_>,
    mut plan: ProductionPlan,
    orders: &[Order<'a>],
    priced: Vec<Quote<'a>>,
) -> anyhow::Result<Vec<Stored>> {
    let Batch {
        backend,
        token_key,
        holds,
        limits,
        refused,
    } = batch;
    anyhow::ensure!(priced.len() == orders.len(), "a quote for every order");
    let now = std::time::Instant::now();
    holds.expire(now);
    holds.book_all(&mut plan);
    let earlier = earlier_orders(tx, orders).await?;
    let senders: Vec<_> = orders
        .iter()
        .map(|o| limits.sender(o.client, &o.checked.customer.email))
        .collect();
    let mut placed = Placed::read(tx, backend, limits, &senders).await?;
    let mut placements: Vec<Placement<'a>> = Vec::new();
    let mut decisions = Vec::with_capacity(orders.len());
    for ((order, mut quote), sender) in orders.iter().zip(priced).zip(&senders) {
        let key = order.checked.key.as_str();
        // A submission of the same checkout stored first (by another
        // process, or earlier in this batch).
        if let Some((number, token, digest)) = earlier.get(key) {
            let outcome = earlier_outcome(token_key, number, token, digest, order.digest);
            decisions.push(Decision::Answer(outcome));
            continue;
        }
        if let Some(index) = placements.iter().position(|p| p.order.checked.key == key) {
            let same_request = placements[index].order.digest == order.digest;
            decisions.push(Decision::SameKeyAs {
                index,
                same_request,
            });
            continue;
        }
        if let Some(limit) = placed.over(sender) {
            refused.extend(sender.key(limit).map(|key| (key, limit)));
            decisions.push(Decision::Answer(limit.refusal()));
            continue;
        }
        if let Some(cart) = &order.checked.cart {
            let lock = crate::db::locking(backend, "SELECT revision FROM carts WHERE id = $1");
            let revision: Option<(i64,)> = sqlx::query_as(lock)
                .bind(&cart.id)
                .fetch_optional(&mut **tx)
                .await?;
            // Two checkout pages of one cart: the first is its order.
            let taken = placements
                .iter()
                .filter_map(|p| p.order.checked.cart.as_ref())
                .any(|placed| placed.id == cart.id);
            if revision != Some((cart.revision,)) || taken {
                decisions.push(Decision::CartChanged);
                continue;
            }
        }
        // The days held for this checkout are its own to use.
        let mut base = plan.clone();
        holds.unbook(key, &mut base);
        let mut booked = base.clone();
        let checked = order.checked;
        quote.estimate(&mut booked);
        if let Some(outcome) = answer_unless_as_seen(checked, &quote) {
            let days = if quote.orderable() {
                super::holds::days_of(&quote)
            } else {
                Vec::new()
            };
            if holds.hold(key, order.client, days, now, limits.per_client) {
                // Its new figures' days, held: capacity only.
                plan.lines = booked.lines;
            } else {
                // Not held (its earlier hold is let go all the same).
                plan = base;
            }
            decisions.push(Decision::Answer(outcome));
            continue;
        }
        holds.release(key);
        placed.add(sender);
        plan = booked;
        decisions.push(Decision::Place(placements.len()));
        placements.push(Placement {
            order: *order,
            snapshot: checked.snapshot(&quote),
            quote,
        });
    }
    let numbers = if placements.is_empty() {
        Vec::new()
    } else {
        reserve(tx, &placements).await?;
        let numbers: Vec<(String, String)> =
            next_numbers(tx, i64::from(plan.today.year()), placements.len())
                .await?
                .into_iter()
                .map(|number| {
                    let token = token_key.token_for(&number);
                    (number, token)
                })
                .collect();
        write(tx, &placements, &numbers).await?;
        numbers
    };
    Ok(decisions
        .into_iter()
        .map(|decision| match decision {
            Decision::Answer(outcome) => Stored::Answered(outcome),
            Decision::CartChanged => Stored::CartChanged,
            Decision::Place(index) => {
                let (number, token) = numbers[index].clone();
                let snapshot = &placements[index].snapshot;
                Stored::Placed {
                    number,
                    token,
                    lines: snapshot.lines.len(),
                    units: units_of(snapshot),
                }
            }
            Decision::SameKeyAs {
                index,
                same_request,
            } => {
                let (number, token) = numbers[index].clone();
                Stored::Answered(if same_request {
                    PlaceOutcome::Placed { number, token }
                } else {
                    super::place::key_used_for_another_order()
                })
            }
        })
        .collect())
}

/// The quote of `order` with its lines priced, not yet estimated.
pub fn priced<'a>(order: &Order<'a>) -> Quote<'a> {
    Quote::priced(&order.checked.published, order.checked.lines.clone())
}

/// The orders stored under the batch's checkout keys: number, stored
/// token and request digest by key.
async fn earlier_orders(
    tx: &mut Transaction<'static, Any>,
    orders: &[Order<'_>],
) -> anyhow::Result<HashMap<String, (String, String, String)>> {
    let keys: Vec<&str> = orders
        .iter()
        .map(|o| o.checked.key.as_str())
        .filter(|k| !k.is_empty())
        .collect();
    let mut found = HashMap::new();
    for chunk in keys.chunks(1_000) {
        let sql = format!(
            "SELECT idempotency_key, id, token, request_digest FROM orders WHERE idempotency_key IN ({})",
            placeholders(1..chunk.len() + 1)
        );
        let mut query =
            sqlx::query_as::<_, (String, String, String, String)>(sqlx::AssertSqlSafe(sql));
        for key in chunk {
            query = query.bind(*key);
        }
        for (key, number, token, digest) in query.fetch_all(&mut **tx).await? {
            found.insert(key, (number, token, digest));
        }
    }
    Ok(found)
}

/// Books the placements' capacity and reserves their components, summed
/// over the batch: a statement for all bookings, and one per component
/// (taken from stock, or ordered in).
async fn reserve(
    tx: &mut Transaction<'static, Any>,
    placements: &[Placement<'_>],
) -> anyhow::Result<()> {
    let mut bookings: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut components: BTreeMap<(String, bool), i64> = BTreeMap::new();
    for placement in placements {
        for line in &placement.quote.lines {
            let (Some(compiled), Some((_, estimate))) = (line.compiled, &line.figures) else {
                continue;
            };
            let day = (
                compiled.product.production_line.clone(),
                estimate.start.to_string(),
            );
            *bookings.entry(day).or_default() += i64::from(line.request.quantity.get());
            for (component, used) in &estimate.components {
                let units = i64::try_from(used.units).context("component units")?;
                *components
                    .entry((component.clone(), used.from_stock))
                    .or_default() += units;
            }
        }
    }
    let rows: Vec<Vec<Cell>> = bookings
        .into_iter()
        .map(|((line, day), units)| vec![line.into(), day.into(), units.into()])
        .collect();
    insert(
        tx,
        "line_bookings",
        &["line_id", "day", "units"],
        &rows,
        "ON CONFLICT (line_id, day) DO UPDATE SET units = line_bookings.units + excluded.units",
    )
    .await?;
    // What comes from stock first: counted against the stock on hand
    // before the units ordered in are added to the reservations.
    let (from_stock, ordered_in): (Vec<_>, Vec<_>) =
        components.into_iter().partition(|((_, stock), _)| *stock);
    for ((component, from_stock), units) in from_stock.into_iter().chain(ordered_in) {
        let sql = if from_stock {
            "UPDATE components SET reserved = reserved + $2 WHERE id = $1 AND on_hand - reserved >= $2"
        } else {
            "UPDATE components SET reserved = reserved + $2 WHERE id = $1"
        };
        let reserved = sqlx::query(sql)
            .bind(&component)
            .bind(units)
            .execute(&mut **tx)
            .await?;
        // Never short: the batch's lock on the component's row (PostgreSQL)
        // or the database (SQLite) keeps the stock it read.
        if reserved.rows_affected() == 0 {
            anyhow::bail!("stock of {component} changed under the batch's lock");
        }
    }
    Ok(())
}

/// Inserts the orders, their lines, search terms, status events, logged
/// placements and outbox events, and empties the carts they came from.
async fn write(
    tx: &mut Transaction<'static, Any>,
    placements: &[Placement<'_>],
    numbers: &[(String, String)],
) -> anyhow::Result<()> {
    let now = jiff::Timestamp::now().to_string();
    let mut orders = Vec::new();
    let mut lines = Vec::new();
    let mut terms = Vec::new();
    let mut events = Vec::new();
    let mut logged = Vec::new();
    for (placement, (number, token)) in placements.iter().zip(numbers) {
        let snapshot = &placement.snapshot;
        let checked = placement.order.checked;
        let first = &snapshot.lines[0];
        orders.push(vec![
            number.as_str().into(),
            super::token::stored(token).into(),
            checked.key.as_str().into(),
            placement.order.digest.into(),
            snapshot.catalog_version.into(),
            first.product.as_str().into(),
            units_of(snapshot).into(),
            snapshot.currency.as_str().into(),
            snapshot.total.into(),
            first.production_line.as_str().into(),
            first.delivery.start.to_string().into(),
            snapshot.earliest.to_string().into(),
            snapshot.latest.to_string().into(),
            snapshot.customer.email.as_str().into(),
            Status::Received.as_str().into(),
            serde_json::to_string(snapshot)?.into(),
            now.as_str().into(),
            checked.cart.as_ref().map(|c| c.id.clone()).into(),
            checked.cart.as_ref().map(|c| c.revision).into(),
            snapshot.customer.name.as_str().into(),
        ]);
        for (no, line) in snapshot.lines.iter().enumerate() {
            lines.push(vec![
                number.as_str().into(),
                i64::try_from(no + 1)?.into(),
                line.product.as_str().into(),
                i64::from(line.quantity).into(),
                line.price.total.into(),
                line.production_line.as_str().into(),
                line.delivery.start.to_string().into(),
                line.delivery.earliest.to_string().into(),
                line.delivery.latest.to_string().into(),
            ]);
        }
        let (email, name) = (&snapshot.customer.email, &snapshot.customer.name);
        for term in crate::back_office::search::terms(number, email, name) {
            terms.push(vec![term.into(), number.as_str().into()]);
        }
        events.push(vec![
            number.as_str().into(),
            1.into(),
            Status::Received.as_str().into(),
            now.as_str().into(),
        ]);
        if let Some(client) = placement.order.client {
            logged.push(vec![
                super::limits::client_key(client).into(),
                crate::db::now_text().into(),
            ]);
        }
    }
    insert(tx, "orders", ORDER_COLUMNS, &orders, "").await?;
    insert(tx, "order_lines", LINE_COLUMNS, &lines, "").await?;
    insert(tx, "order_search", &["term", "order_id"], &terms, "").await?;
    insert(
        tx,
        "order_events",
        &["order_id", "seq", "status", "at"],
        &events,
        "",
    )
    .await?;
    for cart in placements
        .iter()
        .filter_map(|p| p.order.checked.cart.as_ref())
    {
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
    insert(tx, "placement_log", &["client", "placed_at"], &logged, "").await?;
    super::limits::forget_old_placements(tx).await?;
    // Last before the commit: on PostgreSQL the outbox's feed lock holds
    // every other order transaction from here to the commit, and a
    // transaction that holds it must wait for no other lock.
    let events = placements
        .iter()
        .zip(numbers)
        .map(|(placement, (number, _))| {
            let event = PlacedEvent {
                at: &now,
                order: number,
                snapshot: &placement.snapshot,
                status: Status::Received.as_str(),
            };
            let payload = Payload::new(&event, Some(number), Some(Status::Received))?;
            Ok((payload, now.as_str()))
        })
        .collect::<serde_json::Result<Vec<_>>>()?;
    let topic = app::admin::integrations::topic_of(Status::Received);
    crate::outbox::record_many(tx, topic, &events).await?;
    Ok(())
}

/// The payload of an order's `order.placed` event.
#[derive(serde::Serialize)]
struct PlacedEvent<'a> {
    at: &'a str,
    order: &'a str,
    snapshot: &'a OrderSnapshot,
    status: &'a str,
}

const ORDER_COLUMNS: &[&str] = &[
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
    "email",
    "status",
    "snapshot",
    "created_at",
    "cart_id",
    "cart_revision",
    "customer_name",
];

const LINE_COLUMNS: &[&str] = &[
    "order_id",
    "line_no",
    "product_id",
    "quantity",
    "total_minor",
    "production_line",
    "production_start",
    "earliest",
    "latest",
];

fn units_of(snapshot: &OrderSnapshot) -> i64 {
    snapshot.lines.iter().map(|l| i64::from(l.quantity)).sum()
}

/// The next `count` order numbers of `year`: `2026-000042`.
async fn next_numbers(
    tx: &mut Transaction<'static, Any>,
    year: i64,
    count: usize,
) -> anyhow::Result<Vec<String>> {
    let count = i64::try_from(count)?;
    let (last,): (i64,) = sqlx::query_as(
        "INSERT INTO order_numbers (year, last) VALUES ($1, $2)
         ON CONFLICT (year) DO UPDATE SET last = order_numbers.last + excluded.last
         RETURNING last",
    )
    .bind(year)
    .bind(count)
    .fetch_one(&mut **tx)
    .await?;
    Ok((last - count + 1..=last)
        .map(|n| format!("{year}-{n:06}"))
        .collect())
}
