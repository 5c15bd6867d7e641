//! Working-day arithmetic over a weekday mask and a holiday list, bounded by
//! a horizon so that no walk can loop forever.

use jiff::civil::Date;

/// A calendar of working days: the weekdays worked (Monday first) minus
/// holidays (sorted), searched no later than `limit`.
pub(crate) struct WorkCalendar<'a> {
    pub(crate) weekdays: [bool; 7],
    pub(crate) holidays: &'a [Date],
    pub(crate) limit: Date,
}

/// A walk passed the calendar's limit; carries the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PastLimit(pub(crate) Date);

impl WorkCalendar<'_> {
    /// Whether `date` is worked.
    pub(crate) fn is_working(&self, date: Date) -> bool {
        let weekday = date.weekday().to_monday_zero_offset() as usize;
        self.weekdays[weekday] && self.holidays.binary_search(&date).is_err()
    }

    /// The day after `date`, within the limit.
    pub(crate) fn next_day(&self, date: Date) -> Result<Date, PastLimit> {
        match date.tomorrow() {
            Ok(next) if next <= self.limit => Ok(next),
            _ => Err(PastLimit(self.limit)),
        }
    }

    /// The first working day on or after `date`.
    pub(crate) fn first_on_or_after(&self, mut date: Date) -> Result<Date, PastLimit> {
        if date > self.limit {
            return Err(PastLimit(self.limit));
        }
        while !self.is_working(date) {
            date = self.next_day(date)?;
        }
        Ok(date)
    }

    /// The first working day strictly after `date`.
    pub(crate) fn first_after(&self, date: Date) -> Result<Date, PastLimit> {
        self.first_on_or_after(self.next_day(date)?)
    }

    /// The `days`-th working day after `date` (`date` itself for 0, whether or
    /// not it is worked).
    pub(crate) fn add_working_days(&self, mut date: Date, days: u64) -> Result<Date, PastLimit> {
        for _ in 0..days {
            date = self.first_after(date)?;
        }
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const MON_FRI: [bool; 7] = [true, true, true, true, true, false, false];

    #[test]
    fn skips_weekends_and_holidays() {
        let holidays = [date(2026, 12, 25)];
        let cal = WorkCalendar {
            weekdays: MON_FRI,
            holidays: &holidays,
            limit: date(2027, 12, 31),
        };
        // Thu 24 Dec 2026 + 1 working day: Fri 25 is a holiday -> Mon 28.
        assert_eq!(
            cal.add_working_days(date(2026, 12, 24), 1),
            Ok(date(2026, 12, 28))
        );
        assert_eq!(
            cal.add_working_days(date(2026, 12, 26), 0),
            Ok(date(2026, 12, 26))
        );
        assert_eq!(
            cal.first_on_or_after(date(2026, 12, 26)),
            Ok(date(2026, 12, 28))
        );
        assert_eq!(cal.first_after(date(2026, 12, 28)), Ok(date(2026, 12, 29)));
    }

    #[test]
    fn stops_at_the_limit() {
        let holidays = [];
        let never = WorkCalendar {
            weekdays: [false; 7],
            holidays: &holidays,
            limit: date(2026, 1, 31),
        };
        assert_eq!(
            never.first_after(date(2026, 1, 1)),
            Err(PastLimit(date(2026, 1, 31)))
        );
        let max = WorkCalendar {
            weekdays: [true; 7],
            holidays: &holidays,
            limit: Date::MAX,
        };
        assert!(max.first_after(Date::MAX).is_err());
    }
}
