//! The runbook's figures and remediation texts, loaded and validated.
//!
//! `runbooks/performance.toml` is compiled in; `--runbook FILE` replaces it.
//! A bad file is rejected as a whole with one line naming the file, the
//! field and the reason, so a typo never silently falls back to a default.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::causes::rule::{CauseRule, ConfidenceScores};
use crate::threshold::{Band, BandClaim, Direction, Unit, trim_float};

/// The compiled-in runbook.
pub const EMBEDDED: &str = include_str!("../../../runbooks/performance.toml");

/// The 1-based line and the first line of the message of a TOML error.
pub fn toml_error(text: &str, error: &toml::de::Error) -> (usize, String) {
    let line = error.span().map_or(1, |span| text[..span.start].matches('\n').count() + 1);
    (line, error.message().lines().next().unwrap_or("invalid TOML").to_owned())
}

/// The runbook's expected figures for one operation.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationBaseline {
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub throughput_per_s: f64,
}

/// The six operations of the baseline table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Baselines {
    pub l1_hit: OperationBaseline,
    pub l2_hit: OperationBaseline,
    pub storage_read: OperationBaseline,
    pub storage_write: OperationBaseline,
    pub api_cached: OperationBaseline,
    pub api_uncached: OperationBaseline,
}

/// The resource usage table, in percent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Resources {
    pub cpu: Band,
    pub memory: Band,
    pub disk_io: Band,
    pub network_io: Band,
    pub cache_hit_rate: Band,
    pub error_rate: Band,
}

/// Bands for the share of a limit in use, in percent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    pub fds: Band,
    pub threads: Band,
    pub disk_space: Band,
    /// Resident memory growth, percent per 5 minutes.
    pub memory_growth: Band,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LatencyFigures {
    pub db_roundtrip_ms: Band,
    /// Age of the oldest request in flight, in seconds. Optional in a
    /// runbook file, which then keeps the built-in band.
    #[serde(default = "LatencyFigures::default_stalled_request_s")]
    pub stalled_request_s: Band,
}

impl LatencyFigures {
    fn default_stalled_request_s() -> Band {
        Band { warning: 1.0, critical: 3.0 }
    }
}

/// The `db` section's figures (ours, in the runbook's spirit).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DbFigures {
    /// Connect plus `SELECT 1` slower than this is WARNING.
    pub ready_ms: f64,
    /// Connections in use, percent of `max_connections`.
    pub connections: Band,
    /// An idle-in-transaction session older than this is CRITICAL.
    pub idle_in_transaction_critical_s: f64,
    /// Age of active queries, in seconds.
    pub long_running_s: Band,
    /// Mean time of the slowest statement, in ms.
    pub slow_statement_mean_ms: Band,
    /// Sequential scans of configs from which a missing index is CRITICAL.
    pub heavy_seq_scans: f64,
    /// Dead tuples, percent of all tuples of configs.
    pub dead_tuples: Band,
    /// Buffer cache hit ratio over the window, percent (lower is worse).
    pub cache_hit_ratio: Band,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CacheFigures {
    pub eviction_critical_percent: f64,
    /// Resident bytes that one byte of the L1 cache's own size estimate
    /// may cost (allocator, index and expiry bookkeeping): resident growth
    /// up to this multiple of the estimate's growth is the cache filling,
    /// not a leak. Optional in a runbook file.
    #[serde(default = "CacheFigures::default_l1_overhead")]
    pub l1_overhead: f64,
}

impl CacheFigures {
    fn default_l1_overhead() -> f64 {
        4.0
    }
}

/// Our bands for the doctor's own look at Redis (`[redis]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RedisFigures {
    /// used_memory as a percent of maxmemory.
    pub used_memory: Band,
    /// mem_fragmentation_ratio.
    pub fragmentation: Band,
    /// Below this much used memory the fragmentation ratio is not judged:
    /// Redis's own resident baseline dwarfs the data.
    pub fragmentation_min_used_mb: f64,
    /// Average PING round trip, in ms.
    pub latency_ms: Band,
    /// Evictions during the window at or above this rate are sustained.
    pub evictions_sustained_per_second: f64,
    /// connected_clients at or above this percent of maxclients is degraded.
    pub clients_degraded_percent: f64,
}

impl Default for RedisFigures {
    fn default() -> RedisFigures {
        RedisFigures {
            used_memory: Band { warning: 60.0, critical: 80.0 },
            fragmentation: Band { warning: 1.5, critical: 2.0 },
            fragmentation_min_used_mb: 64.0,
            latency_ms: Band { warning: 1.0, critical: 5.0 },
            evictions_sustained_per_second: 1.0,
            clients_degraded_percent: 80.0,
        }
    }
}

/// How far from the median of its siblings a replica is "far"
/// (`llmcfg-doctor fleet`, `[fleet]`): worse than the median by more than
/// `gap` (in the figure's unit) and, where the median is above zero, by
/// more than `factor` times it.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Spread {
    pub gap: f64,
    #[serde(default = "Spread::no_factor")]
    pub factor: f64,
}

impl Spread {
    fn no_factor() -> f64 {
        1.0
    }
}

/// The fleet's comparison of replicas (`[fleet]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FleetFigures {
    /// Fewer replicas than this with a figure are not compared.
    pub min_replicas: usize,
    /// In ms.
    pub response_time: Spread,
    /// In points of percent.
    pub error_rate: Spread,
    /// In points of percent, lower is worse.
    pub cache_hit_rate: Spread,
    /// In points of percent of one core.
    pub cpu: Spread,
    /// In MiB.
    pub resident_memory: Spread,
}

impl Default for FleetFigures {
    fn default() -> FleetFigures {
        FleetFigures {
            min_replicas: 3,
            response_time: Spread { gap: 20.0, factor: 2.0 },
            error_rate: Spread { gap: 1.0, factor: 2.0 },
            cache_hit_rate: Spread { gap: 15.0, factor: 1.0 },
            cpu: Spread { gap: 25.0, factor: 2.0 },
            resident_memory: Spread { gap: 64.0, factor: 1.5 },
        }
    }
}

/// The windows of rates and ratios and their one minimum-sample rule
/// (`[ratios]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RatioFigures {
    /// A hit rate, an error rate or a share of lookups is judged only on at
    /// least this many events (lookups, reads, operations) in its window;
    /// fewer is an idle or thin window, not judged.
    pub min_sample: u64,
    /// The runbook's range: every Prometheus rate and quantile is taken
    /// over it, and a service younger than it is judged on its counters
    /// since it started. Optional in a runbook file.
    #[serde(default = "RatioFigures::default_range_seconds")]
    pub range_seconds: u64,
    /// Whether a window with fewer than `min_sample` events is UNKNOWN
    /// (a gate that insists on traffic) instead of OK, not judged.
    /// Optional in a runbook file; `--require-traffic` sets it.
    #[serde(default)]
    pub require_traffic: bool,
    /// Requests refused by the rate limit (HTTP 429), percent of all
    /// requests. Optional in a runbook file.
    #[serde(default = "RatioFigures::default_rate_limited")]
    pub rate_limited: Band,
}

impl RatioFigures {
    fn default_rate_limited() -> Band {
        Band { warning: 1.0, critical: 10.0 }
    }

    fn default_range_seconds() -> u64 {
        crate::catalogue::RANGE.as_secs()
    }

    /// The runbook's range, as a duration.
    pub fn range(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.range_seconds)
    }
}

impl Default for RatioFigures {
    fn default() -> RatioFigures {
        RatioFigures {
            min_sample: 20,
            range_seconds: RatioFigures::default_range_seconds(),
            require_traffic: false,
            rate_limited: RatioFigures::default_rate_limited(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LogFigures {
    pub slowest_count: usize,
}

/// The ages past which files are left behind.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Housekeeping {
    pub log_max_age_days: f64,
    pub backup_max_age_days: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Quick {
    pub api_response_ms: Band,
    pub log_window_seconds: u64,
}

/// How far the service may move from its own history (`[history]`):
/// figures against the same span a day or a week earlier (`history
/// --against`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HistoryFigures {
    /// The API's P95 now over its usual, as a ratio.
    pub p95_ratio: Band,
    /// The error rate now over its usual, as a ratio; a usual of no
    /// error counts as a tenth of `resources.error-rate`'s warning.
    pub error_rate_ratio: Band,
    /// Points of percent the cache hit rate fell from its usual.
    pub cache_hit_rate_drop: Band,
}

impl Default for HistoryFigures {
    fn default() -> HistoryFigures {
        HistoryFigures {
            p95_ratio: Band { warning: 2.0, critical: 4.0 },
            error_rate_ratio: Band { warning: 5.0, critical: 10.0 },
            cache_hit_rate_drop: Band { warning: 10.0, critical: 20.0 },
        }
    }
}

/// The service level objectives (`[objectives]`), judged by multi-window
/// burn rates.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Objectives {
    /// The period the error budget spans.
    pub period_days: f64,
    /// Config operations that must succeed, percent.
    pub availability_percent: f64,
    /// HTTP requests that must be answered within `latency-ms`, percent.
    pub latency_percent: f64,
    /// The latency bound; a bucket bound of `http_request_duration_seconds`.
    pub latency_ms: f64,
    /// The window pairs that alert, fastest first.
    pub burn_rates: Vec<BurnRateAlert>,
}

/// One multi-window burn-rate alert: it fires when the budget burned at
/// least `factor` times the rate that spends it exactly over the period,
/// over both the long window and the short one (the short one says the
/// burn goes on now).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BurnRateAlert {
    #[serde(with = "humantime_serde_secs")]
    pub long: std::time::Duration,
    #[serde(with = "humantime_serde_secs")]
    pub short: std::time::Duration,
    pub factor: f64,
    /// WARNING (a ticket) or CRITICAL (a page).
    pub severity: AlertSeverity,
}

/// The status a burn-rate alert gives when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertSeverity {
    Warning,
    Critical,
}

impl Objectives {
    /// Why these objectives cannot be judged, if they cannot.
    fn validate(&self) -> Result<(), String> {
        if !(self.period_days.is_finite() && self.period_days >= 1.0) {
            return Err("period-days must be at least 1".into());
        }
        for percent in [self.availability_percent, self.latency_percent] {
            if !(percent > 0.0 && percent < 100.0) {
                return Err(format!("{percent}%: an objective is between 0 and 100%, exclusive"));
            }
        }
        let bound = self.latency_ms / 1e3;
        if !contract::metrics::LATENCY_BUCKETS.iter().any(|b| (b - bound).abs() < 1e-12) {
            return Err(format!(
                "latency-ms = {}: not a bucket bound of http_request_duration_seconds, so no \
                 query can count the requests within it",
                trim_float(self.latency_ms)
            ));
        }
        for alert in &self.burn_rates {
            if alert.short >= alert.long || alert.long > self.period() {
                return Err("each burn rate's short window is shorter than its long one, which \
                            is at most the period"
                    .into());
            }
            if !(alert.factor.is_finite() && alert.factor > 0.0) {
                return Err("a burn rate's factor is a positive number".into());
            }
        }
        Ok(())
    }

    /// The period, as a duration.
    pub fn period(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.period_days * 86_400.0)
    }

    /// Every window an alert reads, and the period.
    pub fn windows(&self) -> Vec<std::time::Duration> {
        let mut windows: Vec<std::time::Duration> =
            self.burn_rates.iter().flat_map(|alert| [alert.long, alert.short]).collect();
        windows.push(self.period());
        windows
    }

    /// The share of events (0-1) the objective may miss over the period.
    pub fn budget(&self, objective: crate::catalogue::Objective) -> f64 {
        let percent = match objective {
            crate::catalogue::Objective::Availability => self.availability_percent,
            crate::catalogue::Objective::Latency => self.latency_percent,
        };
        (100.0 - percent) / 100.0
    }
}

/// Durations written as humantime strings (`1h`, `30m`).
mod humantime_serde_secs {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<std::time::Duration, D::Error> {
        let text = String::deserialize(deserializer)?;
        humantime::parse_duration(&text).map_err(serde::de::Error::custom)
    }
}

/// The worst status an override lets a check give (`max-status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusCap {
    Ok,
    Warning,
}

impl StatusCap {
    /// The status as reports spell it.
    pub fn label(self) -> &'static str {
        match self {
            StatusCap::Ok => "OK",
            StatusCap::Warning => "WARNING",
        }
    }
}

/// What a runbook file changes about one check (`[overrides."CODE"]`):
/// leave it out of every run, lower the worst status it may give, or judge
/// it by a band of its own. UNKNOWN is never capped: a check that could
/// not see stays UNKNOWN.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    #[serde(default)]
    pub disabled: bool,
    pub max_status: Option<StatusCap>,
    pub band: Option<Band>,
}

impl Override {
    /// What the override does, in words (`llmcfg-doctor checks`).
    pub fn describe(&self) -> String {
        if self.disabled {
            return "disabled by the runbook".into();
        }
        let mut parts = Vec::new();
        if let Some(band) = self.band {
            parts.push(format!(
                "band warning {} critical {}",
                trim_float(band.warning),
                trim_float(band.critical)
            ));
        }
        if let Some(cap) = self.max_status {
            parts.push(format!("at worst {}", cap.label()));
        }
        parts.join(", ")
    }
}

/// A whole runbook.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Runbook {
    pub runbook_version: String,
    pub baseline: Baselines,
    pub resources: Resources,
    pub limits: Limits,
    pub latency: LatencyFigures,
    pub cache: CacheFigures,
    /// Optional in a runbook file, which then keeps the built-in figures.
    #[serde(default)]
    pub redis: RedisFigures,
    /// Optional in a runbook file, which then keeps the built-in minimum.
    #[serde(default)]
    pub ratios: RatioFigures,
    /// Optional in a runbook file, which then keeps the built-in spreads.
    #[serde(default)]
    pub fleet: FleetFigures,
    /// Optional in a runbook file, which then keeps the built-in bands.
    #[serde(default)]
    pub history: HistoryFigures,
    /// Optional: a runbook file without them judges no burn rate.
    #[serde(default)]
    pub objectives: Option<Objectives>,
    pub logs: LogFigures,
    pub housekeeping: Housekeeping,
    pub quick: Quick,
    pub db: DbFigures,
    /// Remediation text per check code.
    pub remediation: BTreeMap<String, String>,
    /// Likely causes by name (`[causes.<name>]`); a runbook file that leaves
    /// one out keeps the compiled-in rule (see [`Runbook::load`]).
    #[serde(default)]
    pub causes: BTreeMap<String, CauseRule>,
    /// Scores from which a cause is of medium and high confidence.
    #[serde(default)]
    pub cause_confidence: ConfidenceScores,
    /// Per-check changes, by exact check code (`[overrides."cache.l1-hit-rate"]`).
    #[serde(default)]
    pub overrides: BTreeMap<String, Override>,
}

/// A runbook that cannot be used: where and why, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookError {
    pub file: String,
    pub field: Option<String>,
    pub reason: String,
}

impl fmt::Display for RunbookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}: {field}: {}", self.file, self.reason),
            None => write!(f, "{}: {}", self.file, self.reason),
        }
    }
}

impl std::error::Error for RunbookError {}

/// `bands` (every band of the file: field name, value, direction) and
/// `band_mut` (one band by field name) from one list, so the two never
/// disagree.
macro_rules! band_fields {
    ($($name:literal => $($path:ident).+, $direction:ident;)*) => {
        /// Every band, with its field name and direction.
        pub fn bands(&self) -> Vec<(&'static str, Band, Direction)> {
            vec![$(($name, self.$($path).+, Direction::$direction)),*]
        }

        fn band_mut(&mut self, field: &str) -> Option<&mut Band> {
            match field {
                $($name => Some(&mut self.$($path).+),)*
                _ => None,
            }
        }
    };
}

/// The checks a runbook file may name: their codes and the bands they are
/// judged by. The registry of checks implements it (`checks::Registry`)
/// and is handed to [`Runbook::parse`], so that the runbook knows which
/// codes exist without knowing any judge.
pub trait KnownChecks {
    /// Every check's code.
    fn codes(&self) -> Vec<&'static str>;
    /// Whether `code` names a check or a group of them (`baseline.l1-hit`
    /// for `baseline.l1-hit.p50` and its siblings).
    fn is_known_code_or_group(&self, code: &str) -> bool;
    /// The band check `code` is judged by, when one is.
    fn band(&self, code: &str) -> Option<BandClaim>;
}

impl Runbook {
    /// The compiled-in runbook. Its figures are checked here; the codes it
    /// names are checked against the registry by the checks' tests.
    pub fn embedded() -> Runbook {
        let file = "<embedded runbook>";
        Runbook::read(EMBEDDED, file)
            .and_then(|runbook| runbook.validate_figures(file).map(|()| runbook))
            .expect("the embedded runbook is valid")
    }

    /// Reads and validates a runbook file.
    pub fn load(path: &Path, known: &dyn KnownChecks) -> Result<Runbook, RunbookError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RunbookError {
            file: file.clone(),
            field: None,
            reason: format!("cannot read: {e}"),
        })?;
        let mut runbook = Runbook::parse(&text, &file, known)?;
        let embedded = Runbook::embedded();
        for (code, text) in embedded.remediation {
            runbook.remediation.entry(code).or_insert(text);
        }
        for (name, rule) in embedded.causes {
            runbook.causes.entry(name).or_insert(rule);
        }
        Ok(runbook)
    }

    /// Parses and validates runbook text, its figures and the check codes
    /// it names (against `known`); `file` names it in errors.
    pub fn parse(text: &str, file: &str, known: &dyn KnownChecks) -> Result<Runbook, RunbookError> {
        let runbook = Runbook::read(text, file)?;
        runbook.validate_figures(file)?;
        runbook.validate_codes(file, known)?;
        Ok(runbook)
    }

    /// The runbook the TOML text describes, not yet validated.
    fn read(text: &str, file: &str) -> Result<Runbook, RunbookError> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| text[..span.start].lines().count().max(1));
            let reason = e.message().lines().next().unwrap_or("invalid TOML").to_owned();
            RunbookError { file: file.to_owned(), field: line.map(|l| format!("line {l}")), reason }
        })
    }

    band_fields! {
        "resources.cpu" => resources.cpu, HigherIsWorse;
        "resources.memory" => resources.memory, HigherIsWorse;
        "resources.disk-io" => resources.disk_io, HigherIsWorse;
        "resources.network-io" => resources.network_io, HigherIsWorse;
        "resources.cache-hit-rate" => resources.cache_hit_rate, LowerIsWorse;
        "resources.error-rate" => resources.error_rate, HigherIsWorse;
        "quick.api-response-ms" => quick.api_response_ms, HigherIsWorse;
        "limits.fds" => limits.fds, HigherIsWorse;
        "limits.threads" => limits.threads, HigherIsWorse;
        "limits.disk-space" => limits.disk_space, HigherIsWorse;
        "limits.memory-growth" => limits.memory_growth, HigherIsWorse;
        "latency.db-roundtrip-ms" => latency.db_roundtrip_ms, HigherIsWorse;
        "latency.stalled-request-s" => latency.stalled_request_s, HigherIsWorse;
        "ratios.rate-limited" => ratios.rate_limited, HigherIsWorse;
        "history.p95-ratio" => history.p95_ratio, HigherIsWorse;
        "history.error-rate-ratio" => history.error_rate_ratio, HigherIsWorse;
        "history.cache-hit-rate-drop" => history.cache_hit_rate_drop, HigherIsWorse;
        "redis.used-memory" => redis.used_memory, HigherIsWorse;
        "redis.fragmentation" => redis.fragmentation, HigherIsWorse;
        "redis.latency-ms" => redis.latency_ms, HigherIsWorse;
        "db.connections" => db.connections, HigherIsWorse;
        "db.long-running-s" => db.long_running_s, HigherIsWorse;
        "db.slow-statement-mean-ms" => db.slow_statement_mean_ms, HigherIsWorse;
        "db.dead-tuples" => db.dead_tuples, HigherIsWorse;
        "db.cache-hit-ratio" => db.cache_hit_ratio, LowerIsWorse;
    }

    fn validate_figures(&self, file: &str) -> Result<(), RunbookError> {
        let fail = |field: &str, reason: String| {
            Err(RunbookError { file: file.to_owned(), field: Some(field.to_owned()), reason })
        };
        for (field, band, direction) in self.bands() {
            if let Err(reason) = band.validate(direction) {
                return fail(field, reason);
            }
        }
        for (name, op) in self.baseline.operations() {
            let field = format!("baseline.{name}");
            if [op.p50_ms, op.p95_ms, op.p99_ms, op.throughput_per_s]
                .iter()
                .any(|v| !v.is_finite() || *v <= 0.0)
            {
                return fail(&field, "figures must be positive numbers".into());
            }
            if !(op.p50_ms <= op.p95_ms && op.p95_ms <= op.p99_ms) {
                return fail(&field, "p50_ms <= p95_ms <= p99_ms must hold".into());
            }
        }
        if !(self.cache.eviction_critical_percent > 0.0
            && self.cache.eviction_critical_percent <= 100.0)
        {
            return fail(
                "cache.eviction-critical-percent",
                "must be above 0 and at most 100".into(),
            );
        }
        if !(self.cache.l1_overhead.is_finite() && self.cache.l1_overhead >= 1.0) {
            return fail("cache.l1-overhead", "must be a finite number of at least 1".into());
        }
        for (field, value) in [
            ("redis.fragmentation-min-used-mb", self.redis.fragmentation_min_used_mb),
            ("redis.evictions-sustained-per-second", self.redis.evictions_sustained_per_second),
            ("redis.clients-degraded-percent", self.redis.clients_degraded_percent),
        ] {
            if !value.is_finite() || value < 0.0 {
                return fail(field, "must be a finite, non-negative number".into());
            }
        }
        for (field, value) in [
            ("db.ready-ms", self.db.ready_ms),
            ("db.idle-in-transaction-critical-s", self.db.idle_in_transaction_critical_s),
            ("db.heavy-seq-scans", self.db.heavy_seq_scans),
            ("housekeeping.log-max-age-days", self.housekeeping.log_max_age_days),
            ("housekeeping.backup-max-age-days", self.housekeeping.backup_max_age_days),
        ] {
            if !value.is_finite() || value <= 0.0 {
                return fail(field, "must be a positive number".into());
            }
        }
        if self.db.cache_hit_ratio.warning > 100.0 {
            return fail("db.cache-hit-ratio", "a ratio is at most 100%".into());
        }
        if self.ratios.min_sample == 0 {
            return fail("ratios.min-sample", "must be at least 1".into());
        }
        if self.ratios.range_seconds == 0 {
            return fail("ratios.range-seconds", "must be at least 1".into());
        }
        if let Some(objectives) = &self.objectives
            && let Err(reason) = objectives.validate()
        {
            return fail("objectives", reason);
        }
        if self.fleet.min_replicas < 2 {
            return fail("fleet.min-replicas", "comparing needs at least 2 replicas".into());
        }
        let fleet = &self.fleet;
        for (field, spread) in [
            ("fleet.response-time", fleet.response_time),
            ("fleet.error-rate", fleet.error_rate),
            ("fleet.cache-hit-rate", fleet.cache_hit_rate),
            ("fleet.cpu", fleet.cpu),
            ("fleet.resident-memory", fleet.resident_memory),
        ] {
            if !(spread.gap.is_finite() && spread.gap >= 0.0) {
                return fail(field, "gap must be a finite, non-negative number".into());
            }
            if !(spread.factor.is_finite() && spread.factor >= 1.0) {
                return fail(field, "factor must be a finite number of at least 1".into());
            }
        }
        if self.quick.log_window_seconds == 0 {
            return fail("quick.log-window-seconds", "must be at least 1".into());
        }
        if let Err(reason) = self.cause_confidence.validate() {
            return fail("cause-confidence", reason);
        }
        Ok(())
    }

    /// Whether every check code the file names is one of `known`'s, and
    /// what it says of each check makes sense for it.
    fn validate_codes(&self, file: &str, known: &dyn KnownChecks) -> Result<(), RunbookError> {
        let fail = |field: &str, reason: String| {
            Err(RunbookError { file: file.to_owned(), field: Some(field.to_owned()), reason })
        };
        for code in self.remediation.keys() {
            if !known.is_known_code_or_group(code) {
                return fail(&format!("remediation.{code}"), "no check has this code".into());
            }
        }
        let codes = known.codes();
        let is_known = |code: &str| known.is_known_code_or_group(code);
        let nearest = |code: &str| nearest(code, codes.iter().copied()).map(str::to_owned);
        for (code, change) in &self.overrides {
            let field = format!("overrides.{code}");
            if !codes.contains(&code.as_str()) {
                let hint = nearest(code).map(|near| format!("; did you mean `{near}`?"));
                return fail(&field, format!("no check has this code{}", hint.unwrap_or_default()));
            }
            if let Err(reason) = self.validate_override(code, change, known.band(code)) {
                return fail(&field, reason);
            }
        }
        for (name, rule) in &self.causes {
            if !is_kebab_case(name) {
                return fail(&format!("causes.{name}"), "a cause's name is kebab-case".into());
            }
            if let Err((field, reason)) = rule.validate(&is_known, &nearest) {
                return fail(&format!("causes.{name}.{field}"), reason);
            }
        }
        Ok(())
    }

    /// The band check `code` is judged by, given the band it claims: its
    /// override's, else the file's field, with where it is set, its
    /// direction and unit; `None` when the claim names no band field.
    pub fn band_of(&self, code: &str, claim: BandClaim) -> Option<(String, Band, Direction, Unit)> {
        let (field, band, direction) =
            self.bands().into_iter().find(|(name, _, _)| *name == claim.field)?;
        match self.overrides.get(code).and_then(|change| change.band) {
            Some(band) => Some((format!("overrides.{code}.band"), band, direction, claim.unit)),
            None => Some((field.to_owned(), band, direction, claim.unit)),
        }
    }

    /// The runbook check `code` (judged by the band `claim`) is judged by:
    /// this one, or a copy whose band field carries the check's overriding
    /// band. Only the one check sees the copy; its siblings on the same
    /// field keep the file's band.
    pub fn for_check(&self, code: &str, claim: Option<BandClaim>) -> Cow<'_, Runbook> {
        let replaced = self.overrides.get(code).and_then(|change| change.band);
        let (Some(band), Some(claim)) = (replaced, claim) else {
            return Cow::Borrowed(self);
        };
        let mut copy = self.clone();
        if let Some(slot) = copy.band_mut(claim.field) {
            *slot = band;
        }
        Cow::Owned(copy)
    }

    /// The codes of the checks the file disables.
    pub fn disabled(&self) -> impl Iterator<Item = &str> {
        self.overrides.iter().filter(|(_, change)| change.disabled).map(|(code, _)| code.as_str())
    }

    /// Whether `change` makes sense for check `code` (a known code judged
    /// by the band `claim`, if any).
    fn validate_override(
        &self,
        code: &str,
        change: &Override,
        claim: Option<BandClaim>,
    ) -> Result<(), String> {
        match change {
            Override { disabled: false, max_status: None, band: None } => {
                Err("says nothing; set `disabled`, `max-status` or `band`".into())
            }
            Override { disabled: true, max_status, band }
                if max_status.is_some() || band.is_some() =>
            {
                Err("a disabled check is not judged; drop `max-status` and `band`".into())
            }
            Override { band: Some(band), .. } => {
                let Some((_, _, direction, _)) = claim.and_then(|claim| self.band_of(code, claim))
                else {
                    return Err("this check is not judged by a band of the runbook; only \
                                `disabled` and `max-status` apply to it"
                        .into());
                };
                band.validate(direction).map_err(|reason| format!("band: {reason}"))
            }
            _ => Ok(()),
        }
    }

    /// The remediation text for a check code, or for the nearest group it
    /// belongs to (`baseline.l1-hit.p95` falls back to `baseline.l1-hit`).
    /// A runbook file that leaves a code out keeps the compiled-in text for
    /// it (see [`Runbook::load`]).
    pub fn remediation(&self, code: &str) -> Option<String> {
        let mut key = code;
        loop {
            if let Some(text) = self.remediation.get(key) {
                return Some(text.trim().to_owned());
            }
            key = &key[..key.rfind('.')?];
        }
    }
}

/// Whether `name` is lowercase kebab-case (`cold-cache`).
fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The candidate nearest to `word` by edit distance, when it is near
/// enough to be a typo of it (at most a third of its length away).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let (distance, candidate) = candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .min_by_key(|(distance, _)| *distance)?;
    (distance <= word.chars().count().div_ceil(3).max(2)).then_some(candidate)
}

impl Baselines {
    /// The operations with their runbook names, in table order.
    pub fn operations(&self) -> [(&'static str, &OperationBaseline); 6] {
        [
            ("l1-hit", &self.l1_hit),
            ("l2-hit", &self.l2_hit),
            ("storage-read", &self.storage_read),
            ("storage-write", &self.storage_write),
            ("api-cached", &self.api_cached),
            ("api-uncached", &self.api_uncached),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_runbook_carries_the_runbooks_figures() {
        let runbook = Runbook::embedded();
        assert_eq!(runbook.baseline.l1_hit.p99_ms, 2.0);
        assert_eq!(runbook.baseline.api_uncached.p99_ms, 300.0);
        assert_eq!(runbook.baseline.storage_write.throughput_per_s, 500.0);
        assert_eq!(runbook.resources.cpu, Band { warning: 50.0, critical: 80.0 });
        assert_eq!(runbook.resources.cache_hit_rate, Band { warning: 80.0, critical: 70.0 });
        assert_eq!(runbook.resources.error_rate, Band { warning: 0.1, critical: 1.0 });
        assert_eq!(runbook.db.connections, Band { warning: 60.0, critical: 80.0 });
        assert_eq!(runbook.db.long_running_s, Band { warning: 30.0, critical: 300.0 });
        assert_eq!(runbook.db.cache_hit_ratio, Band { warning: 99.0, critical: 95.0 });
        assert_eq!(runbook.ratios, RatioFigures::default());
        assert_eq!(runbook.fleet, FleetFigures::default());
    }
}
