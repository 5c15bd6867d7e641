//! The order inbox: what it is filtered by (read from the page's query,
//! hostile input refused with a message), one page of its rows, and the
//! counts per status. The server fills it from the database.

use crate::orders::Status;
use engine::{Minor, Text};
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

/// Rows per inbox page.
pub const PAGE_SIZE: usize = 50;

/// Longest search accepted, in characters.
pub const MAX_SEARCH: usize = 100;

/// Where a page of the inbox starts: after the order created at
/// `created_at` (as stored) with number `id`, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub created_at: String,
    pub id: String,
}

impl Cursor {
    /// The cursor as one query value.
    pub fn encode(&self) -> String {
        format!("{}~{}", self.created_at, self.id)
    }

    /// The cursor of a query value, if it is one.
    pub fn decode(value: &str) -> Option<Cursor> {
        let (created_at, id) = value.split_once('~')?;
        let plausible = |s: &str, max: usize| {
            !s.is_empty()
                && s.len() <= max
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-:.+".contains(c))
        };
        (plausible(created_at, 40) && plausible(id, 40)).then(|| Cursor {
            created_at: created_at.to_owned(),
            id: id.to_owned(),
        })
    }
}

/// What the inbox shows: every filter is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxQuery {
    pub status: Option<Status>,
    pub product: Option<String>,
    /// A production line id.
    pub line: Option<String>,
    /// First and last day ordered, in the shop's time zone.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// An order number (or its start), a customer's name or e-mail (part of).
    pub search: String,
    pub after: Option<Cursor>,
}

impl InboxQuery {
    /// The query of the inbox address's pairs, and a message for every
    /// value that was not understood (and left out).
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<Text>) {
        let mut query = InboxQuery::default();
        let mut problems = Vec::new();
        let id = |v: &str| {
            let v = v.trim();
            (!v.is_empty()
                && v.len() <= 64
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then(|| v.to_owned())
        };
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key {
                "status" => match Status::parse(value) {
                    Some(s) => query.status = Some(s),
                    None => problems.push(Text {
                        de: format!("Den Status „{value}“ gibt es nicht; alle werden gezeigt."),
                        en: format!("There is no status “{value}”; all are shown."),
                    }),
                },
                "product" => match id(value) {
                    Some(p) => query.product = Some(p),
                    None => problems.push(Text {
                        de: "Das Produkt ist unbekannt; alle werden gezeigt.".into(),
                        en: "Unknown product; all are shown.".into(),
                    }),
                },
                "line" => match id(value) {
                    Some(l) => query.line = Some(l),
                    None => problems.push(Text {
                        de: "Die Fertigungslinie ist unbekannt; alle werden gezeigt.".into(),
                        en: "Unknown production line; all are shown.".into(),
                    }),
                },
                "from" | "to" => match value.parse::<Date>() {
                    Ok(day) if key == "from" => query.from = Some(day),
                    Ok(day) => query.to = Some(day),
                    Err(_) => problems.push(Text {
                        de: format!(
                            "„{value}“ ist kein Datum (JJJJ-MM-TT); der Zeitraum bleibt offen."
                        ),
                        en: format!("“{value}” is not a date (YYYY-MM-DD); the range stays open."),
                    }),
                },
                "q" => {
                    let cleaned: String = value.chars().filter(|c| !c.is_control()).collect();
                    if cleaned.chars().count() > MAX_SEARCH {
                        problems.push(Text {
                            de: format!("Die Suche darf höchstens {MAX_SEARCH} Zeichen haben."),
                            en: format!("A search may have at most {MAX_SEARCH} characters."),
                        });
                    } else {
                        query.search = cleaned;
                    }
                }
                "after" => query.after = Cursor::decode(value),
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (query.from, query.to) {
            if from > to {
                problems.push(Text {
                    de: "Der Zeitraum endet vor seinem Beginn; die Tage wurden getauscht.".into(),
                    en: "The range ended before it began; the days were swapped.".into(),
                });
                (query.from, query.to) = (Some(to), Some(from));
            }
        }
        (query, problems)
    }

    /// The filters as a query string (without the page), for links that
    /// keep them: `status=accepted&q=…`.
    pub fn filters(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str().to_owned()));
        }
        if let Some(p) = &self.product {
            pairs.push(("product", p.clone()));
        }
        if let Some(l) = &self.line {
            pairs.push(("line", l.clone()));
        }
        if let Some(d) = self.from {
            pairs.push(("from", d.to_string()));
        }
        if let Some(d) = self.to {
            pairs.push(("to", d.to_string()));
        }
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", engine::query::percent_encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// These filters with another status (`None`: any).
    pub fn with_status(&self, status: Option<Status>) -> InboxQuery {
        InboxQuery {
            status,
            after: None,
            ..self.clone()
        }
    }
}

/// One order in the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxRow {
    pub number: String,
    /// When it was placed, in the shop's time zone.
    pub placed: DateTime,
    pub customer_name: String,
    pub email: String,
    pub status: Status,
    pub total: Minor,
    pub currency: String,
    /// Pieces over all lines.
    pub units: i64,
    /// The products ordered, by id (the page names them).
    pub products: Vec<String>,
    pub earliest: Date,
    pub latest: Date,
}

/// One page of the inbox.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub rows: Vec<InboxRow>,
    /// Orders per status under the other filters (statuses without any
    /// are left out).
    pub counts: Vec<(Status, i64)>,
    /// Where the next page starts, when there is one.
    pub next: Option<Cursor>,
}

impl Inbox {
    /// Orders under the other filters, over all statuses.
    pub fn total(&self) -> i64 {
        self.counts.iter().map(|(_, n)| n).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_survive_a_round_trip_and_hostile_values_are_refused() {
        let (query, problems) = InboxQuery::parse([
            ("status", "accepted"),
            ("product", "ring"),
            ("from", "2026-12-01"),
            ("to", "2026-11-01"),
            ("q", "Müller & Söhne"),
        ]);
        assert_eq!(problems.len(), 1, "the swapped range is reported");
        assert_eq!(query.from, Some("2026-11-01".parse().unwrap()));
        let query_string = query.filters();
        let pairs: Vec<(String, String)> = query_string
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_owned(), engine::query::percent_decode(v))
            })
            .collect();
        let (again, none) = InboxQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert!(none.is_empty());
        assert_eq!(again, query);

        let (hostile, problems) = InboxQuery::parse([
            ("status", "'; DROP TABLE orders; --"),
            ("product", "<script>"),
            ("from", "yesterday"),
            ("after", "x"),
        ]);
        assert_eq!(problems.len(), 3);
        assert_eq!(hostile, InboxQuery::default());
        let long = "x".repeat(MAX_SEARCH + 1);
        assert_eq!(InboxQuery::parse([("q", long.as_str())]).1.len(), 1);
    }

    #[test]
    fn cursors_round_trip() {
        let cursor = Cursor {
            created_at: "2026-12-02T10:00:00.5Z".into(),
            id: "2026-000042".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("a~b'c"), None);
    }
}
