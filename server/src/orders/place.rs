//! Placing an order: one transaction that serialises orders per production
//! line, quotes every line again from what it sees, and only then books
//! capacity, reserves stock, and stores the order with its lines, its
//! status event and its outbox event (and empties the cart it came from).

use super::token::TokenKey;
use super::SqlOrders;
use crate::carts::id_of;
use crate::db::Backend;
use crate::operations::{read_plan, today_in};
use anyhow::{bail, Context};
use app::orders::check::{check, CheckedOrder};
use app::orders::quote::Quote;
use app::orders::{CheckoutForm, Field, PlaceOutcome, Problem, Status};
use app::state::ClientAddress;
use sha2::{Digest, Sha256};
use sqlx::Any;

/// Attempts before giving up when stock or the cart keep changing.
const MAX_ATTEMPTS: usize = 5;

enum Attempt {
    Done(PlaceOutcome),
    /// Stock counted on was taken by a concurrent order, or the cart
    /// changed; check and compute again.
    Retry,
}

impl SqlOrders {
    /// Checks and places the order of `form`; see [`app::state::OrderService::place`].
    pub async fn place_order(
        &self,
        form: &CheckoutForm,
        cart_secret: Option<&str>,
        client: Option<ClientAddress>,
    ) -> anyhow::Result<PlaceOutcome> {
        let cart_id = form.orders_cart().then(|| cart_secret.map(id_of)).flatten();
        // A retry is recognised before anything else, so it returns its
        // order even when the catalog or production changed since.
        let digest = request_digest(form, cart_id.as_deref());
        let key = form.key.trim();
        for _ in 0..MAX_ATTEMPTS {
            let mut conn = self.pool.acquire().await?;
            if !key.is_empty() {
                if let Some(outcome) =
                    earlier_order(&self.token_key, &mut conn, key, &digest).await?
                {
                    return Ok(outcome);
                }
            }
            let cart = match (&cart_id, form.cart_revision()) {
                (Some(id), Some(revision)) => {
                    if let Some(outcome) =
                        cart_order(&self.token_key, &mut conn, id, revision).await?
                    {
                        return Ok(outcome);
                    }
                    let loaded = self.carts.load_cart_by_id(&mut conn, id).await?;
                    if loaded.as_ref().is_some_and(|c| c.revision != revision) {
                        // Ordered from another page between the two reads:
                        // that order answers (the cart is empty now).
                        if let Some(outcome) =
                            cart_order(&self.token_key, &mut conn, id, revision).await?
                        {
                            return Ok(outcome);
                        }
                        // Changed in another window: never order lines the
                        // customer did not see on this page.
                        return Ok(cart_changed());
                    }
                    loaded.map(|cart| (id.clone(), cart))
                }
                _ => None,
            };
            if let Some(refusal) =
                super::limits::refusal(&mut conn, &self.limits, client, &form.email).await?
            {
                return Ok(refusal);
            }
            drop(conn);
            let published = self.catalog.current();
            let checked = match check(
                published,
                form,
                cart.as_ref().map(|(id, c)| (id.clone(), c)),
            ) {
                Ok(checked) => checked,
                Err(problems) => return Ok(PlaceOutcome::Invalid { problems }),
            };
            // Evaluated and priced here; the transaction only estimates.
            let priced = Quote::priced(&checked.published, checked.lines.clone());
            let attempt = self.try_place(&checked, &priced, &digest, client).await?;
            if let Attempt::Done(outcome) = attempt {
                return Ok(outcome);
            }
        }
        bail!("stock or the cart kept changing while placing the order")
    }
}

/// The order an earlier submission with `key` created, as `conn` sees it.
async fn earlier_order(
    token_key: &TokenKey,
    conn: &mut sqlx::AnyConnection,
    key: &str,
    digest: &str,
) -> anyhow::Result<Option<PlaceOutcome>> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, token, request_digest FROM orders WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(number, token, stored)| {
        if stored == digest {
            let token = token_key.token_of(&number, &token);
            PlaceOutcome::Placed { number, token }
        } else {
            PlaceOutcome::Invalid {
                problems: vec![Problem::new(
                    Field::Form,
                    "Mit dieser Bestellseite wurde schon eine andere Bestellung aufgegeben; bitte die Seite neu laden.",
                    "This checkout page was already used for a different order; please reload the page.",
                )],
            }
        }
    }))
}

/// The refusal of a checkout page whose cart changed since it was shown.
fn cart_changed() -> PlaceOutcome {
    PlaceOutcome::Invalid {
        problems: vec![Problem::new(
            Field::Form,
            "Ihr Warenkorb hat sich geändert, seit diese Seite geöffnet wurde; bestellt wurde nichts. Bitte prüfen Sie ihn im Warenkorb und bestellen Sie noch einmal.",
            "Your cart changed since this page was opened; nothing was ordered. Please check it in your cart and order again.",
        )],
    }
}

/// The order made of revision `revision` of cart `cart_id`, if any: that
/// cart was ordered (from another checkout page of the same customer).
async fn cart_order(
    token_key: &TokenKey,
    conn: &mut sqlx::AnyConnection,
    cart_id: &str,
    revision: i64,
) -> anyhow::Result<Option<PlaceOutcome>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT id, token FROM orders WHERE cart_id = $1 AND cart_revision = $2")
            .bind(cart_id)
            .bind(revision)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(number, token)| PlaceOutcome::Placed {
        token: token_key.token_of(&number, &token),
        number,
    }))
}

/// The production lines an order's lines are made on, sorted, each once.
fn production_lines(checked: &CheckedOrder) -> Vec<String> {
    let mut line_ids: Vec<String> = checked
        .lines
        .iter()
        .filter_map(|l| checked.published.compiled.get(&l.product))
        .map(|c| c.product.production_line.clone())
        .collect();
    line_ids.sort_unstable();
    line_ids.dedup();
    line_ids
}

/// The answer to an estimated order that cannot be stored as it is: it can
/// no longer be made, or its figures are not the ones its page showed.
fn answer_unless_as_seen(checked: &CheckedOrder, quote: &Quote<'_>) -> Option<PlaceOutcome> {
    if !quote.orderable() {
        return Some(PlaceOutcome::Invalid {
            problems: quote.problems(),
        });
    }
    checked.changes(quote).map(PlaceOutcome::Changed)
}

impl SqlOrders {
    async fn try_place(
        &self,
        checked: &CheckedOrder,
        priced: &Quote<'_>,
        digest: &str,
        client: Option<ClientAddress>,
    ) -> anyhow::Result<Attempt> {
        let line_ids = production_lines(checked);
        // SQLite: the write lock from the start, with a fresh snapshot.
        // PostgreSQL: the lines' row locks, always in the same order.
        // Either way orders for one line are estimated one at a time; on
        // SQLite this process's orders queue for the lock (`write_turn`).
        let _turn = match self.backend {
            Backend::Sqlite => Some(self.write_turn.lock().await),
            Backend::Postgres => None,
        };
        let mut tx = crate::db::begin_write(&self.pool, self.backend).await?;
        for line_id in &line_ids {
            let locked = sqlx::query(
                "UPDATE production_lines SET daily_capacity = daily_capacity WHERE id = $1",
            )
            .bind(line_id)
            .execute(&mut *tx)
            .await?;
            if locked.rows_affected() == 0 {
                bail!("a product names unknown production line {line_id}");
            }
        }
        // A simultaneous submission of the same checkout may have won the lock.
        if let Some(outcome) = earlier_order(&self.token_key, &mut tx, &checked.key, digest).await?
        {
            tx.rollback().await?;
            return Ok(Attempt::Done(outcome));
        }
        if let Some(cart) = &checked.cart {
            let lock = crate::db::locking(self.backend, "SELECT revision FROM carts WHERE id = $1");
            let revision: Option<(i64,)> = sqlx::query_as(lock)
                .bind(&cart.id)
                .fetch_optional(&mut *tx)
                .await?;
            if revision != Some((cart.revision,)) {
                // Ordered or changed meanwhile: look again from the start.
                tx.rollback().await?;
                return Ok(Attempt::Retry);
            }
        }
        let today = today_in(&self.time_zone)?;
        let mut plan = read_plan(&mut tx, &line_ids, today).await?;
        let mut quote = priced.clone();
        quote.estimate(&mut plan);
        if let Some(outcome) = answer_unless_as_seen(checked, &quote) {
            tx.rollback().await?;
            return Ok(Attempt::Done(outcome));
        }

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
            .execute(&mut *tx)
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
                    .execute(&mut *tx)
                    .await?;
                if reserved.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(Attempt::Retry);
                }
            }
        }

        let snapshot = checked.snapshot(&quote);
        let first = &snapshot.lines[0];
        let now = jiff::Timestamp::now().to_string();
        let number = next_number(&mut tx, i64::from(today.year())).await?;
        let token = self.token_key.token_for(&number);
        let units: i64 = snapshot.lines.iter().map(|l| i64::from(l.quantity)).sum();
        let inserted = sqlx::query(
            "INSERT INTO orders (id, token, idempotency_key, request_digest, catalog_version,
                 product_id, quantity, currency, total_minor, production_line, production_start,
                 earliest, latest, email, status, snapshot, created_at, cart_id, cart_revision,
                 customer_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        )
        .bind(&number)
        .bind(super::token::stored(&token))
        .bind(&checked.key)
        .bind(digest)
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
        .execute(&mut *tx)
        .await;
        if let Err(e) = inserted {
            tx.rollback().await?;
            // A concurrent submission of the same checkout (or of the same
            // cart from another page) won the race.
            let mut conn = self.pool.acquire().await?;
            if let Some(outcome) =
                earlier_order(&self.token_key, &mut conn, &checked.key, digest).await?
            {
                return Ok(Attempt::Done(outcome));
            }
            if let Some(cart) = &checked.cart {
                if let Some(outcome) =
                    cart_order(&self.token_key, &mut conn, &cart.id, cart.revision).await?
                {
                    return Ok(Attempt::Done(outcome));
                }
            }
            return Err(e.into());
        }
        crate::back_office::search::index(
            &mut tx,
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
            .execute(&mut *tx)
            .await?;
        }
        if let Some(cart) = &checked.cart {
            sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1")
                .bind(&cart.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE carts SET revision = revision + 1, touched_at = $2 WHERE id = $1")
                .bind(&cart.id)
                .bind(crate::db::now_text())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO order_events (order_id, seq, status, at) VALUES ($1, 1, $2, $3)")
            .bind(&number)
            .bind(Status::Received.as_str())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        let payload = serde_json::json!({
            "order": number,
            "status": Status::Received.as_str(),
            "at": now,
            "snapshot": snapshot,
        });
        let topic = app::admin::integrations::topic_of(Status::Received);
        crate::outbox::record(&mut tx, topic, &payload, &now).await?;
        super::limits::log_placement(&mut tx, client).await?;
        tx.commit().await?;
        self.metrics.order_placed();
        tracing::info!(order = %number, lines = snapshot.lines.len(), units, "order placed");
        Ok(Attempt::Done(PlaceOutcome::Placed { number, token }))
    }
}

/// The next order number of `year`: `2026-000042`.
async fn next_number(tx: &mut sqlx::Transaction<'_, Any>, year: i64) -> anyhow::Result<String> {
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

/// What was sent under a checkout key (the order, not the figures seen), so
/// a reused key with other content is told apart from a retry. A cart order
/// is named by its cart.
fn request_digest(form: &CheckoutForm, cart_id: Option<&str>) -> String {
    let country = form.country.trim().to_ascii_uppercase();
    let mut request: Vec<&str> = match cart_id {
        Some(cart) => vec!["cart", cart],
        None => vec![
            form.product.trim(),
            form.config.trim(),
            form.quantity.trim(),
        ],
    };
    request.extend([
        form.name.trim(),
        form.email.trim(),
        form.phone.trim(),
        form.street.trim(),
        form.postal_code.trim(),
        form.city.trim(),
        &country,
    ]);
    let json = serde_json::to_string(&request).unwrap_or_default();
    hex::encode(Sha256::digest(json.as_bytes()))
}
