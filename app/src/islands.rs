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
/// configurator, its checkout and its preview); other pages load no wasm. (The cart's
/// forms work in place through `/cart.js`: an island of their own, or a
/// fetch in the configurator's, would add about 6 KB to every configurator
/// page's wasm.)
pub fn path_has_islands(path: &str) -> bool {
    path.starts_with("/p/") || path.starts_with(PREVIEW)
}

/// Where marketing previews a product of the catalog draft in the configurator.
pub const PREVIEW: &str = "/admin/catalog/preview/";

/// The id of the header's cart count (`/cart.js` updates it in place).
pub const CART_COUNT_ID: &str = "cart-count";

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
