//! The doctor in a pipeline: `--wait` runs again until a run passes the
//! `--fail-on` floor and otherwise ends with the last run's status;
//! `--check` and `--skip` narrow what a run judges.

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
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
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
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["worst"], "CRITICAL");
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
