//! Ordering as the app and the server share it: the checkout form as sent,
//! what placing an order answers, and a stored order as the customer sees it.

pub mod countries;
pub mod customer;
pub mod snapshot;

pub use snapshot::{OrderSnapshot, OrderView, SpecLine, Status, TimelineEntry};

use engine::Text;
use serde::{Deserialize, Serialize};

/// The checkout form exactly as the browser sends it (with or without
/// JavaScript): every field a string, so bad input becomes a message on its
/// field instead of a decoding failure.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckoutForm {
    pub product: String,
    /// The configuration as in the configurator's link (`engine=v8&paint=red`).
    pub config: String,
    pub quantity: String,
    /// What the customer saw: the catalog version, the total and the window.
    pub catalog_version: String,
    pub seen_total: String,
    pub seen_earliest: String,
    pub seen_latest: String,
    /// One key per checkout page: a repeated submission returns the same order.
    pub key: String,
    pub lang: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    /// The terms checkbox: present (any value) when ticked.
    pub terms: Option<String>,
}

/// A form field a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Configuration,
    Quantity,
    Name,
    Email,
    Phone,
    Street,
    PostalCode,
    City,
    Country,
    Terms,
    /// The form as a whole (a missing or reused checkout key).
    Form,
}

impl Field {
    /// The `name` of the field's input element.
    pub fn input_name(self) -> &'static str {
        match self {
            Field::Configuration => "config",
            Field::Quantity => "quantity",
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Street => "street",
            Field::PostalCode => "postal_code",
            Field::City => "city",
            Field::Country => "country",
            Field::Terms => "terms",
            Field::Form => "form",
        }
    }
}

/// Something wrong with the submitted form, in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub field: Field,
    pub message: Text,
}

impl Problem {
    /// A problem on `field` with its German and English message.
    pub fn new(field: Field, de: impl Into<String>, en: impl Into<String>) -> Self {
        Problem {
            field,
            message: Text {
                de: de.into(),
                en: en.into(),
            },
        }
    }
}

/// The figures the server computed when they differ from what the customer saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    pub catalog_version: i64,
    pub total: i64,
    pub currency: String,
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub earliest: jiff::civil::Date,
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub latest: jiff::civil::Date,
    pub catalog_changed: bool,
    pub price_changed: bool,
    pub window_changed: bool,
}

/// What placing an order answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PlaceOutcome {
    /// The order is stored (now, or by an earlier submission of the same key).
    Placed { number: String, token: String },
    /// Nothing was stored: the form has problems.
    Invalid { problems: Vec<Problem> },
    /// Nothing was stored: price, window or catalog changed; ask again.
    Changed(Changed),
}

/// The link of an order's status page.
pub fn status_link(token: &str) -> String {
    format!("/orders/{token}")
}

/// A checkout form posted without JavaScript and what placing it answered;
/// the server puts it into context when it renders the checkout page again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submitted {
    pub form: CheckoutForm,
    /// `None` when the order could not be placed at all (the database did
    /// not answer): the page asks to send the same form again, which the
    /// checkout key makes safe.
    pub outcome: Option<PlaceOutcome>,
}
