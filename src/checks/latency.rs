//! The runbook's high-latency section: where the time goes, from metrics,
//! from one timed request, and from a direct database round trip.

use super::baseline;
use super::common;
use super::rates;
use super::{Check, Section, Source, Verdict, require, round1, round2};
use crate::catalogue::{Operation, Quantile};
use crate::evidence::Evidence;
use crate::report::Status;
use crate::runbook::{Band, Direction, Runbook};
use crate::threshold::{Threshold, Unit};

pub static CHECKS: &[&Check] =
    &[&API_P95, &SLOWEST_OPERATIONS, &STORAGE_READ, &STORAGE_WRITE, &TIMED_REQUEST, &DB_ROUNDTRIP];

const RATES: &[Source] = &[Source::Metrics, Source::Prometheus];

static API_P95: Check = Check {
    code: "latency.api-p95",
    section: Section::Latency,
    title: "API P95",
    needs: RATES,
    judge: api_p95,
};

fn api_p95(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let stats = match rates::http_stats(evidence) {
        Ok(stats) => stats,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let source = stats.provenance.to_string();
    let Some(p95) = stats.quantiles.p95 else {
        return Verdict::not_measured("no HTTP request in the window", source);
    };
    let band = &runbook.quick.api_response_ms;
    let value_ms = p95 * 1e3;
    let mut summary = format!("P95 {} ms over every route", round1(value_ms));
    let slowest_route = stats
        .by_route
        .iter()
        .filter_map(|(route, q)| Some((route, q.p95?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((route, route_p95)) = slowest_route {
        summary.push_str(&format!("; slowest route {route} at {} ms", round1(route_p95 * 1e3)));
    }
    Verdict::new(super::judge_band(value_ms, band, Direction::HigherIsWorse), summary, source)
        .measured(round2(value_ms), Unit::Milliseconds)
        .threshold(Threshold::band(band, Direction::HigherIsWorse, Unit::Milliseconds))
}

static SLOWEST_OPERATIONS: Check = Check {
    code: "latency.slowest-operations",
    section: Section::Latency,
    title: "Slowest operations",
    needs: RATES,
    judge: slowest_operations,
};

/// The baseline row an (operation, source) pair of the service's metrics
/// is judged by.
fn row_of(operation: &str, source: &str) -> Operation {
    match (operation, source) {
        ("get", "l1" | "l2") => Operation::ApiCached,
        ("get", _) => Operation::ApiUncached,
        ("list", _) => Operation::StorageRead,
        _ => Operation::StorageWrite,
    }
}

/// The slowest pair's mean against its row's P95 figure.
fn slowest_operations(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let slowest = match rates::slowest_operations(evidence) {
        Ok(slowest) => slowest,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let source = slowest.provenance.to_string();
    let Some(worst) = slowest.slowest.first() else {
        return Verdict::not_measured("no operation observed in the window", source);
    };
    let row = row_of(&worst.operation, &worst.source);
    let mean_ms = worst.mean_seconds * 1e3;
    let (status, threshold) =
        baseline::against_figure(mean_ms, baseline::figure(runbook, row, Quantile::P95));
    let listed: Vec<String> = slowest
        .slowest
        .iter()
        .map(|op| {
            format!("{} from {} {} ms", op.operation, op.source, round2(op.mean_seconds * 1e3))
        })
        .collect();
    Verdict::new(
        status,
        format!("mean durations: {} (judged as {})", listed.join(", "), row.name()),
        source,
    )
    .measured(round2(mean_ms), Unit::Milliseconds)
    .threshold(threshold)
}

static STORAGE_READ: Check = Check {
    code: "latency.storage-read",
    section: Section::Latency,
    title: "Storage read P95",
    needs: RATES,
    judge: |evidence, runbook| storage_p95(evidence, runbook, Operation::StorageRead),
};

static STORAGE_WRITE: Check = Check {
    code: "latency.storage-write",
    section: Section::Latency,
    title: "Storage write P95",
    needs: RATES,
    judge: |evidence, runbook| storage_p95(evidence, runbook, Operation::StorageWrite),
};

fn storage_p95(evidence: &Evidence, runbook: &Runbook, operation: Operation) -> Verdict {
    let stats = match rates::operation_stats(evidence, operation) {
        Ok(stats) => stats,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let source = stats.provenance.to_string();
    let Some(p95) = stats.quantiles.p95 else {
        return Verdict::not_measured(
            format!("no {} observed in the window or since the service started", operation.name()),
            source,
        );
    };
    let value_ms = p95 * 1e3;
    let (status, threshold) =
        baseline::against_figure(value_ms, baseline::figure(runbook, operation, Quantile::P95));
    let p99 = stats
        .quantiles
        .p99
        .map_or_else(String::new, |p99| format!(", P99 {} ms", round1(p99 * 1e3)));
    Verdict::new(
        status,
        format!("P95 {} ms{p99}, {}/s", round1(value_ms), round1(stats.rate)),
        source,
    )
    .measured(round2(value_ms), Unit::Milliseconds)
    .threshold(threshold)
}

static TIMED_REQUEST: Check = Check {
    code: "latency.timed-request",
    section: Section::Latency,
    title: "One config read, timed",
    needs: &[Source::ConfigRead],
    judge: timed_request,
};

/// One request is a single sample, so it is judged like a baseline cell
/// against the P99 figure: over it WARNING, over twice it CRITICAL. No
/// answer at all is CRITICAL.
fn timed_request(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let row = &runbook.baseline.api_uncached;
    let probe = match common::service_probe(&evidence.config_read, Source::ConfigRead) {
        Ok(probe) => probe,
        Err(verdict) => {
            let band = Band { warning: row.p99_ms, critical: row.p99_ms * 2.0 };
            return verdict.threshold(
                Threshold::band(&band, Direction::HigherIsWorse, Unit::Milliseconds)
                    .and("no answer is CRITICAL"),
            );
        }
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
    .measured(round2(probe.total_ms), Unit::Milliseconds)
    .threshold(Threshold::band(&band, Direction::HigherIsWorse, Unit::Milliseconds))
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
        .measured(round2(trip.query_ms), Unit::Milliseconds);
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
    .measured(round2(trip.query_ms), Unit::Milliseconds)
    .threshold(Threshold::band(band, Direction::HigherIsWorse, Unit::Milliseconds))
}
