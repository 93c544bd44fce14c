//! Renderers: one report, many shapes. Each turns a [`Report`] (or the
//! [`Diff`](crate::diff::Diff) of two) into text; none of them decides
//! anything.

mod diff;
mod json;
mod junit;
mod markdown;
mod nagios;
mod prometheus;
mod table;
mod timeline;
pub mod watch;

pub use table::wrap;

use crate::report::{Finding, Report};
use crate::threshold::Unit;
use crate::threshold::trim_float;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A table for people; colour on a terminal unless NO_COLOR is set.
    Table,
    /// The versioned JSON report, for programs.
    Json,
    /// A findings table and what to do, in Markdown, for tickets and CI summaries.
    Markdown,
    /// A monitoring-plugin status line and performance data, for Nagios.
    Nagios,
    /// JUnit XML for CI test reports: a suite per section, a case per check.
    Junit,
    /// Prometheus text format, for node_exporter's textfile collector.
    Prometheus,
}

impl Format {
    /// The format's name, as `--format` and a settings file spell it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Nagios => "nagios",
            Format::Junit => "junit",
            Format::Prometheus => "prometheus",
        }
    }
}

/// What the caller decided about the run, for the formats that show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// Colour the table (a terminal, and NO_COLOR unset).
    pub color: bool,
    /// The exit code the run ends with (after `--fail-on`).
    pub exit_code: u8,
    /// How much the table shows.
    pub detail: Detail,
}

/// How much of a report the table shows; the other formats show it all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// The status line alone (`--quiet`).
    Quiet,
    /// The findings, the likely causes and what to do.
    #[default]
    Normal,
    /// Also where every finding's figure came from and what judged it,
    /// OK findings included (`--verbose`).
    Verbose,
}

/// Renders a report.
pub fn render(report: &Report, format: Format, context: &Context) -> String {
    match format {
        Format::Table => table::render(report, context.color, context.detail),
        Format::Json => json::render(report),
        Format::Markdown => markdown::render(report),
        Format::Nagios => nagios::render(report),
        Format::Junit => junit::render(report),
        Format::Prometheus => prometheus::render(report, context),
    }
}

/// Renders a before/after comparison; `color` applies to the table only.
pub fn render_diff(
    diff: &crate::diff::Diff,
    format: Format,
    color: bool,
) -> Result<String, String> {
    match format {
        Format::Table => Ok(diff::table(diff, color)),
        Format::Json => Ok(json::pretty(diff)),
        other => Err(format!("diff prints as table or json, not {}", other.name())),
    }
}

pub fn render_timeline(
    timeline: &crate::timeline::Timeline,
    format: Format,
    color: bool,
) -> Result<String, String> {
    match format {
        Format::Table => Ok(timeline::table(timeline, color)),
        Format::Json => Ok(json::pretty(timeline)),
        Format::Markdown => Ok(timeline::markdown(timeline)),
        other => Err(format!("timeline prints as table, json or markdown, not {}", other.name())),
    }
}

/// A finding's value with its unit, e.g. `4.25 ms` or `91%`.
fn measurement(finding: &Finding) -> Option<String> {
    amount_of(finding.value, finding.unit)
}

/// A value with its unit, when there is a value.
fn amount_of(value: Option<f64>, unit: Option<Unit>) -> Option<String> {
    Some(amount(value?, unit))
}

/// A value with its unit, or the bare number when it has none.
fn amount(value: f64, unit: Option<Unit>) -> String {
    unit.map_or_else(|| trim_float(value), |unit| unit.amount(value))
}

/// A bidirectional formatting character: it reorders how a terminal
/// shows the text around it.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with line breaks as `\n` and every other control character
/// (invalid in XML 1.0, escape sequences on a terminal) and every
/// bidirectional formatting character (which reorders what a terminal
/// shows) as U+FFFD.
pub(crate) fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\r' => '\n',
            '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
            c if is_bidi_control(c) => '\u{FFFD}',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Reports the renderers' tests share: one built by hand with every status
/// and awkward characters, and one judged from a fixture.
#[cfg(test)]
pub(crate) mod sample {
    use chrono::{TimeZone, Utc};

    use crate::checks::{self, Section};
    use crate::evidence::Evidence;
    use crate::report::{Cause, Confidence, Finding, Report, Sign, Status};
    use crate::runbook::Runbook;
    use crate::threshold::Direction;
    use crate::threshold::{Threshold, Unit};

    fn finding(code: &str, status: Status, title: &str, summary: &str) -> Finding {
        Finding {
            code: code.to_owned(),
            section: code.split('.').next().unwrap().to_owned(),
            title: title.to_owned(),
            status,
            summary: summary.to_owned(),
            value: None,
            unit: None,
            threshold: None,
            evidence: "GET http://127.0.0.1:8080/health".to_owned(),
            remediation: None,
            judged: true,
            replica: None,
        }
    }

    fn measured(mut finding: Finding, value: f64, unit: Unit, threshold: Threshold) -> Finding {
        finding.value = Some(value);
        finding.unit = Some(unit);
        finding.threshold = Some(threshold);
        finding
    }

    fn advised(mut finding: Finding, remediation: &str) -> Finding {
        finding.remediation = Some(remediation.to_owned());
        finding
    }

    /// Every status, every kind of unit, and text holding pipes, newlines,
    /// quotes, markup, backslashes and control characters.
    pub fn awkward() -> Report {
        let findings = vec![
            measured(
                finding("quick.api-response-time", Status::Ok, "API response time", "4.3 ms"),
                4.25,
                Unit::Milliseconds,
                Threshold::new(100.0, 300.0, Direction::HigherIsWorse, Unit::Milliseconds),
            ),
            advised(
                measured(
                    finding(
                        "quick.memory",
                        Status::Warning,
                        "Memory | \"RSS\" & <heap>",
                        "line one\nline two | piped",
                    ),
                    70.0,
                    Unit::Percent,
                    Threshold::new(60.0, 80.0, Direction::HigherIsWorse, Unit::Percent),
                ),
                "Lower CACHE_L1_SIZE.\nThen run `ps aux | grep llm`.\n\nA second paragraph.",
            ),
            advised(
                measured(
                    finding("cache.l1-hit-rate", Status::Critical, "L1 hit rate", "42.5%"),
                    42.5,
                    Unit::PercentOfLookups,
                    Threshold::new(80.0, 70.0, Direction::LowerIsWorse, Unit::PercentOfLookups),
                ),
                "Raise CACHE_L1_SIZE; the log said \u{1b}[31mred\u{1b}[0m and a NUL \u{0} here.",
            ),
            advised(
                finding(
                    "db.ready",
                    Status::Unknown,
                    "Database ready",
                    "not measured: connection refused\r\nretry",
                ),
                "Give --database-url 'postgres://user:***@host/db' or C:\\path\\to\\file.",
            ),
            finding("cache.redis-latency", Status::Unknown, "Redis latency", "not measured"),
            advised(
                measured(
                    finding("db.long-running-queries", Status::Warning, "Long queries", "1 query"),
                    0.25,
                    Unit::Seconds,
                    Threshold::warning_at(0.0, Direction::HigherIsWorse, Unit::Seconds),
                ),
                "Look at pg_stat_activity.",
            ),
            measured(
                finding("memory.breakdown", Status::Ok, "Memory breakdown", "26 MiB"),
                27512832.0,
                Unit::Bytes,
                Threshold::rule("none"),
            ),
            measured(
                finding("cpu.request-rate", Status::Ok, "Request rate", "139 req/s"),
                139.0,
                Unit::RequestsPerSecond,
                Threshold::rule("none | \"informational\""),
            ),
            measured(
                finding(
                    "resources.disk-space[\"/var\\lib\"]\nof 'data'",
                    Status::Ok,
                    "Disk space",
                    "62%",
                ),
                62.5,
                Unit::Percent,
                Threshold::warning_at(80.0, Direction::HigherIsWorse, Unit::Percent),
            ),
        ];
        let started_at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let cause = Cause {
            cause: "l1-too-small".into(),
            title: "L1 | \"too\" <small>\nfor the hot set".into(),
            confidence: Confidence::High,
            score: 5.0,
            supported_by: vec![Sign {
                code: "cache.l1-hit-rate".into(),
                status: Some(Status::Critical),
                value: Some(42.5),
                unit: Some(Unit::PercentOfLookups),
                text: "42.5% | of\r\nlookups \u{1b}[31m".into(),
                weight: 2.0,
            }],
            contradicted_by: Vec::new(),
            would_contradict: vec!["l1-fill-percent below 90 (not measured)".into()],
            resolution: vec!["Raise CACHE_L1_SIZE | `50000`".into(), "Restart <now>".into()],
            replica: None,
        };
        Report::new(
            "all",
            "http://user:***@host:8080/?a=1&b=\"2\"".into(),
            started_at,
            1234,
            findings,
        )
        .with_causes(vec![cause])
    }

    /// `analyze fixtures/evidence/quick-mixed.json`: the real checks on one
    /// finding of each status, and the causes they point at.
    pub fn mixed() -> Report {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/evidence/quick-mixed.json");
        let evidence: Evidence =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let runbook = Runbook::embedded();
        let (findings, causes) =
            crate::judge(checks::of_section(Section::Quick), &evidence, &runbook);
        Report::new(
            "analyze",
            "evidence quick-mixed.json".into(),
            evidence.collected_at.unwrap(),
            0,
            findings,
        )
        .with_causes(causes)
    }
}
