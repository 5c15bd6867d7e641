//! Examples for customer text and measurements.

use super::*;
use crate::model::{Lang, Milli, NumberSpec, TextSpec};
use proptest::prelude::*;

fn text_spec(max_len: u32, allowed: Option<&str>) -> TextSpec {
    TextSpec {
        required: false,
        max_len,
        allowed: allowed.map(str::to_owned),
        fonts: Vec::new(),
        price_per_char: 0,
        surcharge: 0,
        days: 0,
    }
}

fn number_spec() -> NumberSpec {
    NumberSpec {
        required: true,
        unit: "cm".into(),
        min: Milli(30_000),
        max: Milli(60_000),
        step: Milli(500),
    }
}

#[test]
fn text_is_normalised_and_trimmed() {
    let spec = text_spec(20, None);
    assert_eq!(parse_text(&spec, "  Anna & Ben  "), Ok("Anna & Ben".into()));
    // "e" + combining acute becomes the single character "é".
    assert_eq!(parse_text(&spec, "Rene\u{301}e"), Ok("Renée".into()));
    assert_eq!(parse_text(&spec, ""), Ok(String::new()));
    assert_eq!(parse_text(&spec, "   "), Ok(String::new()));
    assert_eq!(parse_text(&spec, "a  b"), Ok("a  b".into()));
}

#[test]
fn emoji_is_refused_with_its_position() {
    let spec = text_spec(20, None);
    let e = parse_text(&spec, "Ab😀").expect_err("emoji");
    assert_eq!(
        e,
        TextError::NotAllowed {
            character: '😀',
            position: 3
        }
    );
    assert_eq!(
        e.message(Lang::De),
        "Das Zeichen „😀“ an Stelle 3 ist für die Gravur nicht erlaubt."
    );
    assert_eq!(
        e.message(Lang::En),
        "The character “😀” at position 3 is not allowed in the engraving."
    );
}

#[test]
fn invisible_characters_are_refused_by_code_point() {
    let spec = text_spec(20, None);
    let e = parse_text(&spec, "abc\u{202E}def").expect_err("bidi");
    assert_eq!(
        e,
        TextError::BidiControl {
            character: '\u{202E}',
            position: 4
        }
    );
    assert!(
        e.message(Lang::En).contains("U+202E"),
        "{}",
        e.message(Lang::En)
    );
    assert!(e.message(Lang::De).contains("U+202E"));
    for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
        let e = parse_text(&spec, &format!("a{c}b")).expect_err("zero width");
        assert!(
            matches!(e, TextError::ZeroWidth { position: 2, .. }),
            "{e:?}"
        );
    }
    for c in [
        '\u{202A}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
    ] {
        let e = parse_text(&spec, &format!("a{c}b")).expect_err("bidi");
        assert!(matches!(e, TextError::BidiControl { .. }), "{e:?}");
    }
    let e = parse_text(&spec, "a\tb").expect_err("tab");
    assert!(matches!(
        e,
        TextError::Control {
            character: '\t',
            position: 2
        }
    ));
    let e = parse_text(&spec, "a\u{a0}b").expect_err("no-break space");
    assert_eq!(
        e.message(Lang::En),
        "The character U+00A0 at position 2 is not allowed in the engraving."
    );
}

#[test]
fn allowed_set_and_length() {
    let spec = text_spec(3, Some("A-Z"));
    assert_eq!(parse_text(&spec, "ABC"), Ok("ABC".into()));
    assert!(matches!(
        parse_text(&spec, "AbC"),
        Err(TextError::NotAllowed {
            character: 'b',
            position: 2
        })
    ));
    let e = parse_text(&spec, "ABCD").expect_err("too long");
    assert_eq!(e, TextError::TooLong { max_len: 3, len: 4 });
    assert_eq!(
        e.message(Lang::De),
        "Die Gravur darf höchstens 3 Zeichen lang sein; sie hat 4."
    );
    // Length counts characters after NFC.
    let spec = text_spec(1, None);
    assert_eq!(parse_text(&spec, "e\u{301}"), Ok("é".into()));
    let bad = text_spec(3, Some("z-a"));
    assert!(matches!(
        parse_text(&bad, "a"),
        Err(TextError::BadAllowedSet(_))
    ));
}

#[test]
fn numbers_with_dot_comma_and_unit() {
    let spec = number_spec();
    assert_eq!(parse_number(&spec, "37"), Ok(Milli(37_000)));
    assert_eq!(parse_number(&spec, "37.5"), Ok(Milli(37_500)));
    assert_eq!(parse_number(&spec, "37,5"), Ok(Milli(37_500)));
    assert_eq!(parse_number(&spec, " 37,50 cm "), Ok(Milli(37_500)));
    assert_eq!(parse_number(&spec, "37.5000"), Ok(Milli(37_500)));
    assert_eq!(parse_number(&spec, "037"), Ok(Milli(37_000)));
}

#[test]
fn number_errors_carry_bounds_and_read_well() {
    let spec = number_spec();
    for bad in ["", "abc", "1e3", "37.", ".5", "3 7", "--3", "37,5,1"] {
        assert!(
            matches!(
                parse_number(&spec, bad),
                Err(NumberError::NotANumber { .. })
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        parse_number(&spec, "37.0001"),
        Err(NumberError::TooManyDecimals { .. })
    ));
    let e = parse_number(&spec, "29,5").expect_err("below");
    assert_eq!(
        e.message(Lang::De),
        "Der Wert muss mindestens 30 cm betragen."
    );
    assert_eq!(e.message(Lang::En), "The value must be at least 30 cm.");
    let e = parse_number(&spec, "99999999999999999999").expect_err("above");
    assert!(matches!(e, NumberError::AboveMax { .. }));
    assert_eq!(e.message(Lang::En), "The value can be at most 60 cm.");
    let e = parse_number(&spec, "-99999999999999999999").expect_err("below");
    assert!(matches!(e, NumberError::BelowMin { .. }));
    let e = parse_number(&spec, "37,3").expect_err("off step");
    assert_eq!(
        e,
        NumberError::OffStep {
            value: Milli(37_300),
            min: Milli(30_000),
            step: Milli(500),
            unit: "cm".into(),
            below: Milli(37_000),
            above: Some(Milli(37_500)),
        }
    );
    assert_eq!(
        e.message(Lang::De),
        "37,3 cm ist nicht möglich: erlaubt sind Schritte von 0,5 cm ab 30 cm, zum Beispiel 37 cm oder 37,5 cm."
    );
    assert_eq!(
        e.message(Lang::En),
        "37.3 cm is not possible: values go in steps of 0.5 cm from 30 cm, for example 37 cm or 37.5 cm."
    );
}

proptest! {
    #[test]
    fn text_parsing_never_panics_and_output_is_clean(raw in "\\PC{0,30}|.{0,30}", max_len in 0u32..40) {
        let spec = text_spec(max_len, None);
        if let Ok(text) = parse_text(&spec, &raw) {
            prop_assert!(text.chars().count() <= max_len as usize);
            prop_assert!(text.chars().all(|c| !c.is_control() && !is_bidi_control(c) && !is_zero_width(c)));
            prop_assert_eq!(parse_text(&spec, &text), Ok(text.clone()));
        }
    }

    #[test]
    fn numbers_on_the_grid_parse_back(k in 0i64..=60) {
        let spec = number_spec();
        let value = Milli(30_000 + k * 500);
        prop_assert_eq!(parse_number(&spec, &value.to_string()), Ok(value));
        prop_assert_eq!(parse_number(&spec, &format_decimal(value, Lang::De)), Ok(value));
    }

    #[test]
    fn number_parsing_never_panics(raw in "\\PC{0,20}") {
        let _ = parse_number(&number_spec(), &raw);
    }
}
