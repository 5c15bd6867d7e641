//! Production lines and component stock as the back office manages them:
//! the settings a person may change, checked here before anything is
//! stored, and what the operations pages show.

use engine::delivery::LineCalendar;
use engine::Text;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Weekday names as stored and posted, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Most units a line may make a day.
pub const MAX_DAILY_CAPACITY: u32 = 100_000;
/// Most holidays one line may list.
pub const MAX_HOLIDAYS: usize = 400;
/// Most units of a component counted or delivered at once.
pub const MAX_UNITS: i64 = 10_000_000;
/// Longest replenishment lead time, in working days.
pub const MAX_LEAD_DAYS: u32 = 365;

/// What a production line can make when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineSettings {
    pub daily_capacity: u32,
    /// Monday first.
    pub working_days: [bool; 7],
    /// Sorted, without repeats.
    pub holidays: Vec<Date>,
}

/// How a component is stocked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentSettings {
    /// Counted in stock (reserved units included).
    pub on_hand: i64,
    /// Working days from ordering new stock until it arrives.
    pub replenish_days: u32,
    /// At or below this many available units the component runs short.
    pub reorder_level: i64,
}

/// A delivery of a component ordered from a supplier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDelivery {
    pub expected_on: Date,
    pub quantity: i64,
}

/// One field of the form and its value, as posted.
type Pairs = [(String, String)];

fn field<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

fn problem(de: String, en: String) -> Text {
    Text { de, en }
}

/// A whole number in `0..=max` from field `name`, labelled `label` (de, en).
fn number(
    pairs: &Pairs,
    name: &str,
    label: (&str, &str),
    max: i64,
    problems: &mut Vec<Text>,
) -> i64 {
    let text = field(pairs, name);
    match text.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => n,
        _ => {
            problems.push(problem(
                format!(
                    "{}: bitte eine ganze Zahl von 0 bis {max} eingeben (nicht „{text}“).",
                    label.0
                ),
                format!(
                    "{}: please enter a whole number from 0 to {max} (not “{text}”).",
                    label.1
                ),
            ));
            0
        }
    }
}

impl LineSettings {
    /// The settings a line form posts (`daily_capacity`, a `day` per working
    /// day, `holidays` one date per line), or what is wrong with them.
    pub fn from_form(pairs: &Pairs) -> Result<Self, Vec<Text>> {
        let mut problems = Vec::new();
        let label = ("Tageskapazität", "Daily capacity");
        let capacity = number(
            pairs,
            "daily_capacity",
            label,
            MAX_DAILY_CAPACITY.into(),
            &mut problems,
        );
        let mut working_days = [false; 7];
        for (_, day) in pairs.iter().filter(|(k, _)| k == "day") {
            match WEEKDAYS.iter().position(|w| w == day) {
                Some(i) => working_days[i] = true,
                None => problems.push(problem(
                    format!("Unbekannter Wochentag „{day}“."),
                    format!("Unknown weekday “{day}”."),
                )),
            }
        }
        let mut holidays = Vec::new();
        for line in field(pairs, "holidays")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            match engine::delivery::iso_date::parse(line) {
                Some(day) => holidays.push(day),
                None => problems.push(problem(
                    format!("Feiertage: „{line}“ ist kein Datum; bitte als JJJJ-MM-TT, eines pro Zeile."),
                    format!("Holidays: “{line}” is not a date; please write YYYY-MM-DD, one per line."),
                )),
            }
        }
        holidays.sort_unstable();
        holidays.dedup();
        if holidays.len() > MAX_HOLIDAYS {
            problems.push(problem(
                format!("Höchstens {MAX_HOLIDAYS} Feiertage."),
                format!("At most {MAX_HOLIDAYS} holidays."),
            ));
        }
        if problems.is_empty() {
            Ok(LineSettings {
                daily_capacity: u32::try_from(capacity).unwrap_or(0),
                working_days,
                holidays,
            })
        } else {
            Err(problems)
        }
    }

    /// The working days as stored: `mon,tue,…`.
    pub fn working_days_text(&self) -> String {
        WEEKDAYS
            .iter()
            .zip(self.working_days)
            .filter(|(_, on)| *on)
            .map(|(day, _)| *day)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// What differs from `before`, as (field, before, after) for the log.
    pub fn changes_from(&self, before: &LineSettings) -> Vec<(&'static str, String, String)> {
        let dates = |d: &[Date]| d.iter().map(Date::to_string).collect::<Vec<_>>().join(", ");
        let mut changes = Vec::new();
        if self.daily_capacity != before.daily_capacity {
            changes.push((
                "daily_capacity",
                before.daily_capacity.to_string(),
                self.daily_capacity.to_string(),
            ));
        }
        if self.working_days != before.working_days {
            changes.push((
                "working_days",
                before.working_days_text(),
                self.working_days_text(),
            ));
        }
        if self.holidays != before.holidays {
            changes.push(("holidays", dates(&before.holidays), dates(&self.holidays)));
        }
        changes
    }
}

impl ComponentSettings {
    /// The settings a component form posts, or what is wrong with them.
    pub fn from_form(pairs: &Pairs) -> Result<Self, Vec<Text>> {
        let mut problems = Vec::new();
        let on_hand = number(
            pairs,
            "on_hand",
            ("Bestand", "On hand"),
            MAX_UNITS,
            &mut problems,
        );
        let lead = ("Wiederbeschaffungszeit", "Lead time");
        let replenish_days = number(
            pairs,
            "replenish_days",
            lead,
            MAX_LEAD_DAYS.into(),
            &mut problems,
        );
        let level = ("Meldebestand", "Reorder level");
        let reorder_level = number(pairs, "reorder_level", level, MAX_UNITS, &mut problems);
        if problems.is_empty() {
            Ok(ComponentSettings {
                on_hand,
                replenish_days: u32::try_from(replenish_days).unwrap_or(0),
                reorder_level,
            })
        } else {
            Err(problems)
        }
    }

    /// What differs from `before`, as (field, before, after) for the log.
    pub fn changes_from(&self, before: &ComponentSettings) -> Vec<(&'static str, String, String)> {
        let pairs = [
            ("on_hand", before.on_hand, self.on_hand),
            (
                "replenish_days",
                before.replenish_days.into(),
                self.replenish_days.into(),
            ),
            ("reorder_level", before.reorder_level, self.reorder_level),
        ];
        pairs
            .into_iter()
            .filter(|(_, a, b)| a != b)
            .map(|(field, a, b)| (field, a.to_string(), b.to_string()))
            .collect()
    }
}

impl NewDelivery {
    /// The delivery a form posts (`expected_on`, `quantity`); it is expected
    /// today or later.
    pub fn from_form(pairs: &Pairs, today: Date) -> Result<Self, Vec<Text>> {
        let mut problems = Vec::new();
        let quantity = number(
            pairs,
            "quantity",
            ("Menge", "Quantity"),
            MAX_UNITS,
            &mut problems,
        );
        if quantity == 0 && problems.is_empty() {
            problems.push(problem(
                "Menge: mindestens 1.".into(),
                "Quantity: at least 1.".into(),
            ));
        }
        let text = field(pairs, "expected_on");
        let expected_on = match engine::delivery::iso_date::parse(text) {
            Some(day) if day >= today => Some(day),
            Some(_) => {
                problems.push(problem(
                    "Erwartet am: das Datum liegt in der Vergangenheit.".into(),
                    "Expected on: that day has passed.".into(),
                ));
                None
            }
            None => {
                problems.push(problem(
                    format!("Erwartet am: „{text}“ ist kein Datum (JJJJ-MM-TT)."),
                    format!("Expected on: “{text}” is not a date (YYYY-MM-DD)."),
                ));
                None
            }
        };
        match expected_on {
            Some(expected_on) if problems.is_empty() => Ok(NewDelivery {
                expected_on,
                quantity,
            }),
            _ => Err(problems),
        }
    }
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryState {
    /// Expected, today or later.
    Open,
    /// Expected before today and not received.
    Overdue,
    Received,
    Cancelled,
}

/// A delivery as the component page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: String,
    pub expected_on: Date,
    pub quantity: i64,
    pub state: DeliveryState,
}

/// One changed field in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// When, in the shop's time zone.
    pub at: jiff::civil::DateTime,
    /// Who, by name.
    pub actor: String,
    /// `line` or `component`.
    pub subject: String,
    pub subject_id: String,
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A line's load on one day: its capacity that day (0 when not worked) and
/// what is booked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayLoad {
    pub day: Date,
    pub capacity: u32,
    pub booked: u32,
}

/// The load of `line` on `days` days from `today` on.
pub fn day_loads(line: &LineCalendar, today: Date, days: u32) -> Vec<DayLoad> {
    let holidays = line.sorted_holidays();
    let mut loads = Vec::new();
    let mut day = today;
    for _ in 0..days {
        let weekday = day.weekday().to_monday_zero_offset() as usize;
        let worked = line.working_days[weekday] && holidays.binary_search(&day).is_err();
        loads.push(DayLoad {
            day,
            capacity: if worked { line.daily_capacity } else { 0 },
            booked: line.booked.get(&day).copied().unwrap_or(0),
        });
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    loads
}

/// A production line as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineFile {
    pub id: String,
    /// The shop floor does not have it yet: saving the settings sets it up.
    pub new: bool,
    pub settings: LineSettings,
    /// The next [`LINE_DAYS_SHOWN`] days from today.
    pub days: Vec<DayLoad>,
    /// Newest first.
    pub changes: Vec<Change>,
}

impl LineSettings {
    /// What a line the shop floor does not have yet starts from: Monday to
    /// Friday, no capacity.
    pub fn unset() -> Self {
        LineSettings {
            daily_capacity: 0,
            working_days: [true, true, true, true, true, false, false],
            holidays: Vec::new(),
        }
    }
}

/// Whether `id` can name a new production line: 1 to 64 lower-case
/// letters, digits, `-` and `_`.
pub fn is_line_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// How many days of load the line page shows.
pub const LINE_DAYS_SHOWN: u32 = 28;

/// A component as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentFile {
    pub id: String,
    pub settings: ComponentSettings,
    /// Units promised to orders not yet made.
    pub reserved: i64,
    /// Open and overdue first (by day), then the last settled ones.
    pub deliveries: Vec<Delivery>,
    /// Newest first.
    pub changes: Vec<Change>,
}

impl ComponentFile {
    /// On hand minus reserved (negative: orders wait for stock).
    pub fn available(&self) -> i64 {
        self.settings.on_hand - self.reserved
    }
}

/// A line in the overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineSummary {
    pub id: String,
    pub settings: LineSettings,
    /// Booked and capacity over the next 14 days.
    pub booked: u32,
    pub capacity: u32,
}

/// A component in the overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentSummary {
    pub id: String,
    pub settings: ComponentSettings,
    pub reserved: i64,
    /// The earliest open delivery: day and quantity.
    pub next_delivery: Option<(Date, i64)>,
}

impl ComponentSummary {
    /// Whether what is available has reached the reorder level.
    pub fn short(&self) -> bool {
        self.settings.on_hand - self.reserved <= self.settings.reorder_level
    }
}

/// The operations overview: every line, every component, the last changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Today in the shop's time zone.
    pub today: Date,
    pub lines: Vec<LineSummary>,
    pub components: Vec<ComponentSummary>,
    pub recent: Vec<Change>,
}

#[cfg(test)]
mod tests;
