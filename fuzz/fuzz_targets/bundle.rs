#![no_main]
//! An evidence bundle read by `analyze FILE`: header checks, then the
//! evidence itself; a bundle that loads is written back out as JSON.

use diagnosis::evidence::bundle::Bundle;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Bundle::parse(text) {
        Ok(bundle) => {
            let json = bundle.to_json();
            // What `collect` writes, `analyze` reads back.
            assert!(Bundle::parse(&json).is_ok(), "a written bundle does not read back");
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
