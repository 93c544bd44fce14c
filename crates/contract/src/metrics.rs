//! The metric families the server exports on its metrics listener and the
//! doctor reads, with their label names and the label values both sides
//! use.
//!
//! A [`Family`] is the whole definition of one family: the server
//! registers it from here (name, help, labels, buckets) and the doctor
//! selects its series by the same constant. Label values that mean
//! something to both sides (tiers, operations, pools) are enums whose
//! [`label`](Tier::label) is the exported text.

/// What kind of series a family holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Histogram,
}

/// One metric family of the contract.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Family {
    /// The exported name; a histogram's base name, without `_bucket`.
    pub name: &'static str,
    pub help: &'static str,
    pub kind: Kind,
    /// Label names, in the order the server's vectors take them.
    pub labels: &'static [&'static str],
    /// A histogram's bucket upper bounds in seconds; empty for the others.
    pub buckets: &'static [f64],
}

/// Label names.
pub mod label {
    pub const METHOD: &str = "method";
    pub const ROUTE: &str = "route";
    pub const STATUS: &str = "status";
    pub const OPERATION: &str = "operation";
    pub const KIND: &str = "kind";
    pub const SOURCE: &str = "source";
    pub const TIER: &str = "tier";
    pub const CAUSE: &str = "cause";
    pub const BACKEND: &str = "backend";
    pub const POOL: &str = "pool";
    pub const COMPONENT: &str = "component";
    pub const REASON: &str = "reason";
    pub const VERSION: &str = "version";
}

use label::*;

/// The `status` of `http_requests_total` for a request the rate limit
/// refused.
pub const TOO_MANY_REQUESTS: &str = "429";

pub const HTTP_REQUESTS: Family = Family {
    name: "http_requests_total",
    help: "HTTP requests served.",
    kind: Kind::Counter,
    labels: &[METHOD, ROUTE, STATUS],
    buckets: &[],
};

pub const HTTP_REQUEST_DURATION: Family = Family {
    name: "http_request_duration_seconds",
    help: "HTTP request latency.",
    kind: Kind::Histogram,
    labels: &[METHOD, ROUTE],
    buckets: LATENCY_BUCKETS,
};

pub const CONFIG_OPERATIONS: Family = Family {
    name: "config_operations_total",
    help: "Config operations performed.",
    kind: Kind::Counter,
    labels: &[OPERATION],
    buckets: &[],
};

pub const CONFIG_ERRORS: Family = Family {
    name: "config_errors_total",
    help: "Config operations that failed.",
    kind: Kind::Counter,
    labels: &[OPERATION, KIND],
    buckets: &[],
};

pub const CONFIG_OPERATION_DURATION: Family = Family {
    name: "config_operation_duration_seconds",
    help: "Config operation latency; source says which tier answered a get.",
    kind: Kind::Histogram,
    labels: &[OPERATION, SOURCE],
    buckets: LATENCY_BUCKETS,
};

pub const CACHE_HITS: Family = Family {
    name: "cache_hits_total",
    help: "Cache lookups that found the entry.",
    kind: Kind::Counter,
    labels: &[TIER],
    buckets: &[],
};

pub const CACHE_MISSES: Family = Family {
    name: "cache_misses_total",
    help: "Cache lookups that did not.",
    kind: Kind::Counter,
    labels: &[TIER],
    buckets: &[],
};

pub const CACHE_EVICTIONS: Family = Family {
    name: "cache_evictions_total",
    help: "Entries evicted for size or expiry.",
    kind: Kind::Counter,
    labels: &[TIER, CAUSE],
    buckets: &[],
};

pub const CACHE_SIZE: Family = Family {
    name: "cache_size_entries",
    help: "Entries held by the cache tier.",
    kind: Kind::Gauge,
    labels: &[TIER],
    buckets: &[],
};

pub const CACHE_OPERATION_DURATION: Family = Family {
    name: "cache_operation_duration_seconds",
    help: "Cache lookup latency.",
    kind: Kind::Histogram,
    labels: &[TIER],
    buckets: CACHE_LOOKUP_BUCKETS,
};

pub const STORAGE_OPERATION_DURATION: Family = Family {
    name: "storage_operation_duration_seconds",
    help: "Storage statement latency.",
    kind: Kind::Histogram,
    labels: &[OPERATION, BACKEND],
    buckets: LATENCY_BUCKETS,
};

pub const POOL_SIZE: Family = Family {
    name: "connection_pool_size",
    help: "Connections a pool may hold.",
    kind: Kind::Gauge,
    labels: &[POOL],
    buckets: &[],
};

pub const POOL_IDLE: Family = Family {
    name: "connection_pool_idle",
    help: "Connections idle in the pool.",
    kind: Kind::Gauge,
    labels: &[POOL],
    buckets: &[],
};

pub const POOL_WAITING: Family = Family {
    name: "connection_pool_waiting",
    help: "Tasks waiting for a pooled connection.",
    kind: Kind::Gauge,
    labels: &[POOL],
    buckets: &[],
};

pub const MEMORY_USAGE: Family = Family {
    name: "memory_usage_bytes",
    help: "Memory by component.",
    kind: Kind::Gauge,
    labels: &[COMPONENT],
    buckets: &[],
};

pub const HTTP_REQUESTS_IN_FLIGHT: Family = Family {
    name: "http_requests_in_flight",
    help: "HTTP requests being served (CPU profiles, long by design, left out).",
    kind: Kind::Gauge,
    labels: &[],
    buckets: &[],
};

pub const HTTP_OLDEST_IN_FLIGHT: Family = Family {
    name: "http_request_oldest_in_flight_seconds",
    help: "Age of the oldest HTTP request being served; 0 when there is none.",
    kind: Kind::Gauge,
    labels: &[],
    buckets: &[],
};

pub const STORAGE_IN_FLIGHT: Family = Family {
    name: "storage_operations_in_flight",
    help: "Storage calls under way, waiting for a connection included.",
    kind: Kind::Gauge,
    labels: &[],
    buckets: &[],
};

pub const STORAGE_OLDEST_IN_FLIGHT: Family = Family {
    name: "storage_operation_oldest_in_flight_seconds",
    help: "Age of the oldest storage call under way; 0 when there is none.",
    kind: Kind::Gauge,
    labels: &[],
    buckets: &[],
};

pub const CACHE_INVALIDATIONS_PUBLISHED: Family = Family {
    name: "cache_invalidations_published_total",
    help: "Config changes this replica announced to the others, by the backend that carries them.",
    kind: Kind::Counter,
    labels: &[BACKEND],
    buckets: &[],
};

pub const CACHE_INVALIDATIONS_RECEIVED: Family = Family {
    name: "cache_invalidations_received_total",
    help: "Config changes other replicas announced, each dropped from this replica's L1.",
    kind: Kind::Counter,
    labels: &[BACKEND],
    buckets: &[],
};

pub const CACHE_INVALIDATION_AGE: Family = Family {
    name: "cache_invalidation_last_received_age_seconds",
    help: "Seconds since the latest change announced by another replica (since the start when none came).",
    kind: Kind::Gauge,
    labels: &[BACKEND],
    buckets: &[],
};

pub const CACHE_COHERENCE_FENCE_AGE: Family = Family {
    name: "cache_coherence_fence_age_seconds",
    help: "Seconds since the change channel last proved complete; L1 answers only while it is within the trust bound.",
    kind: Kind::Gauge,
    labels: &[BACKEND],
    buckets: &[],
};

pub const CACHE_COHERENCE_TRUSTED: Family = Family {
    name: "cache_coherence_l1_trusted",
    help: "1 while L1 may answer reads (the change channel is live within the trust bound), else 0.",
    kind: Kind::Gauge,
    labels: &[BACKEND],
    buckets: &[],
};

pub const CACHE_COHERENCE_RESUBSCRIPTIONS: Family = Family {
    name: "cache_coherence_resubscriptions_total",
    help: "Times the change channel was lost and subscribed again (L1 cleared each time).",
    kind: Kind::Counter,
    labels: &[BACKEND],
    buckets: &[],
};

/// The families of the change channel between replicas: exported only by
/// a server on PostgreSQL with L1 on (SQLite is one replica, with no
/// channel), as a disabled cache tier exports none of its series.
pub const HTTP_CONNECTIONS_SHED: Family = Family {
    name: "http_connections_shed_total",
    help: "Connections the server closed for a slow or idle client, or refused at its limit.",
    kind: Kind::Counter,
    labels: &[REASON],
    buckets: &[],
};

pub const HTTP_CONNECTIONS_OPEN: Family = Family {
    name: "http_connections_open",
    help: "Client connections open on the API and metrics ports.",
    kind: Kind::Gauge,
    labels: &[],
    buckets: &[],
};

/// The build the server runs, as a series of value 1 labelled with its
/// version: a change of version over time is a deploy.
pub const BUILD_INFO: Family = Family {
    name: "llm_config_build_info",
    help: "The build of llm-config-server that runs (value 1).",
    kind: Kind::Gauge,
    labels: &[VERSION],
    buckets: &[],
};

pub const CHANGE_CHANNEL_FAMILIES: &[Family] = &[
    CACHE_INVALIDATIONS_PUBLISHED,
    CACHE_INVALIDATIONS_RECEIVED,
    CACHE_INVALIDATION_AGE,
    CACHE_COHERENCE_FENCE_AGE,
    CACHE_COHERENCE_TRUSTED,
    CACHE_COHERENCE_RESUBSCRIPTIONS,
];

/// Every family the server registers itself, in exposition order.
pub const FAMILIES: &[Family] = &[
    HTTP_REQUESTS,
    HTTP_REQUEST_DURATION,
    CONFIG_OPERATIONS,
    CONFIG_ERRORS,
    CONFIG_OPERATION_DURATION,
    CACHE_HITS,
    CACHE_MISSES,
    CACHE_EVICTIONS,
    CACHE_SIZE,
    CACHE_OPERATION_DURATION,
    STORAGE_OPERATION_DURATION,
    POOL_SIZE,
    POOL_IDLE,
    POOL_WAITING,
    MEMORY_USAGE,
    HTTP_REQUESTS_IN_FLIGHT,
    HTTP_OLDEST_IN_FLIGHT,
    STORAGE_IN_FLIGHT,
    STORAGE_OLDEST_IN_FLIGHT,
    CACHE_INVALIDATIONS_PUBLISHED,
    CACHE_INVALIDATIONS_RECEIVED,
    CACHE_INVALIDATION_AGE,
    CACHE_COHERENCE_FENCE_AGE,
    CACHE_COHERENCE_TRUSTED,
    CACHE_COHERENCE_RESUBSCRIPTIONS,
    HTTP_CONNECTIONS_SHED,
    HTTP_CONNECTIONS_OPEN,
    BUILD_INFO,
];

/// The standard process family's resident set size, which the server
/// exports through its process collector.
pub const PROCESS_RESIDENT_MEMORY: &str = "process_resident_memory_bytes";

/// The standard process family's CPU time, in seconds.
pub const PROCESS_CPU_SECONDS: &str = "process_cpu_seconds_total";

/// The standard process family's start time, in seconds since the epoch:
/// two scrapes with the same one are of one run of the service.
pub const PROCESS_START_TIME: &str = "process_start_time_seconds";

/// Bucket upper bounds in seconds of the request, operation and storage
/// families: from 50 µs (a cached request on loopback) to the multi-second
/// storage deadline, with every band the runbook judges them by (0.5, 1, 2,
/// 5, 10, 20, 30, 50, 100, 150, 200, 300 ms) as a boundary, so quantiles
/// interpolated from them land on the runbook's own figures.
pub const LATENCY_BUCKETS: &[f64] = &[
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15,
    0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Bucket upper bounds in seconds of the cache lookup family: an L1 hit
/// takes well under a microsecond, so the lowest buckets resolve
/// sub-microsecond times; the L1 and L2 rows' bands (0.5, 1, 2, 5, 10 ms,
/// and 20 ms, twice L2's P99) are boundaries; the top reaches past the L2
/// command deadline.
pub const CACHE_LOOKUP_BUCKETS: &[f64] = &[
    0.000_000_25,
    0.000_000_5,
    0.000_001,
    0.000_002_5,
    0.000_005,
    0.000_01,
    0.000_025,
    0.000_05,
    0.000_1,
    0.000_25,
    0.000_5,
    0.001,
    0.002,
    0.005,
    0.01,
    0.02,
    0.05,
    0.1,
    0.25,
];

/// An enum of label values: `ALL`, and `label()` for the exported text,
/// which is also its serialized form.
macro_rules! label_values {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];

            /// The label value as exported.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }
    };
}

label_values! {
    /// `tier` of the cache families.
    Tier { L1 = "l1", L2 = "l2" }
}

label_values! {
    /// `operation` of the config families.
    ConfigOperation { Get = "get", Put = "put", Delete = "delete", List = "list" }
}

label_values! {
    /// `source` of `config_operation_duration_seconds`: which tier answered
    /// a read (writes, deletes and lists are always `storage`).
    ReadSource { L1 = "l1", L2 = "l2", Storage = "storage" }
}

label_values! {
    /// `kind` of `config_errors_total`.
    ErrorKind {
        /// Storage could not be reached (pool exhausted, connection lost).
        Unavailable = "unavailable",
        /// Storage answered with an error.
        Storage = "storage",
    }
}

label_values! {
    /// `operation` of `storage_operation_duration_seconds`: a read of one
    /// key, a write or delete, or a namespace listing.
    StorageOperation { Read = "read", Write = "write", List = "list" }
}

label_values! {
    /// `backend` of `storage_operation_duration_seconds`.
    Backend { Sqlite = "sqlite", Postgres = "postgres" }
}

label_values! {
    /// `cause` of `cache_evictions_total`.
    EvictionCause { Size = "size", Expired = "expired" }
}

label_values! {
    /// `pool` of the connection pool gauges.
    Pool { Storage = "storage", Redis = "redis" }
}

label_values! {
    /// `reason` of `http_connections_shed_total`.
    ShedReason {
        /// The request head did not arrive whole in time.
        HeadTimeout = "head_timeout",
        /// The request body did not arrive whole in time (answered 408).
        BodyTimeout = "body_timeout",
        /// No request came on a kept-alive connection in time.
        IdleTimeout = "idle_timeout",
        /// Refused at accept: the server holds its most connections.
        ConnectionLimit = "connection_limit",
    }
}

label_values! {
    /// `component` of `memory_usage_bytes`.
    Component { L1Cache = "l1_cache" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_are_unique_and_follow_the_naming_rules() {
        let mut seen = std::collections::HashSet::new();
        for family in FAMILIES {
            assert!(seen.insert(family.name), "{} twice", family.name);
            let suffix_ok = match family.kind {
                Kind::Counter => family.name.ends_with("_total"),
                Kind::Histogram => family.name.ends_with("_seconds"),
                Kind::Gauge => !family.name.ends_with("_total"),
            };
            assert!(suffix_ok, "{} does not suit a {:?}", family.name, family.kind);
        }
    }

    /// The runbook's bands, in ms, each histogram family is judged by: its
    /// baseline rows' P50/P95/P99 figures and twice them (CRITICAL), the
    /// API P95 band (100 / 300 ms) and the checklist's 50 ms.
    fn judged_bands_ms(family: &Family) -> &'static [f64] {
        const REQUESTS: &[f64] =
            &[0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 50.0, 100.0, 150.0, 200.0, 300.0];
        match family.name {
            // L1 hit (0.5 / 1 / 2 ms) and L2 hit (2 / 5 / 10 ms), and twice them.
            name if name == CACHE_OPERATION_DURATION.name => &[0.5, 1.0, 2.0, 5.0, 10.0, 20.0],
            _ => REQUESTS,
        }
    }

    /// Most buckets a family may have: every scrape carries them all, per
    /// series.
    const MAX_BUCKETS: usize = 20;

    #[test]
    fn histogram_buckets_rise_and_hold_every_band_the_family_is_judged_by() {
        for family in FAMILIES {
            if family.kind != Kind::Histogram {
                assert!(family.buckets.is_empty(), "{} is not a histogram", family.name);
                continue;
            }
            let buckets = family.buckets;
            assert!(buckets.windows(2).all(|pair| pair[0] < pair[1]), "{}", family.name);
            assert!(buckets.len() <= MAX_BUCKETS, "{} has {} buckets", family.name, buckets.len());
            for band_ms in judged_bands_ms(family) {
                let seconds = band_ms / 1e3;
                assert!(
                    buckets.iter().any(|b| (b - seconds).abs() < 1e-12),
                    "{band_ms} ms is not a bucket boundary of {}",
                    family.name
                );
            }
        }
    }

    #[test]
    fn cache_lookups_resolve_below_a_microsecond() {
        // An L1 hit takes a few hundred nanoseconds: at least three buckets
        // must lie under 5 µs, or every hit lands in the lowest one.
        let below = CACHE_OPERATION_DURATION.buckets.iter().filter(|b| **b < 5e-6).count();
        assert!(below >= 3, "{below} buckets under 5 µs");
    }
}
