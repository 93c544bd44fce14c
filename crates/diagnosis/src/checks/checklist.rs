//! The runbook's optimization checklist: nine items, each met (OK), not met
//! (WARNING), or not measurable (UNKNOWN), from the evidence the other
//! sections collect.

use super::common;
use super::rates;
use super::{Check, Section, Source, Verdict, round1, round2};
use crate::catalogue::Operation;
use crate::catalogue::Query;
use crate::evidence::Evidence;
use crate::evidence::prometheus::QueryAnswer;
use crate::report::Status;
use crate::runbook::Runbook;
use crate::settings;
use crate::threshold::Direction;
use crate::threshold::{Threshold, Unit};
use contract::metrics::{Backend, POOL_SIZE, POOL_WAITING, label};

pub static CHECKS: &[&Check] = &[
    &CACHE_HIT_RATE,
    &API_P95,
    &CPU,
    &MEMORY,
    &DB_P95,
    &POOLS_SIZED,
    &INDEXES,
    &LOGS_ROTATED,
    &MONITORING,
];

/// The runbook's checklist targets.
const HIT_RATE_TARGET: f64 = 80.0;
const API_P95_TARGET_MS: f64 = 100.0;
const CPU_TARGET: f64 = 70.0;
const MEMORY_TARGET: f64 = 70.0;
const DB_P95_TARGET_MS: f64 = 50.0;

/// OK when `met`, else WARNING, judged by `threshold`.
fn item(met: bool, summary: String, source: String, threshold: Threshold) -> Verdict {
    Verdict::new(if met { Status::Ok } else { Status::Warning }, summary, source)
        .threshold(threshold)
}

/// A target a value meets by staying above it.
fn above(target: f64, unit: Unit) -> Threshold {
    Threshold::warning_at(target, Direction::LowerIsWorse, unit)
}

/// A target a value meets by staying below it.
fn below(target: f64, unit: Unit) -> Threshold {
    Threshold::warning_at(target, Direction::HigherIsWorse, unit)
}

/// A target in words.
fn goal(words: &str) -> Threshold {
    Threshold::rule(format!("target: {words}"))
}

static CACHE_HIT_RATE: Check = Check {
    code: "checklist.cache-hit-rate",
    section: Section::Checklist,
    title: "Cache hit rate > 80%",
    needs: &[Source::Metrics, Source::Prometheus],
    band: None,
    judge: cache_hit_rate,
};

/// The cache hit rate of `cache.hit-rate` against the checklist's target.
fn cache_hit_rate(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (share, _, provenance) = or_return!(common::cache_hit_rate(evidence));
    match share.judgeable(runbook) {
        Ok(percent) => item(
            percent > HIT_RATE_TARGET,
            format!("reads answered from a cache: {}", share.describe()),
            provenance.to_string(),
            above(HIT_RATE_TARGET, Unit::Percent),
        )
        .measured(round2(percent), Unit::Percent),
        Err(reason) => Verdict::not_judged(reason, provenance.to_string(), runbook),
    }
}

static API_P95: Check = Check {
    code: "checklist.api-p95",
    section: Section::Checklist,
    title: "API P95 < 100 ms",
    needs: &[Source::Metrics, Source::Prometheus],
    band: None,
    judge: api_p95,
};

fn api_p95(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let stats = match rates::http_stats(evidence) {
        Ok(stats) => stats,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let source = stats.provenance.to_string();
    match stats.quantiles.p95 {
        Some(p95) => item(
            p95 * 1e3 < API_P95_TARGET_MS,
            format!("P95 {} ms", round1(p95 * 1e3)),
            source,
            below(API_P95_TARGET_MS, Unit::Milliseconds),
        )
        .measured(round2(p95 * 1e3), Unit::Milliseconds),
        None => common::nothing_observed("HTTP request", &stats.provenance, runbook),
    }
}

static CPU: Check = Check {
    code: "checklist.cpu",
    section: Section::Checklist,
    title: "CPU < 70%",
    needs: &[Source::Runtime],
    band: None,
    judge: cpu,
};

fn cpu(evidence: &Evidence, _: &Runbook) -> Verdict {
    let runtime = or_return!(common::runtime(evidence));
    match runtime.cpu {
        Some(cpu) => item(
            cpu.percent_of_available < CPU_TARGET,
            format!("CPU {}%", round1(cpu.percent_of_available)),
            common::runtime_label(runtime),
            below(CPU_TARGET, Unit::Percent),
        )
        .measured(round2(cpu.percent_of_available), Unit::Percent),
        None => common::no_cpu(runtime),
    }
}

static MEMORY: Check = Check {
    code: "checklist.memory",
    section: Section::Checklist,
    title: "Memory < 70%",
    needs: &[Source::Runtime],
    band: None,
    judge: memory,
};

fn memory(evidence: &Evidence, _: &Runbook) -> Verdict {
    let runtime = or_return!(common::runtime(evidence));
    match &runtime.memory {
        Some(memory) => item(
            memory.percent() < MEMORY_TARGET,
            format!("memory {}% of {}", round1(memory.percent()), memory.limit_source),
            common::runtime_label(runtime),
            below(MEMORY_TARGET, Unit::Percent),
        )
        .measured(round2(memory.percent()), Unit::Percent),
        None => common::no_memory(runtime),
    }
}

static DB_P95: Check = Check {
    code: "checklist.db-p95",
    section: Section::Checklist,
    title: "Database queries < 50 ms (P95)",
    needs: &[Source::Metrics, Source::Prometheus],
    band: None,
    judge: db_p95,
};

/// Storage reads are the service's database queries.
fn db_p95(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let stats = match rates::operation_stats(evidence, Operation::StorageRead) {
        Ok(stats) => stats,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let source = stats.provenance.to_string();
    match stats.quantiles.p95 {
        Some(p95) => item(
            p95 * 1e3 < DB_P95_TARGET_MS,
            format!("storage read P95 {} ms", round1(p95 * 1e3)),
            source,
            below(DB_P95_TARGET_MS, Unit::Milliseconds),
        )
        .measured(round2(p95 * 1e3), Unit::Milliseconds),
        None => common::nothing_observed("storage read", &stats.provenance, runbook),
    }
}

static POOLS_SIZED: Check = Check {
    code: "checklist.pools-sized",
    section: Section::Checklist,
    title: "Connection pools sized",
    needs: &[Source::Metrics],
    band: None,
    judge: pools_sized,
};

/// A task waiting for a pooled connection means the pool is too small.
fn pools_sized(evidence: &Evidence, _: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let samples = [Some(&window.first), window.second.as_ref()];
    let mut waiting: Vec<(String, f64)> = Vec::new();
    let mut pools: Vec<String> = Vec::new();
    for series in samples.iter().flatten().flat_map(|sample| sample.series.iter()) {
        let pool = series.label(label::POOL).unwrap_or_default().to_owned();
        match series.name() {
            name if name == POOL_WAITING.name && series.value > 0.0 => {
                waiting.push((pool, series.value))
            }
            name if name == POOL_SIZE.name && !pools.contains(&pool) => pools.push(pool),
            _ => {}
        }
    }
    if pools.is_empty() {
        return Verdict::not_measured(
            "the service exports no connection_pool_size",
            window.url.clone(),
        );
    }
    match waiting.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
        None => item(
            true,
            format!("no task waited for a connection ({} pools)", pools.join(", ")),
            window.url.clone(),
            goal("no waiters"),
        ),
        Some((pool, count)) => item(
            false,
            format!(
                "{count} task(s) waited for a {pool} connection: the pool is too small for the load"
            ),
            window.url.clone(),
            goal("no waiters"),
        ),
    }
}

static INDEXES: Check = Check {
    code: "checklist.indexes",
    section: Section::Checklist,
    title: "Indexes on queried fields",
    needs: &[Source::Health, Source::Database],
    band: None,
    judge: indexes,
};

/// The runbook's recommended indexes on `configs`: one leading with
/// (namespace, key), which the primary key already is, and one on
/// (environment, created_at).
const RECOMMENDED_INDEXES: &[(&str, &str)] = &[
    (
        "(namespace, key",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_configs_namespace_key ON configs (namespace, key);",
    ),
    (
        "(environment, created_at",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_configs_env_created ON configs (environment, created_at);",
    ),
];

fn indexes(evidence: &Evidence, _: &Runbook) -> Verdict {
    let target = "the runbook's recommended indexes exist";
    let trip = match &evidence.database {
        Some(Ok(trip)) => trip,
        Some(Err(error)) => return Verdict::source_failed(Source::Database, error),
        None => {
            let backend =
                common::health(evidence).ok().map(|(health, _)| health.checks.storage.backend);
            return match backend {
                Some(Backend::Sqlite) => item(
                    true,
                    "embedded storage: every lookup uses the primary key (namespace, key, environment)".into(),
                    "/health".into(),
                    goal(target),
                ),
                _ => Verdict::not_measured("no database to inspect", "none")
                    .advise(format!(
                        "Give the service's database with {} to check its indexes.",
                        settings::DATABASE_URL.option()
                    )),
            };
        }
    };
    let definitions = match &trip.configs_indexes {
        Ok(definitions) => definitions,
        Err(error) => return Verdict::source_failed(Source::Database, error),
    };
    if definitions.is_empty() {
        return Verdict::not_measured(
            format!("{} has no configs table", trip.target),
            trip.target.clone(),
        );
    }
    let missing: Vec<&str> = RECOMMENDED_INDEXES
        .iter()
        .filter(|(columns, _)| !definitions.iter().any(|d| d.contains(columns)))
        .map(|(_, create)| *create)
        .collect();
    if missing.is_empty() {
        return item(
            true,
            format!("{} index(es) on configs cover the recommended columns", definitions.len()),
            trip.target.clone(),
            goal(target),
        );
    }
    item(
        false,
        format!("missing on configs: {}", missing.join(" ")),
        trip.target.clone(),
        goal(target),
    )
    .advise(format!("Run on the database (it does not lock writes): {}", missing.join(" ")))
}

static LOGS_ROTATED: Check = Check {
    code: "checklist.logs-rotated",
    section: Section::Checklist,
    title: "Logs rotated",
    needs: &[Source::Host],
    band: None,
    judge: logs_rotated,
};

/// Rotation that works leaves no log file older than the retention: the
/// oldest file's age tells.
fn logs_rotated(evidence: &Evidence, _: &Runbook) -> Verdict {
    let logs = match super::require(&evidence.host, Source::Host) {
        Ok(host) => &host.old_logs,
        Err(verdict) => return verdict,
    };
    let source = format!("{} ({})", logs.dir, logs.pattern);
    let target = "no log file older than the retention";
    match logs.oldest_age_days {
        _ if !logs.exists => Verdict::not_measured(format!("{} does not exist", logs.dir), source)
            .advise(format!(
                "Name the service's log directory with {}.",
                settings::LOG_DIR.option()
            )),
        None => Verdict::not_measured(format!("no log file in {}", logs.dir), source),
        Some(age) => item(
            logs.old_count == 0,
            format!("{} log file(s), the oldest {} days old", logs.files, round1(age)),
            source,
            goal(target),
        ),
    }
}

static MONITORING: Check = Check {
    code: "checklist.monitoring",
    section: Section::Checklist,
    title: "Monitoring enabled",
    needs: &[Source::Prometheus],
    band: None,
    judge: monitoring,
};

fn monitoring(evidence: &Evidence, _: &Runbook) -> Verdict {
    let prometheus = match &evidence.prometheus {
        Some(Ok(prometheus)) => prometheus,
        Some(Err(error)) => {
            return item(
                false,
                format!("no Prometheus answers: {error}"),
                "Prometheus".into(),
                goal("Prometheus scrapes the service"),
            );
        }
        None => return Verdict::not_measured("Prometheus was not asked", "none"),
    };
    let target = "Prometheus scrapes the service";
    match prometheus.answer(Query::ServiceScraped) {
        Some(Ok(QueryAnswer::Data { samples })) => {
            let up = samples.iter().filter(|s| s.value >= 1.0).count();
            item(
                up > 0,
                format!("{up} of {} scrape target(s) of the service are up", samples.len()),
                prometheus.url.clone(),
                goal(target),
            )
        }
        Some(Ok(QueryAnswer::NoData)) => item(
            false,
            "Prometheus has no target exporting the service's metrics".into(),
            prometheus.url.clone(),
            goal(target),
        ),
        Some(Ok(QueryAnswer::Error { error, .. })) => Verdict::not_measured(
            format!("Prometheus refused the query: {error}"),
            prometheus.url.clone(),
        ),
        Some(Err(error)) => Verdict::not_measured(error.to_string(), prometheus.url.clone()),
        None => Verdict::not_measured("the up query was not asked", prometheus.url.clone()),
    }
}
