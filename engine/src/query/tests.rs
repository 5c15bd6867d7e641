//! Links: reading with repairs, writing, and the round trip.

use super::*;
use crate::input::{NumberError, TextError};
use crate::model::{Lang, Milli, Product};
use proptest::prelude::*;
use serde_json::json;

fn product() -> Product {
    let label = |de: &str, en: &str| json!({"de": de, "en": en});
    let option = |id: &str| json!({"id": id, "label": label(id, id)});
    serde_json::from_value(json!({
        "id": "car", "name": label("Auto", "Car"), "base_price": 0,
        "production_line": "works", "base_days": 1,
        "attributes": [
            {"id": "engine", "label": label("Motor", "Engine"), "kind": "choice",
             "options": [option("v6"), option("v8")]},
            {"id": "packages", "label": label("Pakete", "Packages"), "kind": "multi",
             "options": [option("winter"), option("sport"), option("tow")]},
            {"id": "engraving", "label": label("Gravur", "Engraving"), "kind": "text", "max_len": 12,
             "allowed": "A-Za-zÄÖÜäöüß &'!?.,=+%#/-",
             "fonts": [{"id": "serif", "label": label("Antiqua", "Serif"), "css": "serif"},
                       {"id": "script", "label": label("Schreibschrift", "Script"), "css": "cursive"}]},
            {"id": "chest", "label": label("Brustumfang", "Chest"), "kind": "number", "unit": "cm",
             "min": 80, "max": 140, "step": 0.5}
        ]
    }))
    .expect("test product decodes")
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn reads_a_link() {
    let p = product();
    let (selection, notices) = parse(
        &p,
        &pairs(&[
            ("engine", "v8"),
            ("packages", "tow"),
            ("packages", "winter"),
            ("engraving", " Anna & Ben "),
            ("engraving.font", "script"),
            ("chest", "102,5"),
            ("qty", "3"),
            ("lang", "en"),
            ("_csrf", "x"),
            // Where the customer came from: an ad, a newsletter, a listing.
            ("utm_source", "newsletter"),
            ("utm_campaign", "winter"),
            ("gclid", "Cj0KCQiA"),
            ("fbclid", "IwAR2"),
            ("srsltid", "AfmBOo"),
        ]),
    );
    assert_eq!(notices, vec![]);
    let mut expected = Selection::new();
    expected.set("engine", Value::Choice("v8".into()));
    expected.set(
        "packages",
        Value::Multi(BTreeSet::from(["tow".to_string(), "winter".to_string()])),
    );
    expected.set(
        "engraving",
        Value::Text {
            text: "Anna & Ben".into(),
            font: "script".into(),
        },
    );
    expected.set("chest", Value::Number(Milli(102_500)));
    assert_eq!(selection, expected);
    assert_eq!(
        to_query_string(&p, &selection),
        "engine=v8&packages=winter&packages=tow&engraving=Anna%20%26%20Ben&engraving.font=script&chest=102.5"
    );
}

#[test]
fn repairs_what_does_not_fit() {
    let p = product();
    let (selection, notices) = parse(
        &p,
        &pairs(&[
            ("engine", "v12"),
            ("colour", "red"),
            ("packages", "turbo"),
            ("packages", "sport"),
            ("engraving", "Hi 😀"),
            ("chest", "300"),
        ]),
    );
    let mut expected = Selection::new();
    expected.set(
        "packages",
        Value::Multi(BTreeSet::from(["sport".to_string()])),
    );
    assert_eq!(selection, expected);
    assert_eq!(notices.len(), 5, "{notices:?}");
    assert_eq!(
        notices[0].message(Lang::De, &p),
        "Die Option „v12“ gibt es nicht mehr; die Auswahl für Motor wurde zurückgesetzt."
    );
    assert_eq!(
        notices[0].message(Lang::En, &p),
        "The option “v12” is no longer available; the choice for Engine was reset."
    );
    assert_eq!(
        notices[1],
        Notice::UnknownAttribute {
            key: "colour".into()
        }
    );
    assert_eq!(
        notices[2].message(Lang::En, &p),
        "The option “turbo” is no longer available and was removed from Packages."
    );
    assert!(matches!(
        &notices[3],
        Notice::InvalidText {
            error: TextError::NotAllowed { position: 4, .. },
            ..
        }
    ));
    assert_eq!(
        notices[3].message(Lang::De, &p),
        "Gravur: Das Zeichen „😀“ an Stelle 4 ist für die Gravur nicht erlaubt. Der Text wurde nicht übernommen."
    );
    assert!(matches!(
        &notices[4],
        Notice::InvalidNumber {
            error: NumberError::AboveMax { .. },
            ..
        }
    ));
    assert_eq!(
        notices[4].message(Lang::En, &p),
        "Chest: The value can be at most 140 cm. The value was not applied."
    );
}

#[test]
fn duplicates_empty_values_and_fonts() {
    let p = product();
    let (selection, notices) = parse(
        &p,
        &pairs(&[
            ("engine", "v6"),
            ("engine", "v8"),
            ("chest", "100"),
            ("chest", ""),
            ("packages", ""),
            ("engraving", "Anna"),
            ("engraving.font", "gothic"),
            ("colour.font", "x"),
        ]),
    );
    assert_eq!(selection.get("engine"), Some(&Value::Choice("v8".into())));
    assert_eq!(selection.get("chest"), None);
    assert_eq!(selection.get("packages"), None);
    assert_eq!(
        selection.get("engraving"),
        Some(&Value::Text {
            text: "Anna".into(),
            font: "serif".into()
        })
    );
    assert_eq!(
        notices,
        vec![
            Notice::DuplicateValue {
                attribute: "engine".into()
            },
            Notice::UnknownAttribute {
                key: "colour.font".into()
            },
            Notice::UnknownFont {
                attribute: "engraving".into(),
                font: "gothic".into()
            },
        ]
    );
    assert_eq!(
        notices[0].message(Lang::De, &p),
        "Für Motor waren mehrere Werte angegeben; der letzte gilt."
    );
    assert_eq!(
        notices[2].message(Lang::En, &p),
        "The font “gothic” does not exist; Engraving is set in Serif."
    );
    // The same value twice is not worth a notice; an empty select unsets.
    let (selection, notices) = parse(
        &p,
        &pairs(&[
            ("engine", "v6"),
            ("engine", "v6"),
            ("engraving", "  "),
            ("engraving.font", "script"),
        ]),
    );
    assert_eq!(notices, vec![]);
    assert_eq!(selection.get("engraving"), None);
    let (selection, _) = parse(&p, &pairs(&[("engine", "v6"), ("engine", "")]));
    assert_eq!(selection, Selection::new());
}

#[test]
fn percent_encoding() {
    assert_eq!(percent_encode("a b&c=d/ä~"), "a%20b%26c%3Dd%2F%C3%A4~");
    assert_eq!(percent_decode("a%20b+c%C3%A4%zz%4"), "a b cä%zz%4");
    assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    assert_eq!(
        parse_query_string("?engine=v8&&packages&engraving=A%26B"),
        pairs(&[("engine", "v8"), ("packages", ""), ("engraving", "A&B")])
    );
}

fn selection_strategy() -> impl Strategy<Value = Selection> {
    (
        proptest::option::of(proptest::sample::select(vec!["v6", "v8"])),
        proptest::sample::subsequence(vec!["winter", "sport", "tow"], 0..=3),
        proptest::option::of((
            "[A-Za-zÄÖÜäöüß][A-Za-zäöß &'!?.,=+%#/-]{0,10}[A-Za-z]",
            proptest::sample::select(vec!["serif", "script"]),
        )),
        proptest::option::of(0i64..=120),
    )
        .prop_map(|(engine, packages, engraving, chest)| {
            let mut s = Selection::new();
            if let Some(engine) = engine {
                s.set("engine", Value::Choice(engine.into()));
            }
            if !packages.is_empty() {
                s.set(
                    "packages",
                    Value::Multi(packages.into_iter().map(String::from).collect()),
                );
            }
            if let Some((text, font)) = engraving {
                s.set(
                    "engraving",
                    Value::Text {
                        text,
                        font: font.into(),
                    },
                );
            }
            if let Some(k) = chest {
                s.set("chest", Value::Number(Milli(80_000 + k * 500)));
            }
            s
        })
}

proptest! {
    #[test]
    fn links_round_trip(selection in selection_strategy()) {
        let p = product();
        let (back, notices) = parse(&p, &to_pairs(&p, &selection));
        prop_assert_eq!(&back, &selection);
        prop_assert!(notices.is_empty());
        let query = to_query_string(&p, &selection);
        let (back, notices) = parse(&p, &parse_query_string(&query));
        prop_assert_eq!(&back, &selection, "{}", query);
        prop_assert!(notices.is_empty());
    }

    #[test]
    fn any_pairs_are_read_without_panicking(
        raw in proptest::collection::vec(("\\PC{0,12}", "\\PC{0,12}"), 0..8)
    ) {
        let p = product();
        let (selection, _) = parse(&p, &raw);
        // Whatever was read writes back to a link that reads the same.
        let (again, notices) = parse(&p, &to_pairs(&p, &selection));
        prop_assert_eq!(again, selection);
        prop_assert!(notices.is_empty());
    }
}

#[test]
fn a_flood_of_unknown_keys_gives_a_short_answer() {
    let p = product();
    // 64 KB of keys no product has, one of them very long.
    let mut flood: Vec<(String, String)> = (0..6000)
        .map(|i| (format!("junk{i}"), "x".to_owned()))
        .collect();
    flood.push(("k".repeat(10_000), "x".to_owned()));
    flood.push(("engine".to_owned(), "y".repeat(10_000)));
    let (_, notices) = parse(&p, &flood);
    assert_eq!(notices.len(), MAX_NOTICES + 1);
    assert_eq!(
        notices.last(),
        Some(&Notice::Omitted {
            count: 6002 - MAX_NOTICES
        })
    );
    let words: usize = notices.iter().map(|n| n.message(Lang::En, &p).len()).sum();
    assert!(words < 4_000, "{words} bytes of notices");
    assert_eq!(
        notices[MAX_NOTICES].message(Lang::De, &p),
        format!(
            "Dazu {} weitere Angaben im Link, die nicht passten und ignoriert wurden.",
            6002 - MAX_NOTICES
        )
    );

    // What a notice repeats of the link is cut short.
    let (_, notices) = parse(&p, &[("engine".to_owned(), "y".repeat(10_000))]);
    let Notice::UnknownOption { option, .. } = &notices[0] else {
        panic!("{notices:?}")
    };
    assert_eq!(option.chars().count(), 41);
    assert!(option.ends_with('…'));
}

#[test]
fn campaign_tags_are_told_apart_from_unknown_keys() {
    for key in [
        "utm_source",
        "utm_medium",
        "utm_content",
        "gclid",
        "msclkid",
        "mc_eid",
    ] {
        assert!(is_campaign_key(key), "{key}");
        assert!(is_reserved_key(key), "{key}");
    }
    for key in ["utm", "gclid2", "source", "engine", "colour"] {
        assert!(!is_campaign_key(key), "{key}");
    }
    let (_, notices) = parse(&product(), &pairs(&[("utmsource", "x")]));
    assert_eq!(notices.len(), 1, "a near miss is still an unknown key");
}
