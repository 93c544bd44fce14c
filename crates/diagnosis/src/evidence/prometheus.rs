//! What Prometheus answered to the catalogue of queries
//! ([`crate::catalogue::Query`]), evaluated at one instant.
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

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Outcome;
use crate::catalogue::Query;

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

/// The service's own history: the catalogue over the same span
/// `offset_seconds` earlier, and the events of the runbook's objectives
/// over each burn-rate window, ending when the run judges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEvidence {
    pub offset_seconds: u64,
    /// The catalogue, evaluated `offset_seconds` before the run's time.
    pub usual: PrometheusEvidence,
    /// By [`crate::catalogue::Objective::key`]; `window_seconds` is the
    /// objectives' period.
    pub objectives: PrometheusEvidence,
}

impl PrometheusEvidence {
    /// The answer by key, for queries outside the catalogue (objectives).
    pub fn answer_by_key(&self, key: &str) -> Option<&Outcome<QueryAnswer>> {
        self.results.get(key).map(|result| &result.answer)
    }
}

/// What Prometheus answered to range queries: the catalogue at every step
/// of a span (`timeline`), and the service's start times and builds over
/// it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvidence {
    pub url: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub step_seconds: u64,
    /// The range of the rate and quantile queries at each step.
    pub window_seconds: f64,
    /// By [`Query::key`].
    pub results: BTreeMap<String, RangeResult>,
    /// `process_start_time_seconds` of every target exporting the
    /// service's metrics.
    pub starts: RangeResult,
    /// The service's build info, a series per version.
    pub builds: RangeResult,
}

impl TimelineEvidence {
    /// The steps of the span, in order.
    pub fn steps(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let step = chrono::Duration::seconds(self.step_seconds.max(1) as i64);
        std::iter::successors(Some(self.start), move |t| Some(*t + step))
            .take_while(|t| *t <= self.end)
    }

    /// The catalogue's answers at `at`, as an instant query there would
    /// give them: a series with no point at that step is absent.
    pub fn at(&self, at: DateTime<Utc>) -> PrometheusEvidence {
        let results = self
            .results
            .iter()
            .map(|(key, range)| {
                let answer = range.answer.clone().map(|answer| answer.at(at.timestamp()));
                (key.clone(), QueryResult { promql: range.promql.clone(), answer })
            })
            .collect();
        PrometheusEvidence {
            url: self.url.clone(),
            evaluated_at: at,
            window_seconds: self.window_seconds,
            results,
        }
    }
}

/// One range query and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RangeResult {
    pub promql: String,
    pub answer: Outcome<RangeAnswer>,
    /// What Prometheus warned of (partial data, a limit hit), verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// What Prometheus answered to a range query: series of points, or a
/// Prometheus error (kept as [`QueryAnswer::Error`] keeps it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RangeAnswer {
    Series { series: Vec<RangeSeries> },
    Error { error_type: String, error: String },
}

/// One series of a range answer: its labels and its points as (unix
/// seconds, value), NaN and infinities left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RangeSeries {
    pub labels: BTreeMap<String, String>,
    pub points: Vec<(i64, f64)>,
}

impl RangeAnswer {
    /// The answer an instant query at `at` (unix seconds) would give.
    pub fn at(&self, at: i64) -> QueryAnswer {
        match self {
            RangeAnswer::Error { error_type, error } => {
                QueryAnswer::Error { error_type: error_type.clone(), error: error.clone() }
            }
            RangeAnswer::Series { series } => {
                let samples: Vec<QuerySample> = series
                    .iter()
                    .filter_map(|series| {
                        let at = series.points.binary_search_by_key(&at, |(t, _)| *t).ok()?;
                        Some(QuerySample {
                            labels: series.labels.clone(),
                            value: series.points[at].1,
                        })
                    })
                    .collect();
                if samples.is_empty() { QueryAnswer::NoData } else { QueryAnswer::Data { samples } }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::SourceError;

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
}
