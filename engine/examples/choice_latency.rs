//! Per-choice latency of the solver on the Renault Mégane benchmark and the
//! demo catalog: compile time, diagram size, compiled JSON size, and
//! p50/p99/max of one customer choice (evaluate) over random sequences.
//!
//! `cargo run --release -p atelier-engine --example choice_latency [-- MODEL --sequences N --order natural|force|restarts --sift-budget N]`
//!
//! `--sift-budget 0` keeps the static order (no sifting).
//!
//! MODEL (optional): a directory in the Renault layout (`domains.txt`,
//! `rules/*.pm`), an XCSP 2.1 document (`.xml`), or a catalog (`.json`,
//! `.toml`: every product). Without it: the Mégane benchmark
//! (`ATELIER_RENAULT_DIR`, else `engine/benchmarks/renault`) and the demo
//! catalog.

use engine::solver::{
    compile_parsed, CompileOptions, CompiledProduct, OrderStrategy, PossibleValues,
};
use engine::{Catalog, Selection, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A fixed-seed xorshift generator (no rand crate).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn renault_dir() -> PathBuf {
    match std::env::var_os("ATELIER_RENAULT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benchmarks/renault"),
    }
}

fn load_renault(dir: &std::path::Path) -> Option<Catalog> {
    let domains = std::fs::read_to_string(dir.join("domains.txt")).ok()?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir.join("rules")).ok()? {
        let path = entry.ok()?.path();
        if path.extension().is_some_and(|e| e == "pm") {
            let name = path.file_name()?.to_string_lossy().into_owned();
            files.push((name, std::fs::read_to_string(&path).ok()?));
        }
    }
    files.sort();
    engine::renault::import(&domains, &files).ok()
}

/// A random possible value of a random free attribute, if any.
fn random_choice(c: &CompiledProduct, sel: &Selection, rng: &mut Rng) -> Option<(String, Value)> {
    let eval = c.evaluate(sel).ok()?;
    let free: Vec<_> = eval
        .attributes
        .iter()
        .filter(|a| sel.get(&a.id).is_none())
        .collect();
    for _ in 0..8 {
        let a = free.get(rng.below(free.len()))?;
        let value = match &a.possible {
            PossibleValues::Choice { options, .. } => {
                let ok: Vec<usize> = (0..options.len()).filter(|&i| options[i]).collect();
                let i = *ok.get(rng.below(ok.len()))?;
                let attr = c.product.attribute(&a.id)?;
                Value::Choice(attr.kind.options()[i].id.clone())
            }
            PossibleValues::Multi { include, .. } => {
                let ok: Vec<usize> = (0..include.len()).filter(|&i| include[i]).collect();
                let i = *ok.get(rng.below(ok.len()))?;
                let attr = c.product.attribute(&a.id)?;
                Value::Multi([attr.kind.options()[i].id.clone()].into_iter().collect())
            }
            PossibleValues::Number { ranges, .. } => match ranges.get(rng.below(ranges.len())) {
                Some((lo, _)) => Value::Number(*lo),
                None => continue,
            },
            PossibleValues::Text { set: true, .. } => Value::Text {
                text: "A".into(),
                font: String::new(),
            },
            PossibleValues::Text { .. } => continue,
        };
        return Some((a.id.clone(), value));
    }
    None
}

/// Size gzip-compressed at the default level.
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzip to memory");
    gz.finish().expect("gzip to memory").len()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn measure(c: &CompiledProduct, sequences: usize) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut times = Vec::new();
    let mut inconsistent = 0;
    for _ in 0..sequences {
        let mut sel = Selection::new();
        while let Some((a, v)) = random_choice(c, &sel, &mut rng) {
            sel.set(a, v);
            let start = Instant::now();
            let eval = c.evaluate(&sel).expect("evaluate");
            times.push(start.elapsed());
            if !eval.consistent {
                inconsistent += 1;
            }
            if eval.complete {
                break;
            }
        }
    }
    times.sort();
    println!(
        "  {} choices: p50 {:?}  p99 {:?}  max {:?}  (inconsistent: {inconsistent})",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or_default()
    );
    let mut rtimes = Vec::new();
    let mut sel = Selection::new();
    for _ in 0..200 {
        match random_choice(c, &sel, &mut rng) {
            Some((a, v)) => sel.set(a, v),
            None => sel = Selection::new(),
        }
        let start = Instant::now();
        let _ = c.reasons(&sel).expect("reasons");
        rtimes.push(start.elapsed());
    }
    rtimes.sort();
    println!(
        "  reasons for every disabled value: p50 {:?}  p99 {:?}",
        percentile(&rtimes, 0.5),
        percentile(&rtimes, 0.99)
    );
}

fn report(name: &str, catalog: &Catalog, product: &str, options: CompileOptions, sequences: usize) {
    let Some(p) = catalog.product(product) else {
        return;
    };
    let statements: Result<Vec<_>, _> = p
        .rules
        .iter()
        .map(|r| engine::rules::parse_rule(&r.rule))
        .collect();
    let Ok(statements) = statements else {
        println!("{name}: rules do not parse");
        return;
    };
    let start = Instant::now();
    let compiled = match compile_parsed(catalog, p, statements, options) {
        Ok(c) => c,
        Err(e) => {
            println!("{name}: {e}");
            return;
        }
    };
    let compile_time = start.elapsed();
    let d = &compiled.diagram;
    let json = serde_json::to_string(&compiled).unwrap_or_default();
    let diagram_json = serde_json::to_string(&compiled.diagram).unwrap_or_default();
    let constraints_json = serde_json::to_string(&compiled.constraints).unwrap_or_default();
    let product_json = serde_json::to_string(&compiled.product).unwrap_or_default();
    let slim_json = serde_json::to_string(&compiled.for_browser()).unwrap_or_default();
    let local_nodes: usize = compiled
        .constraints
        .iter()
        .map(|c| c.diagram.node_count())
        .sum();
    println!(
        "{name}: {} vars, compile {:?}; {} valid assignments; diagram {} nodes, {} edges, width {}; constraint diagrams {} nodes",
        compiled.vars.vars.len(),
        compile_time,
        compiled
            .model_count()
            .map_or("more than u128".to_owned(), |n| n.to_string()),
        d.node_count(),
        d.edge_count(),
        d.width(),
        local_nodes
    );
    let compact = compiled.for_browser().to_compact();
    println!(
        "  JSON {} bytes (diagram {}, constraints {}, product {}); as sent to the browser {} bytes ({} gzip), compact {} bytes ({} gzip)",
        json.len(),
        diagram_json.len(),
        constraints_json.len(),
        product_json.len(),
        slim_json.len(),
        gzip_len(slim_json.as_bytes()),
        compact.len(),
        gzip_len(&compact),
    );
    measure(&compiled, sequences);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let sequences = arg("--sequences")
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let order = match arg("--order").as_deref() {
        Some("natural") => OrderStrategy::Natural,
        Some("restarts") => OrderStrategy::ForceRestarts,
        _ => OrderStrategy::Force,
    };
    let mut options = CompileOptions {
        order,
        ..CompileOptions::default()
    };
    if let Some(budget) = arg("--sift-budget").and_then(|s| s.parse().ok()) {
        options.sift_budget = budget;
    }
    let model = args
        .iter()
        .skip(1)
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || !args[*i].starts_with("--")))
        .map(|(_, a)| PathBuf::from(a));
    match model {
        Some(path) => report_model(&path, options, sequences),
        None => {
            report_model(&renault_dir(), options, sequences);
            let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog/catalog.json");
            report_model(&demo, options, sequences);
        }
    }
}

/// Loads a model (see the module doc) and reports every product of it.
fn report_model(path: &std::path::Path, options: CompileOptions, sequences: usize) {
    let catalog = if path.is_dir() {
        load_renault(path)
    } else {
        let text = std::fs::read_to_string(path).ok();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let stem = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .unwrap_or("xcsp");
        text.and_then(|t| match ext {
            "xml" => engine::xcsp::import(&t, stem).ok(),
            "toml" => Catalog::from_toml(&t).ok(),
            _ => Catalog::from_json(&t).ok(),
        })
    };
    match catalog {
        Some(catalog) => {
            for p in &catalog.products {
                report(&p.id, &catalog, &p.id, options, sequences);
            }
        }
        None => println!("{}: no model read", path.display()),
    }
}
