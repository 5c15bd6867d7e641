//! Parsing any text as a rule and a condition never panics, and whatever
//! parses prints back to text that parses to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(statement) = engine::rules::parse_rule(src) {
        let printed = statement.to_string();
        assert_eq!(
            engine::rules::parse_rule(&printed),
            Ok(statement),
            "canonical text {printed:?} of {src:?} does not parse back"
        );
    }
    if let Ok(cond) = engine::rules::parse_condition(src) {
        let printed = engine::rules::display_cond(&cond);
        assert_eq!(engine::rules::parse_condition(&printed), Ok(cond));
    }
});
