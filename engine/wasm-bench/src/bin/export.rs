//! `export`: compiles the benchmark products natively and writes each
//! `CompiledProduct` as JSON and in the compact binary form
//! (`CompiledProduct::to_compact` of `for_browser`, as `<id>.bin`), plus a
//! `manifest.json` with compile times and the native per-choice figures of
//! the same fixed-seed choice sequence the browser replays.
//!
//! ```text
//! export --out DIR [--renault DIR] [--catalog catalog.(json|toml)]
//!        [--model PATH] [--steps N] [--warmup N] [--seed N]
//! ```
//!
//! A missing Renault directory or demo catalog is reported in the manifest
//! and skipped; a product that does not compile is listed with its error.
//! `--model` takes any model: a directory in the Renault layout
//! (`domains.txt`, `rules/*.pm`), an XCSP 2.1 document (`.xml`, imported
//! as one product named after the file) or a catalog; its products are
//! measured against the "model" target.

use engine::solver::{compile, CompiledProduct};
use engine::Catalog;
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use wasm_bench::{ChoiceSequence, DEFAULT_SEED};

/// Command-line options.
struct Options {
    out: PathBuf,
    renault: Option<PathBuf>,
    catalog: Option<PathBuf>,
    model: Option<PathBuf>,
    steps: usize,
    warmup: usize,
    seed: u64,
}

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1).collect()).and_then(|o| run(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("export: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(args: Vec<String>) -> Result<Options, String> {
    let mut options = Options {
        out: PathBuf::new(),
        renault: None,
        catalog: None,
        model: None,
        steps: 2000,
        warmup: 200,
        seed: DEFAULT_SEED,
    };
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |s: String| s.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--out" => options.out = PathBuf::from(value()?),
            "--renault" => options.renault = Some(PathBuf::from(value()?)),
            "--catalog" => options.catalog = Some(PathBuf::from(value()?)),
            "--model" => options.model = Some(PathBuf::from(value()?)),
            "--steps" => options.steps = number(value()?)? as usize,
            "--warmup" => options.warmup = number(value()?)? as usize,
            "--seed" => options.seed = number(value()?)?,
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    if options.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    Ok(options)
}

fn run(options: &Options) -> Result<(), String> {
    std::fs::create_dir_all(&options.out).map_err(|e| format!("{}: {e}", options.out.display()))?;
    let mut products = Vec::new();
    let mut notes = Vec::new();
    if let Some(dir) = &options.renault {
        match load_renault(dir) {
            Ok(catalog) => export_all(options, "renault", &catalog, &mut products)?,
            Err(e) => notes.push(format!("Renault benchmark not loaded: {e}")),
        }
    }
    if let Some(path) = &options.catalog {
        match load_catalog(path) {
            Ok(catalog) => export_all(options, "demo", &catalog, &mut products)?,
            Err(e) => notes.push(format!("demo catalog not loaded: {e}")),
        }
    }
    if let Some(path) = &options.model {
        match load_model(path) {
            Ok(catalog) => export_all(options, "model", &catalog, &mut products)?,
            Err(e) => notes.push(format!("model not loaded: {e}")),
        }
    }
    let manifest = json!({
        "seed": options.seed.to_string(),
        "steps": options.steps,
        "warmup": options.warmup,
        "products": products,
        "notes": notes,
    });
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    write(&options.out.join("manifest.json"), &text)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Reads `DIR/domains.txt` and `DIR/rules/*.pm` (sorted by name).
fn load_renault(dir: &Path) -> Result<Catalog, String> {
    let domains = read(&dir.join("domains.txt"))?;
    let rules = dir.join("rules");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&rules).map_err(|e| format!("{}: {e}", rules.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "pm") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, read(&path)?));
        }
    }
    files.sort();
    engine::renault::import(&domains, &files)
}

/// A Renault-layout directory, an XCSP 2.1 document or a catalog.
fn load_model(path: &Path) -> Result<Catalog, String> {
    if path.is_dir() {
        return load_renault(path);
    }
    if path.extension().is_some_and(|e| e == "xml") {
        let stem = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .filter(|s| !s.is_empty())
            .unwrap_or("model");
        return engine::xcsp::import(&read(path)?, stem).map_err(|e| e.to_string());
    }
    load_catalog(path)
}

fn load_catalog(path: &Path) -> Result<Catalog, String> {
    let text = read(path)?;
    if path.extension().is_some_and(|e| e == "toml") {
        Catalog::from_toml(&text)
    } else {
        Catalog::from_json(&text)
    }
}

/// Compiles every product of a catalog, writes `<id>.json` and measures
/// the native choice sequence.
fn export_all(
    options: &Options,
    source: &str,
    catalog: &Catalog,
    out: &mut Vec<Json>,
) -> Result<(), String> {
    for product in &catalog.products {
        let start = Instant::now();
        let compiled = match compile(catalog, &product.id) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("export: {} does not compile: {e}", product.id);
                out.push(json!({ "id": product.id, "source": source, "error": e.to_string() }));
                continue;
            }
        };
        let compile_ms = ms(start);
        let text = serde_json::to_string(&compiled).map_err(|e| format!("{}: {e}", product.id))?;
        let file = format!("{}.json", product.id);
        write(&options.out.join(&file), &text)?;
        let start = Instant::now();
        let reread: Result<CompiledProduct, _> = serde_json::from_str(&text);
        let deserialize_ms = ms(start);
        if reread.as_ref().ok() != Some(&compiled) {
            return Err(format!(
                "{}: the compiled JSON does not read back equal",
                product.id
            ));
        }
        let compact = compiled.for_browser().to_compact();
        let compact_file = format!("{}.bin", product.id);
        std::fs::write(options.out.join(&compact_file), &compact)
            .map_err(|e| format!("cannot write {compact_file}: {e}"))?;
        let start = Instant::now();
        let decoded = CompiledProduct::from_compact(&compact).map_err(|e| e.to_string())?;
        let decode_compact_ms = ms(start);
        if decoded != compiled.for_browser() {
            return Err(format!("{}: the compact form does not read back equal", product.id));
        }
        let native = measure(compiled, options)?;
        eprintln!(
            "export: {} compiled in {compile_ms:.1} ms, {} bytes",
            product.id,
            text.len()
        );
        out.push(json!({
            "id": product.id,
            "source": source,
            "file": file,
            "json_bytes": text.len(),
            "compact_file": compact_file,
            "compact_bytes": compact.len(),
            "compile_ms": compile_ms,
            "native": {
                "deserialize_ms": deserialize_ms,
                "decode_compact_ms": decode_compact_ms,
                "steps": native.steps,
                "p50_ms": native.p50_ms,
                "p99_ms": native.p99_ms,
                "max_ms": native.max_ms,
                "restarts": native.restarts,
            },
        }));
    }
    Ok(())
}

/// Native per-step figures of the choice sequence.
struct NativeFigures {
    steps: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    restarts: u32,
}

fn measure(compiled: CompiledProduct, options: &Options) -> Result<NativeFigures, String> {
    let mut sequence = ChoiceSequence::new(compiled, options.seed).map_err(|e| e.to_string())?;
    for _ in 0..options.warmup {
        sequence.step().map_err(|e| e.to_string())?;
    }
    let mut times = Vec::with_capacity(options.steps);
    for _ in 0..options.steps {
        let start = Instant::now();
        sequence.step().map_err(|e| e.to_string())?;
        times.push(ms(start));
    }
    times.sort_by(f64::total_cmp);
    Ok(NativeFigures {
        steps: times.len(),
        p50_ms: percentile(&times, 0.5),
        p99_ms: percentile(&times, 0.99),
        max_ms: times.last().copied().unwrap_or(0.0),
        restarts: sequence.restarts(),
    })
}

/// The value at rank `round((n - 1) * p)` of sorted samples (as bench.mjs).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}
