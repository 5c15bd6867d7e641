//! What server functions take from context on the server: the published
//! catalog, compiled once, behind a handle the server swaps on publish.

use engine::Catalog;
use std::sync::{Arc, RwLock};

/// A published catalog version, ready to serve.
#[derive(Debug)]
pub struct PublishedCatalog {
    /// The version number customers and orders refer to.
    pub version: i64,
    pub catalog: Catalog,
}

/// Shared handle to the catalog version customers currently see.
#[derive(Clone, Debug)]
pub struct CatalogHandle(Arc<RwLock<Arc<PublishedCatalog>>>);

impl CatalogHandle {
    /// A handle serving `published`.
    pub fn new(published: PublishedCatalog) -> Self {
        Self(Arc::new(RwLock::new(Arc::new(published))))
    }

    /// The current version (cheap: clones an `Arc`).
    pub fn current(&self) -> Arc<PublishedCatalog> {
        match self.0.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Makes `published` the version customers see.
    pub fn replace(&self, published: PublishedCatalog) {
        let next = Arc::new(published);
        match self.0.write() {
            Ok(mut guard) => *guard = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }
}
