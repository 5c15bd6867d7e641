//! The delivery estimate: working days of production, the line's free
//! capacity, component stock and shipping, as a date window with reasons.
//!
//! Pure: the server passes today's date (in the shop's time zone) and fills
//! the calendar and stock from its database.
//!
//! Definitions (all counting is in working days, never calendar days):
//! - Production days = `base_days` + each chosen option's `days` + a set
//!   text's `days`.
//! - Two calendars: the **line** calendar (its weekday mask minus its
//!   holidays) for production, and the **shipping** calendar (Monday to
//!   Friday minus the same holidays) for replenishment, dispatch and transit.
//! - Components: each chosen option consumes `qty x quantity` of its
//!   components. A component whose stock `available` is smaller than the need
//!   arrives `replenish_days` shipping working days after today (0: today),
//!   or on the day of the first expected delivery ([`ComponentStock::incoming`],
//!   days after today only) that brings the stock up to the need, if earlier.
//!   A component missing from [`Stock`] is not stock-tracked and never short.
//! - Start: the first line working day strictly after today (an order placed
//!   today starts tomorrow at the earliest), on or after every short
//!   component's arrival, with free capacity: `booked + quantity <=
//!   daily_capacity`. An order larger than the daily capacity starts on a day
//!   with nothing booked (it is then made over several days, which the
//!   production days already account for); a line with capacity 0 makes
//!   nothing.
//! - Production day 1 is the start day; with N production days the last one
//!   is the N-th line working day counted from the start. Ship = the first
//!   shipping working day strictly after the last production day (with N = 0:
//!   the first shipping working day on or after the start).
//! - Earliest delivery = ship + `shipping_days` shipping working days;
//!   latest = earliest + [`DELIVERY_MARGIN_DAYS`] shipping working days.
//! - Every date searched lies within [`HORIZON_DAYS`] calendar days of today,
//!   otherwise the estimate fails ([`DeliveryError::NoCapacity`] when no start
//!   day is free, [`DeliveryError::BeyondHorizon`] otherwise).

mod calendar;
mod format;
pub mod iso_date;
mod reason;

pub use format::{format_date, format_window};
pub use reason::{OptionRef, Reason};

use crate::model::{Lang, Product};
use crate::pricing::{chosen, Chosen, Mismatch, MismatchText};
use crate::selection::Selection;
use calendar::{PastLimit, WorkCalendar};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Working days between the earliest and the latest delivery day.
pub const DELIVERY_MARGIN_DAYS: u32 = 2;

/// How far ahead (in calendar days from today) the estimate searches.
pub const HORIZON_DAYS: i32 = 3 * 366;

/// Monday to Friday, Monday first.
pub const MONDAY_TO_FRIDAY: [bool; 7] = [true, true, true, true, true, false, false];

fn monday_to_friday() -> [bool; 7] {
    MONDAY_TO_FRIDAY
}

/// The last day searched from `today`: [`HORIZON_DAYS`] later. Added as a
/// duration of whole days, not as a `Span`, whose constructor can panic and
/// so brings all of jiff's error texts into the browser's wasm.
fn horizon(today: Date) -> Date {
    let days = jiff::SignedDuration::from_hours(i64::from(HORIZON_DAYS) * 24);
    today.checked_add(days).unwrap_or(Date::MAX)
}

/// A production line's calendar and order book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCalendar {
    /// Worked weekdays, Monday first (default: Monday to Friday).
    #[serde(default = "monday_to_friday")]
    pub working_days: [bool; 7],
    /// Days off (for production and for shipping).
    #[serde(default, deserialize_with = "iso_date::dates")]
    pub holidays: Vec<Date>,
    /// Units the line can start per working day.
    pub daily_capacity: u32,
    /// Units already booked to start production on a day.
    #[serde(default, deserialize_with = "iso_date::date_keys")]
    pub booked: BTreeMap<Date, u32>,
}

impl LineCalendar {
    /// A Monday-to-Friday line without holidays or bookings.
    pub fn new(daily_capacity: u32) -> Self {
        LineCalendar {
            working_days: MONDAY_TO_FRIDAY,
            holidays: Vec::new(),
            daily_capacity,
            booked: BTreeMap::new(),
        }
    }

    /// The holidays in order, each once.
    pub fn sorted_holidays(&self) -> Vec<Date> {
        let mut holidays = self.holidays.clone();
        holidays.sort_unstable();
        holidays.dedup();
        holidays
    }

    /// The `n`-th working day of this line after `date` (`date` itself for
    /// 0); `None` beyond the search horizon.
    pub fn working_day_after(&self, date: Date, n: u32) -> Option<Date> {
        let holidays = self.sorted_holidays();
        let calendar = WorkCalendar {
            weekdays: self.working_days,
            holidays: &holidays,
            limit: horizon(date),
        };
        calendar.add_working_days(date, u64::from(n)).ok()
    }
}

/// Stock of components, by component id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stock {
    #[serde(default)]
    pub components: BTreeMap<String, ComponentStock>,
}

impl Stock {
    /// Only the components `product`'s options use: all an estimate of it
    /// reads.
    pub fn used_by(&self, product: &Product) -> Stock {
        let used = product.component_ids();
        Stock {
            components: self
                .components
                .iter()
                .filter(|(id, _)| used.contains(id.as_str()))
                .map(|(id, stock)| (id.clone(), stock.clone()))
                .collect(),
        }
    }
}

/// Stock of one component.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentStock {
    /// On hand minus reserved (may be negative).
    pub available: i64,
    /// Shipping working days after today until new stock arrives.
    pub replenish_days: u32,
    /// Deliveries already ordered, by expected day (earliest first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incoming: Vec<Incoming>,
}

/// A delivery of a component expected on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    #[serde(deserialize_with = "iso_date::date")]
    pub on: Date,
    pub units: i64,
}

impl ComponentStock {
    /// The day `need` units are in stock when `available` falls short:
    /// replenishment after `replenish_days`, or an earlier expected delivery
    /// (after `today`) that brings the stock up to the need.
    fn arrival(
        &self,
        need: u64,
        today: Date,
        ship_days: &WorkCalendar<'_>,
    ) -> Result<Date, DeliveryError> {
        let replenished = ship_days.add_working_days(today, u64::from(self.replenish_days))?;
        // The earliest delivery day by which the deliveries so far cover the
        // need, in any order given (without sorting: a sort's code would
        // weigh more in the wasm than the few deliveries cost here).
        let counted = |d: &&Incoming| d.on > today && d.on < replenished;
        let covered_by = |day: Date| {
            let arriving: i128 = self
                .incoming
                .iter()
                .filter(counted)
                .filter(|d| d.on <= day)
                .map(|d| i128::from(d.units.max(0)))
                .sum();
            i128::from(self.available) + arriving >= i128::from(need)
        };
        Ok(self
            .incoming
            .iter()
            .filter(counted)
            .map(|d| d.on)
            .filter(|day| covered_by(*day))
            .min()
            .unwrap_or(replenished))
    }
}

/// When an order would be made and delivered, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    /// First production day.
    #[serde(deserialize_with = "iso_date::date")]
    pub start: Date,
    /// Dispatch day.
    #[serde(deserialize_with = "iso_date::date")]
    pub ship: Date,
    /// Delivery window.
    #[serde(deserialize_with = "iso_date::date")]
    pub earliest: Date,
    #[serde(deserialize_with = "iso_date::date")]
    pub latest: Date,
    pub production_days: u32,
    pub reasons: Vec<Reason>,
    /// The stock-tracked components the order consumes, by component id.
    #[serde(default)]
    pub components: BTreeMap<String, ComponentUse>,
}

/// How much of one component an order consumes, and from where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentUse {
    pub units: u64,
    /// `true` when the estimate counted on stock on hand (the order must
    /// reserve it before that stock is gone); `false` when it waits for
    /// replenishment.
    pub from_stock: bool,
}

impl Estimate {
    /// The delivery window in words: `9.–11. Dez. 2026`.
    pub fn window(&self, lang: Lang) -> String {
        format_window(self.earliest, self.latest, lang)
    }
}

/// Why there is no estimate.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum DeliveryError {
    #[error("the quantity must be at least 1")]
    ZeroQuantity,
    #[error("unknown attribute '{attribute}'")]
    UnknownAttribute { attribute: String },
    #[error("attribute '{attribute}' has no option '{option}'")]
    UnknownOption { attribute: String, option: String },
    #[error("attribute '{attribute}' got a value of the wrong kind")]
    WrongValueKind { attribute: String },
    #[error("the production line has no free day until {until}")]
    NoCapacity {
        #[serde(deserialize_with = "iso_date::date")]
        until: Date,
    },
    #[error("the delivery date would be after {until}")]
    BeyondHorizon {
        #[serde(deserialize_with = "iso_date::date")]
        until: Date,
    },
}

impl DeliveryError {
    /// The error in words for the customer.
    pub fn message(&self, lang: Lang) -> String {
        use DeliveryError::*;
        match (self, lang) {
            (ZeroQuantity, _) => MismatchText::ZeroQuantity.message(lang),
            (UnknownAttribute { attribute }, _) => {
                MismatchText::UnknownAttribute(attribute).message(lang)
            }
            (UnknownOption { attribute, option }, _) => {
                MismatchText::UnknownOption(attribute, option).message(lang)
            }
            (WrongValueKind { attribute }, _) => {
                MismatchText::WrongValueKind(attribute).message(lang)
            }
            (NoCapacity { until }, Lang::De) => format!(
                "Bis {} ist kein Fertigungstermin frei.",
                format_date(*until, lang)
            ),
            (NoCapacity { until }, Lang::En) => format!(
                "No production slot is free until {}.",
                format_date(*until, lang)
            ),
            (BeyondHorizon { until }, Lang::De) => format!(
                "Eine Lieferung bis {} ist nicht möglich.",
                format_date(*until, lang)
            ),
            (BeyondHorizon { until }, Lang::En) => {
                format!("Delivery is not possible by {}.", format_date(*until, lang))
            }
        }
    }
}

impl From<Mismatch> for DeliveryError {
    fn from(mismatch: Mismatch) -> Self {
        match mismatch {
            Mismatch::UnknownAttribute { attribute } => {
                DeliveryError::UnknownAttribute { attribute }
            }
            Mismatch::UnknownOption { attribute, option } => {
                DeliveryError::UnknownOption { attribute, option }
            }
            Mismatch::WrongValueKind { attribute } => DeliveryError::WrongValueKind { attribute },
        }
    }
}

impl From<PastLimit> for DeliveryError {
    fn from(PastLimit(until): PastLimit) -> Self {
        DeliveryError::BeyondHorizon { until }
    }
}

/// Estimates production start, dispatch and the delivery window of the
/// effective configuration in `quantity` units ordered `today`. See the
/// module docs for the exact definitions.
pub fn estimate(
    product: &Product,
    effective: &Selection,
    quantity: u32,
    line: &LineCalendar,
    stock: &Stock,
    today: Date,
) -> Result<Estimate, DeliveryError> {
    if quantity == 0 {
        return Err(DeliveryError::ZeroQuantity);
    }
    let items = chosen(product, effective)?;
    let holidays = line.sorted_holidays();
    let limit = horizon(today);
    let line_days = WorkCalendar {
        weekdays: line.working_days,
        holidays: &holidays,
        limit,
    };
    let ship_days = WorkCalendar {
        weekdays: MONDAY_TO_FRIDAY,
        holidays: &holidays,
        limit,
    };

    let mut reasons = vec![Reason::BaseDays {
        days: product.base_days,
    }];
    let production_days = days_of(product, &items);
    // By component id, sorted (a small sorted list rather than a map: less
    // code in the browser).
    let mut needs: Vec<(&str, (u64, Vec<OptionRef>))> = Vec::new();
    for item in &items {
        match item {
            Chosen::Option { attribute, option } => {
                if option.days > 0 {
                    reasons.push(Reason::OptionDays {
                        attribute: attribute.id.clone(),
                        option: option.id.clone(),
                        days: option.days,
                    });
                }
                for used in &option.components {
                    let id = used.component.as_str();
                    let at = match needs.binary_search_by(|(c, _)| (*c).cmp(id)) {
                        Ok(at) => at,
                        Err(at) => {
                            needs.insert(at, (id, Default::default()));
                            at
                        }
                    };
                    let need = &mut needs[at].1;
                    need.0 += u64::from(used.qty) * u64::from(quantity);
                    need.1.push(OptionRef {
                        attribute: attribute.id.clone(),
                        option: option.id.clone(),
                    });
                }
            }
            Chosen::Text {
                attribute, spec, ..
            } => {
                if spec.days > 0 {
                    reasons.push(Reason::TextDays {
                        attribute: attribute.id.clone(),
                        days: spec.days,
                    });
                }
            }
        }
    }

    // Earliest start: tomorrow or later, once every short component is here.
    let mut ready = line_days.next_day(today)?;
    let mut components = BTreeMap::new();
    for (component, (need, used_by)) in needs {
        let Some(have) = stock.components.get(component) else {
            continue;
        };
        let from_stock = i128::from(need) <= i128::from(have.available);
        components.insert(
            component.to_owned(),
            ComponentUse {
                units: need,
                from_stock,
            },
        );
        if !from_stock {
            let arrives = have.arrival(need, today, &ship_days)?;
            ready = ready.max(arrives);
            reasons.push(Reason::ComponentShort {
                component: component.to_owned(),
                arrives,
                used_by,
            });
        }
    }
    let earliest_start = line_days.first_on_or_after(ready)?;
    let start = first_free_day(line, &line_days, earliest_start, quantity)?;
    if quantity > line.daily_capacity {
        reasons.push(Reason::OverCapacity {
            quantity,
            capacity: line.daily_capacity,
        });
    }
    if start > earliest_start {
        reasons.push(Reason::LineBusy { first_free: start });
    }

    let ship = if production_days == 0 {
        ship_days.first_on_or_after(start)?
    } else {
        let last = line_days.add_working_days(start, production_days - 1)?;
        ship_days.first_after(last)?
    };
    let earliest = ship_days.add_working_days(ship, u64::from(product.shipping_days))?;
    let latest = ship_days.add_working_days(earliest, u64::from(DELIVERY_MARGIN_DAYS))?;

    reasons.extend(
        holidays
            .iter()
            .filter(|d| **d > today && **d <= latest)
            .filter(|d| {
                let weekday = d.weekday().to_monday_zero_offset() as usize;
                line.working_days[weekday] || MONDAY_TO_FRIDAY[weekday]
            })
            .map(|d| Reason::Holiday { date: *d }),
    );
    reasons.push(Reason::Shipping {
        days: product.shipping_days,
    });

    Ok(Estimate {
        start,
        ship,
        earliest,
        latest,
        production_days: u32::try_from(production_days).unwrap_or(u32::MAX),
        reasons,
        components,
    })
}

/// Books an order's estimate into `line` and `stock` as placing it does:
/// `quantity` units on the start day, and every stock-tracked component it
/// consumes taken from what is available. Estimating several orders one
/// after another, booking each, gives each the figures it gets when they are
/// placed in that order.
pub fn book(line: &mut LineCalendar, stock: &mut Stock, estimate: &Estimate, quantity: u32) {
    let booked = line.booked.entry(estimate.start).or_insert(0);
    *booked = booked.saturating_add(quantity);
    for (component, used) in &estimate.components {
        if let Some(have) = stock.components.get_mut(component) {
            let units = i64::try_from(used.units).unwrap_or(i64::MAX);
            have.available = have.available.saturating_sub(units);
        }
    }
}

/// Working days of production for the chosen items: the product's base
/// days, each chosen option's and each filled-in text's extra days.
fn days_of(product: &Product, items: &[Chosen]) -> u64 {
    let extra: u64 = items
        .iter()
        .map(|item| match item {
            Chosen::Option { option, .. } => u64::from(option.days),
            Chosen::Text { spec, .. } => u64::from(spec.days),
        })
        .sum();
    u64::from(product.base_days) + extra
}

/// Working days of production of the effective configuration, as the
/// catalog sets them ([`days_of`]).
pub fn production_days(product: &Product, effective: &Selection) -> Result<u32, DeliveryError> {
    let items = chosen(product, effective)?;
    Ok(u32::try_from(days_of(product, &items)).unwrap_or(u32::MAX))
}

/// The lead time of the effective configuration in working days, as the
/// catalog sets it: production ([`days_of`]) plus shipping. Unlike an
/// [`Estimate`], it does not depend on bookings or stock.
pub fn lead_days(product: &Product, effective: &Selection) -> Result<u32, DeliveryError> {
    let items = chosen(product, effective)?;
    let days = days_of(product, &items) + u64::from(product.shipping_days);
    Ok(u32::try_from(days).unwrap_or(u32::MAX))
}

/// What `quantity` units of the effective configuration are made of: every
/// component its chosen options consume (stock-tracked or not), in units, by
/// component id.
pub fn bill_of_materials(
    product: &Product,
    effective: &Selection,
    quantity: u32,
) -> Result<BTreeMap<String, u64>, DeliveryError> {
    let mut needs = BTreeMap::new();
    for item in chosen(product, effective)? {
        if let Chosen::Option { option, .. } = item {
            for used in &option.components {
                *needs.entry(used.component.clone()).or_insert(0) +=
                    u64::from(used.qty) * u64::from(quantity);
            }
        }
    }
    Ok(needs)
}

/// The first line working day on or after `from` that can take `quantity`
/// more units: `booked + quantity <= capacity`, or nothing booked at all
/// when `quantity` alone exceeds the capacity.
fn first_free_day(
    line: &LineCalendar,
    calendar: &WorkCalendar<'_>,
    from: Date,
    quantity: u32,
) -> Result<Date, DeliveryError> {
    let no_capacity = DeliveryError::NoCapacity {
        until: calendar.limit,
    };
    if line.daily_capacity == 0 {
        return Err(no_capacity);
    }
    let fits = |day: Date| {
        let booked = line.booked.get(&day).copied().unwrap_or(0);
        if quantity > line.daily_capacity {
            booked == 0
        } else {
            u64::from(booked) + u64::from(quantity) <= u64::from(line.daily_capacity)
        }
    };
    let mut day = from;
    loop {
        if fits(day) {
            return Ok(day);
        }
        day = calendar.first_after(day).map_err(|_| no_capacity.clone())?;
    }
}
