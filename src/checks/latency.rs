//! The runbook's high-latency section: where the time goes, from metrics,
//! from one timed request, and from a direct database round trip.

use super::{Check, Section, Source, Verdict, require, round1, round2};
use crate::evidence::Evidence;
use crate::report::Status;
use crate::runbook::{Band, Direction, Runbook};

pub static CHECKS: &[&Check] = &[&TIMED_REQUEST, &DB_ROUNDTRIP];

static TIMED_REQUEST: Check = Check {
    code: "latency.timed-request",
    section: Section::Latency,
    title: "One config read, timed",
    needs: &[Source::ConfigRead],
    judge: timed_request,
};

/// One request is a single sample, so it is judged like a baseline cell
/// against the P99 figure: over it WARNING, over twice it CRITICAL.
fn timed_request(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let probe = match require(&evidence.config_read, Source::ConfigRead) {
        Ok(probe) => probe,
        Err(verdict) => return verdict,
    };
    // Only a found entry says which tier served it; a 404 went to storage.
    let served_by =
        probe.cache.as_deref().unwrap_or(if probe.status == 404 { "storage" } else { "unknown" });
    let row = match served_by {
        "l1" | "l2" => &runbook.baseline.api_cached,
        _ => &runbook.baseline.api_uncached,
    };
    let band = Band { warning: row.p99_ms, critical: row.p99_ms * 2.0 };
    let status = super::judge_band(probe.total_ms, &band, Direction::HigherIsWorse);
    Verdict::new(
        status,
        format!(
            "GET answered {} in {} ms, served by {served_by} (connect {} ms, first byte {} ms)",
            probe.status,
            round1(probe.total_ms),
            round1(probe.connect_ms),
            round1(probe.first_byte_ms)
        ),
        format!("GET {}", probe.url),
    )
    .measured(round2(probe.total_ms), "ms")
    .threshold(band.describe(Direction::HigherIsWorse, " ms"))
}

static DB_ROUNDTRIP: Check = Check {
    code: "latency.db-roundtrip",
    section: Section::Latency,
    title: "Database round trip",
    needs: &[Source::Database],
    judge: db_roundtrip,
};

fn db_roundtrip(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let trip = match &evidence.database {
        None => {
            return Verdict::not_measured("no database is configured", "none")
                .advise("Give the service's database with --database-url to time it directly.");
        }
        found => match require(found, Source::Database) {
            Ok(trip) => trip,
            Err(verdict) => return verdict,
        },
    };
    let band = &runbook.latency.db_roundtrip_ms;
    let status = super::judge_band(trip.query_ms, band, Direction::HigherIsWorse);
    if status == Status::Ok && trip.connect_ms > band.critical {
        return Verdict::new(
            Status::Warning,
            format!(
                "SELECT 1 took {} ms but connecting took {} ms",
                round1(trip.query_ms),
                round1(trip.connect_ms)
            ),
            trip.target.clone(),
        )
        .measured(round2(trip.query_ms), "ms");
    }
    Verdict::new(
        status,
        format!(
            "SELECT 1 took {} ms (connect {} ms)",
            round1(trip.query_ms),
            round1(trip.connect_ms)
        ),
        trip.target.clone(),
    )
    .measured(round2(trip.query_ms), "ms")
    .threshold(band.describe(Direction::HigherIsWorse, " ms"))
}
