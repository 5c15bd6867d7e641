//! Decoding any document (JSON or TOML) and checking it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for decoded in [
        engine::Catalog::from_json(text),
        engine::Catalog::from_toml(text),
    ] {
        if let Ok(catalog) = decoded {
            let _ = engine::validate::validate(&catalog);
            let _ = engine::validate::missing_translations(&catalog);
        }
    }
});
