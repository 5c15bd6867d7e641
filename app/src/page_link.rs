//! The page's link as reactive state, for islands: they run without the
//! client-side router, so choices push browser history entries here, and
//! back/forward step through them.

use leptos::prelude::*;

/// The key/value pairs of a link's query, decoded, in order.
pub type QueryPairs = Vec<(String, String)>;

/// The query of the current page's link, following the browser's history.
#[derive(Clone, Copy)]
pub struct PageLink {
    pairs: RwSignal<QueryPairs>,
}

impl PageLink {
    /// Starts from the link the page was requested with (on the server) or
    /// shows (in the browser), and follows back/forward from then on.
    pub fn new() -> Self {
        let pairs = RwSignal::new(current_query());
        #[cfg(feature = "hydrate")]
        {
            let listener = window_event_listener(leptos::ev::popstate, move |_| {
                pairs.set(current_query());
            });
            on_cleanup(move || listener.remove());
        }
        Self { pairs }
    }

    /// The query pairs, tracked.
    pub fn pairs(&self) -> ReadSignal<QueryPairs> {
        self.pairs.read_only()
    }

    /// Shows `href`'s query on this page's path: a new history entry, or
    /// in place of the current one with `replace`.
    pub fn go(&self, href: &str, replace: bool) {
        let query = href.split_once('?').map(|(_, q)| q).unwrap_or_default();
        #[cfg(feature = "hydrate")]
        if let Ok(history) = window().history() {
            let path = current_path();
            let href = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            let href = href.as_str();
            let null = leptos::wasm_bindgen::JsValue::NULL;
            let _ = if replace {
                history.replace_state_with_url(&null, "", Some(href))
            } else {
                history.push_state_with_url(&null, "", Some(href))
            };
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = replace;
        self.pairs.set(engine::query::parse_query_string(query));
    }
}

impl Default for PageLink {
    fn default() -> Self {
        Self::new()
    }
}

/// The query of the link being rendered.
fn current_query() -> QueryPairs {
    #[cfg(feature = "ssr")]
    let query = use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.query().map(str::to_owned))
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let query = window().location().search().unwrap_or_default();
    engine::query::parse_query_string(&query)
}

/// The path of the page being rendered (on the server) or shown.
pub fn current_path() -> String {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    window().location().pathname().unwrap_or_default()
}
