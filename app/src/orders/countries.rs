//! The countries the shop delivers to, with their postal code formats.

/// A destination country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: &'static str,
    pub name_de: &'static str,
    pub name_en: &'static str,
    /// Postal code formats: `9` a digit, `A` a letter, anything else literal.
    pub postal_formats: &'static [&'static str],
}

/// Where the shop delivers, Germany first.
pub const COUNTRIES: &[Country] = &[
    country("DE", "Deutschland", "Germany", &["99999"]),
    country("AT", "Österreich", "Austria", &["9999"]),
    country("CH", "Schweiz", "Switzerland", &["9999"]),
    country("BE", "Belgien", "Belgium", &["9999"]),
    country("DK", "Dänemark", "Denmark", &["9999"]),
    country("ES", "Spanien", "Spain", &["99999"]),
    country("FR", "Frankreich", "France", &["99999"]),
    country("IT", "Italien", "Italy", &["99999"]),
    country("LU", "Luxemburg", "Luxembourg", &["9999", "L-9999"]),
    country("NL", "Niederlande", "Netherlands", &["9999 AA", "9999AA"]),
    country("PL", "Polen", "Poland", &["99-999"]),
    country("SE", "Schweden", "Sweden", &["999 99", "99999"]),
    country("CZ", "Tschechien", "Czechia", &["999 99", "99999"]),
];

const fn country(
    code: &'static str,
    name_de: &'static str,
    name_en: &'static str,
    postal_formats: &'static [&'static str],
) -> Country {
    Country {
        code,
        name_de,
        name_en,
        postal_formats,
    }
}

/// The country with this code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

impl Country {
    /// The country's name in `lang`.
    pub fn name(&self, lang: engine::Lang) -> &'static str {
        match lang {
            engine::Lang::De => self.name_de,
            engine::Lang::En => self.name_en,
        }
    }

    /// Whether `postal_code` (trimmed, letters in any case) has one of the
    /// country's formats.
    pub fn accepts_postal_code(&self, postal_code: &str) -> bool {
        let code = postal_code.trim();
        self.postal_formats
            .iter()
            .any(|format| matches(format, code))
    }
}

fn matches(format: &str, code: &str) -> bool {
    format.chars().count() == code.chars().count()
        && format.chars().zip(code.chars()).all(|(f, c)| match f {
            '9' => c.is_ascii_digit(),
            'A' => c.is_ascii_alphabetic(),
            literal => c.eq_ignore_ascii_case(&literal),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_follow_each_country_format() {
        let de = find("de").unwrap();
        assert!(de.accepts_postal_code("10115"));
        assert!(de.accepts_postal_code(" 80331 "));
        assert!(!de.accepts_postal_code("1011"));
        assert!(!de.accepts_postal_code("10115a"));
        let nl = find("NL").unwrap();
        assert!(nl.accepts_postal_code("1012 AB"));
        assert!(nl.accepts_postal_code("1012ab"));
        assert!(!nl.accepts_postal_code("1012 A1"));
        let pl = find("PL").unwrap();
        assert!(pl.accepts_postal_code("00-950"));
        assert!(!pl.accepts_postal_code("00950"));
        assert!(find("XX").is_none());
    }
}
