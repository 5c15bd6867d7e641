//! The shop's two languages: which one a visitor sees, and the interface texts.
//!
//! Catalog texts come with the catalog ([`engine::Text`]); the fixed interface
//! texts are in [`texts`], one [`Key`] each, in German and English.

pub mod admin_texts;
pub mod cart_texts;
pub mod order_texts;
pub mod texts;

pub use admin_texts::{at, AdminText};
pub use cart_texts::{ct, CartText};
pub use engine::Lang;
pub use order_texts::{ot, OrderText};
pub use texts::{t, Key};

use leptos::prelude::*;

/// The language in effect for this page.
pub fn use_lang() -> Signal<Lang> {
    use_context::<Signal<Lang>>().unwrap_or_else(|| Signal::stored(Lang::De))
}

/// Puts the visitor's language into context (see [`request_lang`]) and
/// remembers a language chosen with `?lang=`.
pub fn provide_lang() {
    #[cfg(feature = "ssr")]
    remember_chosen_lang();
    provide_lang_context();
}

/// Puts the page's language into context (islands start without context).
pub fn provide_lang_context() {
    provide_context(Signal::stored(request_lang()));
}

/// When the visitor picked a language with `?lang=`, keeps it in a cookie.
#[cfg(feature = "ssr")]
fn remember_chosen_lang() {
    let chosen = use_context::<http::request::Parts>().and_then(|parts| lang_in_query(&parts));
    if let (Some(lang), Some(response)) = (chosen, use_context::<leptos_axum::ResponseOptions>()) {
        let cookie = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

#[cfg(feature = "ssr")]
fn lang_in_query(parts: &http::request::Parts) -> Option<Lang> {
    parts.uri.query().and_then(|q| {
        q.split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .and_then(Lang::from_code)
    })
}

/// The language of the current request on the server (`?lang=`, then the
/// `lang` cookie, then `Accept-Language`, then German), or of the document
/// the server rendered, in the browser.
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| lang_of_request(&parts))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

/// Picks the language for a request.
#[cfg(feature = "ssr")]
pub fn lang_of_request(parts: &http::request::Parts) -> Lang {
    let from_query = lang_in_query(parts);
    let from_cookie = || {
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix("lang="))
            .and_then(Lang::from_code)
    };
    let from_header = || {
        parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::negotiate)
    };
    from_query
        .or_else(from_cookie)
        .or_else(from_header)
        .unwrap_or_default()
}
