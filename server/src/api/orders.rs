//! Orders for production: the released ones, one by number, claiming one
//! (idempotent; refused while another client holds it) and reporting its
//! progress, which takes the back office's workflow
//! ([`crate::back_office::transition`]). An order is visible here once it
//! has been released to production.

use super::schema::{lines_of, ship_to, Claim, OrderPage, Problem, ProductionOrder, Progress};
use super::{bad_request, feed::not_understood, respond, Answer, ApiClient, ApiError};
use crate::auth::api_tokens::Client;
use crate::back_office::transition;
use crate::db::{begin_write, locking, now_text};
use crate::http::AppState;
use anyhow::Context;
use app::orders::workflow::{Action, Status};
use app::orders::OrderSnapshot;
use axum::{
    extract::{
        rejection::{JsonRejection, QueryRejection},
        Path, Query, State,
    },
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use engine::Text;
use serde::Deserialize;
use utoipa::IntoParams;

/// The most orders one page holds.
pub const MAX_LIMIT: i64 = 100;

/// The statuses production sees orders in.
const VISIBLE: [Status; 6] = [
    Status::Released,
    Status::InProduction,
    Status::Completed,
    Status::Shipped,
    Status::Delivered,
    Status::Cancelled,
];

/// Which orders are listed.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// `released` (default), `in_production`, `completed`, `shipped`,
    /// `delivered` or `cancelled`.
    status: Option<String>,
    /// Only orders numbered after this one (the page before's `next_after`).
    after: Option<String>,
    /// Orders per page, 1 to 100 (default 50).
    limit: Option<i64>,
}

/// Orders in one status, by number.
#[utoipa::path(
    get,
    path = "/api/v1/orders",
    tag = "production",
    params(OrderQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "Orders in the status, oldest number first, each with its claim", body = OrderPage),
        (status = 400, description = "A parameter is not understood", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiClient(client): ApiClient,
    headers: HeaderMap,
    query: Result<Query<OrderQuery>, QueryRejection>,
) -> Response {
    respond(&headers, list_page(&state, &client, query).await)
}

async fn list_page(
    state: &AppState,
    client: &Client,
    query: Result<Query<OrderQuery>, QueryRejection>,
) -> Answer<OrderPage> {
    let Query(query) = query.map_err(|e| bad_request(not_understood(&e.body_text())))?;
    let asked = query.status.as_deref().unwrap_or("released");
    let status = Status::parse(asked)
        .filter(|s| VISIBLE.contains(s))
        .ok_or_else(|| {
            let known: Vec<&str> = VISIBLE.iter().map(|s| s.as_str()).collect();
            bad_request(Text {
                de: format!(
                    "Den Status {asked:?} sieht die Fertigung nicht; es gibt {}.",
                    known.join(", ")
                ),
                en: format!(
                    "Production sees no status {asked:?}; there are {}.",
                    known.join(", ")
                ),
            })
        })?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(bad_request(Text {
            de: format!("limit muss zwischen 1 und {MAX_LIMIT} liegen."),
            en: format!("limit must be between 1 and {MAX_LIMIT}."),
        }));
    }
    let after = query.after.unwrap_or_default();
    let numbers: Vec<(String,)> = sqlx::query_as(
        "SELECT o.id FROM orders o WHERE o.status = $1 AND o.id > $2 \
         AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.status = 'released') \
         ORDER BY o.id LIMIT $3",
    )
    .bind(status.as_str())
    .bind(&after)
    .bind(limit + 1)
    .fetch_all(&state.pool)
    .await
    .map_err(|e| ApiError::unavailable(e.into(), "listing orders"))?;
    let more = numbers.len() as i64 > limit;
    let mut data = Vec::new();
    for (number,) in numbers.iter().take(limit as usize) {
        if let Some(order) = read(state, number, client)
            .await
            .map_err(|e| ApiError::unavailable(e, "reading an order"))?
        {
            data.push(order);
        }
    }
    let next_after = more
        .then(|| data.last().map(|o| o.number.clone()))
        .flatten();
    Ok(Json(OrderPage { data, next_after }))
}

/// One order.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{number}",
    tag = "production",
    params(("number" = String, Path, description = "The order number, e.g. 2026-000042")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The order", body = ProductionOrder),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order released to production", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    ApiClient(client): ApiClient,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    respond(&headers, found(&state, &number, &client).await)
}

async fn found(state: &AppState, number: &str, client: &Client) -> Answer<ProductionOrder> {
    read(state, number, client)
        .await
        .map_err(|e| ApiError::unavailable(e, "reading an order"))?
        .map(Json)
        .ok_or_else(|| not_found(number))
}

/// Claims an order for the asking client.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{number}/claim",
    tag = "production",
    params(("number" = String, Path, description = "The order number")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The order, claimed by the asking client (also when it already was)", body = ProductionOrder),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order released to production", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another client holds it, or it is no longer released", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn claim(
    State(state): State<AppState>,
    ApiClient(client): ApiClient,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    let claimed = take_claim(&state, &number, &client).await;
    respond(
        &headers,
        match claimed {
            Ok(()) => found(&state, &number, &client).await,
            Err(e) => Err(e),
        },
    )
}

async fn take_claim(state: &AppState, number: &str, client: &Client) -> Result<(), ApiError> {
    let fail = |e: sqlx::Error| ApiError::unavailable(e.into(), "claiming an order");
    let mut tx = begin_write(&state.pool, state.backend)
        .await
        .map_err(fail)?;
    let lock = locking(
        state.backend,
        "SELECT status FROM orders WHERE id = $1 \
         AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = orders.id AND e.status = 'released')",
    );
    let row: Option<(String,)> = sqlx::query_as(lock)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await
        .map_err(fail)?;
    let Some((status,)) = row else {
        return Err(not_found(number));
    };
    let holder: Option<(String, String)> = sqlx::query_as(
        "SELECT c.token_id, t.name FROM production_claims c \
         JOIN api_tokens t ON t.id = c.token_id AND t.revoked_at IS NULL WHERE c.order_id = $1",
    )
    .bind(number)
    .fetch_optional(&mut *tx)
    .await
    .map_err(fail)?;
    match holder {
        Some((token, _)) if token == client.id => return Ok(()),
        Some((_, name)) => return Err(held_by(number, &name)),
        None => {}
    }
    if status != Status::Released.as_str() {
        let label =
            Status::parse(&status).map_or(status.clone(), |s| s.label(engine::Lang::En).to_owned());
        let label_de =
            Status::parse(&status).map_or(status.clone(), |s| s.label(engine::Lang::De).to_owned());
        return Err(conflict(Text {
            de: format!("Die Bestellung {number} ist „{label_de}“: nur freigegebene Bestellungen können übernommen werden."),
            en: format!("Order {number} is “{label}”: only released orders can be claimed."),
        }));
    }
    sqlx::query(
        "INSERT INTO production_claims (order_id, token_id, claimed_at) VALUES ($1, $2, $3) \
         ON CONFLICT (order_id) DO UPDATE SET token_id = excluded.token_id, claimed_at = excluded.claimed_at",
    )
    .bind(number)
    .bind(&client.id)
    .bind(now_text())
    .execute(&mut *tx)
    .await
    .map_err(fail)?;
    tx.commit().await.map_err(fail)?;
    tracing::info!(order = %number, client = %client.name, "order claimed by production");
    Ok(())
}

/// Gives a claimed order back.
#[utoipa::path(
    delete,
    path = "/api/v1/orders/{number}/claim",
    tag = "production",
    params(("number" = String, Path, description = "The order number")),
    security(("token" = [])),
    responses(
        (status = 204, description = "The asking client no longer holds it (also when it did not)"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order released to production", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another client holds it", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn unclaim(
    State(state): State<AppState>,
    ApiClient(client): ApiClient,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    match give_back(&state, &number, &client).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(problem) => problem.answer(&headers),
    }
}

async fn give_back(state: &AppState, number: &str, client: &Client) -> Result<(), ApiError> {
    let order = read(state, number, client)
        .await
        .map_err(|e| ApiError::unavailable(e, "reading an order"))?
        .ok_or_else(|| not_found(number))?;
    match order.claim {
        Some(claim) if !claim.yours => Err(held_by(number, &claim.client)),
        _ => {
            sqlx::query("DELETE FROM production_claims WHERE order_id = $1 AND token_id = $2")
                .bind(number)
                .bind(&client.id)
                .execute(&state.pool)
                .await
                .map_err(|e| ApiError::unavailable(e.into(), "giving an order back"))?;
            Ok(())
        }
    }
}

/// Reports progress on a claimed order.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{number}/progress",
    tag = "production",
    params(("number" = String, Path, description = "The order number")),
    request_body(content = Progress, description = "The status reached; shipping names the carrier and the tracking number"),
    security(("token" = [])),
    responses(
        (status = 200, description = "The order in the status reported (also when it already was)", body = ProductionOrder),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order released to production", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not claimed by the asking client, or the step is not possible from the order's status", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The report is incomplete or names an unknown status", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn progress(
    State(state): State<AppState>,
    ApiClient(client): ApiClient,
    Path(number): Path<String>,
    headers: HeaderMap,
    body: Result<Json<Progress>, JsonRejection>,
) -> Response {
    respond(&headers, report(&state, &number, &client, body).await)
}

async fn report(
    state: &AppState,
    number: &str,
    client: &Client,
    body: Result<Json<Progress>, JsonRejection>,
) -> Answer<ProductionOrder> {
    let Json(progress) = body.map_err(rejected_body)?;
    let (target, action) = action_of(&progress)?;
    let order = read(state, number, client)
        .await
        .map_err(|e| ApiError::unavailable(e, "reading an order"))?
        .ok_or_else(|| not_found(number))?;
    match &order.claim {
        Some(claim) if claim.yours => {}
        Some(claim) => return Err(held_by(number, &claim.client)),
        None => {
            return Err(conflict(Text {
                de: format!("Bitte die Bestellung {number} zuerst übernehmen (POST /api/v1/orders/{number}/claim)."),
                en: format!("Please claim order {number} first (POST /api/v1/orders/{number}/claim)."),
            }))
        }
    }
    let current = Status::parse(&order.status).ok_or_else(|| {
        ApiError::unavailable(
            anyhow::anyhow!("status {:?}", order.status),
            "reading an order",
        )
    })?;
    if current == target {
        return Ok(Json(order));
    }
    let actor = transition::Actor::Client(&client.id);
    match transition::apply(&state.pool, state.backend, number, current, &action, actor)
        .await
        .map_err(|e| ApiError::unavailable(e, "reporting progress"))?
    {
        Ok(_) => found(state, number, client).await,
        Err(refusal) => Err(conflict(refusal)),
    }
}

/// The status a report names and the workflow's action that reaches it.
fn action_of(progress: &Progress) -> Result<(Status, Action), ApiError> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let action = match progress.status.as_str() {
        "in_production" => Action::StartProduction,
        "completed" => Action::Complete,
        "shipped" => Action::Ship {
            carrier: text(&progress.carrier),
            tracking: text(&progress.tracking),
        },
        "delivered" => Action::Deliver,
        other => {
            return Err(unprocessable(Text {
                de: format!("Den Fortschritt {other:?} gibt es nicht; es gibt in_production, completed, shipped und delivered."),
                en: format!("There is no progress {other:?}; there are in_production, completed, shipped and delivered."),
            }))
        }
    };
    if let Action::Ship { carrier, tracking } = &action {
        if carrier.trim().is_empty() || tracking.trim().is_empty() {
            return Err(unprocessable(Text {
                de: "Für „shipped“ bitte carrier und tracking angeben.".into(),
                en: "For “shipped” please give carrier and tracking.".into(),
            }));
        }
        let max = app::orders::workflow::MAX_NOTE;
        if carrier.trim().chars().count() > max || tracking.trim().chars().count() > max {
            return Err(unprocessable(Text {
                de: format!("carrier und tracking dürfen je höchstens {max} Zeichen lang sein."),
                en: format!("carrier and tracking may be at most {max} characters each."),
            }));
        }
    }
    let target = Status::parse(&progress.status).expect("the statuses above are statuses");
    Ok((target, action))
}

fn rejected_body(rejection: JsonRejection) -> ApiError {
    let why = rejection.body_text();
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            Text {
                de: "Bitte den Bericht als JSON schicken (Content-Type: application/json).".into(),
                en: "Please send the report as JSON (Content-Type: application/json).".into(),
            },
        ),
        JsonRejection::JsonDataError(_) => unprocessable(not_understood(&why)),
        _ => bad_request(not_understood(&why)),
    }
}

/// Order `number` as the API shows it to `client`, if production sees it.
async fn read(
    state: &AppState,
    number: &str,
    client: &Client,
) -> anyhow::Result<Option<ProductionOrder>> {
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT o.status, o.snapshot, o.production_line, o.created_at, c.token_id, c.claimed_at, t.name \
         FROM orders o \
         LEFT JOIN production_claims c ON c.order_id = o.id \
         LEFT JOIN api_tokens t ON t.id = c.token_id AND t.revoked_at IS NULL \
         WHERE o.id = $1 \
         AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.status = 'released')",
    )
    .bind(number)
    .fetch_optional(&state.pool)
    .await?;
    let Some((status, snapshot, production_line, placed_at, token, claimed_at, holder)) = row
    else {
        return Ok(None);
    };
    let snapshot = OrderSnapshot::decode(&snapshot, &production_line)
        .with_context(|| format!("snapshot of order {number}"))?;
    let starts: Vec<(String,)> = sqlx::query_as(
        "SELECT production_start FROM order_lines WHERE order_id = $1 ORDER BY line_no",
    )
    .bind(number)
    .fetch_all(&state.pool)
    .await?;
    let starts: Vec<String> = starts.into_iter().map(|(s,)| s).collect();
    let claim = match (token, claimed_at, holder) {
        (Some(token), Some(claimed_at), Some(name)) => Some(Claim {
            client: name,
            claimed_at,
            yours: token == client.id,
        }),
        _ => None,
    };
    Ok(Some(ProductionOrder {
        number: number.to_owned(),
        status,
        placed_at,
        earliest: snapshot.earliest.to_string(),
        latest: snapshot.latest.to_string(),
        currency: snapshot.currency.clone(),
        total_minor: snapshot.total,
        language: snapshot.lang.code().to_owned(),
        claim,
        ship_to: ship_to(&snapshot),
        lines: lines_of(&snapshot, &starts),
    }))
}

fn not_found(number: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "Not found",
        Text {
            de: format!("Eine an die Fertigung übergebene Bestellung {number} gibt es nicht."),
            en: format!("There is no order {number} released to production."),
        },
    )
}

fn held_by(number: &str, holder: &str) -> ApiError {
    conflict(Text {
        de: format!("Die Bestellung {number} hat schon „{holder}“ übernommen."),
        en: format!("Order {number} is claimed by “{holder}”."),
    })
}

fn conflict(detail: Text) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "Conflict", detail)
}

fn unprocessable(detail: Text) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "Unprocessable", detail)
}
