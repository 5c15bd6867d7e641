//! Serving cart requests on the server: configurations checked strictly
//! against the published catalog before they enter a cart, quantities
//! bounded by what production makes in a day, repairs computed here (never
//! taken from the browser), and the cart page's data. The server functions
//! and the forms posted without JavaScript both come through here.

use super::request::{quantity_or_one, CartAction, CartRequest};
use super::{CartChange, CartProblem, CartView, StoredCart};
use crate::orders::line::{both, LineCheck};
use crate::state::{CartChanged, CatalogHandle, SharedCarts, SharedOperations};
use engine::Text;
use std::collections::BTreeMap;

/// What the cart needs on the server.
#[derive(Clone)]
pub struct CartContext {
    pub catalog: CatalogHandle,
    pub carts: SharedCarts,
    pub operations: SharedOperations,
}

/// What a cart request answers.
#[derive(Clone, Debug)]
pub struct CartAnswer {
    /// The cart's secret, for the cookie (a new cart's after its first line).
    pub secret: Option<String>,
    /// The line added or changed, or `None`; `Err` when nothing changed.
    pub result: Result<Option<String>, Text>,
    /// What happened, in words.
    pub message: Text,
    /// Pieces in the cart now.
    pub items: u32,
    /// The action asked for.
    pub action: CartAction,
}

impl CartContext {
    /// Takes what the cart needs from the server's context.
    pub fn from_context() -> Option<CartContext> {
        use leptos::prelude::use_context;
        Some(CartContext {
            catalog: use_context()?,
            carts: use_context()?,
            operations: use_context()?,
        })
    }

    /// The cart behind `secret`, if there is one.
    pub async fn cart(&self, secret: Option<&str>) -> Result<Option<StoredCart>, String> {
        match secret {
            Some(secret) => self.carts.load(secret).await,
            None => Ok(None),
        }
    }

    /// The cart page's data for the cart behind `secret` (empty without one).
    pub async fn view(&self, secret: Option<&str>) -> Result<CartView, String> {
        let cart = self.cart(secret).await?.unwrap_or_default();
        let published = self.catalog.current();
        let mut lines: Vec<String> = cart
            .lines
            .iter()
            .filter_map(|l| published.compiled.get(&l.product))
            .map(|c| c.product.production_line.clone())
            .collect();
        lines.sort_unstable();
        lines.dedup();
        let plan = self.operations.plan(&lines).await?;
        Ok(super::view::build(&published, &cart, plan))
    }

    /// Serves `request` for the cart behind `secret`. `Err` is an internal
    /// failure (nothing changed).
    pub async fn serve(
        &self,
        secret: Option<&str>,
        request: CartRequest,
    ) -> Result<CartAnswer, String> {
        let action = request.action;
        let line = request.line.clone();
        let refused = |message: Text| CartAnswer {
            secret: secret.map(str::to_owned),
            result: Err(message.clone()),
            message,
            items: 0,
            action,
        };
        let change = match self.change_of(secret, request).await? {
            Ok(change) => change,
            Err(message) => {
                let mut answer = refused(message);
                answer.items = self.cart(secret).await?.map_or(0, |c| c.items());
                return Ok(answer);
            }
        };
        let names = self.product_names(&change);
        let limits = self.max_quantities().await?;
        let CartChanged {
            secret,
            result,
            cart,
        } = self.carts.change(secret, change, limits).await?;
        let message = match &result {
            Ok(_) => done_message(action, &names),
            Err(problem) => self.about_line(&cart, &line, problem.message()),
        };
        Ok(CartAnswer {
            secret,
            result: result.map_err(|_| message.clone()),
            message,
            items: cart.items(),
            action,
        })
    }

    /// The change `request` asks for, with its configuration checked, or
    /// why it cannot be made.
    async fn change_of(
        &self,
        secret: Option<&str>,
        request: CartRequest,
    ) -> Result<Result<CartChange, Text>, String> {
        if request.action == CartAction::Repair {
            return self.repair_of(secret, &request.line).await;
        }
        let quantity = quantity_or_one(&request.quantity).map_err(|e| e.problem().message);
        let change = match request.action {
            CartAction::Quantity => quantity.map(|quantity| CartChange::SetQuantity {
                quantity,
                line: request.line,
            }),
            CartAction::Remove => Ok(CartChange::Remove { line: request.line }),
            CartAction::Add | CartAction::Replace => {
                let configuration = self.checked(&request.product, &request.configuration);
                match (configuration, quantity) {
                    (Err(e), _) | (_, Err(e)) => Err(e),
                    (Ok(configuration), Ok(quantity)) if request.action == CartAction::Add => {
                        Ok(CartChange::Add {
                            product: request.product,
                            configuration,
                            quantity,
                        })
                    }
                    (Ok(configuration), Ok(quantity)) => Ok(CartChange::Replace {
                        line: request.line,
                        product: request.product,
                        configuration,
                        quantity,
                    }),
                }
            }
            CartAction::Repair => unreachable!("handled above"),
        };
        Ok(change)
    }

    /// The configuration's canonical link query, if it can be ordered as it
    /// is; otherwise the first thing that stands in the way.
    fn checked(&self, product: &str, pairs: &[(String, String)]) -> Result<String, Text> {
        let published = self.catalog.current();
        let compiled = published
            .compiled
            .get(product)
            .ok_or_else(|| no_product(product))?;
        let check = LineCheck::of_pairs(compiled, pairs);
        match check.obstacles(&compiled.product).into_iter().next() {
            Some(first) => Err(first),
            None => Ok(check.canonical(&compiled.product)),
        }
    }

    /// The change the engine proposes for `line` of the cart, computed here
    /// from the stored configuration and today's catalog.
    async fn repair_of(
        &self,
        secret: Option<&str>,
        line: &str,
    ) -> Result<Result<CartChange, Text>, String> {
        let cart = self.cart(secret).await?.unwrap_or_default();
        let Some(stored) = cart.lines.iter().find(|l| l.id == line) else {
            return Ok(Err(CartProblem::UnknownLine.message()));
        };
        let published = self.catalog.current();
        let Some(compiled) = published.compiled.get(&stored.product) else {
            return Ok(Err(no_product(&stored.product)));
        };
        let product = &compiled.product;
        let check = LineCheck::of_query(compiled, &stored.configuration);
        if check.fits() {
            return Ok(Err(both(|l| match l {
                engine::Lang::De => {
                    "Dieser Artikel passt so, wie er ist; es gibt nichts zu ändern.".into()
                }
                engine::Lang::En => "This item fits as it is; there is nothing to change.".into(),
            })));
        }
        let configuration = engine::query::to_query_string(product, check.repaired());
        let repaired = LineCheck::of_query(compiled, &configuration);
        if let Some(first) = repaired.obstacles(product).into_iter().next() {
            return Ok(Err(first));
        }
        Ok(Ok(CartChange::Replace {
            line: stored.id.clone(),
            product: stored.product.clone(),
            configuration: repaired.canonical(product),
            quantity: stored.quantity,
        }))
    }

    /// `message` naming the product of cart line `line`, when the cart has it.
    fn about_line(&self, cart: &StoredCart, line: &str, message: Text) -> Text {
        let published = self.catalog.current();
        let name = cart
            .lines
            .iter()
            .find(|l| l.id == line)
            .and_then(|l| published.compiled.get(&l.product))
            .map(|c| c.product.name.clone());
        match name {
            Some(name) => Text {
                de: format!("{}: {}", name.de, message.de),
                en: format!("{}: {}", name.en, message.en),
            },
            None => message,
        }
    }

    /// The product names a change is about (for the message).
    fn product_names(&self, change: &CartChange) -> Option<Text> {
        let product = match change {
            CartChange::Add { product, .. } | CartChange::Replace { product, .. } => product,
            _ => return None,
        };
        let published = self.catalog.current();
        published
            .compiled
            .get(product)
            .map(|c| c.product.name.clone())
    }

    /// The most pieces of each product one line may have: a day of its
    /// production line's capacity, and never more than a quantity can be.
    async fn max_quantities(&self) -> Result<BTreeMap<String, u32>, String> {
        let capacities = self.operations.capacities().await?;
        let published = self.catalog.current();
        Ok(published
            .compiled
            .values()
            .map(|c| {
                let product = &c.product;
                let capacity = capacities
                    .get(&product.production_line)
                    .copied()
                    .unwrap_or(0);
                (product.id.clone(), capacity)
            })
            .collect())
    }
}

fn no_product(product: &str) -> Text {
    both(|l| match l {
        engine::Lang::De => format!("Das Produkt „{product}“ gibt es nicht."),
        engine::Lang::En => format!("There is no product “{product}”."),
    })
}

/// What a change did, in words.
pub fn done_message(action: CartAction, name: &Option<Text>) -> Text {
    let name = name.clone().unwrap_or_default();
    match action {
        CartAction::Add => Text {
            de: format!("In den Warenkorb gelegt: {}.", name.de),
            en: format!("Added to your cart: {}.", name.en),
        },
        CartAction::Replace | CartAction::Repair => Text {
            de: "Der Artikel im Warenkorb wurde geändert.".into(),
            en: "The item in your cart was changed.".into(),
        },
        CartAction::Quantity => Text {
            de: "Die Menge wurde geändert.".into(),
            en: "The quantity was changed.".into(),
        },
        CartAction::Remove => Text {
            de: "Der Artikel wurde aus dem Warenkorb entfernt.".into(),
            en: "The item was removed from your cart.".into(),
        },
    }
}
