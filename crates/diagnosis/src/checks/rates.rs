//! Rates and quantiles of the runbook's operations and of the HTTP API:
//! the one place checks ask for them.
//!
//! Two methods answer. Prometheus, when that source has data for the
//! question, over the runbook's range (`ratios.range-seconds`); otherwise
//! the deltas of the scrapes of `/metrics` over the widest honest window
//! ([`crate::analysis::span`]: since the service started, when that was
//! within the range; else since a previous run's kept scrape, or over the
//! run's sampling window), with quantiles interpolated exactly as `histogram_quantile`
//! does ([`crate::analysis::quantile`]). An answer comes whole from one method and
//! says which, and over what window: never Prometheus quantiles beside a
//! scrape-delta rate. A sampling window that saw none of an operation
//! takes its quantiles from every observation since the service started,
//! and its provenance says so; its rate stays the window's (zero).

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::analysis::counters::{Counter, ScrapeCounters};
use crate::analysis::quantile::{
    HistogramDelta, histogram_delta, histogram_deltas_by, histogram_totals,
};
use crate::catalogue::{
    CONFIG_OPERATION_DURATION, HTTP_REQUEST_DURATION, HistogramSelector, Operation, Quantile,
    Query, READS,
};
use crate::evidence::prometheus::{PrometheusEvidence, QueryAnswer};
use crate::evidence::{Evidence, MetricsWindow};
use contract::metrics::{
    CONFIG_ERRORS, CONFIG_OPERATIONS, HTTP_REQUESTS, ReadSource, TOO_MANY_REQUESTS, label,
};

/// How many operations "slowest operations" lists.
const SLOWEST_LISTED: usize = 5;

/// Which method produced an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Prometheus,
    ScrapeDeltas,
}

impl Method {
    /// `prometheus` or `scrape deltas`.
    pub fn label(self) -> &'static str {
        match self {
            Method::Prometheus => "prometheus",
            Method::ScrapeDeltas => "scrape deltas",
        }
    }
}

/// Where an answer comes from and what span it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub method: Method,
    /// The Prometheus base URL or the metrics URL.
    pub url: String,
    pub window_seconds: f64,
    /// The window is the service's whole life: it started within the
    /// runbook's range ([`crate::analysis::span`]).
    pub since_start: bool,
    /// When Prometheus's span ended, for a run of the past (`--at`).
    pub ending: Option<DateTime<Utc>>,
    /// The quantiles are of every observation since the service started:
    /// the window saw none.
    pub quantiles_since_start: bool,
}

impl std::fmt::Display for Provenance {
    /// E.g. `prometheus http://localhost:9091/ over 300s`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = (self.window_seconds * 10.0).round() / 10.0;
        write!(f, "{} {} over {seconds}s", self.method.label(), self.url)?;
        if let Some(ending) = self.ending {
            write!(f, " ending {}", crate::evidence::rfc3339(ending))?;
        }
        if self.since_start {
            f.write_str(" since the service started")?;
        }
        if self.quantiles_since_start {
            f.write_str(" (quantiles since the service started: none in the window)")?;
        }
        Ok(())
    }
}

/// P50, P95 and P99 in seconds; `None` when the window saw no observation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Quantiles {
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
}

impl Quantiles {
    pub fn get(&self, q: Quantile) -> Option<f64> {
        match q {
            Quantile::P50 => self.p50,
            Quantile::P95 => self.p95,
            Quantile::P99 => self.p99,
        }
    }

    fn try_from_fn<E>(
        mut value: impl FnMut(Quantile) -> Result<Option<f64>, E>,
    ) -> Result<Quantiles, E> {
        Ok(Quantiles {
            p50: value(Quantile::P50)?,
            p95: value(Quantile::P95)?,
            p99: value(Quantile::P99)?,
        })
    }
}

/// Latency and rate of one runbook operation over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationStats {
    pub quantiles: Quantiles,
    /// Observations per second.
    pub rate: f64,
    pub provenance: Provenance,
}

/// Latency, rate and server errors of the HTTP API over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpStats {
    /// Every route together.
    pub quantiles: Quantiles,
    /// By route template; routes without requests in the window are absent.
    pub by_route: BTreeMap<String, Quantiles>,
    /// Requests per second.
    pub request_rate: f64,
    /// Share (0-1) of requests answered 5xx; `None` without requests.
    pub server_error_ratio: Option<f64>,
    pub provenance: Provenance,
}

/// One (operation, source) pair and its mean duration.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationMean {
    pub operation: String,
    pub source: String,
    pub mean_seconds: f64,
}

/// The operations with the longest mean duration over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct SlowestOperations {
    /// At most five, slowest first; only pairs observed in the window.
    pub slowest: Vec<OperationMean>,
    pub provenance: Provenance,
}

/// Events of one kind among all of a window's (failed operations among
/// operations, refused requests among requests).
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    pub part: f64,
    pub whole: f64,
    pub provenance: Provenance,
}

/// Config reads over a window, by what answered them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reads {
    pub l1: f64,
    pub l2: f64,
    pub storage: f64,
}

impl Reads {
    /// Reads answered without storage: by L1 or L2.
    pub fn cached(&self) -> f64 {
        self.l1 + self.l2
    }

    pub fn total(&self) -> f64 {
        self.l1 + self.l2 + self.storage
    }

    fn add(&mut self, source: &str, count: f64) {
        match source {
            s if s == ReadSource::L1.label() => self.l1 += count,
            s if s == ReadSource::L2.label() => self.l2 += count,
            _ => self.storage += count,
        }
    }
}

/// Failed config operations over all of them
/// (`config_errors_total` over `config_operations_total`).
pub fn operation_errors(evidence: &Evidence) -> Result<Counted, String> {
    counted(
        evidence,
        (Query::ConfigOperations, Counter::new(CONFIG_OPERATIONS.name, &[])),
        (Query::ConfigErrors, Counter::new(CONFIG_ERRORS.name, &[])),
    )
}

/// Requests the rate limit refused (`http_requests_total{status="429"}`)
/// over all requests.
pub fn refused_requests(evidence: &Evidence) -> Result<Counted, String> {
    const REFUSED: &[(&str, &str)] = &[(label::STATUS, TOO_MANY_REQUESTS)];
    counted(
        evidence,
        (Query::HttpRequests, Counter::new(HTTP_REQUESTS.name, &[])),
        (Query::HttpRateLimited, Counter::new(HTTP_REQUESTS.name, REFUSED)),
    )
}

/// A part of a whole over the window: Prometheus's answers to the two
/// queries when it has data for the whole, else the increase of the two
/// counters between the scrapes, where a part with no series yet counts
/// nothing (none has happened).
fn counted(
    evidence: &Evidence,
    (whole_query, whole): (Query, Counter<'_>),
    (part_query, part): (Query, Counter<'_>),
) -> Result<Counted, String> {
    either_method(
        evidence,
        |prometheus| {
            Ok(Counted {
                whole: value(prometheus, whole_query)?,
                part: value(prometheus, part_query)?,
                provenance: prometheus_provenance(prometheus),
            })
        },
        |window, seconds| {
            let total = window
                .increase_of(&[whole])
                .ok_or_else(|| format!("{} has no series {}", window.url, whole.name))?;
            Ok(Counted {
                part: window.increase_of(&[part]).unwrap_or(0.0),
                whole: total,
                provenance: scrape_provenance(window, seconds),
            })
        },
    )
}

/// Config reads by the tier that answered them (the `source` of
/// `config_operation_duration_seconds{operation="get"}`, one observation
/// per read), from Prometheus when it has data, else from the scrape
/// deltas.
pub fn reads(evidence: &Evidence) -> Result<(Reads, Provenance), String> {
    either_method(
        evidence,
        |prometheus| {
            let QueryAnswer::Data { samples } = answer(prometheus, Query::ReadsBySource)? else {
                return Err(format!("no data for {}", Query::ReadsBySource.key()));
            };
            let mut reads = Reads::default();
            for sample in samples {
                reads
                    .add(sample.labels.get(label::SOURCE).map_or("", String::as_str), sample.value);
            }
            Ok((reads, prometheus_provenance(prometheus)))
        },
        |window, seconds| {
            let by_source = reads_by_source(|name, filter| window.increase(name, filter));
            by_source
                .map(|reads| (reads, scrape_provenance(window, seconds)))
                .ok_or_else(|| format!("{} has no series {READS}", window.url))
        },
    )
}

/// Config reads by source since the service started (the newest scrape's
/// totals): context, never a current figure. `None` without the series.
pub fn reads_since_start(window: &MetricsWindow) -> Option<Reads> {
    let latest = window.latest();
    reads_by_source(|name, filter| latest.sum(name, filter))
}

/// Reads by source, each counted by `count(series, filter)`.
fn reads_by_source(count: impl Fn(&str, &[(&str, &str)]) -> Option<f64>) -> Option<Reads> {
    let name = format!("{}_count", READS.family);
    let mut reads = Reads::default();
    let mut any = false;
    for source in ReadSource::ALL {
        let filter = [READS.filter[0], (label::SOURCE, source.label())];
        if let Some(value) = count(&name, &filter) {
            any = true;
            reads.add(source.label(), value);
        }
    }
    any.then_some(reads)
}

/// P50/P95/P99 and rate of `operation`, from Prometheus when it has data
/// for the operation's rate, else from the scrape deltas.
pub fn operation_stats(
    evidence: &Evidence,
    operation: Operation,
) -> Result<OperationStats, String> {
    either_method(
        evidence,
        |prometheus| {
            let rate = value(prometheus, Query::OperationRate(operation))?;
            let quantiles = Quantiles::try_from_fn(|q| {
                optional_value(prometheus, Query::OperationQuantile(operation, q))
            })?;
            Ok(OperationStats { quantiles, rate, provenance: prometheus_provenance(prometheus) })
        },
        |window, seconds| {
            let selector = operation.histogram();
            let delta = histogram_delta(window, &selector)
                .ok_or_else(|| format!("{} has no series {selector}", window.url))?;
            let rate = delta.count / seconds;
            let (observed, since_start) = observed_or_totals(window, &selector, delta);
            Ok(OperationStats {
                quantiles: Quantiles::try_from_fn(|q| {
                    Ok::<_, String>(observed.quantile(q.fraction()))
                })?,
                rate,
                provenance: Provenance {
                    quantiles_since_start: since_start,
                    ..scrape_provenance(window, seconds)
                },
            })
        },
    )
}

/// HTTP latency (all routes and per route), request rate and 5xx share,
/// from Prometheus when it has data for the request rate, else from the
/// scrape deltas.
pub fn http_stats(evidence: &Evidence) -> Result<HttpStats, String> {
    either_method(evidence, http_from_prometheus, http_from_scrapes)
}

fn http_from_prometheus(prometheus: &PrometheusEvidence) -> Result<HttpStats, String> {
    let request_rate = value(prometheus, Query::HttpRequestRate)?;
    let quantiles = Quantiles::try_from_fn(|q| optional_value(prometheus, Query::HttpQuantile(q)))?;
    let mut by_route: BTreeMap<String, Quantiles> = BTreeMap::new();
    for q in Quantile::ALL {
        let QueryAnswer::Data { samples } = answer(prometheus, Query::HttpQuantileByRoute(q))?
        else {
            continue;
        };
        for sample in samples {
            let route = sample.labels.get(label::ROUTE).cloned().unwrap_or_default();
            let entry = by_route.entry(route).or_default();
            match q {
                Quantile::P50 => entry.p50 = Some(sample.value),
                Quantile::P95 => entry.p95 = Some(sample.value),
                Quantile::P99 => entry.p99 = Some(sample.value),
            }
        }
    }
    Ok(HttpStats {
        quantiles,
        by_route,
        request_rate,
        server_error_ratio: optional_value(prometheus, Query::HttpServerErrorRatio)?,
        provenance: prometheus_provenance(prometheus),
    })
}

fn http_from_scrapes(window: &MetricsWindow, seconds: f64) -> Result<HttpStats, String> {
    const REQUESTS: &str = HTTP_REQUESTS.name;
    let requests = window
        .increase(REQUESTS, &[])
        .ok_or_else(|| format!("{} has no series {REQUESTS}", window.url))?;
    let mut server_errors = 0.0;
    let mut statuses: Vec<&str> = window
        .latest()
        .series
        .iter()
        .filter(|s| s.name() == REQUESTS)
        .filter_map(|s| s.label(label::STATUS))
        .filter(|status| status.starts_with('5'))
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    for status in statuses {
        server_errors += window.increase(REQUESTS, &[(label::STATUS, status)]).unwrap_or(0.0);
    }
    let quantiles_of = |delta: &HistogramDelta| {
        Quantiles::try_from_fn(|q| Ok::<_, String>(delta.quantile(q.fraction())))
    };
    let (quantiles, since_start) = match histogram_delta(window, &HTTP_REQUEST_DURATION) {
        Some(delta) => {
            let (observed, since_start) = observed_or_totals(window, &HTTP_REQUEST_DURATION, delta);
            (quantiles_of(&observed)?, since_start)
        }
        None => (Quantiles::default(), false),
    };
    let mut by_route = BTreeMap::new();
    for (mut key, delta) in histogram_deltas_by(window, &HTTP_REQUEST_DURATION, &[label::ROUTE]) {
        if delta.count > 0.0 {
            by_route.insert(key.remove(0), quantiles_of(&delta)?);
        }
    }
    Ok(HttpStats {
        quantiles,
        by_route,
        request_rate: requests / seconds,
        server_error_ratio: (requests > 0.0).then(|| server_errors / requests),
        provenance: Provenance {
            quantiles_since_start: since_start,
            ..scrape_provenance(window, seconds)
        },
    })
}

/// The window's observations, or when it saw none every observation since
/// the service started (and `true`): on a quiet service the lifetime
/// quantiles say more than no answer, and the provenance says which.
fn observed_or_totals(
    window: &MetricsWindow,
    selector: &HistogramSelector<'_>,
    delta: HistogramDelta,
) -> (HistogramDelta, bool) {
    if delta.count > 0.0 {
        return (delta, false);
    }
    match histogram_totals(window, selector) {
        Some(totals) if totals.count > 0.0 => (totals, true),
        _ => (delta, false),
    }
}

/// The (operation, source) pairs with the longest mean duration, from
/// Prometheus when it has data, else from the scrape deltas.
pub fn slowest_operations(evidence: &Evidence) -> Result<SlowestOperations, String> {
    either_method(
        evidence,
        |prometheus| {
            let QueryAnswer::Data { samples } = answer(prometheus, Query::SlowestOperations)?
            else {
                return Err(format!("no data for {}", Query::SlowestOperations.key()));
            };
            let means = samples.iter().map(|sample| {
                let value = |name: &str| sample.labels.get(name).cloned().unwrap_or_default();
                OperationMean {
                    operation: value(label::OPERATION),
                    source: value(label::SOURCE),
                    mean_seconds: sample.value,
                }
            });
            Ok(SlowestOperations {
                slowest: slowest_first(means),
                provenance: prometheus_provenance(prometheus),
            })
        },
        |window, seconds| {
            let groups = histogram_deltas_by(
                window,
                &CONFIG_OPERATION_DURATION,
                &[label::OPERATION, label::SOURCE],
            );
            if groups.is_empty() {
                return Err(format!("{} has no series {CONFIG_OPERATION_DURATION}", window.url));
            }
            let means = groups.into_iter().filter_map(|(key, delta)| {
                let [operation, source] = <[String; 2]>::try_from(key).ok()?;
                Some(OperationMean { operation, source, mean_seconds: delta.mean()? })
            });
            Ok(SlowestOperations {
                slowest: slowest_first(means),
                provenance: scrape_provenance(window, seconds),
            })
        },
    )
}

fn slowest_first(means: impl Iterator<Item = OperationMean>) -> Vec<OperationMean> {
    let mut means: Vec<OperationMean> = means.collect();
    means.sort_by(|a, b| b.mean_seconds.total_cmp(&a.mean_seconds));
    means.truncate(SLOWEST_LISTED);
    means
}

/// An answer of [`either_method`], which says where it came from and
/// how many events it counts.
trait Answer {
    fn provenance_mut(&mut self) -> &mut Provenance;

    /// The events the answer counts (observations, requests, operations,
    /// reads): too few in the present, and a wider window is taken.
    fn events(&self) -> f64;
}

impl Answer for OperationStats {
    fn provenance_mut(&mut self) -> &mut Provenance {
        &mut self.provenance
    }

    /// A quantile is judged on what the window observed; only a window
    /// that observed nothing widens (the warm-up must not dilute a fault).
    fn events(&self) -> f64 {
        if self.rate > 0.0 { f64::INFINITY } else { 0.0 }
    }
}

impl Answer for HttpStats {
    fn provenance_mut(&mut self) -> &mut Provenance {
        &mut self.provenance
    }

    /// As for [`OperationStats`]: its quantiles lead.
    fn events(&self) -> f64 {
        if self.request_rate > 0.0 { f64::INFINITY } else { 0.0 }
    }
}

impl Answer for Counted {
    fn provenance_mut(&mut self) -> &mut Provenance {
        &mut self.provenance
    }

    fn events(&self) -> f64 {
        self.whole
    }
}

impl Answer for SlowestOperations {
    fn provenance_mut(&mut self) -> &mut Provenance {
        &mut self.provenance
    }

    /// A mean needs one observation: only a window with none widens.
    fn events(&self) -> f64 {
        if self.slowest.is_empty() { 0.0 } else { f64::INFINITY }
    }
}

impl Answer for (Reads, Provenance) {
    fn provenance_mut(&mut self) -> &mut Provenance {
        &mut self.1
    }

    fn events(&self) -> f64 {
        self.0.total()
    }
}

/// The answer of the first method that has one; both reasons otherwise.
/// Prometheus's answer for a past time says when its span ended; a run
/// of the past has no scrapes (a live look), and says so.
fn either_method<T: Answer>(
    evidence: &Evidence,
    from_prometheus: impl FnOnce(&PrometheusEvidence) -> Result<T, String>,
    from_scrapes: impl Fn(&MetricsWindow, f64) -> Result<T, String>,
) -> Result<T, String> {
    let prometheus_reason = match &evidence.prometheus {
        Some(Ok(prometheus)) => match from_prometheus(prometheus) {
            Ok(mut answer) => {
                answer.provenance_mut().ending = evidence.past.map(|past| past.at);
                return Ok(answer);
            }
            Err(reason) => reason,
        },
        Some(Err(error)) => error.to_string(),
        None => "not queried".to_owned(),
    };
    if let Some(past) = &evidence.past {
        return Err(format!(
            "Prometheus had no answer for {}: {prometheus_reason}; the service's own metrics \
             are a live look, not read for a past time",
            past.describe()
        ));
    }
    let scrape_reason = match &evidence.metrics {
        Some(Ok(window)) if let Some(reason) = super::common::foreign_metrics(window) => reason,
        Some(Ok(window)) => {
            // The present, unless it holds too few of the answer's events
            // and a wider honest window exists ([`MetricsWindow::for_events`]).
            let present = over_scrapes(window, &from_scrapes);
            let events = present.as_ref().map_or(0.0, Answer::events);
            let answer = match window.for_events(|_| events) {
                Cow::Borrowed(_) => present,
                Cow::Owned(wider) => over_scrapes(&wider, &from_scrapes),
            };
            match answer {
                Ok(answer) => return Ok(answer),
                Err(reason) => reason,
            }
        }
        Some(Err(error)) => error.to_string(),
        None => "the metrics were not scraped".to_owned(),
    };
    Err(format!("Prometheus: {prometheus_reason}; scrape deltas: {scrape_reason}"))
}

/// The answer of `from_scrapes` over `window`, or why the window spans
/// nothing.
fn over_scrapes<T>(
    window: &MetricsWindow,
    from_scrapes: &impl Fn(&MetricsWindow, f64) -> Result<T, String>,
) -> Result<T, String> {
    match window.window_seconds() {
        Some(seconds) if seconds > 0.0 => from_scrapes(window, seconds),
        Some(_) => Err(format!("the two scrapes of {} carry the same time", window.url)),
        None => {
            Err(format!("{} was scraped once: the second scrape missed the deadline", window.url))
        }
    }
}

fn prometheus_provenance(prometheus: &PrometheusEvidence) -> Provenance {
    Provenance {
        method: Method::Prometheus,
        url: prometheus.url.clone(),
        window_seconds: prometheus.window_seconds,
        since_start: false,
        ending: None,
        quantiles_since_start: false,
    }
}

fn scrape_provenance(window: &MetricsWindow, seconds: f64) -> Provenance {
    Provenance {
        method: Method::ScrapeDeltas,
        url: window.url.clone(),
        window_seconds: seconds,
        since_start: window.counted_from_start.is_some(),
        ending: None,
        quantiles_since_start: false,
    }
}

/// Prometheus's answer to `query`: data or no data; anything else is the
/// reason Prometheus cannot answer it.
fn answer(prometheus: &PrometheusEvidence, query: Query) -> Result<&QueryAnswer, String> {
    let key = query.key();
    match prometheus.answer(query) {
        Some(Ok(QueryAnswer::Error { error_type, error })) => {
            Err(format!("{key}: Prometheus refused the query ({error_type}: {error})"))
        }
        Some(Ok(answer)) => Ok(answer),
        Some(Err(error)) => Err(format!("{key}: {error}")),
        None => Err(format!("{key} was not asked")),
    }
}

/// The single value of `query`; no data is a reason to look elsewhere.
fn value(prometheus: &PrometheusEvidence, query: Query) -> Result<f64, String> {
    optional_value(prometheus, query)?.ok_or_else(|| format!("no data for {}", query.key()))
}

/// The single value of `query`, `None` for no data.
fn optional_value(prometheus: &PrometheusEvidence, query: Query) -> Result<Option<f64>, String> {
    match answer(prometheus, query)? {
        QueryAnswer::NoData => Ok(None),
        data => data
            .single_value()
            .map(Some)
            .ok_or_else(|| format!("{} answered several series", query.key())),
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::catalogue::RANGE;
    use crate::evidence::prometheus::{QueryResult, QuerySample};
    use crate::evidence::{MetricsSample, Series, SourceError};

    /// One histogram series: family, labels, and the cumulative counts of
    /// the buckets 0.001, 0.01 and +Inf.
    type HistogramSpec<'a> = (&'a str, &'a [(&'a str, &'a str)], [f64; 3]);

    /// A scrape holding histogram series, each observation counted as 2 ms
    /// in `_sum`, plus `http_requests_total` by status.
    fn sample(
        at: i64,
        histograms: &[HistogramSpec<'_>],
        requests: &[(&str, f64)],
    ) -> MetricsSample {
        let mut series = Vec::new();
        for (family, pairs, counts) in histograms {
            let labels = pairs.iter().copied();
            for (le, count) in ["0.001", "0.01", "+Inf"].iter().zip(counts) {
                let with_le = labels.clone().chain([("le", *le)]);
                series.push(Series::new(&format!("{family}_bucket"), with_le, *count));
            }
            series.push(Series::new(&format!("{family}_count"), labels.clone(), counts[2]));
            series.push(Series::new(&format!("{family}_sum"), labels, counts[2] * 0.002));
        }
        for (status, count) in requests {
            let labels = [("route", "/health"), ("status", *status)];
            series.push(Series::new("http_requests_total", labels, *count));
        }
        MetricsSample { scraped_at: DateTime::from_timestamp(at, 0).unwrap(), series }
    }

    const CACHE: &str = "cache_operation_duration_seconds";
    const CONFIG: &str = "config_operation_duration_seconds";
    const HTTP: &str = "http_request_duration_seconds";

    /// Ten seconds in which L1 saw 100 lookups (80 under 1 ms), gets were
    /// answered by L1 (10), L2 (10) and storage (4), and /health got 50
    /// requests of which 5 failed with a 503.
    fn scrapes() -> Evidence {
        let first = sample(
            0,
            &[
                (CACHE, &[("tier", "l1")], [10.0, 10.0, 10.0]),
                (CONFIG, &[("operation", "get"), ("source", "l1")], [0.0, 0.0, 0.0]),
                (CONFIG, &[("operation", "get"), ("source", "l2")], [0.0, 0.0, 0.0]),
                (HTTP, &[("route", "/health")], [0.0, 0.0, 0.0]),
            ],
            &[("200", 100.0)],
        );
        let second = sample(
            10,
            &[
                (CACHE, &[("tier", "l1")], [90.0, 110.0, 110.0]),
                (CONFIG, &[("operation", "get"), ("source", "l1")], [10.0, 10.0, 10.0]),
                (CONFIG, &[("operation", "get"), ("source", "l2")], [0.0, 10.0, 10.0]),
                (CONFIG, &[("operation", "get"), ("source", "storage")], [0.0, 0.0, 4.0]),
                (HTTP, &[("route", "/health")], [50.0, 50.0, 50.0]),
            ],
            &[("200", 145.0), ("503", 5.0)],
        );
        let window = MetricsWindow::between("http://s/metrics".into(), first, Some(second));
        Evidence { metrics: Some(Ok(window)), ..Evidence::default() }
    }

    fn prometheus(answers: &[(Query, Outcome)]) -> PrometheusEvidence {
        PrometheusEvidence {
            url: "http://p:9091/".into(),
            evaluated_at: DateTime::from_timestamp(10, 0).unwrap(),
            window_seconds: 300.0,
            results: answers
                .iter()
                .map(|(query, answer)| {
                    let result =
                        QueryResult { promql: query.promql(RANGE), answer: answer.clone() };
                    (query.key(), result)
                })
                .collect(),
        }
    }

    type Outcome = crate::evidence::Outcome<QueryAnswer>;

    fn data(value: f64) -> Outcome {
        Ok(QueryAnswer::Data { samples: vec![QuerySample { labels: BTreeMap::new(), value }] })
    }

    fn l1_answers(rate: Outcome) -> Vec<(Query, Outcome)> {
        let op = Operation::L1Hit;
        vec![
            (Query::OperationRate(op), rate),
            (Query::OperationQuantile(op, Quantile::P50), data(0.0002)),
            (Query::OperationQuantile(op, Quantile::P95), data(0.0009)),
            (Query::OperationQuantile(op, Quantile::P99), Ok(QueryAnswer::NoData)),
        ]
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a value");
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn a_quiet_window_gives_quantiles_since_the_service_started() {
        // Ten L1 lookups long ago (all under 1 ms), none in the window.
        let quiet = sample(0, &[(CACHE, &[("tier", "l1")], [10.0, 10.0, 10.0])], &[]);
        let window = MetricsWindow::between(
            "http://s/metrics".into(),
            quiet.clone(),
            Some(MetricsSample { scraped_at: DateTime::from_timestamp(1, 0).unwrap(), ..quiet }),
        );
        let evidence = Evidence { metrics: Some(Ok(window)), ..Evidence::default() };
        let stats = operation_stats(&evidence, Operation::L1Hit).unwrap();
        assert_eq!(stats.rate, 0.0, "the window's rate, not the lifetime's");
        close(stats.quantiles.p50, 0.0005);
        assert!(stats.provenance.quantiles_since_start);
        assert!(
            stats
                .provenance
                .to_string()
                .ends_with("(quantiles since the service started: none in the window)")
        );
        // An operation never observed at all stays unanswered.
        let never = operation_stats(&evidence, Operation::L2Hit);
        assert!(never.is_err() || never.unwrap().quantiles.p50.is_none());
    }

    #[test]
    fn scrape_deltas_answer_without_prometheus() {
        let stats = operation_stats(&scrapes(), Operation::L1Hit).unwrap();
        assert_eq!(stats.provenance.method, Method::ScrapeDeltas);
        assert_eq!(stats.provenance.to_string(), "scrape deltas http://s/metrics over 10s");
        close(Some(stats.rate), 10.0);
        // 100 lookups: 80 in [0, 1 ms], 20 in (1, 10 ms].
        close(stats.quantiles.p50, 0.001 * 50.0 / 80.0);
        close(stats.quantiles.p95, 0.001 + 0.009 * 15.0 / 20.0);
        // 10 from L1 and 10 from L2, all under 10 ms.
        let cached = operation_stats(&scrapes(), Operation::ApiCached).unwrap();
        close(Some(cached.rate), 2.0);
        close(cached.quantiles.p50, 0.001);
        // 4 from storage, all over 10 ms: the highest finite bound.
        let uncached = operation_stats(&scrapes(), Operation::ApiUncached).unwrap();
        close(uncached.quantiles.p99, 0.01);
    }

    #[test]
    fn prometheus_answers_when_it_has_data_for_the_rate() {
        let mut evidence = scrapes();
        evidence.prometheus = Some(Ok(prometheus(&l1_answers(data(12.5)))));
        let stats = operation_stats(&evidence, Operation::L1Hit).unwrap();
        assert_eq!(stats.provenance.method, Method::Prometheus);
        assert_eq!(stats.rate, 12.5);
        assert_eq!(stats.quantiles, Quantiles { p50: Some(0.0002), p95: Some(0.0009), p99: None });
    }

    #[test]
    fn prometheus_without_data_or_with_errors_falls_back_whole() {
        let unanswered = [
            Ok(QueryAnswer::NoData),
            Ok(QueryAnswer::Error { error_type: "bad_data".into(), error: "parse error".into() }),
            Err(SourceError::TimedOut("late".into())),
        ];
        for rate in unanswered {
            let mut evidence = scrapes();
            evidence.prometheus = Some(Ok(prometheus(&l1_answers(rate.clone()))));
            let stats = operation_stats(&evidence, Operation::L1Hit).unwrap();
            assert_eq!(stats.provenance.method, Method::ScrapeDeltas, "{rate:?}");
        }
        // A quantile Prometheus refused sends the whole answer to the scrapes.
        let mut answers = l1_answers(data(12.5));
        answers[1].1 = Err(SourceError::Failed("HTTP 502".into()));
        let mut evidence = scrapes();
        evidence.prometheus = Some(Ok(prometheus(&answers)));
        let stats = operation_stats(&evidence, Operation::L1Hit).unwrap();
        assert_eq!(stats.provenance.method, Method::ScrapeDeltas);
        close(Some(stats.rate), 10.0);
    }

    #[test]
    fn with_neither_method_both_reasons_are_given() {
        let evidence = Evidence {
            prometheus: Some(Err(SourceError::Unavailable("connection refused".into()))),
            ..scrapes()
        };
        let reason = operation_stats(&evidence, Operation::L2Hit).unwrap_err();
        assert_eq!(
            reason,
            "Prometheus: connection refused; scrape deltas: \
             http://s/metrics has no series cache_operation_duration_seconds{tier=\"l2\"}"
        );
        let mut one_scrape = scrapes();
        if let Some(Ok(window)) = &mut one_scrape.metrics {
            window.second = None;
        }
        let reason = operation_stats(&one_scrape, Operation::L1Hit).unwrap_err();
        assert!(reason.starts_with("Prometheus: not queried; scrape deltas:"), "{reason}");
        assert!(reason.contains("scraped once"), "{reason}");
    }

    #[test]
    fn http_stats_from_scrapes() {
        let stats = http_stats(&scrapes()).unwrap();
        close(Some(stats.request_rate), 5.0);
        close(stats.server_error_ratio, 0.1);
        close(stats.quantiles.p50, 0.0005);
        assert_eq!(stats.by_route.keys().collect::<Vec<_>>(), ["/health"]);
        close(stats.by_route["/health"].p99, 0.00099);
    }

    #[test]
    fn http_stats_from_prometheus() {
        let route = |route: &str, value: f64| QuerySample {
            labels: [("route".to_owned(), route.to_owned())].into(),
            value,
        };
        let mut answers = vec![
            (Query::HttpRequestRate, data(40.0)),
            (Query::HttpServerErrorRatio, data(0.0)),
            (
                Query::HttpQuantileByRoute(Quantile::P95),
                Ok(QueryAnswer::Data { samples: vec![route("/health", 0.002), route("/x", 0.2)] }),
            ),
            (Query::HttpQuantileByRoute(Quantile::P50), Ok(QueryAnswer::NoData)),
            (Query::HttpQuantileByRoute(Quantile::P99), Ok(QueryAnswer::NoData)),
        ];
        answers.extend(Quantile::ALL.map(|q| (Query::HttpQuantile(q), data(0.003))));
        let evidence = Evidence { prometheus: Some(Ok(prometheus(&answers))), ..scrapes() };
        let stats = http_stats(&evidence).unwrap();
        assert_eq!(stats.provenance.method, Method::Prometheus);
        assert_eq!(stats.server_error_ratio, Some(0.0), "zero 5xx is zero, not no data");
        assert_eq!(stats.by_route["/x"], Quantiles { p50: None, p95: Some(0.2), p99: None });
        assert_eq!(stats.quantiles.p99, Some(0.003));
    }

    #[test]
    fn slowest_operations_both_ways() {
        let from_scrapes = slowest_operations(&scrapes()).unwrap();
        let pairs: Vec<(&str, &str)> = from_scrapes
            .slowest
            .iter()
            .map(|m| (m.operation.as_str(), m.source.as_str()))
            .collect();
        // Every pair's mean is 2 ms in the fixture; the storage pair had
        // no observations before the window and still counts.
        assert_eq!(pairs.len(), 3);
        close(Some(from_scrapes.slowest[0].mean_seconds), 0.002);
        let sample = |operation: &str, source: &str, value: f64| QuerySample {
            labels: [("operation".into(), operation.into()), ("source".into(), source.into())]
                .into(),
            value,
        };
        let top = Ok(QueryAnswer::Data {
            samples: vec![sample("get", "l1", 0.0001), sample("put", "storage", 0.004)],
        });
        let evidence = Evidence {
            prometheus: Some(Ok(prometheus(&[(Query::SlowestOperations, top)]))),
            ..scrapes()
        };
        let from_prometheus = slowest_operations(&evidence).unwrap();
        assert_eq!(from_prometheus.provenance.method, Method::Prometheus);
        assert_eq!(from_prometheus.slowest[0].operation, "put");
    }
}
