//! A cart change as a browser sends it: link-like key/value pairs, so the
//! configurator's form, the cart page's forms (without JavaScript) and the
//! configurator island (with it) all send the same thing. The keys of the
//! cart start with `_` (the engine's query reader ignores them); the rest
//! is the configuration, as in a configurator link.

use crate::orders::Quantity;
use engine::query::percent_encode;

/// The key naming what to do.
pub const ACTION: &str = "_action";
/// The key naming the product (adding, saving from the configurator).
pub const PRODUCT: &str = "_product";
/// The key naming the cart line (changing one).
pub const LINE: &str = "_line";
/// The key of a whole configuration as a link query (the configurator's
/// form sends it so; its pairs may also come one by one).
pub const CONFIG: &str = "_config";
/// The quantity's key, as in a configurator link.
pub const QUANTITY: &str = "qty";

/// What a cart request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CartAction {
    /// Add the configuration (or raise its line).
    Add,
    /// Save the configuration in place of a line.
    Replace,
    /// Set a line's quantity.
    Quantity,
    /// Remove a line.
    Remove,
    /// Apply the repair the engine proposes for a line that no longer fits.
    Repair,
}

impl CartAction {
    const ALL: [CartAction; 5] = [
        CartAction::Add,
        CartAction::Replace,
        CartAction::Quantity,
        CartAction::Remove,
        CartAction::Repair,
    ];

    /// The action's value of [`ACTION`].
    pub fn name(self) -> &'static str {
        match self {
            CartAction::Add => "add",
            CartAction::Replace => "replace",
            CartAction::Quantity => "quantity",
            CartAction::Remove => "remove",
            CartAction::Repair => "repair",
        }
    }

    /// The action of a value of [`ACTION`].
    pub fn parse(name: &str) -> Option<CartAction> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// A cart request as sent: the action and the raw values it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CartRequest {
    pub action: CartAction,
    pub product: String,
    pub line: String,
    /// The quantity as typed (empty: one, when adding).
    pub quantity: String,
    /// The configuration's pairs (every key that is not the cart's).
    pub configuration: Vec<(String, String)>,
}

/// A request that is not one the shop's pages send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownAction;

impl CartRequest {
    /// Reads the pairs of a form body. The last value of a cart key wins.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<CartRequest, UnknownAction> {
        let mut action = None;
        let (mut product, mut line, mut quantity) = (String::new(), String::new(), String::new());
        let mut configuration = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                ACTION => action = Some(CartAction::parse(value.trim()).ok_or(UnknownAction)?),
                PRODUCT => product = value.trim().to_owned(),
                LINE => line = value.trim().to_owned(),
                QUANTITY => quantity = value,
                CONFIG => configuration.extend(engine::query::parse_query_string(&value)),
                "lang" => {}
                _ => configuration.push((key, value)),
            }
        }
        Ok(CartRequest {
            action: action.ok_or(UnknownAction)?,
            product,
            line,
            quantity,
            configuration,
        })
    }
}

/// The form body that adds a configuration (its canonical link query) to
/// the cart, or saves it in place of `line`.
pub fn save_body(product: &str, line: Option<&str>, configuration: &str, quantity: u32) -> String {
    let action = match line {
        Some(_) => CartAction::Replace,
        None => CartAction::Add,
    };
    let mut body = format!(
        "{ACTION}={}&{PRODUCT}={}",
        action.name(),
        percent_encode(product)
    );
    if let Some(line) = line {
        body.push_str(&format!("&{LINE}={}", percent_encode(line)));
    }
    if !configuration.is_empty() {
        body.push('&');
        body.push_str(configuration);
    }
    body.push_str(&format!("&{QUANTITY}={quantity}"));
    body
}

/// The quantity of a request: one when not given.
pub fn quantity_or_one(raw: &str) -> Result<Quantity, crate::orders::QuantityError> {
    if raw.trim().is_empty() {
        Ok(Quantity::ONE)
    } else {
        Quantity::parse(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configurators_body_reads_back_as_the_request_it_sent() {
        let body = save_body(
            "ring",
            Some("k3"),
            "metal=gold&engraving=Lina%20%26%20Tom",
            2,
        );
        let pairs = engine::query::parse_query_string(&body);
        let request = CartRequest::from_pairs(pairs).unwrap();
        assert_eq!(request.action, CartAction::Replace);
        assert_eq!(
            (request.product.as_str(), request.line.as_str()),
            ("ring", "k3")
        );
        assert_eq!(request.quantity, "2");
        assert_eq!(
            request.configuration,
            vec![
                ("metal".to_owned(), "gold".to_owned()),
                ("engraving".to_owned(), "Lina & Tom".to_owned())
            ]
        );
    }

    #[test]
    fn a_configuration_may_come_as_one_field() {
        let body = "_action=add&_product=ring&_config=metal%3Dgold%26engraving%3DLina%2520%2526%2520Tom&qty=1";
        let request = CartRequest::from_pairs(engine::query::parse_query_string(body)).unwrap();
        assert_eq!(
            request.configuration,
            vec![
                ("metal".to_owned(), "gold".to_owned()),
                ("engraving".to_owned(), "Lina & Tom".to_owned())
            ]
        );
    }

    #[test]
    fn a_request_without_a_known_action_is_refused() {
        let pairs = |s: &str| engine::query::parse_query_string(s);
        assert_eq!(
            CartRequest::from_pairs(pairs("_product=ring")),
            Err(UnknownAction)
        );
        assert_eq!(
            CartRequest::from_pairs(pairs("_action=buy")),
            Err(UnknownAction)
        );
        assert!(CartRequest::from_pairs(pairs("_action=remove&_line=a&lang=en")).is_ok());
    }
}
