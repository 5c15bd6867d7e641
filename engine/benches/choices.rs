//! Benchmarks of the solver: one customer choice (evaluate) on the Renault
//! Mégane benchmark and on the demo catalog, and compile times.
//!
//! `cargo bench -p atelier-engine --bench choices`. Criterion reports means;
//! the Renault group also prints p50/p99/max over the replayed choices, and
//! `cargo run --release -p atelier-engine --example choice_latency` gives the
//! full latency report (sizes, p50/p99, reasons).

use criterion::{criterion_group, criterion_main, Criterion};
use engine::solver::{compile, CompiledProduct, PossibleValues};
use engine::{Catalog, Selection, Value};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A fixed-seed xorshift generator.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn renault() -> Option<Catalog> {
    let dir = match std::env::var_os("ATELIER_RENAULT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benchmarks/renault"),
    };
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

fn demo() -> Option<Catalog> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog/catalog.json");
    Catalog::from_json(&std::fs::read_to_string(path).ok()?).ok()
}

/// The selections of random choice sequences: each step fixes a possible
/// value of a free attribute, until the configuration is complete.
fn sequences(c: &CompiledProduct, count: usize, seed: u64) -> Vec<Selection> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for _ in 0..count {
        let mut sel = Selection::new();
        for _ in 0..200 {
            let Ok(eval) = c.evaluate(&sel) else { break };
            if eval.complete {
                break;
            }
            let open: Vec<_> = eval
                .attributes
                .iter()
                .filter(|a| sel.get(&a.id).is_none() && a.forced.is_none())
                .collect();
            let Some(a) = open.get(rng.below(open.len())) else {
                break;
            };
            let Some(attr) = c.product.attribute(&a.id) else {
                break;
            };
            let value = match &a.possible {
                PossibleValues::Choice { options, .. } => {
                    let ok: Vec<usize> = (0..options.len()).filter(|&i| options[i]).collect();
                    ok.get(rng.below(ok.len()))
                        .map(|&i| Value::Choice(attr.kind.options()[i].id.clone()))
                }
                PossibleValues::Multi { include, .. } => {
                    let ok: Vec<usize> = (0..include.len()).filter(|&i| include[i]).collect();
                    ok.get(rng.below(ok.len())).map(|&i| {
                        Value::Multi([attr.kind.options()[i].id.clone()].into_iter().collect())
                    })
                }
                PossibleValues::Number { ranges, .. } => ranges.first().map(|r| Value::Number(r.0)),
                PossibleValues::Text { set: true, .. } => Some(Value::Text {
                    text: "A".into(),
                    font: String::new(),
                }),
                PossibleValues::Text { .. } => None,
            };
            let Some(value) = value else { break };
            sel.set(a.id.clone(), value);
            out.push(sel.clone());
        }
    }
    out
}

fn percentiles(c: &CompiledProduct, sels: &[Selection]) -> (Duration, Duration, Duration) {
    let mut times: Vec<Duration> = sels
        .iter()
        .map(|s| {
            let start = Instant::now();
            black_box(c.evaluate(s).ok());
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |p: f64| {
        times
            .get(((times.len().saturating_sub(1)) as f64 * p) as usize)
            .copied()
            .unwrap_or_default()
    };
    (at(0.5), at(0.99), times.last().copied().unwrap_or_default())
}

fn bench_renault(cr: &mut Criterion) {
    let Some(catalog) = renault() else {
        eprintln!("renault benchmark not found; skipping (set ATELIER_RENAULT_DIR)");
        return;
    };
    let mut group = cr.benchmark_group("renault");
    group.sample_size(10);
    group.bench_function("compile", |b| {
        b.iter(|| compile(black_box(&catalog), "renault-megane"))
    });
    group.finish();
    let Ok(c) = compile(&catalog, "renault-megane") else {
        return;
    };
    let sels = sequences(&c, 20, 0x9e37_79b9_7f4a_7c15);
    let (p50, p99, max) = percentiles(&c, &sels);
    eprintln!(
        "renault: {} choices replayed: p50 {p50:?}, p99 {p99:?}, max {max:?}",
        sels.len()
    );
    let mut group = cr.benchmark_group("renault");
    let mut i = 0;
    group.bench_function("choice", |b| {
        b.iter(|| {
            i = (i + 1) % sels.len();
            c.evaluate(black_box(&sels[i]))
        })
    });
    group.bench_function("reasons", |b| {
        b.iter(|| {
            i = (i + 1) % sels.len();
            c.reasons(black_box(&sels[i]))
        })
    });
    group.finish();
}

fn bench_demo(cr: &mut Criterion) {
    let Some(catalog) = demo() else {
        eprintln!("demo catalog (catalog/catalog.json) missing or not parseable; skipping");
        return;
    };
    let mut group = cr.benchmark_group("demo");
    for p in &catalog.products {
        let Ok(c) = compile(&catalog, &p.id) else {
            eprintln!("demo product {} does not compile; skipping", p.id);
            continue;
        };
        group.bench_function(format!("{}/compile", p.id), |b| {
            b.iter(|| compile(black_box(&catalog), &p.id))
        });
        let sels = sequences(&c, 20, 7);
        if sels.is_empty() {
            continue;
        }
        let mut i = 0;
        group.bench_function(format!("{}/choice", p.id), |b| {
            b.iter(|| {
                i = (i + 1) % sels.len();
                c.evaluate(black_box(&sels[i]))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_renault, bench_demo);
criterion_main!(benches);
