//! A customer's (partial) choices for one product.

use crate::model::Milli;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The value the customer gave one attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// Option id of a choice attribute.
    Choice(String),
    /// Option ids of a multi-choice attribute.
    Multi(BTreeSet<String>),
    /// Text (NFC-normalised, validated) and font id of a text attribute.
    Text { text: String, font: String },
    /// A measurement.
    Number(Milli),
}

/// Attribute id to value; attributes the customer has not decided are absent.
/// Keys are ordered, so equal selections serialise identically.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Selection(pub BTreeMap<String, Value>);

impl Selection {
    /// An empty selection.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of an attribute, if decided.
    pub fn get(&self, attribute: &str) -> Option<&Value> {
        self.0.get(attribute)
    }

    /// Sets (or replaces) an attribute's value.
    pub fn set(&mut self, attribute: impl Into<String>, value: Value) {
        self.0.insert(attribute.into(), value);
    }

    /// Removes an attribute's value.
    pub fn unset(&mut self, attribute: &str) {
        self.0.remove(attribute);
    }
}
