#![no_main]
//! A Prometheus HTTP API answer to an instant query. The first two bytes
//! are the HTTP status (big-endian), the rest the body.

use libfuzzer_sys::fuzz_target;
use llmcfg_doctor::sources::prometheus::parse_answer_with_status;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [high, low, body @ ..] => (u16::from_be_bytes([*high, *low]), body),
        _ => (200, data),
    };
    let _ = parse_answer_with_status(status, body);
});
