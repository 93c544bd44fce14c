//! Answers `/health`: probes storage, reads the cache tiers and fills in
//! the contract's document ([`contract::health`]).

use std::time::Duration;

use super::AppState;
use contract::health::{
    CacheChecks, Checks, CoherenceCheck, DependencyStatus, Health, HealthStatus, L1Check, L2Check,
    Settings, StorageCheck,
};

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
            status: DependencyStatus::Up,
            backend: service.storage().backend(),
            latency_ms: Some(millis(latency)),
            error: None,
        },
        failure => StorageCheck {
            status: DependencyStatus::Down,
            backend: service.storage().backend(),
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
            status: DependencyStatus::Up,
            latency_ms: Some(millis(l2.last_ping())),
            ttl_seconds: Some(config.l2_ttl.as_secs()),
        },
        Some(_) => L2Check {
            enabled: true,
            status: DependencyStatus::Down,
            latency_ms: None,
            ttl_seconds: Some(config.l2_ttl.as_secs()),
        },
        None => L2Check {
            enabled: false,
            status: DependencyStatus::Disabled,
            latency_ms: None,
            ttl_seconds: None,
        },
    };
    let coherence = match service.coherence().channel_view() {
        Some(channel) => CoherenceCheck {
            status: if channel.trusted { DependencyStatus::Up } else { DependencyStatus::Down },
            bound_ms: Some(millis(channel.bound)),
            fence_age_ms: Some(millis(channel.fence_age)),
            last_received_age_seconds: Some(
                (channel.last_received_age.as_secs_f64() * 1e3).round() / 1e3,
            ),
        },
        None => CoherenceCheck::default(),
    };
    let status = if storage.status != DependencyStatus::Up {
        HealthStatus::Unhealthy
    } else if l2.status == DependencyStatus::Down || coherence.status == DependencyStatus::Down {
        HealthStatus::Degraded
    } else {
        HealthStatus::Healthy
    };
    Health {
        status,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        uptime_seconds: state.started.elapsed().as_secs(),
        checks: Checks { storage, cache: CacheChecks { l1, l2 }, coherence },
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
