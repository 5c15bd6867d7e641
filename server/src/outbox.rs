//! The outbox, the one way out of the database: an event is written in the
//! transaction that caused it, together with one delivery for every
//! destination that wants it: each enabled webhook endpoint subscribed to its
//! type, and the customer's mailbox for the events customers are told of.
//! The delivery worker ([`crate::delivery`]) sends them afterwards.

use crate::db::rows::Cell;
use app::orders::Status;
use sqlx::{Any, Transaction};

/// An event's payload as stored, with what the outbox reads of it.
pub struct Payload {
    json: String,
    /// The order the event is about.
    order: Option<String>,
    /// Whether the customer is mailed of it.
    mailed: bool,
}

impl Payload {
    /// `value`, serialised as it is, about `order` (moved to `status`):
    /// for payloads written straight from their types, with no JSON tree
    /// built between (a batch of orders writes dozens).
    pub fn new(
        value: &impl serde::Serialize,
        order: Option<&str>,
        status: Option<Status>,
    ) -> serde_json::Result<Self> {
        Ok(Payload {
            json: serde_json::to_string(value)?,
            order: order.map(str::to_owned),
            mailed: status
                .and_then(crate::delivery::mail::letter::Kind::of)
                .is_some(),
        })
    }
}

impl From<&serde_json::Value> for Payload {
    /// A payload with its order (`"order"`) and status (`"status"`).
    fn from(value: &serde_json::Value) -> Self {
        Payload {
            json: value.to_string(),
            order: value["order"].as_str().map(str::to_owned),
            mailed: crate::delivery::mail::kind_of(value).is_some(),
        }
    }
}

/// Writes event `topic` with `payload` at `now` (UTC, as stored) and its
/// deliveries; returns the event's id.
pub async fn record(
    tx: &mut Transaction<'_, Any>,
    topic: &str,
    payload: &serde_json::Value,
    now: &str,
) -> Result<String, sqlx::Error> {
    let mut ids = record_many(tx, topic, &[(payload.into(), now)]).await?;
    Ok(ids.remove(0))
}

/// Writes events of `topic`, each a payload with its time, and their
/// deliveries, a statement for all of them per table (a batch of orders);
/// returns their ids, in order.
pub async fn record_many(
    tx: &mut Transaction<'_, Any>,
    topic: &str,
    events: &[(Payload, &str)],
) -> Result<Vec<String>, sqlx::Error> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let ids = insert_events(tx, topic, events).await?;
    let due = crate::db::now_text();
    // The endpoint's id makes the delivery's id: one per event and endpoint.
    let sql = format!(
        "INSERT INTO deliveries (id, event_id, channel, endpoint_id, next_attempt_at, created_at) \
         SELECT o.id || '.' || w.id, o.id, 'webhook', w.id, $1, $1 \
         FROM outbox o JOIN webhook_endpoints w \
         ON w.enabled = 1 AND (w.event_types = '' OR ' ' || w.event_types || ' ' LIKE $2) \
         WHERE o.id IN ({})",
        crate::db::rows::placeholders(3..ids.len() + 3)
    );
    let mut webhooks = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&due)
        .bind(format!("% {topic} %"));
    for id in &ids {
        webhooks = webhooks.bind(id);
    }
    webhooks.execute(&mut **tx).await?;
    let mails: Vec<Vec<Cell>> = ids
        .iter()
        .zip(events)
        .filter(|(_, (payload, _))| payload.mailed)
        .map(|(id, _)| delivery_row(id, "mail", "", &due))
        .collect();
    crate::db::rows::insert(tx, "deliveries", DELIVERY_COLUMNS, &mails, "").await?;
    Ok(ids)
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
    let mut ids = insert_events(tx, topic, &[(payload.into(), now)]).await?;
    Ok(ids.remove(0))
}

/// Inserts events with the next positions of the feed; returns their ids.
async fn insert_events(
    tx: &mut Transaction<'_, Any>,
    topic: &str,
    events: &[(Payload, &str)],
) -> Result<Vec<String>, sqlx::Error> {
    // The feed's position follows commit order: on PostgreSQL the next
    // writer waits here until this transaction ends (SQLite has one writer).
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(FEED_LOCK)
            .execute(&mut **tx)
            .await?;
    }
    let (last,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(MAX(position), 0) AS BIGINT) FROM outbox")
            .fetch_one(&mut **tx)
            .await?;
    let ids: Vec<String> = events
        .iter()
        .map(|_| format!("evt_{}", uuid::Uuid::new_v4().simple()))
        .collect();
    let rows: Vec<Vec<Cell>> = ids
        .iter()
        .zip(events)
        .zip(last + 1..)
        .map(|((id, (payload, now)), position)| {
            vec![
                id.as_str().into(),
                topic.into(),
                payload.json.as_str().into(),
                (*now).into(),
                payload.order.clone().into(),
                position.into(),
            ]
        })
        .collect();
    crate::db::rows::insert(
        tx,
        "outbox",
        &[
            "id",
            "topic",
            "payload",
            "created_at",
            "order_id",
            "position",
        ],
        &rows,
        "",
    )
    .await?;
    Ok(ids)
}

const DELIVERY_COLUMNS: &[&str] = &[
    "id",
    "event_id",
    "channel",
    "endpoint_id",
    "next_attempt_at",
    "created_at",
];

/// A delivery's row: due at `due`, created then.
fn delivery_row(event: &str, channel: &str, endpoint: &str, due: &str) -> Vec<Cell> {
    let id = if endpoint.is_empty() {
        format!("{event}.{channel}")
    } else {
        format!("{event}.{endpoint}")
    };
    vec![
        id.into(),
        event.into(),
        channel.into(),
        endpoint.into(),
        due.into(),
        due.into(),
    ]
}

async fn add_delivery(
    tx: &mut Transaction<'_, Any>,
    event: &str,
    channel: &str,
    endpoint: &str,
    due: &str,
) -> Result<(), sqlx::Error> {
    let row = delivery_row(event, channel, endpoint, due);
    crate::db::rows::insert(tx, "deliveries", DELIVERY_COLUMNS, &[row], "").await
}
