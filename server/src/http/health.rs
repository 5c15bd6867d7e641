//! `/healthz` (the process is alive) and `/readyz` (it can serve: the
//! database answers and a catalog is loaded).

use super::AppState;
use axum::{extract::State, http::StatusCode, routing::get, Router};

/// The health routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    if let Err(e) = crate::db::ping(&state.pool).await {
        tracing::warn!(error = %e, "readiness: database unreachable");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "database unreachable".to_owned(),
        );
    }
    let published = state.catalog.current();
    (
        StatusCode::OK,
        format!("ready: catalog version {}", published.version),
    )
}
