//! Reading dates in data as ISO 8601 calendar dates (`2026-12-24`), the
//! format jiff writes them in. jiff's own reader accepts every Temporal
//! form (times, offsets, time zones) and brings their error texts along:
//! most of jiff's weight in the browser's wasm, for a plain date. Use with
//! `#[serde(deserialize_with = "…")]`; writing stays jiff's.

use jiff::civil::Date;
use serde::de::{Deserialize, Deserializer, Error, Unexpected, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// `YYYY-MM-DD` as a date; `None` for any other text or an impossible day.
pub fn parse(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0_i16, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0'))
        })
    };
    let year = number(&bytes[0..4])?;
    let month = i8::try_from(number(&bytes[5..7])?).ok()?;
    let day = i8::try_from(number(&bytes[8..10])?).ok()?;
    Date::new(year, month, day).ok()
}

/// A date read as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct IsoDate(Date);

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(IsoDateVisitor).map(IsoDate)
    }
}

struct IsoDateVisitor;

impl Visitor<'_> for IsoDateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date as YYYY-MM-DD")
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Date, E> {
        parse(text).ok_or_else(|| E::invalid_value(Unexpected::Str(text), &self))
    }
}

/// One date.
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    IsoDate::deserialize(deserializer).map(|d| d.0)
}

/// A list of dates.
pub fn dates<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Date>, D::Error> {
    let dates = Vec::<IsoDate>::deserialize(deserializer)?;
    Ok(dates.into_iter().map(|d| d.0).collect())
}

/// A map keyed by date.
pub fn date_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<Date, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    let map = BTreeMap::<IsoDate, V>::deserialize(deserializer)?;
    Ok(map.into_iter().map(|(d, v)| (d.0, v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Dated {
        #[serde(deserialize_with = "super::date")]
        day: Date,
        #[serde(deserialize_with = "dates")]
        holidays: Vec<Date>,
        #[serde(deserialize_with = "date_keys")]
        booked: BTreeMap<Date, u32>,
    }

    #[test]
    fn reads_what_jiff_writes() {
        for d in [date(2026, 12, 24), date(2024, 2, 29), date(1, 1, 1)] {
            assert_eq!(parse(&d.to_string()), Some(d));
        }
        let dated: Dated = serde_json::from_str(
            r#"{"day": "2026-12-01", "holidays": ["2026-12-25", "2026-12-26"],
                "booked": {"2026-12-02": 3}}"#,
        )
        .unwrap();
        assert_eq!(dated.day, date(2026, 12, 1));
        assert_eq!(dated.holidays, [date(2026, 12, 25), date(2026, 12, 26)]);
        assert_eq!(dated.booked[&date(2026, 12, 2)], 3);
    }

    #[test]
    fn refuses_anything_else_with_a_clear_error() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-12-01",
            "2026/12/01",
            "2026-12-01T10:00",
            "+2026-12-1",
            "２０２６-12-01",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        let error =
            serde_json::from_str::<Dated>(r#"{"day": "1.12.2026", "holidays": [], "booked": {}}"#)
                .err()
                .unwrap();
        assert!(
            error.to_string().contains("a date as YYYY-MM-DD"),
            "{error}"
        );
    }
}
