//! The catalog check: every structural problem of a catalog document, each
//! with the path of the offending field, e.g.
//! `products[car].rules[3]: option 'v12' does not exist in attribute 'engine'`.
//!
//! Paths name products, attributes, groups, tables, production lines and
//! components by id (by index when the id is empty or duplicated), and
//! options, fonts, rules, price rules, rows and tiers by index.

mod attributes;
mod ids;
mod product;
mod rule_refs;
mod tables;
mod translations;

use crate::model::{Catalog, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use ids::{id_problem, RESERVED_LINK_KEYS};
pub use translations::missing_translations;

/// One problem found in a catalog: where and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Path of the offending field, e.g. `products[ring].attributes[size].options[2].id`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Collects problems.
#[derive(Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub(crate) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }
}

/// Every structural problem of `catalog`; empty when it is valid. Missing
/// translations are warnings, see [`missing_translations`].
pub fn validate(catalog: &Catalog) -> Vec<Problem> {
    let mut out = Problems::default();
    if catalog.schema != SCHEMA_VERSION {
        out.push(
            "schema",
            format!(
                "unsupported schema version {} (this engine reads version {SCHEMA_VERSION})",
                catalog.schema
            ),
        );
    }
    let currency = &catalog.currency;
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        out.push(
            "currency",
            format!("'{currency}' is not a currency code (three capital letters such as EUR)"),
        );
    }
    if catalog.vat_rate_bp > 10_000 {
        out.push(
            "vat_rate_bp",
            format!(
                "{} basis points is more than 100 % (10000)",
                catalog.vat_rate_bp
            ),
        );
    }
    let line_ids: Vec<&str> = catalog
        .production_lines
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    ids::check_ids(
        &mut out,
        "production_lines",
        "production line",
        &line_ids,
        ids::PathKey::Id,
    );
    let component_ids: Vec<&str> = catalog.components.iter().map(|c| c.id.as_str()).collect();
    ids::check_ids(
        &mut out,
        "components",
        "component",
        &component_ids,
        ids::PathKey::Id,
    );
    let product_ids: Vec<&str> = catalog.products.iter().map(|p| p.id.as_str()).collect();
    ids::check_ids(
        &mut out,
        "products",
        "product",
        &product_ids,
        ids::PathKey::Id,
    );
    for (index, p) in catalog.products.iter().enumerate() {
        let path = format!("products[{}]", ids::key(&product_ids, index));
        product::check_product(&mut out, catalog, p, &path);
    }
    out.0
}

#[cfg(test)]
mod tests;
