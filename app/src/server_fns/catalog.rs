//! Reading the published catalog.

use crate::error::AppError;
use engine::{Minor, Text};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the home page shows of a product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: String,
    pub name: Text,
    pub description: Text,
    /// The lowest unit price of any configuration (gross, minor units).
    pub from_price: Minor,
    pub currency: String,
    /// Typical working days from order to delivery.
    pub typical_days: u32,
    /// The product's preview in its default configuration, as SVG markup
    /// rendered on the server.
    pub preview_svg: String,
}

/// The products of the published catalog, in catalog order.
#[server(prefix = "/api", endpoint = "products")]
pub async fn list_products() -> Result<Vec<ProductCard>, AppError> {
    let handle = use_context::<crate::state::CatalogHandle>()
        .ok_or_else(|| AppError::internal("list_products", "no catalog in context"))?;
    let published = handle.current();
    let catalog = &published.catalog;
    Ok(catalog
        .products
        .iter()
        .map(|p| ProductCard {
            id: p.id.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            from_price: engine::pricing::from_price(p, catalog.vat_rate_bp),
            currency: catalog.currency.clone(),
            typical_days: p.base_days + p.shipping_days,
            preview_svg: published
                .previews
                .get_or_init(|| default_previews(&published))
                .get(&p.id)
                .cloned()
                .unwrap_or_default(),
        })
        .collect())
}

/// Every product's preview in its default configuration, as markup.
#[cfg(feature = "ssr")]
fn default_previews(
    published: &crate::state::PublishedCatalog,
) -> std::collections::BTreeMap<String, String> {
    use crate::components::preview::ProductPreview;
    published
        .compiled
        .iter()
        .map(|(id, compiled)| {
            let selection = compiled
                .evaluate(&engine::Selection::new())
                .map(|e| e.effective)
                .unwrap_or_default();
            let product = std::sync::Arc::new(compiled.product.clone());
            let svg =
                view! { <ProductPreview product selection=Signal::stored(selection) /> }.to_html();
            (id.clone(), svg)
        })
        .collect()
}
