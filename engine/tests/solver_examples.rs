//! Worked examples of the solver on a small hand-written catalog.

use engine::solver::{
    compile, CompileProblem, CompiledProduct, ConstraintRef, PossibleValues, SolveError, Target,
};
use engine::{Catalog, Milli, Selection, Value};

const CAR: &str = r##"{
  "schema": 1,
  "production_lines": [{"id": "l", "name": {"en": "Workshop"}}],
  "products": [{
    "id": "car", "name": {"en": "Car"}, "base_price": 100000, "production_line": "l", "base_days": 5,
    "attributes": [
      {"id": "engine", "label": {"en": "Engine"}, "kind": "choice",
       "options": [{"id": "v6", "label": {"en": "V6"}}, {"id": "v8", "label": {"en": "V8"}}]},
      {"id": "wheels", "label": {"en": "Wheels"}, "kind": "choice",
       "options": [{"id": "18in", "label": {"en": "18"}}, {"id": "19in", "label": {"en": "19"}}, {"id": "20in", "label": {"en": "20"}}]},
      {"id": "roof", "label": {"en": "Roof"}, "kind": "choice", "required": false,
       "options": [{"id": "glass", "label": {"en": "Glass"}}, {"id": "carbon", "label": {"en": "Carbon"}}]},
      {"id": "packs", "label": {"en": "Packs"}, "kind": "multi", "max": 1,
       "options": [{"id": "sport", "label": {"en": "Sport"}}, {"id": "winter", "label": {"en": "Winter"}}]},
      {"id": "badge", "label": {"en": "Badge"}, "kind": "text", "max_len": 8},
      {"id": "seat", "label": {"en": "Seat height"}, "kind": "number", "unit": "cm", "min": 40, "max": 50, "step": 2.5}
    ],
    "rules": [
      {"rule": "engine = v8 requires wheels in (19in, 20in)", "message": {"en": "The V8 needs 19 or 20 inch wheels."}},
      {"rule": "badge visible if engine = v8", "message": {"en": "Badges only on the V8."}},
      {"rule": "packs has sport excludes roof = glass", "message": {"en": "No glass roof with the sport pack."}},
      {"rule": "default wheels = 19in if engine = v8"},
      {"rule": "seat >= 45 requires engine = v8", "message": {"en": "High seats need the V8."}}
    ],
    "tables": [
      {"id": "roofs", "attributes": ["engine", "roof"], "rows": [["v6", "glass"], ["v6", "-"], ["v8", "*"]],
       "message": {"en": "Roof not available with this engine."}}
    ]
  }]
}"##;

fn car() -> CompiledProduct {
    let catalog = Catalog::from_json(CAR).expect("catalog");
    compile(&catalog, "car").expect("compiles")
}

fn sel(pairs: &[(&str, &str)]) -> Selection {
    let mut s = Selection::new();
    for (a, v) in pairs {
        s.set(*a, Value::Choice((*v).to_owned()));
    }
    s
}

fn choice_options(c: &CompiledProduct, s: &Selection, attribute: &str) -> (Vec<bool>, bool) {
    let eval = c.evaluate(s).unwrap();
    match &eval
        .attributes
        .iter()
        .find(|a| a.id == attribute)
        .unwrap()
        .possible
    {
        PossibleValues::Choice { options, none } => (options.clone(), *none),
        other => panic!("not a choice: {other:?}"),
    }
}

#[test]
fn possible_values_follow_the_rules() {
    let c = car();
    assert_eq!(
        choice_options(&c, &Selection::new(), "wheels"),
        (vec![true, true, true], false)
    );
    assert_eq!(
        choice_options(&c, &sel(&[("engine", "v8")]), "wheels"),
        (vec![false, true, true], false)
    );
    // The table: a V6 has a glass roof or none.
    assert_eq!(
        choice_options(&c, &sel(&[("engine", "v6")]), "roof"),
        (vec![true, false], true)
    );
    let eval = c.evaluate(&sel(&[("engine", "v6")])).unwrap();
    let seat = eval.attributes.iter().find(|a| a.id == "seat").unwrap();
    assert_eq!(
        seat.possible,
        PossibleValues::Number {
            ranges: vec![(Milli(40_000), Milli(42_500))],
            none: false
        }
    );
    let badge = eval.attributes.iter().find(|a| a.id == "badge").unwrap();
    assert!(!badge.visible);
    assert_eq!(
        badge.possible,
        PossibleValues::Text {
            set: false,
            empty: true
        }
    );
}

#[test]
fn effective_selection_takes_forced_values_defaults_and_empty_values() {
    let c = car();
    let eval = c.evaluate(&sel(&[("engine", "v8")])).unwrap();
    assert!(eval.consistent && eval.repair.is_none());
    assert_eq!(
        eval.effective.get("wheels"),
        Some(&Value::Choice("19in".into())),
        "default applies"
    );
    assert_eq!(
        eval.effective.get("roof"),
        None,
        "optional roof stays empty"
    );
    assert_eq!(eval.effective.get("packs"), None);
    // Seat is required with several values: undecided, so not complete.
    assert!(!eval.complete);
    let mut s = sel(&[("engine", "v6")]);
    s.set("seat", Value::Number(Milli(40_000)));
    let eval = c.evaluate(&s).unwrap();
    assert_eq!(
        eval.effective.get("wheels"),
        None,
        "required wheels without default stay undecided"
    );
    assert!(!eval.complete);
    s.set("wheels", Value::Choice("18in".into()));
    let eval = c.evaluate(&s).unwrap();
    assert!(eval.complete, "{:?}", eval.effective);
    assert_eq!(eval.effective.get("badge"), None, "hidden");
}

#[test]
fn explains_with_the_fewest_conflicts_and_the_rule() {
    let c = car();
    // Giving up the V8 also gives up the carbon roof (the table allows it
    // only with the V8): two conflicts.
    let s = sel(&[("engine", "v8"), ("roof", "carbon")]);
    let e = c
        .explain(&s, "wheels", &Value::Choice("18in".into()))
        .unwrap()
        .unwrap();
    assert_eq!(e.conflicts.len(), 2);
    assert!(c.evaluate(e.proposal.as_ref().unwrap()).unwrap().consistent);
    let s = sel(&[("engine", "v8")]);
    assert_eq!(
        c.explain(&s, "wheels", &Value::Choice("19in".into()))
            .unwrap(),
        None
    );
    let e = c
        .explain(&s, "wheels", &Value::Choice("18in".into()))
        .unwrap()
        .expect("impossible");
    assert_eq!(e.conflicts.len(), 1);
    assert_eq!(e.conflicts[0].attribute, "engine");
    assert_eq!(e.rules[0].constraint, ConstraintRef::Rule { index: 0 });
    assert_eq!(e.rules[0].message.en, "The V8 needs 19 or 20 inch wheels.");
    let proposal = e.proposal.unwrap();
    assert_eq!(proposal.get("wheels"), Some(&Value::Choice("18in".into())));
    assert_eq!(proposal.get("engine"), None);
    // A multi-choice option: the sport pack excludes the glass roof.
    let s = sel(&[("roof", "glass")]);
    let e = c
        .explain(
            &s,
            "packs",
            &Value::Multi(["sport".to_owned()].into_iter().collect()),
        )
        .unwrap()
        .unwrap();
    assert_eq!(e.conflicts[0].attribute, "roof");
    assert_eq!(e.rules[0].constraint, ConstraintRef::Rule { index: 2 });
    // "No value" and unknown names.
    assert_eq!(
        c.explain_target(&s, "roof", &Target::NoValue).unwrap(),
        None
    );
    assert_eq!(
        c.explain(&s, "colour", &Value::Choice("red".into())),
        Err(SolveError::UnknownAttribute {
            attribute: "colour".into()
        })
    );
}

#[test]
fn repairs_an_inconsistent_link() {
    let c = car();
    let s = sel(&[("engine", "v8"), ("wheels", "18in")]);
    let repair = c.repair(&s).unwrap().expect("inconsistent");
    assert_eq!(repair.dropped.len(), 1);
    let repaired = repair.selection.clone().unwrap();
    assert!(c.evaluate(&repaired).unwrap().consistent);
    assert!(repair
        .rules
        .iter()
        .any(|r| r.constraint == ConstraintRef::Rule { index: 0 }));
    let eval = c.evaluate(&s).unwrap();
    assert!(!eval.consistent);
    assert_eq!(eval.repair, Some(repair));
    assert_eq!(c.repair(&sel(&[("engine", "v8")])).unwrap(), None);
}

#[test]
fn reasons_cover_every_disabled_value() {
    let c = car();
    let reasons = c.reasons(&sel(&[("engine", "v8")])).unwrap();
    let wheels18 = reasons
        .iter()
        .find(|r| {
            r.attribute == "wheels"
                && r.target
                    == Target::Value {
                        value: Value::Choice("18in".into()),
                    }
        })
        .expect("18in is disabled");
    assert_eq!(wheels18.conflicts[0].attribute, "engine");
    assert_eq!(
        wheels18.rule.as_ref().unwrap().message.en,
        "The V8 needs 19 or 20 inch wheels."
    );
    // The other engine can be switched to freely: not listed.
    assert!(!reasons.iter().any(|r| r.attribute == "engine"));
}

#[test]
fn rejects_bad_selections() {
    let c = car();
    assert!(matches!(
        c.evaluate(&sel(&[("engine", "v12")])),
        Err(SolveError::UnknownOption { .. })
    ));
    assert!(matches!(
        c.evaluate(&sel(&[("seat", "x")])),
        Err(SolveError::WrongKind { .. })
    ));
    let mut s = Selection::new();
    s.set("seat", Value::Number(Milli(41_000)));
    assert!(matches!(c.evaluate(&s), Err(SolveError::OffGrid { .. })));
    assert!(!SolveError::WrongKind {
        attribute: "seat".into()
    }
    .message(engine::Lang::De)
    .is_empty());
}

#[test]
fn compiled_product_round_trips_through_json() {
    let c = car();
    let json = serde_json::to_string(&c).unwrap();
    let back: CompiledProduct = serde_json::from_str(&json).unwrap();
    let s = sel(&[("engine", "v8")]);
    assert_eq!(back.evaluate(&s).unwrap(), c.evaluate(&s).unwrap());
    let slim = c.for_browser();
    assert_eq!(slim.evaluate(&s).unwrap(), c.evaluate(&s).unwrap());
    assert_eq!(slim.reasons(&s).unwrap(), c.reasons(&s).unwrap());
    let effective = c.evaluate(&s).unwrap().effective;
    assert_eq!(slim.price(&effective, 2), c.price(&effective, 2));
}

#[test]
fn refuses_unknown_products_and_bad_rules() {
    let catalog = Catalog::from_json(CAR).unwrap();
    assert!(compile(&catalog, "boat").is_err());
    let mut bad = catalog.clone();
    bad.products[0].rules[0].rule = "engine = v12 requires wheels = 18in".into();
    assert!(compile(&bad, "car").is_err());
    bad.products[0].rules[0].rule = "engine = requires".into();
    assert!(compile(&bad, "car").is_err());

    // A price rule's condition that does not parse is named by its path.
    let mut bad = catalog.clone();
    bad.products[0].price_rules.push(engine::model::PriceRule {
        when: "engine =".into(),
        amount: 100,
        label: engine::Text::default(),
    });
    let err = compile(&bad, "car").expect_err("an unreadable price rule");
    assert!(
        matches!(&err.problems[..], [CompileProblem::Invalid { path, .. }] if path == "products[car].price_rules[0].when"),
        "{err:?}"
    );
}
