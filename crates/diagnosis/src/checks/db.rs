//! The runbook's database section, for PostgreSQL: reachability,
//! connections, idle and long transactions, lock waits, slow statements,
//! the indexes and vacuum state of `configs`, the buffer cache, the
//! settings the runbook tunes, and the service's own storage pool.

use super::common;
use super::{Check, Section, Source, Verdict, judge_band, percent_verdict, round1, round2};
use crate::analysis::counters::ScrapeCounters;
use crate::evidence::database::{DbInspection, DbRoundTrip, Statements};
use crate::evidence::{Evidence, Outcome};
use crate::report::Status;
use crate::runbook::Runbook;
use crate::settings;
use crate::threshold::Direction;
use crate::threshold::{BandClaim, Threshold, Unit};
use contract::metrics::{
    CONFIG_ERRORS, ErrorKind, POOL_IDLE, POOL_SIZE, POOL_WAITING, Pool, label,
};

pub static CHECKS: &[&Check] = &[
    &READY,
    &CONNECTIONS,
    &IDLE_IN_TRANSACTION,
    &LONG_RUNNING,
    &BLOCKED,
    &SLOW_STATEMENTS,
    &INDEXES,
    &VACUUM,
    &CACHE_HIT_RATIO,
    &SETTINGS,
    &POOL,
];

const INSPECTION: &[Source] = &[Source::DatabaseInspection];

/// The round trip, or UNKNOWN with how to give a database.
fn trip(evidence: &Evidence) -> Result<&DbRoundTrip, Verdict> {
    match &evidence.database {
        None => Err(Verdict::not_measured("no database is configured", "none").advise(format!(
            "Give the service's PostgreSQL with {} (URL or libpq key=value string).",
            settings::DATABASE_URL.option()
        ))),
        found => super::require(found, Source::DatabaseInspection),
    }
}

/// The inspection and the target it came from.
fn inspection(evidence: &Evidence) -> Result<(&DbInspection, String), Verdict> {
    let trip = trip(evidence)?;
    match &trip.inspection {
        Some(Ok(inspection)) => Ok((inspection, trip.target.clone())),
        Some(Err(error)) => Err(Verdict::source_failed(Source::DatabaseInspection, error)),
        None => Err(Verdict::not_measured("the database was not inspected", trip.target.clone())),
    }
}

/// One part of the inspection, or UNKNOWN with its reason (a missing GRANT
/// says which).
fn part<'a, T>(outcome: &'a Outcome<T>, target: &str) -> Result<&'a T, Verdict> {
    outcome.as_ref().map_err(|error| {
        let verdict = Verdict::not_measured(error.to_string(), target);
        match error.to_string().find("run `GRANT") {
            Some(at) => {
                let advice = error.to_string()[at + 4..].to_owned();
                verdict.advise(format!("To see every session, {advice}"))
            }
            None => verdict,
        }
    })
}

static READY: Check = Check {
    code: "db.ready",
    section: Section::Db,
    title: "PostgreSQL accepts sessions",
    needs: INSPECTION,
    band: None,
    judge: ready,
};

/// Like `pg_isready`, timed: connect plus `SELECT 1`.
fn ready(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let limit = runbook.db.ready_ms;
    let threshold = Threshold::warning_at(limit, Direction::HigherIsWorse, Unit::Milliseconds)
        .and("no answer is CRITICAL");
    let trip = match &evidence.database {
        Some(Err(
            error @ (crate::evidence::SourceError::Unavailable(_)
            | crate::evidence::SourceError::TimedOut(_)),
        )) => {
            return Verdict::new(Status::Critical, format!("no answer: {error}"), "PostgreSQL")
                .threshold(threshold);
        }
        _ => or_return!(trip(evidence)),
    };
    let total = trip.connect_ms + trip.query_ms;
    let status = if total < limit { Status::Ok } else { Status::Warning };
    let tls = match &trip.inspection {
        Some(Ok(inspection)) if inspection.tls => ", TLS",
        Some(Ok(_)) => ", not encrypted",
        _ => "",
    };
    Verdict::new(
        status,
        format!(
            "ready in {} ms (connect {} ms, SELECT 1 {} ms{tls})",
            round1(total),
            round1(trip.connect_ms),
            round1(trip.query_ms)
        ),
        trip.target.clone(),
    )
    .measured(round2(total), Unit::Milliseconds)
    .threshold(threshold)
}

static CONNECTIONS: Check = Check {
    code: "db.connections",
    section: Section::Db,
    title: "Connections vs max_connections",
    needs: INSPECTION,
    band: BandClaim::new("db.connections", Unit::Percent),
    judge: connections,
};

fn connections(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let connections = or_return!(part(&inspection.connections, &target));
    let max = inspection.settings.max_connections;
    if max == 0 {
        return Verdict::not_measured("max_connections is unknown", target);
    }
    let percent = f64::from(connections.total) * 100.0 / f64::from(max);
    let states: Vec<String> =
        connections.by_state.iter().map(|(state, n)| format!("{n} {state}")).collect();
    let mut verdict = percent_verdict(
        "connections in use:",
        percent,
        &runbook.db.connections,
        Direction::HigherIsWorse,
        target,
    );
    verdict.summary = format!(
        "{} of max_connections {max} in use ({}%): {}",
        connections.total,
        round1(percent),
        if states.is_empty() { "none".into() } else { states.join(", ") }
    );
    verdict
}

static IDLE_IN_TRANSACTION: Check = Check {
    code: "db.idle-in-transaction",
    section: Section::Db,
    title: "Sessions idle in a transaction",
    needs: INSPECTION,
    band: None,
    judge: idle_in_transaction,
};

fn idle_in_transaction(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let connections = or_return!(part(&inspection.connections, &target));
    let limit = runbook.db.idle_in_transaction_critical_s;
    let threshold = Threshold::warning_at(0.0, Direction::HigherIsWorse, Unit::Sessions)
        .and(format!("CRITICAL when one is idle over {limit} s"));
    let count = connections.idle_in_transaction;
    if count == 0 {
        return Verdict::new(Status::Ok, "no session is idle in a transaction", target)
            .measured(0.0, Unit::Sessions)
            .threshold(threshold);
    }
    let oldest = connections.oldest_idle_in_transaction_s.unwrap_or(0.0);
    let status = if oldest > limit { Status::Critical } else { Status::Warning };
    Verdict::new(
        status,
        format!("{count} session(s) idle in a transaction, the oldest for {} s", round1(oldest)),
        target,
    )
    .measured(f64::from(count), Unit::Sessions)
    .threshold(threshold)
}

static LONG_RUNNING: Check = Check {
    code: "db.long-running-queries",
    section: Section::Db,
    title: "Long-running queries",
    needs: INSPECTION,
    band: BandClaim::new("db.long-running-s", Unit::Seconds),
    judge: long_running,
};

fn long_running(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let active = or_return!(part(&inspection.active_queries, &target));
    let band = &runbook.db.long_running_s;
    let threshold = Threshold::band(band, Direction::HigherIsWorse, Unit::Seconds);
    let long: Vec<_> = active.iter().filter(|q| q.age_s >= band.warning).collect();
    let Some(oldest) = long.first() else {
        return Verdict::new(
            Status::Ok,
            format!("no query has been active for {} s or more", band.warning),
            target,
        )
        .threshold(threshold);
    };
    let listed: Vec<String> = long
        .iter()
        .take(5)
        .map(|q| {
            format!("pid {} for {} s: {}", q.pid, round1(q.age_s), common::shorten(&q.query, 80))
        })
        .collect();
    Verdict::new(
        judge_band(oldest.age_s, band, Direction::HigherIsWorse),
        format!("{} long-running quer(ies): {}", long.len(), listed.join("; ")),
        target,
    )
    .measured(round2(oldest.age_s), Unit::Seconds)
    .threshold(threshold)
}

static BLOCKED: Check = Check {
    code: "db.blocked-queries",
    section: Section::Db,
    title: "Sessions waiting on locks",
    needs: INSPECTION,
    band: None,
    judge: blocked,
};

fn blocked(evidence: &Evidence, _: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let blocked = or_return!(part(&inspection.blocked, &target));
    let threshold = Threshold::critical_at(0.0, Direction::HigherIsWorse, Unit::Sessions);
    if blocked.is_empty() {
        return Verdict::new(Status::Ok, "no session waits on a lock", target)
            .measured(0.0, Unit::Sessions)
            .threshold(threshold);
    }
    let listed: Vec<String> = blocked
        .iter()
        .map(|b| {
            let blockers: Vec<String> = b
                .blockers
                .iter()
                .map(|k| {
                    let modes = if k.modes.is_empty() { "?".into() } else { k.modes.join("+") };
                    format!("pid {} holding {modes}", k.pid)
                })
                .collect();
            format!(
                "pid {} waits {} s for {} on {}, blocked by {} ({})",
                b.pid,
                round1(b.waiting_s),
                b.wants.as_deref().unwrap_or("a lock"),
                b.relation.as_deref().unwrap_or("an object"),
                blockers.join(", "),
                common::shorten(&b.query, 60)
            )
        })
        .collect();
    Verdict::new(
        Status::Critical,
        format!("{} blocked session(s): {}", blocked.len(), listed.join("; ")),
        target,
    )
    .measured(blocked.len() as f64, Unit::Sessions)
    .threshold(threshold)
}

static SLOW_STATEMENTS: Check = Check {
    code: "db.slow-statements",
    section: Section::Db,
    title: "Slowest statements (pg_stat_statements)",
    needs: INSPECTION,
    band: BandClaim::new("db.slow-statement-mean-ms", Unit::Milliseconds),
    judge: slow_statements,
};

fn slow_statements(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let statements = match or_return!(part(&inspection.statements, &target)) {
        Statements::Missing => {
            return Verdict::not_measured("pg_stat_statements is not installed", target).advise(
                "Enable it: `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';`, \
                 restart PostgreSQL, then in the service's database `CREATE EXTENSION \
                 pg_stat_statements;`.",
            );
        }
        Statements::Top { statements } => statements,
    };
    let band = &runbook.db.slow_statement_mean_ms;
    let threshold = Threshold::band(band, Direction::HigherIsWorse, Unit::Milliseconds);
    let Some(slowest) = statements.first() else {
        return Verdict::not_measured("pg_stat_statements has no statement yet", target);
    };
    let mut verdict = Verdict::new(
        judge_band(slowest.mean_ms, band, Direction::HigherIsWorse),
        format!(
            "slowest mean {} ms over {} call(s): {}",
            round1(slowest.mean_ms),
            slowest.calls,
            common::shorten(&slowest.query, 100)
        ),
        target,
    )
    .measured(round2(slowest.mean_ms), Unit::Milliseconds)
    .threshold(threshold);
    if !inspection.sees_all {
        verdict.summary.push_str(&format!(
            " (other users' statement texts are hidden: `GRANT pg_monitor TO {};`)",
            inspection.user
        ));
    }
    verdict
}

static INDEXES: Check = Check {
    code: "db.indexes",
    section: Section::Db,
    title: "Recommended indexes on configs",
    needs: INSPECTION,
    band: None,
    judge: indexes,
};

/// The runbook's recommended indexes on `configs`, by their leading
/// columns; the primary key (namespace, key, environment) is the first.
const RECOMMENDED: &[(&str, &str)] = &[
    (
        "(namespace, key",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_configs_namespace_key ON configs (namespace, key);",
    ),
    (
        "(environment, created_at",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_configs_env_created ON configs (environment, created_at);",
    ),
];

fn indexes(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let table = match or_return!(part(&inspection.configs_table, &target)) {
        Some(table) => table,
        None => {
            return Verdict::not_measured("this database has no configs table", target).advise(
                format!("Point {} at the service's own database.", settings::DATABASE_URL.option()),
            );
        }
    };
    let definitions = match &evidence.database {
        Some(Ok(trip)) => trip.configs_indexes.as_ref().map(Vec::as_slice).unwrap_or(&[]),
        _ => &[],
    };
    let missing: Vec<&str> = RECOMMENDED
        .iter()
        .filter(|(columns, _)| !definitions.iter().any(|d| d.contains(columns)))
        .map(|(_, create)| *create)
        .collect();
    let scans = format!(
        "{} sequential vs {} index scans; table {} KiB, indexes {} KiB",
        table.seq_scan,
        table.idx_scan,
        table.table_bytes / 1024,
        table.index_bytes / 1024
    );
    let heavy =
        table.seq_scan as f64 >= runbook.db.heavy_seq_scans && table.seq_scan > table.idx_scan;
    let threshold = Threshold::rule(format!(
        "the recommended indexes exist; CRITICAL when one is missing with {} or more sequential scans",
        runbook.db.heavy_seq_scans
    ));
    if missing.is_empty() {
        return Verdict::new(
            Status::Ok,
            format!("{} index(es) cover the recommended columns; {scans}", definitions.len()),
            target,
        )
        .measured(table.seq_scan as f64, Unit::SeqScans)
        .threshold(threshold);
    }
    Verdict::new(
        if heavy { Status::Critical } else { Status::Warning },
        format!("missing on configs: {}; {scans}", missing.join(" ")),
        target,
    )
    .measured(table.seq_scan as f64, Unit::SeqScans)
    .threshold(threshold)
    .advise(format!(
        "Run on the database, outside a transaction (CONCURRENTLY does not block writes): {}",
        missing.join(" ")
    ))
}

static VACUUM: Check = Check {
    code: "db.vacuum",
    section: Section::Db,
    title: "Dead tuples and vacuum of configs",
    needs: INSPECTION,
    band: BandClaim::new("db.dead-tuples", Unit::Percent),
    judge: vacuum,
};

/// Seconds as the largest whole unit.
fn age(seconds: Option<f64>) -> String {
    match seconds {
        None => "never".into(),
        Some(s) if s < 120.0 => format!("{} s ago", s.round()),
        Some(s) if s < 7200.0 => format!("{} min ago", (s / 60.0).round()),
        Some(s) if s < 172_800.0 => format!("{} h ago", (s / 3600.0).round()),
        Some(s) => format!("{} days ago", (s / 86400.0).round()),
    }
}

/// The newer of two ages.
fn newest(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn vacuum(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let Some(table) = or_return!(part(&inspection.configs_table, &target)) else {
        return Verdict::not_measured("this database has no configs table", target).advise(
            format!("Point {} at the service's own database.", settings::DATABASE_URL.option()),
        );
    };
    let total = table.n_live_tup + table.n_dead_tup;
    let ratio = if total == 0 { 0.0 } else { table.n_dead_tup as f64 * 100.0 / total as f64 };
    let mut verdict = percent_verdict(
        "dead tuples",
        ratio,
        &runbook.db.dead_tuples,
        Direction::HigherIsWorse,
        target,
    );
    verdict.summary = format!(
        "{} dead of {} tuples ({}%); last vacuum {}, last analyze {}",
        table.n_dead_tup,
        total,
        round1(ratio),
        age(newest(table.last_vacuum_age_s, table.last_autovacuum_age_s)),
        age(newest(table.last_analyze_age_s, table.last_autoanalyze_age_s)),
    );
    verdict
}

static CACHE_HIT_RATIO: Check = Check {
    code: "db.cache-hit-ratio",
    section: Section::Db,
    title: "Buffer cache hit ratio",
    needs: INSPECTION,
    band: BandClaim::new("db.cache-hit-ratio", Unit::Percent),
    judge: cache_hit_ratio,
};

fn cache_hit_ratio(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let hits = or_return!(part(&inspection.cache_hit, &target));
    let total = hits.blks_hit + hits.blks_read;
    if total <= 0 {
        return Verdict::not_measured(
            format!("no block was read in the {} s window", round1(hits.window_s)),
            target,
        );
    }
    let ratio = hits.blks_hit as f64 * 100.0 / total as f64;
    let mut verdict = percent_verdict(
        "buffer hits",
        ratio,
        &runbook.db.cache_hit_ratio,
        Direction::LowerIsWorse,
        target,
    );
    verdict.summary = format!(
        "{}% of {} block reads hit shared buffers over {} s ({} from disk or OS cache)",
        round1(ratio),
        total,
        round1(hits.window_s),
        hits.blks_read
    );
    verdict
}

static SETTINGS: Check = Check {
    code: "db.settings",
    section: Section::Db,
    title: "Settings the runbook tunes",
    needs: INSPECTION,
    band: None,
    judge: settings,
};

const MIB: u64 = 1024 * 1024;

/// Bytes as MB or GB, as PostgreSQL writes them.
fn size(bytes: u64) -> String {
    if bytes >= 1024 * MIB && bytes.is_multiple_of(1024 * MIB) {
        format!("{}GB", bytes / (1024 * MIB))
    } else {
        format!("{}MB", bytes / MIB)
    }
}

/// A setting the runbook tunes: its value, the runbook's, and the share of
/// the host's memory past which the runbook's value is scaled down.
struct Tuned {
    name: &'static str,
    actual: u64,
    runbook: u64,
    /// Largest sensible share of the host's memory for this setting.
    share_cap: f64,
}

impl Tuned {
    /// The value to suggest: the runbook's, capped to the host's memory.
    fn suggested(&self, memory: Option<u64>) -> u64 {
        match memory {
            Some(memory) => {
                let cap = (memory as f64 * self.share_cap) as u64 / MIB * MIB;
                self.runbook.min(cap.max(MIB))
            }
            None => self.runbook,
        }
    }
}

/// `shared_buffers` past this share of memory leaves too little for
/// connections, sorts and the kernel's cache.
const SHARED_BUFFERS_DANGER: f64 = 0.4;

/// The runbook's values beside the server's and, when the database runs on
/// this host, their share of its memory. Informational, except for the two
/// settings that can hurt: `shared_buffers` over 40% of memory and
/// `effective_cache_size` over all of it are WARNING.
fn settings(evidence: &Evidence, _: &Runbook) -> Verdict {
    let (inspection, target) = or_return!(inspection(evidence));
    let s = &inspection.settings;
    let memory = s.host_memory_bytes.filter(|m| *m > 0);
    let tuned = [
        Tuned {
            name: "shared_buffers",
            actual: s.shared_buffers_bytes,
            runbook: 256 * MIB,
            share_cap: 0.25,
        },
        Tuned {
            name: "effective_cache_size",
            actual: s.effective_cache_size_bytes,
            runbook: 1024 * MIB,
            share_cap: 0.75,
        },
        Tuned {
            name: "maintenance_work_mem",
            actual: s.maintenance_work_mem_bytes,
            runbook: 64 * MIB,
            share_cap: 0.1,
        },
    ];
    let share = |bytes: u64| memory.map(|m| bytes as f64 / m as f64);
    let listed: Vec<String> = tuned
        .iter()
        .map(|t| {
            let of_memory = share(t.actual)
                .map(|f| format!(", {:.1}% of memory", f * 100.0))
                .unwrap_or_default();
            let suggested = t.suggested(memory);
            if t.actual == suggested {
                format!("{} {}{of_memory}", t.name, size(t.actual))
            } else {
                format!("{} {}{of_memory} (suggested {})", t.name, size(t.actual), size(suggested))
            }
        })
        .collect();
    let mut summary = format!("{}; max_connections {}", listed.join(", "), s.max_connections);
    summary.push_str(&match memory {
        Some(memory) => format!("; host memory {}", size(memory)),
        None => "; host memory unknown (the database is not on this machine)".to_owned(),
    });
    let differing: Vec<String> = tuned
        .iter()
        .filter(|t| t.actual != t.suggested(memory))
        .map(|t| format!("ALTER SYSTEM SET {} = '{}';", t.name, size(t.suggested(memory))))
        .collect();
    if !differing.is_empty() {
        summary.push_str(&format!(
            ". The runbook's values{}: {} SELECT pg_reload_conf();{}",
            if memory.is_some() { ", capped to this host's memory" } else { "" },
            differing.join(" "),
            if differing.iter().any(|d| d.contains("shared_buffers")) {
                " (shared_buffers needs a restart)"
            } else {
                ""
            }
        ));
    }
    let [shared_buffers, effective_cache_size, _] = &tuned;
    let dangerous = share(shared_buffers.actual).is_some_and(|f| f > SHARED_BUFFERS_DANGER)
        || share(effective_cache_size.actual).is_some_and(|f| f > 1.0);
    let status = if dangerous { Status::Warning } else { Status::Ok };
    Verdict::new(status, summary, target).threshold(Threshold::rule(format!(
        "shared_buffers <= {:.0}% and effective_cache_size <= 100% of memory",
        SHARED_BUFFERS_DANGER * 100.0
    )))
}

static POOL: Check = Check {
    code: "db.pool",
    section: Section::Db,
    title: "The service's storage pool",
    needs: &[Source::Metrics],
    band: None,
    judge: pool,
};

fn pool(evidence: &Evidence, _: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let storage = [(label::POOL, Pool::Storage.label())];
    let latest = window.latest();
    let Some(size) = latest.sum(POOL_SIZE.name, &storage) else {
        return Verdict::not_measured(
            "the service exports no connection_pool_size{pool=\"storage\"}",
            window.url.clone(),
        );
    };
    let idle = latest.sum(POOL_IDLE.name, &storage).unwrap_or(0.0);
    let waiting = [Some(&window.first), window.second.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|sample| sample.sum(POOL_WAITING.name, &storage))
        .fold(0.0, f64::max);
    let unavailable_filter = [(label::KIND, ErrorKind::Unavailable.label())];
    let unavailable = window
        .increase(CONFIG_ERRORS.name, &unavailable_filter)
        .or_else(|| latest.sum(CONFIG_ERRORS.name, &unavailable_filter))
        .unwrap_or(0.0);
    let status = match (waiting > 0.0, unavailable > 0.0) {
        (false, _) => Status::Ok,
        (true, false) => Status::Warning,
        (true, true) => Status::Critical,
    };
    Verdict::new(
        status,
        format!(
            "storage pool of {size}: {idle} idle, {waiting} waiting; {unavailable} storage-unavailable error(s)"
        ),
        window.url.clone(),
    )
    .measured(waiting, Unit::Waiting)
    .threshold(
        Threshold::warning_at(0.0, Direction::HigherIsWorse, Unit::Waiting)
            .and("CRITICAL with storage timeouts"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::SourceError;
    use crate::evidence::database::{DbRoundTrip, DbSettings};

    const GIB: u64 = 1024 * MIB;

    fn with_settings(settings: DbSettings) -> Evidence {
        let unmeasured = || SourceError::Failed("not in this test".into());
        let inspection = DbInspection {
            round_trips: 4,
            user: "doctor".into(),
            sees_all: true,
            tls: false,
            settings,
            connections: Err(unmeasured()),
            active_queries: Err(unmeasured()),
            blocked: Err(unmeasured()),
            statements: Err(unmeasured()),
            configs_table: Err(unmeasured()),
            cache_hit: Err(unmeasured()),
        };
        Evidence {
            database: Some(Ok(DbRoundTrip {
                target: "postgres://doctor:***@localhost/app".into(),
                connect_ms: 1.0,
                query_ms: 0.2,
                configs_indexes: Ok(Vec::new()),
                inspection: Some(Ok(inspection)),
            })),
            ..Evidence::default()
        }
    }

    fn judged(shared_buffers: u64, effective_cache_size: u64, memory: Option<u64>) -> Verdict {
        let evidence = with_settings(DbSettings {
            max_connections: 100,
            shared_buffers_bytes: shared_buffers,
            effective_cache_size_bytes: effective_cache_size,
            maintenance_work_mem_bytes: 64 * MIB,
            host_memory_bytes: memory,
        });
        settings(&evidence, &Runbook::embedded())
    }

    #[test]
    fn the_runbook_values_are_suggested_and_capped_to_small_hosts() {
        let on_a_big_host = judged(128 * MIB, 4 * GIB, Some(24 * GIB));
        assert_eq!(on_a_big_host.status, Status::Ok);
        assert!(
            on_a_big_host
                .summary
                .contains("shared_buffers 128MB, 0.5% of memory (suggested 256MB)"),
            "{}",
            on_a_big_host.summary
        );
        assert!(on_a_big_host.summary.contains("ALTER SYSTEM SET effective_cache_size = '1GB';"));

        let on_a_small_host = judged(128 * MIB, 512 * MIB, Some(GIB));
        assert!(
            on_a_small_host.summary.contains("ALTER SYSTEM SET effective_cache_size = '768MB';"),
            "{}",
            on_a_small_host.summary
        );

        let remote = judged(256 * MIB, GIB, None);
        assert_eq!(remote.status, Status::Ok);
        assert!(remote.summary.contains("host memory unknown"), "{}", remote.summary);
        assert!(!remote.summary.contains("ALTER SYSTEM"), "{}", remote.summary);
    }

    #[test]
    fn settings_larger_than_memory_allows_are_warnings() {
        assert_eq!(judged(512 * MIB, 768 * MIB, Some(GIB)).status, Status::Warning);
        assert_eq!(judged(256 * MIB, 2 * GIB, Some(GIB)).status, Status::Warning);
        assert_eq!(judged(8 * GIB, 2 * GIB, None).status, Status::Ok, "memory unknown");
    }
}
