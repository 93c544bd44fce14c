//! The Prometheus HTTP API as a source: the catalogue of PromQL queries the
//! checks need, run concurrently as instant queries on `/api/v1/query`.
//!
//! Each answer is kept as Prometheus gave it, telling apart four cases
//! that mean different things to a check:
//!
//! - data: a vector (or scalar) with at least one number;
//! - no data: an empty vector, or only NaN. Not zero: the series do not
//!   exist, or nothing happened to measure (a quantile of no observations,
//!   0/0). A query that must say zero when nothing failed is written to
//!   say it (`or vector(0)`);
//! - a Prometheus error (`status: error`, with its `errorType`, such as
//!   `bad_data` for a PromQL syntax error);
//! - no answer: the network, HTTP or a body that is not the API's, which
//!   is the [`Outcome`]'s error.
//!
//! Rates and quantiles are taken over [`RANGE`], five minutes: the
//! runbook's own range, and enough for a rate at any usual scrape interval
//! (a range needs at least two scrapes: twenty at the 15 s of Prometheus's
//! example configuration, five at its built-in 1 m). A Prometheus that
//! scrapes less often has no data for the range, and the checks fall back
//! to the scrape deltas. Prometheus adds up every instance it scrapes of
//! the service's metric names, where the scrape deltas see the one
//! instance `--metrics-url` names.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::checks::rates::{CONFIG_OPERATION_DURATION, HTTP_REQUEST_DURATION, Operation, Quantile};
use crate::evidence::{Outcome, SourceError};

/// The range of every rate and quantile query.
pub const RANGE: Duration = Duration::from_secs(300);

/// What Prometheus answered to the catalogue, evaluated at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrometheusEvidence {
    /// The Prometheus base URL, password hidden.
    pub url: String,
    /// The instant every query was evaluated at.
    pub evaluated_at: DateTime<Utc>,
    /// The range of the rate and quantile queries.
    pub window_seconds: f64,
    /// By [`Query::key`].
    pub results: BTreeMap<String, QueryResult>,
}

impl PrometheusEvidence {
    /// The answer to `query`; `None` when it was not asked.
    pub fn answer(&self, query: Query) -> Option<&Outcome<QueryAnswer>> {
        self.results.get(&query.key()).map(|result| &result.answer)
    }
}

/// One query of the catalogue and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    pub promql: String,
    pub answer: Outcome<QueryAnswer>,
}

/// What Prometheus answered to one query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QueryAnswer {
    /// At least one series with a number (NaN and infinite samples left
    /// out: they are not measurements, and JSON cannot carry them).
    Data { samples: Vec<QuerySample> },
    /// An empty vector, or NaN only: nothing to measure, which is not zero.
    NoData,
    /// `status: error`: Prometheus understood the request and refused it.
    Error { error_type: String, error: String },
}

impl QueryAnswer {
    /// The value of an answer of exactly one series (what `sum(...)`
    /// gives); `None` for no data, an error, or several series.
    pub fn single_value(&self) -> Option<f64> {
        match self {
            QueryAnswer::Data { samples } if samples.len() == 1 => Some(samples[0].value),
            _ => None,
        }
    }
}

/// One series of an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuerySample {
    pub labels: BTreeMap<String, String>,
    pub value: f64,
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
    /// HTTP requests per second over the last minute only, for the trend
    /// against the whole window.
    HttpRequestRateLastMinute,
    /// Share of HTTP requests answered 5xx (0 when none were).
    HttpServerErrorRatio,
    /// The five (operation, source) pairs with the longest mean duration.
    SlowestOperations,
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
            Query::HttpServerErrorRatio,
            Query::SlowestOperations,
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
            Query::HttpServerErrorRatio => "http.5xx-ratio".to_owned(),
            Query::SlowestOperations => "slowest-operations".to_owned(),
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
            Query::HttpRequestRate => format!("sum(rate(http_requests_total[{range}]))"),
            Query::HttpRequestRateLastMinute => "sum(rate(http_requests_total[1m]))".to_owned(),
            Query::HttpServerErrorRatio => format!(
                "(sum(rate(http_requests_total{{status=~\"5..\"}}[{range}])) or vector(0)) \
                 / sum(rate(http_requests_total[{range}]))"
            ),
            Query::SlowestOperations => format!(
                "topk(5, sum by (operation, source) (rate({}[{range}])) \
                 / sum by (operation, source) (rate({}[{range}])))",
                config.promql("_sum"),
                config.promql("_count")
            ),
            // The targets whose scrapes carried config_operations_total in
            // the last hour, with their current `up` (0 while one is down).
            Query::ServiceScraped => "up and on (job, instance) \
                 count by (job, instance) (last_over_time(config_operations_total[1h]))"
                .to_owned(),
        }
    }
}

/// `(key, promql)` of every query of the catalogue over `window`.
pub fn catalogue(window: Duration) -> Vec<(String, String)> {
    Query::catalogue().into_iter().map(|query| (query.key(), query.promql(window))).collect()
}

/// A PromQL range: whole seconds as `60s`, anything finer in milliseconds.
fn promql_duration(window: Duration) -> String {
    if window.subsec_millis() == 0 {
        format!("{}s", window.as_secs().max(1))
    } else {
        format!("{}ms", window.as_millis())
    }
}

/// Runs every query of the catalogue over `window`, concurrently, all
/// evaluated at `at`; a query still unanswered at `deadline` timed out.
/// When no query got an answer at all, the source failed with the first
/// reason.
pub async fn query_catalogue(
    client: &reqwest::Client,
    base: &Url,
    window: Duration,
    at: DateTime<Utc>,
    deadline: Instant,
) -> Outcome<PrometheusEvidence> {
    let queries = catalogue(window);
    let answers = futures_util::future::join_all(queries.iter().map(|(_, promql)| async {
        tokio::time::timeout_at(deadline.into(), query(client, base, promql, at))
            .await
            .unwrap_or_else(|_| {
                Err(SourceError::TimedOut(format!(
                    "{} gave no answer before the deadline",
                    crate::redact::url(base)
                )))
            })
    }))
    .await;
    if let Some(Err(first)) = answers.first()
        && answers.iter().all(Result::is_err)
    {
        return Err(first.clone());
    }
    let results = queries
        .into_iter()
        .zip(answers)
        .map(|((key, promql), answer)| (key, QueryResult { promql, answer }))
        .collect();
    Ok(PrometheusEvidence {
        url: crate::redact::url(base),
        evaluated_at: at,
        window_seconds: window.as_secs_f64(),
        results,
    })
}

/// One instant query, evaluated at `at`.
pub async fn query(
    client: &reqwest::Client,
    base: &Url,
    promql: &str,
    at: DateTime<Utc>,
) -> Outcome<QueryAnswer> {
    let url = query_url(base, promql, at);
    let shown = crate::redact::url(base);
    let response = client.get(url).send().await.map_err(|e| super::http::source_error(base, &e))?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| super::http::source_error(base, &e))?;
    parse_answer(status, &body).map_err(|reason| SourceError::Failed(format!("{shown}: {reason}")))
}

/// `<base>/api/v1/query?query=...&time=...`, keeping any path prefix of
/// `base` (a Prometheus behind `--web.route-prefix`).
fn query_url(base: &Url, promql: &str, at: DateTime<Utc>) -> Url {
    let mut url = base.clone();
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    let mut url = url.join("api/v1/query").expect("a relative path joins onto an http URL");
    url.query_pairs_mut()
        .append_pair("query", promql)
        .append_pair("time", &format!("{:.3}", at.timestamp_millis() as f64 / 1e3));
    url
}

/// The API's envelope.
#[derive(Deserialize)]
struct Envelope {
    status: String,
    data: Option<Data>,
    #[serde(rename = "errorType")]
    error_type: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: serde_json::Value,
}

#[derive(Deserialize)]
struct VectorSample {
    metric: BTreeMap<String, String>,
    value: SampleValue,
}

/// `[unix_seconds, "value"]`: the value is a string, for NaN and ±Inf.
type SampleValue = (serde::de::IgnoredAny, String);

/// The number of a sample, if it is one a check can use.
fn finite((_, value): &SampleValue) -> Option<f64> {
    value.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads the API's answer; `Err` when the body is not one.
fn parse_answer(status: reqwest::StatusCode, body: &[u8]) -> Result<QueryAnswer, String> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(|e| {
        format!("answered HTTP {status} with a body that is not a Prometheus API response ({e})")
    })?;
    match envelope.status.as_str() {
        "success" => {}
        "error" => {
            return Ok(QueryAnswer::Error {
                error_type: envelope.error_type.unwrap_or_else(|| "unknown".to_owned()),
                error: envelope.error.unwrap_or_default(),
            });
        }
        other => return Err(format!("answered HTTP {status} with status {other:?}")),
    }
    let Some(Data { result_type, result }) = envelope.data else {
        return Err("answered success without data".to_owned());
    };
    let malformed = |e: serde_json::Error| format!("answered a malformed {result_type} ({e})");
    let samples: Vec<QuerySample> = match result_type.as_str() {
        "vector" => serde_json::from_value::<Vec<VectorSample>>(result)
            .map_err(malformed)?
            .into_iter()
            .filter_map(|s| Some(QuerySample { value: finite(&s.value)?, labels: s.metric }))
            .collect(),
        "scalar" => finite(&serde_json::from_value::<SampleValue>(result).map_err(malformed)?)
            .map(|value| QuerySample { labels: BTreeMap::new(), value })
            .into_iter()
            .collect(),
        // `matrix` and `string`: no instant query of the catalogue gives them.
        other => return Err(format!("answered an instant query with a {other}")),
    };
    Ok(if samples.is_empty() { QueryAnswer::NoData } else { QueryAnswer::Data { samples } })
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;

    use super::*;

    fn parse(status: u16, body: &str) -> Result<QueryAnswer, String> {
        parse_answer(StatusCode::from_u16(status).unwrap(), body.as_bytes())
    }

    #[test]
    fn data_keeps_labels_and_values() {
        let body = r#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"route":"/health"},"value":[1700000000.5,"0.0042"]},
            {"metric":{"route":"/api"},"value":[1700000000.5,"NaN"]}]}}"#;
        let answer = parse(200, body).unwrap();
        let QueryAnswer::Data { samples } = &answer else { panic!("{answer:?}") };
        assert_eq!(samples.len(), 1, "the NaN series is not a measurement");
        assert_eq!(samples[0].labels["route"], "/health");
        assert_eq!(answer.single_value(), Some(0.0042));
    }

    #[test]
    fn empty_and_nan_are_no_data_and_zero_is_data() {
        let empty = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
        assert_eq!(parse(200, empty), Ok(QueryAnswer::NoData));
        let nan = r#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{},"value":[1,"NaN"]}]}}"#;
        assert_eq!(parse(200, nan), Ok(QueryAnswer::NoData));
        let inf = r#"{"status":"success","data":{"resultType":"scalar","result":[1,"+Inf"]}}"#;
        assert_eq!(parse(200, inf), Ok(QueryAnswer::NoData));
        let zero = r#"{"status":"success","data":{"resultType":"scalar","result":[1,"0"]}}"#;
        assert_eq!(parse(200, zero).unwrap().single_value(), Some(0.0));
    }

    #[test]
    fn prometheus_errors_are_answers() {
        let body = r#"{"status":"error","errorType":"bad_data","error":"1:5: parse error"}"#;
        assert_eq!(
            parse(400, body),
            Ok(QueryAnswer::Error {
                error_type: "bad_data".into(),
                error: "1:5: parse error".into()
            })
        );
    }

    #[test]
    fn other_bodies_are_failures() {
        let page = parse(502, "<html>Bad Gateway</html>").unwrap_err();
        assert!(page.contains("HTTP 502") && page.contains("not a Prometheus"), "{page}");
        let matrix = r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
        assert!(parse(200, matrix).unwrap_err().contains("with a matrix"));
        assert!(parse(200, r#"{"status":"success"}"#).is_err());
        assert!(
            parse(
                200,
                r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}}"#
            )
            .is_err()
        );
    }

    #[test]
    fn the_catalogue_has_one_query_per_key() {
        let queries = catalogue(RANGE);
        let keys: std::collections::BTreeSet<&str> =
            queries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys.len(), queries.len());
        assert_eq!(queries.len(), 6 * 4 + 3 * 2 + 5);
        let promql: BTreeMap<&str, &str> =
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
            promql["http.by-route.p99"],
            "histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[300s])))"
        );
        assert_eq!(
            Query::HttpRequestRate.promql(Duration::from_millis(12_345)),
            "sum(rate(http_requests_total[12345ms]))"
        );
    }

    #[test]
    fn evidence_survives_a_round_trip_through_json() {
        let mut results = BTreeMap::new();
        let answers = [
            Ok(QueryAnswer::Data {
                samples: vec![QuerySample {
                    labels: [("job".into(), "a".into())].into(),
                    value: 1.0,
                }],
            }),
            Ok(QueryAnswer::NoData),
            Ok(QueryAnswer::Error { error_type: "bad_data".into(), error: "e".into() }),
            Err(SourceError::Unavailable("refused".into())),
        ];
        for (n, answer) in answers.into_iter().enumerate() {
            results.insert(n.to_string(), QueryResult { promql: "up".into(), answer });
        }
        let evidence = PrometheusEvidence {
            url: "http://p:9091/".into(),
            evaluated_at: DateTime::from_timestamp(1, 0).unwrap(),
            window_seconds: 300.0,
            results,
        };
        let json = serde_json::to_string(&evidence).unwrap();
        assert!(json.contains(r#""kind":"no_data""#), "{json}");
        assert_eq!(serde_json::from_str::<PrometheusEvidence>(&json).unwrap(), evidence);
    }

    #[test]
    fn query_urls_keep_a_path_prefix() {
        let at = DateTime::from_timestamp_millis(1_700_000_000_250).unwrap();
        let url = query_url(&Url::parse("http://p:9091/prom").unwrap(), "up == 1", at);
        assert_eq!(
            url.as_str(),
            "http://p:9091/prom/api/v1/query?query=up+%3D%3D+1&time=1700000000.250"
        );
        let url = query_url(&Url::parse("http://p:9091").unwrap(), "up", at);
        assert_eq!(url.path(), "/api/v1/query");
    }
}
