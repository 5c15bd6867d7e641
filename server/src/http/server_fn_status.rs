//! Server functions answer every error with 500 (that is `server_fn`'s
//! way); this puts the status the error means on the answer: 400 for a
//! request that could not be read (missing or mistyped arguments, a body
//! that is not what the function takes), 404 for what does not exist.
//! Real failures stay 500. The body, the error for the page, is unchanged:
//! the browser's side reads errors from any 4xx or 5xx answer.

use app::error::AppError;
use axum::{body::Body, extract::Request, http::StatusCode, middleware::Next, response::Response};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// Largest error body read back (errors are a few hundred bytes).
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// The middleware.
pub async fn with_meaningful_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    parts.status = status_of(&bytes);
    Response::from_parts(parts, Body::from(bytes))
}

/// The status an encoded [`AppError`] means.
fn status_of(error: &[u8]) -> StatusCode {
    match serde_json::from_slice::<AppError>(error) {
        Ok(AppError::NotFound) => StatusCode::NOT_FOUND,
        Ok(AppError::Transport(_)) => StatusCode::BAD_REQUEST,
        Ok(AppError::Internal) | Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_gets_its_status() {
        let encode = |e: AppError| serde_json::to_vec(&e).unwrap();
        assert_eq!(
            status_of(&encode(AppError::NotFound)),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            status_of(&encode(AppError::Transport("missing field `token`".into()))),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            status_of(&encode(AppError::Internal)),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(status_of(b"not json"), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
