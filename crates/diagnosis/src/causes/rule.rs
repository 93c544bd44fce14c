//! A cause's rule as the runbook file writes it (`[causes.<name>]`), and
//! its validation.
//!
//! ```toml
//! [causes.l1-too-small]
//! title = "The L1 cache is too small for the hot set"
//! supports = [
//!   { any-of = ["cache.hit-rate", "quick.cache-hit-rate"], required = true, weight = 2 },
//!   { code = "cache.l1-evictions", weight = 3 },
//! ]
//! contradicts = [{ measure = "l1-fill-percent", below = 90, weight = 3 }]
//! resolution = """
//! Raise CACHE_L1_SIZE ...
//! """
//! ```
//!
//! A clue names a finding (`code`, or `any-of` several codes asking the
//! same question in different sections) or a [`Measure`] of the evidence.
//! A finding clue holds when the finding's status is at least
//! `status-at-least` (`ok` meaning measured at all; a support defaults to
//! `warning`, a contradiction to exactly OK) and its value lies past
//! `above` and `below` when given; a code may name a group
//! (`baseline.storage-read` for its `.p50`, `.p95` and `.p99`). A measure clue holds when its value
//! does. Codes are checked against the registry when the file is loaded:
//! an unknown one is an error naming the nearest known code.

use std::fmt;

use serde::Deserialize;

use super::measure::Measure;
use crate::report::Status;

/// One cause: what supports it, what contradicts it, what to do.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CauseRule {
    pub title: String,
    pub supports: Vec<Clue>,
    #[serde(default)]
    pub contradicts: Vec<Clue>,
    /// The steps to take, one per line, most useful first.
    pub resolution: String,
}

/// A finding or a measure that argues for or against a cause.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Clue {
    pub code: Option<String>,
    #[serde(default)]
    pub any_of: Vec<String>,
    pub measure: Option<Measure>,
    pub status_at_least: Option<StatusFloor>,
    pub above: Option<f64>,
    pub below: Option<f64>,
    #[serde(default = "one")]
    pub weight: f64,
    /// A support the cause is never listed without.
    #[serde(default)]
    pub required: bool,
}

fn one() -> f64 {
    1.0
}

/// The least status at which a finding clue holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusFloor {
    /// Measured: any status but UNKNOWN.
    Ok,
    Warning,
    Critical,
}

impl StatusFloor {
    pub fn admits(self, status: Status) -> bool {
        match self {
            StatusFloor::Ok => status != Status::Unknown,
            StatusFloor::Warning => matches!(status, Status::Warning | Status::Critical),
            StatusFloor::Critical => status == Status::Critical,
        }
    }
}

/// Whether a clue argues for the cause or against it; it sets a finding
/// clue's default status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Supports,
    Contradicts,
}

/// Where a confidence begins, in score (supports held minus contradictions
/// held); below `medium` a listed cause is of low confidence.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfidenceScores {
    pub medium: f64,
    pub high: f64,
}

impl Default for ConfidenceScores {
    fn default() -> ConfidenceScores {
        ConfidenceScores { medium: 3.0, high: 5.0 }
    }
}

impl ConfidenceScores {
    pub fn validate(&self) -> Result<(), String> {
        if !(self.medium.is_finite() && self.high.is_finite() && 0.0 < self.medium) {
            return Err("scores must be finite and medium above 0".into());
        }
        if self.high < self.medium {
            return Err(format!("high ({}) is below medium ({})", self.high, self.medium));
        }
        Ok(())
    }
}

impl Clue {
    /// The finding codes the clue names (none for a measure).
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.code.iter().chain(&self.any_of).map(String::as_str)
    }

    /// Whether the clue names the finding `code`: one of its codes, or in
    /// a group it names (`baseline.storage-read` for
    /// `baseline.storage-read.p95` and its siblings).
    pub fn names(&self, code: &str) -> bool {
        self.codes().any(|named| {
            code.strip_prefix(named).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    }

    /// Whether a finding of this status and value makes the clue hold.
    pub fn holds_for_finding(&self, side: Side, status: Status, value: Option<f64>) -> bool {
        let status_holds = match (self.status_at_least, side) {
            (Some(floor), _) => floor.admits(status),
            (None, Side::Supports) => StatusFloor::Warning.admits(status),
            (None, Side::Contradicts) => status == Status::Ok,
        };
        status_holds && self.value_holds(value)
    }

    /// Whether a value lies past `above` and `below`; with neither, any
    /// value (or none) does.
    pub fn value_holds(&self, value: Option<f64>) -> bool {
        if self.above.is_none() && self.below.is_none() {
            return true;
        }
        value.is_some_and(|value| {
            self.above.is_none_or(|above| value > above)
                && self.below.is_none_or(|below| value < below)
        })
    }

    /// Whether the clue, holding, shows something wrong by itself: a
    /// finding at WARNING or worse, or a required measure (a rule's own
    /// line, such as 429s above 1% of requests).
    pub fn is_symptom(&self, side: Side) -> bool {
        side == Side::Supports
            && match self.measure {
                Some(_) => self.required,
                None => self.status_at_least.unwrap_or(StatusFloor::Warning) != StatusFloor::Ok,
            }
    }

    /// The clue in words, as `explain` and "would contradict" say it.
    pub fn describe(&self, side: Side) -> String {
        let subject = match (&self.measure, self.any_of.is_empty()) {
            (Some(measure), _) => measure.name().to_owned(),
            (None, true) => self.code.clone().unwrap_or_default(),
            (None, false) => format!("any of {}", self.codes().collect::<Vec<_>>().join(", ")),
        };
        let mut words = vec![subject];
        if self.measure.is_none() {
            words.push(match (self.status_at_least, side) {
                (Some(StatusFloor::Ok), _) => "measured".to_owned(),
                (Some(StatusFloor::Warning), _) | (None, Side::Supports) => {
                    "WARNING or worse".to_owned()
                }
                (Some(StatusFloor::Critical), _) => "CRITICAL".to_owned(),
                (None, Side::Contradicts) => "OK".to_owned(),
            });
        }
        if let Some(above) = self.above {
            words.push(format!("above {}", crate::threshold::trim_float(above)));
        }
        if let Some(below) = self.below {
            words.push(format!("below {}", crate::threshold::trim_float(below)));
        }
        words.join(" ")
    }

    /// Checks the clue; `known` says whether a check code exists,
    /// `nearest` suggests one. The error is (field, reason).
    fn validate(
        &self,
        side: Side,
        known: &dyn Fn(&str) -> bool,
        nearest: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), (String, String)> {
        let subjects = [self.code.is_some(), !self.any_of.is_empty(), self.measure.is_some()];
        if subjects.iter().filter(|given| **given).count() != 1 {
            return Err(("code".into(), "give exactly one of code, any-of or measure".into()));
        }
        for code in self.codes() {
            if !known(code) {
                let hint =
                    nearest(code).map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
                let field = if self.code.is_some() { "code" } else { "any-of" };
                return Err((field.into(), format!("no check has the code `{code}`{hint}")));
            }
        }
        if self.measure.is_some() {
            if self.status_at_least.is_some() {
                return Err(("status-at-least".into(), "a measure has no status".into()));
            }
            if self.above.is_none() && self.below.is_none() {
                return Err(("measure".into(), "a measure needs `above` or `below`".into()));
            }
        }
        if [self.above, self.below].iter().flatten().any(|bound| !bound.is_finite()) {
            return Err(("above".into(), "bounds must be finite numbers".into()));
        }
        if let (Some(above), Some(below)) = (self.above, self.below)
            && above >= below
        {
            return Err((
                "above".into(),
                format!("above ({above}) must be below `below` ({below})"),
            ));
        }
        if !(self.weight.is_finite() && self.weight > 0.0) {
            return Err(("weight".into(), "must be a positive number".into()));
        }
        if self.required && side == Side::Contradicts {
            return Err(("required".into(), "only a support can be required".into()));
        }
        Ok(())
    }
}

impl CauseRule {
    /// Checks the rule. The error is (field under the cause, reason).
    pub fn validate(
        &self,
        known: &dyn Fn(&str) -> bool,
        nearest: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), (String, String)> {
        if self.title.trim().is_empty() {
            return Err(("title".into(), "must not be empty".into()));
        }
        if self.steps().next().is_none() {
            return Err(("resolution".into(), "must hold at least one step".into()));
        }
        for (side, list, clues) in [
            (Side::Supports, "supports", &self.supports),
            (Side::Contradicts, "contradicts", &self.contradicts),
        ] {
            for (at, clue) in clues.iter().enumerate() {
                clue.validate(side, known, nearest)
                    .map_err(|(field, reason)| (format!("{list}[{at}].{field}"), reason))?;
            }
        }
        if !self.supports.iter().any(|clue| clue.is_symptom(Side::Supports)) {
            return Err((
                "supports".into(),
                "needs a symptom: a finding at WARNING or worse, or a required measure".into(),
            ));
        }
        Ok(())
    }

    /// The resolution's steps: its non-empty lines.
    pub fn steps(&self) -> impl Iterator<Item = &str> {
        self.resolution.lines().map(str::trim).filter(|line| !line.is_empty())
    }
}

impl fmt::Display for CauseRule {
    /// The rule in words, for `explain`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clue = |clue: &Clue, side| {
            let required = if clue.required { ", required" } else { "" };
            format!(
                "  - {} (weight {}{required})",
                clue.describe(side),
                crate::threshold::trim_float(clue.weight)
            )
        };
        writeln!(f, "Supported by:")?;
        for support in &self.supports {
            writeln!(f, "{}", clue(support, Side::Supports))?;
        }
        if !self.contradicts.is_empty() {
            writeln!(f, "Contradicted by:")?;
            for contradiction in &self.contradicts {
                writeln!(f, "{}", clue(contradiction, Side::Contradicts))?;
            }
        }
        Ok(())
    }
}
