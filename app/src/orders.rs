//! The rules of ordering, in one place that pages and the server both call:
//! the checkout form as sent and the names of its fields, quantities and
//! customer data parsed into types, one configured line checked, several
//! lines quoted together, what placing an order answers, and the order as
//! stored.

#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod checkout_key;
pub mod countries;
pub mod customer;
pub mod line;
pub mod quantity;
#[cfg(feature = "ssr")]
pub mod quote;
pub mod snapshot;
pub mod workflow;

pub use quantity::{Quantity, QuantityError};
pub use snapshot::{OrderLine, OrderSnapshot, OrderView, SpecLine, TimelineEntry};
pub use workflow::{Action, ActionKind, Status};

use engine::Text;
use serde::{Deserialize, Serialize};

/// The checkout form exactly as the browser sends it (with or without
/// JavaScript): every field a string, so bad input becomes a message on its
/// field instead of a decoding failure. Its field names are [`Field`]'s and
/// [`Hidden`]'s `name()`s (a test keeps them the same).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckoutForm {
    /// An order straight from the configurator: the product, its
    /// configuration as in the configurator's link (`engine=v8&paint=red`)
    /// and the quantity. Empty when the cart is ordered.
    pub product: String,
    pub config: String,
    pub quantity: String,
    /// When the customer's cart is ordered: the cart's revision the page
    /// showed (its lines are read on the server, from the cart the cookie
    /// names). Empty for an order straight from the configurator.
    pub cart: String,
    /// What the customer saw: the catalog version, the total, the window,
    /// and for a cart every line's figures ([`quote::Quote::figures_seen`]).
    pub catalog_version: String,
    pub seen_total: String,
    pub seen_earliest: String,
    pub seen_latest: String,
    pub seen_lines: String,
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

impl CheckoutForm {
    /// The form as the browser posts it: each field's name and value (the
    /// terms only when ticked).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut copy = self.clone();
        let mut pairs: Vec<(&'static str, String)> = copy
            .text_fields_mut()
            .into_iter()
            .map(|(name, value)| (name, std::mem::take(value)))
            .collect();
        if let Some(terms) = &self.terms {
            pairs.push((Field::Terms.input_name(), terms.clone()));
        }
        pairs
    }

    /// Every text field with its input name (all but the terms checkbox):
    /// the one list that posting and reading the form go by. Destructured
    /// whole, so a field added to the form cannot be left out of it.
    pub fn text_fields_mut(&mut self) -> [(&'static str, &mut String); 18] {
        let CheckoutForm {
            product,
            config,
            quantity,
            cart,
            catalog_version,
            seen_total,
            seen_earliest,
            seen_latest,
            seen_lines,
            key,
            lang,
            name,
            email,
            phone,
            street,
            postal_code,
            city,
            country,
            terms: _,
        } = self;
        [
            (Hidden::Product.name(), product),
            (Field::Configuration.input_name(), config),
            (Field::Quantity.input_name(), quantity),
            (Hidden::Cart.name(), cart),
            (Hidden::CatalogVersion.name(), catalog_version),
            (Hidden::SeenTotal.name(), seen_total),
            (Hidden::SeenEarliest.name(), seen_earliest),
            (Hidden::SeenLatest.name(), seen_latest),
            (Hidden::SeenLines.name(), seen_lines),
            (Hidden::Key.name(), key),
            (Hidden::Lang.name(), lang),
            (Field::Name.input_name(), name),
            (Field::Email.input_name(), email),
            (Field::Phone.input_name(), phone),
            (Field::Street.input_name(), street),
            (Field::PostalCode.input_name(), postal_code),
            (Field::City.input_name(), city),
            (Field::Country.input_name(), country),
        ]
    }

    /// The form confirming `figures`, the new ones a "changed" answer
    /// showed: sent again, it orders at them.
    pub fn confirm_figures(&mut self, figures: &Changed) {
        self.catalog_version = figures.catalog_version.to_string();
        self.seen_total = figures.total.to_string();
        self.seen_earliest = figures.earliest.to_string();
        self.seen_latest = figures.latest.to_string();
        self.seen_lines = figures.figures_seen.clone();
    }

    /// Whether this form orders the cart rather than one configuration.
    pub fn orders_cart(&self) -> bool {
        !self.cart.trim().is_empty()
    }

    /// The cart revision the checkout page showed, if it names one.
    pub fn cart_revision(&self) -> Option<i64> {
        self.cart.trim().parse().ok()
    }
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

/// The checkout form's hidden fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hidden {
    Product,
    Cart,
    CatalogVersion,
    SeenTotal,
    SeenEarliest,
    SeenLatest,
    SeenLines,
    Key,
    Lang,
}

impl Hidden {
    pub const ALL: [Hidden; 9] = [
        Hidden::Product,
        Hidden::Cart,
        Hidden::CatalogVersion,
        Hidden::SeenTotal,
        Hidden::SeenEarliest,
        Hidden::SeenLatest,
        Hidden::SeenLines,
        Hidden::Key,
        Hidden::Lang,
    ];

    /// The `name` of the hidden input.
    pub fn name(self) -> &'static str {
        match self {
            Hidden::Product => "product",
            Hidden::Cart => "cart",
            Hidden::CatalogVersion => "catalog_version",
            Hidden::SeenTotal => "seen_total",
            Hidden::SeenEarliest => "seen_earliest",
            Hidden::SeenLatest => "seen_latest",
            Hidden::SeenLines => "seen_lines",
            Hidden::Key => "key",
            Hidden::Lang => "lang",
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
    /// The VAT in `total`.
    pub vat: i64,
    pub currency: String,
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub earliest: jiff::civil::Date,
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub latest: jiff::civil::Date,
    /// Every line's figures as the checkout sends them back to confirm.
    pub figures_seen: String,
    /// Every line's new figures (shown when the order has several lines).
    pub lines: Vec<ChangedLine>,
    pub catalog_changed: bool,
    pub price_changed: bool,
    pub window_changed: bool,
}

/// One line's figures in a [`Changed`] answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedLine {
    pub name: Text,
    pub quantity: u32,
    pub total: i64,
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub earliest: jiff::civil::Date,
    #[serde(deserialize_with = "engine::delivery::iso_date::date")]
    pub latest: jiff::civil::Date,
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
    /// Nothing was stored: the shop's limit on orders per hour from this
    /// client or e-mail address is reached.
    Limited(Problem),
}

impl PlaceOutcome {
    /// Whether the checkout key itself was refused (used for a different
    /// order): the page needs a new one.
    pub fn refuses_key(&self) -> bool {
        matches!(self, PlaceOutcome::Invalid { problems }
            if problems.iter().any(|p| p.field == Field::Form))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_fields_are_the_names_the_pages_use() {
        let form = serde_json::to_value(CheckoutForm::default()).unwrap();
        let mut sent: Vec<&str> = form
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = Hidden::ALL.iter().map(|h| h.name()).collect();
        declared.extend(
            [
                Field::Configuration,
                Field::Quantity,
                Field::Name,
                Field::Email,
                Field::Phone,
                Field::Street,
                Field::PostalCode,
                Field::City,
                Field::Country,
                Field::Terms,
            ]
            .map(Field::input_name),
        );
        sent.sort_unstable();
        declared.sort_unstable();
        assert_eq!(sent, declared);
    }

    #[test]
    fn pairs_post_back_as_the_same_form() {
        let form = CheckoutForm {
            product: "ring".into(),
            config: "metal=silver&engraving=A%20%26%20B".into(),
            quantity: "2".into(),
            key: "k".into(),
            name: "Lina & Tom".into(),
            terms: Some("on".into()),
            ..CheckoutForm::default()
        };
        let mut names: Vec<&str> = form.pairs().iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), form.pairs().len(), "each field once");
        let posted: CheckoutForm = serde_json::from_value(serde_json::Value::Object(
            form.pairs()
                .into_iter()
                .map(|(n, v)| (n.to_owned(), serde_json::Value::String(v)))
                .collect(),
        ))
        .unwrap();
        assert_eq!(posted, form);
        let unticked = CheckoutForm::default();
        assert!(unticked.pairs().iter().all(|(n, _)| *n != "terms"));
    }
}
