//! What the interactive parts of a page (Leptos islands) share. Everything
//! else is rendered on the server only and ships no code to the browser.

use leptos::prelude::*;

/// Sets up an island: the page's language in context, since islands start
/// without context in the browser, and the `data-hydrated` mark on the
/// document once the island runs there (effects never run on the server;
/// styles hide no-JavaScript-only controls by it, tests wait for it).
pub fn start() {
    crate::i18n::provide_lang_context();
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// Whether the page at `path` has islands, so it needs the wasm (the
/// configurator and its checkout); other pages load no wasm. (The cart
/// page's forms work in place through `/cart.js`: an island of its own
/// would add about 6 KB to every configurator page's wasm.)
pub fn path_has_islands(path: &str) -> bool {
    path.starts_with("/p/")
}

/// The id of the header's cart count.
pub const CART_COUNT_ID: &str = "cart-count";

/// Shows `items` as the header's cart count (rendered on the server, so
/// islands update it in place).
pub fn show_cart_count(items: u32) {
    if let Some(element) = document().get_element_by_id(CART_COUNT_ID) {
        let text = items.to_string();
        element.set_text_content(Some(&text));
        let _ = element.set_attribute("data-count", &text);
    }
}

/// What the server answered a form posted by [`post_form`].
pub struct FormAnswer {
    pub ok: bool,
    /// The answer's text (a message for the customer).
    pub text: String,
    /// The cart's piece count, when the answer gives it.
    pub cart_count: Option<u32>,
}

/// Posts a form body to `url` the way the shop's own scripts do (marked by
/// a header no cross-site form can send); `None` when no answer came.
pub async fn post_form(url: &str, body: &str) -> Option<FormAnswer> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsValue;
        let headers = web_sys::Headers::new().ok()?;
        headers
            .set("content-type", "application/x-www-form-urlencoded")
            .ok()?;
        headers.set("x-atelier-fetch", "1").ok()?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
        let (response, text) = fetch_text(window().fetch_with_str_and_init(url, &init)).await?;
        let cart_count = response
            .headers()
            .get("x-cart-count")
            .ok()
            .flatten()
            .and_then(|c| c.parse().ok());
        Some(FormAnswer {
            ok: response.ok(),
            text,
            cart_count,
        })
    }
    // On the server nothing is posted (event handlers run in the browser only).
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (url, body);
        None
    }
}

/// Awaits a `fetch` and its body as text.
#[cfg(feature = "hydrate")]
async fn fetch_text(fetch: js_sys::Promise) -> Option<(web_sys::Response, String)> {
    use leptos::wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response: web_sys::Response = JsFuture::from(fetch).await.ok()?.dyn_into().ok()?;
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    Some((response, text))
}

/// Data the server hands to an island, written into the page as JSON.
/// The browser only reads it: there serialising is a no-op, so no
/// serialiser code for the catalog types is shipped in the wasm.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(transparent)]
pub struct IslandData<T>(pub T);

impl<T: serde::Serialize> serde::Serialize for IslandData<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "ssr")]
        return self.0.serialize(serializer);
        #[cfg(not(feature = "ssr"))]
        serializer.serialize_unit()
    }
}
