//! Conditional price rules: surcharges and discounts in the breakdown.

use engine::pricing::{price, price_parsed, PriceError, PriceLineKind};
use engine::rules::parse_condition;
use engine::{Milli, Product, Selection, Value};

fn suit() -> Product {
    serde_json::from_str(
        r#"{
        "id": "suit", "name": {"de": "Anzug", "en": "Suit"},
        "base_price": 59900, "production_line": "tailor", "base_days": 10,
        "attributes": [
          {"id": "cloth", "label": {"de": "Stoff", "en": "Cloth"}, "kind": "choice",
           "options": [
             {"id": "wool", "label": {"de": "Wolle", "en": "Wool"}},
             {"id": "cashmere", "label": {"de": "Kaschmir", "en": "Cashmere"}, "price": 40000}]},
          {"id": "extras", "label": {"de": "Extras", "en": "Extras"}, "kind": "multi",
           "options": [
             {"id": "vest", "label": {"de": "Weste", "en": "Vest"}, "price": 15000},
             {"id": "second-trousers", "label": {"de": "Zweite Hose", "en": "Second trousers"}, "price": 19900}]},
          {"id": "chest", "label": {"de": "Brustumfang", "en": "Chest"}, "kind": "number",
           "unit": "cm", "min": 80, "max": 150, "step": 0.5}
        ],
        "price_rules": [
          {"when": "extras has vest and extras has second-trousers", "amount": -5000,
           "label": {"de": "Kombi-Rabatt", "en": "Bundle discount"}},
          {"when": "chest > 130", "amount": 7500,
           "label": {"de": "Übergröße", "en": "Large size"}},
          {"when": "cloth = cashmere", "amount": 0,
           "label": {"de": "Kein Aufpreis", "en": "No charge"}}
        ]
      }"#,
    )
    .expect("fixture parses")
}

fn sel(extras: &[&str], chest: Option<i64>) -> Selection {
    let mut s = Selection::new();
    s.set("cloth", Value::Choice("cashmere".into()));
    if !extras.is_empty() {
        s.set(
            "extras",
            Value::Multi(extras.iter().map(|e| e.to_string()).collect()),
        );
    }
    if let Some(c) = chest {
        s.set("chest", Value::Number(Milli(c)));
    }
    s
}

#[test]
fn bundle_discount_applies_only_with_both_extras() {
    let suit = suit();
    let both = price(
        &suit,
        1900,
        "EUR",
        &sel(&["vest", "second-trousers"], Some(100_000)),
        1,
    )
    .unwrap();
    assert_eq!(both.unit_price, 59_900 + 40_000 + 15_000 + 19_900 - 5_000);
    let last = both.lines.last().unwrap();
    assert_eq!(last.kind, PriceLineKind::PriceRule { index: 0 });
    assert_eq!(last.label.en, "Bundle discount");
    assert_eq!(last.amount, -5_000);
    let one = price(&suit, 1900, "EUR", &sel(&["vest"], Some(100_000)), 1).unwrap();
    assert_eq!(one.unit_price, 59_900 + 40_000 + 15_000);
    assert!(!one
        .lines
        .iter()
        .any(|l| matches!(l.kind, PriceLineKind::PriceRule { .. })));
}

#[test]
fn numeric_rule_holds_above_the_threshold_and_while_unmeasured() {
    let suit = suit();
    let large = price(&suit, 1900, "EUR", &sel(&[], Some(131_000)), 1).unwrap();
    assert!(large
        .lines
        .iter()
        .any(|l| l.kind == PriceLineKind::PriceRule { index: 1 }));
    let regular = price(&suit, 1900, "EUR", &sel(&[], Some(130_000)), 1).unwrap();
    assert_eq!(regular.unit_price, 99_900);
    // Contract: a comparison over a measurement without a value holds.
    let unmeasured = price(&suit, 1900, "EUR", &sel(&[], None), 1).unwrap();
    assert_eq!(unmeasured.unit_price, 99_900 + 7_500);
}

#[test]
fn zero_amount_rule_adds_no_line() {
    let p = price(&suit(), 1900, "EUR", &sel(&[], Some(100_000)), 1).unwrap();
    assert!(!p
        .lines
        .iter()
        .any(|l| l.kind == PriceLineKind::PriceRule { index: 2 }));
}

#[test]
fn unparsable_rule_is_an_error_with_its_index() {
    let mut suit = suit();
    suit.price_rules[1].when = "chest >".into();
    match price(&suit, 1900, "EUR", &sel(&[], Some(100_000)), 1) {
        Err(PriceError::InvalidPriceRule { index: 1, message }) => {
            assert!(message.contains("column"), "{message}")
        }
        other => panic!("expected InvalidPriceRule, got {other:?}"),
    }
}

#[test]
fn parsed_conditions_must_match_the_rules() {
    let suit = suit();
    let selection = sel(&[], Some(100_000));
    let parsed: Vec<_> = suit
        .price_rules
        .iter()
        .map(|r| parse_condition(&r.when).unwrap())
        .collect();
    assert_eq!(
        price_parsed(&suit, &parsed, 1900, "EUR", &selection, 1),
        price(&suit, 1900, "EUR", &selection, 1)
    );
    let missing = &parsed[..1];
    assert!(matches!(
        price_parsed(&suit, missing, 1900, "EUR", &selection, 1),
        Err(PriceError::InvalidPriceRule { index: 1, .. })
    ));
}

#[test]
fn discounts_below_zero_are_refused() {
    let mut suit = suit();
    suit.price_rules[0].amount = -1_000_000;
    assert!(matches!(
        price(
            &suit,
            1900,
            "EUR",
            &sel(&["vest", "second-trousers"], None),
            1
        ),
        Err(PriceError::NegativeUnitPrice { .. })
    ));
}
