//! `atelier-engine`: command-line access to the engine.
//!
//! ```text
//! atelier-engine import-renault DIR
//! atelier-engine import-xcsp FILE.xml [--product ID]
//! atelier-engine compile CATALOG --product ID --out FILE [--json]
//! atelier-engine check CATALOG
//! atelier-engine possible CATALOG --product ID [--select 'A=X,B=Y'] [--timings]
//! ```
//!
//! Exit codes: 0 success; 1 the catalog has errors (`check`) or the selection
//! is unsatisfiable (`possible`); 2 bad usage, unreadable input, or an
//! unknown product, attribute or option.

#[path = "atelier-engine/compile.rs"]
mod compile;

use engine::model::{AttributeKind, Catalog, Lang, Product};
use engine::solver::{AttributeState, PossibleValues};
use engine::{Milli, Selection, Value};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  atelier-engine import-renault DIR
  atelier-engine import-xcsp FILE.xml [--product ID]   (XCSP 2.1; decompress .xz first: xz -dk FILE.xml.xz)
  atelier-engine compile CATALOG.(json|toml) --product ID --out FILE [--json]
    (what the browser downloads: compact binary, or JSON with --json)
  atelier-engine check CATALOG.(json|toml)
  atelier-engine possible CATALOG.(json|toml) --product ID [--select 'A=X,B=Y'] [--timings]
    (multi-choice: A=x+y; number: A=37.5; text: A=some text)";

/// A failure with its exit code and message for stderr.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: format!("{}\n{USAGE}", message.into()),
        }
    }
    fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
    fn negative(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    match args.first().map(String::as_str) {
        Some("import-renault") => match &args[1..] {
            [dir] => import_renault(Path::new(dir)),
            _ => Err(Failure::usage("import-renault takes one directory")),
        },
        Some("import-xcsp") => import_xcsp(&args[1..]),
        Some("compile") => compile::compile(&args[1..]),
        Some("check") => match &args[1..] {
            [path] => check(Path::new(path)),
            _ => Err(Failure::usage("check takes one catalog file")),
        },
        Some("possible") => possible(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(Failure::usage(format!("unknown command '{other}'"))),
        None => Err(Failure::usage("no command given")),
    }
}

fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::input(format!("cannot read {}: {e}", path.display())))
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|e| Failure::input(format!("cannot write the output: {e}")))
}

/// Reads `DIR/domains.txt` and `DIR/rules/*.pm` and prints the catalog.
fn import_renault(dir: &Path) -> Result<(), Failure> {
    let domains = read(&dir.join("domains.txt"))?;
    let rules_dir = dir.join("rules");
    let entries = std::fs::read_dir(&rules_dir)
        .map_err(|e| Failure::input(format!("cannot read {}: {e}", rules_dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Failure::input(format!("cannot read {}: {e}", rules_dir.display())))?
            .path();
        if path.extension().is_some_and(|ext| ext == "pm") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, read(&path)?));
        }
    }
    let catalog = engine::renault::import(&domains, &files).map_err(Failure::input)?;
    let json = serde_json::to_string_pretty(&catalog)
        .map_err(|e| Failure::input(format!("cannot encode the catalog: {e}")))?;
    write_stdout(&json)
}

/// Reads an XCSP 2.1 document and prints a catalog with one product (id:
/// `--product`, else the file name up to its first dot).
fn import_xcsp(args: &[String]) -> Result<(), Failure> {
    let (path, product) = match args {
        [path] => (Path::new(path), None),
        [path, flag, id] if flag == "--product" => (Path::new(path), Some(id.clone())),
        _ => {
            return Err(Failure::usage(
                "import-xcsp takes one file and an optional --product ID",
            ))
        }
    };
    if path.extension().is_some_and(|e| e == "xz") {
        return Err(Failure::input(format!(
            "{} is compressed: decompress it first (xz -dk {})",
            path.display(),
            path.display()
        )));
    }
    let id = product.unwrap_or_else(|| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let stem: String = name
            .split('.')
            .next()
            .unwrap_or("")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        if stem.is_empty() {
            "xcsp".to_owned()
        } else {
            stem
        }
    });
    let text = read(path)?;
    let catalog = engine::xcsp::import(&text, &id)
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    let json = serde_json::to_string_pretty(&catalog)
        .map_err(|e| Failure::input(format!("cannot encode the catalog: {e}")))?;
    write_stdout(&json)
}

/// Reads a catalog document: TOML for `.toml`, JSON otherwise.
fn load_catalog(path: &Path) -> Result<Catalog, Failure> {
    let text = read(path)?;
    let is_toml = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"));
    let decoded = if is_toml {
        Catalog::from_toml(&text)
    } else {
        Catalog::from_json(&text)
    };
    decoded.map_err(|e| Failure::input(format!("{}: {e}", path.display())))
}

/// Runs the catalog check (which includes the validator) and prints every
/// error and warning with its path; errors make the exit code 1.
fn check(path: &Path) -> Result<(), Failure> {
    let catalog = load_catalog(path)?;
    let report = engine::check::check(&catalog);
    let mut text = String::new();
    for problem in &report.errors {
        text.push_str(&format!("error: {}: {}\n", problem.path, problem.message));
    }
    for problem in &report.warnings {
        text.push_str(&format!("warning: {}: {}\n", problem.path, problem.message));
    }
    text.push_str(&format!(
        "{} error(s), {} warning(s)",
        report.errors.len(),
        report.warnings.len()
    ));
    write_stdout(&text)?;
    if report.errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::negative(format!(
            "{}: the catalog has errors",
            path.display()
        )))
    }
}

/// Prints, for every choice attribute, the values still possible.
fn possible(args: &[String]) -> Result<(), Failure> {
    let mut catalog_path = None;
    let mut product_id = None;
    let mut select = None;
    let mut timings = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value_of = |flag: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| Failure::usage(format!("{flag} needs a value")))
        };
        match arg.as_str() {
            "--product" => product_id = Some(value_of("--product")?),
            "--select" => select = Some(value_of("--select")?),
            "--timings" => timings = true,
            flag if flag.starts_with("--") => {
                return Err(Failure::usage(format!("unknown option '{flag}'")))
            }
            path if catalog_path.is_none() => catalog_path = Some(path.to_owned()),
            extra => return Err(Failure::usage(format!("unexpected argument '{extra}'"))),
        }
    }
    let catalog_path = catalog_path.ok_or_else(|| Failure::usage("possible needs a catalog"))?;
    let product_id = product_id.ok_or_else(|| Failure::usage("possible needs --product ID"))?;
    let started = Instant::now();
    let catalog = load_catalog(Path::new(&catalog_path))?;
    let loaded = Instant::now();
    let product = catalog
        .product(&product_id)
        .ok_or_else(|| Failure::input(format!("unknown product '{product_id}'")))?;
    let selection = parse_selection(product, select.as_deref().unwrap_or(""))?;
    let compiled = engine::solver::compile(&catalog, &product_id).map_err(|e| {
        let problems: Vec<String> = e.problems.iter().map(|p| p.message(Lang::En)).collect();
        Failure::input(format!(
            "cannot compile product '{product_id}': {}",
            problems.join("; ")
        ))
    })?;
    let compiled_at = Instant::now();
    // An unknown attribute or option, or a value of the wrong kind.
    let evaluation = compiled
        .evaluate(&selection)
        .map_err(|e| Failure::input(e.to_string()))?;
    if timings {
        let ms = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64() * 1000.0;
        eprintln!(
            "load {:.0} ms, compile {:.0} ms, evaluate {:.1} ms",
            ms(started, loaded),
            ms(loaded, compiled_at),
            ms(compiled_at, Instant::now())
        );
    }
    if !evaluation.consistent {
        return Err(Failure::negative(format!(
            "the selection '{}' has no valid configuration",
            select.as_deref().unwrap_or("")
        )));
    }
    write_stdout(&possible_json(product, &evaluation.attributes)?)
}

/// `{"attribute": ["option", ...], ...}` for the choice attributes, in
/// product order, each with its possible options in catalog order.
fn possible_json(product: &Product, states: &[AttributeState]) -> Result<String, Failure> {
    let mut out = String::from("{");
    let mut first = true;
    for attribute in &product.attributes {
        let AttributeKind::Choice { options, .. } = &attribute.kind else {
            continue;
        };
        let state = states
            .iter()
            .find(|s| s.id == attribute.id)
            .ok_or_else(|| Failure::input(format!("the solver skipped '{}'", attribute.id)))?;
        let PossibleValues::Choice { options: flags, .. } = &state.possible else {
            return Err(Failure::input(format!(
                "the solver answered another kind for '{}'",
                attribute.id
            )));
        };
        let values: Vec<&str> = options
            .iter()
            .zip(flags)
            .filter(|(_, possible)| **possible)
            .map(|(option, _)| option.id.as_str())
            .collect();
        let encoded = serde_json::to_string(&attribute.id)
            .and_then(|id| Ok(format!("{id}: {}", serde_json::to_string(&values)?)))
            .map_err(|e| Failure::input(format!("cannot encode the answer: {e}")))?;
        out.push_str(if first { "\n  " } else { ",\n  " });
        first = false;
        out.push_str(&encoded);
    }
    out.push_str("\n}");
    Ok(out)
}

/// Parses `A=X,B=Y` against the product's attributes.
fn parse_selection(product: &Product, text: &str) -> Result<Selection, Failure> {
    let mut selection = Selection::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (id, raw) = part
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("expected ATTRIBUTE=VALUE, found '{part}'")))?;
        let (id, raw) = (id.trim(), raw.trim());
        let attribute = product
            .attribute(id)
            .ok_or_else(|| Failure::input(format!("unknown attribute '{id}'")))?;
        if selection.get(id).is_some() {
            return Err(Failure::input(format!(
                "attribute '{id}' is selected twice"
            )));
        }
        let known = |option: &str| -> Result<String, Failure> {
            if attribute.kind.options().iter().any(|o| o.id == option) {
                Ok(option.to_owned())
            } else {
                Err(Failure::input(format!(
                    "attribute '{id}' has no option '{option}'"
                )))
            }
        };
        let value = match &attribute.kind {
            AttributeKind::Choice { .. } => Value::Choice(known(raw)?),
            AttributeKind::Multi { .. } => Value::Multi(
                raw.split('+')
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(known)
                    .collect::<Result<BTreeSet<_>, _>>()?,
            ),
            AttributeKind::Number(_) => Value::Number(
                Milli::parse(raw).map_err(|e| Failure::input(format!("attribute '{id}': {e}")))?,
            ),
            AttributeKind::Text(spec) => Value::Text {
                text: raw.to_owned(),
                font: spec.fonts.first().map(|f| f.id.clone()).unwrap_or_default(),
            },
        };
        selection.set(id, value);
    }
    Ok(selection)
}
