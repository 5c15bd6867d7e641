//! Products sent apart from their pages ([`app::browser_product::ProductScript`]):
//! `GET /data/{catalog version}/{hash}.js`, kept by browsers for a year,
//! since the address names its content, and compressed once, at the
//! strongest levels (brotli 11: the shirt's 84 KB in 3.2 KB, the car's
//! 15 KB in 2.7 KB), kept by address. The current catalog version's
//! scripts are answered, and the previous version's, for pages rendered
//! just before a publication.

use super::page_encoding::{Encoding, FOR_KEEPS};
use super::AppState;
use app::browser_product::ProductScript;
use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The route.
pub fn router() -> Router<AppState> {
    let route = format!("{}{{version}}/{{file}}", ProductScript::PREFIX);
    Router::new().route(&route, get(product_script))
}

async fn product_script(
    State(state): State<AppState>,
    Path((version, _file)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    if let Some(script) = state.catalog.product_script(path) {
        return answer(&script, &headers);
    }
    // A page another server process rendered from a version this one has
    // not loaded yet (it looks for new versions four times a second).
    let version = app::admin::catalog::parse_version(&version);
    if version.is_some_and(|v| v > state.catalog.current().version) {
        crate::catalog_store::catch_up(&state.pool, &state.catalog).await;
        if let Some(script) = state.catalog.product_script(path) {
            return answer(&script, &headers);
        }
    }
    let mut response = (
        StatusCode::NOT_FOUND,
        "There is no such product data; reload the page.",
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The script in the encoding the request weighs highest, compressed once
/// at the strongest levels and kept.
fn answer(script: &ProductScript, headers: &HeaderMap) -> Response {
    let encoding = Encoding::accepted(headers);
    let (body, encoding) = match kept_form(script, encoding) {
        Some(body) => (body, encoding),
        None => (Bytes::from(script.body.clone()), Encoding::Identity),
    };
    let mut response = Response::new(Body::from(body));
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if encoding != Encoding::Identity {
        out.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(encoding.name()),
        );
    }
    response
}

/// `script` in `encoding`, made the first time it is asked for. The forms
/// are kept by address, which names the content, so they are shared by
/// every server of the process; a few catalog versions' worth.
fn kept_form(script: &ProductScript, encoding: Encoding) -> Option<Bytes> {
    type Forms = BTreeMap<(String, &'static str), Bytes>;
    static FORMS: Mutex<Forms> = Mutex::new(BTreeMap::new());
    const MOST: usize = 64;
    if encoding == Encoding::Identity {
        return None;
    }
    let key = (script.path.clone(), encoding.name());
    let lock = || {
        FORMS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(form) = lock().get(&key) {
        return Some(form.clone());
    }
    // Compressed outside the lock: another request may make it too.
    let form = encoding.compress_at(&Bytes::from(script.body.clone()), FOR_KEEPS)?;
    let mut forms = lock();
    if forms.len() >= MOST {
        forms.clear();
    }
    forms.insert(key, form.clone());
    Some(form)
}
