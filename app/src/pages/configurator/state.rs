//! The configurator's state: everything on the page follows from the link
//! (the customer's choices) and the downloaded [`ConfiguratorData`], through
//! the engine. The same function runs on the server and in the browser.

use crate::server_fns::configurator::ConfiguratorData;
use engine::delivery::{DeliveryError, Estimate};
use engine::pricing::{PriceBreakdown, PriceError};
use engine::query::Notice;
use engine::solver::{Evaluation, Reason, Repair};
use engine::Selection;

/// Largest quantity one order can have.
pub const MAX_QUANTITY: u32 = 99;

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
}

/// Runs the engine on the link's key/value pairs.
pub fn configure(data: &ConfiguratorData, pairs: &[(String, String)]) -> Configured {
    let compiled = &data.compiled;
    let product = &compiled.product;
    let (parsed, notices) = engine::query::parse(product, pairs);
    let (quantity, bad_quantity) = quantity_of(pairs);
    // The query parser only returns known ids, so the solver accepts it.
    // (No `expect`: it would bring the error's Debug text to the browser.)
    let evaluation = match compiled.evaluate(&parsed) {
        Ok(evaluation) => evaluation,
        Err(_) => match compiled.evaluate(&Selection::new()) {
            Ok(evaluation) => evaluation,
            Err(_) => unreachable!("the empty selection is always readable"),
        },
    };
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
    }
}

/// The quantity in the link (`qty`), 1 when absent or invalid.
fn quantity_of(pairs: &[(String, String)]) -> (u32, bool) {
    match pairs.iter().rev().find(|(k, _)| k == "qty") {
        None => (1, false),
        Some((_, v)) => match v.trim().parse::<u32>() {
            Ok(q) if (1..=MAX_QUANTITY).contains(&q) => (q, false),
            _ => (1, true),
        },
    }
}

/// The link of a configuration.
pub fn link(product: &engine::Product, selection: &Selection, quantity: u32) -> String {
    let mut query = engine::query::to_query_string(product, selection);
    if quantity != 1 {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&format!("qty={quantity}"));
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
