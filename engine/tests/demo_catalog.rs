//! The demo catalog in `catalog/` decodes, is complete in both languages,
//! agrees with `catalog/operations.json`, compiles, accepts plausible
//! configurations and moves price and delivery date with the choices.

use engine::delivery::{estimate, ComponentStock, Estimate, LineCalendar, Reason, Stock};
use engine::input::AllowedChars;
use engine::model::{AttributeKind, Catalog, Product, Text};
use engine::pricing::price;
use engine::rules::{is_keyword, parse_condition, parse_rule};
use engine::solver::{compile, CompiledProduct, PossibleValues};
use engine::validate::{missing_translations, validate};
use engine::{Lang, Milli, Selection, Value};
use jiff::civil::{date, Date};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

const CATALOG: &str = include_str!("../../catalog/catalog.json");
const OPERATIONS: &str = include_str!("../../catalog/operations.json");

/// A Wednesday; every date below is relative to it.
const TODAY: Date = date(2026, 11, 25);

fn catalog() -> Catalog {
    Catalog::from_json(CATALOG).expect("catalog/catalog.json decodes")
}

fn operations() -> Json {
    serde_json::from_str(OPERATIONS).expect("catalog/operations.json is JSON")
}

fn product<'c>(catalog: &'c Catalog, id: &str) -> &'c Product {
    catalog
        .product(id)
        .unwrap_or_else(|| panic!("product {id}"))
}

fn compiled(catalog: &Catalog, id: &str) -> CompiledProduct {
    compile(catalog, id).unwrap_or_else(|e| panic!("{id} compiles: {}", e.message(Lang::En)))
}

/// A selection from `key=value` pairs: `a=x+y` is a multi-choice, `#` starts
/// a number, `"` a text (in the attribute's first font).
fn sel(product: &Product, pairs: &[(&str, &str)]) -> Selection {
    let mut s = Selection::new();
    for (k, v) in pairs {
        let attr = product
            .attribute(k)
            .unwrap_or_else(|| panic!("attribute {k}"));
        let value = match &attr.kind {
            AttributeKind::Choice { .. } => Value::Choice(v.to_string()),
            AttributeKind::Multi { .. } => {
                Value::Multi(v.split('+').map(str::to_owned).collect::<BTreeSet<_>>())
            }
            AttributeKind::Number(_) => Value::Number(Milli::parse(v).expect("number")),
            AttributeKind::Text(spec) => Value::Text {
                text: v.to_string(),
                font: spec.fonts[0].id.clone(),
            },
        };
        s.set(*k, value);
    }
    s
}

fn choice_possible(c: &CompiledProduct, sel: &Selection, attribute: &str) -> BTreeSet<String> {
    let eval = c.evaluate(sel).expect("evaluates");
    assert!(
        eval.consistent,
        "{attribute}: selection {sel:?} is consistent"
    );
    let a = c.attribute_index(attribute).expect("attribute");
    let options = c.product.attributes[a].kind.options();
    match &eval.attributes[a].possible {
        PossibleValues::Choice { options: bits, .. } => options
            .iter()
            .zip(bits)
            .filter(|(_, b)| **b)
            .map(|(o, _)| o.id.clone())
            .collect(),
        other => panic!("{attribute} is not a choice: {other:?}"),
    }
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn is_catalog_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !is_keyword(id)
}

fn bilingual(what: &str, text: &Text) {
    assert!(
        !text.de.trim().is_empty() && !text.en.trim().is_empty(),
        "{what} needs German and English: {text:?}"
    );
}

#[test]
fn three_products_with_their_attributes() {
    let catalog = catalog();
    assert_eq!(catalog.schema, engine::model::SCHEMA_VERSION);
    assert_eq!(catalog.currency, "EUR");
    assert_eq!(catalog.vat_rate_bp, 1900);
    let ids: Vec<&str> = catalog.products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["car", "ring", "shirt"]);
    let counts: Vec<usize> = catalog
        .products
        .iter()
        .map(|p| p.attributes.len())
        .collect();
    assert_eq!(counts, [7, 6, 12]);
    let car = product(&catalog, "car");
    assert_eq!(car.base_price, 3_299_000);
    assert_eq!(car.production_line, "car-plant");
    assert_eq!(car.tables.len(), 1);
    match &car.attribute("packages").expect("packages").kind {
        AttributeKind::Multi { min, max, .. } => assert_eq!((*min, *max), (0, Some(4))),
        other => panic!("packages is multi: {other:?}"),
    }
    let ring = product(&catalog, "ring");
    assert!(matches!(
        ring.attribute("stone").expect("stone").kind,
        AttributeKind::Choice {
            required: false,
            ..
        }
    ));
    assert!(matches!(
        ring.attribute("size").expect("size").kind,
        AttributeKind::Number(_)
    ));
    let shirt = product(&catalog, "shirt");
    for m in ["neck", "chest", "waist", "sleeve"] {
        match &shirt.attribute(m).expect("measurement").kind {
            AttributeKind::Number(spec) => assert_eq!(spec.unit, "cm"),
            other => panic!("{m} is a number: {other:?}"),
        }
    }
}

#[test]
fn the_catalog_check_finds_nothing() {
    let catalog = catalog();
    assert_eq!(validate(&catalog), vec![]);
    assert_eq!(missing_translations(&catalog), vec![]);
    let report = engine::check::check(&catalog);
    assert_eq!(report.errors, vec![]);
    assert_eq!(report.warnings, vec![]);
}

#[test]
fn every_text_is_bilingual_and_every_id_plain() {
    let catalog = catalog();
    for line in &catalog.production_lines {
        bilingual(&line.id, &line.name);
    }
    for c in &catalog.components {
        assert!(is_catalog_id(&c.id), "component id {}", c.id);
        bilingual(&c.id, &c.name);
    }
    let components: BTreeSet<&str> = catalog.components.iter().map(|c| c.id.as_str()).collect();
    let lines: BTreeSet<&str> = catalog
        .production_lines
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    let mut used = BTreeSet::new();
    for p in &catalog.products {
        assert!(lines.contains(p.production_line.as_str()), "{}", p.id);
        bilingual(&p.id, &p.name);
        bilingual(&p.id, &p.description);
        let groups: BTreeSet<&str> = p.groups.iter().map(|g| g.id.as_str()).collect();
        for g in &p.groups {
            bilingual(&g.id, &g.label);
        }
        for a in &p.attributes {
            assert!(is_catalog_id(&a.id), "attribute id {}", a.id);
            bilingual(&a.id, &a.label);
            let group = a.group.as_deref().expect("every attribute has a group");
            assert!(groups.contains(group), "{}: group {group}", a.id);
            for o in a.kind.options() {
                assert!(is_catalog_id(&o.id), "{}: option id {}", a.id, o.id);
                bilingual(&o.id, &o.label);
                if let Some(swatch) = &o.swatch {
                    assert!(
                        swatch.len() == 7
                            && swatch.starts_with('#')
                            && swatch[1..].chars().all(|c| c.is_ascii_hexdigit()),
                        "swatch {swatch}"
                    );
                }
                for u in &o.components {
                    assert!(components.contains(u.component.as_str()), "{}", u.component);
                    used.insert(u.component.as_str());
                }
            }
            if let AttributeKind::Text(spec) = &a.kind {
                AllowedChars::parse(spec.allowed.as_deref().expect("allowed"))
                    .unwrap_or_else(|e| panic!("{}: {e}", a.id));
                assert!(!spec.fonts.is_empty());
                for f in &spec.fonts {
                    bilingual(&f.id, &f.label);
                    let generic = ["serif", "sans-serif", "cursive", "monospace"];
                    assert!(
                        generic.iter().any(|g| f.css.trim_end().ends_with(g)),
                        "font {} falls back to a generic family",
                        f.id
                    );
                }
            }
        }
        for r in &p.rules {
            parse_rule(&r.rule).unwrap_or_else(|e| panic!("'{}': {e}", r.rule));
            bilingual(&r.rule, &r.message);
        }
        for t in &p.tables {
            bilingual(&t.id, &t.message);
        }
        for r in &p.price_rules {
            parse_condition(&r.when).unwrap_or_else(|e| panic!("'{}': {e}", r.when));
            bilingual(&r.when, &r.label);
        }
    }
    assert_eq!(used, components, "every component is used by some option");
}

#[test]
fn operations_cover_the_catalog() {
    let catalog = catalog();
    let ops = operations();
    assert_eq!(ops["schema"], 1);
    let lines = ops["production_lines"].as_array().expect("lines");
    let ids: BTreeSet<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    let want: BTreeSet<&str> = catalog
        .production_lines
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(ids, want);
    for line in lines {
        let capacity = line["daily_capacity"].as_u64().expect("daily_capacity");
        assert!(capacity > 0);
        let days = line["working_days"].as_array().expect("working_days");
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        assert!(days
            .iter()
            .all(|d| d.as_str().is_some_and(|d| names.contains(&d))));
        let holidays = line["holidays"].as_array().expect("holidays");
        for y in [2026, 2027] {
            let in_year = holidays
                .iter()
                .filter_map(|h| h.as_str())
                .filter(|h| h.starts_with(&y.to_string()))
                .count();
            assert_eq!(in_year, 10, "Berlin has 10 public holidays in {y}");
        }
        for h in holidays {
            h.as_str()
                .expect("date string")
                .parse::<Date>()
                .expect("YYYY-MM-DD");
        }
        for b in line["backlog"].as_array().expect("backlog") {
            assert!(b["in_working_days"].as_u64().expect("offset") >= 1);
            assert!(b["units"].as_u64().expect("units") <= capacity);
        }
    }
    let comps = ops["components"].as_array().expect("components");
    let ids: BTreeSet<&str> = comps.iter().filter_map(|c| c["id"].as_str()).collect();
    let want: BTreeSet<&str> = catalog.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, want);
    for c in comps {
        assert!(c["on_hand"].as_i64().expect("on_hand") >= 0);
        c["replenish_days"].as_u64().expect("replenish_days");
    }
}

/// The line calendar and stock of `operations.json`, with the backlog's
/// working-day offsets counted from [`TODAY`].
fn line_and_stock(line_id: &str) -> (LineCalendar, Stock) {
    let ops = operations();
    let line = ops["production_lines"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["id"] == line_id))
        .expect("line");
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut working_days = [false; 7];
    for d in line["working_days"].as_array().expect("days") {
        let i = names.iter().position(|n| d == n).expect("weekday");
        working_days[i] = true;
    }
    let holidays: Vec<Date> = line["holidays"]
        .as_array()
        .expect("holidays")
        .iter()
        .map(|h| h.as_str().expect("str").parse().expect("date"))
        .collect();
    let is_working = |d: Date| {
        working_days[d.weekday().to_monday_zero_offset() as usize] && !holidays.contains(&d)
    };
    let mut working = Vec::new();
    let mut day = TODAY;
    while working.len() < 60 {
        day = day.tomorrow().expect("date");
        if is_working(day) {
            working.push(day);
        }
    }
    let booked: BTreeMap<Date, u32> = line["backlog"]
        .as_array()
        .expect("backlog")
        .iter()
        .map(|b| {
            let n = b["in_working_days"].as_u64().expect("offset") as usize;
            (working[n - 1], b["units"].as_u64().expect("units") as u32)
        })
        .collect();
    let calendar = LineCalendar {
        working_days,
        holidays,
        daily_capacity: line["daily_capacity"].as_u64().expect("capacity") as u32,
        booked,
    };
    let components = ops["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().expect("id").to_owned(),
                ComponentStock {
                    available: c["on_hand"].as_i64().expect("on_hand"),
                    replenish_days: c["replenish_days"].as_u64().expect("days") as u32,
                    incoming: Vec::new(),
                },
            )
        })
        .collect();
    (calendar, Stock { components })
}

/// Evaluates a full configuration: it must be consistent and complete.
fn complete(c: &CompiledProduct, selection: &Selection) -> Selection {
    let eval = c.evaluate(selection).expect("evaluates");
    assert!(eval.consistent, "consistent: {selection:?}");
    assert!(eval.complete, "complete: {:?}", eval.effective);
    eval.effective
}

fn quote(product: &Product, effective: &Selection, quantity: u32) -> (i64, Estimate) {
    let (line, stock) = line_and_stock(&product.production_line);
    let p = price(product, 1900, "EUR", effective, quantity).expect("price");
    let e = estimate(product, effective, quantity, &line, &stock, TODAY).expect("estimate");
    (p.total, e)
}

#[test]
fn car_rules_narrow_the_choices() {
    let catalog = catalog();
    let c = compiled(&catalog, "car");
    let p = &c.product;
    let v6 = sel(p, &[("engine", "v6")]);
    assert_eq!(choice_possible(&c, &v6, "wheels"), set(&["19in", "20in"]));
    assert_eq!(choice_possible(&c, &v6, "line"), set(&["sport"]));
    assert_eq!(choice_possible(&c, &v6, "transmission"), set(&["auto8"]));
    let ev = sel(p, &[("engine", "ev204")]);
    assert_eq!(choice_possible(&c, &ev, "transmission"), set(&["direct"]));
    let basis = sel(p, &[("line", "basis")]);
    assert_eq!(
        choice_possible(&c, &basis, "engine"),
        set(&["p150", "d150", "ev204"])
    );
    assert_eq!(
        choice_possible(&c, &basis, "interior"),
        set(&["cloth", "leatherette"])
    );
    // The eco package and the V6 exclude each other; five packages are too many.
    let eco = sel(p, &[("packages", "eco")]);
    assert!(!choice_possible(&c, &eco, "engine").contains("v6"));
    let five = sel(p, &[("packages", "winter+tech+sport+parking+eco")]);
    assert!(!c.evaluate(&five).expect("evaluates").consistent);
    // The default picks the automatic for the petrol engine.
    let petrol = sel(
        p,
        &[
            ("line", "basis"),
            ("engine", "p150"),
            ("paint", "white"),
            ("wheels", "17in"),
            ("interior", "cloth"),
        ],
    );
    let eff = complete(&c, &petrol);
    assert_eq!(
        eff.get("transmission"),
        Some(&Value::Choice("auto8".into()))
    );
}

#[test]
fn car_price_and_delivery_move_with_the_choices() {
    let catalog = catalog();
    let c = compiled(&catalog, "car");
    let p = &c.product;
    let basic = complete(
        &c,
        &sel(
            p,
            &[
                ("line", "basis"),
                ("engine", "p150"),
                ("transmission", "manual6"),
                ("paint", "white"),
                ("wheels", "17in"),
                ("interior", "cloth"),
            ],
        ),
    );
    let (basic_price, basic_date) = quote(p, &basic, 1);
    assert_eq!(basic_price, 3_299_000);

    let v6 = complete(
        &c,
        &sel(
            p,
            &[
                ("line", "sport"),
                ("engine", "v6"),
                ("transmission", "auto8"),
                ("paint", "graphite"),
                ("wheels", "20in"),
                ("interior", "leather"),
                ("packages", "sport+tech+winter"),
            ],
        ),
    );
    let (v6_price, v6_date) = quote(p, &v6, 1);
    // base + sport + v6 + auto8 + metallic + 20in + leather + packages - bundles
    let want = 3_299_000
        + 389_000
        + 1_490_000
        + 220_000
        + 89_000
        + 229_000
        + 219_000
        + 185_000
        + 215_000
        + 49_000
        - 120_000
        - 35_000;
    assert_eq!(v6_price, want);
    // The browser's form of the product prices the bundle rules the same.
    let in_browser = c.for_browser().price(&v6, 1).expect("price").total;
    assert_eq!(in_browser, want);
    assert!(v6_date.earliest > basic_date.earliest);
    assert!(v6_date.reasons.iter().any(
        |r| matches!(r, Reason::ComponentShort { component, .. } if component == "v6-engine")
    ));

    // Leather: one car has a hide in stock, three cars wait for new hides.
    let leather = complete(
        &c,
        &sel(
            p,
            &[
                ("line", "style"),
                ("engine", "p150"),
                ("transmission", "auto8"),
                ("paint", "white"),
                ("wheels", "17in"),
                ("interior", "leather"),
            ],
        ),
    );
    let (_, one) = quote(p, &leather, 1);
    let (fleet_price, three) = quote(p, &leather, 3);
    assert!(one.earliest > basic_date.earliest, "leather adds 5 days");
    assert!(three.earliest > one.earliest, "3 hides are not in stock");
    let unit = price(p, 1900, "EUR", &leather, 1)
        .expect("price")
        .unit_price;
    assert_eq!(fleet_price, 3 * (unit - (unit * 3 / 100)));

    // Special paint adds 10 working days.
    let mut green = basic.clone();
    green.set("paint", Value::Choice("green".into()));
    let (_, green_date) = quote(p, &green, 1);
    assert_eq!(green_date.production_days, basic_date.production_days + 10);
}

#[test]
fn ring_rules_and_delivery() {
    let catalog = catalog();
    let c = compiled(&catalog, "ring");
    let p = &c.product;
    let diamond = sel(p, &[("stone", "diamond")]);
    assert_eq!(
        choice_possible(&c, &diamond, "metal"),
        set(&["yellow-gold", "white-gold", "rose-gold", "platinum"])
    );
    assert_eq!(choice_possible(&c, &diamond, "width"), set(&["4mm", "6mm"]));
    let silver = sel(p, &[("metal", "silver")]);
    assert_eq!(choice_possible(&c, &silver, "stone"), set(&["sapphire"]));
    let small = sel(p, &[("size", "49")]);
    assert_eq!(choice_possible(&c, &small, "width"), set(&["2mm", "4mm"]));

    let plain = complete(
        &c,
        &sel(
            p,
            &[
                ("metal", "silver"),
                ("width", "2mm"),
                ("size", "54"),
                ("finish", "polished"),
            ],
        ),
    );
    let (plain_price, plain_date) = quote(p, &plain, 1);
    assert_eq!(plain_price, 7_900);
    let engraved = complete(
        &c,
        &sel(
            p,
            &[
                ("metal", "platinum"),
                ("stone", "diamond"),
                ("width", "4mm"),
                ("size", "54"),
                ("finish", "polished"),
                ("engraving", "Anna & Ben ♥"),
            ],
        ),
    );
    let (engraved_price, engraved_date) = quote(p, &engraved, 1);
    // 9 non-space characters at 1,50 € + 5,00 €
    let want = 7_900 + 119_000 + 29_000 + 1_500 + 25_000 + 9 * 150 + 500;
    assert_eq!(engraved_price, want);
    assert!(engraved_date.earliest > plain_date.earliest);
    // Four diamonds: only three in stock.
    let (_, four) = quote(p, &engraved, 4);
    assert!(four.reasons.iter().any(
        |r| matches!(r, Reason::ComponentShort { component, .. } if component == "diamond-010")
    ));
}

#[test]
fn shirt_measurements_are_checked() {
    let catalog = catalog();
    let c = compiled(&catalog, "shirt");
    let p = &c.product;
    let base = [
        ("fabric", "poplin-white"),
        ("collar", "kent"),
        ("cuffs", "barrel"),
        ("buttons", "classic"),
    ];
    let standard = complete(
        &c,
        &sel(
            p,
            &[&base[..], &[("fit", "standard"), ("size", "l")]].concat(),
        ),
    );
    assert_eq!(standard.get("neck"), None);
    let measured = [
        ("fit", "measured"),
        ("neck", "41"),
        ("chest", "104"),
        ("waist", "94"),
        ("sleeve", "64"),
    ];
    let eff = complete(&c, &sel(p, &[&base[..], &measured[..]].concat()));
    assert_eq!(eff.get("size"), None);
    let (standard_price, standard_date) = quote(p, &standard, 1);
    let (measured_price, measured_date) = quote(p, &eff, 1);
    assert_eq!(standard_price, 6_900);
    assert_eq!(measured_price, 8_900);
    assert!(measured_date.earliest > standard_date.earliest);
    // Plausible bodies pass, implausible ones do not.
    for (neck, chest, waist) in [
        ("38", "92", "78"),
        ("44", "118", "112"),
        ("48", "140", "148"),
    ] {
        let body = [
            ("fit", "measured"),
            ("neck", neck),
            ("chest", chest),
            ("waist", waist),
            ("sleeve", "66.5"),
        ];
        complete(&c, &sel(p, &[&base[..], &body[..]].concat()));
    }
    for (neck, chest, waist) in [("41", "90", "101"), ("45", "88", "80"), ("38", "130", "90")] {
        let body = [
            ("fit", "measured"),
            ("neck", neck),
            ("chest", chest),
            ("waist", waist),
        ];
        let eval = c
            .evaluate(&sel(p, &[&base[..], &body[..]].concat()))
            .expect("evaluates");
        assert!(!eval.consistent, "{neck}/{chest}/{waist} is refused");
    }
    // Linen: no French cuffs, two lengths in stock.
    let linen = sel(p, &[("fabric", "linen-sand")]);
    assert_eq!(choice_possible(&c, &linen, "cuffs"), set(&["barrel"]));
    let french = sel(p, &[("cuffs", "french")]);
    assert!(!choice_possible(&c, &french, "collar").contains("button-down"));
    let mut linen_shirt = standard.clone();
    linen_shirt.set("fabric", Value::Choice("linen-sand".into()));
    let (_, three) = quote(p, &linen_shirt, 3);
    assert!(three
        .reasons
        .iter()
        .any(|r| matches!(r, Reason::ComponentShort { component, .. } if component == "fabric-linen-sand")));
}

#[test]
fn the_browser_gets_the_stock_of_its_product_only() {
    let catalog = catalog();
    let car = product(&catalog, "car");
    let (_, stock) = line_and_stock("car-plant");
    let mut all = stock.clone();
    all.components.insert(
        "ruby".into(),
        ComponentStock {
            available: 3,
            replenish_days: 10,
            incoming: Vec::new(),
        },
    );
    let used = all.used_by(car);
    assert!(used.components.contains_key("v6-engine"));
    assert!(!used.components.contains_key("ruby"));
    assert_eq!(used, stock.used_by(car));
}

/// Every text of the value, as (German, English), in document order.
fn texts_of(json: &Json, out: &mut Vec<(String, String)>) {
    match json {
        Json::Object(map) => match (map.get("de"), map.get("en")) {
            (Some(Json::String(de)), Some(Json::String(en))) if map.len() == 2 => {
                out.push((de.clone(), en.clone()))
            }
            _ => map.values().for_each(|v| texts_of(v, out)),
        },
        Json::Array(items) => items.iter().for_each(|v| texts_of(v, out)),
        _ => {}
    }
}

#[test]
fn a_product_kept_in_one_language_reads_the_same_in_it_and_holds_no_other() {
    for product in &catalog().products {
        let mut before = Vec::new();
        texts_of(&serde_json::to_value(product).unwrap(), &mut before);
        assert!(before.len() > 10, "{}: too few texts to test", product.id);
        for lang in [Lang::De, Lang::En] {
            let mut kept = product.clone();
            kept.keep_language(lang);
            let mut after = Vec::new();
            texts_of(&serde_json::to_value(&kept).unwrap(), &mut after);
            assert_eq!(after.len(), before.len(), "{}", product.id);
            for ((de, en), (kept_de, kept_en)) in before.iter().zip(&after) {
                let text = Text {
                    de: de.clone(),
                    en: en.clone(),
                };
                let kept_text = Text {
                    de: kept_de.clone(),
                    en: kept_en.clone(),
                };
                assert_eq!(kept_text.get(lang), text.get(lang), "{}", product.id);
                // The demo is complete in both languages: one side is left.
                assert!(
                    kept_de.is_empty() || kept_en.is_empty(),
                    "{}: {kept_de:?} / {kept_en:?} kept in {lang:?}",
                    product.id
                );
            }
        }
    }
}
