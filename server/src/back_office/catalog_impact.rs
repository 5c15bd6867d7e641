//! The impact report of a catalog draft: every line of the open orders
//! (placed, not yet shipped) and of the carts used in the last 30 days,
//! quoted on the draft exactly as the checkout would quote it
//! ([`app::orders::quote::Quote`]): which could no longer be ordered, which
//! would cost something else, which would need other components or other
//! working days of production.

use crate::db::Pool;
use app::admin::catalog::{Impact, ImpactRow, Verdict};
use app::orders::quote::{LineRequest, Quote};
use app::orders::{OrderSnapshot, Quantity};
use app::state::PublishedCatalog;

/// Statuses of orders still to be made or shipped.
const OPEN: &str = "'received', 'accepted', 'released', 'in_production', 'completed'";

/// How long an unused cart still counts.
const CART_DAYS: i64 = 30;

/// Replays the open orders and recent carts on `draft`; carts are compared
/// with `live`, what customers are quoted now.
pub async fn impact(
    pool: &Pool,
    live: &PublishedCatalog,
    draft: &PublishedCatalog,
) -> anyhow::Result<Impact> {
    let mut impact = Impact {
        currency: draft.catalog.currency.clone(),
        ..Impact::default()
    };
    let orders: Vec<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, snapshot, production_line FROM orders WHERE status IN ({OPEN}) ORDER BY id"
    )))
    .fetch_all(pool)
    .await?;
    for (number, snapshot, production_line) in orders {
        let snapshot = OrderSnapshot::decode(&snapshot, &production_line)?;
        impact.orders_checked += 1;
        for line in &snapshot.lines {
            let request = request(&line.product, &line.configuration, line.quantity);
            let before = Figures {
                total: line.price.total,
                components: line
                    .components
                    .iter()
                    .map(|c| (c.component.clone(), c.units))
                    .collect(),
                production_days: line.delivery.production_days,
                lead_days: None,
            };
            if let Some(verdict) = verdict(&before, draft, request) {
                impact.rows.push(row(
                    Some(number.clone()),
                    line.product.clone(),
                    line.configuration.clone(),
                    verdict,
                ));
            }
        }
    }
    let since =
        (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * CART_DAYS)).to_string();
    let lines: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT l.product_id, l.configuration, l.quantity FROM cart_lines l \
         JOIN carts c ON c.id = l.cart_id WHERE c.touched_at >= $1 ORDER BY c.touched_at, l.position",
    )
    .bind(since)
    .fetch_all(pool)
    .await?;
    for (product, configuration, quantity) in lines {
        impact.cart_lines_checked += 1;
        let quantity = u32::try_from(quantity).unwrap_or(1);
        // A line customers cannot order today is the cart's matter, not the draft's.
        let Ok(before) = quoted(live, request(&product, &configuration, quantity)) else {
            continue;
        };
        if let Some(verdict) = verdict(&before, draft, request(&product, &configuration, quantity))
        {
            impact.rows.push(row(None, product, configuration, verdict));
        }
    }
    Ok(impact)
}

fn row(
    order: Option<String>,
    product: String,
    configuration: String,
    verdict: Verdict,
) -> ImpactRow {
    ImpactRow {
        order,
        product,
        configuration,
        verdict,
    }
}

pub(super) fn request(product: &str, configuration: &str, quantity: u32) -> LineRequest {
    LineRequest {
        id: String::new(),
        product: product.to_owned(),
        configuration: configuration.to_owned(),
        quantity: Quantity::new(quantity.max(1))
            .unwrap_or_else(|_| Quantity::new(1).expect("1 is a quantity")),
    }
}

/// A line's total, bill of materials, working days of production, and
/// lead time (production and shipping; none for a stored order, whose
/// snapshot keeps its production days only).
pub(super) struct Figures {
    pub total: i64,
    pub components: Vec<(String, u64)>,
    pub production_days: u32,
    pub lead_days: Option<u32>,
}

/// The line's figures on `published` (one quote), or why it cannot be
/// ordered there.
pub(super) fn quoted(
    published: &PublishedCatalog,
    request: LineRequest,
) -> Result<Figures, Vec<engine::Text>> {
    let quote = Quote::priced(published, vec![request]);
    let Some(line) = quote.lines.first() else {
        return Err(Vec::new());
    };
    if !line.obstacles.is_empty() {
        return Err(line.obstacles.iter().map(|o| o.message.clone()).collect());
    }
    let (Some(compiled), Some(check), Some(price)) =
        (line.compiled, line.check.as_ref(), line.price.as_ref())
    else {
        return Err(Vec::new());
    };
    let components = engine::delivery::bill_of_materials(
        &compiled.product,
        &check.evaluation.effective,
        line.request.quantity.get(),
    )
    .unwrap_or_default()
    .into_iter()
    .collect();
    let (product, effective) = (&compiled.product, &check.evaluation.effective);
    Ok(Figures {
        total: price.total,
        components,
        production_days: engine::delivery::production_days(product, effective).unwrap_or_default(),
        lead_days: engine::delivery::lead_days(product, effective).ok(),
    })
}

/// How the line fares on the draft compared with `before`; none when
/// nothing a person would care about changes.
fn verdict(before: &Figures, draft: &PublishedCatalog, request: LineRequest) -> Option<Verdict> {
    let after = match quoted(draft, request) {
        Ok(after) => after,
        Err(reasons) => return Some(Verdict::Invalid(reasons)),
    };
    if after.total != before.total {
        return Some(Verdict::Price {
            before: before.total,
            after: after.total,
        });
    }
    let mut old = before.components.clone();
    let mut new = after.components;
    old.sort();
    new.sort();
    if old != new {
        return Some(Verdict::Components {
            before: listed(&old),
            after: listed(&new),
        });
    }
    (before.production_days != after.production_days).then_some(Verdict::ProductionDays {
        before: before.production_days,
        after: after.production_days,
    })
}

pub(super) fn listed(components: &[(String, u64)]) -> String {
    components
        .iter()
        .map(|(c, units)| format!("{units} × {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
