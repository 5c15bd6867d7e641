//! The back office `/admin`, for the shop's people: rendered on the server
//! only (no island, so none of it reaches the customer's wasm), every form
//! a plain post. The server lets a request in only for a person whose role
//! may open the page's area ([`crate::admin`]); pages read who it is from
//! the request.

pub mod catalog;
pub mod charts;
pub mod dashboard;
pub mod frame;
pub mod integrations;
pub mod operations;
pub mod order;
pub mod orders;
pub mod sign_in;
pub mod users;
pub mod work_order;

use crate::admin::SignedIn;
use engine::Text;
use leptos::prelude::*;

/// A back-office text in the page's language.
pub fn tr(lang: engine::Lang, de: &'static str, en: &'static str) -> &'static str {
    match lang {
        engine::Lang::De => de,
        engine::Lang::En => en,
    }
}

/// A time in the shop's time zone, as the back office shows it.
pub fn when(at: jiff::civil::DateTime, lang: engine::Lang) -> String {
    let day = engine::delivery::format_date(at.date(), lang);
    format!("{day}, {:02}:{:02}", at.hour(), at.minute())
}

/// [`when`] to the second, for tries seconds apart.
pub fn when_exact(at: jiff::civil::DateTime, lang: engine::Lang) -> String {
    format!("{}:{:02}", when(at, lang), at.second())
}

/// The decoded pairs of the page's query string.
pub fn query_pairs() -> Vec<(String, String)> {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>()
        .and_then(|p| p.uri.query().map(engine::query::parse_query_string))
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    Vec::new()
}

/// The person signed in, as the server put them into the request.
pub fn signed_in() -> Option<SignedIn> {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<SignedIn>().cloned());
    #[cfg(not(feature = "ssr"))]
    None
}

/// A back-office form posted without JavaScript and what it got, when the
/// server renders the page again as its answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdminPosted {
    pub message: Option<Text>,
    pub ok: bool,
    /// The e-mail address typed, shown again.
    pub email: String,
    /// The fields a refused form posted, shown again instead of what is stored.
    pub form: Vec<(String, String)>,
    /// What changed meanwhile, when a catalog save was refused as stale.
    pub conflict: Option<crate::admin::catalog::Conflict>,
}

impl AdminPosted {
    /// The value field `name` was posted with, if the page answers a form.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a form posted to this page got, if anything.
pub fn posted() -> AdminPosted {
    use_context::<AdminPosted>().unwrap_or_default()
}
