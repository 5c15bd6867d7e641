//! Production days held for a checkout while its customer confirms: when an
//! order is answered with new figures, the days they were estimated on are
//! kept for that checkout for a while, so that the confirmation finds them
//! free even when others order the same product meanwhile. Without it, a
//! busy line moves every quote on before its customer can confirm it.
//!
//! Holds are this process's (a second server process does not see them),
//! they hold capacity, not stock, and the database stays the truth: an
//! order is still checked against what is booked when it is stored.

use app::orders::quote::Quote;
use app::state::{ClientAddress, ProductionPlan};
use jiff::civil::Date;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long quoted days stay held for their checkout.
pub const HOLD_FOR: Duration = Duration::from_secs(5 * 60);

/// The live holds, by checkout key.
#[derive(Clone, Debug, Default)]
pub struct Holds {
    by_key: HashMap<String, Hold>,
}

#[derive(Clone, Debug)]
struct Hold {
    client: Option<ClientAddress>,
    /// Production line, first production day and units.
    days: Vec<(String, Date, u32)>,
    until: Instant,
}

impl Holds {
    /// Forgets the holds that ran out by `now`.
    pub fn expire(&mut self, now: Instant) {
        self.by_key.retain(|_, hold| hold.until > now);
    }

    /// Books every hold into `plan`, as if its order were placed.
    pub fn book_all(&self, plan: &mut ProductionPlan) {
        for hold in self.by_key.values() {
            for (line, day, units) in &hold.days {
                if let Some(calendar) = plan.lines.get_mut(line) {
                    let booked = calendar.booked.entry(*day).or_insert(0);
                    *booked = booked.saturating_add(*units);
                }
            }
        }
    }

    /// Takes the hold of checkout `key` out of `plan` (booked into it by
    /// [`Self::book_all`]), so its own order can use the days.
    pub fn unbook(&self, key: &str, plan: &mut ProductionPlan) {
        let Some(hold) = self.by_key.get(key) else {
            return;
        };
        for (line, day, units) in &hold.days {
            if let Some(booked) = plan.lines.get_mut(line).and_then(|c| c.booked.get_mut(day)) {
                *booked = booked.saturating_sub(*units);
            }
        }
    }

    /// Forgets the hold of checkout `key` (its order was placed or can no
    /// longer be made).
    pub fn release(&mut self, key: &str) {
        self.by_key.remove(key);
    }

    /// Holds `days` (production line, first day, units) for checkout
    /// `key` until `now` + [`HOLD_FOR`], unless `client` already holds
    /// `per_client` other checkouts (0: no limit); whether it holds them.
    /// The checkout's earlier hold is let go either way.
    pub fn hold(
        &mut self,
        key: &str,
        client: Option<ClientAddress>,
        days: Vec<(String, Date, u32)>,
        now: Instant,
        per_client: u32,
    ) -> bool {
        self.release(key);
        let held_by_client = self
            .by_key
            .values()
            .filter(|hold| client.is_some() && hold.client == client)
            .count();
        if days.is_empty() || (per_client > 0 && held_by_client >= per_client as usize) {
            return false;
        }
        let until = now + HOLD_FOR;
        self.by_key.insert(
            key.to_owned(),
            Hold {
                client,
                days,
                until,
            },
        );
        true
    }
}

/// The days an estimated quote books: production line, first day, units.
pub fn days_of(quote: &Quote<'_>) -> Vec<(String, Date, u32)> {
    quote
        .lines
        .iter()
        .filter_map(|line| {
            let (_, estimate) = line.figures.as_ref()?;
            let compiled = line.compiled?;
            Some((
                compiled.product.production_line.clone(),
                estimate.start,
                line.request.quantity.get(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::delivery::LineCalendar;
    use jiff::civil::date;
    use std::collections::BTreeMap;

    fn plan() -> ProductionPlan {
        let calendar = LineCalendar {
            working_days: [true, true, true, true, true, false, false],
            holidays: Vec::new(),
            daily_capacity: 12,
            booked: BTreeMap::from([(date(2026, 12, 7), 5)]),
        };
        ProductionPlan {
            lines: BTreeMap::from([("goldsmith".to_owned(), calendar)]),
            stock: Default::default(),
            today: date(2026, 12, 6),
        }
    }

    fn booked(plan: &ProductionPlan, day: Date) -> u32 {
        plan.lines["goldsmith"]
            .booked
            .get(&day)
            .copied()
            .unwrap_or(0)
    }

    fn days(units: u32) -> Vec<(String, Date, u32)> {
        vec![("goldsmith".to_owned(), date(2026, 12, 7), units)]
    }

    #[test]
    fn a_hold_books_for_everyone_but_its_own_checkout_until_it_runs_out() {
        let now = Instant::now();
        let mut holds = Holds::default();
        assert!(holds.hold("a", None, days(3), now, 0));
        let mut seen = plan();
        holds.book_all(&mut seen);
        assert_eq!(booked(&seen, date(2026, 12, 7)), 8);
        holds.unbook("a", &mut seen);
        assert_eq!(booked(&seen, date(2026, 12, 7)), 5);

        holds.expire(now + HOLD_FOR);
        let mut later = plan();
        holds.book_all(&mut later);
        assert_eq!(booked(&later, date(2026, 12, 7)), 5, "ran out");
    }

    #[test]
    fn one_client_holds_at_most_its_limit_and_a_new_quote_replaces_its_hold() {
        let now = Instant::now();
        let client = Some(ClientAddress("192.0.2.7".parse().unwrap()));
        let other = Some(ClientAddress("192.0.2.8".parse().unwrap()));
        let mut holds = Holds::default();
        assert!(holds.hold("a", client, days(1), now, 2));
        assert!(holds.hold("b", client, days(1), now, 2));
        assert!(!holds.hold("c", client, days(1), now, 2), "over the limit");
        assert!(holds.hold("d", other, days(1), now, 2), "another client");
        assert!(holds.hold("a", client, days(4), now, 2), "a new quote of a");
        let mut seen = plan();
        holds.book_all(&mut seen);
        assert_eq!(booked(&seen, date(2026, 12, 7)), 5 + 4 + 1 + 1);
        holds.release("a");
        let mut after = plan();
        holds.book_all(&mut after);
        assert_eq!(booked(&after, date(2026, 12, 7)), 5 + 1 + 1);
        // A refused hold lets the checkout's earlier one go (the batch
        // relies on it).
        assert!(
            !holds.hold("b", client, Vec::new(), now, 2),
            "nothing to hold"
        );
        let mut refused = plan();
        holds.book_all(&mut refused);
        assert_eq!(
            booked(&refused, date(2026, 12, 7)),
            5 + 1,
            "b's hold let go"
        );
    }
}
