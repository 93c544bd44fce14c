//! The server's Prometheus registry, built from the metric contract
//! ([`contract::metrics`]): every family's name, help, labels and
//! buckets come from there, so the server exports exactly what the doctor
//! reads.
//!
//! Every series whose label values are known at start is created at zero
//! ([`Metrics::create_known_series`]), so a scrape tells "none yet" from
//! "not exported". A disabled cache tier exports no series at all, which
//! is how the doctor knows it is off. The in-flight gauges are computed
//! from their registries ([`InFlight`]) at each scrape.
//!
//! L1's lookups are kept apart ([`L1Reads`]), observed once each and
//! merged into their families at scrape.
//!
//! The HTTP series of the routes the server serves are resolved once, when
//! they are created ([`Metrics::observe_request`]): looking a series up by
//! its labels hashes them and takes the family's lock, which every worker
//! shares, twice per request.
//!
//! May import the contract and its sibling `in_flight`.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::http::StatusCode;
use prometheus::{
    Encoder, Gauge, GaugeVec, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec,
    IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use super::in_flight::InFlight;
use super::l1_reads::L1Reads;
use contract::metrics::{
    self as families, Backend, Component, ConfigOperation, ErrorKind, EvictionCause, Family, Kind,
    Pool, ReadSource, ShedReason, StorageOperation, Tier,
};

/// Calls whose start each in-flight registry keeps; more are counted
/// without their start (see [`InFlight`]).
const IN_FLIGHT_SLOTS: usize = 1024;

/// One route of the API and the statuses it answers with when all goes
/// well (PUT: 200 on update, 201 on create), so the HTTP families start
/// with a zero series for each and a rate over a window never misses a
/// series' first answers.
#[derive(Debug, Clone, Copy)]
pub struct ServedRoute {
    pub method: &'static str,
    pub route: &'static str,
    pub statuses: &'static [u16],
}

/// What the server runs with: it decides which label values exist.
#[derive(Debug, Clone, Copy)]
pub struct KnownSeries<'a> {
    pub routes: &'a [ServedRoute],
    pub l1: bool,
    pub l2: bool,
    pub backend: Backend,
    /// Whether replicas announce changes to each other (PostgreSQL).
    pub change_channel: bool,
}

/// A served route's series, resolved: its duration and its counts of
/// answers with each of the route's usual statuses.
struct ResolvedRoute {
    served: ServedRoute,
    answered: Vec<(u16, IntCounter)>,
    duration: Histogram,
}

/// Every metric family the server exposes, registered in one registry.
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    /// Set by [`Metrics::create_known_series`].
    served_routes: OnceLock<Vec<ResolvedRoute>>,
    /// Registered by the first call of [`Metrics::l1_reads`].
    l1_reads: OnceLock<Arc<L1Reads>>,
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
    pub invalidations_published: IntCounterVec,
    pub invalidations_received: IntCounterVec,
    pub invalidation_age: GaugeVec,
    pub coherence_fence_age: GaugeVec,
    pub coherence_trusted: IntGaugeVec,
    pub coherence_resubscriptions: IntCounterVec,
    pub connections_shed: IntCounterVec,
    pub connections_open: IntGauge,
    /// HTTP requests being served.
    pub requests_in_flight: InFlight,
    /// Storage calls under way.
    pub storage_in_flight: InFlight,
    requests_in_flight_count: IntGauge,
    requests_oldest: Gauge,
    storage_in_flight_count: IntGauge,
    storage_oldest: Gauge,
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

fn float_gauge(registry: &Registry, family: Family) -> GaugeVec {
    debug_assert_eq!(family.kind, Kind::Gauge, "{}", family.name);
    let metric =
        GaugeVec::new(Opts::new(family.name, family.help), family.labels).expect("valid gauge");
    registry.register(Box::new(metric.clone())).expect("unique gauge");
    metric
}

/// A gauge of a family without labels.
fn single_gauge<G: prometheus::core::Collector + Clone + 'static>(
    registry: &Registry,
    family: Family,
    new: impl FnOnce(Opts) -> prometheus::Result<G>,
) -> G {
    debug_assert_eq!(family.kind, Kind::Gauge, "{}", family.name);
    debug_assert!(family.labels.is_empty(), "{}", family.name);
    let metric = new(Opts::new(family.name, family.help)).expect("valid gauge");
    registry.register(Box::new(metric.clone())).expect("unique gauge");
    metric
}

fn histogram(registry: &Registry, family: Family) -> HistogramVec {
    debug_assert_eq!(family.kind, Kind::Histogram, "{}", family.name);
    let opts = HistogramOpts::new(family.name, family.help).buckets(family.buckets.to_vec());
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
        gauge(r, families::BUILD_INFO).with_label_values(&[env!("CARGO_PKG_VERSION")]).set(1);
        Metrics {
            http_requests: counter(r, families::HTTP_REQUESTS),
            http_duration: histogram(r, families::HTTP_REQUEST_DURATION),
            served_routes: OnceLock::new(),
            l1_reads: OnceLock::new(),
            operations: counter(r, families::CONFIG_OPERATIONS),
            errors: counter(r, families::CONFIG_ERRORS),
            operation_duration: histogram(r, families::CONFIG_OPERATION_DURATION),
            cache_hits: counter(r, families::CACHE_HITS),
            cache_misses: counter(r, families::CACHE_MISSES),
            cache_evictions: counter(r, families::CACHE_EVICTIONS),
            cache_size: gauge(r, families::CACHE_SIZE),
            cache_duration: histogram(r, families::CACHE_OPERATION_DURATION),
            storage_duration: histogram(r, families::STORAGE_OPERATION_DURATION),
            pool_size: gauge(r, families::POOL_SIZE),
            pool_idle: gauge(r, families::POOL_IDLE),
            pool_waiting: gauge(r, families::POOL_WAITING),
            memory: gauge(r, families::MEMORY_USAGE),
            invalidations_published: counter(r, families::CACHE_INVALIDATIONS_PUBLISHED),
            invalidations_received: counter(r, families::CACHE_INVALIDATIONS_RECEIVED),
            invalidation_age: float_gauge(r, families::CACHE_INVALIDATION_AGE),
            coherence_fence_age: float_gauge(r, families::CACHE_COHERENCE_FENCE_AGE),
            coherence_trusted: gauge(r, families::CACHE_COHERENCE_TRUSTED),
            coherence_resubscriptions: counter(r, families::CACHE_COHERENCE_RESUBSCRIPTIONS),
            connections_shed: counter(r, families::HTTP_CONNECTIONS_SHED),
            connections_open: single_gauge(r, families::HTTP_CONNECTIONS_OPEN, IntGauge::with_opts),
            requests_in_flight: InFlight::new(IN_FLIGHT_SLOTS),
            storage_in_flight: InFlight::new(IN_FLIGHT_SLOTS),
            requests_in_flight_count: single_gauge(
                r,
                families::HTTP_REQUESTS_IN_FLIGHT,
                IntGauge::with_opts,
            ),
            requests_oldest: single_gauge(r, families::HTTP_OLDEST_IN_FLIGHT, Gauge::with_opts),
            storage_in_flight_count: single_gauge(
                r,
                families::STORAGE_IN_FLIGHT,
                IntGauge::with_opts,
            ),
            storage_oldest: single_gauge(r, families::STORAGE_OLDEST_IN_FLIGHT, Gauge::with_opts),
            registry,
        }
    }

    /// Creates, at zero, every series whose label values are known at
    /// start; series of a disabled tier are left out.
    pub fn create_known_series(&self, known: KnownSeries<'_>) {
        for &reason in ShedReason::ALL {
            self.connections_shed.with_label_values(&[reason.label()]);
        }
        let resolved = known.routes.iter().map(|&served| ResolvedRoute {
            served,
            answered: served
                .statuses
                .iter()
                .map(|&status| {
                    let labels = [served.method, served.route, &status.to_string()];
                    (status, self.http_requests.with_label_values(&labels))
                })
                .collect(),
            duration: self.http_duration.with_label_values(&[served.method, served.route]),
        });
        // Known series are created once per registry; a second call finds
        // them created.
        let _ = self.served_routes.set(resolved.collect());
        for &operation in ConfigOperation::ALL {
            self.operations.with_label_values(&[operation.label()]);
            for &kind in ErrorKind::ALL {
                self.errors.with_label_values(&[operation.label(), kind.label()]);
            }
            let sources: &[ReadSource] = match operation {
                ConfigOperation::Get => ReadSource::ALL,
                _ => &[ReadSource::Storage],
            };
            for &source in sources {
                let enabled = match source {
                    // Exported by `l1_reads`.
                    ReadSource::L1 => false,
                    ReadSource::L2 => known.l2,
                    ReadSource::Storage => true,
                };
                if enabled {
                    self.operation_duration.with_label_values(&[operation.label(), source.label()]);
                }
            }
        }
        for &operation in StorageOperation::ALL {
            self.storage_duration.with_label_values(&[operation.label(), known.backend.label()]);
        }
        self.create_pool_series(Pool::Storage);
        if known.l2 {
            let tier = [Tier::L2.label()];
            self.cache_hits.with_label_values(&tier);
            self.cache_misses.with_label_values(&tier);
            self.cache_duration.with_label_values(&tier);
        }
        if known.l1 {
            self.l1_reads();
            // Only L1's evictions and size are the server's to count: Redis
            // evicts and sizes L2 itself, so a zero there would be a guess.
            for &cause in EvictionCause::ALL {
                self.cache_evictions.with_label_values(&[Tier::L1.label(), cause.label()]);
            }
            self.cache_size.with_label_values(&[Tier::L1.label()]);
            self.memory.with_label_values(&[Component::L1Cache.label()]);
        }
        if known.l2 {
            self.create_pool_series(Pool::Redis);
        }
        if known.change_channel {
            let backend = [known.backend.label()];
            for counter in [
                &self.invalidations_published,
                &self.invalidations_received,
                &self.coherence_resubscriptions,
            ] {
                counter.with_label_values(&backend);
            }
            self.invalidation_age.with_label_values(&backend);
            self.coherence_fence_age.with_label_values(&backend);
            self.coherence_trusted.with_label_values(&backend);
        }
    }

    /// L1's hits and misses and their durations, exported from the first
    /// call on; only a server with L1 on calls it.
    pub fn l1_reads(&self) -> Arc<L1Reads> {
        Arc::clone(self.l1_reads.get_or_init(|| {
            let reads = Arc::new(L1Reads::new());
            self.registry
                .register(Box::new(SharedCollector(Arc::clone(&reads))))
                .expect("L1 reads register once");
            reads
        }))
    }

    /// Counts one answered request in `http_requests_total` and observes
    /// its duration in `http_request_duration_seconds`.
    pub fn observe_request(&self, method: &str, route: &str, status: StatusCode, seconds: f64) {
        let resolved = self.served_routes.get().and_then(|routes| {
            routes.iter().find(|r| r.served.route == route && r.served.method == method)
        });
        match resolved {
            Some(resolved) => resolved.duration.observe(seconds),
            None => self.http_duration.with_label_values(&[method, route]).observe(seconds),
        }
        let answered = resolved.and_then(|resolved| {
            resolved.answered.iter().find(|(usual, _)| *usual == status.as_u16())
        });
        match answered {
            Some((_, counter)) => counter.inc(),
            None => self.http_requests.with_label_values(&[method, route, status.as_str()]).inc(),
        }
    }

    fn create_pool_series(&self, pool: Pool) {
        for gauge in [&self.pool_size, &self.pool_idle, &self.pool_waiting] {
            gauge.with_label_values(&[pool.label()]);
        }
    }

    /// Sets the in-flight gauges to what their registries hold now.
    fn refresh_in_flight(&self) {
        let now = Instant::now();
        let gauges = [
            (&self.requests_in_flight, &self.requests_in_flight_count, &self.requests_oldest),
            (&self.storage_in_flight, &self.storage_in_flight_count, &self.storage_oldest),
        ];
        for (registry, count, oldest) in gauges {
            let snapshot = registry.snapshot(now);
            count.set(snapshot.count as i64);
            oldest.set(snapshot.oldest.as_secs_f64());
        }
    }

    /// Renders every family in the Prometheus text format 0.0.4, with the
    /// in-flight gauges as of now.
    pub fn render(&self) -> String {
        self.refresh_in_flight();
        let mut buffer = Vec::with_capacity(16 * 1024);
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .expect("text encoding into a Vec cannot fail");
        String::from_utf8(buffer).expect("the text encoder writes UTF-8")
    }
}

/// A collector the registry holds while its owner keeps using it.
struct SharedCollector<C>(Arc<C>);

impl<C: prometheus::core::Collector> prometheus::core::Collector for SharedCollector<C> {
    fn desc(&self) -> Vec<&prometheus::core::Desc> {
        self.0.desc()
    }

    fn collect(&self) -> Vec<prometheus::proto::MetricFamily> {
        self.0.collect()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::SERVED_ROUTES;
    use diagnosis::exposition::Exposition;

    const ROUTE: &str = "/api/v1/configs/{namespace}/{key}";

    /// The value of the sample named `name` whose labels match `labels`,
    /// if the scrape holds one.
    fn value(scrape: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let exposition = Exposition::parse(scrape).expect("the server's scrape parses");
        exposition.samples(name).find(|sample| sample.matches(labels)).map(|s| s.value)
    }

    fn put_answers(scrape: &str, status: &str) -> Option<f64> {
        let labels = [("method", "PUT"), ("route", ROUTE), ("status", status)];
        value(scrape, families::HTTP_REQUESTS.name, &labels)
    }

    #[test]
    fn answers_count_in_their_status_series_whether_usual_or_not() {
        let metrics = Metrics::new();
        metrics.create_known_series(KnownSeries {
            routes: SERVED_ROUTES,
            l1: true,
            l2: false,
            backend: Backend::Sqlite,
            change_channel: false,
        });
        let before = metrics.render();
        assert_eq!(put_answers(&before, "200"), Some(0.0));
        assert_eq!(
            put_answers(&before, "201"),
            Some(0.0),
            "a create's series exists from the start"
        );
        assert_eq!(put_answers(&before, "404"), None);

        for status in
            [StatusCode::CREATED, StatusCode::CREATED, StatusCode::OK, StatusCode::NOT_FOUND]
        {
            metrics.observe_request("PUT", ROUTE, status, 0.001);
        }
        metrics.observe_request("GET", "unmatched", StatusCode::NOT_FOUND, 0.001);
        let after = metrics.render();
        assert_eq!(put_answers(&after, "201"), Some(2.0));
        assert_eq!(put_answers(&after, "200"), Some(1.0));
        assert_eq!(put_answers(&after, "404"), Some(1.0));
        let unmatched = [("method", "GET"), ("route", "unmatched"), ("status", "404")];
        assert_eq!(value(&after, families::HTTP_REQUESTS.name, &unmatched), Some(1.0));
        let durations = format!("{}_count", families::HTTP_REQUEST_DURATION.name);
        let put = [("method", "PUT"), ("route", ROUTE)];
        assert_eq!(value(&after, &durations, &put), Some(4.0));
    }
}
