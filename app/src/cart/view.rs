//! The cart as the customer sees it: every line evaluated again against the
//! published catalog and quoted together with the others, so prices and
//! delivery windows are today's, and a line that no longer fits says why
//! and what would make it fit.

use crate::orders::SpecLine;
use engine::delivery::iso_date;
use engine::pricing::PriceBreakdown;
use engine::{Minor, Text};
use serde::{Deserialize, Serialize};

/// The cart page's data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CartView {
    /// The stored cart's revision these figures are for.
    pub revision: i64,
    pub catalog_version: i64,
    pub lines: Vec<CartLineView>,
    pub currency: String,
    /// Gross total of the lines with figures, and the VAT in it.
    pub total: Minor,
    pub vat: Minor,
    pub vat_rate_bp: u32,
    /// When the whole order would arrive.
    pub promise: Option<Promise>,
    /// Every line can be ordered as it stands.
    pub orderable: bool,
    /// Every line's figures, for the checkout to confirm.
    pub figures_seen: String,
    /// Pieces in the cart.
    pub items: u32,
}

/// The delivery window of the whole order: the window of the line made last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    #[serde(deserialize_with = "iso_date::date")]
    pub earliest: jiff::civil::Date,
    #[serde(deserialize_with = "iso_date::date")]
    pub latest: jiff::civil::Date,
    /// The product finished last.
    pub last: Text,
}

/// One line of the cart page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartLineView {
    pub id: String,
    pub product: String,
    pub name: Text,
    /// The configurator with this line's configuration, to change it.
    pub link: String,
    /// The product's drawing for this configuration (SVG markup).
    pub preview_svg: String,
    pub spec: Vec<SpecLine>,
    pub quantity: u32,
    /// The most pieces this line may have.
    pub max_quantity: u32,
    /// Price and window, when the line can be ordered as it stands.
    pub price: Option<PriceBreakdown>,
    pub window: Option<Window>,
    /// Why the line cannot be ordered as it stands.
    pub issue: Option<LineIssue>,
}

/// A delivery window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    #[serde(deserialize_with = "iso_date::date")]
    pub earliest: jiff::civil::Date,
    #[serde(deserialize_with = "iso_date::date")]
    pub latest: jiff::civil::Date,
}

/// What stands in the way of ordering a line, and the way out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineIssue {
    /// The engine's reasons, in words.
    pub reasons: Vec<Text>,
    /// The smallest change that makes it fit, when the catalog no longer
    /// takes the configuration as it is.
    pub repair: Option<RepairOffer>,
}

/// The repair offered for a line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepairOffer {
    /// The choices given up ("Stein: Rubin").
    pub dropped: Vec<Text>,
    /// The repaired configuration is complete: one click applies it here;
    /// otherwise the customer finishes it in the configurator ([`Self::link`]).
    pub applies_here: bool,
    /// The configurator with the repaired configuration, saving into this line.
    pub link: String,
}

/// The configurator link that edits a cart line: its configuration, its
/// quantity, and the line it saves into.
pub fn edit_link(product: &str, configuration: &str, quantity: u32, line: &str) -> String {
    let mut link = format!("/p/{product}?");
    if !configuration.is_empty() {
        link.push_str(configuration);
        link.push('&');
    }
    link.push_str(&format!(
        "qty={quantity}&{}={}",
        super::request::LINE,
        engine::query::percent_encode(line)
    ));
    link
}

#[cfg(feature = "ssr")]
pub use build::build;

#[cfg(feature = "ssr")]
mod build {
    use super::*;
    use crate::cart::StoredCart;
    use crate::components::preview::ProductPreview;
    use crate::orders::line::{both, LineCheck};
    use crate::orders::quote::{LineRequest, Quote, QuotedLine};
    use crate::orders::snapshot::spec_lines;
    use crate::pages::configurator::words::conflict_label;
    use crate::state::{ProductionPlan, PublishedCatalog};
    use leptos::prelude::*;

    /// The cart page's data for `cart`, quoted against `plan`.
    pub fn build(
        published: &PublishedCatalog,
        cart: &StoredCart,
        mut plan: ProductionPlan,
    ) -> CartView {
        let requests = cart.lines.iter().map(LineRequest::from).collect();
        let quote = Quote::new(published, requests, &mut plan);
        let (total, vat) = quote.totals();
        let promise = quote.promise().map(|(earliest, latest)| Promise {
            earliest,
            latest,
            last: quote
                .lines
                .iter()
                .filter(|l| l.figures.as_ref().is_some_and(|(_, e)| e.latest == latest))
                .find_map(|l| l.compiled.map(|c| c.product.name.clone()))
                .unwrap_or_default(),
        });
        CartView {
            revision: cart.revision,
            catalog_version: quote.catalog_version,
            lines: quote.lines.iter().map(line_view).collect(),
            currency: quote.currency.clone(),
            total,
            vat,
            vat_rate_bp: quote.vat_rate_bp,
            promise,
            orderable: quote.orderable(),
            figures_seen: quote.figures_seen(),
            items: cart.items(),
        }
    }

    fn line_view(line: &QuotedLine<'_>) -> CartLineView {
        let request = &line.request;
        let quantity = request.quantity.get();
        let link = edit_link(
            &request.product,
            &request.configuration,
            quantity,
            &request.id,
        );
        let (Some(compiled), Some(check)) = (line.compiled, line.check.as_ref()) else {
            return CartLineView {
                id: request.id.clone(),
                product: request.product.clone(),
                name: both(|_| request.product.clone()),
                link,
                preview_svg: String::new(),
                spec: Vec::new(),
                quantity,
                max_quantity: 0,
                price: None,
                window: None,
                issue: Some(LineIssue {
                    reasons: line.obstacles.iter().map(|p| p.message.clone()).collect(),
                    repair: None,
                }),
            };
        };
        let product = &compiled.product;
        let issue = (!line.obstacles.is_empty()).then(|| LineIssue {
            reasons: line.obstacles.iter().map(|p| p.message.clone()).collect(),
            repair: repair_offer(compiled, check, quantity, &request.id),
        });
        let preview_svg = {
            let product = std::sync::Arc::new(product.clone());
            let selection = Signal::stored(check.evaluation.effective.clone());
            view! { <ProductPreview product selection /> }.to_html()
        };
        CartLineView {
            id: request.id.clone(),
            product: product.id.clone(),
            name: product.name.clone(),
            link,
            preview_svg,
            spec: spec_lines(product, &check.evaluation),
            quantity,
            max_quantity: line.max_quantity,
            price: line.figures.as_ref().map(|(p, _)| p.clone()),
            window: line.figures.as_ref().map(|(_, e)| Window {
                earliest: e.earliest,
                latest: e.latest,
            }),
            issue,
        }
    }

    /// The repair of a configuration the catalog no longer takes as it is
    /// (dropped options, choices that no longer go together); `None` when
    /// only something else stands in the way (the quantity, the calendar).
    fn repair_offer(
        compiled: &engine::solver::CompiledProduct,
        check: &LineCheck,
        quantity: u32,
        line: &str,
    ) -> Option<RepairOffer> {
        let product = &compiled.product;
        if check.fits() {
            return None;
        }
        let mut dropped: Vec<Text> = check
            .notices
            .iter()
            .filter_map(|n| match n {
                engine::query::Notice::UnknownOption { attribute, option } => {
                    let attribute = product
                        .attribute(attribute)
                        .map(|a| a.label.clone())
                        .unwrap_or_else(|| both(|_| attribute.clone()));
                    Some(Text {
                        de: format!("{}: {option}", attribute.de),
                        en: format!("{}: {option}", attribute.en),
                    })
                }
                _ => None,
            })
            .collect();
        if let Some(repair) = check.repair() {
            dropped.extend(
                repair
                    .dropped
                    .iter()
                    .map(|c| both(|l| conflict_label(product, &check.parsed, c, l))),
            );
        }
        let configuration = engine::query::to_query_string(product, check.repaired());
        let applies_here = LineCheck::of_query(compiled, &configuration).fits();
        Some(RepairOffer {
            dropped,
            applies_here,
            link: edit_link(&product.id, &configuration, quantity, line),
        })
    }
}
