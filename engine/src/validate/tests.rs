//! The catalog check on a small valid catalog and on broken variants of it.

use super::*;
use crate::model::Catalog;
use serde_json::{json, Value};

fn label(s: &str) -> Value {
    json!({"de": s, "en": s})
}

fn option(id: &str) -> Value {
    json!({"id": id, "label": label(id)})
}

fn base() -> Value {
    json!({
        "schema": 1,
        "currency": "EUR",
        "vat_rate_bp": 1900,
        "production_lines": [{"id": "works", "name": label("Works")}],
        "components": [{"id": "steel", "name": label("Steel")}],
        "products": [{
            "id": "car",
            "name": label("Car"),
            "base_price": 100000,
            "production_line": "works",
            "base_days": 10,
            "groups": [{"id": "drive", "label": label("Drive")}],
            "attributes": [
                {"id": "engine", "label": label("Engine"), "kind": "choice", "group": "drive",
                 "options": [option("v6"), option("v8"),
                             {"id": "ev", "label": label("EV"), "swatch": "#00ff7F",
                              "components": [{"component": "steel", "qty": 2}]}]},
                {"id": "wheels", "label": label("Wheels"), "kind": "choice", "required": false,
                 "options": [option("19in"), option("20in"), option("21")]},
                {"id": "packages", "label": label("Packages"), "kind": "multi", "max": 2,
                 "options": [option("sport"), option("comfort")]},
                {"id": "engraving", "label": label("Engraving"), "kind": "text", "max_len": 20,
                 "allowed": "A-Za-z -", "fonts": [{"id": "serif", "label": label("Serif"), "css": "serif"}]},
                {"id": "chest", "label": label("Chest"), "kind": "number", "unit": "cm",
                 "min": 80, "max": 140, "step": 0.5},
                {"id": "waist", "label": label("Waist"), "kind": "number", "unit": "cm",
                 "min": 60, "max": 130, "step": 0.5}
            ],
            "rules": [
                {"rule": "engine = v8 requires wheels in (19in, 20in)"},
                {"rule": "chest - waist >= 8"},
                {"rule": "engraving visible if packages has sport"},
                {"rule": "default engine = v6 if wheels is empty"},
                {"rule": "default wheels = 21"},
                {"rule": "default chest = 100.5"},
                {"rule": "engine = ev excludes chest * 2 > waist + 300 or engraving is set"}
            ],
            "tables": [{"id": "combos", "attributes": ["engine", "wheels"],
                        "rows": [["v6", "*"], ["v8", "20in"], ["ev", "-"]]}],
            "price_rules": [{"when": "packages has sport and engine = v8", "amount": -5000,
                             "label": label("Bundle")}],
            "quantity_tiers": [{"min_quantity": 5, "discount_bp": 500},
                               {"min_quantity": 10, "discount_bp": 1000}]
        }]
    })
}

fn problems(doc: &Value) -> Vec<String> {
    let catalog: Catalog = serde_json::from_value(doc.clone()).expect("test catalog decodes");
    validate(&catalog).iter().map(ToString::to_string).collect()
}

/// Applies `edit` to the base catalog and returns the problems.
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut doc = base();
    edit(&mut doc);
    problems(&doc)
}

fn product(doc: &mut Value) -> &mut Value {
    &mut doc["products"][0]
}

fn has(problems: &[String], expected: &str) -> bool {
    problems.iter().any(|p| p == expected)
}

#[test]
fn the_base_catalog_is_valid() {
    assert_eq!(problems(&base()), Vec::<String>::new());
    let catalog: Catalog = serde_json::from_value(base()).expect("decodes");
    assert_eq!(missing_translations(&catalog), vec![]);
}

#[test]
fn unknown_option_in_a_rule() {
    let p = problems_after(|d| {
        product(d)["rules"][3] = json!({"rule": "engine = v12 requires wheels = 19in"});
    });
    assert_eq!(
        p,
        vec!["products[car].rules[3]: option 'v12' does not exist in attribute 'engine'"]
    );
}

#[test]
fn duplicate_option_id() {
    let p = problems_after(|d| {
        product(d)["attributes"][1]["options"][2]["id"] = json!("19in");
    });
    assert!(
        has(
            &p,
            "products[car].attributes[wheels].options[2].id: duplicate option id '19in'"
        ),
        "{p:?}"
    );
}

#[test]
fn catalog_level_fields() {
    let p = problems_after(|d| {
        d["schema"] = json!(2);
        d["currency"] = json!("eur");
        d["vat_rate_bp"] = json!(10_001);
        d["components"] =
            json!([{"id": "steel", "name": label("a")}, {"id": "steel", "name": label("b")}]);
        d["production_lines"][0]["id"] = json!("bad id");
    });
    assert!(
        has(
            &p,
            "schema: unsupported schema version 2 (this engine reads version 1)"
        ),
        "{p:?}"
    );
    assert!(has(
        &p,
        "currency: 'eur' is not a currency code (three capital letters such as EUR)"
    ));
    assert!(has(
        &p,
        "vat_rate_bp: 10001 basis points is more than 100 % (10000)"
    ));
    assert!(
        has(&p, "components[1].id: duplicate component id 'steel'"),
        "{p:?}"
    );
    assert!(has(
        &p,
        "production_lines[bad id].id: the id 'bad id' contains U+0020; use only letters, digits, '_', '-' and '.'"
    ));
    assert!(has(
        &p,
        "products[car].production_line: production line 'works' does not exist"
    ));
}

#[test]
fn ids_and_references() {
    let p = problems_after(|d| {
        let prod = product(d);
        prod["attributes"][0]["id"] = json!("and");
        prod["attributes"][1]["group"] = json!("nope");
        prod["attributes"][0]["options"][2]["components"][0]["component"] = json!("gold");
        prod["groups"] =
            json!([{"id": "drive", "label": label("D")}, {"id": "drive", "label": label("D")}]);
        prod["attributes"][2]["id"] = json!("qty");
        prod["attributes"][3]["id"] = json!("utm_source");
        prod["base_price"] = json!(-1);
    });
    assert!(has(&p, "products[car].attributes[and].id: the id 'and' is a keyword of the rule language; choose another id"), "{p:?}");
    assert!(has(
        &p,
        "products[car].attributes[wheels].group: group 'nope' does not exist"
    ));
    assert!(has(&p, "products[car].attributes[and].options[2].components[0].component: component 'gold' does not exist"), "{p:?}");
    assert!(has(
        &p,
        "products[car].groups[1].id: duplicate group id 'drive'"
    ));
    assert!(
        p.iter()
            .any(|x| x.starts_with("products[car].attributes[qty].id: the id 'qty' clashes")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|x| x
            .starts_with("products[car].attributes[utm_source].id: the id 'utm_source' clashes")),
        "{p:?}"
    );
    assert!(has(
        &p,
        "products[car].base_price: the base price -1 is negative"
    ));
    // The rules that mention 'engine' now fail to resolve.
    assert!(has(
        &p,
        "products[car].rules[0]: attribute 'engine' does not exist"
    ));
}

#[test]
fn rule_parse_errors_carry_their_position() {
    let p = problems_after(|d| {
        product(d)["rules"] = json!([{"rule": "engine in ()"}]);
        product(d)["price_rules"][0]["when"] = json!("packages has");
    });
    assert_eq!(
        p,
        vec![
            "products[car].rules[0]: line 1, column 12: expected an option id after 'in (' but found ')'",
            "products[car].price_rules[0].when: line 1, column 13: expected an option id after 'has' but found the end of the rule",
        ]
    );
}

#[test]
fn rule_kinds_are_checked() {
    let p = problems_after(|d| {
        product(d)["rules"] = json!([
            {"rule": "packages = sport"},
            {"rule": "engine has v8"},
            {"rule": "engine > 3"},
            {"rule": "chest-waist >= 8"},
            {"rule": "engraving = x"},
            {"rule": "nope is set"},
            {"rule": "nope visible if engine = v8"},
            {"rule": "default packages = sport"},
            {"rule": "default engine = v12"},
            {"rule": "default chest = 100.25"},
            {"rule": "default chest = v8"},
            {"rule": "chest * waist > 10"},
            {"rule": "packages has turbo"},
            {"rule": "chest = waist"},
        ]);
    });
    let expected = [
        "products[car].rules[0]: 'packages' is a multi-choice attribute: write 'packages has sport' instead of '=' or 'in'",
        "products[car].rules[1]: 'engine' is a choice attribute: write 'engine = v8' instead of 'has'",
        "products[car].rules[2]: 'engine' is a choice attribute; only number attributes can be compared or calculated with",
        "products[car].rules[3]: attribute 'chest-waist' does not exist (to subtract, write 'chest - waist' with spaces)",
        "products[car].rules[4]: 'engraving' is a text attribute: only 'is set' and 'is empty' apply to it",
        "products[car].rules[5]: attribute 'nope' does not exist",
        "products[car].rules[6]: attribute 'nope' does not exist",
        "products[car].rules[7]: 'packages' is a multi-choice attribute; a default can only be given for a choice or a number attribute",
        "products[car].rules[8]: option 'v12' does not exist in attribute 'engine'",
        "products[car].rules[9]: the default 100.25 is not a possible value of 'chest' (from 80 to 140 in steps of 0.5)",
        "products[car].rules[10]: 'chest' is a number attribute; its default must be a number, not 'v8'",
        "products[car].rules[11]: 'chest * waist' multiplies two measurements; one side of '*' must be a number",
        "products[car].rules[12]: option 'turbo' does not exist in attribute 'packages'",
        "products[car].rules[13]: 'chest' is a number attribute: compare it with a number, such as 'chest >= 40' (to compare two measurements write 'chest == waist')",
    ];
    assert_eq!(p, expected);
}

#[test]
fn tables_are_checked() {
    let p = problems_after(|d| {
        product(d)["tables"] = json!([
            {"id": "t", "attributes": ["engine", "packages", "engine", "nope"],
             "rows": [["v8", "sport", "v6", "x"], ["v8"]]},
            {"id": "u", "attributes": ["wheels", "engine"],
             "rows": [["-", "-"], ["22in", "*"]]},
            {"id": "u", "attributes": ["engine"], "rows": []},
        ]);
    });
    let expected = [
        "products[car].tables[2].id: duplicate table id 'u'",
        "products[car].tables[t].attributes[1]: 'packages' is not a choice attribute; tables can only combine choice attributes",
        "products[car].tables[t].attributes[2]: attribute 'engine' appears twice in the table",
        "products[car].tables[t].attributes[3]: attribute 'nope' does not exist",
        "products[car].tables[t].rows[1]: the row has 1 cell but the table has 4 attributes",
        "products[car].tables[1].rows[0][1]: '-' (no value) is only possible for an optional choice, and 'engine' is required",
        "products[car].tables[1].rows[1][0]: option '22in' does not exist in attribute 'wheels'",
        "products[car].tables[2].rows: the table has no rows, so no configuration satisfies it",
    ];
    assert_eq!(p, expected);
}

#[test]
fn attribute_specs_are_checked() {
    let p = problems_after(|d| {
        let attrs = &mut product(d)["attributes"];
        attrs[0]["options"][0]["swatch"] = json!("red");
        attrs[1]["options"] = json!([]);
        attrs[2]["min"] = json!(3);
        attrs[3]["max_len"] = json!(0);
        attrs[3]["allowed"] = json!("z-a");
        attrs[3]["fonts"] = json!([{"id": "a", "label": label("A"), "css": "x"}, {"id": "a", "label": label("A"), "css": "y"}]);
        attrs[4]["step"] = json!(0);
        attrs[5]["min"] = json!(200);
        product(d)["rules"] = json!([]);
        product(d)["tables"] = json!([]);
        product(d)["quantity_tiers"] = json!([{"min_quantity": 5, "discount_bp": 500}, {"min_quantity": 5, "discount_bp": 20000}]);
    });
    let expected = [
        "products[car].attributes[engine].options[0].swatch: 'red' is not a colour of the form #rrggbb",
        "products[car].attributes[wheels].options: a choice attribute needs at least one option",
        "products[car].attributes[packages].min: min 3 is greater than max 2",
        "products[car].attributes[engraving].max_len: max_len must be at least 1",
        "products[car].attributes[engraving].allowed: the range 'z-a' is backwards; write 'a-z'",
        "products[car].attributes[engraving].fonts[1].id: duplicate font id 'a'",
        "products[car].attributes[chest].step: the step 0 must be greater than 0",
        "products[car].attributes[waist].min: min 200 is greater than max 130",
        "products[car].quantity_tiers[1].min_quantity: tiers must be in strictly ascending order of min_quantity, but 5 follows 5",
        "products[car].quantity_tiers[1].discount_bp: 20000 basis points is more than 100 % (10000)",
    ];
    assert_eq!(p, expected);
}

#[test]
fn multi_max_beyond_options() {
    let p = problems_after(|d| product(d)["attributes"][2]["max"] = json!(3));
    assert_eq!(
        p,
        vec!["products[car].attributes[packages].max: max 3 is greater than the number of options (2)"]
    );
}

#[test]
fn translations_are_warned_about() {
    let mut doc = base();
    product(&mut doc)["name"] = json!({"de": "Auto", "en": ""});
    product(&mut doc)["attributes"][0]["label"] = json!({"de": "", "en": ""});
    product(&mut doc)["attributes"][0]["help"] = json!({"de": "", "en": "Pick one"});
    let catalog: Catalog = serde_json::from_value(doc).expect("decodes");
    let warnings: Vec<String> = missing_translations(&catalog)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        vec![
            "products[car].name: missing English translation",
            "products[car].attributes[engine].label: empty in both German and English",
            "products[car].attributes[engine].help: missing German translation",
        ]
    );
    assert!(validate(&catalog).is_empty());
}
