//! A compiled product as the browser receives it, shared rather than
//! copied: the server keeps one per catalog version and language, with its
//! JSON written once, so a page render neither copies nor re-serialises the
//! product (a fifth of a configurator page's work before).

use engine::solver::CompiledProduct;
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
}

impl BrowserProduct {
    /// The product as it is, serialised whenever it is sent.
    pub fn new(compiled: CompiledProduct) -> Self {
        BrowserProduct {
            compiled: Arc::new(compiled),
            #[cfg(feature = "ssr")]
            json: None,
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
        if let Some(json) = &self.json {
            return json.serialize(serializer);
        }
        self.compiled.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for BrowserProduct {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        CompiledProduct::deserialize(deserializer).map(BrowserProduct::new)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_prepared_product_is_sent_as_the_product_itself_and_reads_back_equal() {
        let catalog =
            engine::Catalog::from_json(include_str!("../../catalog/catalog.json")).expect("demo");
        let compiled = engine::solver::compile(&catalog, "ring")
            .expect("the ring compiles")
            .for_browser();
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
}
