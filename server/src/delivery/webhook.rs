//! One try of a webhook: the event as the body, signed for the endpoint
//! (with both secrets while a rotation overlaps), sent to the endpoint's
//! address only (redirects are not followed).

use super::{schedule, signature, Answer};
use std::time::{Duration, Instant};

/// An endpoint as a try needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Endpoint {
    pub url: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_until: Option<String>,
}

/// The event as stored in the outbox.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub topic: String,
    pub payload: String,
    pub created_at: String,
}

impl Event {
    /// The request body: `{"type", "timestamp", "data"}`, the same on every try.
    pub fn body(&self) -> String {
        let data: serde_json::Value =
            serde_json::from_str(&self.payload).unwrap_or(serde_json::Value::Null);
        serde_json::json!({ "type": self.topic, "timestamp": self.created_at, "data": data })
            .to_string()
    }
}

/// The HTTP client of the worker.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Atelier-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client's settings are valid")
}

/// The keys to sign with at `now` (Unix seconds).
fn keys(endpoint: &Endpoint, now: i64) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = signature::key_of(&endpoint.secret).into_iter().collect();
    let overlapping = endpoint
        .previous_until
        .as_deref()
        .and_then(|until| until.parse::<jiff::Timestamp>().ok())
        .is_some_and(|until| until.as_second() > now);
    if overlapping {
        keys.extend(
            endpoint
                .previous_secret
                .as_deref()
                .and_then(signature::key_of),
        );
    }
    keys
}

/// Sends `event` to `endpoint` once.
pub async fn send(client: &reqwest::Client, endpoint: &Endpoint, event: &Event) -> Answer {
    let now = jiff::Timestamp::now().as_second();
    let body = event.body();
    let signature = signature::header(&keys(endpoint, now), &event.id, now, body.as_bytes());
    let started = Instant::now();
    let sent = client
        .post(&endpoint.url)
        .header("content-type", "application/json")
        .header("webhook-id", &event.id)
        .header("webhook-timestamp", now.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await;
    match sent {
        Ok(response) => {
            let status = response.status();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| schedule::retry_after(v, now));
            Answer {
                delivered: status.is_success(),
                status: Some(status.as_u16()),
                latency: started.elapsed(),
                error: (!status.is_success()).then(|| format!("answered {status}")),
                retry_after,
                permanent: false,
            }
        }
        Err(e) => Answer::failed(started.elapsed(), describe(&e)),
    }
}

/// A failed request in words a person can act on.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "no answer within the time limit".to_owned()
    } else if e.is_connect() {
        "cannot connect".to_owned()
    } else {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(inner) = source {
            text = format!("{text}: {inner}");
            source = inner.source();
        }
        text
    }
}
