//! The cart: configured products the customer collects before ordering
//! them together. A line is a product, its configuration as a link query
//! and a quantity; the cart holds links, never figures, so every showing
//! evaluates it again ([`view`]). The rules of changing a cart live here,
//! pure; the server stores carts under an opaque cookie and applies
//! [`apply`] inside its transaction.

#[cfg(feature = "ssr")]
pub mod cookie;
pub mod request;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

pub use request::{CartAction, CartRequest};
pub use view::{CartLineView, CartView, LineIssue, RepairOffer};

use crate::orders::{Quantity, QuantityError};
use serde::{Deserialize, Serialize};

/// Most lines a cart holds.
pub const MAX_LINES: usize = 20;
/// The cookie holding the cart's secret.
pub const COOKIE: &str = "atelier_cart";
/// Days a cart lives without being used.
pub const LIFETIME_DAYS: i64 = 30;

/// One line as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// Short random id, stable while the line exists (forms name it).
    pub id: String,
    pub product: String,
    /// The configuration as a canonical link query (`metal=gold&size=56`).
    pub configuration: String,
    pub quantity: Quantity,
}

/// A stored cart: its lines in the order they were added, and a revision
/// that every change raises (a checkout names the revision it showed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCart {
    pub revision: i64,
    pub lines: Vec<CartLine>,
}

impl StoredCart {
    /// Pieces in the cart (what the header's count shows).
    pub fn items(&self) -> u32 {
        self.lines.iter().map(|l| l.quantity.get()).sum()
    }
}

/// A cart form posted without JavaScript and what it got, when the server
/// renders the cart page as its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartPosted {
    pub message: engine::Text,
    pub ok: bool,
}

/// The answer to a cart request that is not one the shop's pages send.
pub fn unreadable_request() -> engine::Text {
    engine::Text {
        de: "Diese Anfrage an den Warenkorb konnten wir nicht lesen; geändert wurde nichts.".into(),
        en: "We could not read this request to the cart; nothing was changed.".into(),
    }
}

/// The answer when the cart could not be changed (the database did not answer).
pub fn change_failed() -> engine::Text {
    engine::Text {
        de:
            "Der Warenkorb konnte gerade nicht geändert werden. Bitte versuchen Sie es noch einmal."
                .into(),
        en: "The cart could not be changed just now. Please try again.".into(),
    }
}

/// A change to a cart, with configurations already checked against the
/// published catalog (see [`service`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartChange {
    /// Adds a configuration; the very same one again raises its quantity.
    Add {
        product: String,
        configuration: String,
        quantity: Quantity,
    },
    /// Saves a line changed in the configurator in place of `line`.
    Replace {
        line: String,
        product: String,
        configuration: String,
        quantity: Quantity,
    },
    SetQuantity {
        line: String,
        quantity: Quantity,
    },
    Remove {
        line: String,
    },
}

/// Why a change was not made; nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CartProblem {
    /// The cart already has [`MAX_LINES`] lines.
    Full,
    /// The line is not (or no longer) in the cart.
    UnknownLine,
    /// The resulting quantity of a line is more than `max`.
    TooMany { max: u32 },
}

/// Applies `change` to `cart`: the id of the line it added or changed
/// (`None` for a removal), or why not, with `cart` unchanged. `max_quantity`
/// gives the most pieces a line of a product may have; `new_id` names a new
/// line.
pub fn apply(
    cart: &mut StoredCart,
    change: CartChange,
    max_quantity: impl Fn(&str) -> u32,
    new_id: impl FnOnce() -> String,
) -> Result<Option<String>, CartProblem> {
    let lines = &mut cart.lines;
    let position = |lines: &[CartLine], id: &str| {
        lines
            .iter()
            .position(|l| l.id == id)
            .ok_or(CartProblem::UnknownLine)
    };
    let same = |lines: &[CartLine], product: &str, configuration: &str| {
        lines
            .iter()
            .position(|l| l.product == product && l.configuration == configuration)
    };
    let bounded = |product: &str, quantity: Result<Quantity, QuantityError>| {
        let max = max_quantity(product).min(Quantity::MAX);
        match quantity {
            Ok(q) if q.get() <= max => Ok(q),
            _ => Err(CartProblem::TooMany { max }),
        }
    };
    let touched = match change {
        CartChange::Add {
            product,
            configuration,
            quantity,
        } => match same(lines, &product, &configuration) {
            Some(at) => {
                lines[at].quantity = bounded(&product, lines[at].quantity.plus(quantity))?;
                lines[at].id.clone()
            }
            None if lines.len() >= MAX_LINES => return Err(CartProblem::Full),
            None => {
                let quantity = bounded(&product, Ok(quantity))?;
                let id = new_id();
                lines.push(CartLine {
                    id: id.clone(),
                    product,
                    configuration,
                    quantity,
                });
                id
            }
        },
        CartChange::Replace {
            line,
            product,
            configuration,
            quantity,
        } => {
            let at = position(lines, &line)?;
            match same(lines, &product, &configuration) {
                // Saved as a configuration already in the cart: one line.
                Some(other) if other != at => {
                    lines[other].quantity =
                        bounded(&product, lines[other].quantity.plus(quantity))?;
                    let id = lines[other].id.clone();
                    lines.remove(at);
                    id
                }
                _ => {
                    let quantity = bounded(&product, Ok(quantity))?;
                    let edited = &mut lines[at];
                    edited.product = product;
                    edited.configuration = configuration;
                    edited.quantity = quantity;
                    line
                }
            }
        }
        CartChange::SetQuantity { line, quantity } => {
            let at = position(lines, &line)?;
            lines[at].quantity = bounded(&lines[at].product, Ok(quantity))?;
            line
        }
        CartChange::Remove { line } => {
            let at = position(lines, &line)?;
            lines.remove(at);
            cart.revision += 1;
            return Ok(None);
        }
    };
    cart.revision += 1;
    Ok(Some(touched))
}

impl CartProblem {
    /// The problem in words, in both languages.
    pub fn message(&self) -> engine::Text {
        let (de, en) = match self {
            CartProblem::Full => (
                format!("Ihr Warenkorb fasst höchstens {MAX_LINES} verschiedene Artikel. Bitte bestellen oder entfernen Sie zuerst welche."),
                format!("Your cart holds at most {MAX_LINES} different items. Please order or remove some first."),
            ),
            CartProblem::UnknownLine => (
                "Dieser Artikel ist nicht mehr in Ihrem Warenkorb.".to_owned(),
                "This item is no longer in your cart.".to_owned(),
            ),
            CartProblem::TooMany { max } => (
                format!("Von einem Artikel bestellen Sie online bis zu {max} Stück; für größere Mengen sprechen Sie uns bitte an."),
                format!("Online you can order up to {max} pieces of one item; for larger quantities please contact us."),
            ),
        };
        engine::Text { de, en }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: u32) -> Quantity {
        Quantity::new(n).unwrap()
    }

    fn add(product: &str, configuration: &str, n: u32) -> CartChange {
        CartChange::Add {
            product: product.into(),
            configuration: configuration.into(),
            quantity: q(n),
        }
    }

    fn run(cart: &mut StoredCart, change: CartChange) -> Result<Option<String>, CartProblem> {
        let next = format!("l{}", cart.lines.len() + 1);
        apply(cart, change, |p| if p == "car" { 4 } else { 99 }, || next)
    }

    fn summary(cart: &StoredCart) -> Vec<(String, String, u32)> {
        cart.lines
            .iter()
            .map(|l| (l.id.clone(), l.configuration.clone(), l.quantity.get()))
            .collect()
    }

    #[test]
    fn the_same_configuration_raises_its_line_and_any_difference_is_a_new_line() {
        let mut cart = StoredCart::default();
        run(&mut cart, add("shirt", "monogram=AB", 1)).unwrap();
        run(&mut cart, add("shirt", "monogram=AC", 1)).unwrap();
        assert_eq!(
            run(&mut cart, add("shirt", "monogram=AB", 2)),
            Ok(Some("l1".into()))
        );
        assert_eq!(
            summary(&cart),
            vec![
                ("l1".into(), "monogram=AB".into(), 3),
                ("l2".into(), "monogram=AC".into(), 1)
            ]
        );
        assert_eq!(cart.revision, 3);
        assert_eq!(cart.items(), 4);
    }

    #[test]
    fn limits_refuse_the_change_and_leave_the_cart_as_it_was() {
        let mut cart = StoredCart::default();
        for i in 0..MAX_LINES {
            run(&mut cart, add("ring", &format!("engraving=N{i}"), 1)).unwrap();
        }
        let before = cart.clone();
        assert_eq!(
            run(&mut cart, add("ring", "engraving=X", 1)),
            Err(CartProblem::Full)
        );
        // Raising an existing line is still possible when full.
        assert!(run(&mut cart, add("ring", "engraving=N0", 1)).is_ok());
        let before_max = cart.clone();
        assert_eq!(
            run(&mut cart, add("ring", "engraving=N0", 98)),
            Err(CartProblem::TooMany { max: 99 })
        );
        assert_eq!(cart, before_max);
        assert_ne!(cart, before);

        let mut cars = StoredCart::default();
        assert_eq!(
            run(&mut cars, add("car", "paint=red", 5)),
            Err(CartProblem::TooMany { max: 4 })
        );
        assert!(cars.lines.is_empty() && cars.revision == 0);
    }

    #[test]
    fn replacing_a_line_keeps_its_place_or_joins_an_equal_line() {
        let mut cart = StoredCart::default();
        run(&mut cart, add("ring", "size=54", 1)).unwrap();
        run(&mut cart, add("ring", "size=56", 2)).unwrap();
        run(&mut cart, add("shirt", "size=l", 1)).unwrap();
        let edit = |line: &str, configuration: &str, n| CartChange::Replace {
            line: line.into(),
            product: "ring".into(),
            configuration: configuration.into(),
            quantity: q(n),
        };
        assert_eq!(
            run(&mut cart, edit("l1", "size=55", 1)),
            Ok(Some("l1".into()))
        );
        assert_eq!(summary(&cart)[0], ("l1".into(), "size=55".into(), 1));
        // Saved as the configuration of l2: the two become one line.
        assert_eq!(
            run(&mut cart, edit("l1", "size=56", 1)),
            Ok(Some("l2".into()))
        );
        assert_eq!(
            summary(&cart),
            vec![
                ("l2".into(), "size=56".into(), 3),
                ("l3".into(), "size=l".into(), 1)
            ]
        );
        assert_eq!(
            run(&mut cart, edit("gone", "size=50", 1)),
            Err(CartProblem::UnknownLine)
        );
    }

    #[test]
    fn quantities_are_set_and_lines_removed_by_id() {
        let mut cart = StoredCart::default();
        run(&mut cart, add("car", "paint=red", 1)).unwrap();
        let set = |line: &str, n| CartChange::SetQuantity {
            line: line.into(),
            quantity: q(n),
        };
        assert_eq!(run(&mut cart, set("l1", 4)), Ok(Some("l1".into())));
        assert_eq!(
            run(&mut cart, set("l1", 5)),
            Err(CartProblem::TooMany { max: 4 })
        );
        assert_eq!(cart.lines[0].quantity.get(), 4);
        assert_eq!(
            run(&mut cart, CartChange::Remove { line: "l9".into() }),
            Err(CartProblem::UnknownLine)
        );
        assert_eq!(
            run(&mut cart, CartChange::Remove { line: "l1".into() }),
            Ok(None)
        );
        assert!(cart.lines.is_empty());
        assert_eq!(cart.revision, 3);
    }
}
