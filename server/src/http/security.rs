//! Security headers. Pages get a Content-Security-Policy with the per-request
//! nonce that Leptos puts on its hydration script; every other response gets
//! a policy that allows nothing to run. They are the outermost layer, so
//! refusals of the stack itself (408, 413) carry them too.

use http::{header, HeaderValue};
use leptos::prelude::*;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy for pages rendered by Leptos: own scripts with the nonce, and
/// compiling the app's WebAssembly.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

const STRICT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Sets the page policy for the response being rendered (server context).
pub fn set_page_csp() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&page_csp(&nonce)) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// HSTS over HTTPS: two years, subdomains included.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Adds the headers every response carries; a page's own CSP wins over the
/// strict default. Over HTTPS browsers are told to come back only so.
pub fn with_headers(router: axum::Router, https: bool) -> axum::Router {
    let router = match https {
        true => router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        )),
        false => router,
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(STRICT_CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            http::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ))
}
