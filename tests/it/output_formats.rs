//! Report formats checked by the tools that read them (the Prometheus
//! textfile by the project's exposition parser and by `promtool check
//! metrics`, from Debian's `prometheus` package, which `scripts/test`
//! installs), and `--output` replacing its file in one rename.

use std::io::Write;
use std::process::{Command, Stdio};

use diagnosis::exposition::Exposition;

use crate::support;

/// `llmcfg-doctor ARGS` in a clean environment; its exit code and stdout.
fn doctor(args: &[&str]) -> (Option<i32>, String) {
    let output = crate::doctor_quick::doctor().args(args).output().unwrap();
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
    assert_eq!(exposition.samples("llmcfg_doctor_check_status").count(), support::quick_checks());

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

#[test]
fn output_replaces_the_file_in_one_rename() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("llmcfg.prom");
    std::fs::write(&path, "previous\n").unwrap();
    // A reader that opened the previous file keeps reading it whole.
    let previous = std::fs::File::open(&path).unwrap();
    let args = ["analyze", "fixtures/evidence/quick-mixed.json", "--format", "prometheus"];
    let (code, stdout) = doctor(&[&args[..], &["--output", support::path_str(&path)]].concat());
    assert_eq!((code, stdout.as_str()), (Some(2), ""));
    let (_, expected) = doctor(&args);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    assert_eq!(std::io::read_to_string(previous).unwrap(), "previous\n");
    let names: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["llmcfg.prom"], "no temporary file is left behind");
    // Readable by others as a plain create would make it, not 0600.
    use std::os::unix::fs::PermissionsExt;
    let plain = dir.path().join("plain");
    std::fs::File::create(&plain).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode();
    assert_eq!(mode(&path), mode(&plain));
}
