//! The checkout form posted without JavaScript. It goes through the same
//! order service as the `place_order` server function: a placed order
//! redirects to its status page; otherwise the checkout page is rendered
//! again with the answer and everything the customer typed.

use super::AppState;
use app::orders::{status_link, CheckoutForm, Field, PlaceOutcome, Problem, Submitted};
use axum::extract::rejection::FormRejection;
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
    form: Result<Form<CheckoutForm>, FormRejection>,
) -> Response {
    let (form, outcome) = match form {
        Ok(Form(mut form)) => {
            form.product = product;
            let outcome = state.orders.place(form.clone()).await;
            (form, outcome)
        }
        // Not a form this page sent (wrong content type, a field twice):
        // the page again, empty, with a fresh checkout key.
        Err(rejection) => {
            tracing::info!(%rejection, "unreadable checkout form");
            let form = CheckoutForm {
                product,
                ..CheckoutForm::default()
            };
            (form, Ok(unreadable_form()))
        }
    };
    let (status, outcome) = match outcome {
        Ok(PlaceOutcome::Placed { token, .. }) => {
            return Redirect::to(&format!("{}?placed=1", status_link(&token))).into_response();
        }
        Ok(outcome @ PlaceOutcome::Invalid { .. }) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Some(outcome))
        }
        Ok(outcome @ PlaceOutcome::Changed(_)) => (StatusCode::CONFLICT, Some(outcome)),
        // Whether the order was stored is unknown (a commit can fail after
        // the database applied it): the page asks to send the same form
        // again, and its checkout key returns the order if it exists.
        Err(e) => {
            tracing::error!(error = %e, "placing an order failed");
            (StatusCode::SERVICE_UNAVAILABLE, None)
        }
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

/// The answer to a body that is not the checkout form.
fn unreadable_form() -> PlaceOutcome {
    PlaceOutcome::Invalid {
        problems: vec![Problem::new(
            Field::Form,
            "Das Formular kam unvollständig an. Bitte füllen Sie es noch einmal aus; bestellt wurde nichts.",
            "The form arrived incomplete. Please fill it in again; nothing was ordered.",
        )],
    }
}
