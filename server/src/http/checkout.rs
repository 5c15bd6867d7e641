//! The checkout form posted without JavaScript. It goes through the same
//! order service as the `place_order` server function: a placed order
//! redirects to its status page; otherwise the checkout page is rendered
//! again with the answer and everything the customer typed.

use super::AppState;
use app::orders::{status_link, CheckoutForm, PlaceOutcome, Submitted};
use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, Request, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Form, Router,
};
use leptos::prelude::provide_context;

/// The route: POST on the checkout page's own address.
pub fn router() -> Router<AppState> {
    Router::new().route("/p/{product}/checkout", post(post_checkout))
}

async fn post_checkout(
    State(state): State<AppState>,
    Path(product): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Form(mut form): Form<CheckoutForm>,
) -> Response {
    form.product = product;
    let outcome = match state.orders.place(form.clone()).await {
        Ok(outcome) => outcome,
        Err(e) => {
            tracing::error!(error = %e, "placing an order failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The order could not be placed right now and nothing was stored. Please go back and try again.",
            )
                .into_response();
        }
    };
    let status = match &outcome {
        PlaceOutcome::Placed { token, .. } => {
            return Redirect::to(&format!("{}?placed=1", status_link(token))).into_response();
        }
        PlaceOutcome::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        PlaceOutcome::Changed(_) => StatusCode::CONFLICT,
    };
    let submitted = Submitted { form, outcome };
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            super::provide_server_context(&state);
            provide_context(submitted.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut request = Request::builder()
        .uri(uri)
        .body(Body::empty())
        .unwrap_or_default();
    *request.headers_mut() = headers;
    request.headers_mut().remove(http::header::CONTENT_LENGTH);
    request.headers_mut().remove(http::header::CONTENT_TYPE);
    let mut response = render(request).await;
    *response.status_mut() = status;
    response
}
