//! The monitoring-plugin output that Nagios, Icinga, Naemon and NRPE read
//! (the monitoring-plugins development guidelines):
//!
//! ```text
//! LLMCFG CRITICAL - 1 critical, 2 warning, 0 unknown: quick.cpu 91%, ... | quick.cpu=91% ...
//! CRITICAL quick.cpu: <summary> - <first line of the remediation>
//! ```
//!
//! The first line is the status (non-OK findings worst first, or how many
//! checks were OK) and, after `|`, the performance data: one
//! `label=value[UOM];warn;crit;min;max` per finding with a number,
//! labelled by check code. UOM is the guidelines' (`%`, `s`/`ms`, `B`, `c`
//! for counters, none for other numbers; MiB are given in `B`). `warn` and
//! `crit` are the threshold's bounds in the guidelines' range format: `80`
//! alerts above 80 (`~:80` for a value that may be negative), `80:` below
//! 80; a bound in a unit the value cannot be converted to, or a rule in
//! words, leaves its field empty. `min` and `max` are given where the unit
//! has them (0 and 100 for a share). Trailing empty fields are dropped, as
//! the guidelines allow. Then one long-output line per finding that is not
//! OK, and one for the most likely cause, when there is one:
//! `Likely cause: <title> (<name>, <confidence> confidence) - <first step>`.
//!
//! A `|` would start performance data early, so one in any text is written
//! `¦`; line breaks become spaces.

use std::cmp::Reverse;

use super::{clean, measurement};
use crate::report::{Finding, Report, Status};
use crate::threshold::Direction;
use crate::threshold::{Bounds, Threshold};

pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let mut problems: Vec<&Finding> =
        report.findings.iter().filter(|f| f.status != Status::Ok).collect();
    problems.sort_by_key(|f| Reverse(f.status.severity()));
    let mut out = if problems.is_empty() {
        format!("LLMCFG OK - {} checks ok", s.ok)
    } else {
        let listed: Vec<String> = problems
            .iter()
            .map(|f| match measurement(f) {
                Some(value) => format!("{} {value}", f.display_code()),
                None => f.display_code(),
            })
            .collect();
        format!(
            "LLMCFG {} - {} critical, {} warning, {} unknown: {}",
            report.worst,
            s.critical,
            s.warning,
            s.unknown,
            listed.join(", ")
        )
    };
    out = one_line(&out);
    let perfdata: Vec<String> = report.findings.iter().filter_map(perfdata).collect();
    if !perfdata.is_empty() {
        out.push_str(" | ");
        out.push_str(&perfdata.join(" "));
    }
    out.push('\n');
    for finding in problems {
        let mut line =
            format!("{} {}: {}", finding.status, finding.display_code(), finding.summary);
        if let Some(first) = finding.remediation.as_deref().and_then(|r| r.trim().lines().next()) {
            line.push_str(" - ");
            line.push_str(first);
        }
        out.push_str(&one_line(&line));
        out.push('\n');
    }
    if let Some(cause) = report.causes.first() {
        let mut line = format!(
            "Likely cause: {} ({}, {} confidence)",
            cause.display_title(),
            cause.cause,
            cause.confidence
        );
        if let Some(first) = cause.resolution.first() {
            line.push_str(" - ");
            line.push_str(first);
        }
        out.push_str(&one_line(&line));
        out.push('\n');
    }
    out
}

/// One performance-data item, when the finding has a finite value.
fn perfdata(finding: &Finding) -> Option<String> {
    let value = finding.value.filter(|v| v.is_finite())?;
    let label = label(&finding.display_code());
    let Some(unit) = finding.unit else {
        return Some(format!("{label}={value}"));
    };
    let (shown, uom) = unit.perfdata();
    let (min, max) = unit.range();
    let bounds = finding.threshold.as_ref().and_then(Threshold::bounds);
    let range = |bound: fn(&Bounds) -> Option<f64>| {
        bounds
            .and_then(|b| Some((b.unit.convert(bound(b)?, shown)?, b.direction)))
            .map_or_else(String::new, |(at, direction)| alert_range(at, direction, min))
    };
    let limit = |limit: Option<f64>| {
        limit.and_then(|l| unit.convert(l, shown)).map_or_else(String::new, |l| l.to_string())
    };
    let mut fields = vec![
        format!("{label}={}{uom}", unit.convert(value, shown)?),
        range(|b| b.warning),
        range(|b| b.critical),
        limit(min),
        limit(max),
    ];
    while fields.last().is_some_and(String::is_empty) {
        fields.pop();
    }
    Some(fields.join(";"))
}

/// The guidelines' range that alerts past `bound`: `10` alerts above 10
/// (and below 0, so `~:10` when values may be negative), `10:` below 10.
fn alert_range(bound: f64, direction: Direction, min: Option<f64>) -> String {
    match direction {
        Direction::HigherIsWorse if min == Some(0.0) => format!("{bound}"),
        Direction::HigherIsWorse => format!("~:{bound}"),
        Direction::LowerIsWorse => format!("{bound}:"),
    }
}

/// The label, quoted when it holds anything but letters, digits and
/// `._-`; a quote inside is doubled.
fn label(code: &str) -> String {
    let code = one_line(code);
    if code.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        code
    } else {
        format!("'{}'", code.replace('\'', "''"))
    }
}

/// Text on one line, with no `|` to end it early.
fn one_line(text: &str) -> String {
    clean(text.trim()).replace('\n', " ").replace('|', "¦")
}

#[cfg(test)]
mod tests {
    use super::{label, perfdata, render};
    use crate::render::sample;
    use crate::report::{Finding, Status};
    use crate::threshold::Direction::{HigherIsWorse, LowerIsWorse};
    use crate::threshold::{Threshold, Unit};

    #[test]
    fn awkward_text_keeps_to_its_line() {
        let text = render(&sample::awkward());
        insta::assert_snapshot!(text);
        let lines: Vec<_> = text.lines().collect();
        // The status line, one line per finding that is not OK, the cause.
        assert_eq!(lines.len(), 1 + 5 + 1);
        assert!(lines[0].starts_with("LLMCFG CRITICAL - 1 critical, 2 warning, 2 unknown: "));
        assert_eq!(lines[0].matches('|').count(), 1, "{}", lines[0]);
        assert!(lines[1..].iter().all(|line| !line.contains('|')));
    }

    #[test]
    fn every_status_from_the_fixture() {
        insta::assert_snapshot!(render(&sample::mixed()));
    }

    #[test]
    fn all_ok_says_how_many() {
        let mut report = sample::mixed();
        report.findings.retain(|f| f.status == crate::report::Status::Ok);
        let report = crate::report::Report::new(
            "quick",
            report.target,
            report.started_at,
            0,
            report.findings,
        );
        assert_eq!(
            render(&report),
            "LLMCFG OK - 3 checks ok | quick.api-response-time=4.25ms;100;300;0\n"
        );
    }

    #[test]
    fn labels_are_quoted_only_when_needed() {
        assert_eq!(label("quick.cpu"), "quick.cpu");
        assert_eq!(label("disk /var"), "'disk /var'");
        assert_eq!(label("it's=odd"), "'it''s=odd'");
    }

    fn finding(value: f64, unit: Unit, threshold: Option<Threshold>) -> Finding {
        Finding {
            code: "check".into(),
            section: "quick".into(),
            title: String::new(),
            status: Status::Ok,
            summary: String::new(),
            value: Some(value),
            unit: Some(unit),
            threshold,
            evidence: String::new(),
            remediation: None,
            judged: true,
            replica: None,
        }
    }

    fn item(value: f64, unit: Unit, threshold: Threshold) -> String {
        perfdata(&finding(value, unit, Some(threshold))).unwrap()
    }

    #[test]
    fn higher_is_worse_bands_alert_above_their_bounds() {
        let cpu = Threshold::new(50.0, 80.0, HigherIsWorse, Unit::Percent);
        assert_eq!(item(91.0, Unit::Percent, cpu), "check=91%;50;80;0;100");
        let latency = Threshold::new(100.0, 300.0, HigherIsWorse, Unit::Milliseconds);
        assert_eq!(item(4.25, Unit::Milliseconds, latency), "check=4.25ms;100;300;0");
    }

    #[test]
    fn lower_is_worse_bands_alert_below_their_bounds() {
        let hits = Threshold::new(80.0, 70.0, LowerIsWorse, Unit::PercentOfLookups);
        assert_eq!(item(92.5, Unit::PercentOfLookups, hits), "check=92.5%;80:;70:;0;100");
    }

    #[test]
    fn a_value_that_may_be_negative_gets_an_open_lower_end() {
        let growth = Threshold::new(5.0, 10.0, HigherIsWorse, Unit::PercentPer5Min);
        assert_eq!(item(-1.5, Unit::PercentPer5Min, growth), "check=-1.5;~:5;~:10");
    }

    #[test]
    fn a_single_bound_leaves_the_other_field_empty() {
        let blocked = Threshold::critical_at(0.0, HigherIsWorse, Unit::Sessions);
        assert_eq!(item(2.0, Unit::Sessions, blocked), "check=2;;0;0");
        let target = Threshold::warning_at(80.0, LowerIsWorse, Unit::Percent);
        assert_eq!(item(85.0, Unit::Percent, target), "check=85%;80:;;0;100");
    }

    #[test]
    fn a_rule_in_words_gives_no_bounds() {
        let rule = Threshold::rule("up is OK, degraded is a WARNING, down is CRITICAL");
        assert_eq!(item(3.0, Unit::Milliseconds, rule), "check=3ms;;;0");
        assert_eq!(
            perfdata(&finding(139.0, Unit::RequestsPerSecond, None)).unwrap(),
            "check=139;;;0"
        );
    }

    #[test]
    fn bounds_are_converted_to_the_values_uom() {
        let big_key = Threshold::warning_at(1.0, HigherIsWorse, Unit::Mebibytes);
        assert_eq!(item(2097152.0, Unit::Bytes, big_key), "check=2097152B;1048576;;0");
        let long = Threshold::new(30.0, 300.0, HigherIsWorse, Unit::Seconds);
        assert_eq!(item(1500.0, Unit::Milliseconds, long), "check=1500ms;30000;300000;0");
        assert_eq!(
            perfdata(&finding(1.5, Unit::Mebibytes, None)).unwrap(),
            "check=1572864B;;;0",
            "MiB have no UOM: the value is given in bytes"
        );
    }

    #[test]
    fn a_bound_in_another_kind_of_unit_is_left_out() {
        let maxmemory = Threshold::new(60.0, 80.0, HigherIsWorse, Unit::PercentOfMaxmemory)
            .and("no maxmemory is a WARNING");
        assert_eq!(item(27512832.0, Unit::Bytes, maxmemory), "check=27512832B;;;0");
    }

    #[test]
    fn counters_are_c() {
        let scans = Threshold::rule("the recommended indexes exist");
        assert_eq!(item(1200.0, Unit::SeqScans, scans), "check=1200c;;;0");
    }
}
