//! `atelier-engine compile` writes what the browser downloads (the compact
//! form decodes to the product compiled in process, for the browser), and
//! `import-xcsp` turns an XCSP document into a catalog that compiles.

use engine::solver::{compile, CompiledProduct};
use engine::Catalog;
use std::path::PathBuf;
use std::process::{Command, Output};

fn engine(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier-engine"))
        .args(args)
        .output()
        .expect("run atelier-engine")
}

fn tmp(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog/catalog.json");

#[test]
fn compile_writes_the_compact_form_and_reports_sizes() {
    let out = tmp("car.bin");
    let done = engine(&[
        "compile",
        DEMO,
        "--product",
        "car",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let report = String::from_utf8_lossy(&done.stdout);
    assert!(
        report.contains("nodes") && report.contains("gzip"),
        "{report}"
    );
    let bytes = std::fs::read(&out).unwrap();
    let decoded = CompiledProduct::from_compact(&bytes).unwrap();
    let catalog = Catalog::from_json(&std::fs::read_to_string(DEMO).unwrap()).unwrap();
    assert_eq!(decoded, compile(&catalog, "car").unwrap().for_browser());

    let json = tmp("car.json");
    let done = engine(&[
        "compile",
        DEMO,
        "--product",
        "car",
        "--out",
        json.to_str().unwrap(),
        "--json",
    ]);
    assert!(done.status.success());
    let text = std::fs::read_to_string(&json).unwrap();
    let decoded: CompiledProduct = serde_json::from_str(&text).unwrap();
    assert_eq!(decoded, compile(&catalog, "car").unwrap().for_browser());
}

#[test]
fn compile_refuses_unknown_products_and_missing_arguments() {
    let out = tmp("none.bin");
    let done = engine(&[
        "compile",
        DEMO,
        "--product",
        "nope",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(done.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&done.stderr).contains("unknown product"));
    assert_eq!(
        engine(&["compile", DEMO, "--product", "car"]).status.code(),
        Some(2)
    );
}

#[test]
fn import_xcsp_makes_a_catalog_that_compiles() {
    let doc = tmp("tiny.xml");
    std::fs::write(
        &doc,
        r#"<instance><presentation name="tiny"/>
<domains><domain name="D" nbValues="2">0 1</domain></domains>
<variables><variable name="x" domain="D"/><variable name="y" domain="D"/></variables>
<relations><relation name="R" arity="2" nbTuples="1" semantics="conflicts">0 0</relation></relations>
<constraints><constraint name="C" arity="2" scope="x y" reference="R"/></constraints>
</instance>"#,
    )
    .unwrap();
    let done = engine(&["import-xcsp", doc.to_str().unwrap()]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let catalog = Catalog::from_json(&String::from_utf8(done.stdout).unwrap()).unwrap();
    assert_eq!(catalog.products[0].id, "tiny");
    assert_eq!(compile(&catalog, "tiny").unwrap().model_count(), Some(3));

    let xz = tmp("tiny.xml.xz");
    std::fs::write(&xz, b"not read").unwrap();
    let done = engine(&["import-xcsp", xz.to_str().unwrap()]);
    assert_eq!(done.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&done.stderr).contains("xz -dk"));
}
