//! Before and after a fix: two reports compared check by check.
//!
//! `diff` judges two evidence bundles with one runbook and lines their
//! findings up by check code. Each code gets one [`Change`], decided by
//! status alone, ranked OK < WARNING < UNKNOWN < CRITICAL as for the exit
//! code. Whether a higher value is better depends on the check, so a value
//! that moved within its band is `unchanged`; both values are kept as
//! measured for the reader to weigh.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::report::{Finding, Report, Status};
use crate::threshold::Unit;

/// Version of the JSON diff layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// How one check changed from the before-report to the after-report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Fixed,
    Regressed,
    Improved,
    Worsened,
    Unchanged,
    New,
    Gone,
}

impl Change {
    /// Every change, in the order summaries list them.
    pub const ALL: [Change; 7] = [
        Change::Fixed,
        Change::Regressed,
        Change::Improved,
        Change::Worsened,
        Change::Unchanged,
        Change::New,
        Change::Gone,
    ];

    /// The change of a check judged on both sides.
    pub fn between(before: Status, after: Status) -> Change {
        if before == after {
            Change::Unchanged
        } else if after == Status::Ok {
            Change::Fixed
        } else if before == Status::Ok {
            Change::Regressed
        } else if after.severity() < before.severity() {
            Change::Improved
        } else {
            Change::Worsened
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Change::Fixed => "fixed",
            Change::Regressed => "regressed",
            Change::Improved => "improved",
            Change::Worsened => "worsened",
            Change::Unchanged => "unchanged",
            Change::New => "new",
            Change::Gone => "gone",
        }
    }

    /// When a check gets this change.
    pub fn meaning(self) -> &'static str {
        match self {
            Change::Fixed => "not OK before, OK after",
            Change::Regressed => "OK before, not OK after",
            Change::Improved => "not OK on both sides, less severe after",
            Change::Worsened => "not OK on both sides, more severe after",
            Change::Unchanged => "the same status on both sides (the values may differ)",
            Change::New => "judged only after (the bundles cover different sections)",
            Change::Gone => "judged only before",
        }
    }
}

/// What a check's finding said on one side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub status: Status,
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    pub summary: String,
}

impl From<&Finding> for Reading {
    fn from(finding: &Finding) -> Reading {
        Reading {
            status: finding.status,
            value: finding.value,
            unit: finding.unit,
            summary: finding.summary.clone(),
        }
    }
}

/// One check across both reports; `before` or `after` is missing for a
/// check that is new or gone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckDiff {
    pub code: String,
    pub title: String,
    pub change: Change,
    pub before: Option<Reading>,
    pub after: Option<Reading>,
}

/// One of the two reports, in brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// What was judged, e.g. `evidence before.json`.
    pub target: String,
    /// When its evidence was collected.
    pub collected_at: DateTime<Utc>,
    /// The sections its findings belong to, in report order.
    pub sections: Vec<String>,
    pub worst: Status,
}

impl Side {
    fn of(report: &Report) -> Side {
        let mut sections: Vec<String> = Vec::new();
        for finding in &report.findings {
            if !sections.contains(&finding.section) {
                sections.push(finding.section.clone());
            }
        }
        Side {
            target: report.target.clone(),
            collected_at: report.started_at,
            sections,
            worst: report.worst,
        }
    }
}

/// Two reports compared: what `diff` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    pub command: String,
    pub before: Side,
    pub after: Side,
    /// How many checks got each change, every change listed.
    pub summary: BTreeMap<Change, usize>,
    /// The status `diff` exits with: the worst after the change, where a
    /// gone check counts as UNKNOWN (it was not measured again).
    pub worst: Status,
    /// The before-report's checks in its order, then the new ones.
    pub checks: Vec<CheckDiff>,
}

impl Diff {
    pub fn new(before: &Report, after: &Report) -> Diff {
        let find = |report: &Report, code: &str| -> Option<Reading> {
            report.findings.iter().find(|finding| finding.code == code).map(Reading::from)
        };
        let mut checks: Vec<CheckDiff> = before
            .findings
            .iter()
            .map(|finding| {
                let after = find(after, &finding.code);
                CheckDiff {
                    code: finding.code.clone(),
                    title: finding.title.clone(),
                    change: match &after {
                        Some(reading) => Change::between(finding.status, reading.status),
                        None => Change::Gone,
                    },
                    before: Some(Reading::from(finding)),
                    after,
                }
            })
            .collect();
        for finding in &after.findings {
            if find(before, &finding.code).is_none() {
                checks.push(CheckDiff {
                    code: finding.code.clone(),
                    title: finding.title.clone(),
                    change: Change::New,
                    before: None,
                    after: Some(Reading::from(finding)),
                });
            }
        }
        let mut summary: BTreeMap<Change, usize> = Change::ALL.map(|change| (change, 0)).into();
        for check in &checks {
            *summary.entry(check.change).or_default() += 1;
        }
        let unmeasured = if summary[&Change::Gone] > 0 { Status::Unknown } else { Status::Ok };
        Diff {
            schema_version: SCHEMA_VERSION,
            command: "diff".to_owned(),
            before: Side::of(before),
            after: Side::of(after),
            summary,
            worst: after.worst.worst(unmeasured),
            checks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: &str, status: Status, value: Option<f64>) -> Finding {
        Finding {
            code: code.to_owned(),
            section: code.split('.').next().unwrap().to_owned(),
            title: format!("title of {code}"),
            status,
            summary: format!("{code} is {status}"),
            value,
            unit: value.map(|_| Unit::Milliseconds),
            threshold: None,
            evidence: "fixture".to_owned(),
            remediation: None,
            judged: true,
            replica: None,
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        Report::new("analyze", "evidence x.json".to_owned(), Utc::now(), 0, findings)
    }

    #[test]
    fn status_alone_decides_the_change() {
        use Change::*;
        use Status::{Critical as C, Ok as O, Unknown as U, Warning as W};
        let cases = [
            (O, O, Unchanged),
            (W, W, Unchanged),
            (U, U, Unchanged),
            (C, C, Unchanged),
            (W, O, Fixed),
            (U, O, Fixed),
            (C, O, Fixed),
            (O, W, Regressed),
            (O, U, Regressed),
            (O, C, Regressed),
            (C, W, Improved),
            (C, U, Improved),
            (U, W, Improved),
            (W, U, Worsened),
            (W, C, Worsened),
            (U, C, Worsened),
        ];
        for (before, after, change) in cases {
            assert_eq!(Change::between(before, after), change, "{before} -> {after}");
        }
        let mut pairs: Vec<_> =
            cases.iter().map(|(before, after, _)| (before.severity(), after.severity())).collect();
        pairs.sort();
        pairs.dedup();
        assert_eq!(pairs.len(), 16, "every pair of statuses is covered");
    }

    #[test]
    fn checks_line_up_by_code_and_values_are_kept_as_measured() {
        let before = report(vec![
            finding("quick.api-response-time", Status::Critical, Some(412.57)),
            finding("quick.cpu", Status::Ok, Some(4.5)),
            finding("quick.cache-hit-rate", Status::Critical, Some(37.91)),
        ]);
        let after = report(vec![
            finding("quick.api-response-time", Status::Ok, Some(4.25)),
            finding("quick.cpu", Status::Ok, Some(31.0)),
            finding("quick.cache-hit-rate", Status::Warning, Some(76.0)),
        ]);
        let diff = Diff::new(&before, &after);
        let changes: Vec<(&str, Change)> =
            diff.checks.iter().map(|check| (check.code.as_str(), check.change)).collect();
        assert_eq!(
            changes,
            [
                ("quick.api-response-time", Change::Fixed),
                ("quick.cpu", Change::Unchanged),
                ("quick.cache-hit-rate", Change::Improved),
            ]
        );
        let cpu = &diff.checks[1];
        assert_eq!(cpu.before.as_ref().unwrap().value, Some(4.5));
        assert_eq!(cpu.after.as_ref().unwrap().value, Some(31.0));
        assert_eq!(diff.summary[&Change::Fixed], 1);
        assert_eq!(diff.summary[&Change::Regressed], 0);
        assert_eq!(diff.summary.len(), Change::ALL.len());
        assert_eq!(diff.worst, Status::Warning);
        assert_eq!(diff.before.worst, Status::Critical);
        assert_eq!(diff.before.sections, ["quick"]);
    }

    #[test]
    fn different_sections_give_new_and_gone_and_gone_counts_as_unknown() {
        let before = report(vec![
            finding("quick.cpu", Status::Ok, Some(4.5)),
            finding("quick.memory", Status::Ok, Some(0.11)),
        ]);
        let after = report(vec![
            finding("quick.cpu", Status::Ok, Some(4.0)),
            finding("cache.l1-hit-rate", Status::Ok, Some(99.0)),
        ]);
        let diff = Diff::new(&before, &after);
        let changes: Vec<(&str, Change)> =
            diff.checks.iter().map(|check| (check.code.as_str(), check.change)).collect();
        assert_eq!(
            changes,
            [
                ("quick.cpu", Change::Unchanged),
                ("quick.memory", Change::Gone),
                ("cache.l1-hit-rate", Change::New),
            ]
        );
        assert!(diff.checks[1].after.is_none() && diff.checks[2].before.is_none());
        assert_eq!(diff.after.worst, Status::Ok);
        assert_eq!(diff.worst, Status::Unknown, "a check that was not judged again is no pass");
        assert_eq!(diff.after.sections, ["quick", "cache"]);
    }

    #[test]
    fn the_json_names_changes_in_lowercase_with_every_count() {
        let before = report(vec![finding("quick.cpu", Status::Warning, Some(63.0))]);
        let after = report(vec![finding("quick.cpu", Status::Ok, Some(8.0))]);
        let json = serde_json::to_value(Diff::new(&before, &after)).unwrap();
        assert_eq!(json["schema_version"], 1);
        assert_eq!(json["checks"][0]["change"], "fixed");
        assert_eq!(json["checks"][0]["before"]["status"], "WARNING");
        let summary = json["summary"].as_object().unwrap();
        let keys: Vec<&str> = summary.keys().map(String::as_str).collect();
        let labels: Vec<&str> = Change::ALL.iter().map(|change| change.label()).collect();
        let mut sorted = labels.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "serde_json orders map keys");
        assert_eq!(summary["fixed"], 1);
    }
}
