use super::*;
use crate::solver::compile;

const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<instance>
 <presentation name="tiny" format="XCSP 2.1"/>
 <domains nbDomains="2">
  <domain name="D0" nbValues="3">0..2</domain>
  <domain name="D1" nbValues="2">-1 5</domain>
 </domains>
 <variables nbVariables="3">
  <variable name="a" domain="D0"/>
  <variable name="b" domain="D1"/>
  <variable name="c" domain="D0"/>
 </variables>
 <relations nbRelations="2">
  <relation name="R0" arity="2" nbTuples="4" semantics="supports">0 -1|1 5|2 5|7 5</relation>
  <relation name="R1" arity="2" nbTuples="2" semantics="conflicts">0 0|1 1</relation>
 </relations>
 <constraints nbConstraints="2">
  <constraint name="C0" arity="2" scope="a b" reference="R0"/>
  <constraint name="C1" arity="2" scope="a c" reference="R1"/>
 </constraints>
</instance>
"#;

#[test]
fn imports_variables_values_and_tables() {
    let catalog = import(DOC, "tiny").unwrap();
    assert!(crate::validate::validate(&catalog).is_empty());
    let p = catalog.product("tiny").unwrap();
    let ids: Vec<&str> = p.attributes.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let opts: Vec<&str> = p.attributes[1]
        .kind
        .options()
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(opts, ["-1", "5"]);
    assert_eq!(p.tables[0].attributes, ["a", "b"]);
    // 7 is not a value of a: the tuple can never match.
    assert_eq!(p.tables[0].rows, [["0", "-1"], ["1", "5"], ["2", "5"]]);
    // The complement of the conflicts: 9 combinations less 2.
    assert_eq!(p.tables[1].rows.len(), 7);
    assert!(!p.tables[1]
        .rows
        .contains(&vec!["1".to_owned(), "1".to_owned()]));
}

#[test]
fn counts_the_valid_configurations() {
    let catalog = import(DOC, "tiny").unwrap();
    let compiled = compile(&catalog, "tiny").unwrap();
    // (a, b) has 3 choices, each with the 2 values of c it does not conflict
    // with (a = 2 conflicts with none: 3), so 2 + 2 + 3.
    assert_eq!(compiled.model_count(), Some(7));
}

#[test]
fn refuses_broken_documents_with_a_line() {
    let cases = [
        ("<instance/>", "no <domains> section"),
        (
            &DOC.replace("reference=\"R1\"", "reference=\"R9\""),
            "unknown relation R9",
        ),
        (
            &DOC.replace("scope=\"a c\"", "scope=\"a z\""),
            "unknown variable z",
        ),
        (
            &DOC.replace("nbTuples=\"4\"", "nbTuples=\"5\""),
            "nbTuples is 5",
        ),
        (&DOC.replace("0 -1|", "0|"), "a tuple has 1 values"),
        (&DOC.replace("conflicts", "soft"), "unsupported semantics"),
        (&DOC.replace("-1 5", "-1 x"), "bad value 'x'"),
        (
            &DOC.replace("scope=\"a c\"", "scope=\"a a\""),
            "appears twice",
        ),
    ];
    for (doc, expected) in cases {
        let e = import(doc, "tiny").unwrap_err();
        assert!(e.to_string().contains(expected), "{e} lacks {expected}");
        assert!(e.line >= 1);
    }
}
