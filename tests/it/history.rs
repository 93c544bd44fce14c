//! The past, judged through a real Prometheus whose history the test
//! wrote: the service's series over four hours, backfilled with `promtool
//! tsdb create-blocks-from openmetrics`, with a ten-minute storage
//! incident two hours ago. `--at` finds the incident after it ended and
//! passes the time after it; `--since` covers it; a bundle of the past
//! judges the same offline; a time in the future, one that does not parse
//! and one before Prometheus's data are each refused or UNKNOWN, never a
//! guess.

use std::fmt::Write;
use std::process::Command;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::Value;

use crate::doctor_quick::{doctor, run_json};
use crate::support::{PrometheusServer, finding};

/// Seconds between two samples of the written history.
const STEP: i64 = 15;
/// Reads a second, every one answered by L1.
const READS_PER_SECOND: i64 = 10;
/// Failed reads a second during the incident (on top of the others).
const FAILURES_PER_SECOND: i64 = 3;

/// One series of a family: its name with labels, and its value at a time.
type Written<'a> = (&'a str, &'a dyn Fn(&DateTime<Utc>) -> i64);

/// When the written history starts and ends, and when its incident does.
struct Timeline {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    incident: (DateTime<Utc>, DateTime<Utc>),
}

impl Timeline {
    /// Four hours ending half an hour ago, failing from 2h05m to 1h55m ago.
    fn recent(now: DateTime<Utc>) -> Timeline {
        let at = |minutes: i64| {
            let time = now - Duration::minutes(minutes);
            DateTime::from_timestamp(time.timestamp() - time.timestamp() % STEP, 0).unwrap()
        };
        Timeline { start: at(270), end: at(30), incident: (at(125), at(115)) }
    }

    /// Seconds of the incident before `t`.
    fn failing_seconds(&self, t: DateTime<Utc>) -> i64 {
        let (from, to) = self.incident;
        (t.min(to) - from).num_seconds().max(0)
    }

    /// The service's counters as OpenMetrics, one sample every [`STEP`].
    fn openmetrics(&self) -> String {
        let times: Vec<DateTime<Utc>> = (0..)
            .map(|n| self.start + Duration::seconds(n * STEP))
            .take_while(|t| *t <= self.end)
            .collect();
        let elapsed = |t: &DateTime<Utc>| (*t - self.start).num_seconds();
        let mut text = String::new();
        let mut family = |name: &str, kind: &str, series: &[Written<'_>]| {
            let _ = writeln!(text, "# TYPE {name} {kind}");
            for (labels, value) in series {
                for t in &times {
                    let _ = writeln!(text, "{labels} {} {}", value(t), t.timestamp());
                }
            }
        };
        let reads = |t: &DateTime<Utc>| elapsed(t) * READS_PER_SECOND;
        let failures = |t: &DateTime<Utc>| self.failing_seconds(*t) * FAILURES_PER_SECOND;
        let operations = |t: &DateTime<Utc>| reads(t) + failures(t);
        family(
            "config_operations",
            "counter",
            &[(r#"config_operations_total{operation="get"}"#, &operations)],
        );
        family(
            "config_errors",
            "counter",
            &[(r#"config_errors_total{operation="get",kind="unavailable"}"#, &failures)],
        );
        family(
            "http_requests",
            "counter",
            &[
                (
                    r#"http_requests_total{method="GET",route="/api/v1/configs/{namespace}/{key}",status="200"}"#,
                    &reads,
                ),
                (
                    r#"http_requests_total{method="GET",route="/api/v1/configs/{namespace}/{key}",status="503"}"#,
                    &failures,
                ),
            ],
        );
        let tenth_of_a_millisecond = |t: &DateTime<Utc>| reads(t) / 10;
        family(
            "config_operation_duration_seconds",
            "histogram",
            &[
                (
                    r#"config_operation_duration_seconds_bucket{operation="get",source="l1",le="0.001"}"#,
                    &reads,
                ),
                (
                    r#"config_operation_duration_seconds_bucket{operation="get",source="l1",le="+Inf"}"#,
                    &reads,
                ),
                (r#"config_operation_duration_seconds_count{operation="get",source="l1"}"#, &reads),
                (
                    r#"config_operation_duration_seconds_sum{operation="get",source="l1"}"#,
                    &tenth_of_a_millisecond,
                ),
            ],
        );
        text.push_str("# EOF\n");
        text
    }
}

fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `quick` judged through `prometheus` with `args`: its exit code and report.
fn quick(prometheus: &PrometheusServer, args: &[&str]) -> (i32, Value) {
    let mut command = doctor();
    command.args(["quick", "--prometheus-url", &prometheus.url(), "--timeout", "10s"]).args(args);
    let (output, report) = run_json(&mut command);
    (output.status.code().unwrap(), report)
}

fn status(report: &Value, code: &str) -> String {
    finding(report, code)["status"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_past_incident_is_found_after_it_ended_and_the_time_after_it_passes() {
    let timeline = Timeline::recent(Utc::now());
    let Some(prometheus) = PrometheusServer::with_history("history", &timeline.openmetrics())
    else {
        return;
    };
    prometheus.ready().await;
    let during = rfc3339(timeline.incident.1 - Duration::minutes(1));
    let after = rfc3339(timeline.incident.1 + Duration::minutes(20));

    let (code, report) = quick(&prometheus, &["--at", &during]);
    let errors = finding(&report, "quick.recent-errors");
    assert_eq!(errors["status"], "CRITICAL", "{errors:#}");
    let text = errors["summary"].as_str().unwrap();
    // All five minutes failed 3 of 13 operations: 900 of 3900.
    assert!(
        text.starts_with("error rate 23.1% (900 of 3900 operations over the 300s ending "),
        "{text}"
    );
    assert!(
        errors["evidence"]
            .as_str()
            .unwrap()
            .ends_with(&format!("ending {during} and service logs")),
        "{errors:#}"
    );
    assert_eq!(code, 2);
    let past = &report["past"];
    assert_eq!(past["at"], during.as_str());
    assert_eq!(past["seconds"], 300);
    let left_out: Vec<&str> =
        past["not_measured"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    for live in ["quick.api-response-time", "quick.health-status", "quick.cpu", "quick.memory"] {
        assert!(left_out.contains(&live), "{live} needs a live look: {left_out:?}");
        assert!(report["findings"].as_array().unwrap().iter().all(|f| f["code"] != live));
    }
    assert_eq!(status(&report, "quick.cache-hit-rate"), "OK");

    // Twenty minutes after it ended: the five minutes before were clean.
    let (code, report) = quick(&prometheus, &["--at", &after]);
    assert_eq!(status(&report, "quick.recent-errors"), "OK", "{report:#}");
    assert_eq!(code, 0, "{report:#}");

    // The three hours ending now hold the incident: 1800 failures in
    // 9000 s of history at 10 a second.
    let (code, report) = quick(&prometheus, &["--since", "3h"]);
    let errors = finding(&report, "quick.recent-errors");
    assert_eq!(errors["status"], "CRITICAL", "{errors:#}");
    assert!(errors["summary"].as_str().unwrap().contains("operations over the 10800s ending "));
    assert_eq!(code, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_of_the_past_is_judged_the_same_offline() {
    let timeline = Timeline::recent(Utc::now());
    let Some(prometheus) = PrometheusServer::with_history("history", &timeline.openmetrics())
    else {
        return;
    };
    prometheus.ready().await;
    let during = rfc3339(timeline.incident.0 + Duration::minutes(5));
    let bundle = tempfile::NamedTempFile::new().unwrap();
    let collected = doctor()
        .args(["collect", "--section", "quick", "--at", &during, "--prometheus-url"])
        .arg(prometheus.url())
        .arg("--output")
        .arg(bundle.path())
        .output()
        .unwrap();
    assert!(collected.status.success(), "{collected:?}");
    let saved: Value = serde_json::from_slice(&std::fs::read(bundle.path()).unwrap()).unwrap();
    assert_eq!(saved["requested_sources"], serde_json::json!(["prometheus"]));
    assert!(saved["metrics"].is_null(), "no live look at a past time");
    let (live_code, live) = quick(&prometheus, &["--at", &during]);
    let mut analyze = doctor();
    analyze.arg("analyze").arg(bundle.path());
    let (output, offline) = run_json(&mut analyze);
    assert_eq!(offline["past"], live["past"]);
    assert_eq!(
        offline["findings"].as_array().unwrap().len(),
        live["findings"].as_array().unwrap().len()
    );
    for found in live["findings"].as_array().unwrap() {
        let code = found["code"].as_str().unwrap();
        assert_eq!(status(&offline, code), found["status"].as_str().unwrap(), "{code}");
    }
    assert_eq!(output.status.code(), Some(live_code));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn times_the_doctor_cannot_judge_are_refused_or_unknown() {
    let timeline = Timeline::recent(Utc::now());
    let Some(prometheus) = PrometheusServer::with_history("history", &timeline.openmetrics())
    else {
        return;
    };
    prometheus.ready().await;
    let refused = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_llmcfg-doctor"))
            .args(["quick", "--prometheus-url", &prometheus.url()])
            .args(args)
            .env("XDG_CONFIG_HOME", "/nonexistent")
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(3), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(output.stdout.is_empty());
        stderr
    };
    let tomorrow = rfc3339(Utc::now() + Duration::days(1));
    assert!(refused(&["--at", &tomorrow]).contains("is in the future"));
    assert!(refused(&["--at", "yesterday at noon"]).contains("give an RFC 3339 time"));
    assert!(refused(&["--at", "-2 fortnights"]).contains("give a time such as -2h"));
    assert!(refused(&["--since", "0s"]).contains("too short"));
    assert!(refused(&["--at", "-1h", "--wait", "10s"]).contains("--wait waits for the present"));

    // Ten days back, before anything Prometheus holds: not measured, and
    // said so, rather than judged on nothing.
    let (code, report) = quick(&prometheus, &["--at", "-240h"]);
    assert_eq!(code, 3, "{report:#}");
    let errors = finding(&report, "quick.recent-errors");
    assert_eq!(errors["status"], "UNKNOWN", "{errors:#}");
    let text = errors["summary"].as_str().unwrap();
    assert!(text.contains("Prometheus had no answer for the 300s ending "), "{text}");
    assert!(text.contains("not read for a past time"), "{text}");
}
