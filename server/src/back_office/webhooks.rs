//! Webhook endpoints and the customers' mail in the back office: adding,
//! changing, rotating, disabling and trying an endpoint, its deliveries and
//! their tries, and redelivering what failed.

use super::{local, zone};
use crate::db::{now_text, time_text, Pool};
use crate::delivery::signature;
use app::admin::integrations::{
    DeliveryRow, EndpointFile, EndpointForm, EndpointSummary, Health, Integrations, MailRow, TryRow,
};
use app::state::{BoxFuture, IntegrationsStore};
use std::path::Path;

/// The integrations pages' store over the database and the mail folder.
#[derive(Clone)]
pub struct SqlIntegrations {
    pub pool: Pool,
    pub time_zone: String,
    /// Where mail goes ([`crate::delivery::mail::Settings`]).
    pub mail: crate::delivery::mail::Settings,
}

impl SqlIntegrations {
    /// The folder mail is written to, when no SMTP server is configured.
    fn mail_folder(&self) -> Option<&Path> {
        self.mail
            .smtp_url
            .is_none()
            .then_some(self.mail.folder.as_path())
    }
}

impl IntegrationsStore for SqlIntegrations {
    fn integrations(&self) -> BoxFuture<'_, Result<Integrations, String>> {
        Box::pin(async move {
            let transport = match self.mail_folder() {
                Some(folder) => format!("files in {}", folder.display()),
                None => "SMTP".to_owned(),
            };
            overview(&self.pool, &self.time_zone, self.mail_folder(), transport)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn endpoint_file<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<EndpointFile>, String>> {
        Box::pin(async move {
            file(&self.pool, &self.time_zone, id)
                .await
                .map_err(|e| format!("{e:#}"))
        })
    }

    fn mail_file<'a>(&'a self, event: &'a str) -> BoxFuture<'a, Result<Option<String>, String>> {
        Box::pin(async move { Ok(self.mail_folder().and_then(|f| mail_file(f, event))) })
    }
}

/// How long a rotated-out secret still signs.
pub const ROTATION_OVERLAP: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);
/// Deliveries an endpoint's page lists.
const LISTED: i64 = 50;

fn shown(at: &str, tz: &jiff::tz::TimeZone) -> String {
    local(at, tz)
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| at.to_owned())
}

#[derive(sqlx::FromRow)]
struct StoredTry {
    attempt: i64,
    started_at: String,
    status_code: Option<i64>,
    latency_ms: i64,
    error: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EndpointRow {
    id: String,
    url: String,
    description: String,
    event_types: String,
    enabled: i64,
    disabled_reason: Option<String>,
    secret: String,
    previous_until: Option<String>,
}

const ENDPOINT_COLUMNS: &str =
    "id, url, description, event_types, enabled, disabled_reason, secret, previous_until";

/// The integrations page: every endpoint with its health, and the newest mail.
pub async fn overview(
    pool: &Pool,
    time_zone: &str,
    mail_folder: Option<&Path>,
    transport: String,
) -> anyhow::Result<Integrations> {
    let tz = zone(time_zone)?;
    let rows: Vec<EndpointRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id"
    )))
    .fetch_all(pool)
    .await?;
    let mut endpoints = Vec::new();
    for row in rows {
        endpoints.push(summary(pool, &tz, &row).await?);
    }
    let mail: Vec<(String, String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT d.event_id, o.topic, o.payload, d.state, d.last_error, o.created_at \
         FROM deliveries d JOIN outbox o ON o.id = d.event_id \
         WHERE d.channel = 'mail' ORDER BY d.created_at DESC, d.id DESC LIMIT 100",
    )
    .fetch_all(pool)
    .await?;
    let mail = mail
        .into_iter()
        .map(
            |(event_id, topic, payload, state, last_error, created_at)| MailRow {
                has_file: mail_folder.is_some_and(|f| f.join(format!("{event_id}.eml")).is_file()),
                order: order_of(&payload),
                event_id,
                event_type: topic,
                state,
                created_at: shown(&created_at, &tz),
                last_error,
            },
        )
        .collect();
    Ok(Integrations {
        endpoints,
        mail,
        mail_transport: transport,
    })
}

fn order_of(payload: &str) -> Option<String> {
    let payload: serde_json::Value = serde_json::from_str(payload).ok()?;
    payload["order"].as_str().map(str::to_owned)
}

async fn summary(
    pool: &Pool,
    tz: &jiff::tz::TimeZone,
    row: &EndpointRow,
) -> anyhow::Result<EndpointSummary> {
    let day_ago = time_text(jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24));
    let since = |sql: &'static str| {
        let day_ago = day_ago.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(sql)
                .bind(&row.id)
                .bind(day_ago)
                .fetch_one(pool)
                .await?;
            Ok::<i64, sqlx::Error>(n)
        }
    };
    let delivered_today = since(
        "SELECT COUNT(*) FROM deliveries \
         WHERE endpoint_id = $1 AND state = 'delivered' AND delivered_at >= $2",
    )
    .await?;
    let failed_tries_today = since(
        "SELECT COUNT(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id \
         WHERE d.endpoint_id = $1 AND a.started_at >= $2 AND a.error IS NOT NULL",
    )
    .await?;
    let in_state = |state: &'static str| async move {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE endpoint_id = $1 AND state = $2")
                .bind(&row.id)
                .bind(state)
                .fetch_one(pool)
                .await?;
        Ok::<i64, sqlx::Error>(n)
    };
    let pending = in_state("pending").await?;
    let failed = in_state("failed").await?;
    let last_success: Option<(Option<String>,)> =
        sqlx::query_as("SELECT MAX(delivered_at) FROM deliveries WHERE endpoint_id = $1")
            .bind(&row.id)
            .fetch_optional(pool)
            .await?;
    let last_try: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT a.error FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id \
         WHERE d.endpoint_id = $1 ORDER BY a.started_at DESC, a.attempt DESC LIMIT 1",
    )
    .bind(&row.id)
    .fetch_optional(pool)
    .await?;
    Ok(EndpointSummary {
        id: row.id.clone(),
        url: row.url.clone(),
        description: row.description.clone(),
        event_types: row
            .event_types
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        enabled: row.enabled != 0,
        disabled_reason: row.disabled_reason.clone(),
        health: Health {
            delivered_today,
            failed_tries_today,
            pending,
            failed,
            last_success: last_success.and_then(|(at,)| at).map(|at| shown(&at, tz)),
            last_error: last_try.and_then(|(e,)| e),
        },
    })
}

/// Endpoint `id`'s page, if there is one.
pub async fn file(pool: &Pool, time_zone: &str, id: &str) -> anyhow::Result<Option<EndpointFile>> {
    let tz = zone(time_zone)?;
    let row: Option<EndpointRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let deliveries: Vec<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT d.id, d.event_id, o.topic, o.payload, d.state, o.created_at, d.next_attempt_at \
         FROM deliveries d JOIN outbox o ON o.id = d.event_id \
         WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2",
    )
    .bind(id)
    .bind(LISTED)
    .fetch_all(pool)
    .await?;
    let mut rows = Vec::new();
    for (delivery, event_id, topic, payload, state, created_at, next) in deliveries {
        let tries: Vec<StoredTry> = sqlx::query_as(
            "SELECT attempt, started_at, status_code, latency_ms, error FROM delivery_attempts \
             WHERE delivery_id = $1 ORDER BY attempt",
        )
        .bind(&delivery)
        .fetch_all(pool)
        .await?;
        rows.push(DeliveryRow {
            next_try: (state == "pending").then(|| shown(&next, &tz)),
            id: delivery,
            event_id,
            event_type: topic,
            order: order_of(&payload),
            state,
            created_at: shown(&created_at, &tz),
            tries: tries
                .into_iter()
                .map(|t| TryRow {
                    attempt: t.attempt,
                    at: shown(&t.started_at, &tz),
                    status_code: t.status_code,
                    latency_ms: t.latency_ms,
                    error: t.error,
                })
                .collect(),
        });
    }
    let overlapping = row
        .previous_until
        .as_deref()
        .filter(|until| *until > now_text().as_str());
    Ok(Some(EndpointFile {
        summary: summary(pool, &tz, &row).await?,
        secret: row.secret.clone(),
        previous_until: overlapping.map(|until| shown(until, &tz)),
        deliveries: rows,
    }))
}

/// Adds an endpoint with a new secret; returns its id.
pub async fn add(pool: &Pool, form: &EndpointForm, actor: &str) -> Result<String, sqlx::Error> {
    let id = format!("ep_{}", &uuid::Uuid::new_v4().simple().to_string()[..16]);
    sqlx::query(
        "INSERT INTO webhook_endpoints (id, url, description, event_types, secret, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(&form.url)
    .bind(&form.description)
    .bind(form.event_types.join(" "))
    .bind(signature::new_secret())
    .bind(now_text())
    .bind(actor)
    .execute(pool)
    .await?;
    tracing::info!(endpoint = %id, url = %form.url, actor, "webhook endpoint added");
    Ok(id)
}

/// Changes endpoint `id`'s address, description and types; false: no such endpoint.
pub async fn update(pool: &Pool, id: &str, form: &EndpointForm) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE webhook_endpoints SET url = $2, description = $3, event_types = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(&form.url)
    .bind(&form.description)
    .bind(form.event_types.join(" "))
    .execute(pool)
    .await?;
    Ok(changed.rows_affected() == 1)
}

/// A new secret for endpoint `id`; the old one signs too for [`ROTATION_OVERLAP`].
pub async fn rotate(pool: &Pool, id: &str) -> Result<bool, sqlx::Error> {
    let until = time_text(jiff::Timestamp::now() + ROTATION_OVERLAP);
    let changed = sqlx::query(
        "UPDATE webhook_endpoints SET previous_secret = secret, previous_until = $2, secret = $3 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(until)
    .bind(signature::new_secret())
    .execute(pool)
    .await?;
    Ok(changed.rows_affected() == 1)
}

/// Enables or disables endpoint `id`; a disabled endpoint's deliveries wait.
pub async fn set_enabled(
    pool: &Pool,
    id: &str,
    enabled: bool,
    actor: &str,
) -> Result<bool, sqlx::Error> {
    let reason = (!enabled).then(|| format!("disabled by {actor}"));
    let changed = sqlx::query(
        "UPDATE webhook_endpoints SET enabled = $2, disabled_reason = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(i64::from(enabled))
    .bind(reason)
    .execute(pool)
    .await?;
    Ok(changed.rows_affected() == 1)
}

/// Sends endpoint `id` a test event now; returns its id, if the endpoint exists.
pub async fn send_test(pool: &Pool, id: &str) -> Result<Option<String>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT id FROM webhook_endpoints WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let event =
        crate::outbox::record_test(&mut tx, id, &jiff::Timestamp::now().to_string()).await?;
    tx.commit().await?;
    Ok(Some(event))
}

/// Delivers delivery `id` again now, with a fresh schedule; returns its
/// endpoint (`""` for mail), or none when there is no such delivery or a
/// worker is trying it right now.
pub async fn redeliver(pool: &Pool, id: &str) -> Result<Option<String>, sqlx::Error> {
    let endpoint: Option<(String,)> = sqlx::query_as(
        "UPDATE deliveries SET state = 'pending', next_attempt_at = $2, schedule_from = attempts \
         WHERE id = $1 AND (lease_until IS NULL OR lease_until < $2) RETURNING endpoint_id",
    )
    .bind(id)
    .bind(now_text())
    .fetch_optional(pool)
    .await?;
    Ok(endpoint.map(|(e,)| e))
}

/// Delivers every failed delivery of endpoint `id` (`""`: of mail) again; how many.
pub async fn redeliver_failed(pool: &Pool, endpoint: &str) -> Result<u64, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE deliveries SET state = 'pending', next_attempt_at = $2, schedule_from = attempts \
         WHERE endpoint_id = $1 AND state = 'failed'",
    )
    .bind(endpoint)
    .bind(now_text())
    .execute(pool)
    .await?;
    Ok(changed.rows_affected())
}

/// The mail of event `event` as written to the mail folder, if it was: its
/// main headers and its plain text, for reading.
pub fn mail_file(folder: &Path, event: &str) -> Option<String> {
    let safe = event
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !safe {
        return None;
    }
    let eml = std::fs::read_to_string(folder.join(format!("{event}.eml"))).ok()?;
    Some(readable(&eml))
}

/// The From, To, Subject and Date headers and the plain-text part of a
/// mail written by [`crate::delivery::mail`].
fn readable(eml: &str) -> String {
    let eml = eml.replace("\r\n", "\n");
    let (headers, body) = eml.split_once("\n\n").unwrap_or((&eml, ""));
    let shown: Vec<&str> = headers
        .lines()
        .filter(|h| {
            ["From:", "To:", "Subject:", "Date:"]
                .iter()
                .any(|p| h.starts_with(p))
        })
        .collect();
    let text = body
        .split("Content-Type: text/plain")
        .nth(1)
        .and_then(|part| part.split_once("\n\n"))
        .map(|(_, rest)| rest.split("\n--").next().unwrap_or(rest))
        .map(|qp| {
            let decoded =
                quoted_printable::decode(qp.as_bytes(), quoted_printable::ParseMode::Robust);
            String::from_utf8_lossy(&decoded.unwrap_or_default()).into_owned()
        })
        .unwrap_or_default();
    format!("{}\n\n{}", shown.join("\n"), text.trim_end())
}
