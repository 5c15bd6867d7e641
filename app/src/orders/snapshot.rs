//! The order as stored: an immutable specification with every label as the
//! customer saw it, so production never has to look anything up; and the
//! order as its status page shows it.

use super::customer::Customer;
use crate::pages::configurator::words::{attribute_label, value_label};
use engine::delivery::Estimate;
use engine::pricing::PriceBreakdown;
use engine::solver::Evaluation;
use engine::{Lang, Product, Text, Value};
use serde::{Deserialize, Serialize};

/// One line of the specification: an attribute and the value chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpecLine {
    pub attribute: String,
    pub label: Text,
    pub value: Value,
    pub value_label: Text,
}

/// Everything that was ordered, as confirmed. Never changed once stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderSnapshot {
    pub catalog_version: i64,
    pub product: String,
    pub product_name: Text,
    /// The configuration as a configurator link query (`engine=v8&…`).
    pub configuration: String,
    pub lines: Vec<SpecLine>,
    pub quantity: u32,
    pub price: PriceBreakdown,
    pub delivery: Estimate,
    /// The delivery estimate's reasons in words.
    pub delivery_reasons: Vec<Text>,
    pub customer: Customer,
    /// The language the customer ordered in.
    pub lang: Lang,
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

/// Where an order is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    InProduction,
    Shipped,
    Delivered,
    Cancelled,
}

impl Status {
    /// The regular path of an order, in order.
    pub const PATH: [Status; 4] = [
        Status::Received,
        Status::InProduction,
        Status::Shipped,
        Status::Delivered,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InProduction => "in_production",
            Status::Shipped => "shipped",
            Status::Delivered => "delivered",
            Status::Cancelled => "cancelled",
        }
    }

    /// The status of a stored name.
    pub fn parse(name: &str) -> Option<Status> {
        [Status::Cancelled]
            .into_iter()
            .chain(Status::PATH)
            .find(|s| s.as_str() == name)
    }

    /// The status in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Received, Lang::De) => "Bestellung eingegangen",
            (Status::Received, Lang::En) => "Order received",
            (Status::InProduction, Lang::De) => "In Fertigung",
            (Status::InProduction, Lang::En) => "In production",
            (Status::Shipped, Lang::De) => "Versandt",
            (Status::Shipped, Lang::En) => "Shipped",
            (Status::Delivered, Lang::De) => "Zugestellt",
            (Status::Delivered, Lang::En) => "Delivered",
            (Status::Cancelled, Lang::De) => "Storniert",
            (Status::Cancelled, Lang::En) => "Cancelled",
        }
    }
}

/// One step an order took, at its time in the shop's time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub status: Status,
    pub at: jiff::civil::DateTime,
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
