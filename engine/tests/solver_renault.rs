//! The solver on the real Renault Mégane benchmark (`engine/benchmarks/renault`
//! beside the repository; override with `ATELIER_RENAULT_DIR`): it compiles,
//! and random customer choice sequences taken from the possible values never
//! reach a dead end and end in a complete configuration.

use engine::solver::{compile, PossibleValues};
use engine::{Selection, Value};
use std::path::PathBuf;

fn renault_dir() -> PathBuf {
    match std::env::var_os("ATELIER_RENAULT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benchmarks/renault"),
    }
}

fn load() -> engine::Catalog {
    let dir = renault_dir();
    let domains = std::fs::read_to_string(dir.join("domains.txt")).expect("domains.txt");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir.join("rules")).expect("rules directory") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "pm") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read_to_string(&path).expect("rule file")));
        }
    }
    files.sort();
    engine::renault::import(&domains, &files).expect("import")
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[test]
fn renault_choice_sequences_never_dead_end() {
    let catalog = load();
    let c = compile(&catalog, "renault-megane").expect("compiles");
    assert_eq!(c.vars.vars.len(), 99);
    assert_eq!(c.constraints.len(), 111);
    assert!(c.diagram.satisfiable);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..5 {
        let mut sel = Selection::new();
        loop {
            let eval = c.evaluate(&sel).expect("evaluate");
            assert!(eval.consistent, "dead end at {sel:?}");
            if eval.complete {
                break;
            }
            let open: Vec<_> = eval
                .attributes
                .iter()
                .filter(|a| sel.get(&a.id).is_none() && a.forced.is_none())
                .collect();
            assert!(!open.is_empty(), "incomplete with nothing left to choose");
            let a = open[rng.below(open.len())];
            let PossibleValues::Choice { options, .. } = &a.possible else {
                panic!("choice")
            };
            let ok: Vec<usize> = (0..options.len()).filter(|&i| options[i]).collect();
            assert!(ok.len() > 1, "free attribute {} with a single value", a.id);
            // Now and then, ask why an impossible value is impossible first.
            let attr = c.product.attribute(&a.id).unwrap();
            if let Some(bad) = (0..options.len()).find(|&i| !options[i]) {
                let value = Value::Choice(attr.kind.options()[bad].id.clone());
                if let Some(e) = c.explain(&sel, &a.id, &value).expect("explain") {
                    if let Some(p) = e.proposal {
                        assert!(c.evaluate(&p).unwrap().consistent);
                        assert!(!e.conflicts.is_empty() && !e.rules.is_empty());
                    }
                }
            }
            let pick = ok[rng.below(ok.len())];
            sel.set(
                a.id.clone(),
                Value::Choice(attr.kind.options()[pick].id.clone()),
            );
        }
        assert!(c.reasons(&sel).is_ok());
    }
}
