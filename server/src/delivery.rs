//! The delivery worker, running in every server process beside the HTTP
//! server: it claims due deliveries of the outbox's events ([`claim`]),
//! sends each (a signed webhook, or the customer's mail), writes down every
//! try, and schedules the next one with backoff ([`schedule`]) until it is
//! delivered or the schedule is spent (then it is failed, and the owner
//! sees it in the back office).

mod claim;
pub mod mail;
pub mod schedule;
pub mod signature;
mod webhook;

use crate::db::{time_text, Backend, Pool};
use anyhow::Context;
use claim::{After, Claimed, Try};
use std::time::Duration;

/// How the worker delivers.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The longest a receiver may take to answer (the specification's 15 s).
    pub timeout: Duration,
    /// The waits before each try ([`schedule::STANDARD`] unless configured).
    pub schedule: Vec<Duration>,
    /// How often the worker looks for due deliveries.
    pub poll: Duration,
    /// Where mail goes.
    pub mail: mail::Settings,
}

impl Settings {
    /// How long a claim holds: longer than any try can take.
    fn lease(&self) -> Duration {
        (self.timeout * 2).max(Duration::from_secs(5))
    }
}

/// How one try went.
#[derive(Debug)]
pub struct Answer {
    /// Only a 2xx answer (or a mail handed over) counts.
    pub delivered: bool,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<u16>,
    pub latency: Duration,
    pub error: Option<String>,
    /// How long the receiver asked to wait (`Retry-After`).
    pub retry_after: Option<Duration>,
    /// Trying again cannot help (a mail server refused the address).
    pub permanent: bool,
}

impl Answer {
    /// Delivered after `latency`.
    pub fn done(latency: Duration) -> Self {
        Answer {
            delivered: true,
            status: None,
            latency,
            error: None,
            retry_after: None,
            permanent: false,
        }
    }

    /// Not delivered, for `error`.
    pub fn failed(latency: Duration, error: String) -> Self {
        Answer {
            delivered: false,
            status: None,
            latency,
            error: Some(error),
            retry_after: None,
            permanent: false,
        }
    }

    /// 410 Gone: the receiver wants no more events.
    fn gone(&self) -> bool {
        self.status == Some(410)
    }
}

/// Deliveries claimed at once.
const BATCH: i64 = 16;

/// Runs the worker until the task is dropped.
pub async fn run(pool: Pool, backend: Backend, settings: Settings) {
    let worker = format!(
        "{}-{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let client = webhook::client(settings.timeout);
    let mailer = match mail::Mailer::new(&settings.mail, settings.timeout) {
        Ok(mailer) => mailer,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "mail cannot be sent; the deliveries wait");
            return;
        }
    };
    tracing::info!(%worker, mail = %settings.mail.describe(), "delivery worker started");
    loop {
        let now = jiff::Timestamp::now();
        let lease_until = now + settings.lease();
        let claimed = claim::claim(
            &pool,
            backend,
            &worker,
            &time_text(now),
            &time_text(lease_until),
            BATCH,
        )
        .await;
        match claimed {
            Ok(batch) if !batch.is_empty() => {
                let delivered = deliver_batch(
                    &pool,
                    &worker,
                    (&client, &mailer, &settings),
                    &batch,
                    lease_until,
                )
                .await;
                if let Err(e) = delivered {
                    tracing::warn!(deliveries = batch.len(), error = %format!("{e:#}"), "a batch's tries were not written down; they are made again when the claim runs out");
                    tokio::time::sleep(settings.poll * 4).await;
                }
            }
            Ok(_) => tokio::time::sleep(settings.poll).await,
            Err(e) => {
                tracing::warn!(error = %e, "claiming deliveries failed");
                tokio::time::sleep(settings.poll * 4).await;
            }
        }
    }
}

/// Tries the claimed `batch` and writes down how each try went, reading
/// its events in one statement and writing in one transaction (a commit
/// per try was most of the worker's writes), while its claim holds until
/// `lease_until`.
async fn deliver_batch(
    pool: &Pool,
    worker: &str,
    (client, mailer, settings): (&reqwest::Client, &mail::Mailer, &Settings),
    batch: &[Claimed],
    lease_until: jiff::Timestamp,
) -> anyhow::Result<()> {
    let events = events_of(pool, batch)
        .await
        .context("reading the deliveries' events")?;
    let tries = batch.iter().map(|d| {
        let event = events.get(&d.event_id);
        deliver(pool, client, mailer, settings, d, event)
    });
    let tried = futures_util::future::join_all(tries).await;
    // Mail written for an order erased meanwhile is removed; unchecked,
    // the tries are not written down.
    let mailed: Vec<(&str, &str)> = batch
        .iter()
        .filter(|d| d.channel == "mail")
        .filter_map(|d| {
            let order = events.get(&d.event_id)?.order.as_deref()?;
            Some((d.event_id.as_str(), order))
        })
        .collect();
    // Unchecked, the mail tries are not written down (they are made again
    // when the claim runs out); the others are.
    let unchecked = match mailer.forget_erased(pool, &mailed).await {
        Ok(()) => false,
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "checking the mailed orders for erasure failed; their mail is written again later");
            true
        }
    };
    let finished: Vec<_> = batch
        .iter()
        .zip(&tried)
        .filter(|(d, _)| !(unchecked && d.channel == "mail"))
        .map(|(d, (t, a))| (d, t, a))
        .collect();
    write_down(pool, worker, &finished, lease_until)
        .await
        .context("writing the tries")
}

/// Writes down `tried`, and again when that fails, for as long as the
/// claim holds: a try not written down is made once more after the claim
/// runs out (a second mail to the customer, a second webhook call), and
/// the database may well be back a moment later.
async fn write_down(
    pool: &Pool,
    worker: &str,
    tried: &[(&Claimed, &Try, &After)],
    lease_until: jiff::Timestamp,
) -> Result<(), sqlx::Error> {
    let mut wait = Duration::from_millis(100);
    loop {
        let error = match claim::finish(pool, worker, tried).await {
            Ok(()) => return Ok(()),
            Err(error) => error,
        };
        let next = jiff::Timestamp::now() + wait;
        if next >= lease_until {
            return Err(error);
        }
        tracing::warn!(deliveries = tried.len(), %error, "writing the tries failed; trying again while the claim holds");
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(2));
    }
}

/// One try of `delivery`, and what follows it.
async fn deliver(
    pool: &Pool,
    client: &reqwest::Client,
    mailer: &mail::Mailer,
    settings: &Settings,
    delivery: &Claimed,
    event: Option<&Event>,
) -> (Try, After) {
    let started = jiff::Timestamp::now();
    let outcome = match (delivery.channel.as_str(), event) {
        (_, None) => Err(anyhow::anyhow!(
            "event {} is not in the outbox",
            delivery.event_id
        )),
        ("webhook", Some(event)) => try_webhook(pool, client, delivery, event).await,
        ("mail", Some(event)) => mailer.send(event).await,
        (other, _) => Err(anyhow::anyhow!("unknown channel {other:?}")),
    };
    let answer = outcome.unwrap_or_else(|e| Answer::failed(Duration::ZERO, format!("{e:#}")));
    let done = jiff::Timestamp::now();
    let after = if answer.delivered {
        After::Delivered {
            at: time_text(done),
        }
    } else if answer.permanent {
        After::Failed
    } else {
        if answer.gone() {
            disable(pool, &delivery.endpoint_id, "answered 410 Gone").await;
        }
        let jitter = f64::from(random_u16()) / f64::from(u16::MAX);
        match schedule::after_failure(
            &settings.schedule,
            delivery.tries(),
            jitter,
            answer.retry_after,
        ) {
            schedule::Next::Retry(wait) => After::Retry {
                at: time_text(done + wait),
            },
            schedule::Next::GiveUp => After::Failed,
        }
    };
    let attempt = Try {
        started_at: time_text(started),
        status_code: answer.status.map(i64::from),
        latency_ms: answer.latency.as_millis() as i64,
        error: answer.error.clone(),
    };
    match &after {
        After::Failed => {
            tracing::warn!(delivery = %delivery.id, error = ?answer.error, "delivery failed for good")
        }
        After::Retry { at } => {
            tracing::info!(delivery = %delivery.id, error = ?answer.error, next = %at, "delivery will be tried again")
        }
        After::Delivered { .. } => tracing::debug!(delivery = %delivery.id, "delivered"),
    }
    (attempt, after)
}

async fn try_webhook(
    pool: &Pool,
    client: &reqwest::Client,
    delivery: &Claimed,
    event: &Event,
) -> anyhow::Result<Answer> {
    let endpoint: webhook::Endpoint = sqlx::query_as(
        "SELECT url, secret, previous_secret, previous_until FROM webhook_endpoints WHERE id = $1",
    )
    .bind(&delivery.endpoint_id)
    .fetch_one(pool)
    .await?;
    Ok(webhook::send(client, &endpoint, &event.stored).await)
}

/// An outbox event as its deliveries need it.
pub struct Event {
    pub stored: webhook::Event,
    /// The order it is about, if it is stored (`None` too for events of
    /// no order).
    pub order: Option<String>,
    /// That order's stored token (for its status link).
    pub token: Option<String>,
}

/// The events `batch` delivers, by id, read in one statement with their
/// orders' tokens.
async fn events_of(
    pool: &Pool,
    batch: &[Claimed],
) -> Result<std::collections::HashMap<String, Event>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        topic: String,
        payload: String,
        created_at: String,
        order_id: Option<String>,
        token: Option<String>,
    }
    let sql = format!(
        "SELECT e.id, e.topic, e.payload, e.created_at, o.id AS order_id, o.token \
         FROM outbox e LEFT JOIN orders o ON o.id = e.order_id WHERE e.id IN ({})",
        crate::db::rows::placeholders(1..batch.len() + 1)
    );
    let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
    for delivery in batch {
        query = query.bind(&delivery.event_id);
    }
    let rows = query.fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let stored = webhook::Event {
                id: row.id.clone(),
                topic: row.topic,
                payload: row.payload,
                created_at: row.created_at,
            };
            let event = Event {
                stored,
                order: row.order_id,
                token: row.token,
            };
            (row.id, event)
        })
        .collect())
}

async fn disable(pool: &Pool, endpoint: &str, reason: &str) {
    let disabled =
        sqlx::query("UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $2 WHERE id = $1")
            .bind(endpoint)
            .bind(reason)
            .execute(pool)
            .await;
    match disabled {
        Ok(_) => tracing::warn!(endpoint, reason, "webhook endpoint disabled"),
        Err(e) => tracing::warn!(endpoint, error = %e, "disabling a webhook endpoint failed"),
    }
}

fn random_u16() -> u16 {
    let mut bytes = [0u8; 2];
    getrandom::fill(&mut bytes).map_or(u16::MAX / 2, |_| u16::from_le_bytes(bytes))
}
