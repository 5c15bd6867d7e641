//! What the interactive parts of a page (Leptos islands) share. Everything
//! else is rendered on the server only and ships no code to the browser.

#[cfg(feature = "ssr")]
mod loader;
#[cfg(feature = "ssr")]
pub use loader::{hash_file, IslandScripts};

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

/// Data the server hands to an island. The page carries it once, as JSON in
/// the `<script type="application/json">` element of [`IslandData::script`];
/// the island's props only name that element. (In the props attribute every
/// quote became `&quot;`: a larger page, and escaping work on every render.)
/// The browser only reads it, so no serialiser code for the catalog types is
/// shipped in the wasm.
#[derive(Clone, Debug, PartialEq)]
pub struct IslandData<T>(pub T);

/// What an island reads from its page: the id of the element carrying it.
pub trait IslandPayload {
    /// The id of the page's script element with the data.
    const ELEMENT_ID: &'static str;
}

impl<T: IslandPayload + serde::Serialize> IslandData<T> {
    /// The script element carrying the data, to render before the island.
    pub fn script(&self) -> impl IntoView {
        // `<` escaped, so no text in the data can end the script element.
        #[cfg(feature = "ssr")]
        let json = match serde_json::to_string(&self.0) {
            Ok(json) => json.replace('<', "\\u003c"),
            Err(failure) => {
                // The page still works without JavaScript.
                tracing::error!(%failure, "an island's data could not be written");
                String::new()
            }
        };
        #[cfg(not(feature = "ssr"))]
        let json = String::new();
        let nonce = leptos::nonce::use_nonce();
        view! { <script type="application/json" id=T::ELEMENT_ID nonce=nonce inner_html=json></script> }
    }
}

impl<T: IslandPayload> serde::Serialize for IslandData<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(T::ELEMENT_ID)
    }
}

impl<'de, T: IslandPayload + serde::de::DeserializeOwned> serde::Deserialize<'de>
    for IslandData<T>
{
    /// Reads the data from the page's element that the props name.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let id = String::deserialize(deserializer)?;
        let json = document()
            .get_element_by_id(&id)
            .and_then(|element| element.text_content())
            .ok_or_else(|| D::Error::custom("the page has no data for its island"))?;
        leptos::serde_json::from_str(&json)
            .map(IslandData)
            .map_err(D::Error::custom)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Note {
        text: String,
    }

    impl IslandPayload for Note {
        const ELEMENT_ID: &'static str = "note-data";
    }

    #[test]
    fn the_data_script_cannot_be_ended_by_its_data_and_reads_back_whole() {
        let hostile = r#"</script><script>alert(1)</script><!-- "quoted" & 'single' "#;
        let data = IslandData(Note {
            text: hostile.to_owned(),
        });
        let html = data.script().to_html();
        let open = r#"<script type="application/json" id="note-data">"#;
        assert!(html.starts_with(open), "{html}");
        assert!(html.ends_with("</script>"), "{html}");
        let json = &html[open.len()..html.len() - "</script>".len()];
        assert!(!json.contains('<'), "{json}");
        let read: Note = serde_json::from_str(json).expect("the script's JSON");
        assert_eq!(read, data.0);
        assert_eq!(
            serde_json::to_string(&data).expect("props"),
            r#""note-data""#,
            "the props only name the element"
        );
    }
}
