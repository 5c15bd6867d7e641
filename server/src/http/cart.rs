//! `POST /cart`: every cart change as a form posts it (the configurator's
//! "add to cart", the cart page's quantity, remove and repair buttons).
//! Without JavaScript a change that worked redirects to the cart page and
//! one that was refused renders the cart page with the reason. With
//! JavaScript (the request says `x-atelier-fetch: 1`, which no cross-site
//! form can send) the answer is the message itself, with the cart's new
//! piece count in `x-cart-count`.

use super::checkout::cart_secret;
use super::AppState;
use app::cart::service::{CartAnswer, CartContext};
use app::cart::{CartPosted, CartRequest};
use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, Request, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Router,
};

/// The header the shop's own scripts send with a cart change.
pub const FETCH_HEADER: &str = "x-atelier-fetch";
/// The header that answers the cart's piece count.
pub const COUNT_HEADER: &str = "x-cart-count";

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/cart", post(post_cart))
}

async fn post_cart(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> Response {
    let by_script = headers.get(FETCH_HEADER).is_some_and(|v| v == "1");
    let (parts, ()) = {
        let mut request = Request::new(());
        *request.headers_mut() = headers.clone();
        *request.uri_mut() = uri.clone();
        request.into_parts()
    };
    let lang = app::i18n::lang_of_request(&parts);
    let secure = app::cart::cookie::over_https(&parts);
    let secret = cart_secret(&headers);
    let context = CartContext {
        catalog: state.catalog.clone(),
        carts: state.carts.clone(),
        operations: state.operations.clone(),
    };
    let request = match CartRequest::from_pairs(engine::query::parse_query_string(&body)) {
        Ok(request) => request,
        Err(_) => {
            let message = app::cart::unreadable_request();
            tracing::info!("unreadable cart request");
            return if by_script {
                text(StatusCode::BAD_REQUEST, message.get(lang), None)
            } else {
                let posted = CartPosted { message, ok: false };
                let cart_uri = Uri::from_static("/cart");
                super::render_page(state, cart_uri, headers, StatusCode::BAD_REQUEST, posted).await
            };
        }
    };
    let answer = match context.serve(secret.as_deref(), request).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::error!(error = %e, "changing a cart failed");
            let message = app::cart::change_failed();
            return if by_script {
                text(StatusCode::SERVICE_UNAVAILABLE, message.get(lang), None)
            } else {
                let posted = CartPosted { message, ok: false };
                let cart_uri = Uri::from_static("/cart");
                super::render_page(
                    state,
                    cart_uri,
                    headers,
                    StatusCode::SERVICE_UNAVAILABLE,
                    posted,
                )
                .await
            };
        }
    };
    let cookie = answer
        .secret
        .as_deref()
        .map(|s| app::cart::cookie::set_cookie(s, secure));
    let mut response = if by_script {
        let status = match answer.result {
            Ok(_) => StatusCode::OK,
            Err(_) => StatusCode::UNPROCESSABLE_ENTITY,
        };
        text(status, answer.message.get(lang), Some(answer.items))
    } else {
        no_script_answer(state, headers, answer).await
    };
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// Without JavaScript: the cart page, after the change or with its reason.
async fn no_script_answer(state: AppState, headers: HeaderMap, answer: CartAnswer) -> Response {
    match answer.result {
        Ok(_) => Redirect::to(&format!("/cart?done={}", answer.action.name())).into_response(),
        Err(message) => {
            let posted = CartPosted { message, ok: false };
            let cart_uri = Uri::from_static("/cart");
            super::render_page(
                state,
                cart_uri,
                headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                posted,
            )
            .await
        }
    }
}

/// A plain-text answer for the shop's scripts.
fn text(status: StatusCode, message: &str, items: Option<u32>) -> Response {
    let mut response = (status, message.to_owned()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    if let Some(items) = items {
        headers.insert(COUNT_HEADER, HeaderValue::from(items));
    }
    response
}
