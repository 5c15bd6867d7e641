//! What the production API sends and takes, as documented in its OpenAPI
//! description. These are the API's own types, stable across the stored
//! snapshot's schemas: an order is read from its snapshot into them.

use app::orders::{OrderSnapshot, SpecLine};
use engine::Value;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A text in German and English.
#[derive(Serialize, ToSchema)]
pub struct Localized {
    pub de: String,
    pub en: String,
}

impl From<&engine::Text> for Localized {
    fn from(text: &engine::Text) -> Self {
        Localized {
            de: text.de.clone(),
            en: text.en.clone(),
        }
    }
}

/// One event, exactly as webhooks carry it (`id` is the `webhook-id`).
#[derive(Serialize, ToSchema)]
pub struct Event {
    /// The event's id, the same in the feed and on every webhook try.
    #[schema(example = "evt_3f0c8a1e9b2d4c6e8f00112233445566")]
    pub id: String,
    /// Its type, e.g. `order.released`.
    #[serde(rename = "type")]
    #[schema(example = "order.released")]
    pub kind: String,
    /// When it happened (UTC, RFC 3339).
    pub timestamp: String,
    /// The event's data: for an order event `order`, `status`, `at` and
    /// the order's `snapshot` (a step adds `previous` and `detail`).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A page of the event feed.
#[derive(Serialize, ToSchema)]
pub struct EventPage {
    /// Events after the cursor asked for, oldest first.
    pub data: Vec<Event>,
    /// The cursor to ask with next (the same as asked with when empty).
    pub next_cursor: String,
    /// More events follow at once.
    pub has_more: bool,
}

/// A page of orders.
#[derive(Serialize, ToSchema)]
pub struct OrderPage {
    /// Orders after the one asked for, by number.
    pub data: Vec<ProductionOrder>,
    /// The number to ask with next (`after`), if more follow.
    pub next_after: Option<String>,
}

/// Which production system makes an order.
#[derive(Serialize, ToSchema)]
pub struct Claim {
    /// The API token's name.
    pub client: String,
    /// When it was claimed (UTC).
    pub claimed_at: String,
    /// The token asking holds the claim.
    pub yours: bool,
}

/// Where the order goes (empty once the customer's data is erased).
#[derive(Serialize, ToSchema)]
pub struct ShipTo {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub phone: String,
}

/// An order as production needs it: what to make, how many, from what,
/// by when, and where it goes.
#[derive(Serialize, ToSchema)]
pub struct ProductionOrder {
    #[schema(example = "2026-000042")]
    pub number: String,
    /// `released`, `in_production`, `completed`, `shipped`, `delivered` or
    /// `cancelled`.
    #[schema(example = "released")]
    pub status: String,
    /// When it was placed (UTC).
    pub placed_at: String,
    /// The delivery window promised to the customer (dates, shop time).
    pub earliest: String,
    pub latest: String,
    pub currency: String,
    /// Gross total in minor units (cents).
    pub total_minor: i64,
    /// The customer's language (`de` or `en`).
    pub language: String,
    pub claim: Option<Claim>,
    pub ship_to: ShipTo,
    pub lines: Vec<ProductionLine>,
}

/// One configured product of an order.
#[derive(Serialize, ToSchema)]
pub struct ProductionLine {
    pub product: String,
    pub product_name: Localized,
    /// The configuration as the configurator's link query.
    pub configuration: String,
    pub quantity: u32,
    pub production_line: String,
    /// The first day of production booked for it.
    pub production_start: String,
    pub spec: Vec<SpecRow>,
    /// The bill of materials for the whole quantity (empty for orders
    /// placed before it was stored).
    pub components: Vec<ComponentRow>,
}

/// One attribute of a line and what was chosen.
#[derive(Serialize, ToSchema)]
pub struct SpecRow {
    pub attribute: String,
    pub label: Localized,
    /// The option ids chosen (one for a choice, any number for a multiple
    /// choice, none for a text or a measure).
    pub options: Vec<String>,
    /// The text typed (an engraving), for a text attribute.
    pub text: Option<String>,
    /// The font of that text.
    pub font: Option<String>,
    /// A measure in thousandths of its unit.
    pub milli: Option<i64>,
    pub value_label: Localized,
}

/// Units of one component.
#[derive(Serialize, ToSchema)]
pub struct ComponentRow {
    pub component: String,
    pub name: Localized,
    pub units: u64,
}

/// A progress report.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// `in_production`, `completed`, `shipped` or `delivered`.
    #[schema(example = "shipped")]
    pub status: String,
    /// The carrier, for `shipped`.
    #[schema(example = "DHL")]
    pub carrier: Option<String>,
    /// The tracking number, for `shipped`.
    #[schema(example = "00340434161094042557")]
    pub tracking: Option<String>,
}

/// An error, as RFC 9457 problem details.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong and what to do, in the asked language (German with
    /// `Accept-Language: de`, English otherwise).
    pub detail: String,
}

impl SpecRow {
    pub fn of(line: &SpecLine) -> SpecRow {
        let (mut options, mut text, mut font, mut milli) = (Vec::new(), None, None, None);
        match &line.value {
            Value::Choice(option) => options.push(option.clone()),
            Value::Multi(chosen) => options.extend(chosen.iter().cloned()),
            Value::Text {
                text: typed,
                font: f,
            } => {
                text = Some(typed.clone());
                font = Some(f.clone());
            }
            Value::Number(m) => milli = Some(m.0),
        }
        SpecRow {
            attribute: line.attribute.clone(),
            label: (&line.label).into(),
            options,
            text,
            font,
            milli,
            value_label: (&line.value_label).into(),
        }
    }
}

/// The lines of `snapshot`, with each line's booked production start.
pub fn lines_of(snapshot: &OrderSnapshot, starts: &[String]) -> Vec<ProductionLine> {
    snapshot
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| ProductionLine {
            product: line.product.clone(),
            product_name: (&line.product_name).into(),
            configuration: line.configuration.clone(),
            quantity: line.quantity,
            production_line: line.production_line.clone(),
            production_start: starts.get(i).cloned().unwrap_or_default(),
            spec: line.spec.iter().map(SpecRow::of).collect(),
            components: line
                .components
                .iter()
                .map(|c| ComponentRow {
                    component: c.component.clone(),
                    name: (&c.name).into(),
                    units: c.units,
                })
                .collect(),
        })
        .collect()
}

/// Where `snapshot`'s order goes.
pub fn ship_to(snapshot: &OrderSnapshot) -> ShipTo {
    let c = &snapshot.customer;
    ShipTo {
        name: c.name.clone(),
        street: c.street.clone(),
        postal_code: c.postal_code.clone(),
        city: c.city.clone(),
        country: c.country.clone(),
        phone: c.phone.clone(),
    }
}
