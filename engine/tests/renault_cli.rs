//! The `atelier-engine` binary on the Renault Mégane benchmark: import, then
//! `possible` answers, exit codes for unsatisfiable and unknown selections.
//! The expected sets come from the independent oracle (engine/oracle).

use std::path::PathBuf;
use std::process::{Command, Output};

fn renault_dir() -> PathBuf {
    match std::env::var_os("ATELIER_RENAULT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/benchmarks/renault"),
    }
}

fn engine(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier-engine"))
        .args(args)
        .output()
        .expect("run atelier-engine")
}

/// Imports the benchmark into a file under the test's temporary directory.
fn imported_catalog() -> PathBuf {
    let out = engine(&[
        "import-renault",
        renault_dir().to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("renault-cli.json");
    std::fs::write(&path, &out.stdout).expect("write catalog");
    path
}

fn possible(catalog: &str, select: &str) -> Output {
    engine(&[
        "possible",
        catalog,
        "--product",
        "renault-megane",
        "--select",
        select,
    ])
}

#[test]
fn answers_possible_values_and_exit_codes() {
    let catalog = imported_catalog();
    let catalog = catalog.to_str().expect("utf-8 path");

    let out = possible(catalog, "Var1=L64,Var3=MB");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(answer.len(), 99);
    assert_eq!(answer["Var1"], serde_json::json!(["L64"]));
    assert_eq!(answer["Var2"], serde_json::json!(["E2", "E3"]));
    assert_eq!(answer["Var4"], serde_json::json!(["ESS"]));

    // Var2=E0 is not possible with Var1=L64; Var8=CPLG never is.
    assert_eq!(possible(catalog, "Var1=L64,Var2=E0").status.code(), Some(1));
    assert_eq!(possible(catalog, "Var8=CPLG").status.code(), Some(1));
    assert_eq!(possible(catalog, "Var2000=E0").status.code(), Some(2));
    assert_eq!(possible(catalog, "Var1=NOPE").status.code(), Some(2));
    assert_eq!(engine(&["possible", catalog]).status.code(), Some(2));
    assert_eq!(engine(&["frobnicate"]).status.code(), Some(2));
}
