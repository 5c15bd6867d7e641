//! The HTTP stack: routes per area, merged here, and the middleware every
//! response passes through.

pub mod admin;
mod admin_catalog;
mod admin_catalog_editor;
mod admin_form;
mod admin_integrations;
mod admin_operations;
mod admin_orders;
mod cart;
mod catalog_data;
mod checkout;
mod client;
mod completion;
mod health;
mod page_cache;
mod page_encoding;
mod product_scripts;
mod query_limit;
mod security;
mod serve;
mod server_fn_status;
mod static_files;
mod whole_pages;

use crate::db::Pool;
use app::state::CatalogHandle;
use axum::{extract::FromRef, handler::Handler, Router};
use http::{header::HeaderName, Request};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer},
    LatencyUnit,
};
use tracing::Level;

/// What handlers share: one allocation, so that handing it to a handler or
/// a middleware is one reference count (it was a dozen, and the options'
/// strings copied, per request).
#[derive(Clone)]
pub struct AppState(std::sync::Arc<Services>);

impl AppState {
    /// The state serving `services`.
    pub fn new(services: Services) -> Self {
        AppState(std::sync::Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The services and settings behind [`AppState`].
pub struct Services {
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
    pub metrics: crate::metrics::SharedMetrics,
    /// Pages kept for a moment ([`PageCache`]).
    pub page_cache: PageCache,
    /// The count of requests that may have changed something.
    pub changes: crate::changes::Changes,
}

/// Limits the middleware enforces, and how cookies are set.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// The shop is served over HTTPS: the session cookie is `Secure`.
    pub https: bool,
    /// The header a trusted proxy puts the client's address in.
    pub client_ip_header: Option<String>,
    /// The token `/metrics` asks for (none: no `/metrics`).
    pub metrics_token: Option<std::sync::Arc<str>>,
}

pub use page_cache::PageCache;
pub use serve::{serve, ConnectionLimits};

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

/// The app's page routes, listed once per process. Listing them runs the
/// app with resource loading paused for the whole process (leptos_server's
/// `SuppressResourceLoad` is a global flag), and a resource first polled in
/// that moment, by a page another server in the process is rendering, never
/// loads: its page hangs (leptos issue 4773). Listing once, before any
/// server of the process can serve, leaves no such moment.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// Builds the whole router: health checks, server functions, pages, static files.
pub fn router(state: AppState, limits: Limits) -> Router {
    let routes = page_routes();
    let context_state = state.clone();
    let site_root = state.leptos_options.site_root.to_string();
    let pkg = static_files::pkg_router(&site_root, &state.leptos_options.site_pkg_dir);
    let not_found = Handler::with_state(
        leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            {
                let state = state.clone();
                move || provide_server_context(&state)
            },
            app::shell,
        ),
        state.clone(),
    );
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
        .merge(catalog_data::router())
        .merge(product_scripts::router())
        .merge(admin::router())
        .merge(crate::api::router())
        .route(
            "/metrics",
            axum::routing::get(crate::metrics::scrape).with_state((
                state.metrics.clone(),
                state.pool.clone(),
                limits.metrics_token.clone(),
            )),
        )
        // Inside the metrics, so that they count the status sent.
        .route_layer(axum::middleware::from_fn(
            server_fn_status::with_meaningful_status,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            crate::metrics::measure,
        ))
        // The copies of `public/`, else the 404 page, rendered with its
        // page policy (the strict one would block its own stylesheet).
        .fallback_service(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn(
                    static_files::public_cache_control,
                ))
                .service(static_files::public(&site_root, not_found)),
        )
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
        .layer(axum::middleware::from_fn(query_limit::refuse_long_queries))
        .layer(axum::middleware::from_fn_with_state(
            limits.client_ip_header.clone(),
            client::client_address,
        ))
        .layer(axum::middleware::from_fn(whole_pages::send_whole))
        // Inside the run to completion, so that a write whose customer
        // left is still counted and drops the kept pages.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.changes.clone(),
            crate::changes::count,
        ))
        .layer(axum::middleware::from_fn(completion::run_to_completion))
        .with_state(state)
        .merge(pkg);
    // The security headers go on last, so that every answer carries them,
    // the timeout's 408 included.
    let router = router.layer(
            ServiceBuilder::new()
                .map_request(drop_unfit_request_id)
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
                // Zstd where accepted, else brotli or gzip (`page_encoding`).
                .layer(page_encoding::layers::brotli_or_gzip())
                .layer(page_encoding::layers::zstd())
                .map_response(explain_timeout)
                .layer(TimeoutLayer::with_status_code(
                    http::StatusCode::REQUEST_TIMEOUT,
                    limits.request_timeout,
                )),
        );
    security::with_headers(router, limits.https)
}

/// The time limit's 408 says what happened and what to do (it comes
/// without a body).
fn explain_timeout(response: axum::response::Response) -> axum::response::Response {
    if response.status() != http::StatusCode::REQUEST_TIMEOUT {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    parts.headers.remove(http::header::CONTENT_LENGTH);
    let text = "Die Antwort hat zu lange gedauert; bitte versuchen Sie es noch einmal. \
                Ein Formular darf erneut gesendet werden: doppelt bestellt wird nichts.\n\
                The answer took too long; please try again. \
                A form may be sent again: nothing is ordered twice.\n";
    axum::response::Response::from_parts(parts, axum::body::Body::from(text))
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

/// A client's own `x-request-id` is kept (and logged) only when it is a
/// plain id of at most 64 letters, digits, `-`, `_` and `.`; otherwise the
/// server makes one.
fn drop_unfit_request_id<B>(mut request: Request<B>) -> Request<B> {
    let fit = |v: &http::HeaderValue| {
        let v = v.as_bytes();
        !v.is_empty()
            && v.len() <= 64
            && v.iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    if request.headers().get(REQUEST_ID).is_some_and(|v| !fit(v)) {
        request.headers_mut().remove(REQUEST_ID);
    }
    request
}

/// The address as logged: status link secrets and query strings (which
/// carry what customers typed: engravings, monograms) are cut out.
fn loggable(uri: &http::Uri) -> String {
    let path = match uri.path().strip_prefix("/orders/") {
        Some(_) => "/orders/…",
        None => uri.path(),
    };
    match uri.query() {
        Some(_) => format!("{path}?…"),
        None => path.to_owned(),
    }
}
