//! The questions the doctor asks about the service's metrics, as data:
//! the runbook's baseline operations and the histogram series that measure
//! them, the quantiles the runbook gives figures for, and the catalogue of
//! PromQL queries run against Prometheus.
//!
//! Sources ask these questions (the Prometheus source runs the catalogue);
//! checks look the answers up by the same values. Pure: imports only the
//! metric contract.

use std::time::Duration;

use contract::metrics::{
    CACHE_OPERATION_DURATION, CONFIG_ERRORS, CONFIG_OPERATION_DURATION as CONFIG_FAMILY,
    CONFIG_OPERATIONS, ConfigOperation, HTTP_REQUEST_DURATION as HTTP_FAMILY, HTTP_REQUESTS,
    ReadSource, STORAGE_OPERATION_DURATION, StorageOperation, TOO_MANY_REQUESTS, Tier, label,
};

/// The runbook's range of every rate and quantile query when its file
/// names none (`ratios.range-seconds`): the runbook's five minutes.
pub const RANGE: Duration = Duration::from_secs(300);

/// `http_request_duration_seconds`, every route.
pub const HTTP_REQUEST_DURATION: HistogramSelector<'static> =
    HistogramSelector { family: HTTP_FAMILY.name, filter: &[] };

/// `config_operation_duration_seconds`, every operation and source.
pub const CONFIG_OPERATION_DURATION: HistogramSelector<'static> =
    HistogramSelector { family: CONFIG_FAMILY.name, filter: &[] };

/// Every config read, whichever tier or storage answered it: one
/// observation per read, labelled by its `source`.
pub const READS: HistogramSelector<'static> = HistogramSelector {
    family: CONFIG_FAMILY.name,
    filter: &[(label::OPERATION, ConfigOperation::Get.label())],
};

/// Reads answered by a cache tier: `source` L1 or L2.
const CACHED: &str = "l1|l2";

/// The operations of the runbook's baseline table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    L1Hit,
    L2Hit,
    StorageRead,
    StorageWrite,
    ApiCached,
    ApiUncached,
}

impl Operation {
    pub const ALL: [Operation; 6] = [
        Operation::L1Hit,
        Operation::L2Hit,
        Operation::StorageRead,
        Operation::StorageWrite,
        Operation::ApiCached,
        Operation::ApiUncached,
    ];

    /// The name used in check codes, e.g. `l1-hit`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::L1Hit => "l1-hit",
            Operation::L2Hit => "l2-hit",
            Operation::StorageRead => "storage-read",
            Operation::StorageWrite => "storage-write",
            Operation::ApiCached => "api-cached",
            Operation::ApiUncached => "api-uncached",
        }
    }

    /// The histogram series the operation is measured by.
    pub fn histogram(self) -> HistogramSelector<'static> {
        const GET: (&str, &str) = (label::OPERATION, ConfigOperation::Get.label());
        let (family, filter): (&str, &'static [(&str, &str)]) = match self {
            Operation::L1Hit => {
                (CACHE_OPERATION_DURATION.name, const { &[(label::TIER, Tier::L1.label())] })
            }
            Operation::L2Hit => {
                (CACHE_OPERATION_DURATION.name, const { &[(label::TIER, Tier::L2.label())] })
            }
            Operation::StorageRead => (
                STORAGE_OPERATION_DURATION.name,
                const { &[(label::OPERATION, StorageOperation::Read.label())] },
            ),
            Operation::StorageWrite => (
                STORAGE_OPERATION_DURATION.name,
                const { &[(label::OPERATION, StorageOperation::Write.label())] },
            ),
            Operation::ApiCached => (CONFIG_FAMILY.name, &[GET, (label::SOURCE, CACHED)]),
            Operation::ApiUncached => {
                (CONFIG_FAMILY.name, const { &[GET, (label::SOURCE, ReadSource::Storage.label())] })
            }
        };
        HistogramSelector { family, filter }
    }
}

/// The quantiles the runbook gives figures for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quantile {
    P50,
    P95,
    P99,
}

impl Quantile {
    pub const ALL: [Quantile; 3] = [Quantile::P50, Quantile::P95, Quantile::P99];

    /// `p50`, `p95`, `p99`.
    pub fn name(self) -> &'static str {
        match self {
            Quantile::P50 => "p50",
            Quantile::P95 => "p95",
            Quantile::P99 => "p99",
        }
    }

    /// 0.5, 0.95, 0.99.
    pub fn fraction(self) -> f64 {
        match self {
            Quantile::P50 => 0.5,
            Quantile::P95 => 0.95,
            Quantile::P99 => 0.99,
        }
    }
}

/// A histogram family and the label filter that picks the series to add
/// up. Each filter value is one value or a set written `a|b`, matching a
/// label equal to any of them (as PromQL's `label=~"a|b"` would).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistogramSelector<'a> {
    /// The family name, without `_bucket`, `_count` or `_sum`.
    pub family: &'a str,
    pub filter: &'a [(&'a str, &'a str)],
}

impl HistogramSelector<'_> {
    /// Whether a series whose label values `label` gives passes the
    /// filter.
    pub fn matches<'v>(&self, label: impl Fn(&str) -> Option<&'v str>) -> bool {
        self.filter.iter().all(|(name, allowed)| {
            label(name).is_some_and(|value| allowed.split('|').any(|a| a == value))
        })
    }
}

impl HistogramSelector<'_> {
    /// The PromQL selector of the family's `suffix` series (`_bucket`,
    /// `_count`, `_sum`, or empty), e.g.
    /// `family_count{label="value",other=~"a|b"}`.
    pub fn promql(&self, suffix: &str) -> String {
        let mut text = format!("{}{suffix}", self.family);
        if self.filter.is_empty() {
            return text;
        }
        let matchers: Vec<String> = self
            .filter
            .iter()
            .map(|(name, value)| {
                if value.contains('|') {
                    let alternatives: Vec<String> = value.split('|').map(regex_literal).collect();
                    format!("{name}=~{}", promql_string(&alternatives.join("|")))
                } else {
                    format!("{name}={}", promql_string(value))
                }
            })
            .collect();
        text.push('{');
        text.push_str(&matchers.join(","));
        text.push('}');
        text
    }
}

impl std::fmt::Display for HistogramSelector<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.promql(""))
    }
}

/// A PromQL double-quoted string literal.
fn promql_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '\\' | '"' => {
                quoted.push('\\');
                quoted.push(c);
            }
            '\n' => quoted.push_str("\\n"),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// `text` as a regular expression that matches only itself.
fn regex_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// One question of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Query {
    /// `histogram_quantile` of one runbook operation.
    OperationQuantile(Operation, Quantile),
    /// Observations per second of one runbook operation.
    OperationRate(Operation),
    /// `histogram_quantile` of every HTTP request.
    HttpQuantile(Quantile),
    /// `histogram_quantile` of HTTP requests, one series per route.
    HttpQuantileByRoute(Quantile),
    /// HTTP requests per second.
    HttpRequestRate,
    /// HTTP requests answered over the range.
    HttpRequests,
    /// HTTP requests the rate limit refused (429) over the range: 0 when
    /// none were but some requests were answered.
    HttpRateLimited,
    /// HTTP requests per second over the last minute only, for the trend
    /// against the whole window.
    HttpRequestRateLastMinute,
    /// Share of HTTP requests answered 5xx (0 when none were).
    HttpServerErrorRatio,
    /// The five (operation, source) pairs with the longest mean duration.
    SlowestOperations,
    /// Config operations performed over the range.
    ConfigOperations,
    /// Config operations that failed over the range: 0 when none did but
    /// some were performed, no data when Prometheus has no operations.
    ConfigErrors,
    /// Config reads over the range, one series per `source`: the tier
    /// that answered (L1, L2) or storage.
    ReadsBySource,
    /// `up` of every scrape target that exports the service's metrics.
    ServiceScraped,
}

impl Query {
    /// Every query the checks need, in a stable order.
    pub fn catalogue() -> Vec<Query> {
        let mut queries = Vec::new();
        for operation in Operation::ALL {
            queries.extend(Quantile::ALL.map(|q| Query::OperationQuantile(operation, q)));
            queries.push(Query::OperationRate(operation));
        }
        queries.extend(Quantile::ALL.map(Query::HttpQuantile));
        queries.extend(Quantile::ALL.map(Query::HttpQuantileByRoute));
        queries.extend([
            Query::HttpRequestRate,
            Query::HttpRequestRateLastMinute,
            Query::HttpRequests,
            Query::HttpRateLimited,
            Query::HttpServerErrorRatio,
            Query::SlowestOperations,
            Query::ConfigOperations,
            Query::ConfigErrors,
            Query::ReadsBySource,
            Query::ServiceScraped,
        ]);
        queries
    }

    /// The stable key of the query's result, e.g. `l1-hit.p95`.
    pub fn key(self) -> String {
        match self {
            Query::OperationQuantile(operation, q) => format!("{}.{}", operation.name(), q.name()),
            Query::OperationRate(operation) => format!("{}.rate", operation.name()),
            Query::HttpQuantile(q) => format!("http.{}", q.name()),
            Query::HttpQuantileByRoute(q) => format!("http.by-route.{}", q.name()),
            Query::HttpRequestRate => "http.rate".to_owned(),
            Query::HttpRequestRateLastMinute => "http.rate.last-minute".to_owned(),
            Query::HttpRequests => "http.increase".to_owned(),
            Query::HttpRateLimited => "http.429.increase".to_owned(),
            Query::HttpServerErrorRatio => "http.5xx-ratio".to_owned(),
            Query::SlowestOperations => "slowest-operations".to_owned(),
            Query::ConfigOperations => "operations.increase".to_owned(),
            Query::ConfigErrors => "errors.increase".to_owned(),
            Query::ReadsBySource => "reads.by-source".to_owned(),
            Query::ServiceScraped => "up".to_owned(),
        }
    }

    /// The PromQL of the query over `window`.
    pub fn promql(self, window: Duration) -> String {
        let range = promql_duration(window);
        let quantile = |q: Quantile, by: &str, series: String| {
            format!("histogram_quantile({}, sum by ({by}) (rate({series}[{range}])))", q.fraction())
        };
        let config = &CONFIG_OPERATION_DURATION;
        let requests = HTTP_REQUESTS.name;
        match self {
            Query::OperationQuantile(operation, q) => {
                quantile(q, "le", operation.histogram().promql("_bucket"))
            }
            Query::OperationRate(operation) => {
                format!("sum(rate({}[{range}]))", operation.histogram().promql("_count"))
            }
            Query::HttpQuantile(q) => quantile(q, "le", HTTP_REQUEST_DURATION.promql("_bucket")),
            Query::HttpQuantileByRoute(q) => {
                quantile(q, "le, route", HTTP_REQUEST_DURATION.promql("_bucket"))
            }
            Query::HttpRequestRate => format!("sum(rate({requests}[{range}]))"),
            Query::HttpRequestRateLastMinute => format!("sum(rate({requests}[1m]))"),
            Query::HttpRequests => format!("sum(increase({requests}[{range}]))"),
            Query::HttpRateLimited => format!(
                "sum(increase({requests}{{{status}=\"{TOO_MANY_REQUESTS}\"}}[{range}])) \
                 or 0 * sum(increase({requests}[{range}]))",
                status = label::STATUS,
            ),
            Query::HttpServerErrorRatio => format!(
                "(sum(rate({requests}{{{status}=~\"5..\"}}[{range}])) or vector(0)) \
                 / sum(rate({requests}[{range}]))",
                status = label::STATUS,
            ),
            Query::SlowestOperations => format!(
                "topk(5, sum by (operation, source) (rate({}[{range}])) \
                 / sum by (operation, source) (rate({}[{range}])))",
                config.promql("_sum"),
                config.promql("_count")
            ),
            Query::ConfigOperations => {
                format!("sum(increase({}[{range}]))", CONFIG_OPERATIONS.name)
            }
            // No error series (nothing ever failed) is zero of the
            // operations, not zero of nothing.
            Query::ConfigErrors => format!(
                "sum(increase({}[{range}])) or 0 * sum(increase({}[{range}]))",
                CONFIG_ERRORS.name, CONFIG_OPERATIONS.name
            ),
            Query::ReadsBySource => format!(
                "sum by ({}) (increase({}[{range}]))",
                label::SOURCE,
                READS.promql("_count")
            ),
            // The targets whose scrapes carried config_operations_total in
            // the last hour, with their current `up` (0 while one is down).
            Query::ServiceScraped => format!(
                "up and on (job, instance) \
                 count by (job, instance) (last_over_time({}[1h]))",
                CONFIG_OPERATIONS.name
            ),
        }
    }
}

/// `(key, promql)` of every query of the catalogue over `window`.
pub fn catalogue(window: Duration) -> Vec<(String, String)> {
    Query::catalogue().into_iter().map(|query| (query.key(), query.promql(window))).collect()
}

/// A service level objective of the runbook's `[objectives]`: the share
/// of events that must be good over its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Objective {
    /// Config operations that succeed (`config_errors_total` of
    /// `config_operations_total` are the bad ones).
    Availability,
    /// HTTP requests answered within the objective's bound (those over
    /// the `http_request_duration_seconds` bucket of the bound are bad).
    Latency,
}

impl Objective {
    pub const ALL: [Objective; 2] = [Objective::Availability, Objective::Latency];

    pub fn name(self) -> &'static str {
        match self {
            Objective::Availability => "availability",
            Objective::Latency => "latency",
        }
    }

    /// What the objective counts, plural: `operations`, `requests`.
    pub fn noun(self) -> &'static str {
        match self {
            Objective::Availability => "operations",
            Objective::Latency => "requests",
        }
    }

    /// The key of the answer: its bad or all events over `window`, e.g.
    /// `availability.bad.3600s`.
    pub fn key(self, bad: bool, window: Duration) -> String {
        let part = if bad { "bad" } else { "all" };
        format!("{}.{part}.{}", self.name(), promql_duration(window))
    }

    /// The PromQL of the events over `window`: the bad ones (missed the
    /// objective; zero when none did but some happened), or all of them.
    /// `latency_bound_seconds` names the bucket a good request lands in.
    pub fn promql(self, bad: bool, window: Duration, latency_bound_seconds: f64) -> String {
        let range = promql_duration(window);
        let count = HTTP_REQUEST_DURATION.promql("_count");
        match (self, bad) {
            (Objective::Availability, false) => {
                format!("sum(increase({}[{range}]))", CONFIG_OPERATIONS.name)
            }
            (Objective::Availability, true) => format!(
                "sum(increase({}[{range}])) or 0 * sum(increase({}[{range}]))",
                CONFIG_ERRORS.name, CONFIG_OPERATIONS.name
            ),
            (Objective::Latency, false) => format!("sum(increase({count}[{range}]))"),
            (Objective::Latency, true) => format!(
                "sum(increase({count}[{range}])) - sum(increase({}{{le=\"{latency_bound_seconds}\"}}[{range}]))",
                HTTP_REQUEST_DURATION.promql("_bucket")
            ),
        }
    }
}

/// `(key, promql)` of every objective's bad and all events over each of
/// `windows`.
pub fn objective_catalogue(
    windows: &[Duration],
    latency_bound_seconds: f64,
) -> Vec<(String, String)> {
    let mut queries = Vec::new();
    for objective in Objective::ALL {
        for &window in windows {
            for bad in [true, false] {
                queries.push((
                    objective.key(bad, window),
                    objective.promql(bad, window, latency_bound_seconds),
                ));
            }
        }
    }
    queries.sort();
    queries.dedup();
    queries
}

/// A PromQL range: whole seconds as `60s`, anything finer in milliseconds.
fn promql_duration(window: Duration) -> String {
    if window.subsec_millis() == 0 {
        format!("{}s", window.as_secs().max(1))
    } else {
        format!("{}ms", window.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_reads_are_those_of_either_tier() {
        let tiers = [ReadSource::L1, ReadSource::L2].map(ReadSource::label);
        assert_eq!(CACHED, tiers.join("|"));
    }

    #[test]
    fn selectors_render_as_promql() {
        let selector = HistogramSelector {
            family: "h",
            filter: &[("op", "get"), ("source", "l1|l2"), ("odd", "a\"b"), ("dots", "a.b|c")],
        };
        assert_eq!(
            selector.promql("_bucket"),
            r#"h_bucket{op="get",source=~"l1|l2",odd="a\"b",dots=~"a\\.b|c"}"#
        );
        assert_eq!(HistogramSelector { family: "h", filter: &[] }.promql("_count"), "h_count");
        let dotted = HistogramSelector { family: "h", filter: &[("dots", "a.b|c")] };
        assert!(dotted.matches(|name| (name == "dots").then_some("a.b")));
        assert!(!dotted.matches(|name| (name == "dots").then_some("axb")));
        assert!(!dotted.matches(|_| None));
    }

    #[test]
    fn objectives_count_their_bad_and_all_events() {
        let hour = Duration::from_secs(3600);
        assert_eq!(Objective::Latency.key(true, hour), "latency.bad.3600s");
        assert_eq!(
            Objective::Latency.promql(true, hour, 0.1),
            "sum(increase(http_request_duration_seconds_count[3600s])) - \
             sum(increase(http_request_duration_seconds_bucket{le=\"0.1\"}[3600s]))"
        );
        assert_eq!(
            Objective::Availability.promql(true, hour, 0.1),
            "sum(increase(config_errors_total[3600s])) or 0 * \
             sum(increase(config_operations_total[3600s]))"
        );
        let twice = objective_catalogue(&[hour, hour, Duration::from_secs(300)], 0.1);
        assert_eq!(twice.len(), 2 * 2 * 2, "a window named twice is asked once");
    }

    #[test]
    fn the_catalogue_has_one_query_per_key() {
        let queries = catalogue(RANGE);
        let keys: std::collections::BTreeSet<&str> =
            queries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys.len(), queries.len());
        assert_eq!(queries.len(), 6 * 4 + 3 * 2 + 10);
        let promql: std::collections::BTreeMap<&str, &str> =
            queries.iter().map(|(k, q)| (k.as_str(), q.as_str())).collect();
        assert_eq!(
            promql["l1-hit.p95"],
            r#"histogram_quantile(0.95, sum by (le) (rate(cache_operation_duration_seconds_bucket{tier="l1"}[300s])))"#
        );
        assert_eq!(
            promql["api-cached.rate"],
            r#"sum(rate(config_operation_duration_seconds_count{operation="get",source=~"l1|l2"}[300s]))"#
        );
        assert_eq!(
            promql["reads.by-source"],
            r#"sum by (source) (increase(config_operation_duration_seconds_count{operation="get"}[300s]))"#
        );
        assert_eq!(
            promql["errors.increase"],
            "sum(increase(config_errors_total[300s])) or 0 * sum(increase(config_operations_total[300s]))"
        );
        assert_eq!(
            promql["http.by-route.p99"],
            "histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[300s])))"
        );
        assert_eq!(
            Query::HttpRequestRate.promql(Duration::from_millis(12_345)),
            "sum(rate(http_requests_total[12345ms]))"
        );
    }
}
