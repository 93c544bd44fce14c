//! The server's Prometheus registry, built from the metric contract
//! ([`crate::contract::metrics`]): every family's name, help, labels and
//! buckets come from there, so the server exports exactly what the doctor
//! reads.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::contract::metrics::{self as contract, Family, Kind, LATENCY_BUCKETS};

/// Every metric family the server exposes, registered in one registry.
pub struct Metrics {
    registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_duration: HistogramVec,
    pub operations: IntCounterVec,
    pub errors: IntCounterVec,
    pub operation_duration: HistogramVec,
    pub cache_hits: IntCounterVec,
    pub cache_misses: IntCounterVec,
    pub cache_evictions: IntCounterVec,
    pub cache_size: IntGaugeVec,
    pub cache_duration: HistogramVec,
    pub storage_duration: HistogramVec,
    pub pool_size: IntGaugeVec,
    pub pool_idle: IntGaugeVec,
    pub pool_waiting: IntGaugeVec,
    pub memory: IntGaugeVec,
}

fn counter(registry: &Registry, family: Family) -> IntCounterVec {
    debug_assert_eq!(family.kind, Kind::Counter, "{}", family.name);
    let metric = IntCounterVec::new(Opts::new(family.name, family.help), family.labels)
        .expect("valid counter");
    registry.register(Box::new(metric.clone())).expect("unique counter");
    metric
}

fn gauge(registry: &Registry, family: Family) -> IntGaugeVec {
    debug_assert_eq!(family.kind, Kind::Gauge, "{}", family.name);
    let metric =
        IntGaugeVec::new(Opts::new(family.name, family.help), family.labels).expect("valid gauge");
    registry.register(Box::new(metric.clone())).expect("unique gauge");
    metric
}

fn histogram(registry: &Registry, family: Family) -> HistogramVec {
    debug_assert_eq!(family.kind, Kind::Histogram, "{}", family.name);
    let opts = HistogramOpts::new(family.name, family.help).buckets(LATENCY_BUCKETS.to_vec());
    let metric = HistogramVec::new(opts, family.labels).expect("valid histogram");
    registry.register(Box::new(metric.clone())).expect("unique histogram");
    metric
}

impl Metrics {
    /// Creates the registry with every family, plus the `process_*` family.
    pub fn new() -> Self {
        let registry = Registry::new();
        #[cfg(target_os = "linux")]
        registry
            .register(Box::new(prometheus::process_collector::ProcessCollector::for_self()))
            .expect("process collector registers once");
        let r = &registry;
        Metrics {
            http_requests: counter(r, contract::HTTP_REQUESTS),
            http_duration: histogram(r, contract::HTTP_REQUEST_DURATION),
            operations: counter(r, contract::CONFIG_OPERATIONS),
            errors: counter(r, contract::CONFIG_ERRORS),
            operation_duration: histogram(r, contract::CONFIG_OPERATION_DURATION),
            cache_hits: counter(r, contract::CACHE_HITS),
            cache_misses: counter(r, contract::CACHE_MISSES),
            cache_evictions: counter(r, contract::CACHE_EVICTIONS),
            cache_size: gauge(r, contract::CACHE_SIZE),
            cache_duration: histogram(r, contract::CACHE_OPERATION_DURATION),
            storage_duration: histogram(r, contract::STORAGE_OPERATION_DURATION),
            pool_size: gauge(r, contract::POOL_SIZE),
            pool_idle: gauge(r, contract::POOL_IDLE),
            pool_waiting: gauge(r, contract::POOL_WAITING),
            memory: gauge(r, contract::MEMORY_USAGE),
            registry,
        }
    }

    /// Renders every family in the Prometheus text format 0.0.4.
    pub fn render(&self) -> String {
        let mut buffer = Vec::with_capacity(16 * 1024);
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .expect("text encoding into a Vec cannot fail");
        String::from_utf8(buffer).expect("the text encoder writes UTF-8")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
