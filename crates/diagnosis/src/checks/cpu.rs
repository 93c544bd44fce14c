//! The runbook's CPU section: usage, request rate, the slowest requests in
//! the service's logs, and worker threads against cores.

use super::common::{self, shorten};
use super::rates;
use super::{Check, Section, Source, Verdict, round1, round2};
use crate::analysis::counters::{Counter, ScrapeCounters};
use crate::evidence::Evidence;
use crate::report::Status;
use crate::runbook::Runbook;
use crate::settings;
use crate::threshold::Direction;
use crate::threshold::{BandClaim, Threshold, Unit};
use contract::metrics::HTTP_REQUESTS;

pub static CHECKS: &[&Check] = &[&USAGE, &REQUEST_RATE, &SLOW_OPERATIONS, &WORKERS];

static USAGE: Check = Check {
    code: "cpu.usage",
    section: Section::Cpu,
    title: "CPU usage",
    needs: &[Source::Runtime],
    band: BandClaim::new("resources.cpu", Unit::Percent),
    judge: super::quick::cpu,
};

static REQUEST_RATE: Check = Check {
    code: "cpu.request-rate",
    section: Section::Cpu,
    title: "Request rate",
    needs: &[Source::Metrics, Source::Prometheus, Source::Runtime],
    band: None,
    judge: request_rate,
};

/// The last minute's rate this far above the 5-minute one is "rising".
const RISING_RATIO: f64 = 1.2;

/// The request rate ([`rates::http_stats`]: Prometheus over five minutes,
/// else the sampling window), and its trend (the last minute against the
/// last five, through Prometheus). Informational, but a WARNING when
/// traffic is rising while CPU is already in its warning band: the service
/// is about to run out of headroom.
fn request_rate(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let requests = [Counter::new(HTTP_REQUESTS.name, &[])];
    let mut verdict = match rates::http_stats(evidence) {
        Ok(stats) => {
            let provenance = &stats.provenance;
            Verdict::new(
                Status::Ok,
                format!(
                    "{} requests/s over the last {}s",
                    round1(stats.request_rate),
                    round1(provenance.window_seconds)
                ),
                provenance.url.clone(),
            )
            .measured(round2(stats.request_rate), Unit::RequestsPerSecond)
        }
        Err(_) => match window.total_of(&requests) {
            Some(total) => Verdict::new(
                Status::Ok,
                format!("{total} requests {}; no rate (one scrape only)", common::SINCE_START),
                window.url.clone(),
            ),
            None => {
                return Verdict::not_measured(
                    "the service exports no http_requests_total",
                    window.url.clone(),
                );
            }
        },
    };
    let Some((last_minute, five_minutes)) = crate::analysis::trend::request_rates(evidence) else {
        verdict.summary.push_str(&format!(
            "; trend unknown without Prometheus ({})",
            settings::PROMETHEUS_URL.option()
        ));
        return verdict;
    };
    let ratio = if five_minutes > 0.0 { last_minute / five_minutes } else { 1.0 };
    let trend = if ratio > RISING_RATIO {
        "rising"
    } else if ratio < 1.0 / RISING_RATIO {
        "falling"
    } else {
        "steady"
    };
    verdict.summary.push_str(&format!(
        "; {trend}: {}/s over the last minute against {}/s over five",
        round1(last_minute),
        round1(five_minutes)
    ));
    let cpu = evidence.runtime.as_ref().and_then(|r| r.as_ref().ok()).and_then(|r| r.cpu);
    if trend == "rising"
        && cpu.is_some_and(|cpu| cpu.percent_of_available >= runbook.resources.cpu.warning)
    {
        verdict.status = Status::Warning;
        verdict.summary.push_str(" while CPU is in its warning band");
    }
    verdict
}

static SLOW_OPERATIONS: Check = Check {
    code: "cpu.slow-operations-in-logs",
    section: Section::Cpu,
    title: "Slowest requests in the logs",
    needs: &[Source::Runtime],
    band: None,
    judge: slow_operations,
};

fn slow_operations(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let runtime = or_return!(common::runtime(evidence));
    let logs = match &runtime.logs {
        Some(Ok(logs)) => logs,
        Some(Err(error)) => return Verdict::source_failed(Source::Runtime, error),
        None => {
            return Verdict::not_measured(
                "the runtime gave no logs",
                common::runtime_label(runtime),
            );
        }
    };
    let limit = runbook.baseline.storage_read.p99_ms;
    let threshold = Threshold::warning_at(limit, Direction::HigherIsWorse, Unit::Milliseconds)
        .and("the bound is the storage-read P99");
    let slow: Vec<_> = logs
        .slowest
        .iter()
        .filter(|s| s.duration_ms > limit)
        .take(runbook.logs.slowest_count)
        .collect();
    let Some(worst) = logs.slowest.first() else {
        return Verdict::new(
            Status::Ok,
            format!("no timed request in the last {}s of {}", logs.window_seconds, logs.source),
            logs.source.clone(),
        )
        .threshold(threshold);
    };
    let summary = if slow.is_empty() {
        format!("the slowest request took {} ms", round1(worst.duration_ms))
    } else {
        let listed: Vec<String> = slow
            .iter()
            .map(|s| format!("{} ms: {}", round1(s.duration_ms), shorten(&s.line, 120)))
            .collect();
        format!("{} request(s) over {} ms; {}", slow.len(), round1(limit), listed.join(" | "))
    };
    let status = if slow.is_empty() { Status::Ok } else { Status::Warning };
    Verdict::new(status, summary, logs.source.clone())
        .measured(round2(worst.duration_ms), Unit::Milliseconds)
        .threshold(threshold)
}

static WORKERS: Check = Check {
    code: "cpu.workers",
    section: Section::Cpu,
    title: "Worker threads",
    needs: &[Source::Health, Source::Runtime],
    band: None,
    judge: workers,
};

fn workers(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (health, source) = match common::health(evidence) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    let (workers, cores) = (health.settings.workers, health.settings.cores);
    let cpu = evidence.runtime.as_ref().and_then(|r| r.as_ref().ok()).and_then(|r| r.cpu);
    let busy = cpu.is_some_and(|cpu| cpu.percent_of_available >= runbook.resources.cpu.warning);
    let summary = format!("{workers} worker thread(s) on {cores} core(s)");
    match (workers < cores, busy) {
        (true, true) => Verdict::new(
            Status::Warning,
            format!("{summary}, with CPU busy: workers are the bottleneck"),
            source,
        ),
        (true, false) => Verdict::new(
            Status::Ok,
            format!("{summary}; fewer than cores, but CPU is not busy"),
            source,
        ),
        _ => Verdict::new(Status::Ok, summary, source),
    }
    .measured(workers as f64, Unit::Workers)
}
