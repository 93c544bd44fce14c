//! Measures: numbers read from the evidence that no finding carries but a
//! cause's rule needs (how long the service has been up, how full L1 is,
//! how many requests the rate limit refused), each with where it came from
//! and the window it covers.
//!
//! A measure that the evidence cannot give (source not collected or
//! failed, too few requests in the window) is `None`: the clue naming it
//! neither holds nor fails, as an UNKNOWN finding.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::analysis::counters::ScrapeCounters;
use crate::evidence::{Evidence, MetricsWindow};
use crate::threshold::Unit;
use contract::health::{DependencyStatus, Health};
use contract::metrics::{
    CACHE_EVICTIONS, CACHE_HITS, CACHE_MISSES, CONFIG_ERRORS, CONFIG_OPERATIONS, Component,
    ErrorKind, EvictionCause, HTTP_REQUESTS, MEMORY_USAGE, PROCESS_RESIDENT_MEMORY,
    TOO_MANY_REQUESTS, Tier, label,
};

/// A number a rule may compare (`above`, `below`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Seconds since the service started, from `/health`.
    UptimeSeconds,
    /// L1 entries as a percent of its capacity, from `/health`.
    L1FillPercent,
    /// How many L1 TTLs have passed since the service started (uptime over
    /// TTL, from `/health`): below 1, no entry can have expired yet.
    L1TtlsSinceStart,
    /// L1 entries expired during the sampling window, as a percent of the
    /// L1 lookups of the window.
    L1ExpiredPercent,
    /// The L1 cache's memory (`memory_usage_bytes{component="l1_cache"}`)
    /// as a percent of the resident size.
    L1MemoryPercent,
    /// 1 when the service reaches its Redis tier, 0 when it does not, from
    /// `/health`; none when L2 is disabled.
    L2Reachable,
    /// Requests refused by the rate limit (HTTP 429) during the sampling
    /// window, as a percent of all requests of the window.
    RateLimitedPercent,
    /// The request rate of the last minute against that of the last five,
    /// in percent (+50 is half again as many requests), from Prometheus.
    RequestRateChangePercent,
    /// Storage-unavailable errors (`config_errors_total{kind="unavailable"}`)
    /// during the sampling window.
    UnavailableErrors,
    /// How many of the probed dependency endpoints are off this host's
    /// loopback: with none, slow connects cannot be the network's.
    RemoteDependencies,
}

/// A measure's value, its unit and what it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub value: f64,
    pub unit: Option<Unit>,
    /// The source and window, e.g. `GET http://host:8080/health`.
    pub source: String,
}

impl Measure {
    pub const ALL: [Measure; 10] = [
        Measure::UptimeSeconds,
        Measure::L1FillPercent,
        Measure::L1TtlsSinceStart,
        Measure::L1ExpiredPercent,
        Measure::L1MemoryPercent,
        Measure::L2Reachable,
        Measure::RateLimitedPercent,
        Measure::RequestRateChangePercent,
        Measure::UnavailableErrors,
        Measure::RemoteDependencies,
    ];

    /// The name rules write.
    pub fn name(self) -> &'static str {
        match self {
            Measure::UptimeSeconds => "uptime-seconds",
            Measure::L1FillPercent => "l1-fill-percent",
            Measure::L1TtlsSinceStart => "l1-ttls-since-start",
            Measure::L1ExpiredPercent => "l1-expired-percent",
            Measure::L1MemoryPercent => "l1-memory-percent",
            Measure::L2Reachable => "l2-reachable",
            Measure::RateLimitedPercent => "rate-limited-percent",
            Measure::RequestRateChangePercent => "request-rate-change-percent",
            Measure::UnavailableErrors => "unavailable-errors",
            Measure::RemoteDependencies => "remote-dependencies",
        }
    }

    /// The measure's value in this evidence, or `None` when the evidence
    /// cannot give it.
    /// A share (of requests, of lookups) is read only over a window that
    /// saw at least `min_sample` of them, the runbook's one rule for every
    /// ratio (`ratios.min-sample`): a handful says little.
    pub fn read(self, evidence: &Evidence, min_sample: u64) -> Option<Reading> {
        match self {
            Measure::UptimeSeconds => {
                let (health, source) = health(evidence)?;
                Some(reading(health.uptime_seconds as f64, Some(Unit::Seconds), source))
            }
            Measure::L1FillPercent => {
                let (health, source) = health(evidence)?;
                let l1 = &health.checks.cache.l1;
                (l1.enabled && l1.capacity > 0).then(|| {
                    let percent = l1.entries as f64 * 100.0 / l1.capacity as f64;
                    reading(percent, Some(Unit::Percent), source)
                })
            }
            Measure::L1TtlsSinceStart => {
                let (health, source) = health(evidence)?;
                let l1 = &health.checks.cache.l1;
                (l1.enabled && l1.ttl_seconds > 0).then(|| {
                    let ttls = health.uptime_seconds as f64 / l1.ttl_seconds as f64;
                    reading(ttls, Some(Unit::Ratio), source)
                })
            }
            Measure::L1ExpiredPercent => {
                let tier = [(label::TIER, Tier::L1.label())];
                let lookups_of = |window: &MetricsWindow| {
                    Some(
                        window.increase(CACHE_HITS.name, &tier).unwrap_or(0.0)
                            + window.increase(CACHE_MISSES.name, &tier)?,
                    )
                };
                let window = metrics(evidence)?.for_events(|w| lookups_of(w).unwrap_or(0.0));
                let lookups = lookups_of(&window)?;
                let expired = [
                    (label::TIER, Tier::L1.label()),
                    (label::CAUSE, EvictionCause::Expired.label()),
                ];
                let expired = window.increase(CACHE_EVICTIONS.name, &expired).unwrap_or(0.0);
                share(expired, lookups, &window, min_sample)
            }
            Measure::L1MemoryPercent => {
                let window = metrics(evidence)?;
                let latest = window.latest();
                let component = [(label::COMPONENT, Component::L1Cache.label())];
                let cache = latest.sum(MEMORY_USAGE.name, &component)?;
                let resident = latest.sum(PROCESS_RESIDENT_MEMORY, &[]).filter(|r| *r > 0.0)?;
                let percent = cache * 100.0 / resident;
                Some(reading(percent, Some(Unit::Percent), window.url.clone()))
            }
            Measure::L2Reachable => {
                let (health, source) = health(evidence)?;
                match health.checks.cache.l2.status {
                    DependencyStatus::Up => Some(reading(1.0, None, source)),
                    DependencyStatus::Down => Some(reading(0.0, None, source)),
                    DependencyStatus::Disabled => None,
                }
            }
            Measure::RateLimitedPercent => {
                let window = metrics(evidence)?
                    .for_events(|w| w.increase(HTTP_REQUESTS.name, &[]).unwrap_or(0.0));
                let requests = window.increase(HTTP_REQUESTS.name, &[])?;
                let refused = [(label::STATUS, TOO_MANY_REQUESTS)];
                let refused = window.increase(HTTP_REQUESTS.name, &refused).unwrap_or(0.0);
                share(refused, requests, &window, min_sample)
            }
            Measure::RequestRateChangePercent => {
                let (last_minute, five_minutes) = crate::analysis::trend::request_rates(evidence)?;
                let prometheus = evidence.prometheus.as_ref()?.as_ref().ok()?;
                (five_minutes > 0.0).then(|| {
                    let change = (last_minute / five_minutes - 1.0) * 100.0;
                    reading(change, Some(Unit::Percent), prometheus.url.clone())
                })
            }
            Measure::UnavailableErrors => {
                let window = metrics(evidence)?
                    .for_events(|w| w.increase(CONFIG_OPERATIONS.name, &[]).unwrap_or(0.0));
                let kind = [(label::KIND, ErrorKind::Unavailable.label())];
                // No series yet is no error yet; one scrape has no window.
                window.counted_between()?;
                let errors = window.increase(CONFIG_ERRORS.name, &kind).unwrap_or(0.0);
                Some(reading(errors, None, windowed(&window)))
            }
            Measure::RemoteDependencies => {
                let network = evidence.network.as_ref()?.as_ref().ok()?;
                let probed = &network.dependencies;
                let remote = probed.iter().filter(|d| !d.on_loopback()).count();
                let source = format!("the addresses of {} probed endpoint(s)", probed.len());
                (!probed.is_empty()).then(|| reading(remote as f64, None, source))
            }
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn reading(value: f64, unit: Option<Unit>, source: String) -> Reading {
    Reading { value: (value * 100.0).round() / 100.0, unit, source }
}

/// `/health` as the service's typed document, and the request that got it.
fn health(evidence: &Evidence) -> Option<(Health, String)> {
    let probe = evidence.health.as_ref()?.as_ref().ok()?;
    let health = serde_json::from_value(probe.body.clone()?).ok()?;
    Some((health, format!("GET {}", probe.url)))
}

fn metrics(evidence: &Evidence) -> Option<&MetricsWindow> {
    evidence.metrics.as_ref()?.as_ref().ok()
}

/// The scrapes' URL and the window their counters span.
fn windowed(window: &MetricsWindow) -> String {
    let seconds = window.window_seconds().unwrap_or_default();
    let since_start = if window.counted_from_start.is_some() { " since it started" } else { "" };
    format!("{} over {}s{since_start}", window.url, crate::threshold::trim_float(seconds.round()))
}

/// `part` as a percent of `whole`, when the window saw at least
/// `min_sample` of `whole`.
fn share(part: f64, whole: f64, window: &MetricsWindow, min_sample: u64) -> Option<Reading> {
    (whole >= min_sample as f64)
        .then(|| reading(part * 100.0 / whole, Some(Unit::Percent), windowed(window)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> Evidence {
        let path =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/evidence/quick-healthy.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn names_are_the_serde_names() {
        for measure in Measure::ALL {
            let json = serde_json::to_value(measure).unwrap();
            assert_eq!(json.as_str(), Some(measure.name()));
        }
    }

    #[test]
    fn the_healthy_run_reads_from_health_and_metrics() {
        let evidence = healthy();
        let read = |measure: Measure| measure.read(&evidence, 20).map(|r| r.value);
        // Recorded right after the server started: 50 of 10000 entries.
        assert_eq!(read(Measure::UptimeSeconds), Some(0.0));
        assert_eq!(read(Measure::L1FillPercent), Some(0.5));
        assert_eq!(read(Measure::L1TtlsSinceStart), Some(0.0));
        assert_eq!(read(Measure::L2Reachable), None, "L2 is disabled");
        assert_eq!(read(Measure::RateLimitedPercent), Some(0.0));
        assert_eq!(read(Measure::UnavailableErrors), Some(0.0));
        assert_eq!(read(Measure::RequestRateChangePercent), None, "no Prometheus");
    }

    #[test]
    fn a_window_with_few_requests_gives_no_share() {
        let mut evidence = healthy();
        let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
        window.second = Some(window.first.clone());
        assert_eq!(Measure::RateLimitedPercent.read(&evidence, 20), None);
        evidence.metrics = None;
        assert_eq!(Measure::UnavailableErrors.read(&evidence, 20), None);
    }
}
