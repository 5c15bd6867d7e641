//! A compiled product as the browser receives it, shared rather than
//! copied: the server keeps one per catalog version and language, with its
//! JSON written once, so a page render neither copies nor re-serialises the
//! product (a fifth of a configurator page's work before).
//!
//! A page sends the product apart from itself ([`BrowserProduct::apart`]):
//! as a script of its own ([`ProductScript`], at a content-hashed address the
//! browser keeps for a year) that fills the page's [`ELEMENT_ID`] element
//! before the islands start. The page then names that element instead of
//! carrying the product: the shirt's configurator page was 109 KB, 85 KB
//! of it the product, written, copied and compressed on every render, and
//! downloaded again with every change made without JavaScript.

use engine::solver::CompiledProduct;
use leptos::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// The compiled product a page hands its island ([`CompiledProduct::for_browser`]).
/// It reads as the [`CompiledProduct`] it holds.
#[derive(Clone, Debug)]
pub struct BrowserProduct {
    compiled: Arc<CompiledProduct>,
    /// The product as JSON, when made once for many pages (server only).
    #[cfg(feature = "ssr")]
    json: Option<Arc<serde_json::value::RawValue>>,
    /// The product's script, when it can be sent apart (server only).
    #[cfg(feature = "ssr")]
    script: Option<Arc<ProductScript>>,
    /// Written as the name of the element its script fills.
    #[cfg(feature = "ssr")]
    apart: bool,
}

/// The id of the page element a [`ProductScript`] fills with the product's JSON.
pub const ELEMENT_ID: &str = "product-data";

/// A product sent apart from its pages: a script that puts the product's
/// JSON into the page's [`ELEMENT_ID`] element.
#[cfg(feature = "ssr")]
#[derive(Debug)]
pub struct ProductScript {
    /// Where the server answers it: `/data/{catalog version}/{hash}.js`,
    /// the hash of its body (another body, another address).
    pub path: String,
    /// The JavaScript.
    pub body: String,
}

#[cfg(feature = "ssr")]
impl ProductScript {
    /// Where product scripts are answered.
    pub const PREFIX: &'static str = "/data/";

    /// The script putting `json` into the page, for catalog `version`.
    pub fn new(version: i64, json: &str) -> Self {
        use sha2::Digest;
        // The JSON in a single-quoted JavaScript string: only backslashes
        // and single quotes need escaping (JSON has no raw line breaks),
        // where a double-quoted string would escape every quote.
        let text = json.replace('\\', "\\\\").replace('\'', "\\'");
        let body = format!("document.getElementById(\"{ELEMENT_ID}\").textContent='{text}';\n");
        let digest = sha2::Sha256::digest(body.as_bytes());
        let hash: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
        ProductScript {
            path: format!("{}{version}/{hash}.js", Self::PREFIX),
            body,
        }
    }
}

impl BrowserProduct {
    /// The product as it is, serialised whenever it is sent.
    pub fn new(compiled: CompiledProduct) -> Self {
        BrowserProduct {
            compiled: Arc::new(compiled),
            #[cfg(feature = "ssr")]
            json: None,
            #[cfg(feature = "ssr")]
            script: None,
            #[cfg(feature = "ssr")]
            apart: false,
        }
    }

    /// The product with its JSON written now, for sending many times (left
    /// to be written when sent, should writing it fail).
    #[cfg(feature = "ssr")]
    pub fn prepared(mut self) -> Self {
        self.json = serde_json::value::to_raw_value(&*self.compiled)
            .map(Arc::from)
            .ok();
        self
    }

    /// The prepared product with its script for catalog `version`, so pages
    /// can send it apart.
    #[cfg(feature = "ssr")]
    pub fn with_script(mut self, version: i64) -> Self {
        if let Some(json) = &self.json {
            self.script = Some(Arc::new(ProductScript::new(version, json.get())));
        }
        self
    }

    /// The compiled product, shared.
    pub fn shared(&self) -> Arc<CompiledProduct> {
        Arc::clone(&self.compiled)
    }

    /// The product's script, when it has one.
    #[cfg(feature = "ssr")]
    pub fn script(&self) -> Option<&Arc<ProductScript>> {
        self.script.as_ref()
    }

    /// The product as a page sends it: named by the page's [`ELEMENT_ID`]
    /// element, which [`BrowserProduct::page_parts`] renders.
    pub fn apart(self) -> Self {
        #[cfg(feature = "ssr")]
        return BrowserProduct {
            apart: true,
            ..self
        };
        #[cfg(not(feature = "ssr"))]
        self
    }

    /// The page's [`ELEMENT_ID`] element: empty, with the product's script,
    /// deferred and in the head, so that it fills the element before the
    /// islands start (deferred scripts run in order, the islands' after it);
    /// a product without a script (a draft's, previewed) is written into it.
    pub fn page_parts(&self) -> impl IntoView {
        #[cfg(feature = "ssr")]
        let (src, inline) = match &self.script {
            Some(script) => (Some(script.path.clone()), String::new()),
            // `<` escaped, so no text in the data can end the element.
            None => (None, self.inline_json().replace('<', "\\u003c")),
        };
        #[cfg(not(feature = "ssr"))]
        let (src, inline) = (None::<String>, String::new());
        view! {
            <script type="application/json" id=ELEMENT_ID nonce=leptos::nonce::use_nonce() inner_html=inline></script>
            {src.map(|src| view! { <leptos_meta::Script defer="" src=src /> })}
        }
    }

    /// The product's JSON, written now unless it was written once.
    #[cfg(feature = "ssr")]
    fn inline_json(&self) -> String {
        match &self.json {
            Some(json) => json.get().to_owned(),
            None => serde_json::to_string(&*self.compiled).unwrap_or_else(|failure| {
                // The page still works without JavaScript.
                tracing::error!(%failure, "a product's data could not be written");
                String::new()
            }),
        }
    }

    /// The product with its texts in `lang` only.
    pub fn in_language(self, lang: engine::Lang) -> Self {
        let mut compiled = Arc::unwrap_or_clone(self.compiled);
        compiled.product.keep_language(lang);
        BrowserProduct::new(compiled)
    }
}

impl std::ops::Deref for BrowserProduct {
    type Target = CompiledProduct;

    fn deref(&self) -> &CompiledProduct {
        &self.compiled
    }
}

impl PartialEq for BrowserProduct {
    fn eq(&self, other: &Self) -> bool {
        self.compiled == other.compiled
    }
}

impl Serialize for BrowserProduct {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "ssr")]
        if self.apart {
            return serializer.serialize_str(ELEMENT_ID);
        }
        #[cfg(feature = "ssr")]
        if let Some(json) = &self.json {
            return json.serialize(serializer);
        }
        self.compiled.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for BrowserProduct {
    /// On the server, the product itself. In the browser, the id of the page
    /// element holding it: pages always send it so ([`BrowserProduct::apart`]),
    /// and the browser reads it from nowhere else (one way of reading a
    /// product in the wasm, not two).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[cfg(feature = "ssr")]
        return CompiledProduct::deserialize(deserializer).map(BrowserProduct::new);
        #[cfg(not(feature = "ssr"))]
        {
            use serde::de::Error;
            let id = <&str>::deserialize(deserializer)?;
            let json = document()
                .get_element_by_id(id)
                .and_then(|element| element.text_content())
                .filter(|json| !json.is_empty())
                .ok_or_else(|| D::Error::custom("the page's product data did not arrive"))?;
            leptos::serde_json::from_str::<CompiledProduct>(&json)
                .map(BrowserProduct::new)
                .map_err(D::Error::custom)
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// The demo's ring as the browser gets it, its name in English set to
    /// `name`.
    fn ring_named(name: &str) -> CompiledProduct {
        let mut catalog =
            engine::Catalog::from_json(include_str!("../../catalog/catalog.json")).expect("demo");
        let ring = catalog
            .products
            .iter_mut()
            .find(|p| p.id == "ring")
            .expect("a ring");
        ring.name.en = name.to_owned();
        engine::solver::compile(&catalog, "ring")
            .expect("the ring compiles")
            .for_browser()
    }

    #[test]
    fn a_prepared_product_is_sent_as_the_product_itself_and_reads_back_equal() {
        let compiled = ring_named("Ring");
        let plain = serde_json::to_string(&compiled).expect("plain");
        let prepared = BrowserProduct::new(compiled.clone()).prepared();
        assert!(prepared.json.is_some(), "its JSON is written once");
        assert_eq!(serde_json::to_string(&prepared).expect("prepared"), plain);
        assert_eq!(
            serde_json::to_string(&BrowserProduct::new(compiled.clone())).expect("new"),
            plain
        );
        let read: BrowserProduct = serde_json::from_str(&plain).expect("reads back");
        assert_eq!(read, prepared);
        assert_eq!(*read, compiled);
    }

    /// A single-quoted JavaScript string's text as JavaScript reads it
    /// (a backslash and the character after it are the only escapes a
    /// product script writes).
    fn unescape(literal: &str) -> String {
        let mut out = String::new();
        let mut chars = literal.chars();
        while let Some(c) = chars.next() {
            out.extend(if c == '\\' { chars.next() } else { Some(c) });
        }
        out
    }

    #[test]
    fn a_product_sent_apart_is_named_and_its_script_carries_it_whole() {
        // A name that would end the element, and quotes for the script's string.
        let compiled = ring_named(r#"</script><b>Ring</b> "Anna's" \ ring"#);
        let plain = serde_json::to_string(&compiled).expect("plain");
        let product = BrowserProduct::new(compiled).prepared();
        // Without a script (a draft's), the page's element carries it.
        let inline = product.clone().apart();
        assert_eq!(serde_json::to_string(&inline).unwrap(), r#""product-data""#);
        let html = inline.page_parts().to_html();
        let open = r#"<script type="application/json" id="product-data">"#;
        let json = html
            .strip_prefix(open)
            .and_then(|rest| rest.split("</script>").next())
            .expect("the element");
        assert!(plain.contains("</script>"));
        assert!(!json.contains('<'), "no text can end the element");
        assert_eq!(json.replace("\\u003c", "<"), plain);

        let product = product.with_script(7);
        let apart = product.clone().apart();
        assert_eq!(serde_json::to_string(&apart).unwrap(), r#""product-data""#);
        assert_eq!(serde_json::to_string(&product).unwrap(), plain);

        let script = product.script().expect("a script");
        let hash = script
            .path
            .strip_prefix("/data/7/")
            .and_then(|p| p.strip_suffix(".js"))
            .expect("/data/{version}/{hash}.js");
        assert_eq!(hash.len(), 20);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        let literal = script
            .body
            .strip_prefix(r#"document.getElementById("product-data").textContent='"#)
            .and_then(|rest| rest.strip_suffix("';\n"))
            .expect("the script's shape");
        assert_eq!(unescape(literal), plain);
        let quoted = ProductScript::new(7, r#"{"a":"it's \"so\" \\ there"}"#);
        let literal = &quoted.body[quoted.body.find('\'').unwrap()..];
        assert_eq!(
            literal,
            r#"'{"a":"it\'s \\"so\\" \\\\ there"}';"#.to_owned() + "\n"
        );
        assert_eq!(
            unescape(&literal[1..literal.len() - 3]),
            r#"{"a":"it's \"so\" \\ there"}"#
        );
        // Another body, another address (the same body, the same one).
        assert_ne!(ProductScript::new(7, "{}").path, script.path);
        assert_eq!(ProductScript::new(7, &plain).path, script.path);
    }
}
