//! Decoding and checking catalogs never panics, whatever the input.

use engine::validate::{missing_translations, validate};
use engine::Catalog;
use proptest::prelude::*;
use serde_json::{json, Value};

/// A small valid catalog to mutate.
fn seed() -> Value {
    let label = |s: &str| json!({"de": s, "en": s});
    json!({
        "schema": 1,
        "production_lines": [{"id": "works", "name": label("Works")}],
        "components": [{"id": "gold", "name": label("Gold")}],
        "products": [{
            "id": "ring", "name": label("Ring"), "base_price": 19900,
            "production_line": "works", "base_days": 5,
            "attributes": [
                {"id": "metal", "label": label("Metal"), "kind": "choice",
                 "options": [{"id": "gold", "label": label("Gold"), "components": [{"component": "gold"}]},
                             {"id": "silver", "label": label("Silver"), "swatch": "#c0c0c0"}]},
                {"id": "size", "label": label("Size"), "kind": "number", "unit": "mm",
                 "min": 48, "max": 64, "step": 1},
                {"id": "engraving", "label": label("Engraving"), "kind": "text", "max_len": 20}
            ],
            "rules": [{"rule": "engraving visible if metal = gold"}, {"rule": "default size = 54"}],
            "tables": [{"id": "t", "attributes": ["metal"], "rows": [["gold"], ["*"]]}],
            "price_rules": [{"when": "metal = gold and size >= 60", "amount": 1000, "label": label("XL")}],
            "quantity_tiers": [{"min_quantity": 10, "discount_bp": 500}]
        }]
    })
}

#[test]
fn the_seed_is_valid() {
    let catalog = Catalog::from_json(&seed().to_string()).expect("seed decodes");
    assert_eq!(validate(&catalog), vec![]);
    assert_eq!(missing_translations(&catalog), vec![]);
}

/// Strings that are likely to matter somewhere in a catalog.
fn interesting_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("gold".to_owned()),
        Just("metal".to_owned()),
        Just("and".to_owned()),
        Just("*".to_owned()),
        Just("-".to_owned()),
        Just("metal = gold requires size > 50".to_owned()),
        Just("default metal = 54".to_owned()),
        Just("((((((".to_owned()),
        "\\PC{0,12}",
    ]
}

/// Replaces one value somewhere in the document: follows `path` (each step
/// picks a child modulo the number of children) until it ends or reaches a
/// leaf.
fn mutate(node: &mut Value, path: &[usize], replacement: Value) {
    let has_children = match node {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    };
    let Some((step, rest)) = path.split_first().filter(|_| has_children) else {
        *node = replacement;
        return;
    };
    match node {
        Value::Object(map) => {
            let key = map
                .keys()
                .nth(step % map.len())
                .cloned()
                .unwrap_or_default();
            if let Some(child) = map.get_mut(&key) {
                mutate(child, rest, replacement);
            }
        }
        Value::Array(items) => {
            let len = items.len();
            if let Some(child) = items.get_mut(step % len) {
                mutate(child, rest, replacement);
            }
        }
        _ => {}
    }
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        interesting_string().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::Null),
        Just(json!([])),
        Just(json!({})),
        Just(json!(["gold", "*"])),
    ]
}

proptest! {
    #[test]
    fn from_json_never_panics(text in "\\PC{0,200}") {
        let _ = Catalog::from_json(&text);
        let _ = Catalog::from_toml(&text);
    }

    #[test]
    fn mutated_catalogs_decode_and_check_without_panicking(
        edits in proptest::collection::vec(
            (proptest::collection::vec(any::<usize>(), 1..8), replacement()),
            1..6,
        )
    ) {
        let mut doc = seed();
        for (path, value) in edits {
            mutate(&mut doc, &path, value);
        }
        if let Ok(catalog) = Catalog::from_json(&doc.to_string()) {
            for problem in validate(&catalog) {
                prop_assert!(!problem.path.is_empty() && !problem.message.is_empty());
            }
            let _ = missing_translations(&catalog);
        }
    }

    #[test]
    fn truncated_documents_never_panic(cut in 0usize..2000) {
        let text = seed().to_string();
        let end = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
        let _ = Catalog::from_json(&text[..end]);
    }
}
