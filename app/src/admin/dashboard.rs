//! The back office's overview: orders and revenue per day, each production
//! line's backlog against its capacity per week, and the components running
//! short. The server reads the figures; what can be computed without a
//! database is here, pure.

use super::operations::day_loads;
use engine::delivery::LineCalendar;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many days of orders the overview shows, today included.
pub const DAYS_SHOWN: usize = 30;
/// How many weeks of backlog the overview shows, the current one first.
pub const WEEKS_SHOWN: usize = 8;

/// Everything the overview shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Today in the shop's time zone.
    pub today: Date,
    /// The currency revenue is summed in.
    pub currency: String,
    /// [`DAYS_SHOWN`] days up to today, oldest first, days without orders
    /// included.
    pub days: Vec<DayFigures>,
    /// Every production line, by id.
    pub lines: Vec<LineOutlook>,
    /// Components at or below their reorder level, least available first.
    pub short: Vec<ShortComponent>,
}

/// Orders received on one day (the shop's local day) that still stand:
/// rejected and cancelled orders are left out of both figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    pub day: Date,
    pub orders: u32,
    /// Sum of the orders' totals in [`Dashboard::currency`], minor units.
    pub revenue_minor: i64,
}

/// A production line's next weeks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineOutlook {
    pub id: String,
    /// [`WEEKS_SHOWN`] weeks, the current ISO week first.
    pub weeks: Vec<WeekLoad>,
}

/// Units booked to start in one week and the units the line can start then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekLoad {
    /// The Monday of the ISO week.
    pub monday: Date,
    pub booked: u32,
    pub capacity: u32,
}

impl WeekLoad {
    /// Whether more is booked than the line can start that week.
    pub fn over(&self) -> bool {
        self.booked > self.capacity
    }
}

/// A component whose available stock has reached its reorder level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortComponent {
    pub id: String,
    pub on_hand: i64,
    /// Promised to orders not yet made.
    pub reserved: i64,
    pub reorder_level: i64,
    /// Working days from ordering new stock until it arrives.
    pub replenish_days: u32,
    /// The earliest open delivery: expected day and quantity.
    pub next_delivery: Option<(Date, i64)>,
}

impl ShortComponent {
    /// On hand minus reserved (negative: orders wait for stock).
    pub fn available(&self) -> i64 {
        self.on_hand - self.reserved
    }
}

/// The Monday of `day`'s ISO week.
pub fn monday_of(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(jiff::SignedDuration::from_hours(24 * back))
        .unwrap_or(Date::MIN)
}

/// `weeks` ISO weeks of `calendar`, the one holding `today` first. A week's
/// capacity is the daily capacity times its working days that are not
/// holidays; booked is the sum of its bookings. In the current week only the
/// days from today on count (what is past can no longer be started), for
/// capacity and bookings alike. Bookings on a day not worked (a holiday
/// added later) count, so they show as over capacity.
pub fn week_outlook(calendar: &LineCalendar, today: Date, weeks: usize) -> Vec<WeekLoad> {
    let monday = monday_of(today);
    let past = today.weekday().to_monday_zero_offset() as usize;
    let days = (weeks * 7).saturating_sub(past);
    let mut out: Vec<WeekLoad> = Vec::with_capacity(weeks);
    for load in day_loads(calendar, today, u32::try_from(days).unwrap_or(u32::MAX)) {
        let week = monday_of(load.day);
        match out.last_mut() {
            Some(w) if w.monday == week => {
                w.booked = w.booked.saturating_add(load.booked);
                w.capacity = w.capacity.saturating_add(load.capacity);
            }
            _ => out.push(WeekLoad {
                monday: week,
                booked: load.booked,
                capacity: load.capacity,
            }),
        }
    }
    if out.is_empty() && weeks > 0 {
        out.push(WeekLoad {
            monday,
            booked: 0,
            capacity: 0,
        });
    }
    out
}

/// The `days` days up to `today`, oldest first, with the figures `counted`
/// holds for them (orders and revenue by day) and zero for the others.
/// Figures of days outside the range are left out.
pub fn fill_days(
    today: Date,
    days: usize,
    counted: &BTreeMap<Date, (u32, i64)>,
) -> Vec<DayFigures> {
    let mut out: Vec<DayFigures> = Vec::with_capacity(days);
    let mut day = today;
    for _ in 0..days {
        let (orders, revenue_minor) = counted.get(&day).copied().unwrap_or_default();
        out.push(DayFigures {
            day,
            orders,
            revenue_minor,
        });
        match day.yesterday() {
            Ok(before) => day = before,
            Err(_) => break,
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Monday to Friday, 10 a day, a holiday on Thursday 24 Dec 2026.
    fn line() -> LineCalendar {
        let mut line = LineCalendar::new(10);
        line.holidays = vec![date(2026, 12, 24)];
        line.booked = BTreeMap::from([
            (date(2026, 12, 1), 4), // Tuesday, before today: not counted
            (date(2026, 12, 3), 7),
            (date(2026, 12, 4), 9),
            (date(2026, 12, 8), 60), // over the week's 50
            (date(2026, 12, 24), 3), // on the holiday
            (date(2027, 1, 25), 5),  // after the eighth week
        ]);
        line
    }

    #[test]
    fn the_week_starts_on_monday() {
        assert_eq!(monday_of(date(2026, 12, 2)), date(2026, 11, 30));
        assert_eq!(monday_of(date(2026, 11, 30)), date(2026, 11, 30));
        assert_eq!(monday_of(date(2026, 12, 6)), date(2026, 11, 30));
        assert_eq!(monday_of(date(2027, 1, 1)), date(2026, 12, 28));
    }

    #[test]
    fn weeks_count_working_days_from_today_on() {
        // Wednesday 2 Dec 2026: Wednesday to Friday are left of this week.
        let weeks = week_outlook(&line(), date(2026, 12, 2), 8);
        let mondays: Vec<Date> = weeks.iter().map(|w| w.monday).collect();
        assert_eq!(mondays.len(), 8);
        assert_eq!(mondays[0], date(2026, 11, 30));
        assert_eq!(mondays[7], date(2027, 1, 18));
        let figures: Vec<(u32, u32)> = weeks.iter().map(|w| (w.booked, w.capacity)).collect();
        assert_eq!(
            figures,
            vec![
                (16, 30),
                (60, 50),
                (0, 50),
                (3, 40), // the holiday: four working days, its booking still counts
                (0, 50),
                (0, 50),
                (0, 50),
                (0, 50),
            ]
        );
        assert!(weeks[1].over() && !weeks[0].over() && !weeks[2].over());
    }

    #[test]
    fn a_weekend_today_leaves_nothing_of_this_week() {
        let weeks = week_outlook(&line(), date(2026, 12, 6), 2);
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[0].monday, date(2026, 11, 30));
        assert_eq!((weeks[0].booked, weeks[0].capacity), (0, 0));
        assert_eq!((weeks[1].booked, weeks[1].capacity), (60, 50));
    }

    #[test]
    fn worked_weekends_and_no_weeks() {
        let mut line = LineCalendar::new(3);
        line.working_days = [true; 7];
        let weeks = week_outlook(&line, date(2026, 11, 30), 1);
        assert_eq!(weeks.len(), 1);
        assert_eq!(weeks[0].capacity, 21);
        assert!(week_outlook(&line, date(2026, 11, 30), 0).is_empty());
    }

    #[test]
    fn days_without_orders_are_zero_and_outside_days_left_out() {
        let counted = BTreeMap::from([
            (date(2026, 12, 2), (3, 12_000)),
            (date(2026, 11, 3), (1, 500)),
            (date(2026, 11, 2), (9, 9_000)), // the 31st day back
            (date(2026, 12, 3), (9, 9_000)), // tomorrow
        ]);
        let days = fill_days(date(2026, 12, 2), 30, &counted);
        assert_eq!(days.len(), 30);
        assert_eq!(days[0].day, date(2026, 11, 3));
        assert_eq!((days[0].orders, days[0].revenue_minor), (1, 500));
        assert_eq!(days[29].day, date(2026, 12, 2));
        assert_eq!((days[29].orders, days[29].revenue_minor), (3, 12_000));
        assert!(days[1..29]
            .iter()
            .all(|d| d.orders == 0 && d.revenue_minor == 0));
        assert!(days
            .windows(2)
            .all(|w| w[0].day.tomorrow().ok() == Some(w[1].day)));
        let total: u32 = days.iter().map(|d| d.orders).sum();
        assert_eq!(total, 4);
    }
}
