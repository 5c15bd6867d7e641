//! The example in docs/catalog.md stays true.

use engine::{solver, Catalog, Selection, Value};

#[test]
fn the_documented_example_catalog_validates_and_answers_as_documented() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/example-catalog.json");
    let catalog = Catalog::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(engine::validate::validate(&catalog), vec![]);
    let report = engine::check::check(&catalog);
    assert!(
        report.errors.is_empty() && report.warnings.is_empty(),
        "{report:?}"
    );
    let compiled = solver::compile(&catalog, "ring").unwrap();
    let mut selection = Selection::new();
    selection.set("stone", Value::Choice("diamond".into()));
    let evaluation = compiled.evaluate(&selection).unwrap();
    // "stone = diamond requires metal = gold": gold is the only metal left.
    assert_eq!(
        evaluation.attributes[0].forced,
        Some(Value::Choice("gold".into()))
    );
}
