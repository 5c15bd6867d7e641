//! Checking a checkout against the published catalog, trusting nothing the
//! browser computed: every configuration is parsed strictly and evaluated
//! again here; the order is then quoted ([`Quote`]) against production as
//! the order's transaction sees it, compared with what the customer saw,
//! and made into the snapshot that is stored.

use super::customer::{self, Customer};
use super::line::{both, LineCheck};
use super::quote::{LineRequest, Quote};
use super::snapshot::{spec_lines, ComponentLine, OrderLine, OrderSnapshot, SCHEMA_VERSION};
use super::{Changed, ChangedLine, CheckoutForm, Field, Problem, Quantity};
use crate::cart::StoredCart;
use crate::state::PublishedCatalog;
use engine::Lang;
use std::sync::Arc;

/// What the customer saw before ordering; `None` where the form's value was
/// missing or malformed (which then counts as "changed").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub catalog_version: Option<i64>,
    pub total: Option<i64>,
    pub earliest: Option<jiff::civil::Date>,
    pub latest: Option<jiff::civil::Date>,
    /// Every line's figures ([`Quote::figures_seen`]); checked for carts.
    pub lines: String,
}

/// The cart an order is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CartRef {
    /// The stored cart's id (never the cookie's secret).
    pub id: String,
    /// The revision whose lines are ordered.
    pub revision: i64,
}

/// A checkout that passed every check that needs no database.
pub struct CheckedOrder {
    pub published: Arc<PublishedCatalog>,
    /// The lines to order, with canonical configurations.
    pub lines: Vec<LineRequest>,
    pub cart: Option<CartRef>,
    pub customer: Customer,
    pub lang: Lang,
    pub key: String,
    pub seen: Seen,
}

/// Checks `form` against `published`: the checked order, or every problem.
/// `cart` is the customer's stored cart (with its id) when the form orders it.
pub fn check(
    published: Arc<PublishedCatalog>,
    form: &CheckoutForm,
    cart: Option<(String, &StoredCart)>,
) -> Result<CheckedOrder, Vec<Problem>> {
    let lang = Lang::from_code(form.lang.trim()).unwrap_or_default();
    let mut problems = Vec::new();
    if !is_key(&form.key) {
        problems.push(Problem::new(
            Field::Form,
            "Diese Bestellseite ist ungültig; bitte neu laden und noch einmal bestellen.",
            "This checkout page is not valid; please reload it and order again.",
        ));
    }
    let customer = customer::validate(form)
        .map_err(|p| problems.extend(p))
        .ok();
    let (requests, cart_ref) = if form.orders_cart() {
        match cart {
            Some((id, stored)) if !stored.lines.is_empty() => {
                let requests = stored.lines.iter().map(LineRequest::from).collect();
                let cart = CartRef {
                    id,
                    revision: stored.revision,
                };
                (requests, Some(cart))
            }
            _ => {
                problems.push(Problem::new(
                    Field::Form,
                    "Ihr Warenkorb ist leer; bestellt wurde nichts.",
                    "Your cart is empty; nothing was ordered.",
                ));
                return Err(problems);
            }
        }
    } else {
        let quantity = Quantity::parse(&form.quantity).unwrap_or_else(|e| {
            problems.push(e.problem());
            Quantity::ONE
        });
        let request = LineRequest {
            id: String::new(),
            product: form.product.trim().to_owned(),
            configuration: form.config.clone(),
            quantity,
        };
        (vec![request], None)
    };
    let mut lines = Vec::with_capacity(requests.len());
    let named = cart_ref.is_some();
    for request in requests {
        match strict(&published, request, named) {
            Ok(line) => lines.push(line),
            Err(line_problems) => problems.extend(line_problems),
        }
    }
    match customer {
        Some(customer) if problems.is_empty() => Ok(CheckedOrder {
            published,
            lines,
            cart: cart_ref,
            customer,
            lang,
            key: form.key.trim().to_owned(),
            seen: Seen {
                catalog_version: form.catalog_version.trim().parse().ok(),
                total: form.seen_total.trim().parse().ok(),
                earliest: form.seen_earliest.trim().parse().ok(),
                latest: form.seen_latest.trim().parse().ok(),
                lines: form.seen_lines.trim().to_owned(),
            },
        }),
        _ => Err(problems),
    }
}

/// A line whose configuration parses strictly (anything the link reader
/// would repair is an error here) and is complete and valid, with its
/// configuration made canonical. `named`: the problems name the product
/// (an order of several lines).
fn strict(
    published: &PublishedCatalog,
    request: LineRequest,
    named: bool,
) -> Result<LineRequest, Vec<Problem>> {
    let Some(compiled) = published.compiled.get(&request.product) else {
        return Err(vec![Problem::new(
            Field::Configuration,
            format!("Das Produkt „{}“ gibt es nicht.", request.product),
            format!("There is no product “{}”.", request.product),
        )]);
    };
    let product = &compiled.product;
    let check = LineCheck::of_query(compiled, &request.configuration);
    if !check.fits() {
        let mut problems = check.problems(product);
        if named {
            for p in &mut problems {
                p.message.de = format!("{}: {}", product.name.de, p.message.de);
                p.message.en = format!("{}: {}", product.name.en, p.message.en);
            }
        }
        return Err(problems);
    }
    Ok(LineRequest {
        configuration: check.canonical(product),
        ..request
    })
}

impl CheckedOrder {
    /// What differs between what the customer saw and `quote` (a quote of
    /// this order's lines as it would be stored now).
    pub fn changes(&self, quote: &Quote<'_>) -> Option<Changed> {
        let seen = &self.seen;
        let (total, vat) = quote.totals();
        let (earliest, latest) = quote.promise()?;
        let figures_seen = quote.figures_seen();
        let catalog_changed = seen.catalog_version != Some(quote.catalog_version);
        let price_changed = seen.total != Some(total);
        let window_changed = seen.earliest != Some(earliest) || seen.latest != Some(latest);
        let lines_changed = self.cart.is_some() && seen.lines != figures_seen;
        (catalog_changed || price_changed || window_changed || lines_changed).then(|| Changed {
            catalog_version: quote.catalog_version,
            total,
            vat,
            currency: quote.currency.clone(),
            earliest,
            latest,
            lines: quote
                .lines
                .iter()
                .filter_map(|l| {
                    let (price, estimate) = l.figures.as_ref()?;
                    Some(ChangedLine {
                        name: l.compiled?.product.name.clone(),
                        quantity: l.request.quantity.get(),
                        total: price.total,
                        earliest: estimate.earliest,
                        latest: estimate.latest,
                    })
                })
                .collect(),
            figures_seen,
            catalog_changed,
            price_changed,
            window_changed,
        })
    }

    /// The snapshot stored for `quote` (an orderable quote of this order).
    pub fn snapshot(&self, quote: &Quote<'_>) -> OrderSnapshot {
        let catalog = &self.published.catalog;
        let lines = quote
            .lines
            .iter()
            .filter_map(|l| {
                let compiled = l.compiled?;
                let check = l.check.as_ref()?;
                let (price, delivery) = l.figures.clone()?;
                let product = &compiled.product;
                let quantity = l.request.quantity.get();
                let components = engine::delivery::bill_of_materials(
                    product,
                    &check.evaluation.effective,
                    quantity,
                )
                .unwrap_or_default()
                .into_iter()
                .map(|(component, units)| ComponentLine {
                    name: catalog
                        .components
                        .iter()
                        .find(|c| c.id == component)
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| both(|_| component.clone())),
                    component,
                    units,
                })
                .collect();
                Some(OrderLine {
                    product: product.id.clone(),
                    product_name: product.name.clone(),
                    configuration: l.request.configuration.clone(),
                    spec: spec_lines(product, &check.evaluation),
                    quantity,
                    delivery_reasons: delivery
                        .reasons
                        .iter()
                        .map(|r| both(|lang| r.message(product, lang)))
                        .collect(),
                    price,
                    delivery,
                    production_line: product.production_line.clone(),
                    components,
                })
            })
            .collect();
        let (total, vat) = quote.totals();
        let (earliest, latest) = quote.promise().unwrap_or_default();
        OrderSnapshot {
            schema: SCHEMA_VERSION,
            catalog_version: quote.catalog_version,
            lines,
            currency: quote.currency.clone(),
            total,
            vat,
            vat_rate_bp: quote.vat_rate_bp,
            earliest,
            latest,
            customer: self.customer.clone(),
            lang: self.lang,
        }
    }
}

/// A checkout key: a UUID, as the checkout page hands out.
fn is_key(key: &str) -> bool {
    uuid::Uuid::try_parse(key.trim()).is_ok()
}
