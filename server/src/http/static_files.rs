//! Static files straight from the site folder, never through the pages:
//! `/pkg` (the wasm, JS and CSS cargo-leptos builds) and the copies of
//! `public/` at the root, each sent as its precompressed `.br` or `.gz`
//! twin when the browser takes it. A file whose name carries a content hash
//! (`atelier.Xy3….wasm`, a release build with `hash-files`) never changes,
//! so browsers keep it for a year without asking again; other files are
//! revalidated (`no-cache`), images of `public/` kept for an hour.

use axum::{
    extract::Request,
    http::{header::CACHE_CONTROL, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::Response,
    Router,
};
use std::path::Path;
use tower_http::services::ServeDir;

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");
const AN_HOUR: HeaderValue = HeaderValue::from_static("public, max-age=3600");

/// `/pkg/*`, read from `{site_root}/{pkg_dir}`.
pub fn pkg_router(site_root: &str, pkg_dir: &str) -> Router {
    let files = ServeDir::new(Path::new(site_root).join(pkg_dir))
        .precompressed_br()
        .precompressed_gzip()
        .fallback(axum::routing::any(no_such_file));
    Router::new()
        .nest_service(&format!("/{pkg_dir}"), files)
        .layer(middleware::from_fn(pkg_cache_control))
}

/// The site root (`public/`'s copies), handing anything that is no file
/// there to `not_found`.
pub fn public<S>(site_root: &str, not_found: S) -> ServeDir<S> {
    ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found)
}

/// A file of `/pkg` that is not there (an old page naming files of an
/// earlier release, or a guess).
async fn no_such_file() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "no such file\n")
}

/// Cache-Control for a file of `public/` served from the root: images for
/// an hour; scripts and stylesheets, which pages of the same release name,
/// revalidated, so that a new release never meets an old script.
pub async fn public_cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let image = [".svg", ".png", ".ico", ".webp", ".jpg"]
        .iter()
        .any(|ext| path.ends_with(ext));
    let mut response = next.run(request).await;
    set_if_served(&mut response, if image { AN_HOUR } else { REVALIDATE });
    response
}

async fn pkg_cache_control(request: Request, next: Next) -> Response {
    let name = request.uri().path().rsplit('/').next().unwrap_or_default();
    let cache = if is_content_hashed(name) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let mut response = next.run(request).await;
    set_if_served(&mut response, cache);
    response
}

/// Sets `cache` on a file's answer (not on a 404 page or an error).
fn set_if_served(response: &mut Response, cache: HeaderValue) {
    if matches!(
        response.status(),
        StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
    ) {
        response.headers_mut().insert(CACHE_CONTROL, cache);
    }
}

/// Whether a file name carries cargo-leptos' content hash: a middle part of
/// 22 URL-safe base64 characters (an MD5 digest), as in
/// `atelier.3tYz0q1Jw8lK2mN4pQ6rSg.wasm`.
pub fn is_content_hashed(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() == 22
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && part.bytes().any(|b| b.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn hashed_names_are_told_from_plain_ones() {
        for hashed in [
            "atelier.3tYz0q1Jw8lK2mN4pQ6rSg.wasm",
            "__wasm_split.3tYz0q1Jw8lK2mN4pQ6r-_.js",
            "__wasm_split_manifest.3tYz0q1Jw8lK2mN4pQ6rSg.json",
            "atelier.3tYz0q1Jw8lK2mN4pQ6rSg.wasm.br",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "atelier.wasm",
            "atelier.css",
            "__wasm_split.______________________.js",
            "3tYz0q1Jw8lK2mN4pQ6rSg.wasm",
            "atelier.3tYz0q1Jw8lK2mN4pQ6rS.wasm",
            "",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }
}
