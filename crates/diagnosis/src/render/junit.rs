//! JUnit XML for CI test reports (GitLab, Jenkins, GitHub test-report
//! actions): one `<testsuite>` per runbook section, one `<testcase>` per
//! finding, named by its check code, with class `llmcfg-doctor.<section>`.
//!
//! WARNING and CRITICAL are `<failure>`s and UNKNOWN is an `<error>`, each
//! with the status as `type`, the check and its value as `message` and the
//! remediation as body; every case carries what was found, the band and
//! the evidence in `<system-out>`.
//!
//! An UNKNOWN is an `<error>`, not `<skipped>`: CI servers count a skipped
//! test as neither passed nor failed (GitLab greys it out, Jenkins leaves
//! the build stable), so a check that could not look would quietly drop out
//! of the gate. An error is counted apart from failures, which keeps
//! "could not measure" distinct from "measured and bad".
//!
//! Times are in seconds. The evidence is collected once, concurrently, for
//! every check, so the run's duration belongs to `<testsuites>` alone;
//! suites and cases say 0, which is what judging collected evidence takes.
//!
//! Text is escaped for XML 1.0, and the control characters it cannot hold
//! at all are replaced by U+FFFD.

use std::fmt::Write;

use super::{clean, measurement};
use crate::report::{Finding, Report, Status};

pub fn render(report: &Report) -> String {
    let timestamp = report.started_at.format("%Y-%m-%dT%H:%M:%S");
    let mut sections: Vec<&str> = Vec::new();
    for finding in &report.findings {
        if !sections.contains(&finding.section.as_str()) {
            sections.push(&finding.section);
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let all: Vec<&Finding> = report.findings.iter().collect();
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" {} time=\"{:.3}\" timestamp=\"{timestamp}\">",
        attr(&format!("llmcfg-doctor {}", report.command)),
        counts(&all),
        report.duration_ms as f64 / 1e3,
    );
    for section in sections {
        let findings: Vec<&Finding> =
            report.findings.iter().filter(|f| f.section == section).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" {} time=\"0.000\" timestamp=\"{timestamp}\">",
            attr(section),
            counts(&findings),
        );
        let _ = writeln!(
            out,
            "    <properties>\n      <property name=\"command\" value=\"{}\"/>\n      \
             <property name=\"target\" value=\"{}\"/>\n    </properties>",
            attr(&report.command),
            attr(&report.target),
        );
        for finding in findings {
            testcase(&mut out, finding);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The `tests`, `failures`, `errors` and `skipped` attributes.
fn counts(findings: &[&Finding]) -> String {
    let of = |status: Status| findings.iter().filter(|f| f.status == status).count();
    format!(
        "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\"",
        findings.len(),
        of(Status::Warning) + of(Status::Critical),
        of(Status::Unknown),
    )
}

fn testcase(out: &mut String, finding: &Finding) {
    let _ = writeln!(
        out,
        "    <testcase classname=\"llmcfg-doctor.{}\" name=\"{}\" time=\"0.000\">",
        attr(&finding.section),
        attr(&finding.display_code()),
    );
    let element = match finding.status {
        Status::Ok => None,
        Status::Warning | Status::Critical => Some("failure"),
        Status::Unknown => Some("error"),
    };
    if let Some(element) = element {
        let message = match measurement(finding) {
            Some(value) => format!("{}: {value}", finding.title),
            None => format!("{}: {}", finding.title, finding.summary),
        };
        let body = finding.remediation.as_deref().unwrap_or(&finding.summary);
        let _ = writeln!(
            out,
            "      <{element} type=\"{}\" message=\"{}\">{}</{element}>",
            finding.status,
            attr(&message),
            text(body),
        );
    }
    let mut found = format!("{}\n", finding.summary);
    if let Some(threshold) = &finding.threshold {
        let _ = writeln!(found, "threshold: {threshold}");
    }
    let _ = writeln!(found, "evidence: {}", finding.evidence);
    let _ = writeln!(out, "      <system-out>{}</system-out>\n    </testcase>", text(&found));
}

/// Escapes character data.
fn text(raw: &str) -> String {
    clean(raw).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Escapes an attribute value; line breaks and tabs as character
/// references, which attribute normalisation would otherwise turn into
/// spaces.
fn attr(raw: &str) -> String {
    text(raw).replace('"', "&quot;").replace('\n', "&#10;").replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::render::sample;
    use crate::report::{Report, Status};

    /// Parses the output and checks it against the report it came from.
    fn assert_structure(report: &Report) {
        let xml = render(report);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        assert_eq!(root.attribute("tests"), Some(report.findings.len().to_string().as_str()));
        let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
        let cases: Vec<_> = suites
            .iter()
            .flat_map(|suite| suite.children().filter(|n| n.has_tag_name("testcase")))
            .collect();
        assert_eq!(cases.len(), report.findings.len());
        let sections: std::collections::HashSet<_> =
            report.findings.iter().map(|f| &f.section).collect();
        assert_eq!(suites.len(), sections.len());
        for finding in &report.findings {
            let case = cases.iter().find(|c| c.attribute("name") == Some(&finding.code)).unwrap();
            let suite = case.parent().unwrap();
            assert_eq!(suite.attribute("name"), Some(finding.section.as_str()));
            let class = format!("llmcfg-doctor.{}", finding.section);
            assert_eq!(case.attribute("classname"), Some(class.as_str()));
            let outcome = case.children().find(|n| n.is_element() && !n.has_tag_name("system-out"));
            match finding.status {
                Status::Ok => assert!(outcome.is_none()),
                status => {
                    let outcome = outcome.unwrap();
                    let expected = if status == Status::Unknown { "error" } else { "failure" };
                    assert_eq!(outcome.tag_name().name(), expected);
                    assert_eq!(outcome.attribute("type"), Some(status.label()));
                    let message = outcome.attribute("message").unwrap();
                    assert!(message.starts_with(&format!("{}: ", finding.title)), "{message}");
                }
            }
            let out = case.children().find(|n| n.has_tag_name("system-out")).unwrap();
            assert!(out.text().unwrap().contains(finding.evidence.as_str()));
        }
        let sum = |attribute: &str| -> usize {
            suites.iter().map(|s| s.attribute(attribute).unwrap().parse::<usize>().unwrap()).sum()
        };
        let s = &report.summary;
        assert_eq!(sum("failures"), s.warning + s.critical);
        assert_eq!(sum("errors"), s.unknown);
    }

    #[test]
    fn awkward_text_survives_a_parser() {
        let report = sample::awkward();
        assert_structure(&report);
        let xml = render(&report);
        insta::assert_snapshot!(xml);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let failure = doc.descendants().find(|n| n.has_tag_name("failure")).unwrap();
        // Quotes, markup and line breaks come back as they were.
        assert_eq!(failure.attribute("message"), Some("Memory | \"RSS\" & <heap>: 70%"));
        assert!(failure.text().unwrap().contains("`ps aux | grep llm`.\n\nA second"));
        let critical = doc.descendants().filter(|n| n.has_tag_name("failure")).nth(1).unwrap();
        assert!(critical.text().unwrap().contains("said \u{FFFD}[31mred"));
    }

    #[test]
    fn every_status_from_the_fixture() {
        let report = sample::mixed();
        assert_structure(&report);
        insta::assert_snapshot!(render(&report));
    }
}
