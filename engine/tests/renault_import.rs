//! Imports the real Renault Mégane benchmark from `engine/benchmarks/renault`
//! (in the repository; override with `ATELIER_RENAULT_DIR`).

use engine::model::AttributeKind;
use std::path::PathBuf;

fn renault_dir() -> PathBuf {
    match std::env::var_os("ATELIER_RENAULT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benchmarks/renault"),
    }
}

fn read_benchmark() -> (String, Vec<(String, String)>) {
    let dir = renault_dir();
    let domains = std::fs::read_to_string(dir.join("domains.txt"))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.join("domains.txt").display()));
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir.join("rules")).expect("rules directory") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "pm") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read_to_string(&path).expect("rule file")));
        }
    }
    (domains, files)
}

#[test]
fn imports_the_renault_benchmark() {
    let (domains, files) = read_benchmark();
    let catalog = engine::renault::import(&domains, &files).expect("import");
    let product = catalog.product("renault-megane").expect("product");
    assert_eq!(product.attributes.len(), 99);
    assert_eq!(product.attributes[0].id, "Var1");
    let values: usize = product
        .attributes
        .iter()
        .map(|a| match &a.kind {
            AttributeKind::Choice {
                required: true,
                options,
            } => options.len(),
            other => panic!("{} is not a required choice: {other:?}", a.id),
        })
        .sum();
    assert_eq!(values, 396);
    assert_eq!(product.tables.len(), 111);
    assert_eq!(product.tables[0].id, "renault_rule001");
    let rows: usize = product.tables.iter().map(|t| t.rows.len()).sum();
    assert_eq!(rows, 112_680);
    for table in &product.tables {
        assert!(table.rows.iter().all(|r| r.len() == table.attributes.len()));
        assert!(table.rows.iter().flatten().all(|cell| cell != "*"));
    }
    // The document survives a JSON round trip unchanged.
    let json = serde_json::to_string(&catalog).expect("serialise");
    assert_eq!(engine::Catalog::from_json(&json).expect("decode"), catalog);
}
