//! The publishing check: errors for products without any configuration,
//! warnings for dead options, forced attributes and rules that never apply.

use engine::check::check;
use engine::Catalog;

fn catalog(rules: &str, tables: &str) -> Catalog {
    let json = format!(
        r#"{{
  "schema": 1,
  "production_lines": [{{"id": "l", "name": {{"de": "Werkstatt", "en": "Workshop"}}}}],
  "products": [{{
    "id": "ring", "name": {{"de": "Ring", "en": "Ring"}}, "base_price": 100, "production_line": "l", "base_days": 1,
    "attributes": [
      {{"id": "metal", "label": {{"de": "Metall", "en": "Metal"}}, "kind": "choice",
       "options": [{{"id": "gold", "label": {{"de": "Gold", "en": "Gold"}}}}, {{"id": "silver", "label": {{"de": "Silber", "en": "Silver"}}}}, {{"id": "tin", "label": {{"de": "Zinn", "en": "Tin"}}}}]}},
      {{"id": "stone", "label": {{"de": "Stein", "en": "Stone"}}, "kind": "choice", "required": false,
       "options": [{{"id": "ruby", "label": {{"de": "Rubin", "en": "Ruby"}}}}]}},
      {{"id": "size", "label": {{"de": "Größe", "en": "Size"}}, "kind": "number", "unit": "mm", "min": 48, "max": 60, "step": 1}}
    ],
    "rules": [{rules}],
    "tables": [{tables}]
  }}]
}}"#
    );
    Catalog::from_json(&json).expect("catalog")
}

fn paths(problems: &[engine::validate::Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect()
}

#[test]
fn a_clean_product_has_no_findings() {
    let report = check(&catalog(
        r#"{"rule": "stone = ruby requires metal = gold"}"#,
        "",
    ));
    assert!(report.errors.is_empty(), "{:?}", paths(&report.errors));
    assert!(report.warnings.is_empty(), "{:?}", paths(&report.warnings));
}

#[test]
fn finds_dead_options_forced_attributes_and_idle_rules() {
    let rules = r#"{"rule": "metal != tin"},
        {"rule": "stone = ruby requires metal = gold"},
        {"rule": "metal = tin requires size >= 50"},
        {"rule": "size >= 48"},
        {"rule": "stone is empty"}"#;
    let report = check(&catalog(rules, ""));
    assert!(report.errors.is_empty(), "{:?}", paths(&report.errors));
    let w = paths(&report.warnings);
    assert!(
        w.iter()
            .any(|p| p.starts_with("products[ring].attributes[metal].options[2]:")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|p| p.starts_with("products[ring].attributes[stone].options[0]:")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|p| p.starts_with("products[ring].attributes[stone]:")),
        "forced empty: {w:?}"
    );
    assert!(
        w.iter().any(|p| p.starts_with("products[ring].rules[1]:")),
        "ruby never chosen: {w:?}"
    );
    assert!(
        w.iter().any(|p| p.starts_with("products[ring].rules[2]:")),
        "tin never: {w:?}"
    );
    assert!(
        w.iter().any(|p| p.starts_with("products[ring].rules[3]:")),
        "implied: {w:?}"
    );
}

#[test]
fn a_product_without_configurations_is_an_error() {
    let report = check(&catalog(
        r#"{"rule": "metal = gold"}, {"rule": "metal = silver"}"#,
        "",
    ));
    assert_eq!(report.errors.len(), 1, "{:?}", paths(&report.errors));
    assert_eq!(report.errors[0].path, "products[ring]");
    let table = r#"{"id": "t", "attributes": ["metal"], "rows": [["gold"]]}"#;
    let report = check(&catalog(r#"{"rule": "metal = silver"}"#, table));
    assert!(!report.errors.is_empty());
}
