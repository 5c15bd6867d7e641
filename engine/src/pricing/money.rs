//! Money arithmetic (rounding) and display.

use crate::model::{Lang, Minor};

/// `numerator / denominator` rounded half away from zero (`2.5 -> 3`,
/// `-2.5 -> -3`). `denominator` must be positive; callers pass constants or
/// `10000 + rate`, never zero.
pub(crate) fn div_round_half_away(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if remainder.abs() * 2 >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

/// Number of decimal places of an ISO 4217 currency's minor unit: 0 for
/// currencies without subunits in practice (JPY, KRW, ...), 3 for the dinar
/// family (BHD, KWD, ...), otherwise 2.
pub fn currency_decimals(currency: &str) -> u32 {
    const ZERO: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF", "XPF",
    ];
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    let code = currency.to_ascii_uppercase();
    if ZERO.contains(&code.as_str()) {
        0
    } else if THREE.contains(&code.as_str()) {
        3
    } else {
        2
    }
}

/// Formats an amount in minor units for display.
///
/// German: `1.234,56 €`, `1.234,56 CHF`; English: `€1,234.56`,
/// `CHF 1,234.56`. Only EUR is written with its symbol; every other currency
/// with its ISO code. Negative amounts start with `-` (`-1,50 €`, `-€1.50`).
/// The number of decimals follows [`currency_decimals`] (`JPY`: none).
/// The separator before a trailing code or `€` is a plain space.
pub fn format_money(amount: Minor, currency: &str, lang: Lang) -> String {
    let decimals = currency_decimals(currency);
    let scale = 10u64.pow(decimals);
    let abs = amount.unsigned_abs();
    let (major, minor) = (abs / scale, abs % scale);
    let (group_sep, decimal_sep) = match lang {
        Lang::De => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut number = group_thousands(major, group_sep);
    if decimals > 0 {
        number.push(decimal_sep);
        number.push_str(&format!("{minor:0width$}", width = decimals as usize));
    }
    let sign = if amount < 0 { "-" } else { "" };
    let code = currency.to_ascii_uppercase();
    match (lang, code.as_str()) {
        (Lang::De, "EUR") => format!("{sign}{number} €"),
        (Lang::De, _) => format!("{sign}{number} {code}"),
        (Lang::En, "EUR") => format!("{sign}€{number}"),
        (Lang::En, _) => format!("{sign}{code} {number}"),
    }
}

fn group_thousands(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(div_round_half_away(25, 10), 3);
        assert_eq!(div_round_half_away(24, 10), 2);
        assert_eq!(div_round_half_away(-25, 10), -3);
        assert_eq!(div_round_half_away(-24, 10), -2);
        assert_eq!(div_round_half_away(0, 7), 0);
        assert_eq!(div_round_half_away(1, 3), 0);
        assert_eq!(div_round_half_away(2, 3), 1);
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0, '.'), "0");
        assert_eq!(group_thousands(999, '.'), "999");
        assert_eq!(group_thousands(1000, '.'), "1.000");
        assert_eq!(group_thousands(1_234_567, ','), "1,234,567");
    }
}
