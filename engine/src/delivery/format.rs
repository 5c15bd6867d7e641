//! Dates for customers: `9. Dez. 2026` / `9 Dec 2026` and date windows.

use crate::model::Lang;
use jiff::civil::Date;

const MONTHS_DE: [&str; 12] = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month(date: Date, lang: Lang) -> &'static str {
    let index = (date.month() - 1).clamp(0, 11) as usize;
    match lang {
        Lang::De => MONTHS_DE[index],
        Lang::En => MONTHS_EN[index],
    }
}

/// Day and month without the year: `9. Dez.` / `9 Dec`.
fn day_month(date: Date, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{}. {}", date.day(), month(date, lang)),
        Lang::En => format!("{} {}", date.day(), month(date, lang)),
    }
}

/// A date in the customer's language: German `9. Dez. 2026` (abbreviated
/// months as in CLDR: `März`, `Juni`, `Sept.`), English `9 Dec 2026`.
pub fn format_date(date: Date, lang: Lang) -> String {
    format!("{} {}", day_month(date, lang), date.year())
}

/// A delivery window, the shared parts written once, with an en dash:
/// `9.–11. Dez. 2026` / `9–11 Dec 2026`, `30. Nov. – 2. Dez. 2026` /
/// `30 Nov – 2 Dec 2026`, `30. Dez. 2026 – 4. Jan. 2027` across years, and
/// a single date when both ends are equal. The ends are put in order.
pub fn format_window(earliest: Date, latest: Date, lang: Lang) -> String {
    let (a, b) = if earliest <= latest {
        (earliest, latest)
    } else {
        (latest, earliest)
    };
    if a == b {
        format_date(a, lang)
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        match lang {
            Lang::De => format!("{}.–{}", a.day(), format_date(b, lang)),
            Lang::En => format!("{}–{}", a.day(), format_date(b, lang)),
        }
    } else if a.year() == b.year() {
        format!("{} – {}", day_month(a, lang), format_date(b, lang))
    } else {
        format!("{} – {}", format_date(a, lang), format_date(b, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn formats_dates() {
        assert_eq!(format_date(date(2026, 12, 9), Lang::De), "9. Dez. 2026");
        assert_eq!(format_date(date(2026, 12, 9), Lang::En), "9 Dec 2026");
        assert_eq!(format_date(date(2027, 3, 1), Lang::De), "1. März 2027");
        assert_eq!(format_date(date(2027, 9, 30), Lang::De), "30. Sept. 2027");
    }

    #[test]
    fn formats_windows() {
        let w = |a, b, l| format_window(a, b, l);
        assert_eq!(
            w(date(2026, 12, 9), date(2026, 12, 11), Lang::De),
            "9.–11. Dez. 2026"
        );
        assert_eq!(
            w(date(2026, 12, 9), date(2026, 12, 11), Lang::En),
            "9–11 Dec 2026"
        );
        assert_eq!(
            w(date(2026, 11, 30), date(2026, 12, 2), Lang::De),
            "30. Nov. – 2. Dez. 2026"
        );
        assert_eq!(
            w(date(2026, 11, 30), date(2026, 12, 2), Lang::En),
            "30 Nov – 2 Dec 2026"
        );
        assert_eq!(
            w(date(2026, 12, 30), date(2027, 1, 4), Lang::De),
            "30. Dez. 2026 – 4. Jan. 2027"
        );
        assert_eq!(
            w(date(2027, 1, 4), date(2026, 12, 30), Lang::En),
            "30 Dec 2026 – 4 Jan 2027"
        );
        assert_eq!(
            w(date(2026, 5, 4), date(2026, 5, 4), Lang::En),
            "4 May 2026"
        );
    }
}
