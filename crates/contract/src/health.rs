//! The `/health` document: the service's status, its dependency checks and
//! the settings the doctor judges without shell access (workers against
//! cores, pool sizes, rate limit, compression).
//!
//! The server serializes [`Health`]; the doctor deserializes the same
//! struct from the body it fetched. Unknown fields are ignored, so a newer
//! server with more to say still reads.

use serde::{Deserialize, Serialize};

use super::metrics::Backend;

/// The service's own verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    /// Storage answers and every enabled cache tier is up.
    Healthy,
    /// Storage answers, but an enabled tier (Redis) is down.
    Degraded,
    /// Storage does not answer.
    Unhealthy,
}

impl HealthStatus {
    pub fn label(self) -> &'static str {
        match self {
            HealthStatus::Healthy => "healthy",
            HealthStatus::Degraded => "degraded",
            HealthStatus::Unhealthy => "unhealthy",
        }
    }
}

/// Whether a dependency answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DependencyStatus {
    Up,
    Down,
    /// Not configured (an L2 that is off).
    #[default]
    Disabled,
}

impl DependencyStatus {
    pub fn label(self) -> &'static str {
        match self {
            DependencyStatus::Up => "up",
            DependencyStatus::Down => "down",
            DependencyStatus::Disabled => "disabled",
        }
    }
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    pub status: HealthStatus,
    pub version: String,
    pub uptime_seconds: u64,
    pub checks: Checks,
    pub settings: Settings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checks {
    pub storage: StorageCheck,
    pub cache: CacheChecks,
    /// Absent from the documents of servers that kept no channel between
    /// replicas: read as disabled.
    #[serde(default)]
    pub coherence: CoherenceCheck,
}

/// The channel through which replicas announce config changes to each
/// other's L1 (PostgreSQL LISTEN/NOTIFY).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CoherenceCheck {
    /// `up` while L1 may answer (the channel proved complete within the
    /// bound), `down` when it is lost or quiet past the bound (reads skip
    /// L1), `disabled` with no channel (SQLite is one replica; L1 off).
    pub status: DependencyStatus,
    /// How stale an L1 answer may be at most, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound_ms: Option<f64>,
    /// Since the channel last proved complete, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fence_age_ms: Option<f64>,
    /// Since the latest change another replica announced (since the start
    /// when none came), in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_received_age_seconds: Option<f64>,
}

/// A bounded ping of storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorageCheck {
    /// `up` or `down`.
    pub status: DependencyStatus,
    pub backend: Backend,
    pub latency_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacheChecks {
    pub l1: L1Check,
    pub l2: L2Check,
}

/// The in-process tier: its fill and bounds (all zero when disabled).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct L1Check {
    pub enabled: bool,
    pub entries: u64,
    pub capacity: u64,
    pub ttl_seconds: u64,
}

/// The Redis tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct L2Check {
    pub enabled: bool,
    pub status: DependencyStatus,
    pub latency_ms: Option<f64>,
    pub ttl_seconds: Option<u64>,
}

/// The settings the service runs with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub workers: usize,
    pub cores: usize,
    pub database_pool_size: usize,
    pub redis_pool_size: usize,
    pub rate_limit_rps: u32,
    pub rate_limit_burst: u32,
    pub compression: bool,
    pub compression_level: u32,
}
