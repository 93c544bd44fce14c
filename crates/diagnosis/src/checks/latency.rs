//! The runbook's high-latency section: where the time goes, from metrics,
//! from one timed request, and from a direct database round trip.

use super::baseline;
use super::common;
use super::rates;
use super::{Check, Section, Source, Verdict, require, round1, round2};
use crate::catalogue::{Operation, Quantile};
use crate::evidence::Evidence;
use crate::report::Status;
use crate::runbook::Runbook;
use crate::settings;
use crate::threshold::{Band, BandClaim, Direction};
use crate::threshold::{Threshold, Unit};
use contract::metrics::{
    HTTP_OLDEST_IN_FLIGHT, HTTP_REQUESTS_IN_FLIGHT, STORAGE_IN_FLIGHT, STORAGE_OLDEST_IN_FLIGHT,
};

pub static CHECKS: &[&Check] = &[
    &API_P95,
    &SLOWEST_OPERATIONS,
    &STORAGE_READ,
    &STORAGE_WRITE,
    &TIMED_REQUEST,
    &DB_ROUNDTRIP,
    &STALLED_REQUESTS,
];

const RATES: &[Source] = &[Source::Metrics, Source::Prometheus];

static API_P95: Check = Check {
    code: "latency.api-p95",
    section: Section::Latency,
    title: "API P95",
    needs: RATES,
    band: None,
    judge: api_p95,
};

fn api_p95(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let stats = match rates::http_stats(evidence) {
        Ok(stats) => stats,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let source = stats.provenance.to_string();
    let Some(p95) = stats.quantiles.p95 else {
        return common::nothing_observed("HTTP request", &stats.provenance, runbook);
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
    band: None,
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
        return common::nothing_observed("operation", &slowest.provenance, runbook);
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
    band: None,
    judge: |evidence, runbook| storage_p95(evidence, runbook, Operation::StorageRead),
};

static STORAGE_WRITE: Check = Check {
    code: "latency.storage-write",
    section: Section::Latency,
    title: "Storage write P95",
    needs: RATES,
    band: None,
    judge: |evidence, runbook| storage_p95(evidence, runbook, Operation::StorageWrite),
};

fn storage_p95(evidence: &Evidence, runbook: &Runbook, operation: Operation) -> Verdict {
    let stats = match rates::operation_stats(evidence, operation) {
        Ok(stats) => stats,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let source = stats.provenance.to_string();
    let Some(p95) = stats.quantiles.p95 else {
        return common::nothing_observed(operation.name(), &stats.provenance, runbook);
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
    band: None,
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
    band: BandClaim::new("latency.db-roundtrip-ms", Unit::Milliseconds),
    judge: db_roundtrip,
};

fn db_roundtrip(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let trip = match &evidence.database {
        None => {
            return Verdict::not_measured("no database is configured", "none").advise(format!(
                "Give the service's database with {} to time it directly.",
                settings::DATABASE_URL.option()
            ));
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

static STALLED_REQUESTS: Check = Check {
    code: "latency.stalled-requests",
    section: Section::Latency,
    title: "Requests in flight",
    needs: &[Source::Metrics],
    band: BandClaim::new("latency.stalled-request-s", Unit::Seconds),
    judge: stalled_requests,
};

/// The oldest storage call counts as the place a stall sits when it is at
/// least this share of the oldest request's age: a request reaches storage
/// only after the cache tiers.
const STORAGE_SHARE_OF_STALL: f64 = 0.9;

/// The age of the oldest request in flight at the latest scrape, against
/// `latency.stalled-request-s`, with the storage calls in flight beside it.
pub(super) fn stalled_requests(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let latest = window.latest();
    let band = &runbook.latency.stalled_request_s;
    let threshold = Threshold::band(band, Direction::HigherIsWorse, Unit::Seconds);
    let gauge = |name: &str| latest.sum(name, &[]);
    let (Some(requests), Some(oldest)) =
        (gauge(HTTP_REQUESTS_IN_FLIGHT.name), gauge(HTTP_OLDEST_IN_FLIGHT.name))
    else {
        return Verdict::not_measured(
            format!(
                "the service exports no {} (a server from before the in-flight gauges), so a \
                 stall cannot be seen while it lasts",
                HTTP_OLDEST_IN_FLIGHT.name
            ),
            window.url.clone(),
        )
        .threshold(threshold);
    };
    let status = super::judge_band(oldest, band, Direction::HigherIsWorse);
    let mut summary = if requests > 0.0 {
        format!("{requests} request(s) in flight, the oldest for {} s", round2(oldest))
    } else {
        "no request in flight".to_owned()
    };
    match (gauge(STORAGE_IN_FLIGHT.name), gauge(STORAGE_OLDEST_IN_FLIGHT.name)) {
        (Some(calls), Some(storage_oldest)) => {
            summary.push_str(&format!(
                "; storage calls in flight: {calls}, oldest {} s",
                round2(storage_oldest)
            ));
            if status != Status::Ok {
                summary.push_str(if storage_oldest >= oldest * STORAGE_SHARE_OF_STALL {
                    "; storage is the likely place: its oldest call is as old as the oldest \
                     request"
                } else {
                    "; storage calls are younger, so the requests wait elsewhere"
                });
            }
        }
        _ => summary.push_str("; storage calls in flight are not exported"),
    }
    summary.push_str(" (latest scrape)");
    Verdict::new(status, summary, window.url.clone())
        .measured(round2(oldest), Unit::Seconds)
        .threshold(threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{MetricsSample, MetricsWindow, Series};

    fn scrape(gauges: &[(&str, f64)]) -> Evidence {
        let series = gauges
            .iter()
            .map(|(name, value)| Series::new(name, std::iter::empty::<(&str, &str)>(), *value))
            .collect();
        let sample = MetricsSample { scraped_at: chrono::DateTime::UNIX_EPOCH, series };
        Evidence {
            metrics: Some(Ok(MetricsWindow::between("http://h:9090/metrics".into(), sample, None))),
            ..Evidence::default()
        }
    }

    fn judged(requests: f64, oldest: f64, storage: Option<(f64, f64)>) -> Verdict {
        let mut gauges =
            vec![(HTTP_REQUESTS_IN_FLIGHT.name, requests), (HTTP_OLDEST_IN_FLIGHT.name, oldest)];
        if let Some((calls, storage_oldest)) = storage {
            gauges.push((STORAGE_IN_FLIGHT.name, calls));
            gauges.push((STORAGE_OLDEST_IN_FLIGHT.name, storage_oldest));
        }
        stalled_requests(&scrape(&gauges), &Runbook::embedded())
    }

    #[test]
    fn nothing_in_flight_is_ok() {
        let verdict = judged(0.0, 0.0, Some((0.0, 0.0)));
        assert_eq!(verdict.status, Status::Ok);
        assert_eq!(
            verdict.summary,
            "no request in flight; storage calls in flight: 0, oldest 0 s (latest scrape)"
        );
    }

    #[test]
    fn the_band_edges() {
        // The band is 1 s / 3 s: at 1 s WARNING, 3 s still WARNING, past it CRITICAL.
        assert_eq!(judged(1.0, 0.99, Some((0.0, 0.0))).status, Status::Ok);
        assert_eq!(judged(1.0, 1.0, Some((0.0, 0.0))).status, Status::Warning);
        assert_eq!(judged(1.0, 3.0, Some((0.0, 0.0))).status, Status::Warning);
        assert_eq!(judged(1.0, 3.01, Some((0.0, 0.0))).status, Status::Critical);
    }

    #[test]
    fn a_stall_in_storage_is_named() {
        let verdict = judged(4.0, 6.5, Some((3.0, 6.4)));
        assert_eq!(verdict.status, Status::Critical);
        assert_eq!(
            verdict.summary,
            "4 request(s) in flight, the oldest for 6.5 s; storage calls in flight: 3, oldest \
             6.4 s; storage is the likely place: its oldest call is as old as the oldest request \
             (latest scrape)"
        );
        assert_eq!(verdict.value, Some(6.5));
        let elsewhere = judged(2.0, 6.5, Some((1.0, 0.2)));
        assert_eq!(elsewhere.status, Status::Critical);
        assert!(elsewhere.summary.contains("the requests wait elsewhere"), "{}", elsewhere.summary);
    }

    #[test]
    fn an_older_server_is_unknown_with_the_reason() {
        // The service's metrics, from a server without the in-flight gauges.
        let older = scrape(&[(contract::metrics::CONFIG_OPERATIONS.name, 1.0)]);
        let verdict = stalled_requests(&older, &Runbook::embedded());
        assert_eq!(verdict.status, Status::Unknown);
        assert!(verdict.summary.contains("http_request_oldest_in_flight_seconds"));
        // Request gauges without storage ones are judged, and say so.
        let verdict = judged(1.0, 0.1, None);
        assert_eq!(verdict.status, Status::Ok);
        assert!(verdict.summary.contains("storage calls in flight are not exported"));
    }
}
