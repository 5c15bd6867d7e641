//! The outbox, the one way out of the database: an event is written in the
//! transaction that caused it, together with one delivery for every
//! destination that wants it: each enabled webhook endpoint subscribed to its
//! type, and the customer's mailbox for the events customers are told of.
//! The delivery worker ([`crate::delivery`]) sends them afterwards.

use sqlx::{Any, Transaction};

/// Writes event `topic` with `payload` at `now` (UTC, as stored) and its
/// deliveries; returns the event's id, the same on every retry.
pub async fn record(
    tx: &mut Transaction<'_, Any>,
    topic: &str,
    payload: &serde_json::Value,
    now: &str,
) -> Result<String, sqlx::Error> {
    let id = insert_event(tx, topic, payload, now).await?;
    let due = crate::db::now_text();
    // The endpoint's id makes the delivery's id: one per event and endpoint.
    sqlx::query(
        "INSERT INTO deliveries (id, event_id, channel, endpoint_id, next_attempt_at, created_at) \
         SELECT $1 || '.' || id, $1, 'webhook', id, $2, $2 FROM webhook_endpoints \
         WHERE enabled = 1 AND (event_types = '' OR ' ' || event_types || ' ' LIKE $3)",
    )
    .bind(&id)
    .bind(&due)
    .bind(format!("% {topic} %"))
    .execute(&mut **tx)
    .await?;
    if crate::delivery::mail::kind_of(payload).is_some() {
        add_delivery(tx, &id, "mail", "", &due).await?;
    }
    Ok(id)
}

/// Writes a test event that only endpoint `endpoint` receives.
pub async fn record_test(
    tx: &mut Transaction<'_, Any>,
    endpoint: &str,
    now: &str,
) -> Result<String, sqlx::Error> {
    let payload = serde_json::json!({ "test": true, "endpoint": endpoint });
    let id = insert_event(tx, TEST_TOPIC, &payload, now).await?;
    let due = crate::db::now_text();
    add_delivery(tx, &id, "webhook", endpoint, &due).await?;
    Ok(id)
}

/// The type of the event the back office sends to try an endpoint.
pub const TEST_TOPIC: &str = "webhook.test";

/// The advisory lock that orders the feed on PostgreSQL ("atelier feed").
const FEED_LOCK: i64 = 0x6174_656c_6665_6564;

async fn insert_event(
    tx: &mut Transaction<'_, Any>,
    topic: &str,
    payload: &serde_json::Value,
    now: &str,
) -> Result<String, sqlx::Error> {
    let id = format!("evt_{}", uuid::Uuid::new_v4().simple());
    // The feed's position follows commit order: on PostgreSQL the next
    // writer waits here until this transaction ends (SQLite has one writer).
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(FEED_LOCK)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO outbox (id, topic, payload, created_at, order_id, position) \
         SELECT $1, $2, $3, $4, $5, COALESCE(MAX(position), 0) + 1 FROM outbox",
    )
    .bind(&id)
    .bind(topic)
    .bind(payload.to_string())
    .bind(now)
    .bind(payload["order"].as_str())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

async fn add_delivery(
    tx: &mut Transaction<'_, Any>,
    event: &str,
    channel: &str,
    endpoint: &str,
    due: &str,
) -> Result<(), sqlx::Error> {
    let id = if endpoint.is_empty() {
        format!("{event}.{channel}")
    } else {
        format!("{event}.{endpoint}")
    };
    sqlx::query(
        "INSERT INTO deliveries (id, event_id, channel, endpoint_id, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(id)
    .bind(event)
    .bind(channel)
    .bind(endpoint)
    .bind(due)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
