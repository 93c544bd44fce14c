//! What a run covers: the runbook's sections (one subcommand each) and the
//! kinds of source their checks need evidence from.

use serde::{Deserialize, Serialize};

/// A runbook section; each is a subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Quick,
    Baseline,
    Latency,
    Cpu,
    Memory,
    Cache,
    Network,
    Resources,
    Checklist,
    Db,
    History,
}

impl Section {
    /// Every section, `quick` first.
    pub const ALL: [Section; 11] = [
        Section::Quick,
        Section::Baseline,
        Section::Latency,
        Section::Cpu,
        Section::Memory,
        Section::Cache,
        Section::Network,
        Section::Resources,
        Section::Checklist,
        Section::Db,
        Section::History,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section::Quick => "quick",
            Section::Baseline => "baseline",
            Section::Latency => "latency",
            Section::Cpu => "cpu",
            Section::Memory => "memory",
            Section::Cache => "cache",
            Section::Network => "network",
            Section::Resources => "resources",
            Section::Checklist => "checklist",
            Section::Db => "db",
            Section::History => "history",
        }
    }
}

/// Sections are named on the command line (`collect --section cache`) by
/// their subcommand names.
#[cfg(feature = "clap")]
impl clap::ValueEnum for Section {
    fn value_variants<'a>() -> &'a [Self] {
        &Section::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

/// A source of evidence a check may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Two scrapes of the service's `/metrics`.
    Metrics,
    /// A timed GET of `/health`.
    Health,
    /// A timed config GET.
    ConfigRead,
    /// The runtime: container, pod, unit or process.
    Runtime,
    /// A bounded scan for Redis's largest keys (`cache --bigkeys`).
    RedisBigKeys,
    /// The resident size sampled over `--duration`.
    MemoryTrend,
    /// A direct PostgreSQL connection, when one is configured.
    Database,
    /// The doctor's own Redis probe (PING, INFO, SLOWLOG), when
    /// `--redis-url` names one.
    Redis,
    /// The same connection, inspected by the `db` section: activity, locks,
    /// statements, the configs table, buffer hits over the window.
    DatabaseInspection,
    /// Rates and quantiles through the Prometheus HTTP API.
    Prometheus,
    /// Dependency round trips and DNS, TCP counters, the service's
    /// connections, interfaces.
    Network,
    /// Disk space and I/O of the data and log directories, old logs and
    /// backups, host memory, process and thread limits.
    Host,
    /// The service's own history through Prometheus: the catalogue over
    /// the same span a day or a week earlier (`--against`), and the
    /// objectives' events over the burn-rate windows.
    History,
}

impl Source {
    pub const ALL: [Source; 13] = [
        Source::Metrics,
        Source::Health,
        Source::ConfigRead,
        Source::Runtime,
        Source::RedisBigKeys,
        Source::MemoryTrend,
        Source::Database,
        Source::Redis,
        Source::DatabaseInspection,
        Source::Prometheus,
        Source::Network,
        Source::Host,
        Source::History,
    ];
}
