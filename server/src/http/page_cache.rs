//! Configurator and home pages kept for a moment (a second by default,
//! `ATELIER_PAGE_CACHE_MS`), so that a crowd asking for the same link
//! costs one render and one compression per encoding, not one each
//! (compressing a page with brotli costs more than rendering it).
//!
//! Only pages that are the same for everybody who asks for the same link
//! are kept: `GET /` and `GET /p/{product}`, asked without cookies (other
//! than the language), answered 200 with no cookie set (other than the
//! language the link chose) and not marked private. Kept pages are keyed by
//! link, language and catalog version, and every request that may change
//! something (any method but GET and HEAD) drops them all once it is
//! answered. Changes made by another process show within the moment.
//!
//! A kept page is answered byte for byte as rendered, its CSP nonce
//! included. A nonce must be unknown to whoever wrote what the page
//! shows; that holds, since everything a kept page shows was fixed before
//! its nonce was drawn, and any other content (another link, language,
//! catalog version or state) is a new render with a new nonce.

use super::AppState;
use axum::{
    body::{Body, Bytes, HttpBody},
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Pages kept at most; beyond it, new pages are not kept until old ones expire.
const MOST_PAGES: usize = 512;

/// Larger pages are not kept.
const LARGEST_KEPT: usize = 1024 * 1024;

/// The compression layer's levels (`super::router`).
const BROTLI_QUALITY: u32 = 6;
const GZIP_LEVEL: u32 = 6;

/// Whether an answer came from the kept pages (`hit`) or was rendered and
/// kept (`miss`); answers that may not be kept carry no mark.
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
    page: Bytes,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

/// How an answer's body is encoded.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
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

    fn fresh(&self, kept: &Kept) -> bool {
        kept.generation == self.generation.load(Ordering::Acquire)
            && kept.made.elapsed() < self.keep_for
    }

    fn find(&self, key: &Key) -> Option<Arc<Kept>> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.get(key).filter(|kept| self.fresh(kept)).cloned()
    }

    fn keep(&self, key: Key, kept: Kept) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MOST_PAGES {
            pages.retain(|_, k| self.fresh(k));
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
    let encoding = accepted(request.headers());
    if let Some(kept) = cache.find(&key) {
        return answer(&kept, encoding);
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
    let page = match axum::body::to_bytes(body, LARGEST_KEPT).await {
        Ok(page) => page,
        Err(failure) => {
            tracing::error!(%failure, "a page to keep could not be read");
            return super::whole_pages::page_lost(parts);
        }
    };
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    let kept = Kept {
        made: Instant::now(),
        generation,
        headers,
        page: page.clone(),
        brotli: OnceLock::new(),
        gzip: OnceLock::new(),
    };
    cache.keep(key, kept);
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
    response.status() == StatusCode::OK
        && html
        && !private
        && !own_cookies
        && !headers.contains_key(header::CONTENT_ENCODING)
}

/// The encoding to answer in: brotli, else gzip, when the request accepts
/// it (`Accept-Encoding`, a zero weight refusing).
fn accepted(headers: &HeaderMap) -> Encoding {
    let accepts = |wanted: &str| {
        headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                let mut parts = item.split(';').map(str::trim);
                let name = parts.next().unwrap_or_default();
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                name.eq_ignore_ascii_case(wanted) && !refused
            })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// A kept page, in `encoding` (compressed the first time it is asked for).
fn answer(kept: &Kept, encoding: Encoding) -> Response {
    let (body, name) = match encoding {
        Encoding::Brotli => (kept.brotli.get_or_init(|| brotli(&kept.page)), "br"),
        Encoding::Gzip => (kept.gzip.get_or_init(|| gzip(&kept.page)), "gzip"),
        Encoding::Identity => (&kept.page, ""),
    };
    let mut headers = kept.headers.clone();
    if !name.is_empty() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    mark(&mut headers, "hit");
    let mut response = Response::new(Body::from(body.clone()));
    *response.headers_mut() = headers;
    response
}

fn brotli(page: &[u8]) -> Bytes {
    let mut out = brotli::CompressorWriter::new(Vec::new(), 4096, BROTLI_QUALITY, 22);
    // Writing into memory cannot fail.
    let _ = out.write_all(page);
    Bytes::from(out.into_inner())
}

fn gzip(page: &[u8]) -> Bytes {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(GZIP_LEVEL));
    let _ = out.write_all(page);
    Bytes::from(out.finish().unwrap_or_default())
}

fn mark(headers: &mut HeaderMap, how: &'static str) {
    headers.insert(CACHE_HEADER, HeaderValue::from_static(how));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn kept(page: &str) -> Kept {
        Kept {
            made: Instant::now(),
            generation: 0,
            headers: HeaderMap::new(),
            page: Bytes::from(page.to_owned()),
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
        }
    }

    fn body(response: Response) -> Vec<u8> {
        let bytes = futures_util::FutureExt::now_or_never(axum::body::to_bytes(
            response.into_body(),
            1 << 20,
        ))
        .expect("a whole body");
        bytes.expect("a body").to_vec()
    }

    #[test]
    fn a_kept_page_decompresses_to_itself_in_every_encoding() {
        let text = "<p>Ring in Gold, Größe 54</p>".repeat(200);
        let page = kept(&text);
        let br = answer(&page, Encoding::Brotli);
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        let mut plain = String::new();
        brotli::Decompressor::new(&body(br)[..], 4096)
            .read_to_string(&mut plain)
            .unwrap();
        assert_eq!(plain, text);
        let gz = answer(&page, Encoding::Gzip);
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&body(gz)[..])
            .read_to_string(&mut plain)
            .unwrap();
        assert_eq!(plain, text);
        let identity = answer(&page, Encoding::Identity);
        assert!(!identity.headers().contains_key(header::CONTENT_ENCODING));
        assert_eq!(body(identity), text.as_bytes());
    }

    #[test]
    fn the_encoding_follows_what_the_request_accepts() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepted(&headers)
        };
        assert_eq!(accepted(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(with("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(with("gzip"), Encoding::Gzip);
        assert_eq!(with("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(with("br;q=0.0"), Encoding::Identity);
        assert_eq!(with("identity"), Encoding::Identity);
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
