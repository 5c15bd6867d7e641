//! Any text read as a configuration link of each demo product never panics;
//! whatever selection it gives prints to a link that reads back as the same
//! selection without a notice, and the compiled product answers it.
#![no_main]

use engine::query::{parse, parse_query_string, to_query_string};
use engine::solver::{compile, CompiledProduct};
use engine::Catalog;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// The demo catalog's products, compiled once.
fn products() -> &'static [CompiledProduct] {
    static PRODUCTS: OnceLock<Vec<CompiledProduct>> = OnceLock::new();
    PRODUCTS.get_or_init(|| {
        let catalog = Catalog::from_json(include_str!("../../../catalog/catalog.json"))
            .expect("the demo catalog decodes");
        catalog
            .products
            .iter()
            .map(|p| compile(&catalog, &p.id).expect("the demo products compile"))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(link) = std::str::from_utf8(data) else {
        return;
    };
    let pairs = parse_query_string(link);
    for compiled in products() {
        let product = &compiled.product;
        let (selection, _notices) = parse(product, &pairs);
        let printed = to_query_string(product, &selection);
        let (again, notices) = parse(product, &parse_query_string(&printed));
        assert_eq!(again, selection, "{printed}");
        assert!(notices.is_empty(), "{printed}: {notices:?}");
        let _ = compiled.evaluate(&selection);
    }
});
