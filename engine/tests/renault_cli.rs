//! The `atelier-engine` binary on the Renault Mégane benchmark: import, then
//! `possible` answers, exit codes for unsatisfiable and unknown selections.
//! The expected sets come from the independent oracle (engine/oracle).

use std::path::PathBuf;
use std::process::{Command, Output};

fn renault_dir() -> PathBuf {
    match std::env::var_os("ATELIER_RENAULT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benchmarks/renault"),
    }
}

fn engine(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier-engine"))
        .args(args)
        .output()
        .expect("run atelier-engine")
}

/// Imports the benchmark once per test process into a file under the
/// test's temporary directory (tests run in parallel and share it).
fn imported_catalog() -> PathBuf {
    static IMPORTED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    IMPORTED
        .get_or_init(|| {
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
        })
        .clone()
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

#[test]
fn checks_catalogs_with_paths_and_exit_codes() {
    let catalog = imported_catalog();
    let out = engine(&["check", catalog.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("products[renault-megane].attributes[Var8].options[0]"),
        "{stdout}"
    );
    assert!(stdout.contains("0 error(s)"), "{stdout}");

    let mut document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&catalog).expect("read catalog")).expect("JSON");
    document["products"][0]["production_line"] = serde_json::json!("nowhere");
    let broken = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("renault-broken.json");
    std::fs::write(&broken, document.to_string()).expect("write");
    let out = engine(&["check", broken.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("error: products[renault-megane].production_line"),
        "{stdout}"
    );

    let toml = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("not-a-catalog.toml");
    std::fs::write(&toml, "schema = 1\n").expect("write");
    assert_eq!(
        engine(&["check", toml.to_str().expect("utf-8 path")])
            .status
            .code(),
        Some(2)
    );
}
