//! The past, judged through a real Prometheus whose history the test
//! wrote, backfilled with `promtool tsdb create-blocks-from openmetrics`.
//!
//! Four hours with a ten-minute storage incident two hours ago: `--at`
//! finds the incident after it ended and passes the time after it;
//! `--since` covers it; a bundle of the past judges the same offline; a
//! time in the future, one that does not parse and one before
//! Prometheus's data are each refused or UNKNOWN, never a guess.
//!
//! A normal week and a worse today: `history` flags today against last
//! week and against yesterday, names the burn-rate pair that fired and
//! the budget left, and does not flag yesterday against the week before.

use std::fmt::Write;
use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use diagnosis::evidence::rfc3339;
use serde_json::Value;

use crate::doctor_quick::{doctor, run_json};
use crate::support::{PrometheusServer, finding};

/// One series the history holds: its name with labels, and how much it
/// grows a second while the service is healthy and while it fails.
type Grows = (&'static str, f64, f64);

/// The service's series: reads of 10 a second, every one answered by L1
/// in under 50 ms; while it fails, 3 more a second fail (HTTP 503), and 5
/// of the 13 take more than 50 ms, 4 more than 100 ms.
const SERIES: &[(&str, &str, &[Grows])] = &[
    (
        "config_operations",
        "counter",
        &[(r#"config_operations_total{operation="get"}"#, 10.0, 13.0)],
    ),
    (
        "config_errors",
        "counter",
        &[(r#"config_errors_total{operation="get",kind="unavailable"}"#, 0.0, 3.0)],
    ),
    (
        "http_requests",
        "counter",
        &[
            (
                r#"http_requests_total{method="GET",route="/api/v1/configs/{namespace}/{key}",status="200"}"#,
                10.0,
                10.0,
            ),
            (
                r#"http_requests_total{method="GET",route="/api/v1/configs/{namespace}/{key}",status="503"}"#,
                0.0,
                3.0,
            ),
        ],
    ),
    (
        "http_request_duration_seconds",
        "histogram",
        &[
            (r#"http_request_duration_seconds_bucket{le="0.05"}"#, 10.0, 8.0),
            (r#"http_request_duration_seconds_bucket{le="0.1"}"#, 10.0, 9.0),
            (r#"http_request_duration_seconds_bucket{le="0.3"}"#, 10.0, 13.0),
            (r#"http_request_duration_seconds_bucket{le="+Inf"}"#, 10.0, 13.0),
            (r#"http_request_duration_seconds_count"#, 10.0, 13.0),
            (r#"http_request_duration_seconds_sum"#, 0.1, 1.5),
        ],
    ),
    (
        "config_operation_duration_seconds",
        "histogram",
        &[
            (
                r#"config_operation_duration_seconds_bucket{operation="get",source="l1",le="0.001"}"#,
                10.0,
                10.0,
            ),
            (
                r#"config_operation_duration_seconds_bucket{operation="get",source="l1",le="+Inf"}"#,
                10.0,
                10.0,
            ),
            (r#"config_operation_duration_seconds_count{operation="get",source="l1"}"#, 10.0, 10.0),
            (r#"config_operation_duration_seconds_sum{operation="get",source="l1"}"#, 0.001, 0.001),
        ],
    ),
];

/// When the written history starts and ends, how often it was sampled,
/// and when the service failed.
struct Timeline {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    step: i64,
    failing: (DateTime<Utc>, DateTime<Utc>),
}

impl Timeline {
    /// `minutes` ago, on a multiple of `step` seconds.
    fn ago(now: DateTime<Utc>, minutes: i64, step: i64) -> DateTime<Utc> {
        let time = now - Duration::minutes(minutes);
        DateTime::from_timestamp(time.timestamp() - time.timestamp() % step, 0).unwrap()
    }

    /// Four hours ending half an hour ago, every 15 s, failing from 2h05m
    /// to 1h55m ago.
    fn recent(now: DateTime<Utc>) -> Timeline {
        let at = |minutes| Timeline::ago(now, minutes, 15);
        Timeline { start: at(270), end: at(30), step: 15, failing: (at(125), at(115)) }
    }

    /// Eight days and an hour ending five minutes ago, every minute,
    /// failing in its last two hours: a normal week, and a worse today.
    fn week_then_worse(now: DateTime<Utc>) -> Timeline {
        let at = |minutes| Timeline::ago(now, minutes, 60);
        Timeline { start: at(8 * 1440 + 65), end: at(5), step: 60, failing: (at(125), at(5)) }
    }

    /// Every series of [`SERIES`] as OpenMetrics, a sample every step.
    fn openmetrics(&self) -> String {
        let times: Vec<DateTime<Utc>> = (0..)
            .map(|n| self.start + Duration::seconds(n * self.step))
            .take_while(|t| *t <= self.end)
            .collect();
        let mut text = String::new();
        for (family, kind, series) in SERIES {
            let values: Vec<_> = series
                .iter()
                .map(|(name, healthy, failing)| {
                    let value = move |t: DateTime<Utc>| {
                        let bad = seconds_within(self.failing, t) as f64;
                        let good = (t - self.start).num_seconds() as f64 - bad;
                        Some(healthy * good + failing * bad)
                    };
                    (name.to_string(), value)
                })
                .collect();
            let sampled: Vec<Sampled<'_>> =
                values.iter().map(|(name, value)| (name.clone(), value as _)).collect();
            write_family(&mut text, family, kind, &sampled, &times);
        }
        text.push_str("# EOF\n");
        text
    }
}

/// Seconds of `(from, to)` before `t`.
fn seconds_within((from, to): (DateTime<Utc>, DateTime<Utc>), t: DateTime<Utc>) -> i64 {
    (t.min(to) - from).num_seconds().max(0)
}

/// One series of a written history: its name with labels, and its value
/// at a time, if it has one then.
type Sampled<'a> = (String, &'a dyn Fn(DateTime<Utc>) -> Option<f64>);

/// A family of `series` as OpenMetrics, a sample at each of `times` where
/// the series has a value.
fn write_family(
    text: &mut String,
    family: &str,
    kind: &str,
    series: &[Sampled<'_>],
    times: &[DateTime<Utc>],
) {
    let _ = writeln!(text, "# TYPE {family} {kind}");
    for (name, value) in series {
        for t in times {
            if let Some(value) = value(*t) {
                let _ = writeln!(text, "{name} {value} {}", t.timestamp());
            }
        }
    }
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
    let during = rfc3339(timeline.failing.1 - Duration::minutes(1));
    let after = rfc3339(timeline.failing.1 + Duration::minutes(20));

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
    let during = rfc3339(timeline.failing.0 + Duration::minutes(5));
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
    assert_eq!(saved["requested_sources"], serde_json::json!(["prometheus", "history"]));
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

/// `history` judged through `prometheus` with `args`.
fn history(prometheus: &PrometheusServer, args: &[&str]) -> (i32, Value) {
    let mut command = doctor();
    command.args(["history", "--prometheus-url", &prometheus.url(), "--timeout", "20s"]).args(args);
    let (output, report) = run_json(&mut command);
    (output.status.code().unwrap(), report)
}

fn summary(report: &Value, code: &str) -> String {
    finding(report, code)["summary"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn today_worse_than_last_week_is_flagged_and_an_ordinary_day_is_not() {
    let timeline = Timeline::week_then_worse(Utc::now());
    let Some(prometheus) = PrometheusServer::with_history("history", &timeline.openmetrics())
    else {
        return;
    };
    prometheus.ready().await;
    let today = rfc3339(timeline.end);
    let yesterday = rfc3339(timeline.end - Duration::days(1));

    // Today, against the same five minutes a week ago.
    let (code, report) = history(&prometheus, &["--at", &today]);
    assert_eq!(code, 2, "{report:#}");
    assert_eq!(status(&report, "history.error-rate"), "CRITICAL", "{report:#}");
    let errors = summary(&report, "history.error-rate");
    assert!(
        errors.starts_with("error rate 23.1% (900 of 3900 operations over the 300s ending "),
        "{errors}"
    );
    assert!(errors.contains("against 0% (0 of 3000 operations over the 300s ending "), "{errors}");
    assert!(errors.contains(" a week earlier: "), "{errors}");
    assert_eq!(status(&report, "history.api-p95"), "CRITICAL", "{report:#}");
    assert!(summary(&report, "history.api-p95").contains("a week earlier: 5.6× its usual"));
    assert_eq!(status(&report, "history.cache-hit-rate"), "OK");
    assert_eq!(status(&report, "history.request-rate"), "OK");
    assert!(summary(&report, "history.request-rate").contains("1.3× its usual"));
    // Two hours failing 3 of 13: the fast pairs page, and say so.
    let budget = finding(&report, "history.availability-budget");
    assert_eq!(budget["status"], "CRITICAL", "{budget:#}");
    let words = budget["summary"].as_str().unwrap();
    assert!(
        words.contains(
            "(objective 99.9%); fired: 1h/5m at 230.8× and 230.8× (fires at 14.4×); 6h/30m at "
        ),
        "{words}"
    );
    assert!(words.ends_with("% of the error budget left"), "{words}");
    assert!(budget["value"].as_f64().unwrap() < 0.0, "the budget is spent: {budget:#}");
    // 4 of 13 requests over 100 ms burn the latency budget 6.2 times
    // as fast as it lasts: too slow for the 14.4× of the fastest pair.
    assert_eq!(status(&report, "history.latency-budget"), "OK");
    let latency = summary(&report, "history.latency-budget");
    assert!(
        latency.contains("no burn-rate pair fired (fastest: 1h/5m at 6.2× and 6.2× "),
        "{latency}"
    );

    // Against yesterday, which was ordinary too.
    let (code, report) = history(&prometheus, &["--at", &today, "--against", "1d"]);
    assert_eq!(code, 2);
    assert!(summary(&report, "history.error-rate").contains(" a day earlier: "));

    // Yesterday against the week before: an ordinary day is not flagged.
    let (code, report) = history(&prometheus, &["--at", &yesterday]);
    for found in report["findings"].as_array().unwrap() {
        assert_eq!(found["status"], "OK", "{found:#}");
        assert_eq!(found["judged"], true, "{found:#}");
    }
    assert_eq!(code, 0);
    let budget = summary(&report, "history.availability-budget");
    assert!(budget.starts_with("100% of "), "{budget}");
    assert!(
        budget.contains("no burn-rate pair fired (fastest: 1h/5m at 0× and 0× (fires at 14.4×))"),
        "{budget}"
    );
    assert!(budget.ends_with("; 100% of the error budget left"), "{budget}");

    // Bad comparisons are refused on one line.
    for (against, words) in [
        ("0s", "compares the span with itself"),
        ("soon", "give a duration such as 1d or 1w"),
        (today.as_str(), "the usual must end before the time judged"),
    ] {
        let mut command = doctor();
        command.args(["history", "--prometheus-url", &prometheus.url(), "--at", &yesterday]);
        let output = command.args(["--against", against]).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(3), "{against}: {stderr}");
        assert!(stderr.contains(words), "{against}: {stderr}");
    }
}

#[test]
fn history_without_prometheus_is_unknown_and_says_where_it_looked() {
    let mut command = doctor();
    let closed = format!("http://127.0.0.1:{}", crate::support::free_port());
    command.args(["history", "--prometheus-url", &closed, "--timeout", "2s"]);
    let (output, report) = run_json(&mut command);
    assert_eq!(output.status.code(), Some(3), "{report:#}");
    for found in report["findings"].as_array().unwrap() {
        assert_eq!(found["status"], "UNKNOWN", "{found:#}");
        assert!(
            found["remediation"].as_str().unwrap().contains("check that Prometheus answers at")
        );
    }
}

/// Seven hours of one target, every minute, ending five minutes ago: a
/// deploy (a restart into version 0.2.0) three hours ago, and storage
/// failing 3 of 13 operations from 90 to 60 minutes ago.
struct Deployed {
    end: DateTime<Utc>,
    deployed: DateTime<Utc>,
    failing: (DateTime<Utc>, DateTime<Utc>),
}

const TARGET: &str = r#"job="llm-config-manager",instance="10.0.0.7:9090""#;

impl Deployed {
    fn recent(now: DateTime<Utc>) -> Deployed {
        let at = |minutes| Timeline::ago(now, minutes, 60);
        Deployed { end: at(5), deployed: at(185), failing: (at(95), at(65)) }
    }

    fn openmetrics(&self) -> String {
        let start = self.end - Duration::hours(7);
        let first_start = start - Duration::hours(1);
        let times: Vec<DateTime<Utc>> =
            (0..).map(|n| start + Duration::minutes(n)).take_while(|t| *t <= self.end).collect();
        // Counters begin again at the deploy's restart.
        let since_start = |t: DateTime<Utc>| {
            if t >= self.deployed { t - self.deployed } else { t - first_start }.num_seconds()
        };
        let failing = |t: DateTime<Utc>| seconds_within(self.failing, t);
        let mut text = String::new();
        let mut family = |name: &str, kind: &str, series: &[Sampled<'_>]| {
            write_family(&mut text, name, kind, series, &times)
        };
        let operations = |t| Some((since_start(t) * 10 + failing(t) * 3) as f64);
        let errors = |t| Some((failing(t) * 3) as f64);
        let started = |t: DateTime<Utc>| {
            Some(if t >= self.deployed { self.deployed } else { first_start }.timestamp() as f64)
        };
        let version =
            |wanted: bool| move |t: DateTime<Utc>| ((t >= self.deployed) == wanted).then_some(1.0);
        let (old, new) = (version(false), version(true));
        family(
            "config_operations",
            "counter",
            &[(format!(r#"config_operations_total{{{TARGET},operation="get"}}"#), &operations)],
        );
        family(
            "config_errors",
            "counter",
            &[(
                format!(r#"config_errors_total{{{TARGET},operation="get",kind="unavailable"}}"#),
                &errors,
            )],
        );
        family(
            "process_start_time_seconds",
            "gauge",
            &[(format!("process_start_time_seconds{{{TARGET}}}"), &started)],
        );
        family(
            "llm_config_build_info",
            "gauge",
            &[
                (format!(r#"llm_config_build_info{{{TARGET},version="0.1.0"}}"#), &old),
                (format!(r#"llm_config_build_info{{{TARGET},version="0.2.0"}}"#), &new),
            ],
        );
        text.push_str("# EOF\n");
        text
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timeline_lists_the_deploy_the_restart_and_the_incident_at_their_minutes() {
    let deployed = Deployed::recent(Utc::now());
    let Some(prometheus) = PrometheusServer::with_history("timeline", &deployed.openmetrics())
    else {
        return;
    };
    prometheus.ready().await;
    let mut command = doctor();
    command.args(["timeline", "--since", "6h", "--step", "1m", "--timeout", "30s"]);
    command.args(["--at", &rfc3339(deployed.end), "--prometheus-url", &prometheus.url()]);
    let (output, timeline) = run_json(&mut command);
    assert_eq!(output.status.code(), Some(2), "{timeline:#}");
    assert_eq!(timeline["worst"], "CRITICAL");
    assert_eq!(timeline["warnings"], serde_json::json!([]), "{timeline:#}");
    let entries = timeline["entries"].as_array().unwrap();
    let of = |event: &'static str| entries.iter().filter(move |e| e["event"] == event);
    let restarts: Vec<&Value> = of("restart").collect();
    assert_eq!(restarts.len(), 1, "{restarts:#?}");
    assert_eq!(restarts[0]["at"], rfc3339(deployed.deployed));
    assert_eq!(restarts[0]["instance"], "10.0.0.7:9090");
    let deploys: Vec<&Value> = of("deploy").collect();
    assert_eq!(deploys.len(), 1, "{deploys:#?}");
    assert_eq!(deploys[0]["at"], rfc3339(deployed.deployed));
    assert_eq!(
        (&deploys[0]["from_version"], &deploys[0]["to_version"]),
        (&"0.1.0".into(), &"0.2.0".into())
    );
    // The error rate turns CRITICAL a step after the storage began to
    // fail, and OK once the five minutes before a step hold no failure.
    let errors: Vec<&Value> = of("status").filter(|e| e["code"] == "quick.recent-errors").collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!((&errors[0]["from"], &errors[0]["to"]), (&"OK".into(), &"CRITICAL".into()));
    assert_eq!(errors[0]["at"], rfc3339(deployed.failing.0 + Duration::minutes(1)));
    assert_eq!((&errors[1]["from"], &errors[1]["to"]), (&"CRITICAL".into(), &"OK".into()));
    let recovered = DateTime::parse_from_rfc3339(errors[1]["at"].as_str().unwrap()).unwrap();
    let after_failing = recovered.with_timezone(&Utc) - deployed.failing.1;
    assert!((Duration::minutes(4)..=Duration::minutes(6)).contains(&after_failing), "{errors:#?}");
    // A table for people says the same.
    let mut command = doctor();
    command.args(["timeline", "--since", "6h", "--format", "table", "--timeout", "30s"]);
    command.args(["--at", &rfc3339(deployed.end), "--prometheus-url", &prometheus.url()]);
    let table = String::from_utf8(command.output().unwrap().stdout).unwrap();
    assert!(table.contains("deploy of 10.0.0.7:9090: 0.1.0 → 0.2.0"), "{table}");
    assert!(table.contains("quick.recent-errors OK → CRITICAL"), "{table}");
    assert!(table.ends_with("worst over the span: CRITICAL\n"), "{table}");

    // More points than Prometheus answers in one query is refused.
    let output = doctor()
        .args(["timeline", "--since", "24h", "--step", "1s", "--prometheus-url", &prometheus.url()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("asks Prometheus for 86401 points a query, more than the 11000"),
        "{stderr}"
    );
    assert!(stderr.contains("give a --step of at least 8s"), "{stderr}");
}
