//! Worked pricing examples: options, engravings, tiers, VAT and the
//! rounding at .5 boundaries (half away from zero).

use engine::pricing::{format_money, from_price, price, vat_in_gross, PriceError, PriceLineKind};
use engine::{Lang, Milli, Product, Selection, Value};
use std::collections::BTreeSet;

fn ring() -> Product {
    serde_json::from_str(
        r#"{
        "id": "ring", "name": {"de": "Ring", "en": "Ring"},
        "base_price": 19900, "production_line": "gold", "base_days": 3,
        "attributes": [
          {"id": "metal", "label": {"de": "Metall", "en": "Metal"}, "kind": "choice",
           "options": [
             {"id": "silver", "label": {"de": "Silber", "en": "Silver"}},
             {"id": "gold", "label": {"de": "Gold", "en": "Gold"}, "price": 15000},
             {"id": "platinum", "label": {"de": "Platin", "en": "Platinum"}, "price": 30000}]},
          {"id": "stones", "label": {"de": "Steine", "en": "Stones"}, "kind": "multi",
           "min": 0, "max": 3, "options": [
             {"id": "diamond", "label": {"de": "Diamant", "en": "Diamond"}, "price": 5000},
             {"id": "ruby", "label": {"de": "Rubin", "en": "Ruby"}, "price": 2500},
             {"id": "sapphire", "label": {"de": "Saphir", "en": "Sapphire"}, "price": 2500}]},
          {"id": "size", "label": {"de": "Größe", "en": "Size"}, "kind": "number",
           "unit": "mm", "min": 48, "max": 70, "step": 1},
          {"id": "engraving", "label": {"de": "Gravur", "en": "Engraving"}, "kind": "text",
           "max_len": 20, "surcharge": 500, "price_per_char": 150, "days": 2}
        ],
        "quantity_tiers": [
          {"min_quantity": 10, "discount_bp": 1000},
          {"min_quantity": 5, "discount_bp": 500}
        ]
      }"#,
    )
    .expect("fixture parses")
}

fn engraving(text: &str) -> Value {
    Value::Text {
        text: text.into(),
        font: "serif".into(),
    }
}

fn select(pairs: &[(&str, Value)]) -> Selection {
    let mut s = Selection::new();
    for (k, v) in pairs {
        s.set(*k, v.clone());
    }
    s
}

#[test]
fn gold_with_engraving_single_unit() {
    let sel = select(&[
        ("metal", Value::Choice("gold".into())),
        ("size", Value::Number(Milli(56_000))),
        ("engraving", engraving("Anna M")),
    ]);
    let p = price(&ring(), 1900, "EUR", &sel, 1).unwrap();
    // 19900 + 15000 + 500 + 5 non-space chars * 150
    assert_eq!(p.unit_price, 36_150);
    assert_eq!(p.tier_discount_per_unit, 0);
    assert_eq!(p.total, 36_150);
    // 36150 * 1900 / 11900 = 5771.85 -> 5772
    assert_eq!(p.vat, 5_772);
    assert_eq!(p.net, 30_378);
    let kinds: Vec<_> = p.lines.iter().map(|l| l.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            PriceLineKind::Base,
            PriceLineKind::Option {
                attribute: "metal".into(),
                option: "gold".into()
            },
            PriceLineKind::TextSurcharge {
                attribute: "engraving".into()
            },
            PriceLineKind::TextChars {
                attribute: "engraving".into(),
                chars: 5
            },
        ]
    );
    assert_eq!(p.lines[1].label.de, "Metall: Gold");
    assert_eq!(p.lines[3].label.en, "Engraving: 5 characters");
    assert_eq!(p.lines[3].amount, 750);
}

#[test]
fn zero_priced_option_and_empty_text_add_no_line() {
    let sel = select(&[
        ("metal", Value::Choice("silver".into())),
        ("engraving", engraving("")),
    ]);
    let p = price(&ring(), 1900, "EUR", &sel, 1).unwrap();
    assert_eq!(p.lines.len(), 1);
    assert_eq!(p.unit_price, 19_900);
}

#[test]
fn tier_discount_rounds_half_away_from_zero_on_the_unit_price() {
    // 19900 + 500 + 150 = 20550; 5 % = 1027.5 -> 1028
    let sel = select(&[
        ("metal", Value::Choice("silver".into())),
        ("engraving", engraving("A")),
    ]);
    let p = price(&ring(), 1900, "EUR", &sel, 5).unwrap();
    assert_eq!(p.unit_price, 20_550);
    assert_eq!(p.tier_discount_per_unit, 1_028);
    assert_eq!(p.total, (20_550 - 1_028) * 5);
    // 97610 * 1900 / 11900 = 15584.79 -> 15585
    assert_eq!(p.vat, 15_585);
    assert_eq!(p.net, 97_610 - 15_585);
    // 1027.4 stays 1027: 20548 * 5 % = 1027.4
    let p4 = price(&ring(), 1900, "EUR", &sel, 4).unwrap();
    assert_eq!(p4.tier_discount_per_unit, 0, "below the first tier");
}

#[test]
fn largest_applicable_tier_wins_regardless_of_catalog_order() {
    let sel = select(&[("metal", Value::Choice("silver".into()))]);
    let p = price(&ring(), 1900, "EUR", &sel, 12).unwrap();
    assert_eq!(p.tier_discount_per_unit, 1_990);
    assert_eq!(p.total, (19_900 - 1_990) * 12);
}

#[test]
fn multi_choice_options_are_each_priced() {
    let stones: BTreeSet<String> = ["ruby", "diamond"].map(String::from).into();
    let sel = select(&[
        ("metal", Value::Choice("silver".into())),
        ("stones", Value::Multi(stones)),
    ]);
    let p = price(&ring(), 1900, "EUR", &sel, 1).unwrap();
    assert_eq!(p.unit_price, 19_900 + 5_000 + 2_500);
    // catalog order: diamond before ruby
    assert_eq!(
        p.lines[1].kind,
        PriceLineKind::Option {
            attribute: "stones".into(),
            option: "diamond".into()
        }
    );
}

#[test]
fn vat_rounds_half_away_from_zero_once_on_the_total() {
    // 20 %: VAT = total / 6 exactly, so .5 boundaries exist.
    assert_eq!(vat_in_gross(3, 2000), 1); // 0.5
    assert_eq!(vat_in_gross(9, 2000), 2); // 1.5
    assert_eq!(vat_in_gross(15, 2000), 3); // 2.5
    assert_eq!(vat_in_gross(14, 2000), 2); // 2.33
    assert_eq!(vat_in_gross(-3, 2000), -1);
    assert_eq!(vat_in_gross(11_900, 1900), 1_900);
    assert_eq!(vat_in_gross(100, 0), 0);
    // once on the total, not per unit: 3 units of 19900 + 150 (engraving "A"
    // without surcharge? no: silver + "A" = 20550) at 20 %: 61650 / 6 = 10275
    let sel = select(&[
        ("metal", Value::Choice("silver".into())),
        ("engraving", engraving("A")),
    ]);
    let p = price(&ring(), 2000, "EUR", &sel, 3).unwrap();
    assert_eq!(p.total, 61_650);
    assert_eq!(p.vat, 10_275);
    assert_eq!(p.vat + p.net, p.total);
}

#[test]
fn whitespace_is_free_but_sets_the_text() {
    let sel = select(&[
        ("metal", Value::Choice("silver".into())),
        ("engraving", engraving(" a b\u{3000}c ")),
    ]);
    let p = price(&ring(), 1900, "EUR", &sel, 1).unwrap();
    assert_eq!(p.unit_price, 19_900 + 500 + 3 * 150);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let ring = ring();
    let ok = select(&[("metal", Value::Choice("gold".into()))]);
    assert_eq!(
        price(&ring, 1900, "EUR", &ok, 0),
        Err(PriceError::ZeroQuantity)
    );
    let unknown_attr = select(&[("colour", Value::Choice("red".into()))]);
    assert_eq!(
        price(&ring, 1900, "EUR", &unknown_attr, 1),
        Err(PriceError::UnknownAttribute {
            attribute: "colour".into()
        })
    );
    let unknown_opt = select(&[("metal", Value::Choice("tin".into()))]);
    assert_eq!(
        price(&ring, 1900, "EUR", &unknown_opt, 1),
        Err(PriceError::UnknownOption {
            attribute: "metal".into(),
            option: "tin".into()
        })
    );
    let unknown_multi = select(&[("stones", Value::Multi(["opal".to_string()].into()))]);
    assert!(matches!(
        price(&ring, 1900, "EUR", &unknown_multi, 1),
        Err(PriceError::UnknownOption { .. })
    ));
    let wrong_kind = select(&[("metal", engraving("gold"))]);
    assert_eq!(
        price(&ring, 1900, "EUR", &wrong_kind, 1),
        Err(PriceError::WrongValueKind {
            attribute: "metal".into()
        })
    );
    assert_eq!(
        price(&ring, 1900, "EUR", &ok, u32::MAX).map(|p| p.total),
        Ok((34_900 - 3_490) * i64::from(u32::MAX))
    );
    let mut huge = ring.clone();
    huge.base_price = i64::MAX - 1_000;
    assert_eq!(price(&huge, 1900, "EUR", &ok, 1), Err(PriceError::Overflow));
    assert_eq!(
        price(&huge, 1900, "EUR", &Selection::new(), 3),
        Err(PriceError::Overflow)
    );
    let mut negative = ring.clone();
    negative.base_price = -20_000;
    assert_eq!(
        price(&negative, 1900, "EUR", &Selection::new(), 1),
        Err(PriceError::NegativeUnitPrice { unit: -20_000 })
    );
    let mut bad_tier = ring;
    bad_tier.quantity_tiers[0].discount_bp = 10_001;
    assert!(matches!(
        price(&bad_tier, 1900, "EUR", &ok, 10),
        Err(PriceError::InvalidTierDiscount {
            min_quantity: 10,
            ..
        })
    ));
    assert!(PriceError::ZeroQuantity.message(Lang::De).contains("Menge"));
}

#[test]
fn from_price_is_base_plus_cheapest_required_choices() {
    let mut ring = ring();
    assert_eq!(from_price(&ring, 1900), 19_900);
    if let engine::model::AttributeKind::Multi { min, .. } = &mut ring.attributes[1].kind {
        *min = 2;
    }
    assert_eq!(from_price(&ring, 1900), 19_900 + 2_500 + 2_500);
    if let engine::model::AttributeKind::Choice { options, .. } = &mut ring.attributes[0].kind {
        options[0].price = 1_000;
    }
    assert_eq!(from_price(&ring, 1900), 19_900 + 1_000 + 5_000);
}

#[test]
fn formats_money_exactly() {
    assert_eq!(format_money(123_456, "EUR", Lang::De), "1.234,56 €");
    assert_eq!(format_money(123_456, "EUR", Lang::En), "€1,234.56");
    assert_eq!(format_money(123_456, "CHF", Lang::De), "1.234,56 CHF");
    assert_eq!(format_money(123_456, "CHF", Lang::En), "CHF 1,234.56");
    assert_eq!(format_money(-150, "EUR", Lang::De), "-1,50 €");
    assert_eq!(format_money(-150, "EUR", Lang::En), "-€1.50");
    assert_eq!(format_money(5, "EUR", Lang::De), "0,05 €");
    assert_eq!(format_money(0, "EUR", Lang::En), "€0.00");
    assert_eq!(format_money(100_000_000, "EUR", Lang::De), "1.000.000,00 €");
    assert_eq!(format_money(123_456, "JPY", Lang::De), "123.456 JPY");
    assert_eq!(format_money(123_456, "JPY", Lang::En), "JPY 123,456");
    assert_eq!(format_money(1_234_567, "KWD", Lang::En), "KWD 1,234.567");
    assert_eq!(
        format_money(i64::MIN, "EUR", Lang::En),
        "-€92,233,720,368,547,758.08"
    );
}

#[test]
fn breakdown_round_trips_through_json() {
    let sel = select(&[
        ("metal", Value::Choice("gold".into())),
        ("engraving", engraving("Anna")),
    ]);
    let p = price(&ring(), 1900, "EUR", &sel, 2).unwrap();
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(
        serde_json::from_str::<engine::pricing::PriceBreakdown>(&json).unwrap(),
        p
    );
}
