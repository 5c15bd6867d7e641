//! Webhook endpoints and the customers' mail in the back office: adding,
//! changing, rotating, disabling and trying an endpoint, its deliveries and
//! their tries, and redelivering what failed.

use super::{local, zone};
use crate::db::{now_text, time_text, Pool};
use crate::delivery::{mail, signature};
use app::admin::integrations::{
    DeliveryRow, EndpointFile, EndpointForm, EndpointSummary, Health, Integrations, MailRow,
    TokenSummary, TryRow,
};
use app::state::{BoxFuture, IntegrationsStore};
use std::path::Path;

/// The integrations pages' store over the database and the mail folder.
#[derive(Clone)]
pub struct SqlIntegrations {
    pub pool: Pool,
    pub time_zone: String,
    /// Where mail goes.
    pub mail: mail::Settings,
}

impl SqlIntegrations {
    fn mail_folder(&self) -> Option<&Path> {
        self.mail.folder_in_use()
    }
}

impl IntegrationsStore for SqlIntegrations {
    fn integrations(&self) -> BoxFuture<'_, Result<Integrations, String>> {
        Box::pin(async move {
            overview(&self.pool, &self.time_zone, self.mail_folder())
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
        Box::pin(async move {
            Ok(self
                .mail_folder()
                .and_then(|f| mail::readable_file(f, event)))
        })
    }
}

/// How long a rotated-out secret still signs.
pub const ROTATION_OVERLAP: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);
/// Deliveries an endpoint's page lists.
const LISTED: i64 = 50;

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

/// A delivery with its event, as the pages list it.
#[derive(sqlx::FromRow)]
struct StoredDelivery {
    id: String,
    event_id: String,
    topic: String,
    order_id: Option<String>,
    state: String,
    created_at: String,
    next_attempt_at: String,
    last_error: Option<String>,
}

const DELIVERY_COLUMNS: &str = "d.id, d.event_id, o.topic, o.order_id, d.state, o.created_at, \
     d.next_attempt_at, d.last_error FROM deliveries d JOIN outbox o ON o.id = d.event_id";

#[derive(sqlx::FromRow)]
struct StoredTry {
    delivery_id: String,
    attempt: i64,
    started_at: String,
    status_code: Option<i64>,
    latency_ms: i64,
    error: Option<String>,
}

/// The integrations page: every endpoint with its health, and the newest mail.
pub async fn overview(
    pool: &Pool,
    time_zone: &str,
    mail_folder: Option<&Path>,
) -> anyhow::Result<Integrations> {
    let tz = zone(time_zone)?;
    let rows: Vec<EndpointRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id"
    )))
    .fetch_all(pool)
    .await?;
    let mut endpoints = Vec::new();
    for row in &rows {
        endpoints.push(summary(pool, &tz, row).await?);
    }
    // Mail has no endpoint: its deliveries are read by that index.
    let mail: Vec<StoredDelivery> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} WHERE d.endpoint_id = '' AND d.channel = 'mail' \
         ORDER BY d.created_at DESC, d.id DESC LIMIT 100"
    )))
    .fetch_all(pool)
    .await?;
    let mail = mail
        .into_iter()
        .map(|d| {
            Ok(MailRow {
                has_file: mail_folder
                    .is_some_and(|f| f.join(format!("{}.eml", d.event_id)).is_file()),
                created_at: local(&d.created_at, &tz)?,
                event_id: d.event_id,
                event_type: d.topic,
                order: d.order_id,
                state: d.state,
                last_error: d.last_error,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let tokens = crate::auth::api_tokens::list(pool)
        .await?
        .into_iter()
        .map(|t| {
            let at = |v: Option<String>| v.map(|v| local(&v, &tz)).transpose();
            Ok(TokenSummary {
                created_at: local(&t.created_at, &tz)?,
                last_used_at: at(t.last_used_at)?,
                revoked_at: at(t.revoked_at)?,
                id: t.id,
                name: t.name,
                hint: t.hint,
                created_by: t.created_by,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Integrations {
        endpoints,
        tokens,
        token_form_key: uuid::Uuid::new_v4().to_string(),
        mail,
        mail_folder: mail_folder.map(|f| f.display().to_string()),
    })
}

/// Figures of an endpoint's deliveries.
#[derive(sqlx::FromRow)]
struct Figures {
    delivered_today: i64,
    pending: i64,
    failed: i64,
    last_success: Option<String>,
}

async fn summary(
    pool: &Pool,
    tz: &jiff::tz::TimeZone,
    row: &EndpointRow,
) -> anyhow::Result<EndpointSummary> {
    let day_ago = time_text(jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24));
    let figures: Figures = sqlx::query_as(
        "SELECT COUNT(CASE WHEN state = 'delivered' AND delivered_at >= $2 THEN 1 END) AS delivered_today, \
                COUNT(CASE WHEN state = 'pending' THEN 1 END) AS pending, \
                COUNT(CASE WHEN state = 'failed' THEN 1 END) AS failed, \
                MAX(delivered_at) AS last_success \
         FROM deliveries WHERE endpoint_id = $1",
    )
    .bind(&row.id)
    .bind(&day_ago)
    .fetch_one(pool)
    .await?;
    let (failed_tries_today,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id \
         WHERE d.endpoint_id = $1 AND a.started_at >= $2 AND a.error IS NOT NULL",
    )
    .bind(&row.id)
    .bind(&day_ago)
    .fetch_one(pool)
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
            delivered_today: figures.delivered_today,
            failed_tries_today,
            pending: figures.pending,
            failed: figures.failed,
            last_success: figures.last_success.map(|at| local(&at, tz)).transpose()?,
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
    let listed = "SELECT id FROM deliveries WHERE endpoint_id = $1 \
                  ORDER BY created_at DESC, id DESC LIMIT $2";
    let deliveries: Vec<StoredDelivery> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} WHERE d.id IN ({listed}) ORDER BY d.created_at DESC, d.id DESC"
    )))
    .bind(id)
    .bind(LISTED)
    .fetch_all(pool)
    .await?;
    let tries: Vec<StoredTry> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT delivery_id, attempt, started_at, status_code, latency_ms, error \
         FROM delivery_attempts WHERE delivery_id IN ({listed}) ORDER BY delivery_id, attempt"
    )))
    .bind(id)
    .bind(LISTED)
    .fetch_all(pool)
    .await?;
    let mut tries_of: std::collections::HashMap<String, Vec<TryRow>> = Default::default();
    for t in tries {
        tries_of.entry(t.delivery_id).or_default().push(TryRow {
            attempt: t.attempt,
            at: local(&t.started_at, &tz)?,
            status_code: t.status_code,
            latency_ms: t.latency_ms,
            error: t.error,
        });
    }
    let mut rows = Vec::new();
    for d in deliveries {
        rows.push(DeliveryRow {
            next_try: match d.state.as_str() {
                "pending" => Some(local(&d.next_attempt_at, &tz)?),
                _ => None,
            },
            created_at: local(&d.created_at, &tz)?,
            tries: tries_of.remove(&d.id).unwrap_or_default(),
            id: d.id,
            event_id: d.event_id,
            event_type: d.topic,
            order: d.order_id,
            state: d.state,
        });
    }
    let overlapping = row
        .previous_until
        .as_deref()
        .filter(|until| *until > now_text().as_str());
    Ok(Some(EndpointFile {
        summary: summary(pool, &tz, &row).await?,
        secret: row.secret.clone(),
        previous_until: overlapping.map(|until| local(until, &tz)).transpose()?,
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
