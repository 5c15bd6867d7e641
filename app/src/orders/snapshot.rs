//! The order as stored: an immutable specification with every label as the
//! customer saw it, so production never has to look anything up; and the
//! order as its status page shows it.
//!
//! The stored JSON carries a schema version. Version 2 holds any number of
//! lines; version 1 (no `schema` field: orders of one configured product
//! stored before the cart) is read into the same shape, so every order ever
//! stored stays readable.

use super::customer::Customer;
use super::workflow::Status;
use crate::pages::configurator::words::{attribute_label, value_label};
use engine::delivery::Estimate;
use engine::pricing::PriceBreakdown;
use engine::solver::Evaluation;
use engine::{Lang, Minor, Product, Text, Value};
use serde::{Deserialize, Serialize};

/// The schema version new orders are stored with.
pub const SCHEMA_VERSION: u32 = 2;

/// One row of a line's specification: an attribute and the value chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpecLine {
    pub attribute: String,
    pub label: Text,
    pub value: Value,
    pub value_label: Text,
}

/// Units of one component a line consumes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentLine {
    pub component: String,
    pub name: Text,
    pub units: u64,
}

/// One configured product of an order, exactly as confirmed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product: String,
    pub product_name: Text,
    /// The configuration as a configurator link query (`engine=v8&…`).
    pub configuration: String,
    pub spec: Vec<SpecLine>,
    pub quantity: u32,
    pub price: PriceBreakdown,
    pub delivery: Estimate,
    /// The delivery estimate's reasons in words.
    pub delivery_reasons: Vec<Text>,
    /// The production line that makes it.
    pub production_line: String,
    /// The bill of materials for the whole quantity (empty for orders of
    /// schema 1, which did not store it).
    #[serde(default)]
    pub components: Vec<ComponentLine>,
}

/// Everything that was ordered, as confirmed. Never changed once stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderSnapshot {
    pub schema: u32,
    pub catalog_version: i64,
    pub lines: Vec<OrderLine>,
    pub currency: String,
    /// Gross total of all lines, VAT included.
    pub total: Minor,
    /// VAT contained in `total` (each line's VAT, computed once, summed).
    pub vat: Minor,
    pub vat_rate_bp: u32,
    /// When everything arrives: the window of the line made last.
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub earliest: jiff::civil::Date,
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub latest: jiff::civil::Date,
    pub customer: Customer,
    /// The language the customer ordered in.
    pub lang: Lang,
}

/// An order of schema 1: one configured product.
#[cfg(feature = "ssr")]
#[derive(Deserialize)]
struct SnapshotV1 {
    catalog_version: i64,
    product: String,
    product_name: Text,
    configuration: String,
    lines: Vec<SpecLine>,
    quantity: u32,
    price: PriceBreakdown,
    delivery: Estimate,
    delivery_reasons: Vec<Text>,
    customer: Customer,
    lang: Lang,
}

/// A stored snapshot that cannot be read.
#[cfg(feature = "ssr")]
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("unknown order snapshot schema {0}")]
    UnknownSchema(u64),
    #[error("order snapshot of schema {schema} is unreadable: {source}")]
    Unreadable {
        schema: u64,
        source: serde_json::Error,
    },
}

impl OrderSnapshot {
    /// Reads a stored snapshot of any schema. `production_line` is the
    /// order's production line as stored beside it (schema 1 snapshots do
    /// not name it).
    #[cfg(feature = "ssr")]
    pub fn decode(json: &str, production_line: &str) -> Result<OrderSnapshot, SnapshotError> {
        #[derive(Deserialize)]
        struct Schema {
            #[serde(default)]
            schema: Option<u64>,
        }
        let unreadable = |schema| move |source| SnapshotError::Unreadable { schema, source };
        let schema = serde_json::from_str::<Schema>(json)
            .map_err(unreadable(0))?
            .schema
            .unwrap_or(1);
        match schema {
            1 => serde_json::from_str::<SnapshotV1>(json)
                .map(|v1| v1.upgrade(production_line))
                .map_err(unreadable(1)),
            2 => serde_json::from_str(json).map_err(unreadable(2)),
            other => Err(SnapshotError::UnknownSchema(other)),
        }
    }

    /// The order's name in words: the product for one line, else the count.
    pub fn title(&self, lang: Lang) -> String {
        match self.lines.as_slice() {
            [one] => one.product_name.get(lang).to_owned(),
            lines => match lang {
                Lang::De => format!("{} Artikel", lines.len()),
                Lang::En => format!("{} items", lines.len()),
            },
        }
    }
}

#[cfg(feature = "ssr")]
impl SnapshotV1 {
    fn upgrade(self, production_line: &str) -> OrderSnapshot {
        let (earliest, latest) = (self.delivery.earliest, self.delivery.latest);
        OrderSnapshot {
            schema: 1,
            catalog_version: self.catalog_version,
            currency: self.price.currency.clone(),
            total: self.price.total,
            vat: self.price.vat,
            vat_rate_bp: self.price.vat_rate_bp,
            earliest,
            latest,
            lines: vec![OrderLine {
                product: self.product,
                product_name: self.product_name,
                configuration: self.configuration,
                spec: self.lines,
                quantity: self.quantity,
                price: self.price,
                delivery: self.delivery,
                delivery_reasons: self.delivery_reasons,
                production_line: production_line.to_owned(),
                components: Vec::new(),
            }],
            customer: self.customer,
            lang: self.lang,
        }
    }
}

/// The visible, set attributes of an evaluated configuration, in product
/// order, labelled in both languages.
pub fn spec_lines(product: &Product, evaluation: &Evaluation) -> Vec<SpecLine> {
    product
        .attributes
        .iter()
        .zip(&evaluation.attributes)
        .filter(|(_, state)| state.visible)
        .filter_map(|(attribute, _)| {
            let value = evaluation.effective.get(&attribute.id)?;
            let both = |f: &dyn Fn(Lang) -> String| Text {
                de: f(Lang::De),
                en: f(Lang::En),
            };
            Some(SpecLine {
                attribute: attribute.id.clone(),
                label: both(&|l| attribute_label(product, &attribute.id, l)),
                value: value.clone(),
                value_label: both(&|l| value_label(product, &attribute.id, value, l)),
            })
        })
        .collect()
}

/// One step an order took, at its time in the shop's time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub status: Status,
    pub at: jiff::civil::DateTime,
    /// What the shop told the customer with it: a rejection's or
    /// cancellation's reason, the carrier and tracking reference.
    #[serde(default)]
    pub detail: Option<String>,
}

/// A stored order as its status page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub number: String,
    pub status: Status,
    /// Oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The shop's time zone the timeline times are in.
    pub time_zone: String,
    pub snapshot: OrderSnapshot,
}
