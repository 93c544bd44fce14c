#![no_main]
//! A runbook file given with `--runbook`: TOML parsing and validation,
//! then the look-ups the checks make of a runbook that loaded.

use diagnosis::checks::Registry;
use diagnosis::runbook::{KnownChecks, Runbook};
use diagnosis::threshold::trim_float;
use libfuzzer_sys::fuzz_target;

const CODES: &[&str] = &[
    "quick.api-response-time",
    "quick.cpu",
    "quick.memory",
    "quick.recent-errors",
    "quick.cache-hit-rate",
    "cpu.usage",
    "memory.usage",
    "memory.leak-trend",
    "memory.redis-used",
    "cache.l1-hit-rate",
    "cache.redis-latency",
    "latency.db-roundtrip",
    "network.io-utilization",
    "resources.fds",
    "resources.threads",
    "resources.disk-space",
    "db.connections",
    "db.slow-statements",
    "db.cache-hit-ratio",
    "baseline.l1-hit.p95",
    "no.such.code",
    "",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Runbook::parse(text, "fuzz.toml", &Registry) {
        Ok(runbook) => {
            for code in CODES {
                let claim = Registry.band(code);
                if let Some((_, band, _, _)) = claim.and_then(|claim| runbook.band_of(code, claim)) {
                    let _ = (trim_float(band.warning), trim_float(band.critical));
                }
                let _ = runbook.remediation(code);
            }
            for (_, baseline) in runbook.baseline.operations() {
                let _ = trim_float(baseline.p99_ms);
            }
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
});
