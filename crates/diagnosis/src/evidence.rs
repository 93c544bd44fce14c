//! The serializable snapshot of everything the sources collected.
//!
//! Evidence is plain data: one value per source, or the error that source
//! gave. Checks judge it without doing I/O, which is what lets every check
//! be tested from a fixture and a saved snapshot be judged again offline.

pub mod bundle;
pub mod database;
pub mod fleet;
pub mod host;
pub mod network;
pub mod prometheus;
pub mod redis;
pub mod scope;
pub mod series;
pub mod trend;

use std::borrow::Cow;
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use self::database::DbRoundTrip;
use self::prometheus::{HistoryEvidence, PrometheusEvidence};
use self::redis::RedisEvidence;
pub use self::series::Series;
use self::trend::RssTrend;

/// Why a source has no data for the checks that need it. The reason is
/// shown and serialised through [`crate::redact::text`], so no secret a
/// source's error quotes reaches a report or a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "reason", rename_all = "snake_case")]
pub enum SourceError {
    /// Not configured, not running, or refused the connection.
    #[error("{}", crate::redact::text(.0))]
    #[serde(serialize_with = "redacted")]
    Unavailable(String),
    /// Not possible with this runtime or platform.
    #[error("{}", crate::redact::text(.0))]
    #[serde(serialize_with = "redacted")]
    Unsupported(String),
    /// The run's deadline passed first.
    #[error("{}", crate::redact::text(.0))]
    #[serde(serialize_with = "redacted")]
    TimedOut(String),
    /// Answered, but not with something usable.
    #[error("{}", crate::redact::text(.0))]
    #[serde(serialize_with = "redacted")]
    Failed(String),
}

fn redacted<S: serde::Serializer>(reason: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::redact::text(reason))
}

/// What one source produced.
pub type Outcome<T> = Result<T, SourceError>;

/// Everything collected in one run; `None` means "not collected".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub collected_at: Option<DateTime<Utc>>,
    pub metrics: Option<Outcome<MetricsWindow>>,
    pub health: Option<Outcome<HttpProbe>>,
    pub config_read: Option<Outcome<HttpProbe>>,
    pub runtime: Option<Outcome<RuntimeSnapshot>>,
    #[serde(default)]
    pub memory_trend: Option<Outcome<RssTrend>>,
    /// `None` also when no database is configured.
    #[serde(default)]
    pub database: Option<Outcome<DbRoundTrip>>,
    /// The doctor's own Redis probe; `None` also when no Redis is given.
    #[serde(default)]
    pub redis: Option<Outcome<RedisEvidence>>,
    #[serde(default)]
    pub prometheus: Option<Outcome<PrometheusEvidence>>,
    #[serde(default)]
    pub network: Option<Outcome<network::NetworkEvidence>>,
    #[serde(default)]
    pub host: Option<Outcome<host::HostEvidence>>,
    /// The service's own history through Prometheus (`history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Outcome<HistoryEvidence>>,
    /// The past time the run judged (`--at`, `--since`): only Prometheus
    /// was asked, at that time; `None` for a run that looked at the
    /// present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub past: Option<PastWindow>,
}

/// A past span a run judged through Prometheus: the `seconds` that end at
/// `at`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PastWindow {
    pub at: DateTime<Utc>,
    pub seconds: u64,
}

impl PastWindow {
    /// `the 300s ending 2026-12-07T02:47:00Z`.
    pub fn describe(&self) -> String {
        format!("the {}s ending {}", self.seconds, rfc3339(self.at))
    }
}

/// A time as reports write it: RFC 3339 to the second, in UTC
/// (`2026-12-07T02:47:00Z`).
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// One scrape of `/metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsSample {
    pub scraped_at: DateTime<Utc>,
    pub series: Vec<Series>,
}

impl MetricsSample {
    /// Every series of `name` whose labels include `filter`.
    pub fn matching<'a>(
        &'a self,
        name: &'a str,
        filter: &'a [(&'a str, &'a str)],
    ) -> impl Iterator<Item = &'a Series> + 'a {
        self.series
            .iter()
            .filter(move |s| s.name() == name && filter.iter().all(|(k, v)| s.label(k) == Some(*v)))
    }

    /// Sum of every series of `name` whose labels include `filter`; `None`
    /// when there is no such series at all.
    pub fn sum(&self, name: &str, filter: &[(&str, &str)]) -> Option<f64> {
        self.matching(name, filter)
            .map(|s| s.value)
            .fold(None, |acc, v| Some(acc.unwrap_or(0.0) + v))
    }

    /// Whether any series of `name` has labels including `filter`.
    pub fn has_series(&self, name: &str, filter: &[(&str, &str)]) -> bool {
        self.matching(name, filter).next().is_some()
    }

    /// The names of the families the series belong to: a histogram's
    /// `_bucket`, `_sum` and `_count` series (a summary's quantiles, `_sum`
    /// and `_count`; either's `_created`) count once, under its base name.
    /// A `_sum` and `_count` pair without buckets (a trimmed recording) is
    /// one family too.
    pub fn family_names(&self) -> BTreeSet<&str> {
        let names: BTreeSet<&str> = self.series.iter().map(Series::name).collect();
        let has = |base: &str, suffix: &str| names.contains(format!("{base}{suffix}").as_str());
        let histogram_or_summary = |base: &str| {
            has(base, "_bucket")
                || (has(base, "_sum") && has(base, "_count"))
                || self
                    .series
                    .iter()
                    .any(|s| s.name() == base && s.labels().contains_key("quantile"))
        };
        names
            .iter()
            .map(|&name| {
                ["_bucket", "_sum", "_count", "_created"]
                    .iter()
                    .filter_map(|suffix| name.strip_suffix(suffix))
                    .find(|base| histogram_or_summary(base))
                    .unwrap_or(name)
            })
            .collect()
    }
}

/// Two scrapes `window_seconds` apart (the second may be missing when the
/// run's deadline came first), so checks can use rates over the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsWindow {
    pub url: String,
    pub first: MetricsSample,
    pub second: Option<MetricsSample>,
    /// When the service started, if the window's counters are counted from
    /// then (every counter zero) to the latest scrape instead of from the
    /// first scrape: the view of a process younger than the runbook's range
    /// that [`crate::analysis::span`] makes for judging. Sources never set
    /// it; a bundle holds the scrapes as they were taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_from_start: Option<DateTime<Utc>>,
    /// When counting from the service's start is an honest wider window
    /// for a figure that holds too few events in this one: set by the
    /// judging view of a young process ([`crate::analysis::span`]), read
    /// through [`MetricsWindow::for_events`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widening: Option<Widening>,
}

/// A wider window a figure may be counted over: from the service's start
/// (`started`), for a figure whose window holds fewer than `min_events`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Widening {
    pub started: DateTime<Utc>,
    pub min_events: u64,
}

impl MetricsWindow {
    /// Two scrapes (or one), their counters counted between them.
    pub fn between(url: String, first: MetricsSample, second: Option<MetricsSample>) -> Self {
        MetricsWindow { url, first, second, counted_from_start: None, widening: None }
    }

    /// The window a figure that counts `events` is judged on: this one,
    /// or, when it holds fewer than the widening's minimum (or spans
    /// nothing), the same scrapes counted from the service's start.
    pub fn for_events(&self, events: impl Fn(&MetricsWindow) -> f64) -> Cow<'_, MetricsWindow> {
        match self.widening {
            Some(widening)
                if self.counted_between().is_none()
                    || events(self) < widening.min_events as f64 =>
            {
                Cow::Owned(MetricsWindow {
                    counted_from_start: Some(widening.started),
                    widening: None,
                    ..self.clone()
                })
            }
            _ => Cow::Borrowed(self),
        }
    }

    /// The newest sample.
    pub fn latest(&self) -> &MetricsSample {
        self.second.as_ref().unwrap_or(&self.first)
    }

    /// The two ends counters are counted between: the opening sample
    /// (`None` when counting from the service's start, where every counter
    /// was zero) and the closing one. `None` for a single scrape counted
    /// between scrapes: it spans nothing.
    pub fn counted_between(&self) -> Option<(Option<&MetricsSample>, &MetricsSample)> {
        match (&self.counted_from_start, &self.second) {
            (Some(_), _) => Some((None, self.latest())),
            (None, Some(second)) => Some((Some(&self.first), second)),
            (None, None) => None,
        }
    }

    /// The seconds the counters are counted over; `None` for a single
    /// scrape counted between scrapes.
    pub fn window_seconds(&self) -> Option<f64> {
        let (opening, closing) = self.counted_between()?;
        let opened = match opening {
            Some(opening) => opening.scraped_at,
            None => self.counted_from_start?,
        };
        Some((closing.scraped_at - opened).num_milliseconds() as f64 / 1e3)
    }
}

/// One timed HTTP request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpProbe {
    pub url: String,
    pub status: u16,
    /// TCP connect to the host, measured on its own connection.
    pub connect_ms: f64,
    /// Request sent until the response head arrived.
    pub first_byte_ms: f64,
    /// Request sent until the whole body arrived.
    pub total_ms: f64,
    /// The body, when it was JSON.
    pub body: Option<serde_json::Value>,
    /// `x-cache` of a config read: which tier answered.
    pub cache: Option<String>,
}

/// Where the service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeKind {
    Docker,
    Kubernetes,
    Systemd,
    Process,
}

impl RuntimeKind {
    pub fn label(self) -> &'static str {
        match self {
            RuntimeKind::Docker => "docker",
            RuntimeKind::Kubernetes => "kubernetes",
            RuntimeKind::Systemd => "systemd",
            RuntimeKind::Process => "process",
        }
    }
}

/// The service as its runtime sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuntimeSnapshot {
    pub kind: RuntimeKind,
    /// Container, pod, unit or process name.
    pub name: String,
    /// Container id, pod uid, or pid.
    pub id: String,
    /// `running`, `exited`, `restarting`, ...
    pub state: String,
    /// Runtime health check result when one is configured.
    pub health: Option<String>,
    pub restarts: Option<u64>,
    pub oom_killed: Option<bool>,
    pub cpu: Option<CpuUsage>,
    pub memory: Option<MemoryUsage>,
    pub process: Option<ProcessDetails>,
    pub logs: Option<Outcome<LogSummary>>,
    /// Why `cpu` or `memory` is missing, when the runtime can tell (no
    /// metrics API, no limit to judge against).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_unavailable: Option<String>,
    /// Recent warnings the runtime recorded about the service, oldest
    /// first (Kubernetes `Warning` events).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// OOM kills recorded in the process's cgroup (plain process), for
    /// runtimes that keep no exit history of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cgroup_oom_kills: Option<CgroupOomKills>,
    /// Each instance's state in the runtime's own words: the container, the
    /// unit or the process, or one entry per pod. Empty in bundles written
    /// before the doctor recorded it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replicas: Vec<ReplicaState>,
}

/// One instance of the service as its runtime reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicaState {
    /// Container, pod, unit or process name.
    pub name: String,
    /// The runtime's word for its state: Docker's status (`running`,
    /// `restarting`, `exited`, ...), the pod container's waiting or
    /// terminated reason else the pod's phase (`Running`,
    /// `CrashLoopBackOff`, `Pending`, ...) or `Terminating`, systemd's
    /// `ActiveState` (`active`, `activating`, `failed`, ...), a process's
    /// status (`run`, `sleep`, `zombie`, ...).
    pub state: String,
    /// Finer detail the runtime gives: systemd's `SubState` (`running`,
    /// `auto-restart`, ...), an exit code or result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The runtime's own health verdict, when it keeps one: Docker's
    /// health check (`starting`, `healthy`, `unhealthy`), a pod's readiness
    /// (`ready`, `not ready`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<String>,
    /// Since when it is in that state, when the runtime says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    /// Where it can be reached, when the runtime says: a pod's IP, a
    /// container's address on its network (`fleet` finds replicas by it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The kernel's OOM-kill count of a cgroup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CgroupOomKills {
    pub count: u64,
    /// The cgroup's directory under `/sys/fs/cgroup`.
    pub cgroup: String,
}

/// CPU used over a sampling window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CpuUsage {
    /// Share of the CPU available to the service (its quota, or all host
    /// cores), 0-100.
    pub percent_of_available: f64,
    /// The cores that share is of.
    pub cores_available: f64,
    pub window_seconds: f64,
}

impl CpuUsage {
    /// `cpu_seconds` used over `window_seconds` of wall clock, as a share
    /// of `cores`; `None` for a counter that went backwards (the service
    /// restarted in between), an empty window or no cores.
    pub fn from_cpu_time(cpu_seconds: f64, window_seconds: f64, cores: f64) -> Option<CpuUsage> {
        (cpu_seconds >= 0.0 && window_seconds > 0.0 && cores > 0.0).then(|| CpuUsage {
            percent_of_available: (cpu_seconds / window_seconds / cores * 100.0).clamp(0.0, 100.0),
            cores_available: cores,
            window_seconds,
        })
    }
}

/// Memory in use against the limit that applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryUsage {
    pub used_bytes: u64,
    pub limit_bytes: u64,
    /// `container limit`, `cgroup limit` or `host memory`.
    pub limit_source: String,
}

impl MemoryUsage {
    pub fn percent(&self) -> f64 {
        if self.limit_bytes == 0 {
            0.0
        } else {
            self.used_bytes as f64 * 100.0 / self.limit_bytes as f64
        }
    }
}

/// Per-process details from /proc.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessDetails {
    pub pid: u32,
    pub open_fds: Option<u64>,
    pub fd_limit: Option<u64>,
    pub threads: Option<u64>,
}

/// Log lines of the recent window, counted by level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogSummary {
    /// `docker logs`, or the files read.
    pub source: String,
    pub window_seconds: u64,
    pub lines: u64,
    pub errors: u64,
    pub warnings: u64,
    /// The most recent ERROR lines, newest last (at most a few).
    pub recent_errors: Vec<String>,
    /// The slowest requests by their `duration_ms`, slowest first.
    #[serde(default)]
    pub slowest: Vec<SlowLine>,
}

/// One logged request and how long it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlowLine {
    pub duration_ms: f64,
    pub line: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(series: &[(&str, &[(&str, &str)])]) -> MetricsSample {
        MetricsSample {
            scraped_at: DateTime::UNIX_EPOCH,
            series: series
                .iter()
                .map(|(name, labels)| Series::new(name, labels.iter().copied(), 1.0))
                .collect(),
        }
    }

    #[test]
    fn histogram_and_summary_series_count_as_one_family_each() {
        let sample = sample(&[
            ("latency_seconds_bucket", &[("le", "0.1")]),
            ("latency_seconds_sum", &[]),
            ("latency_seconds_count", &[]),
            ("gc_seconds", &[("quantile", "0.5")]),
            ("gc_seconds_sum", &[]),
            ("gc_seconds_count", &[]),
            // A trimmed recording: no buckets, the pair still is one family.
            ("storage_seconds_sum", &[]),
            ("storage_seconds_count", &[]),
            // A lone `_count` is a family of its own name.
            ("retries_count", &[]),
            ("requests_total", &[("code", "200")]),
            ("requests_total", &[("code", "500")]),
        ]);
        let families = sample.family_names();
        let expected =
            ["gc_seconds", "latency_seconds", "requests_total", "retries_count", "storage_seconds"];
        assert_eq!(families.into_iter().collect::<Vec<_>>(), expected);
    }
}
