//! The Prometheus text exposition format, for node_exporter's textfile
//! collector: run the doctor from cron with `--output` (an atomic write)
//! into the collector's directory, and alert in Prometheus.
//!
//! | metric | labels | value |
//! |---|---|---|
//! | `llmcfg_doctor_check_status` | `command`, `section`, `code`, `status` | the status as its exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN |
//! | `llmcfg_doctor_check_value` | `command`, `section`, `code`, `unit` | the measured value, for findings with a finite one |
//! | `llmcfg_doctor_check_warning_threshold` | `command`, `section`, `code`, `unit`, `direction` | the bound from which the check warns, for thresholds with one |
//! | `llmcfg_doctor_check_critical_threshold` | `command`, `section`, `code`, `unit`, `direction` | the bound past which the check is critical, for thresholds with one |
//! | `llmcfg_doctor_findings` | `command`, `status` | findings per status, all four always present |
//! | `llmcfg_doctor_cause` | `command`, `cause`, `confidence` | 1 for each likely cause of the run (none on a healthy service) |
//! | `llmcfg_doctor_run_duration_seconds` | `command` | how long the run took |
//! | `llmcfg_doctor_last_run_timestamp_seconds` | `command` | when the run finished, Unix time |
//! | `llmcfg_doctor_exit_code` | `command` | the exit code of the run, after `--fail-on` |
//!
//! The status value is the exit code, not a rank: `max()` over it puts
//! UNKNOWN (3) above CRITICAL (2); match the value, or the `status` label.
//! Every series carries the subcommand as `command`, so that files of
//! several subcommands in one collector directory never collide.
//!
//! A threshold series is in the unit of the check's value series (a bound
//! in MiB for a value in bytes is given in bytes), so the two compare
//! directly; `direction` (`higher_is_worse` or `lower_is_worse`) says which
//! side of the bound is worse. A bound that cannot be converted to the
//! value's unit, or a rule in words, has no series.
//!
//! Label values escape `\`, `"` and line breaks as the format requires.

use std::fmt::Write;

use super::{Context, clean};
use crate::report::{Finding, Report, Status};
use crate::threshold::{Bounds, Threshold};

const STATUSES: [Status; 4] = [Status::Ok, Status::Warning, Status::Critical, Status::Unknown];

pub fn render(report: &Report, context: &Context) -> String {
    let command = format!("command=\"{}\"", label(&report.command));
    let mut out = String::new();
    family(
        &mut out,
        "llmcfg_doctor_check_status",
        "Status of each check as its exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
    );
    for f in &report.findings {
        let _ = writeln!(
            out,
            "llmcfg_doctor_check_status{{{command},{},status=\"{}\"}} {}",
            identity(f),
            f.status,
            f.status.exit_code()
        );
    }
    family(
        &mut out,
        "llmcfg_doctor_check_value",
        "The value each check measured, in the unit its unit label names.",
    );
    for f in &report.findings {
        if let Some(value) = f.value.filter(|v| v.is_finite()) {
            let _ = writeln!(
                out,
                "llmcfg_doctor_check_value{{{command},{},unit=\"{}\"}} {value}",
                identity(f),
                label(f.unit.map_or("", |unit| unit.name())),
            );
        }
    }
    for (name, help, bound) in [
        (
            "llmcfg_doctor_check_warning_threshold",
            "The bound from which each check warns, in the unit of its value; direction says which side is worse.",
            (|b| b.warning) as fn(&Bounds) -> Option<f64>,
        ),
        (
            "llmcfg_doctor_check_critical_threshold",
            "The bound past which each check is critical, in the unit of its value; direction says which side is worse.",
            |b| b.critical,
        ),
    ] {
        family(&mut out, name, help);
        for f in &report.findings {
            let Some(bounds) = f.threshold.as_ref().and_then(Threshold::bounds) else {
                continue;
            };
            let unit = f.unit.unwrap_or(bounds.unit);
            let Some(at) = bound(bounds).and_then(|at| bounds.unit.convert(at, unit)) else {
                continue;
            };
            let _ = writeln!(
                out,
                "{name}{{{command},{},unit=\"{}\",direction=\"{}\"}} {at}",
                identity(f),
                label(unit.name()),
                bounds.direction.name(),
            );
        }
    }
    family(&mut out, "llmcfg_doctor_findings", "Findings of the run per status.");
    let s = &report.summary;
    for (status, count) in STATUSES.into_iter().zip([s.ok, s.warning, s.critical, s.unknown]) {
        let _ = writeln!(out, "llmcfg_doctor_findings{{{command},status=\"{status}\"}} {count}");
    }
    family(
        &mut out,
        "llmcfg_doctor_cause",
        "1 for each likely cause of the run; confidence is low, medium or high.",
    );
    for cause in &report.causes {
        let _ = writeln!(
            out,
            "llmcfg_doctor_cause{{{command},cause=\"{}\",confidence=\"{}\"}} 1",
            label(&cause.cause),
            cause.confidence
        );
    }
    let finished_ms = report.started_at.timestamp_millis() + report.duration_ms as i64;
    for (name, help, value) in [
        (
            "llmcfg_doctor_run_duration_seconds",
            "How long the run took.",
            report.duration_ms as f64 / 1e3,
        ),
        (
            "llmcfg_doctor_last_run_timestamp_seconds",
            "When the run finished, in seconds since the Unix epoch.",
            finished_ms as f64 / 1e3,
        ),
        (
            "llmcfg_doctor_exit_code",
            "The exit code of the run, after --fail-on.",
            f64::from(context.exit_code),
        ),
    ] {
        family(&mut out, name, help);
        let _ = writeln!(out, "{name}{{{command}}} {value}");
    }
    out
}

/// The `# HELP` and `# TYPE` lines of a gauge.
fn family(out: &mut String, name: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
}

/// Escapes a label value.
fn label(raw: &str) -> String {
    clean(raw).replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The labels that name a finding: its section and code, and its replica
/// in a fleet.
fn identity(finding: &Finding) -> String {
    let mut labels =
        format!("section=\"{}\",code=\"{}\"", label(&finding.section), label(&finding.code));
    if let Some(replica) = &finding.replica {
        labels.push_str(&format!(",replica=\"{}\"", label(replica)));
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::exposition::{Exposition, MetricType, Sample};
    use crate::render::{Context, sample};
    use crate::threshold::Unit;

    const CONTEXT: Context =
        Context { color: false, exit_code: 2, detail: crate::render::Detail::Normal };

    #[test]
    fn awkward_labels_round_trip_through_a_parser() {
        let report = sample::awkward();
        let text = render(&report, &CONTEXT);
        insta::assert_snapshot!(text);
        let exposition = Exposition::parse(&text).expect("a valid exposition");
        for family in exposition.families() {
            assert_eq!(family.metric_type, MetricType::Gauge, "{}", family.name);
            assert!(family.help.is_some(), "{}", family.name);
        }
        let statuses: Vec<_> = exposition.samples("llmcfg_doctor_check_status").collect();
        assert_eq!(statuses.len(), report.findings.len());
        for (sample, finding) in statuses.iter().zip(&report.findings) {
            assert_eq!(sample.label("code").as_deref(), Some(finding.code.as_str()));
            assert_eq!(sample.label("status").as_deref(), Some(finding.status.label()));
            assert_eq!(sample.label("command").as_deref(), Some("all"));
            assert_eq!(sample.value, f64::from(finding.status.exit_code()));
        }
        let values: Vec<_> = exposition.samples("llmcfg_doctor_check_value").collect();
        let measured: Vec<_> = report.findings.iter().filter(|f| f.value.is_some()).collect();
        assert_eq!(values.len(), measured.len());
        for (sample, finding) in values.iter().zip(measured) {
            assert_eq!(sample.label("code").as_deref(), Some(finding.code.as_str()));
            assert_eq!(sample.label("unit").as_deref(), finding.unit.map(Unit::name));
            assert_eq!(Some(sample.value), finding.value);
        }
        let warnings: Vec<_> =
            exposition.samples("llmcfg_doctor_check_warning_threshold").collect();
        let criticals: Vec<_> =
            exposition.samples("llmcfg_doctor_check_critical_threshold").collect();
        let bounds = |code: &str, samples: &[_]| -> Vec<(f64, String, String)> {
            samples
                .iter()
                .filter(|s: &&Sample| s.label("code").as_deref() == Some(code))
                .map(|s| {
                    let label = |name| s.label(name).unwrap().into_owned();
                    (s.value, label("unit"), label("direction"))
                })
                .collect()
        };
        let pair = |value: f64, unit: &str, direction: &str| {
            vec![(value, unit.to_owned(), direction.to_owned())]
        };
        assert_eq!(bounds("quick.memory", &warnings), pair(60.0, "%", "higher_is_worse"));
        assert_eq!(bounds("quick.memory", &criticals), pair(80.0, "%", "higher_is_worse"));
        assert_eq!(
            bounds("cache.l1-hit-rate", &criticals),
            pair(70.0, "% of lookups", "lower_is_worse")
        );
        // One bound only, and rules in words, give no series.
        assert_eq!(bounds("db.long-running-queries", &warnings), pair(0.0, "s", "higher_is_worse"));
        assert!(bounds("db.long-running-queries", &criticals).is_empty());
        assert!(bounds("memory.breakdown", &warnings).is_empty());
        assert_eq!((warnings.len(), criticals.len()), (5, 3));
        let count =
            |status: &str| exposition.sum("llmcfg_doctor_findings", &[("status", status)]).unwrap();
        assert_eq!(
            [count("OK"), count("WARNING"), count("CRITICAL"), count("UNKNOWN")],
            [4.0, 2.0, 1.0, 2.0]
        );
        assert_eq!(exposition.sum("llmcfg_doctor_exit_code", &[]), Some(2.0));
        assert_eq!(exposition.sum("llmcfg_doctor_run_duration_seconds", &[]), Some(1.234));
        assert_eq!(
            exposition.sum("llmcfg_doctor_last_run_timestamp_seconds", &[]),
            Some(1767323046.234)
        );
    }

    #[test]
    fn every_status_from_the_fixture() {
        insta::assert_snapshot!(render(&sample::mixed(), &CONTEXT));
    }
}
