//! The server's Prometheus metrics: the contract the doctor reads.
//!
//! Names and labels follow the metric contract of the design document.
//! Histogram buckets run from 50 µs to 10 s and include every latency
//! figure of the runbook's baseline table, so quantiles computed from them
//! land on the runbook's own boundaries.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

/// Bucket upper bounds in seconds: sub-millisecond for L1 hits up to
/// multi-second storage calls, with each runbook band (0.5, 1, 2, 5, 10, 20,
/// 30, 50, 100, 150, 200, 300 ms) as a boundary.
pub const LATENCY_BUCKETS: &[f64] = &[
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15,
    0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0,
];

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

fn counter(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let metric = IntCounterVec::new(Opts::new(name, help), labels).expect("valid counter");
    registry.register(Box::new(metric.clone())).expect("unique counter");
    metric
}

fn gauge(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntGaugeVec {
    let metric = IntGaugeVec::new(Opts::new(name, help), labels).expect("valid gauge");
    registry.register(Box::new(metric.clone())).expect("unique gauge");
    metric
}

fn histogram(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> HistogramVec {
    let opts = HistogramOpts::new(name, help).buckets(LATENCY_BUCKETS.to_vec());
    let metric = HistogramVec::new(opts, labels).expect("valid histogram");
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
            http_requests: counter(
                r,
                "http_requests_total",
                "HTTP requests served.",
                &["method", "route", "status"],
            ),
            http_duration: histogram(
                r,
                "http_request_duration_seconds",
                "HTTP request latency.",
                &["method", "route"],
            ),
            operations: counter(
                r,
                "config_operations_total",
                "Config operations performed.",
                &["operation"],
            ),
            errors: counter(
                r,
                "config_errors_total",
                "Config operations that failed.",
                &["operation", "kind"],
            ),
            operation_duration: histogram(
                r,
                "config_operation_duration_seconds",
                "Config operation latency; source says which tier answered a get.",
                &["operation", "source"],
            ),
            cache_hits: counter(
                r,
                "cache_hits_total",
                "Cache lookups that found the entry.",
                &["tier"],
            ),
            cache_misses: counter(
                r,
                "cache_misses_total",
                "Cache lookups that did not.",
                &["tier"],
            ),
            cache_evictions: counter(
                r,
                "cache_evictions_total",
                "Entries evicted for size or expiry.",
                &["tier", "cause"],
            ),
            cache_size: gauge(
                r,
                "cache_size_entries",
                "Entries held by the cache tier.",
                &["tier"],
            ),
            cache_duration: histogram(
                r,
                "cache_operation_duration_seconds",
                "Cache lookup latency.",
                &["tier"],
            ),
            storage_duration: histogram(
                r,
                "storage_operation_duration_seconds",
                "Storage statement latency.",
                &["operation", "backend"],
            ),
            pool_size: gauge(r, "connection_pool_size", "Connections a pool may hold.", &["pool"]),
            pool_idle: gauge(r, "connection_pool_idle", "Connections idle in the pool.", &["pool"]),
            pool_waiting: gauge(
                r,
                "connection_pool_waiting",
                "Tasks waiting for a pooled connection.",
                &["pool"],
            ),
            memory: gauge(r, "memory_usage_bytes", "Memory by component.", &["component"]),
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
