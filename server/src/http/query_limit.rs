//! Links longer than any configuration needs are refused before anything
//! reads them, so a flood of keys costs neither work nor a long answer.

use axum::{extract::Request, middleware::Next, response::IntoResponse};
use http::{header, StatusCode};

/// The longest query string a request may carry: the largest product's
/// full configuration link (268 attributes) is under 4 KB.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// Answers 414 to a request whose query string is over [`MAX_QUERY_BYTES`].
pub async fn refuse_long_queries(request: Request, next: Next) -> axum::response::Response {
    if request
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_BYTES)
    {
        return (
            StatusCode::URI_TOO_LONG,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Dieser Link ist zu lang (höchstens 8 KB); bitte den Link der Seite neu kopieren.\n\
             This link is too long (8 KB at most); please copy the page's link again.\n",
        )
            .into_response();
    }
    next.run(request).await
}
