//! The `/health` document: status, dependency checks and the settings the
//! doctor judges (workers vs cores, pool sizes) without shell access.

use std::time::Duration;

use serde::Serialize;

use super::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Healthy,
    Degraded,
    Unhealthy,
}

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: Status,
    pub version: &'static str,
    pub uptime_seconds: u64,
    pub checks: Checks,
    pub settings: Settings,
}

#[derive(Debug, Serialize)]
pub struct Checks {
    pub storage: StorageCheck,
    pub cache: CacheChecks,
}

#[derive(Debug, Serialize)]
pub struct StorageCheck {
    pub status: &'static str,
    pub backend: &'static str,
    pub latency_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CacheChecks {
    pub l1: L1Check,
    pub l2: L2Check,
}

#[derive(Debug, Serialize)]
pub struct L1Check {
    pub enabled: bool,
    pub entries: u64,
    pub capacity: u64,
    pub ttl_seconds: u64,
}

#[derive(Debug, Serialize)]
pub struct L2Check {
    pub enabled: bool,
    /// `up`, `down`, or `disabled`.
    pub status: &'static str,
    pub latency_ms: Option<f64>,
    pub ttl_seconds: Option<u64>,
}

#[derive(Debug, Serialize)]
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

fn millis(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1e6).round() / 1e3
}

/// Probes storage (bounded by a second) and reads the cache state.
pub async fn check(state: &AppState) -> Health {
    let service = &state.service;
    let config = &state.config;
    let ping = tokio::time::timeout(Duration::from_secs(1), service.storage().ping()).await;
    let storage = match ping {
        Ok(Ok(latency)) => StorageCheck {
            status: "up",
            backend: service.storage().backend_name(),
            latency_ms: Some(millis(latency)),
            error: None,
        },
        failure => StorageCheck {
            status: "down",
            backend: service.storage().backend_name(),
            latency_ms: None,
            error: Some(match failure {
                Ok(Err(error)) => error.to_string(),
                _ => "no answer within 1s".to_owned(),
            }),
        },
    };
    let l1 = match service.l1() {
        Some(l1) => L1Check {
            enabled: true,
            entries: l1.entries(),
            capacity: l1.capacity(),
            ttl_seconds: l1.ttl().as_secs(),
        },
        None => L1Check { enabled: false, entries: 0, capacity: 0, ttl_seconds: 0 },
    };
    let l2 = match service.l2() {
        Some(l2) if l2.is_up() => L2Check {
            enabled: true,
            status: "up",
            latency_ms: Some(millis(l2.last_ping())),
            ttl_seconds: Some(config.l2_ttl.as_secs()),
        },
        Some(_) => L2Check {
            enabled: true,
            status: "down",
            latency_ms: None,
            ttl_seconds: Some(config.l2_ttl.as_secs()),
        },
        None => L2Check { enabled: false, status: "disabled", latency_ms: None, ttl_seconds: None },
    };
    let status = if storage.status != "up" {
        Status::Unhealthy
    } else if l2.status == "down" {
        Status::Degraded
    } else {
        Status::Healthy
    };
    Health {
        status,
        version: env!("CARGO_PKG_VERSION"),
        uptime_seconds: state.started.elapsed().as_secs(),
        checks: Checks { storage, cache: CacheChecks { l1, l2 } },
        settings: Settings {
            workers: config.workers,
            cores: super::config::available_cores(),
            database_pool_size: config.database_pool_size,
            redis_pool_size: if config.l2_enabled { config.redis_pool_size } else { 0 },
            rate_limit_rps: config.rate_limit_rps,
            rate_limit_burst: config.rate_limit().map_or(0, |(_, burst)| burst),
            compression: config.compression,
            compression_level: config.compression_level,
        },
    }
}
