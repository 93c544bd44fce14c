//! When the service changed, over a span of its Prometheus history: every
//! check Prometheus can answer, judged at each step by the judges a run
//! uses (through [`crate::judge`], so a status here is the one
//! `quick --at` gives for that instant), the statuses that changed and the
//! top cause at each change; the service's restarts (a new
//! `process_start_time_seconds`) and deploys (a new version of its build
//! info).
//!
//! Pure: judges a [`TimelineEvidence`], does no I/O.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::checks::{self, Section, Source};
use crate::evidence::prometheus::{RangeAnswer, RangeSeries, TimelineEvidence};
use crate::evidence::{Evidence, PastWindow};
use crate::report::Status;
use crate::runbook::Runbook;
use contract::metrics::label;

/// Version of the timeline's JSON layout.
pub const SCHEMA_VERSION: u32 = 1;

/// What changed over the span, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Always `timeline`: what the document is.
    pub kind: String,
    pub schema_version: u32,
    /// The Prometheus asked, password hidden.
    pub url: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub step_seconds: u64,
    /// The range of every rate and quantile at each step.
    pub window_seconds: f64,
    /// The checks judged at each step.
    pub checks: Vec<String>,
    /// What Prometheus warned of, and queries it did not answer: figures
    /// they feed are UNKNOWN at the steps they miss, never a guess.
    pub warnings: Vec<String>,
    /// The checks Prometheus had nothing for at any step (an operation
    /// the service never performs, a tier it does not run): named here
    /// rather than listed as UNKNOWN at every step.
    pub not_measured: Vec<String>,
    /// The worst status any other check had at any step; UNKNOWN when no
    /// check could be judged at any step.
    pub worst: Status,
    pub entries: Vec<Entry>,
}

/// One change, at one time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub event: Event,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// A check's status changed (`from` is absent at the first step, for
    /// a check that was not OK when the span began).
    Status {
        code: String,
        from: Option<Status>,
        to: Status,
        summary: String,
        /// The likely cause ranked first at that step, if any.
        top_cause: Option<String>,
    },
    /// A target of the service started again: its start time changed.
    Restart { instance: String },
    /// A target of the service runs another build than before.
    Deploy { instance: String, from_version: Option<String>, to_version: String },
}

/// The checks a timeline judges: those of every section but `history`
/// that Prometheus alone answers.
pub fn checks_judged() -> Vec<&'static checks::Check> {
    let sections: Vec<Section> =
        Section::ALL.into_iter().filter(|section| *section != Section::History).collect();
    checks::select(&sections, &BTreeSet::from([Source::Prometheus]))
}

/// Judges every step of `evidence`.
pub fn judge(evidence: &TimelineEvidence, runbook: &Runbook) -> Timeline {
    let checks = checks_judged();
    let mut entries = Vec::new();
    let mut last: BTreeMap<&str, Status> = BTreeMap::new();
    let mut judged: BTreeSet<&str> = BTreeSet::new();
    let window = evidence.window_seconds.round() as u64;
    for at in evidence.steps() {
        let step = Evidence {
            prometheus: Some(Ok(evidence.at(at))),
            past: Some(PastWindow { at, seconds: window }),
            ..Evidence::default()
        };
        let (findings, causes) = crate::judge(checks.iter().copied(), &step, runbook);
        let top_cause = causes.first().map(|cause| cause.cause.clone());
        for (check, finding) in checks.iter().zip(findings) {
            if finding.status != Status::Unknown {
                judged.insert(check.code);
            }
            let from = last.insert(check.code, finding.status);
            let changed = match from {
                Some(from) => from != finding.status,
                None => finding.status != Status::Ok,
            };
            if changed {
                let event = Event::Status {
                    code: check.code.to_owned(),
                    from,
                    to: finding.status,
                    summary: finding.summary,
                    top_cause: top_cause.clone(),
                };
                entries.push(Entry { at, event });
            }
        }
    }
    // A check Prometheus never answered for is named once, and weighs
    // nothing; when none was ever answered, the span was not seen.
    let not_measured: Vec<String> = checks
        .iter()
        .filter(|check| !judged.contains(check.code))
        .map(|check| check.code.to_owned())
        .collect();
    entries.retain(|entry| match &entry.event {
        Event::Status { code, .. } => judged.contains(code.as_str()),
        Event::Restart { .. } | Event::Deploy { .. } => true,
    });
    let worst = match judged.is_empty() {
        true => Status::Unknown,
        false => entries
            .iter()
            .filter_map(|entry| match &entry.event {
                Event::Status { to, .. } => Some(*to),
                Event::Restart { .. } | Event::Deploy { .. } => None,
            })
            .fold(Status::Ok, Status::worst),
    };
    entries.extend(restarts(evidence));
    entries.extend(deploys(evidence));
    entries.sort_by_key(|entry| entry.at);
    Timeline {
        kind: "timeline".to_owned(),
        schema_version: SCHEMA_VERSION,
        url: evidence.url.clone(),
        start: evidence.start,
        end: evidence.end,
        step_seconds: evidence.step_seconds,
        window_seconds: evidence.window_seconds,
        checks: checks.iter().map(|check| check.code.to_owned()).collect(),
        warnings: warnings(evidence),
        not_measured,
        worst,
        entries,
    }
}

/// Prometheus's warnings, and the queries it did not answer, once each.
fn warnings(evidence: &TimelineEvidence) -> Vec<String> {
    let mut said = BTreeSet::new();
    let named = evidence
        .results
        .iter()
        .map(|(key, result)| (key.as_str(), result))
        .chain([("start times", &evidence.starts), ("builds", &evidence.builds)]);
    for (key, result) in named {
        for warning in &result.warnings {
            said.insert(format!("Prometheus warned: {warning}"));
        }
        match &result.answer {
            Err(error) => {
                said.insert(format!("{key}: {error}"));
            }
            Ok(RangeAnswer::Error { error_type, error }) => {
                said.insert(format!("{key}: Prometheus refused the query ({error_type}: {error})"));
            }
            Ok(RangeAnswer::Series { .. }) => {}
        }
    }
    said.into_iter().collect()
}

/// The series of a range answer, none when it has no data.
fn series(answer: &crate::evidence::Outcome<RangeAnswer>) -> &[RangeSeries] {
    match answer {
        Ok(RangeAnswer::Series { series }) => series,
        _ => &[],
    }
}

/// `instance` of a series, else its labels in words.
fn instance(series: &RangeSeries) -> String {
    series.labels.get("instance").cloned().unwrap_or_else(|| format!("{:?}", series.labels))
}

/// A time from unix seconds, which Prometheus gives.
fn time(seconds: f64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros((seconds * 1e6).round() as i64)
}

/// Each start of a target inside the span: a start time that changed,
/// at the new start time (the first one too, when it falls in the span).
fn restarts(evidence: &TimelineEvidence) -> Vec<Entry> {
    let mut entries = Vec::new();
    for target in series(&evidence.starts.answer) {
        let mut seen: Option<f64> = None;
        for &(_, started) in &target.points {
            if seen != Some(started) {
                seen = Some(started);
                if let Some(at) = time(started).filter(|at| *at > evidence.start) {
                    let event = Event::Restart { instance: instance(target) };
                    entries.push(Entry { at, event });
                }
            }
        }
    }
    entries.dedup();
    entries
}

/// Each change of a target's build version, at the first step the new
/// version was seen.
fn deploys(evidence: &TimelineEvidence) -> Vec<Entry> {
    let mut first_seen: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for build in series(&evidence.builds.answer) {
        let (Some(version), Some(&(at, _))) =
            (build.labels.get(label::VERSION), build.points.first())
        else {
            continue;
        };
        first_seen.entry(instance(build)).or_default().push((at, version.clone()));
    }
    let mut entries = Vec::new();
    for (instance, mut versions) in first_seen {
        versions.sort();
        for pair in versions.windows(2) {
            let ((_, from), (at, to)) = (&pair[0], &pair[1]);
            let Some(at) = DateTime::from_timestamp(*at, 0) else { continue };
            let event = Event::Deploy {
                instance: instance.clone(),
                from_version: Some(from.clone()),
                to_version: to.clone(),
            };
            entries.push(Entry { at, event });
        }
    }
    entries
}

impl Entry {
    /// The change in one line: `quick.recent-errors OK → CRITICAL: ...
    /// (top cause: storage-failing)`, `restart of host:9090`, `deploy of
    /// host:9090: 0.1.0 → 0.2.0`.
    pub fn describe(&self) -> String {
        match &self.event {
            Event::Status { code, from, to, summary, top_cause } => {
                let from = from.map_or_else(|| "at the start".to_owned(), |from| from.to_string());
                let cause = top_cause
                    .as_ref()
                    .map_or_else(String::new, |cause| format!(" (top cause: {cause})"));
                format!("{code} {from} → {to}: {summary}{cause}")
            }
            Event::Restart { instance } => format!("restart of {instance}"),
            Event::Deploy { instance, from_version, to_version } => format!(
                "deploy of {instance}: {} → {to_version}",
                from_version.as_deref().unwrap_or("?")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Query, RANGE};
    use crate::evidence::prometheus::RangeResult;

    const T: i64 = 1_700_000_000;

    fn range(series: Vec<RangeSeries>) -> RangeResult {
        RangeResult {
            promql: String::new(),
            answer: Ok(RangeAnswer::Series { series }),
            warnings: Vec::new(),
        }
    }

    fn series(labels: &[(&str, &str)], points: &[(i64, f64)]) -> RangeSeries {
        RangeSeries {
            labels: labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            points: points.to_vec(),
        }
    }

    /// Three steps a minute apart: 1000 operations in each window, 100 of
    /// them failed in the last; the target restarted between the second
    /// and the third step, into a new build.
    fn evidence() -> TimelineEvidence {
        let steps = |values: [f64; 3]| {
            range(vec![series(&[], &[(T, values[0]), (T + 60, values[1]), (T + 120, values[2])])])
        };
        let results = [
            (Query::ConfigOperations.key(), steps([1000.0, 1000.0, 1000.0])),
            (Query::ConfigErrors.key(), steps([0.0, 0.0, 100.0])),
        ]
        .into_iter()
        .collect();
        let target = [("instance", "h:9090")];
        let started =
            [(T, (T - 600) as f64), (T + 60, (T - 600) as f64), (T + 120, (T + 90) as f64)];
        let old = [("instance", "h:9090"), ("version", "0.1.0")];
        let new = [("instance", "h:9090"), ("version", "0.2.0")];
        TimelineEvidence {
            url: "http://p:9091/".into(),
            start: DateTime::from_timestamp(T, 0).unwrap(),
            end: DateTime::from_timestamp(T + 120, 0).unwrap(),
            step_seconds: 60,
            window_seconds: RANGE.as_secs_f64(),
            results,
            starts: range(vec![series(&target, &started)]),
            builds: range(vec![
                series(&old, &[(T, 1.0), (T + 60, 1.0)]),
                series(&new, &[(T + 120, 1.0)]),
            ]),
        }
    }

    #[test]
    fn changes_restarts_and_deploys_in_time_order() {
        let timeline = judge(&evidence(), &Runbook::embedded());
        let described: Vec<(i64, String)> = timeline
            .entries
            .iter()
            .map(|entry| (entry.at.timestamp() - T, entry.describe()))
            .collect();
        assert_eq!(described.len(), 3, "{described:#?}");
        assert_eq!(described[0], (90, "restart of h:9090".to_owned()));
        assert_eq!(described[1].0, 120);
        assert!(
            described[1].1.starts_with("quick.recent-errors OK → CRITICAL: error rate 10% (100 of 1000 operations over the 300s ending "),
            "{described:#?}"
        );
        assert_eq!(described[2], (120, "deploy of h:9090: 0.1.0 → 0.2.0".to_owned()));
        assert_eq!(timeline.worst, Status::Critical);
        // Checks Prometheus had nothing for are named, not listed as
        // UNKNOWN at every step.
        assert!(timeline.not_measured.contains(&"latency.api-p95".to_owned()));
        assert!(!timeline.not_measured.contains(&"quick.recent-errors".to_owned()));
    }

    #[test]
    fn a_span_without_any_answer_was_not_seen() {
        let mut nothing = evidence();
        nothing.results.clear();
        let timeline = judge(&nothing, &Runbook::embedded());
        assert_eq!(timeline.worst, Status::Unknown, "never an OK on nothing");
        assert_eq!(timeline.not_measured.len(), timeline.checks.len());
    }
}
