//! Requests run to completion even when their client goes away or the
//! time limit answers first. Dropping a handler in the middle of a
//! statement can leave its database connection half-used (sqlx's
//! connections are not cancel-safe) and stall the next request that gets
//! it; and an order being stored is better stored whole and then answered
//! to whoever still listens (a resend with its key returns it).

use axum::{extract::Request, middleware::Next, response::IntoResponse, response::Response};
use http::StatusCode;
use tracing::Instrument;

/// Runs the rest of the stack in a task of its own, in the request's span.
pub async fn run_to_completion(request: Request, next: Next) -> Response {
    let handler = tokio::spawn(next.run(request).instrument(tracing::Span::current()));
    match handler.await {
        Ok(response) => response,
        Err(failure) => {
            tracing::error!(%failure, "a request's handler failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
