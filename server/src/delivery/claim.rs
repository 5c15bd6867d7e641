//! Claiming due deliveries with a lease, so that no two workers (in one
//! process or several on one PostgreSQL database) send one at the same
//! time, and writing down how each try went. A worker that dies keeps its
//! lease until it runs out; then another worker (or the restarted one)
//! takes the delivery again: delivery is at least once.

use crate::db::rows::{insert, value_rows, Cell};
use crate::db::{Backend, Pool};

/// A delivery a worker holds.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: String,
    pub event_id: String,
    pub channel: String,
    pub endpoint_id: String,
    /// Tries so far, this one included.
    pub attempts: i64,
    /// Tries made before the last redelivery.
    pub schedule_from: i64,
}

impl Claimed {
    /// Tries since the last redelivery, this one included.
    pub fn tries(&self) -> usize {
        (self.attempts - self.schedule_from).max(1) as usize
    }
}

/// Takes up to `limit` due deliveries until `lease_until` for `worker`.
/// Deliveries to a disabled endpoint wait until it is enabled again.
pub async fn claim(
    pool: &Pool,
    backend: Backend,
    worker: &str,
    now: &str,
    lease_until: &str,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    // A read first: most polls find nothing, and need not write.
    let due: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM deliveries WHERE state = 'pending' AND next_attempt_at <= $1 LIMIT 1",
    )
    .bind(now)
    .fetch_optional(pool)
    .await?;
    if due.is_none() {
        return Ok(Vec::new());
    }
    // PostgreSQL: rows another worker is claiming right now are skipped,
    // not waited for; SQLite has one writer at a time anyway.
    let skip_locked = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE deliveries SET lease_until = $1, leased_by = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT d.id FROM deliveries d \
           WHERE d.state = 'pending' AND d.next_attempt_at <= $3 \
           AND (d.lease_until IS NULL OR d.lease_until < $3) \
           AND NOT EXISTS (SELECT 1 FROM webhook_endpoints e \
                           WHERE e.id = d.endpoint_id AND e.enabled = 0) \
           ORDER BY d.next_attempt_at LIMIT $4{skip_locked}) \
         RETURNING id, event_id, channel, endpoint_id, attempts, schedule_from"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(lease_until)
        .bind(worker)
        .bind(now)
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// How one try went.
#[derive(Debug, Clone)]
pub struct Try {
    pub started_at: String,
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

/// What becomes of the delivery after a try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    Delivered { at: String },
    Retry { at: String },
    Failed,
}

/// Writes each delivery's try and what follows it, in one transaction,
/// where `worker` still holds the lease (a worker that overran its lease
/// leaves the delivery to the next one).
pub async fn finish(
    pool: &Pool,
    worker: &str,
    tried: &[(&Claimed, &Try, &After)],
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let rows: Vec<Vec<Cell>> = tried
        .iter()
        .map(|(delivery, attempt, _)| {
            vec![
                delivery.id.as_str().into(),
                delivery.attempts.into(),
                attempt.started_at.as_str().into(),
                attempt.status_code.into(),
                attempt.latency_ms.into(),
                attempt.error.clone().into(),
                worker.into(),
            ]
        })
        .collect();
    insert(
        &mut tx,
        "delivery_attempts",
        &[
            "delivery_id",
            "attempt",
            "started_at",
            "status_code",
            "latency_ms",
            "error",
            "worker",
        ],
        &rows,
        "ON CONFLICT DO NOTHING",
    )
    .await?;
    // One statement for the batch: a row per delivery, its columns in
    // the order of the VALUES (column1 to column5 in both databases).
    let sql = format!(
        "UPDATE deliveries SET state = v.column2, \
         next_attempt_at = COALESCE(v.column3, deliveries.next_attempt_at), \
         delivered_at = v.column4, last_error = v.column5, lease_until = NULL, leased_by = NULL \
         FROM (VALUES {}) AS v WHERE deliveries.id = v.column1 AND deliveries.leased_by = $1",
        value_rows(2, tried.len(), 5)
    );
    let mut update = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(worker);
    for (delivery, attempt, after) in tried {
        let (state, next, delivered_at) = match after {
            After::Delivered { at } => ("delivered", None, Some(at.as_str())),
            After::Retry { at } => ("pending", Some(at.as_str()), None),
            After::Failed => ("failed", None, None),
        };
        update = update
            .bind(&delivery.id)
            .bind(state)
            .bind(next)
            .bind(delivered_at)
            .bind(&attempt.error);
    }
    if !tried.is_empty() {
        update.execute(&mut *tx).await?;
    }
    tx.commit().await
}
