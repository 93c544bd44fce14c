//! The result model every renderer prints: statuses, findings, the report.
//!
//! Statuses follow the monitoring-plugin convention. The exit code of a run
//! is that of its worst finding, where CRITICAL outranks UNKNOWN, which
//! outranks WARNING: a check that could not look is more worrying than one
//! that saw a warning, and less than one that saw a failure.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::threshold::{Threshold, Unit};

/// The verdict of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Status {
    /// The process exit code of a run whose worst finding is `self`.
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Warning => 1,
            Status::Critical => 2,
            Status::Unknown => 3,
        }
    }

    /// Rank for "worst of": OK < WARNING < UNKNOWN < CRITICAL.
    pub fn severity(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Warning => 1,
            Status::Unknown => 2,
            Status::Critical => 3,
        }
    }

    pub fn worst(self, other: Status) -> Status {
        if other.severity() > self.severity() { other } else { self }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warning => "WARNING",
            Status::Critical => "CRITICAL",
            Status::Unknown => "UNKNOWN",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The lowest worst status that fails a run (`--fail-on`), in the order of
/// [`Status::severity`]: WARNING < UNKNOWN < CRITICAL. A run whose worst
/// status is below the floor exits 0; at or above it, with that status's
/// code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum FailOn {
    /// WARNING, UNKNOWN and CRITICAL fail
    #[default]
    Warning,
    /// UNKNOWN and CRITICAL fail; WARNING passes
    Unknown,
    /// Only CRITICAL fails; WARNING and UNKNOWN (not measured) pass
    Critical,
}

impl FailOn {
    fn floor(self) -> Status {
        match self {
            FailOn::Warning => Status::Warning,
            FailOn::Unknown => Status::Unknown,
            FailOn::Critical => Status::Critical,
        }
    }

    /// The exit code of a run whose worst status is `worst`: its usual
    /// code at or above the floor, else 0.
    pub fn exit_code(self, worst: Status) -> u8 {
        if worst.severity() >= self.floor().severity() { worst.exit_code() } else { 0 }
    }
}

/// One answered question: what was measured, how it was judged, what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable check code, e.g. `quick.cpu`.
    pub code: String,
    /// Runbook section the check belongs to.
    pub section: String,
    pub title: String,
    pub status: Status,
    /// What was found, in one plain sentence.
    pub summary: String,
    /// The measured value, when there is one number to report.
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    /// What it was judged by: bounds, a rule in words, or both.
    pub threshold: Option<Threshold>,
    /// Where the value came from.
    pub evidence: String,
    /// What to do next: always for WARNING and CRITICAL; for UNKNOWN, how
    /// to make the check measurable, when there is something to do.
    pub remediation: Option<String>,
    /// Whether the status judges a measured figure. False for an OK that
    /// saw an idle or thin window (too few events to judge, "not judged")
    /// and for UNKNOWN; absent before schema 5, where it was true of every
    /// judged finding.
    #[serde(default = "judged_by_default")]
    pub judged: bool,
    /// The replica it is about, in a `fleet` report (absent before
    /// schema 4 and outside fleets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica: Option<String>,
}

fn judged_by_default() -> bool {
    true
}

impl Finding {
    /// The code as people read it: `quick.cpu`, or `quick.cpu@replica` in
    /// a fleet.
    pub fn display_code(&self) -> String {
        match &self.replica {
            Some(replica) => format!("{}@{replica}", self.code),
            None => self.code.clone(),
        }
    }

    /// The title as people read it, with the replica in a fleet.
    pub fn display_title(&self) -> String {
        match &self.replica {
            Some(replica) => format!("{} [{replica}]", self.title),
            None => self.title.clone(),
        }
    }
}

/// Counts of findings per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub ok: usize,
    pub warning: usize,
    pub critical: usize,
    pub unknown: usize,
}

/// Version of the JSON report layout; bumped on any incompatible change.
/// 2: a finding's threshold is an object (`warning`, `critical`,
/// `direction`, `unit`, `rule`, `text`) instead of text.
/// 3: the report has `causes`, the likely causes ranked (empty when
/// nothing points at one).
/// 4: a fleet's findings carry their `replica`.
/// 5: every finding says whether it was `judged`: an idle or thin window
/// is OK and not judged, where it was UNKNOWN.
pub const SCHEMA_VERSION: u32 = 5;

/// How sure a cause is, from its score (see `runbooks/causes.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A finding or a measure of the evidence, as it bears on a cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sign {
    /// The finding's check code, or the measure's name.
    pub code: String,
    /// The finding's status; `None` for a measure.
    pub status: Option<Status>,
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    /// The finding's summary, or where the measure was read.
    pub text: String,
    /// What it adds to (or takes from) the cause's score.
    pub weight: f64,
}

/// A likely cause: a rule of the runbook that the findings and evidence
/// support more than they contradict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cause {
    /// The rule's name, e.g. `cold-cache` (`llmcfg-doctor explain NAME`).
    pub cause: String,
    pub title: String,
    pub confidence: Confidence,
    /// Weights of the supports that hold minus those of the
    /// contradictions that hold.
    pub score: f64,
    pub supported_by: Vec<Sign>,
    /// Contradictions that hold (the cause still scores above zero).
    pub contradicted_by: Vec<Sign>,
    /// Contradictions that do not hold, with what was seen instead ("not
    /// run", "not measured", the finding's status): what would rule the
    /// cause out.
    pub would_contradict: Vec<String>,
    /// The runbook's steps, most useful first.
    pub resolution: Vec<String>,
    /// The replica it is about, in a `fleet` report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica: Option<String>,
}

impl Cause {
    /// The title as people read it, with the replica in a fleet.
    pub fn display_title(&self) -> String {
        match &self.replica {
            Some(replica) => format!("{} (replica {replica})", self.title),
            None => self.title.clone(),
        }
    }
}

/// Everything a renderer needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    /// The subcommand that produced the report.
    pub command: String,
    /// The API the run looked at (secrets scrubbed).
    pub target: String,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    pub summary: Summary,
    pub worst: Status,
    pub findings: Vec<Finding>,
    /// The likely causes, most likely first (absent before schema 3).
    #[serde(default)]
    pub causes: Vec<Cause>,
    /// The past span judged (`--at`, `--since`), and the checks that need
    /// a live look and were not measured; absent for a run of the present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub past: Option<PastJudgement>,
}

/// What a run judged in the past: the span Prometheus answered for, and
/// the checks of its sections that only a live look answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastJudgement {
    pub at: DateTime<Utc>,
    pub seconds: u64,
    /// Codes of the checks not measured at a past time.
    pub not_measured: Vec<String>,
}

impl PastJudgement {
    /// One line: the span, and how many live checks were left out.
    pub fn describe(&self) -> String {
        let at = crate::evidence::rfc3339(self.at);
        let mut line = format!("judged through Prometheus over the {}s ending {at}", self.seconds);
        if !self.not_measured.is_empty() {
            line.push_str(&format!(
                "; not measured at a past time ({} need a live look): {}",
                self.not_measured.len(),
                self.not_measured.join(", ")
            ));
        }
        line
    }
}

impl Report {
    pub fn new(
        command: &str,
        target: String,
        started_at: DateTime<Utc>,
        duration_ms: u64,
        findings: Vec<Finding>,
    ) -> Report {
        let mut summary = Summary::default();
        let mut worst = Status::Ok;
        for finding in &findings {
            worst = worst.worst(finding.status);
            *match finding.status {
                Status::Ok => &mut summary.ok,
                Status::Warning => &mut summary.warning,
                Status::Critical => &mut summary.critical,
                Status::Unknown => &mut summary.unknown,
            } += 1;
        }
        Report {
            schema_version: SCHEMA_VERSION,
            command: command.to_owned(),
            target,
            started_at,
            duration_ms,
            summary,
            worst,
            findings,
            causes: Vec::new(),
            past: None,
        }
    }

    /// The report of a run that judged the past.
    pub fn judging_the_past(mut self, past: Option<PastJudgement>) -> Report {
        self.past = past;
        self
    }

    /// The report with its likely causes (see [`crate::causes::rank`]).
    pub fn with_causes(mut self, causes: Vec<Cause>) -> Report {
        self.causes = causes;
        self
    }

    /// The exit code of the run: that of its worst status when the status
    /// reaches the `fail_on` floor, else 0.
    pub fn exit_code(&self, fail_on: FailOn) -> u8 {
        fail_on.exit_code(self.worst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn critical_outranks_unknown_which_outranks_warning() {
        assert_eq!(Status::Warning.worst(Status::Unknown), Status::Unknown);
        assert_eq!(Status::Unknown.worst(Status::Critical), Status::Critical);
        assert_eq!(Status::Critical.worst(Status::Ok), Status::Critical);
        assert_eq!(Status::Unknown.exit_code(), 3);
        assert_eq!(Status::Critical.exit_code(), 2);
    }

    fn worst_of(status: Status) -> Report {
        let finding = Finding {
            code: "quick.cpu".into(),
            section: "quick".into(),
            title: "Service CPU".into(),
            status,
            summary: String::new(),
            value: None,
            unit: None,
            threshold: None,
            evidence: String::new(),
            remediation: None,
            judged: true,
            replica: None,
        };
        Report::new("quick", String::new(), Utc::now(), 0, vec![finding])
    }

    #[test]
    fn fail_on_raises_the_floor_in_severity_order() {
        // Exit codes under --fail-on warning, unknown, critical.
        let cases = [
            (Status::Ok, [0, 0, 0]),
            (Status::Warning, [1, 0, 0]),
            (Status::Unknown, [3, 3, 0]),
            (Status::Critical, [2, 2, 2]),
        ];
        let floors = [FailOn::Warning, FailOn::Unknown, FailOn::Critical];
        for (worst, codes) in cases {
            let report = worst_of(worst);
            for (fail_on, code) in floors.into_iter().zip(codes) {
                assert_eq!(report.exit_code(fail_on), code, "{worst} under --fail-on {fail_on:?}");
            }
        }
    }
}
