//! The configurator's state: everything on the page follows from the link
//! (the customer's choices) and the downloaded [`ConfiguratorData`], through
//! the engine. The same function runs on the server and in the browser.

use crate::orders::line::LineCheck;
use crate::orders::Quantity;
use crate::server_fns::configurator::ConfiguratorData;
use engine::delivery::{DeliveryError, Estimate};
use engine::pricing::{PriceBreakdown, PriceError};
use engine::query::Notice;
use engine::solver::{Evaluation, Reason, Repair};
use engine::Selection;

/// The configurator after the customer's choices.
#[derive(Clone, Debug, PartialEq)]
pub struct Configured {
    /// The customer's choices (repaired when the link did not fit).
    pub selection: Selection,
    /// What was wrong with the link, in the customer's words later.
    pub notices: Vec<Notice>,
    /// The choices the link had that could not be kept together.
    pub repair: Option<Repair>,
    pub evaluation: Evaluation,
    /// Why each impossible value is impossible.
    pub reasons: Vec<Reason>,
    pub quantity: u32,
    /// The quantity in the link was not a whole number from 1 to 99.
    pub bad_quantity: bool,
    pub price: Result<PriceBreakdown, PriceError>,
    pub estimate: Result<Estimate, DeliveryError>,
    /// The cart line this configuration is saved into (`_line` in the link),
    /// when the customer came from the cart to change it.
    pub cart_line: Option<String>,
}

/// Runs the engine on the link's key/value pairs.
pub fn configure(data: &ConfiguratorData, pairs: &[(String, String)]) -> Configured {
    let compiled = &data.compiled;
    let product = &compiled.product;
    let LineCheck {
        parsed,
        notices,
        evaluation,
    } = LineCheck::of_pairs(compiled, pairs);
    let (quantity, bad_quantity) = quantity_of(pairs);
    let repair = evaluation.repair.clone();
    let selection = repair
        .as_ref()
        .and_then(|r| r.selection.clone())
        .unwrap_or(parsed);
    let reasons = compiled.reasons(&selection).unwrap_or_default();
    let price = compiled.price(&evaluation.effective, quantity);
    let estimate = engine::delivery::estimate(
        product,
        &evaluation.effective,
        quantity,
        &data.line,
        &data.stock,
        data.today,
    );
    let cart_line = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == crate::cart::request::LINE)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty());
    Configured {
        selection,
        notices,
        repair,
        evaluation,
        reasons,
        quantity,
        bad_quantity,
        price,
        estimate,
        cart_line,
    }
}

/// The quantity in the link (`qty`), 1 when absent or invalid.
fn quantity_of(pairs: &[(String, String)]) -> (u32, bool) {
    match pairs.iter().rev().find(|(k, _)| k == "qty") {
        None => (1, false),
        Some((_, v)) => match Quantity::parse(v) {
            Ok(q) => (q.get(), false),
            Err(_) => (1, true),
        },
    }
}

/// The link of a configuration.
pub fn link(product: &engine::Product, selection: &Selection, quantity: u32) -> String {
    link_for_line(product, selection, quantity, None)
}

/// The link of a configuration that is saved into cart line `line`.
pub fn link_for_line(
    product: &engine::Product,
    selection: &Selection,
    quantity: u32,
    line: Option<&str>,
) -> String {
    let mut query = engine::query::to_query_string(product, selection);
    let mut add = |pair: String| {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&pair);
    };
    if quantity != 1 {
        add(format!("qty={quantity}"));
    }
    if let Some(line) = line {
        add(format!(
            "{}={}",
            crate::cart::request::LINE,
            engine::query::percent_encode(line)
        ));
    }
    if query.is_empty() {
        format!("/p/{}", product.id)
    } else {
        format!("/p/{}?{query}", product.id)
    }
}

/// The checkout link of a configuration.
pub fn checkout_link(product: &engine::Product, selection: &Selection, quantity: u32) -> String {
    let link = link(product, selection, quantity);
    match link.split_once('?') {
        Some((path, query)) => format!("{path}/checkout?{query}"),
        None => format!("{link}/checkout"),
    }
}
