//! Placing an order: one transaction that serialises orders per production
//! line, recomputes the delivery estimate from what it sees, and only then
//! books capacity, reserves stock and stores the order with its outbox event.

use super::check::{check, Checked};
use super::SqlOrders;
use crate::db::Backend;
use crate::operations::{read_snapshot, today_in};
use anyhow::{bail, Context};
use app::orders::snapshot::spec_lines;
use app::orders::{Changed, Field, OrderSnapshot, PlaceOutcome, Problem, Status};
use engine::delivery::Estimate;
use engine::Lang;
use sha2::{Digest, Sha256};
use sqlx::Any;

/// Attempts before giving up when stock keeps being taken by other lines.
const MAX_ATTEMPTS: usize = 5;

enum Attempt {
    Done(PlaceOutcome),
    /// Stock counted on was taken by a concurrent order; compute again.
    Retry,
}

impl SqlOrders {
    /// Checks and places the order of `form`; see [`app::state::OrderService::place`].
    pub async fn place_order(
        &self,
        form: &app::orders::CheckoutForm,
    ) -> anyhow::Result<PlaceOutcome> {
        // A retry is recognised before anything else, so it returns its
        // order even when the catalog or production changed since.
        let digest = request_digest(form);
        let key = form.key.trim();
        if !key.is_empty() {
            if let Some(outcome) = self.earlier_order(key, &digest).await? {
                return Ok(outcome);
            }
        }
        let checked = match check(self.catalog.current(), form) {
            Ok(checked) => checked,
            Err(problems) => return Ok(PlaceOutcome::Invalid { problems }),
        };
        for _ in 0..MAX_ATTEMPTS {
            if let Attempt::Done(outcome) = self.try_place(&checked, &digest).await? {
                return Ok(outcome);
            }
        }
        bail!("component stock kept changing while placing the order")
    }

    /// The order an earlier submission with `key` created, if any.
    async fn earlier_order(&self, key: &str, digest: &str) -> anyhow::Result<Option<PlaceOutcome>> {
        let mut conn = self.pool.acquire().await?;
        earlier_order(&mut conn, key, digest).await
    }
}

/// The order an earlier submission with `key` created, as `conn` sees it.
async fn earlier_order(
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

impl SqlOrders {
    async fn try_place(&self, checked: &Checked, digest: &str) -> anyhow::Result<Attempt> {
        let compiled = checked.compiled();
        let product = &compiled.product;
        let line_id = product.production_line.as_str();
        // SQLite: the write lock from the start, with a fresh snapshot.
        // PostgreSQL: the line's row lock, taken by the first statement.
        // Either way orders for one line are estimated one at a time.
        let mut tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        let locked = sqlx::query(
            "UPDATE production_lines SET daily_capacity = daily_capacity WHERE id = $1",
        )
        .bind(line_id)
        .execute(&mut *tx)
        .await?;
        if locked.rows_affected() == 0 {
            bail!(
                "product {} names unknown production line {line_id}",
                product.id
            );
        }
        // A simultaneous submission of the same checkout may have won the lock.
        if let Some(outcome) = earlier_order(&mut tx, &checked.key, digest).await? {
            tx.rollback().await?;
            return Ok(Attempt::Done(outcome));
        }
        let today = today_in(&self.time_zone)?;
        let operations = read_snapshot(&mut tx, line_id, today).await?;
        if checked.quantity > operations.line.daily_capacity {
            tx.rollback().await?;
            let capacity = operations.line.daily_capacity;
            return Ok(Attempt::Done(PlaceOutcome::Invalid {
                problems: vec![Problem::new(
                    Field::Quantity,
                    format!("Online bestellen Sie bis zu {capacity} Stück; für größere Mengen sprechen Sie uns bitte an."),
                    format!("Online orders take up to {capacity} pieces; for larger quantities please contact us."),
                )],
            }));
        }
        let estimate = match engine::delivery::estimate(
            product,
            &checked.evaluation.effective,
            checked.quantity,
            &operations.line,
            &operations.stock,
            today,
        ) {
            Ok(estimate) => estimate,
            Err(e) => {
                tx.rollback().await?;
                let problem = Problem::new(
                    Field::Configuration,
                    e.message(Lang::De),
                    e.message(Lang::En),
                );
                return Ok(Attempt::Done(PlaceOutcome::Invalid {
                    problems: vec![problem],
                }));
            }
        };
        if let Some(changed) = changes(checked, &estimate) {
            tx.rollback().await?;
            return Ok(Attempt::Done(PlaceOutcome::Changed(changed)));
        }

        sqlx::query(
            "INSERT INTO line_bookings (line_id, day, units) VALUES ($1, $2, $3)
             ON CONFLICT (line_id, day) DO UPDATE SET units = line_bookings.units + excluded.units",
        )
        .bind(line_id)
        .bind(estimate.start.to_string())
        .bind(i64::from(checked.quantity))
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

        let snapshot = build_snapshot(checked, estimate, product);
        let now = jiff::Timestamp::now().to_string();
        let token = new_token();
        let number = next_number(&mut tx, i64::from(today.year())).await?;
        let inserted = sqlx::query(
            "INSERT INTO orders (id, token, idempotency_key, request_digest, catalog_version,
                 product_id, quantity, currency, total_minor, production_line, production_start,
                 earliest, latest, email, status, snapshot, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind(&number)
        .bind(&token)
        .bind(&checked.key)
        .bind(digest)
        .bind(checked.published.version)
        .bind(&product.id)
        .bind(i64::from(checked.quantity))
        .bind(&snapshot.price.currency)
        .bind(snapshot.price.total)
        .bind(line_id)
        .bind(snapshot.delivery.start.to_string())
        .bind(snapshot.delivery.earliest.to_string())
        .bind(snapshot.delivery.latest.to_string())
        .bind(&snapshot.customer.email)
        .bind(Status::Received.as_str())
        .bind(serde_json::to_string(&snapshot)?)
        .bind(&now)
        .execute(&mut *tx)
        .await;
        if let Err(e) = inserted {
            tx.rollback().await?;
            // A concurrent submission of the same checkout won the race.
            return match self.earlier_order(&checked.key, digest).await? {
                Some(outcome) => Ok(Attempt::Done(outcome)),
                None => Err(e.into()),
            };
        }
        sqlx::query("INSERT INTO order_events (order_id, seq, status, at) VALUES ($1, 1, $2, $3)")
            .bind(&number)
            .bind(Status::Received.as_str())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        let payload = serde_json::json!({ "order": number, "snapshot": snapshot });
        sqlx::query("INSERT INTO outbox (id, topic, payload, created_at) VALUES ($1, $2, $3, $4)")
            .bind(uuid::Uuid::new_v4().to_string())
            .bind("order.placed")
            .bind(payload.to_string())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(order = %number, product = %product.id, quantity = checked.quantity, "order placed");
        Ok(Attempt::Done(PlaceOutcome::Placed { number, token }))
    }
}

/// What differs between what the customer saw and what would be ordered.
fn changes(checked: &Checked, estimate: &Estimate) -> Option<Changed> {
    let seen = &checked.seen;
    let catalog_changed = seen.catalog_version != Some(checked.published.version);
    let price_changed = seen.total != Some(checked.price.total);
    let window_changed =
        seen.earliest != Some(estimate.earliest) || seen.latest != Some(estimate.latest);
    (catalog_changed || price_changed || window_changed).then(|| Changed {
        catalog_version: checked.published.version,
        total: checked.price.total,
        currency: checked.price.currency.clone(),
        earliest: estimate.earliest,
        latest: estimate.latest,
        catalog_changed,
        price_changed,
        window_changed,
    })
}

fn build_snapshot(
    checked: &Checked,
    delivery: Estimate,
    product: &engine::Product,
) -> OrderSnapshot {
    let delivery_reasons = delivery
        .reasons
        .iter()
        .map(|r| engine::Text {
            de: r.message(product, Lang::De),
            en: r.message(product, Lang::En),
        })
        .collect();
    OrderSnapshot {
        catalog_version: checked.published.version,
        product: product.id.clone(),
        product_name: product.name.clone(),
        configuration: checked.configuration.clone(),
        lines: spec_lines(product, &checked.evaluation),
        quantity: checked.quantity,
        price: checked.price.clone(),
        delivery,
        delivery_reasons,
        customer: checked.customer.clone(),
        lang: checked.lang,
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

/// The secret of a status link: 244 random bits as 64 hex digits.
fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// What was sent under a checkout key (the order, not the figures seen), so
/// a reused key with other content is told apart from a retry.
fn request_digest(form: &app::orders::CheckoutForm) -> String {
    let request = serde_json::json!([
        form.product.trim(),
        form.config.trim(),
        form.quantity.trim(),
        form.name.trim(),
        form.email.trim(),
        form.phone.trim(),
        form.street.trim(),
        form.postal_code.trim(),
        form.city.trim(),
        form.country.trim().to_ascii_uppercase(),
    ]);
    Sha256::digest(request.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
