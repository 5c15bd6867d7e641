//! Configurator and home pages kept for a moment (a second by default,
//! `ATELIER_PAGE_CACHE_MS`), so that a crowd asking for the same link
//! costs one render and one compression per encoding, not one each
//! (compressing a page with brotli costs more than rendering it). A kept
//! page's first answer is compressed here, in the encoding of
//! `page_encoding`, and that form is kept with it.
//!
//! Only pages that are the same for everybody who asks for the same link
//! are kept: `GET /` and `GET /p/{product}`, asked without cookies (other
//! than the language), answered 200 with no cookie set (other than the
//! language the link chose) and not marked private. Kept pages are keyed by
//! link (its campaign tags aside), language and catalog version, and every
//! request that may change something (any method but GET and HEAD) drops
//! them all once it is answered ([`Changes`]). Changes made by another
//! process show within the moment.
//!
//! A kept page is answered byte for byte as rendered, its CSP nonce
//! included. A nonce must be unknown to whoever wrote what the page
//! shows; that holds, since everything a kept page shows was fixed before
//! its nonce was drawn, and any other content (another link, language,
//! catalog version or state) is a new render with a new nonce.

use super::page_encoding::Encoding;
use super::AppState;
use crate::changes::{Changes, Stamp};
use axum::{
    body::{Body, Bytes, HttpBody},
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Pages kept at most; beyond it, new pages are not kept until old ones expire.
const MOST_PAGES: usize = 512;

/// Larger pages are not kept.
const LARGEST_KEPT: usize = 1024 * 1024;

/// Whether an answer came from the kept pages (`hit`) or was rendered and
/// kept (`miss`); answers that may not be kept carry no mark.
pub const CACHE_HEADER: &str = "x-page-cache";

/// The kept pages of one server.
pub struct PageCache {
    keep_for: Duration,
    /// What is kept with an earlier count may be out of date.
    changes: Changes,
    pages: Mutex<Pages>,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<Key, Arc<Kept>>,
    /// When expired pages were last dropped (a full map is not searched
    /// for them on every render).
    swept: Option<Instant>,
}

#[derive(Clone, Hash, PartialEq, Eq)]
struct Key {
    link: String,
    lang: engine::Lang,
    catalog_version: i64,
}

struct Kept {
    /// When it was made, under the count of changes when its render began.
    stamp: Stamp,
    headers: HeaderMap,
    page: Bytes,
    /// Its compressed forms, each made the first time it is asked for
    /// (`None`: it could not be, the page is sent as it is).
    zstd: OnceLock<Option<Bytes>>,
    brotli: OnceLock<Option<Bytes>>,
    gzip: OnceLock<Option<Bytes>>,
}

impl Kept {
    fn new(changes: u64, headers: HeaderMap, page: Bytes) -> Self {
        Kept {
            stamp: Stamp::new(changes),
            headers,
            page,
            zstd: OnceLock::new(),
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
        }
    }

    /// The page in `encoding`, else as it is: the body and its encoding.
    fn body(&self, encoding: Encoding) -> (&Bytes, Encoding) {
        let form = match encoding {
            Encoding::Zstd => &self.zstd,
            Encoding::Brotli => &self.brotli,
            Encoding::Gzip => &self.gzip,
            Encoding::Identity => return (&self.page, encoding),
        };
        match form.get_or_init(|| encoding.compress(&self.page)) {
            Some(packed) => (packed, encoding),
            None => (&self.page, Encoding::Identity),
        }
    }
}

impl PageCache {
    /// Pages kept for `keep_for` (zero: none are kept), and not shown once
    /// `changes` counted a change.
    pub fn new(keep_for: Duration, changes: Changes) -> Self {
        PageCache {
            keep_for,
            changes,
            pages: Mutex::new(Pages::default()),
        }
    }

    fn fresh(&self, kept: &Kept, changes: u64) -> bool {
        kept.stamp.fresh(changes, self.keep_for)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pages> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn find(&self, key: &Key) -> Option<Arc<Kept>> {
        let changes = self.changes.now();
        let pages = self.lock();
        pages
            .by_key
            .get(key)
            .filter(|kept| self.fresh(kept, changes))
            .cloned()
    }

    fn keep(&self, key: Key, kept: Arc<Kept>) {
        let changes = self.changes.now();
        let mut pages = self.lock();
        let full = pages.by_key.len() >= MOST_PAGES;
        // Nothing expires sooner than a moment after it was kept.
        if full
            && pages
                .swept
                .is_none_or(|at| at.elapsed() >= self.keep_for / 4)
        {
            pages.by_key.retain(|_, k| self.fresh(k, changes));
            pages.swept = Some(Instant::now());
        }
        if pages.by_key.len() < MOST_PAGES {
            pages.by_key.insert(key, kept);
        }
    }

    /// Drops every kept page (they are out of date by the count already:
    /// this frees them).
    fn drop_all(&self) {
        self.lock().by_key.clear();
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
    let encoding = Encoding::accepted(request.headers());
    if let Some(kept) = cache.find(&key) {
        return answer(&kept, encoding, "hit");
    }
    let changes = cache.changes.now();
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
    parts.headers.remove(header::CONTENT_LENGTH);
    let kept = Arc::new(Kept::new(changes, parts.headers, page));
    cache.keep(key, kept.clone());
    answer(&kept, encoding, "miss")
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
        link: without_campaign_tags(request.uri()),
        lang: app::i18n::lang_of_request(&parts),
        catalog_version: state.catalog.current().version,
    })
}

/// The link without the campaign tags ads and listings add
/// ([`engine::query::is_campaign_key`]): the page is the same without them,
/// so every click of a campaign finds the page its first one rendered.
fn without_campaign_tags(uri: &http::Uri) -> String {
    let Some(query) = uri.query() else {
        return uri.path().to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !engine::query::is_campaign_key(&engine::query::percent_decode(key))
        })
        .collect();
    if kept.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{}", uri.path(), kept.join("&"))
    }
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

/// A kept page, in `encoding` (compressed the first time it is asked
/// for), marked `how` it came.
fn answer(kept: &Kept, encoding: Encoding, how: &'static str) -> Response {
    let (body, encoding) = kept.body(encoding);
    let mut headers = kept.headers.clone();
    if encoding != Encoding::Identity {
        headers.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(encoding.name()),
        );
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    mark(&mut headers, how);
    let mut response = Response::new(Body::from(body.clone()));
    *response.headers_mut() = headers;
    response
}

fn mark(headers: &mut HeaderMap, how: &'static str) {
    headers.insert(CACHE_HEADER, HeaderValue::from_static(how));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(response: Response) -> Bytes {
        let bytes = futures_util::FutureExt::now_or_never(axum::body::to_bytes(
            response.into_body(),
            1 << 20,
        ))
        .expect("a whole body");
        bytes.expect("a body")
    }

    #[test]
    fn a_kept_page_is_answered_in_each_encoding_compressed_once() {
        let text = "<p>Ring in Gold, Größe 54</p>".repeat(200);
        let page = Kept::new(0, HeaderMap::new(), Bytes::from(text.clone()));
        for encoding in [Encoding::Zstd, Encoding::Brotli, Encoding::Gzip] {
            let first = answer(&page, encoding, "miss");
            assert_eq!(first.headers()[header::CONTENT_ENCODING], encoding.name());
            assert_eq!(first.headers()[header::VARY], "accept-encoding");
            assert_eq!(first.headers()[CACHE_HEADER], "miss");
            let again = answer(&page, encoding, "hit");
            assert_eq!(again.headers()[CACHE_HEADER], "hit");
            let (first, again) = (body(first), body(again));
            assert_eq!(Some(first.clone()), encoding.compress(&page.page));
            // The same bytes, not a second compression.
            assert_eq!(first.as_ptr(), again.as_ptr(), "{encoding:?}");
        }
        let identity = answer(&page, Encoding::Identity, "hit");
        assert!(!identity.headers().contains_key(header::CONTENT_ENCODING));
        assert_eq!(body(identity), text.as_bytes());
    }

    #[test]
    fn a_full_cache_keeps_new_pages_once_old_ones_are_out_of_date() {
        let changes = Changes::default();
        let cache = PageCache::new(Duration::from_secs(3600), changes.clone());
        let key = |n: usize| Key {
            link: format!("/p/ring?_ref={n}"),
            lang: engine::Lang::En,
            catalog_version: 1,
        };
        let page = || Arc::new(Kept::new(changes.now(), HeaderMap::new(), Bytes::new()));
        for n in 0..MOST_PAGES {
            cache.keep(key(n), page());
        }
        assert_eq!(cache.lock().by_key.len(), MOST_PAGES);
        assert!(cache.find(&key(0)).is_some());
        changes.record();
        assert!(cache.find(&key(0)).is_none(), "out of date");
        // Full, and never swept: the out-of-date pages make room.
        cache.keep(key(MOST_PAGES), page());
        assert!(cache.find(&key(MOST_PAGES)).is_some());
        assert_eq!(cache.lock().by_key.len(), 1);
        // Full of fresh pages, and just swept: a new page is not kept.
        for n in 0..MOST_PAGES {
            cache.keep(key(n), page());
        }
        assert_eq!(cache.lock().by_key.len(), MOST_PAGES);
        cache.keep(key(MOST_PAGES + 1), page());
        assert!(cache.find(&key(MOST_PAGES + 1)).is_none());
    }

    #[test]
    fn campaign_tags_do_not_make_a_link_new() {
        let key = |link: &str| without_campaign_tags(&link.parse().unwrap());
        assert_eq!(key("/p/ring"), "/p/ring");
        assert_eq!(key("/p/ring?utm_source=ad"), "/p/ring");
        assert_eq!(
            key("/p/ring?gclid=Cj0&metal=gold&utm%5Fmedium=cpc&size=54&fbclid=x"),
            "/p/ring?metal=gold&size=54"
        );
        assert_eq!(
            key("/p/ring?metal=gold&_ref=1"),
            "/p/ring?metal=gold&_ref=1"
        );
        assert_eq!(key("/p/ring?utm=1&gclid2=x"), "/p/ring?utm=1&gclid2=x");
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
