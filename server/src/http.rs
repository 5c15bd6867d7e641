//! The HTTP stack: routes per area, merged here, and the middleware every
//! response passes through.

pub mod admin;
mod admin_catalog;
mod admin_form;
mod admin_integrations;
mod admin_operations;
mod admin_orders;
mod cart;
mod checkout;
mod health;
mod security;

use crate::db::Pool;
use app::state::CatalogHandle;
use axum::{extract::FromRef, Router};
use http::{header::HeaderName, Request};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::{
    compression::{CompressionLayer, CompressionLevel},
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer},
    LatencyUnit,
};
use tracing::Level;

/// What handlers share.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
    pub catalog: CatalogHandle,
    pub operations: app::state::SharedOperations,
    pub orders: app::state::SharedOrders,
    pub carts: app::state::SharedCarts,
    pub admin: app::state::SharedAdmin,
    pub integrations: app::state::SharedIntegrations,
    pub catalog_admin: app::state::SharedCatalogAdmin,
    /// The folder customers' mail is written to (none with SMTP), so that
    /// an erasure removes the order's mail too.
    pub mail_folder: Option<std::path::PathBuf>,
    pub backend: crate::db::Backend,
    /// The shop's time zone.
    pub time_zone: String,
}

/// Limits the middleware enforces, and how cookies are set.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// The shop is served over HTTPS: the session cookie is `Secure`.
    pub https: bool,
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What pages and server functions take from context.
fn provide_server_context(state: &AppState) {
    provide_context(state.catalog.clone());
    provide_context(state.pool.clone());
    provide_context(state.operations.clone());
    provide_context(state.orders.clone());
    provide_context(state.carts.clone());
    provide_context(state.admin.clone());
    provide_context(state.integrations.clone());
    provide_context(state.catalog_admin.clone());
    security::set_page_csp();
}

/// Renders the page at `uri` for a form posted to it without JavaScript,
/// with `posted` (what the form sent and what it got) in context.
async fn render_page<T: Clone + Send + Sync + 'static>(
    state: AppState,
    uri: http::Uri,
    headers: http::HeaderMap,
    status: http::StatusCode,
    posted: T,
) -> axum::response::Response {
    render_request(state, page_request(uri, headers), status, posted).await
}

/// A GET request for the page at `uri`, with the posted request's headers.
fn page_request(uri: http::Uri, headers: http::HeaderMap) -> Request<axum::body::Body> {
    let mut request = Request::builder()
        .uri(uri)
        .body(axum::body::Body::empty())
        .unwrap_or_default();
    *request.headers_mut() = headers;
    request.headers_mut().remove(http::header::CONTENT_LENGTH);
    request.headers_mut().remove(http::header::CONTENT_TYPE);
    request
}

/// Renders the page `request` asks for, with `posted` in context.
async fn render_request<T: Clone + Send + Sync + 'static>(
    state: AppState,
    request: Request<axum::body::Body>,
    status: http::StatusCode,
    posted: T,
) -> axum::response::Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_server_context(&state);
            provide_context(posted.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut response = render(request).await;
    *response.status_mut() = status;
    response
}

/// Builds the whole router: health checks, server functions, pages, static files.
pub fn router(state: AppState, limits: Limits) -> Router {
    let routes = generate_route_list(app::App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    let router = Router::new()
        .merge(health::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_server_context(&context_state),
            move || app::shell(shell_options.clone()),
        )
        .merge(checkout::router())
        .merge(cart::router())
        .merge(admin::router())
        .merge(crate::api::router())
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .merge(
            admin_catalog::upload_router()
                .layer(RequestBodyLimitLayer::new(admin_catalog::MAX_UPLOAD_BYTES)),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            admin::guard,
        ))
        .layer(sessions(&state, limits.https))
        .layer(axum::middleware::from_fn(admin::same_origin))
        .with_state(state);
    security::with_headers(router).layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &Request<_>| {
                            let id = req
                                .headers()
                                .get(REQUEST_ID)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or_default();
                            tracing::info_span!("request", method = %req.method(), uri = %loggable(req.uri()), request_id = %id)
                        })
                        .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis))
                        .on_failure(DefaultOnFailure::new().level(Level::ERROR)),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                // Level 6 rather than the default (brotli 4): configurator
                // pages carry their catalog data and shrink by a further 8 %
                // (11.8 -> 10.9 KB for the shirt) for a fraction of a
                // millisecond; gzip's default is 6 anyway.
                .layer(CompressionLayer::new().quality(CompressionLevel::Precise(6)))
                .layer(TimeoutLayer::with_status_code(
                    http::StatusCode::REQUEST_TIMEOUT,
                    limits.request_timeout,
                )),
        )
}

/// Sessions of the back office: in the database, a cookie for `/admin`
/// only (HttpOnly, SameSite=Lax, Secure over HTTPS), ended after
/// [`crate::auth::SESSION_IDLE_HOURS`] without use.
fn sessions(
    state: &AppState,
    https: bool,
) -> tower_sessions::SessionManagerLayer<crate::auth::session_store::SqlSessionStore> {
    let store = crate::auth::session_store::SqlSessionStore {
        pool: state.pool.clone(),
    };
    tower_sessions::SessionManagerLayer::new(store)
        .with_name(crate::auth::SESSION_COOKIE)
        .with_path("/admin")
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_secure(https)
        .with_expiry(tower_sessions::Expiry::OnInactivity(time::Duration::hours(
            crate::auth::SESSION_IDLE_HOURS,
        )))
}

/// The address as logged: status link secrets are cut out.
fn loggable(uri: &http::Uri) -> String {
    match uri.path().strip_prefix("/orders/") {
        Some(_) => "/orders/…".to_owned(),
        None => uri.to_string(),
    }
}
