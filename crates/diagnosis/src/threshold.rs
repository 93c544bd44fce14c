//! How a finding was judged, as data: the [`Unit`] of its value and the
//! [`Threshold`] it was held against.
//!
//! A threshold keeps its numbers (warning and critical bounds, which way is
//! worse, their unit) so that machine formats can carry them: Nagios
//! perfdata `;warn;crit`, Prometheus threshold series, the JSON report. Its
//! words for people are derived from those numbers, never stored beside
//! them; a rule the numbers cannot say (`up is OK, degraded is a WARNING`)
//! is kept as words, alone or after the bounds.
//!
//! Owns units, bands and thresholds, and the [`BandClaim`] by which a check
//! says which band of the runbook judges it; imports nothing of the crate.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which way a band points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Latency, CPU, errors: bigger values are worse.
    HigherIsWorse,
    /// Hit rates: smaller values are worse.
    LowerIsWorse,
}

impl Direction {
    /// The direction as reports and labels spell it.
    pub fn name(self) -> &'static str {
        match self {
            Direction::HigherIsWorse => "higher_is_worse",
            Direction::LowerIsWorse => "lower_is_worse",
        }
    }
}

/// A WARNING and a CRITICAL boundary.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub warning: f64,
    pub critical: f64,
}

impl Band {
    /// Whether the band is usable for a figure pointing `direction`.
    pub fn validate(&self, direction: Direction) -> Result<(), String> {
        if !self.warning.is_finite() || !self.critical.is_finite() || self.warning < 0.0 {
            return Err("bands must be finite, non-negative numbers".into());
        }
        match direction {
            Direction::HigherIsWorse if self.warning > self.critical => {
                Err(format!("warning ({}) is above critical ({})", self.warning, self.critical))
            }
            Direction::LowerIsWorse if self.warning < self.critical => Err(format!(
                "warning ({}) is below critical ({}); for a hit rate lower is worse",
                self.warning, self.critical
            )),
            _ => Ok(()),
        }
    }
}

/// Formats a float without a trailing `.0`.
pub fn trim_float(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The band of the runbook a check is judged by: the field that holds it
/// (`resources.cpu`) and the unit of its bounds. Declared on the check's
/// entry, so that an override's band, `explain` and the report's threshold
/// all follow the one declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BandClaim {
    pub field: &'static str,
    pub unit: Unit,
}

impl BandClaim {
    pub const fn new(field: &'static str, unit: Unit) -> Option<BandClaim> {
        Some(BandClaim { field, unit })
    }
}

/// The unit of a measured value or of a threshold's bounds. Serialised as
/// its [`Unit::name`], the spelling reports have always used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// A share of a whole, 0 to 100.
    #[serde(rename = "%")]
    Percent,
    #[serde(rename = "% of lookups")]
    PercentOfLookups,
    /// Redis memory as a share of maxmemory; may pass 100.
    #[serde(rename = "% of maxmemory")]
    PercentOfMaxmemory,
    #[serde(rename = "% retransmitted")]
    PercentRetransmitted,
    /// Growth: a change of a percentage over five minutes, may be negative.
    #[serde(rename = "% per 5 min")]
    PercentPer5Min,
    #[serde(rename = "ms")]
    Milliseconds,
    #[serde(rename = "s")]
    Seconds,
    #[serde(rename = "bytes")]
    Bytes,
    #[serde(rename = "MiB")]
    Mebibytes,
    /// A dimensionless ratio, such as Redis's memory fragmentation.
    #[serde(rename = "ratio")]
    Ratio,
    #[serde(rename = "per second")]
    PerSecond,
    #[serde(rename = "req/s")]
    RequestsPerSecond,
    #[serde(rename = "keys/s")]
    KeysPerSecond,
    /// Redis keys evicted since it started (a counter).
    #[serde(rename = "keys")]
    Keys,
    #[serde(rename = "sessions")]
    Sessions,
    /// Tasks waiting for a pooled connection.
    #[serde(rename = "waiting")]
    Waiting,
    /// Sequential scans of a table since statistics were reset (a counter).
    #[serde(rename = "seq scans")]
    SeqScans,
    #[serde(rename = "files")]
    Files,
    /// Replicas of the service (a fleet's).
    #[serde(rename = "replicas")]
    Replicas,
    /// Restarts since the runtime created the service (a counter).
    #[serde(rename = "restarts")]
    Restarts,
    /// OOM kills since the runtime created the service (a counter).
    #[serde(rename = "OOM kills")]
    OomKills,
    #[serde(rename = "connections")]
    Connections,
    #[serde(rename = "entries")]
    Entries,
    #[serde(rename = "workers")]
    Workers,
    /// Points of percent: a difference of two percentages.
    #[serde(rename = "points")]
    Points,
}

/// What a unit measures, for converting between units of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quantity {
    Time,
    Size,
}

impl Unit {
    /// The unit's name in reports and labels, e.g. `ms`, `% of lookups`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::PercentOfLookups => "% of lookups",
            Unit::PercentOfMaxmemory => "% of maxmemory",
            Unit::PercentRetransmitted => "% retransmitted",
            Unit::PercentPer5Min => "% per 5 min",
            Unit::Milliseconds => "ms",
            Unit::Seconds => "s",
            Unit::Bytes => "bytes",
            Unit::Mebibytes => "MiB",
            Unit::Ratio => "ratio",
            Unit::PerSecond => "per second",
            Unit::RequestsPerSecond => "req/s",
            Unit::KeysPerSecond => "keys/s",
            Unit::Keys => "keys",
            Unit::Sessions => "sessions",
            Unit::Waiting => "waiting",
            Unit::SeqScans => "seq scans",
            Unit::Files => "files",
            Unit::Replicas => "replicas",
            Unit::Restarts => "restarts",
            Unit::OomKills => "OOM kills",
            Unit::Connections => "connections",
            Unit::Entries => "entries",
            Unit::Workers => "workers",
            Unit::Points => "points",
        }
    }

    /// An amount for people: `91%`, `70% of maxmemory`, `4.25 ms`, `1.5`
    /// for a ratio.
    pub fn amount(self, value: f64) -> String {
        let number = trim_float(value);
        match self {
            Unit::Ratio => number,
            unit if unit.name().starts_with('%') => format!("{number}{}", unit.name()),
            unit => format!("{number} {}", unit.name()),
        }
    }

    /// The kind and the size of the unit in that kind's base unit, for the
    /// units that convert into each other.
    fn scale(self) -> Option<(Quantity, f64)> {
        match self {
            Unit::Milliseconds => Some((Quantity::Time, 1e-3)),
            Unit::Seconds => Some((Quantity::Time, 1.0)),
            Unit::Bytes => Some((Quantity::Size, 1.0)),
            Unit::Mebibytes => Some((Quantity::Size, 1048576.0)),
            _ => None,
        }
    }

    /// `value` in this unit, expressed in `to`; `None` when the two
    /// measure different things.
    pub fn convert(self, value: f64, to: Unit) -> Option<f64> {
        if self == to {
            return Some(value);
        }
        match (self.scale(), to.scale()) {
            (Some((from_kind, from)), Some((to_kind, to))) if from_kind == to_kind => {
                Some(value * from / to)
            }
            _ => None,
        }
    }

    /// The unit performance data reports this one in, and its UOM in the
    /// monitoring-plugins guidelines: `%` for shares, `s`/`ms` for time,
    /// `B` for sizes, `c` for counters; other amounts (rates, counts of
    /// things, ratios, growth) are plain numbers.
    pub fn perfdata(self) -> (Unit, &'static str) {
        match self {
            Unit::Percent
            | Unit::PercentOfLookups
            | Unit::PercentOfMaxmemory
            | Unit::PercentRetransmitted => (self, "%"),
            Unit::Milliseconds => (self, "ms"),
            Unit::Seconds => (self, "s"),
            Unit::Bytes | Unit::Mebibytes => (Unit::Bytes, "B"),
            Unit::Keys | Unit::SeqScans | Unit::Restarts | Unit::OomKills => (self, "c"),
            Unit::PercentPer5Min
            | Unit::Ratio
            | Unit::PerSecond
            | Unit::RequestsPerSecond
            | Unit::KeysPerSecond
            | Unit::Sessions
            | Unit::Waiting
            | Unit::Files
            | Unit::Replicas
            | Unit::Connections
            | Unit::Entries
            | Unit::Workers
            | Unit::Points => (self, ""),
        }
    }

    /// The least and greatest value an amount in this unit can take, where
    /// known.
    pub fn range(self) -> (Option<f64>, Option<f64>) {
        match self {
            Unit::Percent | Unit::PercentOfLookups | Unit::PercentRetransmitted => {
                (Some(0.0), Some(100.0))
            }
            Unit::PercentPer5Min | Unit::Points => (None, None),
            _ => (Some(0.0), None),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The numbers of a threshold; at least one bound is set. The words and
/// the perfdata ranges read each bound as the edge of its band; whether a
/// value exactly at a bound is past it is the check's decision
/// (`checks::judge_band` warns at the warning bound, a baseline cell does
/// not).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub warning: Option<f64>,
    pub critical: Option<f64>,
    pub direction: Direction,
    pub unit: Unit,
}

impl Bounds {
    /// `OK < 50%, WARNING 50-80%, CRITICAL > 80%` and its one-bound kin.
    fn describe(&self) -> String {
        let amount = |value: f64| self.unit.amount(value);
        match (self.direction, self.warning, self.critical) {
            (Direction::HigherIsWorse, Some(0.0), Some(c)) => {
                format!("OK 0, WARNING > 0, CRITICAL > {}", amount(c))
            }
            (Direction::HigherIsWorse, Some(w), Some(c)) => format!(
                "OK < {}, WARNING {}-{}, CRITICAL > {}",
                amount(w),
                trim_float(w),
                amount(c),
                amount(c)
            ),
            (Direction::LowerIsWorse, Some(w), Some(c)) => format!(
                "OK > {}, WARNING {}-{}, CRITICAL < {}",
                amount(w),
                trim_float(c),
                amount(w),
                amount(c)
            ),
            (Direction::HigherIsWorse, Some(0.0), None) => {
                format!("OK 0, WARNING > {}", amount(0.0))
            }
            (Direction::HigherIsWorse, Some(w), None) => {
                format!("OK < {}, WARNING ≥ {}", amount(w), amount(w))
            }
            (Direction::LowerIsWorse, Some(w), None) => {
                format!("OK > {}, WARNING ≤ {}", amount(w), amount(w))
            }
            (Direction::HigherIsWorse, None, Some(0.0)) => {
                format!("OK 0, CRITICAL > {}", amount(0.0))
            }
            (Direction::HigherIsWorse, None, Some(c)) => {
                format!("OK ≤ {}, CRITICAL > {}", amount(c), amount(c))
            }
            (Direction::LowerIsWorse, None, Some(c)) => {
                format!("OK ≥ {}, CRITICAL < {}", amount(c), amount(c))
            }
            (_, None, None) => unreachable!("a threshold's bounds have at least one bound"),
        }
    }
}

/// The threshold a finding was judged by: bounds, a rule in words, or
/// bounds and the words they leave out. Build it with [`Threshold::band`],
/// [`Threshold::new`], [`Threshold::warning_at`], [`Threshold::critical_at`] or
/// [`Threshold::rule`]; read its words with [`Threshold::text`] (or
/// `Display`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "ThresholdDocument", try_from = "ThresholdDocument")]
pub struct Threshold {
    bounds: Option<Bounds>,
    rule: Option<String>,
}

impl Threshold {
    /// A WARNING and a CRITICAL bound in `unit`.
    pub fn new(warning: f64, critical: f64, direction: Direction, unit: Unit) -> Threshold {
        Threshold::bounded(Some(warning), Some(critical), direction, unit)
    }

    /// A runbook band, in `unit`.
    pub fn band(band: &Band, direction: Direction, unit: Unit) -> Threshold {
        Threshold::new(band.warning, band.critical, direction, unit)
    }

    /// One bound, from which on a value is a WARNING; never CRITICAL.
    pub fn warning_at(warning: f64, direction: Direction, unit: Unit) -> Threshold {
        Threshold::bounded(Some(warning), None, direction, unit)
    }

    /// One bound, past which a value is CRITICAL; never only a WARNING.
    pub fn critical_at(critical: f64, direction: Direction, unit: Unit) -> Threshold {
        Threshold::bounded(None, Some(critical), direction, unit)
    }

    fn bounded(
        warning: Option<f64>,
        critical: Option<f64>,
        direction: Direction,
        unit: Unit,
    ) -> Threshold {
        Threshold { bounds: Some(Bounds { warning, critical, direction, unit }), rule: None }
    }

    /// A rule with no numbers, e.g. `up is OK, degraded is a WARNING, down
    /// is CRITICAL`.
    pub fn rule(words: impl Into<String>) -> Threshold {
        Threshold { bounds: None, rule: Some(words.into()) }
    }

    /// The same bounds, with the part of the rule they cannot say, e.g.
    /// `a failure is CRITICAL`.
    pub fn and(mut self, words: impl Into<String>) -> Threshold {
        let words = words.into();
        self.rule = Some(match self.rule {
            Some(rule) => format!("{rule}; {words}"),
            None => words,
        });
        self
    }

    pub fn bounds(&self) -> Option<&Bounds> {
        self.bounds.as_ref()
    }

    /// The threshold in words: the bounds described, then the rule.
    pub fn text(&self) -> String {
        match (&self.bounds, &self.rule) {
            (Some(bounds), Some(rule)) => format!("{}; {rule}", bounds.describe()),
            (Some(bounds), None) => bounds.describe(),
            (None, Some(rule)) => rule.clone(),
            (None, None) => unreachable!("a threshold has bounds or a rule"),
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A threshold as the JSON report writes it: every field always present,
/// `null` where the threshold has none, and the derived `text` (ignored on
/// reading).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ThresholdDocument {
    warning: Option<f64>,
    critical: Option<f64>,
    direction: Option<Direction>,
    unit: Option<Unit>,
    rule: Option<String>,
    #[serde(default, skip_deserializing)]
    text: String,
}

impl From<Threshold> for ThresholdDocument {
    fn from(threshold: Threshold) -> ThresholdDocument {
        let text = threshold.text();
        let bounds = threshold.bounds;
        ThresholdDocument {
            warning: bounds.and_then(|b| b.warning),
            critical: bounds.and_then(|b| b.critical),
            direction: bounds.map(|b| b.direction),
            unit: bounds.map(|b| b.unit),
            rule: threshold.rule,
            text,
        }
    }
}

impl TryFrom<ThresholdDocument> for Threshold {
    type Error = String;

    fn try_from(document: ThresholdDocument) -> Result<Threshold, String> {
        let ThresholdDocument { warning, critical, direction, unit, rule, .. } = document;
        let bounds = match (warning.is_some() || critical.is_some(), direction, unit) {
            (true, Some(direction), Some(unit)) => {
                Some(Bounds { warning, critical, direction, unit })
            }
            (false, None, None) => None,
            _ => {
                return Err(
                    "a threshold's warning or critical bound needs a direction and a unit, \
                     and they need a bound"
                        .to_owned(),
                );
            }
        };
        if bounds.is_none() && rule.is_none() {
            return Err("a threshold needs a bound or a rule".to_owned());
        }
        Ok(Threshold { bounds, rule })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HIGHER: Direction = Direction::HigherIsWorse;
    const LOWER: Direction = Direction::LowerIsWorse;

    #[test]
    fn bands_describe_themselves_as_reports_always_did() {
        let cpu = Band { warning: 50.0, critical: 80.0 };
        assert_eq!(
            Threshold::band(&cpu, HIGHER, Unit::Percent).text(),
            "OK < 50%, WARNING 50-80%, CRITICAL > 80%"
        );
        let hits = Band { warning: 80.0, critical: 70.0 };
        assert_eq!(
            Threshold::band(&hits, LOWER, Unit::Percent).text(),
            "OK > 80%, WARNING 70-80%, CRITICAL < 70%"
        );
        let api = Band { warning: 100.0, critical: 300.0 };
        assert_eq!(
            Threshold::band(&api, HIGHER, Unit::Milliseconds).text(),
            "OK < 100 ms, WARNING 100-300 ms, CRITICAL > 300 ms"
        );
        let fragmentation = Band { warning: 1.5, critical: 2.0 };
        assert_eq!(
            Threshold::band(&fragmentation, HIGHER, Unit::Ratio)
                .and("not judged under 64 MiB used")
                .text(),
            "OK < 1.5, WARNING 1.5-2, CRITICAL > 2; not judged under 64 MiB used"
        );
        let evictions = Band { warning: 0.0, critical: 10.0 };
        assert_eq!(
            Threshold::band(&evictions, HIGHER, Unit::PercentOfLookups).text(),
            "OK 0, WARNING > 0, CRITICAL > 10% of lookups"
        );
    }

    #[test]
    fn single_bounds_and_rules_describe_themselves() {
        assert_eq!(
            Threshold::warning_at(1.0, HIGHER, Unit::Mebibytes).text(),
            "OK < 1 MiB, WARNING ≥ 1 MiB"
        );
        assert_eq!(
            Threshold::warning_at(80.0, LOWER, Unit::Percent).text(),
            "OK > 80%, WARNING ≤ 80%"
        );
        assert_eq!(
            Threshold::critical_at(0.0, HIGHER, Unit::Sessions).text(),
            "OK 0, CRITICAL > 0 sessions"
        );
        assert_eq!(
            Threshold::critical_at(95.0, LOWER, Unit::Percent).text(),
            "OK ≥ 95%, CRITICAL < 95%"
        );
        let rule = Threshold::rule("up is OK, degraded is a WARNING, down is CRITICAL");
        assert_eq!(rule.to_string(), "up is OK, degraded is a WARNING, down is CRITICAL");
        assert!(rule.bounds().is_none());
    }

    #[test]
    fn units_convert_within_their_kind_only() {
        assert_eq!(Unit::Mebibytes.convert(1.5, Unit::Bytes), Some(1572864.0));
        assert_eq!(Unit::Seconds.convert(0.25, Unit::Milliseconds), Some(250.0));
        assert_eq!(Unit::Milliseconds.convert(1500.0, Unit::Seconds), Some(1.5));
        assert_eq!(Unit::Percent.convert(12.0, Unit::Percent), Some(12.0));
        assert_eq!(Unit::Percent.convert(12.0, Unit::PercentOfLookups), None);
        assert_eq!(Unit::Bytes.convert(1.0, Unit::Seconds), None);
    }

    #[test]
    fn units_map_to_the_guidelines_uom() {
        assert_eq!(Unit::Milliseconds.perfdata(), (Unit::Milliseconds, "ms"));
        assert_eq!(Unit::PercentOfLookups.perfdata(), (Unit::PercentOfLookups, "%"));
        assert_eq!(Unit::Mebibytes.perfdata(), (Unit::Bytes, "B"));
        assert_eq!(Unit::SeqScans.perfdata(), (Unit::SeqScans, "c"));
        assert_eq!(Unit::RequestsPerSecond.perfdata(), (Unit::RequestsPerSecond, ""));
        assert_eq!(Unit::PercentPer5Min.perfdata(), (Unit::PercentPer5Min, ""));
    }

    #[test]
    fn amounts_read_as_before() {
        assert_eq!(Unit::Percent.amount(91.0), "91%");
        assert_eq!(Unit::PercentPer5Min.amount(2.5), "2.5% per 5 min");
        assert_eq!(Unit::Milliseconds.amount(4.25), "4.25 ms");
        assert_eq!(Unit::OomKills.amount(1.0), "1 OOM kills");
        assert_eq!(Unit::Ratio.amount(1.23), "1.23");
    }

    #[test]
    fn thresholds_round_trip_through_json_with_their_text() {
        let band = Band { warning: 80.0, critical: 70.0 };
        let threshold = Threshold::band(&band, LOWER, Unit::Percent).and("L1 only");
        let json = serde_json::to_value(&threshold).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "warning": 80.0,
                "critical": 70.0,
                "direction": "lower_is_worse",
                "unit": "%",
                "rule": "L1 only",
                "text": "OK > 80%, WARNING 70-80%, CRITICAL < 70%; L1 only",
            })
        );
        assert_eq!(serde_json::from_value::<Threshold>(json).unwrap(), threshold);
        let rule = Threshold::rule("none");
        let json = serde_json::to_value(&rule).unwrap();
        assert_eq!(json["warning"], serde_json::Value::Null);
        assert_eq!(json["text"], "none");
        assert_eq!(serde_json::from_value::<Threshold>(json).unwrap(), rule);
    }

    #[test]
    fn half_a_threshold_is_refused() {
        let cases = [
            serde_json::json!({"warning": 1.0, "critical": null, "direction": null, "unit": "ms", "rule": null}),
            serde_json::json!({"warning": null, "critical": null, "direction": "higher_is_worse", "unit": "ms", "rule": "x"}),
            serde_json::json!({"warning": null, "critical": null, "direction": null, "unit": null, "rule": null}),
        ];
        for case in cases {
            assert!(serde_json::from_value::<Threshold>(case.clone()).is_err(), "{case}");
        }
    }
}
