//! The published catalog as data, for browsers, caches and headless shops:
//! one product of one version, which never changes, so it is served as
//! immutable; and the live version's product, revalidated by its ETag.
//!
//! - `GET /catalog/products/{product}`: the live version's, `no-cache` with
//!   an ETag naming the version (a 304 while it is still live), and a
//!   `Content-Location` of the versioned address;
//! - `GET /catalog/versions/{version}/products/{product}`: immutable for a year.

use super::AppState;
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use engine::Catalog;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog/products/{product}", get(live_product))
        .route(
            "/catalog/versions/{version}/products/{product}",
            get(versioned_product),
        )
}

fn versioned(version: i64, product: &str) -> String {
    format!("/catalog/versions/{version}/products/{product}")
}

fn etag(version: i64, product: &str) -> String {
    format!("\"catalog-v{version}-{product}\"")
}

/// Whether the request's `If-None-Match` names `tag` (or `*`).
fn still_fresh(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().trim_start_matches("W/"))
        .any(|v| v == tag || v == "*")
}

/// The document of one product: the version, the catalog's currency and
/// VAT rate, and the product as the engine reads it.
fn document(version: i64, catalog: &Catalog, product: &str) -> Option<serde_json::Value> {
    let found = catalog.products.iter().find(|p| p.id == product)?;
    Some(serde_json::json!({
        "version": version,
        "currency": catalog.currency,
        "vat_rate_bp": catalog.vat_rate_bp,
        "product": found,
    }))
}

fn answer(
    headers: &HeaderMap,
    version: i64,
    product: &str,
    cache: &'static str,
    body: impl FnOnce() -> Option<serde_json::Value>,
) -> Response {
    let tag = etag(version, product);
    let mut response = if still_fresh(headers, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        match body() {
            Some(body) => Json(body).into_response(),
            None => return not_found(),
        }
    };
    let out = response.headers_mut();
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        out.insert(header::ETAG, tag);
    }
    if let Ok(location) = HeaderValue::from_str(&versioned(version, product)) {
        out.insert(header::CONTENT_LOCATION, location);
    }
    response
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "There is no such product in that catalog version.",
    )
        .into_response()
}

async fn live_product(
    State(state): State<AppState>,
    Path(product): Path<String>,
    headers: HeaderMap,
) -> Response {
    let live = state.catalog.current();
    if !live.compiled.contains_key(&product) {
        return not_found();
    }
    answer(&headers, live.version, &product, "public, no-cache", || {
        document(live.version, &live.catalog, &product)
    })
}

async fn versioned_product(
    State(state): State<AppState>,
    Path((version, product)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(version) = app::admin::catalog::parse_version(&version) else {
        return not_found();
    };
    let live = state.catalog.current();
    if version == live.version {
        return answer(&headers, version, &product, IMMUTABLE, || {
            document(version, &live.catalog, &product)
        });
    }
    let catalog = match crate::back_office::catalog::document_of(&state.pool, version).await {
        Ok(Some(catalog)) => catalog,
        Ok(None) => return not_found(),
        Err(e) => return super::admin_form::unavailable(e, "reading a catalog version"),
    };
    answer(&headers, version, &product, IMMUTABLE, || {
        document(version, &catalog, &product)
    })
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
