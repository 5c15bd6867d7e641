//! Quoting several configured lines together: each line evaluated, priced
//! and estimated in turn, every estimate booked into the production plan
//! before the next one is made, exactly as placing the order books them.
//! The cart page, the checkout and the server's order transaction all
//! quote through here, so the figures a customer sees are the figures
//! stored.

use super::line::{both, LineCheck};
use super::{Field, Problem, Quantity};
use crate::state::{ProductionPlan, PublishedCatalog};
use engine::delivery::{DeliveryError, Estimate};
use engine::pricing::PriceBreakdown;
use engine::solver::CompiledProduct;
use engine::{Minor, Text};
use jiff::civil::Date;

/// A line to quote: a product, its configuration link query, a quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRequest {
    /// The cart line's id (empty for an order straight from the configurator).
    pub id: String,
    pub product: String,
    pub configuration: String,
    pub quantity: Quantity,
}

/// One line, quoted.
#[derive(Clone, Debug)]
pub struct QuotedLine<'c> {
    pub request: LineRequest,
    /// `None` when the product is not in the published catalog.
    pub compiled: Option<&'c CompiledProduct>,
    pub check: Option<LineCheck>,
    /// Price and estimate, when the line can be ordered as it stands.
    pub figures: Option<(PriceBreakdown, Estimate)>,
    /// What stands in the way of ordering this line (empty when nothing).
    pub obstacles: Vec<Problem>,
    /// The most pieces of this line an order can take (a day's capacity).
    pub max_quantity: u32,
}

/// Lines quoted together.
#[derive(Clone, Debug)]
pub struct Quote<'c> {
    pub catalog_version: i64,
    pub currency: String,
    pub vat_rate_bp: u32,
    pub lines: Vec<QuotedLine<'c>>,
}

impl<'c> Quote<'c> {
    /// Quotes `requests` in order against `published` and `plan` (which
    /// the quote books into as it goes; pass a copy to keep it).
    pub fn new(
        published: &'c PublishedCatalog,
        requests: Vec<LineRequest>,
        plan: &mut ProductionPlan,
    ) -> Quote<'c> {
        let lines = requests
            .into_iter()
            .map(|request| quote_line(published, request, plan))
            .collect();
        Quote {
            catalog_version: published.version,
            currency: published.catalog.currency.clone(),
            vat_rate_bp: published.catalog.vat_rate_bp,
            lines,
        }
    }

    /// Every line can be ordered as it stands (and there is one at least).
    pub fn orderable(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|l| l.figures.is_some())
    }

    /// The gross total and the VAT in it, over the lines with figures.
    pub fn totals(&self) -> (Minor, Minor) {
        self.priced().fold((0, 0), |(total, vat), (p, _)| {
            (total + p.total, vat + p.vat)
        })
    }

    /// When the whole order arrives: the window of the line made last.
    pub fn promise(&self) -> Option<(Date, Date)> {
        self.priced()
            .map(|(_, e)| (e.earliest, e.latest))
            .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
    }

    fn priced(&self) -> impl Iterator<Item = &(PriceBreakdown, Estimate)> {
        self.lines.iter().filter_map(|l| l.figures.as_ref())
    }

    /// Every line's figures in one string (`id:qty:total:earliest:latest`,
    /// `;` between lines): what a checkout page shows is told apart from
    /// what the server computes when the order is placed.
    pub fn figures_seen(&self) -> String {
        self.lines
            .iter()
            .map(|l| match &l.figures {
                Some((p, e)) => format!(
                    "{}:{}:{}:{}:{}",
                    l.request.id, l.request.quantity, p.total, e.earliest, e.latest
                ),
                None => format!("{}:{}:-", l.request.id, l.request.quantity),
            })
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The obstacles of every line; with several lines each names its
    /// product.
    pub fn problems(&self) -> Vec<Problem> {
        let named = self.lines.len() > 1;
        self.lines
            .iter()
            .flat_map(|l| {
                let name = l
                    .compiled
                    .map(|c| c.product.name.clone())
                    .unwrap_or_else(|| both(|_| l.request.product.clone()));
                l.obstacles.iter().map(move |o| match named {
                    true => Problem {
                        field: o.field,
                        message: Text {
                            de: format!("{}: {}", name.de, o.message.de),
                            en: format!("{}: {}", name.en, o.message.en),
                        },
                    },
                    false => o.clone(),
                })
            })
            .collect()
    }
}

fn quote_line<'c>(
    published: &'c PublishedCatalog,
    request: LineRequest,
    plan: &mut ProductionPlan,
) -> QuotedLine<'c> {
    let Some(compiled) = published.compiled.get(&request.product) else {
        let product = request.product.clone();
        return QuotedLine {
            request,
            compiled: None,
            check: None,
            figures: None,
            obstacles: vec![Problem::new(
                Field::Configuration,
                format!("Das Produkt „{product}“ gibt es nicht mehr."),
                format!("The product “{product}” is no longer offered."),
            )],
            max_quantity: 0,
        };
    };
    let product = &compiled.product;
    let check = LineCheck::of_query(compiled, &request.configuration);
    let mut obstacles = check.problems(product);
    let max_quantity = plan
        .lines
        .get(&product.production_line)
        .map_or(0, |c| c.daily_capacity.min(Quantity::MAX));
    let quantity = request.quantity.get();
    if let Err(e) = request.quantity.within(max_quantity) {
        obstacles.push(e.problem());
    }
    let figures = if obstacles.is_empty() {
        figures(compiled, &check, quantity, plan)
            .map_err(|message| {
                obstacles.push(Problem {
                    field: Field::Configuration,
                    message,
                })
            })
            .ok()
    } else {
        None
    };
    QuotedLine {
        request,
        compiled: Some(compiled),
        check: Some(check),
        figures,
        obstacles,
        max_quantity,
    }
}

/// Price and estimate of a line that fits, its estimate booked into `plan`.
fn figures(
    compiled: &CompiledProduct,
    check: &LineCheck,
    quantity: u32,
    plan: &mut ProductionPlan,
) -> Result<(PriceBreakdown, Estimate), Text> {
    let product = &compiled.product;
    let price = check
        .price(compiled, quantity)
        .map_err(|e| both(|l| e.message(l)))?;
    let no_line = || both(|l| DeliveryError::NoCapacity { until: plan.today }.message(l));
    let calendar = plan
        .lines
        .get_mut(&product.production_line)
        .ok_or_else(no_line)?;
    let estimate = engine::delivery::estimate(
        product,
        &check.evaluation.effective,
        quantity,
        calendar,
        &plan.stock,
        plan.today,
    )
    .map_err(|e| both(|l| e.message(l)))?;
    engine::delivery::book(calendar, &mut plan.stock, &estimate, quantity);
    Ok((price, estimate))
}
