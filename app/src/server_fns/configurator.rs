//! Everything the configurator needs to run in the browser: the compiled
//! product and a snapshot of production capacity and stock.

use crate::browser_product::BrowserProduct;
use crate::error::AppError;
use engine::delivery::{LineCalendar, Stock};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The configurator's data for one product, downloaded once per page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfiguratorData {
    /// The published catalog version the product comes from.
    pub catalog_version: i64,
    /// The compiled product as the browser needs it
    /// ([`engine::solver::CompiledProduct::for_browser`]).
    pub compiled: BrowserProduct,
    /// The product's production line now.
    pub line: LineCalendar,
    /// Stock of the components this product's options use.
    pub stock: Stock,
    /// Today in the shop's time zone.
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub today: jiff::civil::Date,
    /// A preview of the catalog draft for marketing: nothing can be ordered.
    #[serde(default)]
    pub preview: bool,
}

impl crate::islands::IslandPayload for ConfiguratorData {
    const ELEMENT_ID: &'static str = "configurator-data";
}

impl ConfiguratorData {
    /// The data with the product's texts in `lang` only: what a page in
    /// that language hands the browser (its language changes only with a
    /// new page load).
    pub fn in_language(mut self, lang: engine::Lang) -> Self {
        self.compiled = self.compiled.in_language(lang);
        self
    }

    /// The data as a page sends it: the product apart, by its script
    /// ([`BrowserProduct::apart`]).
    pub fn product_apart(mut self) -> Self {
        self.compiled = self.compiled.apart();
        self
    }
}

/// Loads the configurator data of `product`, its texts in `lang` only (or
/// in every language); unknown products are `NotFound`.
#[server(prefix = "/api", endpoint = "configurator")]
pub async fn load_configurator(
    product: String,
    lang: Option<engine::Lang>,
) -> Result<ConfiguratorData, AppError> {
    let catalogs = use_context::<crate::state::CatalogHandle>()
        .ok_or_else(|| AppError::internal("load_configurator", "no catalog in context"))?;
    let operations = use_context::<crate::state::SharedOperations>()
        .ok_or_else(|| AppError::internal("load_configurator", "no operations store in context"))?;
    let published = catalogs.current();
    let compiled = published
        .browser_product(&product, lang)
        .ok_or(AppError::NotFound)?;
    let snapshot = operations
        .snapshot(&compiled.product.production_line)
        .await
        .map_err(|e| AppError::internal("load_configurator: operations snapshot", e))?;
    Ok(ConfiguratorData {
        catalog_version: published.version,
        stock: snapshot.stock.used_by(&compiled.product),
        compiled,
        line: snapshot.line,
        today: snapshot.today,
        preview: false,
    })
}
