//! What an operator watches, in the Prometheus (OpenMetrics) text format at
//! `/metrics`: request latencies by route, orders placed, placements
//! refused by reason, the outbox's backlog and failed deliveries. The
//! endpoint answers only with `Authorization: Bearer` and the token in
//! `ATELIER_METRICS_TOKEN`; without one configured it does not exist.

use crate::db::Pool;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::Instant;

type Labels = Vec<(&'static str, String)>;
type Latencies = Family<Labels, Histogram, fn() -> Histogram>;

/// The server's metrics; one per process, shared.
pub struct Metrics {
    registry: Registry,
    latencies: Latencies,
    placed: Counter,
    refused: Family<Labels, Counter>,
    backlog: Gauge,
    failed: Gauge,
}

/// The metrics as handlers share them.
pub type SharedMetrics = Arc<Metrics>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("atelier");
        let latencies = Latencies::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by method, route and status class",
            latencies.clone(),
        );
        let placed = Counter::default();
        registry.register("orders_placed", "Orders placed", placed.clone());
        let refused = Family::<Labels, Counter>::default();
        registry.register(
            "orders_refused",
            "Placements refused, by reason (invalid, changed, limited, failed)",
            refused.clone(),
        );
        let backlog = Gauge::default();
        registry.register(
            "outbox_pending_deliveries",
            "Deliveries (webhooks, mail) not yet made",
            backlog.clone(),
        );
        let failed = Gauge::default();
        registry.register(
            "outbox_failed_deliveries",
            "Deliveries that failed after their last try",
            failed.clone(),
        );
        Metrics {
            registry,
            latencies,
            placed,
            refused,
            backlog,
            failed,
        }
    }
}

impl Metrics {
    /// Counts a placed order.
    pub fn order_placed(&self) {
        self.placed.inc();
    }

    /// Counts a placement refused for `reason`.
    pub fn order_refused(&self, reason: &'static str) {
        self.refused
            .get_or_create(&vec![("reason", reason.to_owned())])
            .inc();
    }

    /// The text a scrape gets, with the outbox figures read now.
    pub async fn render(&self, pool: &Pool) -> anyhow::Result<String> {
        let (pending, failed): (i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0), \
                    COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) \
             FROM deliveries",
        )
        .fetch_one(pool)
        .await?;
        self.backlog.set(pending);
        self.failed.set(failed);
        let mut text = String::new();
        encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Measures every request by its route (the router's pattern, so the
/// label stays bounded), method and status class.
pub async fn measure(
    State(metrics): State<SharedMetrics>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let class = format!("{}xx", response.status().as_u16() / 100);
    metrics
        .latencies
        .get_or_create(&vec![
            ("method", method),
            ("route", route),
            ("status", class),
        ])
        .observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`: the metrics for a scraper with the token.
pub async fn scrape(
    State((metrics, pool, token)): State<(SharedMetrics, Pool, Option<Arc<str>>)>,
    headers: http::HeaderMap,
) -> Response {
    let Some(token) = token else {
        return (
            StatusCode::NOT_FOUND,
            "no metrics here: the shop has not set ATELIER_METRICS_TOKEN\n",
        )
            .into_response();
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !sent.is_some_and(|sent| constant_time_eq(sent.as_bytes(), token.as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics need the token of ATELIER_METRICS_TOKEN\n",
        )
            .into_response();
    }
    match metrics.render(&pool).await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "cannot read the metrics");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
