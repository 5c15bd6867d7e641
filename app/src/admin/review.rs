//! One order as the back office reviews it: the snapshot exactly as
//! ordered, its steps with who took them, internal notes, and whether its
//! promised window still holds with today's bookings and stock.

use crate::orders::{OrderSnapshot, Status};
use engine::Text;
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

/// Longest internal note accepted, in characters.
pub const MAX_NOTE: usize = 2000;

/// One step of an order, with who took it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub status: Status,
    /// In the shop's time zone.
    pub at: DateTime,
    /// The person's name; `None` for the customer's checkout.
    pub by: Option<String>,
    /// What the customer was told with it (a reason, carrier and tracking).
    pub detail: Option<String>,
}

/// An internal note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub by: String,
    pub at: DateTime,
    pub body: String,
}

/// One stored line's production booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub production_line: String,
    /// The booked day production starts.
    pub start: Date,
    pub units: u32,
}

/// An order for the back office.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderFile {
    pub number: String,
    /// The secret of the customer's status link.
    pub token: String,
    pub status: Status,
    pub placed: DateTime,
    pub snapshot: OrderSnapshot,
    /// Each line's booking, in the snapshot's order.
    pub bookings: Vec<Booking>,
    /// Oldest first.
    pub steps: Vec<Step>,
    /// Oldest first.
    pub notes: Vec<Note>,
    /// Whether the promised window holds, as of now.
    pub window: WindowCheck,
    /// Whether the personal data has been erased.
    pub erased: bool,
}

/// Whether an order's promised window still holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowCheck {
    Holds,
    /// What puts it at risk.
    AtRisk(Vec<Text>),
    /// Shipped, delivered, rejected or cancelled: nothing left to hold.
    Settled,
}

/// Whether the window promised for `bookings` still holds with `plan`
/// (today's calendars, bookings and stock), and if not, why. Each line's
/// components are the snapshot's bill of materials.
#[cfg(feature = "ssr")]
pub fn window_check(
    status: Status,
    snapshot: &OrderSnapshot,
    bookings: &[Booking],
    plan: &crate::state::ProductionPlan,
) -> WindowCheck {
    let waiting = matches!(
        status,
        Status::Received | Status::Accepted | Status::Released
    );
    if !waiting && !matches!(status, Status::InProduction | Status::Completed) {
        return WindowCheck::Settled;
    }
    let mut risks = Vec::new();
    if snapshot.latest < plan.today {
        risks.push(Text {
            de: "Der zugesagte Liefertermin ist verstrichen.".into(),
            en: "The promised delivery window has passed.".into(),
        });
    }
    for (line, booking) in snapshot.lines.iter().zip(bookings) {
        if !waiting {
            break;
        }
        let name = &booking.production_line;
        let day = booking.start;
        if day < plan.today {
            risks.push(Text {
                de: format!(
                    "Die Fertigung sollte am {day} auf „{name}“ beginnen und hat nicht begonnen."
                ),
                en: format!(
                    "Production on “{name}” was due to start on {day} and has not started."
                ),
            });
        }
        match plan.lines.get(name) {
            None => risks.push(Text {
                de: format!("Die Fertigungslinie „{name}“ gibt es nicht mehr."),
                en: format!("The production line “{name}” no longer exists."),
            }),
            Some(calendar) => {
                let weekday = day.weekday().to_monday_zero_offset() as usize;
                if !calendar.working_days[weekday] || calendar.holidays.contains(&day) {
                    risks.push(Text {
                        de: format!("Am {day} wird auf „{name}“ nicht mehr gearbeitet."),
                        en: format!("“{name}” no longer works on {day}."),
                    });
                }
                let booked = calendar.booked.get(&day).copied().unwrap_or(0);
                if booked > calendar.daily_capacity {
                    risks.push(Text {
                        de: format!(
                            "Am {day} sind auf „{name}“ {booked} Stück gebucht, die Kapazität ist {}.",
                            calendar.daily_capacity
                        ),
                        en: format!(
                            "{booked} pieces are booked on “{name}” for {day}; its capacity is {}.",
                            calendar.daily_capacity
                        ),
                    });
                }
            }
        }
        for component in &line.components {
            let Some(stock) = plan.stock.components.get(&component.component) else {
                continue;
            };
            let arrives = plan
                .today
                .checked_add(jiff::Span::new().days(i64::from(stock.replenish_days)));
            let in_time = arrives.is_ok_and(|d| d <= day);
            if stock.available < 0 && !in_time {
                risks.push(Text {
                    de: format!(
                        "{}: {} Stück mehr reserviert als am Lager, Nachschub braucht {} Tage.",
                        component.name.de, -stock.available, stock.replenish_days
                    ),
                    en: format!(
                        "{}: {} more reserved than on hand; replenishment takes {} days.",
                        component.name.en, -stock.available, stock.replenish_days
                    ),
                });
            }
        }
    }
    risks.dedup();
    if risks.is_empty() {
        WindowCheck::Holds
    } else {
        WindowCheck::AtRisk(risks)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::orders::snapshot::ComponentLine;
    use crate::state::ProductionPlan;
    use engine::delivery::{ComponentStock, LineCalendar, Stock};
    use std::collections::BTreeMap;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// The snapshot of the committed three-line fixture order.
    fn fixture() -> OrderSnapshot {
        let file: serde_json::Value = serde_json::from_str(include_str!(
            "../../../server/tests/fixtures/orders-schema-2.json"
        ))
        .unwrap();
        let json = file["orders"][0]["snapshot"].to_string();
        OrderSnapshot::decode(&json, "goldsmith").unwrap()
    }

    #[test]
    fn a_window_holds_until_capacity_calendar_or_stock_change() {
        let mut order = fixture();
        order.lines.truncate(1);
        order.latest = day("2026-12-20");
        order.lines[0].components = vec![ComponentLine {
            component: "ruby".into(),
            name: Text {
                de: "Rubin".into(),
                en: "Ruby".into(),
            },
            units: 1,
        }];
        let booking = Booking {
            production_line: "goldsmith".into(),
            start: day("2026-12-08"),
            units: 1,
        };
        let calendar = LineCalendar {
            working_days: [true, true, true, true, true, false, false],
            holidays: vec![],
            daily_capacity: 4,
            booked: BTreeMap::from([(day("2026-12-08"), 4)]),
        };
        let stock = |available| Stock {
            components: BTreeMap::from([(
                "ruby".to_owned(),
                ComponentStock {
                    available,
                    replenish_days: 10,
                    incoming: Vec::new(),
                },
            )]),
        };
        let plan = |calendar: LineCalendar, stock: Stock, today: &str| ProductionPlan {
            lines: BTreeMap::from([("goldsmith".to_owned(), calendar)]),
            stock,
            today: day(today),
        };
        let check = |p: &ProductionPlan| {
            window_check(Status::Accepted, &order, std::slice::from_ref(&booking), p)
        };
        assert_eq!(
            check(&plan(calendar.clone(), stock(0), "2026-12-02")),
            WindowCheck::Holds
        );

        let mut smaller = calendar.clone();
        smaller.daily_capacity = 3;
        let mut holiday = calendar.clone();
        holiday.holidays.push(day("2026-12-08"));
        for (p, why) in [
            (plan(smaller, stock(0), "2026-12-02"), "capacity is 3"),
            (plan(holiday, stock(0), "2026-12-02"), "no longer works"),
            (
                plan(calendar.clone(), stock(-1), "2026-12-02"),
                "replenishment takes 10 days",
            ),
            (
                plan(calendar.clone(), stock(0), "2026-12-09"),
                "has not started",
            ),
            (
                plan(calendar.clone(), stock(0), "2026-12-21"),
                "window has passed",
            ),
        ] {
            match check(&p) {
                WindowCheck::AtRisk(risks) => {
                    assert!(risks.iter().any(|r| r.en.contains(why)), "{why}: {risks:?}")
                }
                other => panic!("{why}: {other:?}"),
            }
        }
        assert_eq!(
            window_check(
                Status::Shipped,
                &order,
                std::slice::from_ref(&booking),
                &plan(calendar, stock(-5), "2026-12-30")
            ),
            WindowCheck::Settled
        );
    }
}
