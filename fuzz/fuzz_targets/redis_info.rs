#![no_main]
//! The text Redis answers `INFO` with, turned into the fields the checks use.

use diagnosis::evidence::redis::RedisInfo;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The client hands the source the reply lossily decoded.
    let text = String::from_utf8_lossy(data);
    let _ = RedisInfo::parse(&text);
});
