//! Judging replicas as a fleet (`llmcfg-doctor fleet`): a row per replica,
//! then what only a comparison shows. A replica far from the median of its
//! siblings (response time, error rate, hit rate, CPU, memory), replicas
//! running with different settings, and the same key served at different
//! versions after the replicas' trust bound has passed.
//!
//! Each replica's own findings judge it against the runbook; these judge
//! it against its siblings, so a fleet whose replicas are all equally slow
//! has no outlier, and one sick replica among healthy ones stands out even
//! while inside the runbook's bands.

use std::collections::BTreeMap;

use super::common;
use super::{Verdict, round1};
use crate::analysis::counters::ScrapeCounters;
use crate::evidence::fleet::KeyVersions;
use crate::evidence::{Evidence, Outcome};
use crate::report::{Finding, Report, Status};
use crate::runbook::{FleetFigures, Runbook, Spread};
use contract::health::Health;
use contract::metrics::{PROCESS_CPU_SECONDS, PROCESS_RESIDENT_MEMORY};

/// The codes of the fleet's findings, for the runbook's remediation texts.
pub const CODES: &[&str] =
    &["fleet.replica", "fleet.replicas", "fleet.outliers", "fleet.settings", "fleet.version-skew"];

/// What the fleet's judges need of one replica's evidence, taken as soon
/// as the replica is judged so that its expositions can go: a fleet of
/// hundreds holds these, not hundreds of scrapes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplicaFacts {
    /// Its `/health`, when that was the service's document.
    pub health: Option<Health>,
    /// CPU over the sampling window, in percent of one core, from its own
    /// `process_cpu_seconds_total`.
    pub cpu_percent: Option<f64>,
    pub resident_mib: Option<f64>,
    /// P95 of its HTTP requests over the sampling window, in ms, when the
    /// window saw at least `ratios.min-sample` of them: one timed probe
    /// is a single sample, which a busy host can delay by tens of ms.
    pub p95_ms: Option<f64>,
}

impl ReplicaFacts {
    pub fn of(evidence: &Evidence, min_sample: u64) -> ReplicaFacts {
        let window = match &evidence.metrics {
            Some(Ok(window)) => Some(window),
            _ => None,
        };
        let cpu_percent = window.and_then(|window| {
            let seconds = window.window_seconds().filter(|s| *s > 0.0)?;
            Some(window.increase(PROCESS_CPU_SECONDS, &[])? * 100.0 / seconds)
        });
        let resident_mib = window
            .and_then(|window| window.latest().sum(PROCESS_RESIDENT_MEMORY, &[]))
            .map(|bytes| bytes / 1048576.0);
        let p95_ms = super::rates::http_stats(evidence).ok().and_then(|stats| {
            let requests = stats.request_rate * stats.provenance.window_seconds;
            let p95 = stats.quantiles.p95.filter(|_| requests >= min_sample as f64)?;
            Some(p95 * 1e3)
        });
        ReplicaFacts {
            health: common::health(evidence).ok().map(|(health, _)| health),
            cpu_percent,
            resident_mib,
            p95_ms,
        }
    }
}

/// One replica's run: what it was called, what the fleet needs of its
/// evidence, how its section judged it.
#[derive(Clone, Copy)]
pub struct ReplicaRun<'a> {
    pub name: &'a str,
    pub facts: &'a ReplicaFacts,
    pub report: &'a Report,
}

/// A figure compared across replicas, and its runbook spread: how far
/// from the median is "far" (`[fleet]`).
struct Figure {
    name: &'static str,
    unit: &'static str,
    higher_is_worse: bool,
    spread: fn(&FleetFigures) -> Spread,
    read: fn(&ReplicaRun<'_>) -> Option<f64>,
}

const FIGURES: &[Figure] = &[
    Figure {
        name: "P95 response time",
        unit: "ms",
        higher_is_worse: true,
        spread: |figures| figures.response_time,
        read: |run| run.facts.p95_ms,
    },
    Figure {
        name: "error rate",
        unit: "%",
        higher_is_worse: true,
        spread: |figures| figures.error_rate,
        read: |run| value_of(run.report, &["quick.recent-errors"]),
    },
    Figure {
        name: "cache hit rate",
        unit: "%",
        higher_is_worse: false,
        spread: |figures| figures.cache_hit_rate,
        read: |run| value_of(run.report, &["quick.cache-hit-rate", "cache.hit-rate"]),
    },
    Figure {
        name: "CPU",
        unit: "% of a core",
        higher_is_worse: true,
        spread: |figures| figures.cpu,
        read: |run| run.facts.cpu_percent,
    },
    Figure {
        name: "resident memory",
        unit: "MiB",
        higher_is_worse: true,
        spread: |figures| figures.resident_memory,
        read: |run| run.facts.resident_mib,
    },
];

fn value_of(report: &Report, codes: &[&str]) -> Option<f64> {
    report.findings.iter().find(|f| codes.contains(&f.code.as_str()))?.value
}

/// Every fleet finding: a row per replica, then the comparisons.
pub fn judge(
    runs: &[ReplicaRun<'_>],
    versions: &Outcome<Vec<KeyVersions>>,
    runbook: &Runbook,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = runs.iter().map(|run| replica_row(run, runbook)).collect();
    let fleet = |code: &str, title: &str, verdict: Verdict| {
        verdict.into_finding(code, "fleet", title, runbook)
    };
    findings.push(fleet("fleet.replicas", "Replicas answering", replicas(runs)));
    let outliers = outliers(runs, &runbook.fleet);
    findings.push(fleet("fleet.outliers", "Replicas far from their siblings", outliers));
    findings.push(fleet("fleet.settings", "Replicas' settings", settings(runs)));
    findings.push(fleet("fleet.version-skew", "Versions served", version_skew(versions)));
    findings
}

/// One replica's row: the worst of its own findings, and which.
fn replica_row(run: &ReplicaRun<'_>, runbook: &Runbook) -> Finding {
    let report = run.report;
    let not_ok: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.status != Status::Ok)
        .map(|f| format!("{} {}", f.code, f.status))
        .collect();
    let s = &report.summary;
    let mut summary = format!(
        "{} checks: {} ok, {} warning, {} critical, {} unknown",
        report.findings.len(),
        s.ok,
        s.warning,
        s.critical,
        s.unknown
    );
    if !not_ok.is_empty() {
        summary.push_str(&format!(" ({})", not_ok.join(", ")));
    }
    let mut finding = Verdict::new(report.worst, summary, report.target.clone()).into_finding(
        "fleet.replica",
        "fleet",
        "Replica",
        runbook,
    );
    finding.replica = Some(run.name.to_owned());
    finding
}

/// A replica answers when its `/health` is the service's document: an
/// HTTP answer from something else (a 404 of another server at that
/// address) is not the replica.
fn replicas(runs: &[ReplicaRun<'_>]) -> Verdict {
    let silent: Vec<&str> =
        runs.iter().filter(|run| run.facts.health.is_none()).map(|run| run.name).collect();
    let evidence = "GET /health of each replica";
    match (runs.len(), silent.is_empty()) {
        (0, _) => Verdict::new(Status::Critical, "no replica found", evidence),
        (n, true) => Verdict::new(Status::Ok, format!("{n} replica(s), all answering"), evidence)
            .measured(n as f64, crate::threshold::Unit::Replicas),
        (n, false) => Verdict::new(
            Status::Critical,
            format!(
                "{} of {n} replica(s) did not answer /health with the service's document: {}",
                silent.len(),
                silent.join(", ")
            ),
            evidence,
        )
        .measured((n - silent.len()) as f64, crate::threshold::Unit::Replicas),
    }
}

fn outliers(runs: &[ReplicaRun<'_>], figures: &FleetFigures) -> Verdict {
    let mut far = Vec::new();
    let mut compared = Vec::new();
    for figure in FIGURES {
        let readings: Vec<(&str, f64)> = runs
            .iter()
            .filter_map(|run| Some((run.name, (figure.read)(run)?)))
            .filter(|(_, value)| value.is_finite())
            .collect();
        if readings.len() < figures.min_replicas {
            continue;
        }
        let values: Vec<f64> = readings.iter().map(|(_, v)| *v).collect();
        let Some(middle) = crate::analysis::probes::median(&values) else { continue };
        compared.push(figure.name);
        let spread = (figure.spread)(figures);
        for (name, value) in readings {
            let (beyond_gap, beyond_factor) = if figure.higher_is_worse {
                (value > middle + spread.gap, middle <= 0.0 || value > middle * spread.factor)
            } else {
                (value < middle - spread.gap, true)
            };
            if beyond_gap && beyond_factor {
                far.push(format!(
                    "{name}: {} {} {} (median {} {})",
                    figure.name,
                    round1(value),
                    figure.unit,
                    round1(middle),
                    figure.unit
                ));
            }
        }
    }
    let evidence = "each replica's findings and process metrics";
    if compared.is_empty() {
        return Verdict::not_measured(
            format!(
                "fewer than {} replicas gave any figure to compare (fleet.min-replicas)",
                figures.min_replicas
            ),
            evidence,
        );
    }
    let scope = format!("{} replica(s) compared on {}", runs.len(), compared.join(", "));
    if far.is_empty() {
        Verdict::new(Status::Ok, format!("{scope}: none stands out"), evidence)
    } else {
        Verdict::new(Status::Warning, format!("{scope}: {}", far.join("; ")), evidence)
    }
}

/// The settings each replica's `/health` reports, as comparable text.
fn settings_of(health: &Health) -> BTreeMap<&'static str, String> {
    let s = &health.settings;
    let cache = &health.checks.cache;
    BTreeMap::from([
        ("version", health.version.clone()),
        ("SERVER_WORKERS", s.workers.to_string()),
        ("DATABASE_POOL_SIZE", s.database_pool_size.to_string()),
        ("REDIS_POOL_SIZE", s.redis_pool_size.to_string()),
        ("RATE_LIMIT_RPS", s.rate_limit_rps.to_string()),
        ("RATE_LIMIT_BURST", s.rate_limit_burst.to_string()),
        ("ENABLE_COMPRESSION", s.compression.to_string()),
        ("CACHE_L1_ENABLED", cache.l1.enabled.to_string()),
        ("CACHE_L1_SIZE", cache.l1.capacity.to_string()),
        ("CACHE_L1_TTL_SECONDS", cache.l1.ttl_seconds.to_string()),
        ("CACHE_L2_ENABLED", cache.l2.enabled.to_string()),
        ("storage", health.checks.storage.backend.label().to_owned()),
    ])
}

fn settings(runs: &[ReplicaRun<'_>]) -> Verdict {
    let read: Vec<(&str, BTreeMap<&str, String>)> = runs
        .iter()
        .filter_map(|run| Some((run.name, settings_of(run.facts.health.as_ref()?))))
        .collect();
    let evidence = "the settings block of each replica's /health";
    if read.len() < 2 {
        return Verdict::not_measured(
            format!("{} replica(s) gave their settings: nothing to compare", read.len()),
            evidence,
        );
    }
    let mut differences = Vec::new();
    for setting in read[0].1.keys() {
        let mut by_value: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, values) in &read {
            by_value.entry(values[setting].as_str()).or_default().push(name);
        }
        if by_value.len() > 1 {
            let sides: Vec<String> = by_value
                .iter()
                .map(|(value, names)| format!("{value} on {}", names.join(", ")))
                .collect();
            differences.push(format!("{setting}: {}", sides.join("; ")));
        }
    }
    if differences.is_empty() {
        Verdict::new(
            Status::Ok,
            format!("{} replica(s) run the same settings", read.len()),
            evidence,
        )
    } else {
        Verdict::new(Status::Warning, differences.join(" | "), evidence)
    }
}

/// "version 5 on a, c; absent on b".
fn describe_reads(reads: &[crate::evidence::fleet::ReplicaRead]) -> (usize, String) {
    let mut by_version: BTreeMap<Option<i64>, Vec<&str>> = BTreeMap::new();
    for read in reads.iter().filter(|read| read.error.is_none()) {
        by_version.entry(read.version).or_default().push(&read.replica);
    }
    let sides: Vec<String> = by_version
        .iter()
        .map(|(version, names)| match version {
            Some(version) => format!("version {version} on {}", names.join(", ")),
            None => format!("absent on {}", names.join(", ")),
        })
        .collect();
    (by_version.len(), sides.join("; "))
}

fn version_skew(versions: &Outcome<Vec<KeyVersions>>) -> Verdict {
    let evidence = "the same keys read from every replica";
    let samples = match versions {
        Ok(samples) => samples,
        Err(error) => return Verdict::not_measured(error.to_string(), evidence),
    };
    if samples.is_empty() {
        return Verdict::not_measured("no key was read", evidence).advise(
            "Name keys to compare with --key NAMESPACE/KEY or --sample-namespace NAMESPACE.",
        );
    }
    let mut skewed = Vec::new();
    let mut settled = 0;
    for sample in samples {
        let (kinds, sides) = describe_reads(sample.latest());
        if kinds > 1 {
            skewed.push(format!(
                "{} ({}): {sides}, still {} ms after the first read",
                sample.key, sample.env, sample.settle_ms
            ));
        } else if sample.settled.is_some() {
            settled += 1;
        }
    }
    let mut summary = format!("{} key(s) read from every replica", samples.len());
    if settled > 0 {
        summary.push_str(&format!(
            "; {settled} differed at first and agreed within the trust bound (a change on its way)"
        ));
    }
    if skewed.is_empty() {
        Verdict::new(Status::Ok, format!("{summary}: all agree"), evidence)
    } else {
        Verdict::new(Status::Critical, format!("{summary}: {}", skewed.join(" | ")), evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::fleet::ReplicaRead;

    fn report(findings: &[(&str, f64)]) -> Report {
        let findings = findings
            .iter()
            .map(|(code, value)| {
                Verdict::new(Status::Ok, "", "")
                    .measured(*value, crate::threshold::Unit::Percent)
                    .into_finding(code, "quick", code, &Runbook::embedded())
            })
            .collect();
        Report::new("quick", "http://replica".into(), chrono::Utc::now(), 1, findings)
    }

    #[test]
    fn one_replica_far_from_the_median_stands_out_and_equal_ones_do_not() {
        let facts = ReplicaFacts { p95_ms: Some(5.0), ..ReplicaFacts::default() };
        let reports: Vec<Report> = [92.0, 91.0, 40.0, 93.0]
            .iter()
            .map(|hit| report(&[("quick.cache-hit-rate", *hit)]))
            .collect();
        let names = ["a", "b", "c", "d"];
        let runs: Vec<ReplicaRun<'_>> = names
            .iter()
            .zip(&reports)
            .map(|(name, report)| ReplicaRun { name, facts: &facts, report })
            .collect();
        let figures = FleetFigures::default();
        let verdict = outliers(&runs, &figures);
        assert_eq!(verdict.status, Status::Warning, "{}", verdict.summary);
        assert!(verdict.summary.contains("c: cache hit rate 40 %"), "{}", verdict.summary);
        assert!(!verdict.summary.contains("a: "), "{}", verdict.summary);

        let verdict = outliers(&runs[..2], &figures);
        assert_eq!(verdict.status, Status::Unknown, "two replicas cannot say which is odd");
        let equal: Vec<ReplicaRun<'_>> =
            runs.iter().filter(|run| run.name != "c").copied().collect();
        assert_eq!(outliers(&equal, &figures).status, Status::Ok);
    }

    fn key(first: &[(&str, Option<i64>)], settled: Option<&[(&str, Option<i64>)]>) -> KeyVersions {
        let reads = |reads: &[(&str, Option<i64>)]| {
            reads
                .iter()
                .map(|(replica, version)| ReplicaRead {
                    replica: (*replica).into(),
                    version: *version,
                    error: None,
                })
                .collect()
        };
        KeyVersions {
            key: "app/model".into(),
            env: "production".into(),
            first: reads(first),
            settled: settled.map(reads),
            settle_ms: 1250,
        }
    }

    #[test]
    fn versions_that_still_differ_after_the_bound_are_critical() {
        let skewed =
            key(&[("a", Some(5)), ("b", Some(3))], Some(&[("a", Some(5)), ("b", Some(3))]));
        let verdict = version_skew(&Ok(vec![skewed]));
        assert_eq!(verdict.status, Status::Critical);
        assert!(verdict.summary.contains("version 3 on b; version 5 on a"), "{}", verdict.summary);

        let converged =
            key(&[("a", Some(5)), ("b", Some(4))], Some(&[("a", Some(5)), ("b", Some(5))]));
        let verdict = version_skew(&Ok(vec![converged]));
        assert_eq!(verdict.status, Status::Ok, "{}", verdict.summary);
        assert!(verdict.summary.contains("agreed within the trust bound"), "{}", verdict.summary);

        assert_eq!(version_skew(&Ok(Vec::new())).status, Status::Unknown);
    }
}
