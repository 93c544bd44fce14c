//! The doctor in a pipeline: `--wait` runs again until a run passes the
//! `--fail-on` floor and otherwise ends with the last run's status;
//! `--check` and `--skip` narrow what a run judges; the runbook's
//! overrides disable a check, cap its status or give it its own band.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::doctor_quick::doctor;
use crate::support::{Server, data_dir, free_port, path_str};

fn waiting_quick(api: u16, metrics: u16, wait: &str) -> std::process::Command {
    let mut command = doctor();
    command.args([
        "quick",
        "--api-url",
        &format!("http://127.0.0.1:{api}"),
        "--metrics-url",
        &format!("http://127.0.0.1:{metrics}/metrics"),
        "--runtime",
        "process",
        "--process",
        "no-such-process-here",
        "--timeout",
        "2s",
        // What this test can see of the runtime is UNKNOWN; the service
        // itself decides.
        "--fail-on",
        "critical",
        "--wait",
        wait,
        "--interval",
        "500ms",
        "--format",
        "json",
    ]);
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    command
}

#[test]
fn a_wait_passes_once_the_service_started_mid_wait_answers() {
    let (api, metrics) = (free_port(), free_port());
    let waiting = waiting_quick(api, metrics, "60s").spawn().unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let data = data_dir();
    let _server = Server::start(&[
        ("API_ADDR", &format!("127.0.0.1:{api}")),
        ("METRICS_ADDR", &format!("127.0.0.1:{metrics}")),
        ("LLMCFG_DATA_DIR", path_str(data.path())),
    ]);
    let output = waiting.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let attempts: Vec<&str> = stderr.lines().filter(|line| line.contains(": attempt ")).collect();
    assert!(attempts.len() >= 2, "{stderr}");
    assert!(attempts[0].contains("CRITICAL"), "the first attempt finds nothing: {stderr}");
    assert!(attempts.last().unwrap().ends_with(", passes"), "{stderr}");
    let report = crate::schemas::doctor_output(&output);
    assert_ne!(report["worst"], "CRITICAL", "the report is the passing run's");
}

#[test]
fn a_wait_that_never_passes_ends_with_the_last_status() {
    let (api, metrics) = (free_port(), free_port());
    let started = Instant::now();
    let output = waiting_quick(api, metrics, "2s").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let attempts = stderr.lines().filter(|line| line.contains(": attempt ")).count();
    assert!(attempts >= 3, "attempts 500 ms apart for 2 s: {stderr}");
    assert!(started.elapsed() < Duration::from_secs(5), "over when the wait is");
    // One report, the last run's.
    let report = crate::schemas::doctor_output(&output);
    assert_eq!(report["worst"], "CRITICAL");
}

#[test]
fn interval_without_wait_or_watch_is_refused() {
    let output = doctor().args(["quick", "--interval", "1s"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("--interval applies to --wait and watch"), "{stderr}");
}

#[test]
fn wait_is_refused_where_there_is_nothing_to_wait_for() {
    let output = doctor()
        .args(["analyze", "fixtures/evidence/quick-mixed.json", "--wait", "2s"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--wait applies to the sections"));
}

/// `--check` and `--skip` narrow a live run to the codes they match; a
/// selection that leaves nothing to judge is refused, not passed.
#[test]
fn check_and_skip_narrow_a_live_run() {
    let data = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    let mut command = crate::doctor_quick::doctor_for_process(&server, &["quick"]);
    command.args(["--check", "quick.*-status", "--check", "quick.api-*", "--skip", "quick.api-*"]);
    let (output, report) = crate::doctor_quick::run_json(&mut command);
    let codes: Vec<&str> =
        report["findings"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, ["quick.health-status"], "{report:#}");
    assert_eq!(output.status.code(), Some(0), "a healthy server's health");

    let mut nothing = crate::doctor_quick::doctor_for_process(&server, &["quick"]);
    let output = nothing.args(["--skip", "quick.*"]).output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("leave no check of quick"));
}

/// A runbook file: the compiled-in one with `overrides` appended.
fn runbook_with(overrides: &str) -> tempfile::NamedTempFile {
    let embedded = include_str!("../../runbooks/performance.toml");
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::io::Write::write_all(&mut file, format!("{embedded}\n{overrides}\n").as_bytes()).unwrap();
    file
}

/// On one healthy server: a band no response time can meet makes the
/// response-time check CRITICAL (exit 2), a cap lowers that to WARNING
/// (exit 1), and disabling the check leaves it out (exit 0).
#[test]
fn runbook_overrides_change_what_a_live_run_exits_with() {
    let data = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    let run = |overrides: &str| {
        let runbook = runbook_with(overrides);
        let mut command = crate::doctor_quick::doctor_for_process(&server, &["quick"]);
        command.args(["--check", "quick.health-status", "--check", "quick.api-response-time"]);
        command.arg("--runbook").arg(runbook.path());
        let (output, report) = crate::doctor_quick::run_json(&mut command);
        let findings = report["findings"].as_array().unwrap().clone();
        let timed = findings.into_iter().find(|f| f["code"] == "quick.api-response-time");
        (output.status.code(), timed)
    };
    let unmeetable =
        "[overrides.\"quick.api-response-time\"]\nband = { warning = 0, critical = 0 }";

    let (code, timed) = run(unmeetable);
    let timed = timed.expect("the check ran");
    assert_eq!((code, timed["status"].as_str()), (Some(2), Some("CRITICAL")), "{timed:#}");
    assert!(timed["evidence"].as_str().unwrap().contains("band from overrides"), "{timed:#}");

    let (code, timed) = run(&format!("{unmeetable}\nmax-status = \"warning\""));
    let timed = timed.expect("the check ran");
    assert_eq!((code, timed["status"].as_str()), (Some(1), Some("WARNING")), "{timed:#}");
    assert!(timed["summary"].as_str().unwrap().contains("CRITICAL, capped at WARNING"));

    let (code, timed) = run("[overrides.\"quick.api-response-time\"]\ndisabled = true");
    assert_eq!((code, timed), (Some(0), None), "disabled: not judged, not reported");
}

/// An override that names no check is refused before anything runs, with
/// the nearest code; `checks` shows what the overrides change.
#[test]
fn overrides_are_checked_and_listed() {
    let typo = runbook_with("[overrides.\"quick.api-respons-time\"]\ndisabled = true");
    let output = doctor().arg("quick").arg("--runbook").arg(typo.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("overrides.quick.api-respons-time: no check has this code; did you mean `quick.api-response-time`?"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    let listed = runbook_with(
        "[overrides.\"quick.cpu\"]\ndisabled = true\n\
         [overrides.\"cache.l1-hit-rate\"]\nband = { warning = 90, critical = 50 }\nmax-status = \"warning\"",
    );
    let output = doctor()
        .args(["checks", "--check", "quick.cpu", "--check", "cache.l1-*", "--format", "json"])
        .arg("--runbook")
        .arg(listed.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let checks: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changes: Vec<(&str, &str)> = checks
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|check| Some((check["code"].as_str()?, check["override"].as_str()?)))
        .collect();
    assert_eq!(
        changes,
        [
            ("quick.cpu", "disabled by the runbook"),
            ("cache.l1-hit-rate", "band warning 90 critical 50, at worst WARNING")
        ]
    );
}
