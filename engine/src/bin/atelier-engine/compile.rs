//! `atelier-engine compile CATALOG --product ID --out FILE [--json]`: writes
//! what the browser downloads (the compact binary form of
//! `CompiledProduct::for_browser`, or its JSON with `--json`) and prints
//! compile time, node counts and the size raw and gzip.

use super::{load_catalog, Failure};
use engine::model::Lang;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

pub(super) fn compile(args: &[String]) -> Result<(), Failure> {
    let (mut catalog_path, mut product, mut out, mut json) = (None, None, None, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--product" => product = it.next().cloned(),
            "--out" => out = it.next().cloned(),
            "--json" => json = true,
            flag if flag.starts_with("--") => {
                return Err(Failure::usage(format!("unknown option '{flag}'")))
            }
            path if catalog_path.is_none() => catalog_path = Some(path.to_owned()),
            extra => return Err(Failure::usage(format!("unexpected argument '{extra}'"))),
        }
    }
    let catalog_path = catalog_path.ok_or_else(|| Failure::usage("compile needs a catalog"))?;
    let product = product.ok_or_else(|| Failure::usage("compile needs --product ID"))?;
    let out = out.ok_or_else(|| Failure::usage("compile needs --out FILE"))?;
    let catalog = load_catalog(Path::new(&catalog_path))?;
    let started = Instant::now();
    let compiled = engine::solver::compile(&catalog, &product).map_err(|e| {
        let problems: Vec<String> = e.problems.iter().map(|p| p.message(Lang::En)).collect();
        Failure::input(format!(
            "cannot compile product '{product}': {}",
            problems.join("; ")
        ))
    })?;
    let compile_ms = started.elapsed().as_secs_f64() * 1000.0;
    let slim = compiled.for_browser();
    let bytes = if json {
        serde_json::to_vec(&slim)
            .map_err(|e| Failure::input(format!("cannot encode the product: {e}")))?
    } else {
        slim.to_compact()
    };
    std::fs::write(&out, &bytes).map_err(|e| Failure::input(format!("cannot write {out}: {e}")))?;
    let local: usize = compiled
        .constraints
        .iter()
        .map(|c| c.diagram.node_count())
        .sum();
    println!(
        "{product}: compile {compile_ms:.0} ms; diagram {} nodes, {} edges; constraint diagrams {local} nodes",
        compiled.diagram.node_count(),
        compiled.diagram.edge_count(),
    );
    println!(
        "{out}: {} bytes, gzip {} bytes ({})",
        bytes.len(),
        gzip_len(&bytes)?,
        if json { "JSON" } else { "compact" }
    );
    Ok(())
}

/// Size of the bytes gzip-compressed (default level, as a server sends them).
fn gzip_len(bytes: &[u8]) -> Result<usize, Failure> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes)
        .and_then(|()| gz.finish())
        .map(|v| v.len())
        .map_err(|e| Failure::input(format!("gzip: {e}")))
}
