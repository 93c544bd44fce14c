//! The Prometheus HTTP API as a source: the catalogue of PromQL queries the
//! checks need, run concurrently as instant queries on `/api/v1/query`.
//!
//! The answers are kept as Prometheus gave them
//! ([`diagnosis::evidence::prometheus`] tells the four cases apart).
//!
//! Rates and quantiles are taken over the runbook's range
//! (`ratios.range-seconds`, by default five minutes), enough for a rate at any usual scrape interval
//! (a range needs at least two scrapes: twenty at the 15 s of Prometheus's
//! example configuration, five at its built-in 1 m). A Prometheus that
//! scrapes less often has no data for the range, and the checks fall back
//! to the scrape deltas. Prometheus adds up every instance it scrapes of
//! the service's metric names, where the scrape deltas see the one
//! instance `--metrics-url` names.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use url::Url;

use contract::metrics::{BUILD_INFO, PROCESS_START_TIME};
use diagnosis::catalogue::{catalogue, objective_catalogue};
use diagnosis::evidence::prometheus::{
    HistoryEvidence, PrometheusEvidence, QueryAnswer, QueryResult, QuerySample, RangeAnswer,
    RangeResult, RangeSeries, TimelineEvidence,
};
use diagnosis::evidence::{Outcome, SourceError};
use diagnosis::runbook::Objectives;

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
    query_all(client, base, catalogue(window), window, at, deadline).await
}

/// The service's own history ([`HistoryEvidence`]): the catalogue over
/// `window`, `offset` before `at`, and the events of `objectives` over
/// each of their windows ending at `at`, all concurrently. Without
/// objectives their part holds no answer.
pub async fn query_history(
    client: &reqwest::Client,
    base: &Url,
    window: Duration,
    at: DateTime<Utc>,
    offset: Duration,
    objectives: Option<&Objectives>,
    deadline: Instant,
) -> Outcome<HistoryEvidence> {
    let earlier = at - chrono::Duration::from_std(offset).unwrap_or_default();
    let (queries, period) = match objectives {
        Some(objectives) => (
            objective_catalogue(&objectives.windows(), objectives.latency_ms / 1e3),
            objectives.period(),
        ),
        None => (Vec::new(), Duration::ZERO),
    };
    let (usual, objectives) = tokio::join!(
        query_catalogue(client, base, window, earlier, deadline),
        query_all(client, base, queries, period, at, deadline),
    );
    Ok(HistoryEvidence { offset_seconds: offset.as_secs(), usual: usual?, objectives: objectives? })
}

/// The most points Prometheus answers in one range query.
pub const MAX_POINTS: u64 = 11_000;

/// The catalogue over `window` at every `step` from `start` to `end`, the
/// start times of the service's targets and its builds, as range queries
/// run concurrently; a query still unanswered at `deadline` timed out.
/// When no query got an answer at all, the source failed with the first
/// reason.
pub async fn query_timeline(
    client: &reqwest::Client,
    base: &Url,
    window: Duration,
    (start, end, step): (DateTime<Utc>, DateTime<Utc>, Duration),
    deadline: Instant,
) -> Outcome<TimelineEvidence> {
    let range = |promql: String| async move {
        let answer = tokio::time::timeout_at(
            deadline.into(),
            query_range(client, base, &promql, (start, end, step)),
        )
        .await
        .unwrap_or_else(|_| {
            Err(SourceError::TimedOut(format!(
                "{} gave no answer before the deadline",
                diagnosis::redact::url(base)
            )))
        });
        match answer {
            Ok((answer, warnings)) => RangeResult { promql, answer: Ok(answer), warnings },
            Err(error) => RangeResult { promql, answer: Err(error), warnings: Vec::new() },
        }
    };
    let queries = catalogue(window);
    let (answers, starts, builds) = tokio::join!(
        futures_util::future::join_all(queries.iter().map(|(_, promql)| range(promql.clone()))),
        range(service_targets(PROCESS_START_TIME)),
        range(BUILD_INFO.name.to_owned()),
    );
    if let Some(Err(first)) = answers.first().map(|result| &result.answer)
        && answers.iter().all(|result| result.answer.is_err())
    {
        return Err(first.clone());
    }
    Ok(TimelineEvidence {
        url: diagnosis::redact::url(base),
        start,
        end,
        step_seconds: step.as_secs(),
        window_seconds: window.as_secs_f64(),
        results: queries.into_iter().map(|(key, _)| key).zip(answers).collect(),
        starts,
        builds,
    })
}

/// `series` of the targets whose scrapes carry the service's metrics.
fn service_targets(series: &str) -> String {
    format!(
        "{series} and on (job, instance) count by (job, instance) ({})",
        contract::metrics::CONFIG_OPERATIONS.name
    )
}

/// One range query from `start` to `end` every `step`: its answer and
/// what Prometheus warned of.
async fn query_range(
    client: &reqwest::Client,
    base: &Url,
    promql: &str,
    (start, end, step): (DateTime<Utc>, DateTime<Utc>, Duration),
) -> Outcome<(RangeAnswer, Vec<String>)> {
    let mut url = api_url(base, "api/v1/query_range");
    url.query_pairs_mut()
        .append_pair("query", promql)
        .append_pair("start", &start.timestamp().to_string())
        .append_pair("end", &end.timestamp().to_string())
        .append_pair("step", &format!("{}s", step.as_secs().max(1)));
    let shown = diagnosis::redact::url(base);
    let response = client.get(url).send().await.map_err(|e| super::http::source_error(base, &e))?;
    let status = response.status();
    let body = super::http::read_body(base, response).await?;
    parse_range(status, &body).map_err(|reason| SourceError::Failed(format!("{shown}: {reason}")))
}

/// A matrix series.
#[derive(Deserialize)]
struct MatrixSeries {
    metric: BTreeMap<String, String>,
    values: Vec<(f64, String)>,
}

/// Reads the API's answer to a range query; `Err` when the body is not one.
fn parse_range(
    status: reqwest::StatusCode,
    body: &[u8],
) -> Result<(RangeAnswer, Vec<String>), String> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(|e| {
        format!("answered HTTP {status} with a body that is not a Prometheus API response ({e})")
    })?;
    let warnings = envelope.warnings.clone().unwrap_or_default();
    match envelope.status.as_str() {
        "success" => {}
        "error" => {
            let error_type = envelope.error_type.unwrap_or_else(|| "unknown".to_owned());
            let error = envelope.error.unwrap_or_default();
            return Ok((RangeAnswer::Error { error_type, error }, warnings));
        }
        other => return Err(format!("answered HTTP {status} with status {other:?}")),
    }
    let Some(Data { result_type, result }) = envelope.data else {
        return Err("answered success without data".to_owned());
    };
    if result_type != "matrix" {
        return Err(format!("answered a range query with a {result_type}"));
    }
    let series = serde_json::from_value::<Vec<MatrixSeries>>(result)
        .map_err(|e| format!("answered a malformed matrix ({e})"))?
        .into_iter()
        .map(|series| RangeSeries {
            labels: series.metric,
            points: series
                .values
                .into_iter()
                .filter_map(|(t, value)| {
                    let value = value.parse::<f64>().ok().filter(|v| v.is_finite())?;
                    Some((t.round() as i64, value))
                })
                .collect(),
        })
        .collect();
    Ok((RangeAnswer::Series { series }, warnings))
}

/// Runs `queries` (key, PromQL) concurrently, all evaluated at `at`; a
/// query still unanswered at `deadline` timed out. When no query got an
/// answer at all, the source failed with the first reason.
async fn query_all(
    client: &reqwest::Client,
    base: &Url,
    queries: Vec<(String, String)>,
    window: Duration,
    at: DateTime<Utc>,
    deadline: Instant,
) -> Outcome<PrometheusEvidence> {
    let answers = futures_util::future::join_all(queries.iter().map(|(_, promql)| async {
        tokio::time::timeout_at(deadline.into(), query(client, base, promql, at))
            .await
            .unwrap_or_else(|_| {
                Err(SourceError::TimedOut(format!(
                    "{} gave no answer before the deadline",
                    diagnosis::redact::url(base)
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
        url: diagnosis::redact::url(base),
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
    let shown = diagnosis::redact::url(base);
    let response = client.get(url).send().await.map_err(|e| super::http::source_error(base, &e))?;
    let status = response.status();
    let body = super::http::read_body(base, response).await?;
    parse_answer(status, &body).map_err(|reason| SourceError::Failed(format!("{shown}: {reason}")))
}

/// `<base>/api/v1/query?query=...&time=...`, keeping any path prefix of
/// `base` (a Prometheus behind `--web.route-prefix`).
fn query_url(base: &Url, promql: &str, at: DateTime<Utc>) -> Url {
    let mut url = api_url(base, "api/v1/query");
    url.query_pairs_mut()
        .append_pair("query", promql)
        .append_pair("time", &format!("{:.3}", at.timestamp_millis() as f64 / 1e3));
    url
}

/// `<base>/<path>`, keeping any path prefix of `base`.
fn api_url(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    url.join(path).expect("a relative path joins onto an http URL")
}

/// The API's envelope.
#[derive(Deserialize)]
struct Envelope {
    status: String,
    data: Option<Data>,
    #[serde(rename = "errorType")]
    error_type: Option<String>,
    error: Option<String>,
    /// Partial data, a limit hit: said beside the answer.
    warnings: Option<Vec<String>>,
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

/// [`parse_answer`] with the HTTP status as a number, for the fuzz targets.
#[doc(hidden)]
pub fn parse_answer_with_status(status: u16, body: &[u8]) -> Result<QueryAnswer, String> {
    let status = reqwest::StatusCode::from_u16(status).unwrap_or(reqwest::StatusCode::OK);
    parse_answer(status, body)
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
