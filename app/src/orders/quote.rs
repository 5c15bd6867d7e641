//! Quoting several configured lines together: each line evaluated and
//! priced ([`Quote::priced`], which needs no production data), then
//! estimated in turn, every estimate booked into the production plan before
//! the next one is made, exactly as placing the order books them
//! ([`Quote::estimate`]). The cart page, the checkout and the server's order
//! transaction all quote through here, so the figures a customer sees are
//! the figures stored; the transaction only estimates, so it holds its
//! locks no longer than it must.

use super::line::{both, LineCheck};
use super::{Field, Problem, Quantity};
use crate::state::{ProductionPlan, PublishedCatalog};
use engine::delivery::{DeliveryError, Estimate};
use engine::pricing::PriceBreakdown;
use engine::solver::CompiledProduct;
use engine::{Lang, Minor, Text};
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

impl From<&crate::cart::CartLine> for LineRequest {
    fn from(line: &crate::cart::CartLine) -> Self {
        LineRequest {
            id: line.id.clone(),
            product: line.product.clone(),
            configuration: line.configuration.clone(),
            quantity: line.quantity,
        }
    }
}

/// One line, quoted.
#[derive(Clone, Debug)]
pub struct QuotedLine<'c> {
    pub request: LineRequest,
    /// `None` when the product is not in the published catalog.
    pub compiled: Option<&'c CompiledProduct>,
    pub check: Option<LineCheck>,
    /// The price, when the configuration can be ordered as it stands.
    pub price: Option<PriceBreakdown>,
    /// Price and estimate, when the line can be ordered as it stands.
    pub figures: Option<(PriceBreakdown, Estimate)>,
    /// What stands in the way of ordering this line (empty when nothing).
    pub obstacles: Vec<Problem>,
    /// The most pieces of this line an order can take (a day's capacity;
    /// 0 until estimated).
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
        let mut quote = Self::priced(published, requests);
        quote.estimate(plan);
        quote
    }

    /// Evaluates and prices `requests` against `published`; no line has
    /// figures until [`Self::estimate`].
    pub fn priced(published: &'c PublishedCatalog, requests: Vec<LineRequest>) -> Quote<'c> {
        Quote {
            catalog_version: published.version,
            currency: published.catalog.currency.clone(),
            vat_rate_bp: published.catalog.vat_rate_bp,
            lines: requests
                .into_iter()
                .map(|r| price_line(published, r))
                .collect(),
        }
    }

    /// Estimates every priced line in order against `plan`, booking each
    /// estimate into it before the next.
    pub fn estimate(&mut self, plan: &mut ProductionPlan) {
        for line in &mut self.lines {
            estimate_line(line, plan);
        }
    }

    /// Every line can be ordered as it stands (and there is one at least).
    pub fn orderable(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|l| l.figures.is_some())
    }

    /// The gross total and the VAT in it, over the lines with figures.
    pub fn totals(&self) -> (Minor, Minor) {
        self.with_figures().fold((0, 0), |(total, vat), (p, _)| {
            (total + p.total, vat + p.vat)
        })
    }

    /// When the whole order arrives: the window of the line made last.
    pub fn promise(&self) -> Option<(Date, Date)> {
        self.with_figures()
            .map(|(_, e)| (e.earliest, e.latest))
            .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
    }

    fn with_figures(&self) -> impl Iterator<Item = &(PriceBreakdown, Estimate)> {
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

/// A line evaluated and priced (or why it cannot be ordered).
fn price_line(published: &PublishedCatalog, request: LineRequest) -> QuotedLine<'_> {
    let Some(compiled) = published.compiled.get(&request.product) else {
        let product = request.product.clone();
        return QuotedLine {
            request,
            compiled: None,
            check: None,
            price: None,
            figures: None,
            obstacles: vec![Problem::new(
                Field::Configuration,
                format!("Das Produkt „{product}“ gibt es nicht mehr."),
                format!("The product “{product}” is no longer offered."),
            )],
            max_quantity: 0,
        };
    };
    let check = LineCheck::of_query(compiled, &request.configuration);
    let mut obstacles = check.problems(&compiled.product);
    let price = if obstacles.is_empty() {
        check
            .price(compiled, request.quantity.get())
            .map_err(|e| {
                obstacles.push(Problem::new(
                    Field::Configuration,
                    e.message(Lang::De),
                    e.message(Lang::En),
                ))
            })
            .ok()
    } else {
        None
    };
    QuotedLine {
        request,
        compiled: Some(compiled),
        check: Some(check),
        price,
        figures: None,
        obstacles,
        max_quantity: 0,
    }
}

/// Estimates a priced line against `plan` and books the estimate into it.
fn estimate_line(line: &mut QuotedLine<'_>, plan: &mut ProductionPlan) {
    let (Some(compiled), Some(check)) = (line.compiled, &line.check) else {
        return;
    };
    let product = &compiled.product;
    let calendar = plan.lines.get_mut(&product.production_line);
    line.max_quantity = calendar
        .as_ref()
        .map_or(0, |c| c.daily_capacity.min(Quantity::MAX));
    if let Err(e) = line.request.quantity.within(line.max_quantity) {
        line.obstacles.push(e.problem());
    }
    let Some(price) = line.price.clone().filter(|_| line.obstacles.is_empty()) else {
        return;
    };
    let quantity = line.request.quantity.get();
    let estimated = match calendar {
        None => Err(DeliveryError::NoCapacity { until: plan.today }),
        Some(calendar) => engine::delivery::estimate(
            product,
            &check.evaluation.effective,
            quantity,
            calendar,
            &plan.stock,
            plan.today,
        )
        .inspect(|estimate| engine::delivery::book(calendar, &mut plan.stock, estimate, quantity)),
    };
    match estimated {
        Ok(estimate) => line.figures = Some((price, estimate)),
        Err(e) => line.obstacles.push(Problem::new(
            Field::Configuration,
            e.message(Lang::De),
            e.message(Lang::En),
        )),
    }
}
