//! The checkout forms posted without JavaScript. They go through the same
//! order service as the `place_order` server function: a placed order
//! redirects to its status page; otherwise the checkout page is rendered
//! again with the answer and everything the customer typed.

use super::AppState;
use app::orders::{
    checkout_key, status_link, CheckoutForm, Field, PlaceOutcome, Problem, Submitted,
};
use app::state::ClientAddress;
use axum::extract::rejection::FormRejection;
use axum::{
    extract::{Extension, Path, State},
    http::{header::SET_COOKIE, request::Parts, HeaderMap, Request, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Form, Router,
};

/// The routes: POST on the checkout pages' own addresses (one product
/// straight from the configurator, or the cart).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/p/{product}/checkout", post(post_checkout))
        .route("/cart/checkout", post(post_cart_checkout))
}

async fn post_checkout(
    State(state): State<AppState>,
    Path(product): Path<String>,
    client: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
    form: Result<Form<CheckoutForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(form)| CheckoutForm {
        product: product.clone(),
        cart: String::new(),
        ..form
    });
    let blank = CheckoutForm {
        product,
        ..CheckoutForm::default()
    };
    answer(state, client, uri, headers, form, blank).await
}

async fn post_cart_checkout(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
    form: Result<Form<CheckoutForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(form)| CheckoutForm {
        product: String::new(),
        ..form
    });
    answer(state, client, uri, headers, form, CheckoutForm::default()).await
}

/// Places the posted order: the status page on success, otherwise the
/// checkout page again with the answer. `blank` is the form shown again
/// when the body could not be read.
async fn answer(
    state: AppState,
    client: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
    form: Result<CheckoutForm, FormRejection>,
    blank: CheckoutForm,
) -> Response {
    let secret = cart_secret(&headers);
    let product = form.as_ref().map(|f| f.product.clone()).unwrap_or_default();
    let (form, outcome) = match form {
        Ok(form) => {
            let client = client.map(|Extension(c)| c);
            let outcome = state.orders.place(form.clone(), secret, client).await;
            (form, outcome)
        }
        // Not a form this page sent (wrong content type, a field twice):
        // the page again, empty, with a fresh checkout key.
        Err(rejection) => {
            tracing::info!(%rejection, "unreadable checkout form");
            (blank, Ok(unreadable_form()))
        }
    };
    let (status, outcome) = match outcome {
        Ok(PlaceOutcome::Placed { token, .. }) => {
            let mut response =
                Redirect::to(&format!("{}?placed=1", status_link(&token))).into_response();
            // The next checkout of this product orders anew.
            let secure = app::cart::cookie::over_https(&request_parts(&uri, &headers));
            if let Some(clear) = checkout_key::set_cookie(&product, None, secure) {
                response.headers_mut().append(SET_COOKIE, clear);
            }
            return response;
        }
        Ok(outcome @ PlaceOutcome::Invalid { .. }) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Some(outcome))
        }
        Ok(outcome @ PlaceOutcome::Changed(_)) => (StatusCode::CONFLICT, Some(outcome)),
        Ok(outcome @ PlaceOutcome::Limited(_)) => (StatusCode::TOO_MANY_REQUESTS, Some(outcome)),
        // Whether the order was stored is unknown (a commit can fail after
        // the database applied it): the page asks to send the same form
        // again, and its checkout key returns the order if it exists.
        Err(e) => {
            tracing::error!(error = %e, "placing an order failed");
            (StatusCode::SERVICE_UNAVAILABLE, None)
        }
    };
    let submitted = Submitted { form, outcome };
    super::render_page(state, uri, headers, status, submitted).await
}

/// The cart secret of a request's cookie.
pub fn cart_secret(headers: &HeaderMap) -> Option<String> {
    app::cart::cookie::secret_of(&request_parts(&Uri::default(), headers))
}

/// A request's head, for the functions the pages share with this module.
fn request_parts(uri: &Uri, headers: &HeaderMap) -> Parts {
    let mut request = Request::new(());
    *request.uri_mut() = uri.clone();
    *request.headers_mut() = headers.clone();
    request.into_parts().0
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
