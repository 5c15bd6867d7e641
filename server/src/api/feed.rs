//! `GET /api/v1/events`: the outbox as a feed, by cursor, in the order the
//! events committed, so that a client which keeps its cursor misses none.
//! The events and their ids are the webhooks' own. With `wait` the request
//! waits up to that many seconds for a first event (long polling).

use super::schema::{Event, EventPage, Problem};
use super::{bad_request, respond, Answer, ApiClient, ApiError};
use crate::http::AppState;
use axum::{
    extract::{rejection::QueryRejection, Query, State},
    http::HeaderMap,
    response::Response,
    Json,
};
use engine::Text;
use serde::Deserialize;
use std::time::Duration;
use utoipa::IntoParams;

/// The most events one page holds.
pub const MAX_LIMIT: i64 = 500;
/// The longest a request waits for an event, in seconds.
pub const MAX_WAIT: u64 = 10;

/// What the feed is asked for.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `next_cursor` of the page before; none for the first event ever.
    after: Option<String>,
    /// Events per page, 1 to 500 (default 100).
    limit: Option<i64>,
    /// Only these event types, separated by commas (e.g.
    /// `order.released,order.cancelled`); all by default.
    types: Option<String>,
    /// Seconds (0 to 10) to wait for an event when there is none yet.
    wait: Option<u64>,
}

/// Events after a cursor.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "production",
    params(FeedQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "Events after the cursor, oldest first", body = EventPage),
        (status = 400, description = "A parameter is not understood", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn events(
    State(state): State<AppState>,
    _client: ApiClient,
    headers: HeaderMap,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Response {
    respond(&headers, page(&state, query).await)
}

async fn page(
    state: &AppState,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Answer<EventPage> {
    let Query(query) = query.map_err(|e| bad_request(not_understood(&e.body_text())))?;
    let after = match query.after.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(cursor) => cursor
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| bad_request(Text {
                de: format!("Der Cursor {cursor:?} ist keiner von diesem Feed: bitte den next_cursor einer Antwort nehmen."),
                en: format!("The cursor {cursor:?} is not one of this feed's: please use a response's next_cursor."),
            }))?,
    };
    let limit = query.limit.unwrap_or(100);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(bad_request(Text {
            de: format!("limit muss zwischen 1 und {MAX_LIMIT} liegen."),
            en: format!("limit must be between 1 and {MAX_LIMIT}."),
        }));
    }
    let types = types_of(query.types.as_deref().unwrap_or_default())?;
    let wait = query.wait.unwrap_or(0);
    if wait > MAX_WAIT {
        return Err(bad_request(Text {
            de: format!("wait darf höchstens {MAX_WAIT} Sekunden sein."),
            en: format!("wait may be at most {MAX_WAIT} seconds."),
        }));
    }
    let until = tokio::time::Instant::now() + Duration::from_secs(wait);
    loop {
        let rows = read(state, after, limit, &types)
            .await
            .map_err(|e| ApiError::unavailable(e, "reading the event feed"))?;
        if !rows.is_empty() || tokio::time::Instant::now() >= until {
            return Ok(Json(page_of(rows, after, limit)));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

type Row = (String, String, String, String, i64);

async fn read(state: &AppState, after: i64, limit: i64, types: &str) -> anyhow::Result<Vec<Row>> {
    Ok(sqlx::query_as(
        "SELECT id, topic, payload, created_at, position FROM outbox \
         WHERE position > $1 AND topic <> $2 \
         AND ($3 = '' OR ' ' || $3 || ' ' LIKE '% ' || topic || ' %') \
         ORDER BY position LIMIT $4",
    )
    .bind(after)
    .bind(crate::outbox::TEST_TOPIC)
    .bind(types)
    .bind(limit + 1)
    .fetch_all(&state.pool)
    .await?)
}

fn page_of(mut rows: Vec<Row>, after: i64, limit: i64) -> EventPage {
    let has_more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = rows.last().map_or(after, |row| row.4);
    EventPage {
        data: rows
            .into_iter()
            .map(|(id, kind, payload, timestamp, _)| Event {
                id,
                kind,
                timestamp,
                data: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
            })
            .collect(),
        next_cursor: next.to_string(),
        has_more,
    }
}

/// The asked types, space-separated, each a known one.
fn types_of(asked: &str) -> Result<String, ApiError> {
    let mut types = Vec::new();
    for kind in asked.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !app::admin::integrations::EVENT_TYPES
            .iter()
            .any(|(t, _, _)| *t == kind)
        {
            let known: Vec<&str> = app::admin::integrations::EVENT_TYPES
                .iter()
                .map(|(t, _, _)| *t)
                .collect();
            return Err(bad_request(Text {
                de: format!(
                    "Den Ereignistyp {kind:?} gibt es nicht; es gibt {}.",
                    known.join(", ")
                ),
                en: format!(
                    "There is no event type {kind:?}; there are {}.",
                    known.join(", ")
                ),
            }));
        }
        types.push(kind);
    }
    Ok(types.join(" "))
}

pub(super) fn not_understood(why: &str) -> Text {
    Text {
        de: format!("Die Anfrage ist nicht verständlich: {why}"),
        en: format!("The request is not understood: {why}"),
    }
}
