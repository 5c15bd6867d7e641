//! Configurator and home pages kept for a moment (a second by default,
//! `ATELIER_PAGE_CACHE_MS`), so that a crowd asking for the same link
//! costs one render, not one each. Every answer still gets a nonce of its
//! own: the kept page is cut at its nonce, and each answer is joined with
//! a new one (in the page and in its Content-Security-Policy).
//!
//! Only pages that are the same for everybody who asks for the same link
//! are kept: `GET /` and `GET /p/{product}`, asked without cookies (other
//! than the language), answered 200 with no cookie set (other than the
//! language the link chose) and not marked private. Kept pages are keyed by
//! link, language and catalog version, and every request that may change
//! something (any method but GET and HEAD) drops them all once it is
//! answered. Changes made by another process show within the moment.

use super::AppState;
use axum::{
    body::{Body, Bytes, HttpBody},
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Pages kept at most; beyond it, new pages are not kept until old ones expire.
const MOST_PAGES: usize = 512;

/// Larger pages are not kept.
const LARGEST_KEPT: usize = 1024 * 1024;

/// Whether an answer came from the kept pages (`hit`) or was rendered (`miss`).
pub const CACHE_HEADER: &str = "x-page-cache";

/// The kept pages of one server.
pub struct PageCache {
    keep_for: Duration,
    /// Bumped by every answered request that may have changed something.
    generation: AtomicU64,
    pages: Mutex<HashMap<Key, Arc<Kept>>>,
}

#[derive(Clone, Hash, PartialEq, Eq)]
struct Key {
    link: String,
    lang: engine::Lang,
    catalog_version: i64,
}

struct Kept {
    made: Instant,
    generation: u64,
    headers: HeaderMap,
    /// The page cut at its nonce: a nonce goes between every two pieces.
    pieces: Vec<Bytes>,
    /// The nonce the page was rendered with.
    nonce: String,
}

impl PageCache {
    /// Pages kept for `keep_for` (zero: none are kept).
    pub fn new(keep_for: Duration) -> Self {
        PageCache {
            keep_for,
            generation: AtomicU64::new(0),
            pages: Mutex::new(HashMap::new()),
        }
    }

    fn find(&self, key: &Key) -> Option<Arc<Kept>> {
        let generation = self.generation.load(Ordering::Acquire);
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            .filter(|kept| kept.generation == generation && kept.made.elapsed() < self.keep_for)
            .cloned()
    }

    fn keep(&self, key: Key, kept: Kept) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MOST_PAGES {
            let generation = self.generation.load(Ordering::Acquire);
            pages.retain(|_, k| k.generation == generation && k.made.elapsed() < self.keep_for);
        }
        if pages.len() < MOST_PAGES {
            pages.insert(key, Arc::new(kept));
        }
    }

    fn drop_all(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// The middleware: answers from the kept pages, keeps what may be kept, and
/// drops them all after a request that may change something.
pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = &state.page_cache;
    if cache.keep_for.is_zero() {
        return next.run(request).await;
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let response = next.run(request).await;
        cache.drop_all();
        return response;
    }
    let Some(key) = key_of(&state, &request) else {
        return next.run(request).await;
    };
    if let Some(kept) = cache.find(&key) {
        return answer(&kept);
    }
    let generation = cache.generation.load(Ordering::Acquire);
    let response = next.run(request).await;
    let small = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|size| size <= LARGEST_KEPT as u64);
    if !small || !may_keep(&response) {
        return response;
    }
    // Pages are sent whole (`whole_pages`): this only takes the one piece.
    let (mut parts, body) = response.into_parts();
    let Ok(page) = axum::body::to_bytes(body, LARGEST_KEPT).await else {
        tracing::error!("a page to keep could not be read");
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::from("please reload the page\n"));
    };
    if let Some(kept) = cut(&parts.headers, &page, generation) {
        cache.keep(key, kept);
    }
    mark(&mut parts.headers, "miss");
    Response::from_parts(parts, Body::from(page))
}

/// The key of a request whose page may be kept, else `None`.
fn key_of(state: &AppState, request: &Request) -> Option<Key> {
    if request.method() != Method::GET {
        return None;
    }
    let path = request.uri().path();
    let page = path == "/"
        || path
            .strip_prefix("/p/")
            .is_some_and(|product| !product.is_empty() && !product.contains('/'));
    if !page || !only_language_cookies(request.headers()) {
        return None;
    }
    let (mut parts, ()) = http::Request::new(()).into_parts();
    parts.uri = request.uri().clone();
    // What the language is chosen by: the link, a cookie, the browser's wish.
    for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
        for value in request.headers().get_all(&name) {
            parts.headers.append(name.clone(), value.clone());
        }
    }
    Some(Key {
        link: request.uri().to_string(),
        lang: app::i18n::lang_of_request(&parts),
        catalog_version: state.catalog.current().version,
    })
}

/// Whether every cookie the request sends is the language's.
fn only_language_cookies(headers: &HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().all(|value| {
        value.to_str().is_ok_and(|value| {
            value
                .split(';')
                .map(str::trim)
                .all(|cookie| cookie.is_empty() || cookie.starts_with("lang="))
        })
    })
}

/// Whether an answer is the same for everybody who asks the same.
fn may_keep(response: &Response) -> bool {
    let headers = response.headers();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let private = headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("no-store") || v.contains("private"));
    let own_cookies = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| !v.as_bytes().starts_with(b"lang="));
    response.status() == StatusCode::OK && html && !private && !own_cookies
}

/// The page's nonce, from its policy.
fn nonce_of(headers: &HeaderMap) -> Option<&str> {
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let nonce = policy.split("'nonce-").nth(1)?.split('\'').next()?;
    (nonce.len() >= 16).then_some(nonce)
}

/// The page cut at its nonce, to keep; `None` for a page without one.
fn cut(headers: &HeaderMap, page: &Bytes, generation: u64) -> Option<Kept> {
    let nonce = nonce_of(headers)?.to_owned();
    let mut pieces = Vec::new();
    let mut start = 0;
    let text = page.as_ref();
    let needle = nonce.as_bytes();
    let mut at = 0;
    while let Some(found) = find(&text[at..], needle) {
        let begin = at + found;
        pieces.push(page.slice(start..begin));
        start = begin + needle.len();
        at = start;
    }
    pieces.push(page.slice(start..));
    let mut headers = headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    Some(Kept {
        made: Instant::now(),
        generation,
        headers,
        pieces,
        nonce,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A kept page with a new nonce.
fn answer(kept: &Kept) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    let nonce: &str = &nonce;
    let size =
        kept.pieces.iter().map(Bytes::len).sum::<usize>() + nonce.len() * (kept.pieces.len() - 1);
    let mut page = Vec::with_capacity(size);
    for (i, piece) in kept.pieces.iter().enumerate() {
        if i > 0 {
            page.extend_from_slice(nonce.as_bytes());
        }
        page.extend_from_slice(piece);
    }
    let mut headers = kept.headers.clone();
    if let Some(policy) = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.replace(&kept.nonce, nonce))
        .and_then(|v| HeaderValue::from_str(&v).ok())
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    mark(&mut headers, "hit");
    let mut response = Response::new(Body::from(page));
    *response.headers_mut() = headers;
    response
}

fn mark(headers: &mut HeaderMap, how: &'static str) {
    headers.insert(CACHE_HEADER, HeaderValue::from_static(how));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_headers(nonce: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let policy = super::super::security::page_csp(nonce);
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).unwrap(),
        );
        headers
    }

    #[test]
    fn a_kept_page_is_answered_with_a_new_nonce_everywhere_the_old_one_was() {
        let old = "AAAAAAAAAAAAAAAAAAAAAA";
        let page = Bytes::from(format!(
            r#"<script nonce="{old}">x</script><p>{old}</p><script nonce="{old}"></script>"#
        ));
        let kept = cut(&page_headers(old), &page, 0).expect("a page with a nonce");
        assert_eq!(kept.pieces.len(), 4);
        let first = answer(&kept);
        let second = answer(&kept);
        let nonce = |r: &Response| nonce_of(r.headers()).unwrap().to_owned();
        let (a, b) = (nonce(&first), nonce(&second));
        assert_ne!(a, old);
        assert_ne!(a, b, "every answer has its own nonce");
        let body = |r: Response| {
            let bytes =
                futures_util::FutureExt::now_or_never(axum::body::to_bytes(r.into_body(), 1 << 20))
                    .expect("a whole body");
            String::from_utf8(bytes.unwrap().to_vec()).unwrap()
        };
        let text = body(first);
        assert_eq!(text, page_text(&page).replace(old, &a));
        assert!(!text.contains(old));
        assert_eq!(text.matches(&a).count(), 3);
    }

    fn page_text(page: &Bytes) -> String {
        String::from_utf8(page.to_vec()).unwrap()
    }

    #[test]
    fn a_page_without_a_nonce_is_not_kept() {
        assert!(cut(&HeaderMap::new(), &Bytes::from("<p>hi</p>"), 0).is_none());
    }

    #[test]
    fn only_the_language_cookie_leaves_a_request_the_same_for_everybody() {
        let with = |cookie: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
            headers
        };
        assert!(only_language_cookies(&HeaderMap::new()));
        assert!(only_language_cookies(&with("lang=en")));
        assert!(!only_language_cookies(&with("lang=en; atelier_cart=abc")));
        assert!(!only_language_cookies(&with("atelier_cart=abc")));
    }
}
