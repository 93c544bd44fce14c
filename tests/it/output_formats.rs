//! Report formats checked by the tools that read them: the Prometheus
//! textfile by the project's exposition parser and by `promtool check
//! metrics` (Debian's `prometheus` package, which `scripts/test` installs).

use std::io::Write;
use std::process::{Command, Stdio};

use llmcfg_doctor::exposition::Exposition;

use crate::support;

/// `llmcfg-doctor ARGS` with no config file; its exit code and stdout.
fn doctor(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_llmcfg-doctor"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .unwrap();
    (output.status.code(), String::from_utf8(output.stdout).unwrap())
}

#[test]
fn prometheus_format_passes_promtool() {
    let test = "prometheus_format_passes_promtool";
    let (code, text) =
        doctor(&["analyze", "fixtures/evidence/quick-mixed.json", "--format", "prometheus"]);
    assert_eq!(code, Some(2));
    let exposition = Exposition::parse(&text).expect("the project's parser reads it");
    assert_eq!(exposition.sum("llmcfg_doctor_exit_code", &[("command", "analyze")]), Some(2.0));
    assert_eq!(exposition.samples("llmcfg_doctor_check_status").count(), 6);

    let Some(promtool) = support::service_binary("promtool", test) else { return };
    let mut child = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let checked = child.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "promtool check metrics: {}{}\n{text}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}

#[test]
fn fail_on_shows_in_the_prometheus_exit_code() {
    let (code, text) = doctor(&[
        "analyze",
        "fixtures/evidence/quick-warning.json",
        "--format",
        "prometheus",
        "--fail-on",
        "critical",
    ]);
    assert_eq!(code, Some(0));
    let exposition = Exposition::parse(&text).unwrap();
    assert_eq!(exposition.sum("llmcfg_doctor_exit_code", &[]), Some(0.0));
    assert_eq!(exposition.sum("llmcfg_doctor_findings", &[("status", "WARNING")]), Some(1.0));
}
