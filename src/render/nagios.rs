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
//! `label=value[UOM]` per finding with a number, labelled by check code.
//! The report carries its bands as text only, so the `;warn;crit` fields
//! stay empty (the guidelines allow dropping them). Then one long-output
//! line per finding that is not OK.
//!
//! A `|` would start performance data early, so one in any text is written
//! `¦`; line breaks become spaces.

use std::cmp::Reverse;

use super::{clean, measurement};
use crate::report::{Finding, Report, Status};

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
                Some(value) => format!("{} {value}", f.code),
                None => f.code.clone(),
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
        let mut line = format!("{} {}: {}", finding.status, finding.code, finding.summary);
        if let Some(first) = finding.remediation.as_deref().and_then(|r| r.trim().lines().next()) {
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
    Some(format!("{}={value}{}", label(&finding.code), uom(finding.unit.as_deref())))
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

/// The guidelines' unit of measurement for a finding's unit: time (`s`,
/// `ms`, `us` as they are), percentages, bytes (`B`); anything else
/// (rates, counts of things) is a plain number.
fn uom(unit: Option<&str>) -> &'static str {
    match unit {
        Some("s") => "s",
        Some("ms") => "ms",
        Some("us") => "us",
        Some("bytes") => "B",
        Some(unit) if unit.starts_with('%') => "%",
        _ => "",
    }
}

/// Text on one line, with no `|` to end it early.
fn one_line(text: &str) -> String {
    clean(text.trim()).replace('\n', " ").replace('|', "¦")
}

#[cfg(test)]
mod tests {
    use super::{label, render, uom};
    use crate::render::sample;

    #[test]
    fn awkward_text_keeps_to_its_line() {
        let text = render(&sample::awkward());
        insta::assert_snapshot!(text);
        let lines: Vec<_> = text.lines().collect();
        // The status line, then one line per finding that is not OK.
        assert_eq!(lines.len(), 1 + 5);
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
        assert_eq!(render(&report), "LLMCFG OK - 1 checks ok | quick.api-response-time=4.25ms\n");
    }

    #[test]
    fn labels_are_quoted_only_when_needed() {
        assert_eq!(label("quick.cpu"), "quick.cpu");
        assert_eq!(label("disk /var"), "'disk /var'");
        assert_eq!(label("it's=odd"), "'it''s=odd'");
    }

    #[test]
    fn units_map_to_the_guidelines_units() {
        assert_eq!(uom(Some("ms")), "ms");
        assert_eq!(uom(Some("% of lookups")), "%");
        assert_eq!(uom(Some("bytes")), "B");
        assert_eq!(uom(Some("req/s")), "");
        assert_eq!(uom(None), "");
    }
}
