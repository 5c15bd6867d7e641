//! Decoding any bytes as a compact compiled product never panics; whatever
//! decodes answers a query without panicking and encodes back to the same
//! bytes.
#![no_main]

use engine::solver::CompiledProduct;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(compiled) = CompiledProduct::from_compact(data) {
        let _ = compiled.evaluate(&engine::Selection::new());
        let again = CompiledProduct::from_compact(&compiled.to_compact());
        assert_eq!(again.as_ref().ok(), Some(&compiled));
    }
});
