//! The systemd runtime through its real code path: the doctor runs
//! `systemctl` and `journalctl` from PATH, and the ones it finds first are
//! small scripts that note their arguments and print output recorded in
//! `fixtures/systemd/` (no systemd runs as PID 1 here). The unit's main
//! pid is the real server's, so fds and threads are measured for real, and
//! the API and metrics findings come from the real server too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::doctor_quick::{doctor_for, run_json_blocking};
use crate::support::{Server, finding, quick_checks, server_with_reads};

/// The pid the recorded `systemctl show` outputs name as `MainPID`.
const RECORDED_PID: &str = "MainPID=4242";
const PROPERTIES: &str = "--property=Id,LoadState,ActiveState,SubState,Result,MainPID,NRestarts,\
                          ExecMainCode,ExecMainStatus,MemoryCurrent,MemoryMax,MemoryHigh,\
                          CPUUsageNSec,CPUQuotaPerSecUSec,TasksCurrent";

const FAKE_SYSTEMCTL: &str = r#"#!/bin/sh
# Recorded systemctl: notes its arguments, prints show.N on the Nth call
# (else show).
here=$(dirname "$0")
printf '%s\n' "$*" >> "$here/systemctl.calls"
n=$(($(wc -l < "$here/systemctl.calls")))
if [ -f "$here/show.$n" ]; then cat "$here/show.$n"; else cat "$here/show"; fi
"#;

const FAKE_JOURNALCTL: &str = r#"#!/bin/sh
# Recorded journalctl: notes its arguments, prints the recorded journal.
here=$(dirname "$0")
printf '%s\n' "$*" >> "$here/journalctl.calls"
cat "$here/journal"
"#;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/systemd").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A directory holding the recorded `systemctl` and `journalctl`, put
/// first on the doctor's PATH.
struct FakeSystemd {
    dir: tempfile::TempDir,
}

impl FakeSystemd {
    /// `shows` are the fixtures the successive `systemctl show` calls
    /// print (the last one again for any further call), with `MainPID`
    /// made `main_pid`.
    fn new(shows: &[&str], journal: &str, main_pid: u32) -> FakeSystemd {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        for (n, show) in shows.iter().enumerate() {
            let text = fixture(show).replace(RECORDED_PID, &format!("MainPID={main_pid}"));
            write(&format!("show.{}", n + 1), &text);
            write("show", &text);
        }
        write("journal", &fixture(journal));
        for (name, script) in [("systemctl", FAKE_SYSTEMCTL), ("journalctl", FAKE_JOURNALCTL)] {
            write(name, script);
            let permissions = std::fs::Permissions::from_mode(0o755);
            std::fs::set_permissions(dir.path().join(name), permissions).unwrap();
        }
        FakeSystemd { dir }
    }

    /// PATH with the recorded commands first.
    fn path(&self) -> std::ffi::OsString {
        let rest = std::env::var_os("PATH").unwrap_or_default();
        let dirs =
            std::iter::once(self.dir.path().to_path_buf()).chain(std::env::split_paths(&rest));
        std::env::join_paths(dirs.collect::<Vec<PathBuf>>()).unwrap()
    }

    /// The argument lists `program` was called with, in order.
    fn calls(&self, program: &str) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join(format!("{program}.calls")))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// The doctor pointed at `server`, with `fake`'s commands on its PATH.
fn doctor_at(server: &Server, fake: &FakeSystemd, args: &[&str]) -> Command {
    let mut command = doctor_for(server, args);
    command.env("PATH", fake.path());
    command
}

#[tokio::test]
async fn quick_on_a_running_unit_reads_systemctl_and_the_journal() {
    let (server, _data) = server_with_reads().await;
    let fake = FakeSystemd::new(
        &["active-running.1.show", "active-running.2.show"],
        "active-running.journal",
        server.pid(),
    );
    let command = doctor_at(&server, &fake, &["quick", "--runtime", "systemd"]);
    let (output, report) = run_json_blocking(command).await;

    assert_eq!(report["findings"].as_array().unwrap().len(), quick_checks(), "{report:#}");
    let state = finding(&report, "quick.runtime-state");
    assert_eq!(state["status"], "OK", "{state}");
    assert_eq!(state["summary"], "llm-config-manager.service active (running)");
    assert!(output.status.code().unwrap() <= 1, "{report:#}");
    let cpu = finding(&report, "quick.cpu");
    assert_eq!(cpu["evidence"], "systemd llm-config-manager.service");
    assert_eq!(cpu["status"], "OK", "{cpu}");
    // 101.372 ms of CPU time over a window of about 1 s, of half a core.
    let percent = cpu["value"].as_f64().unwrap();
    assert!(percent > 15.0 && percent <= 20.28, "{cpu}");
    assert!(cpu["summary"].as_str().unwrap().contains("of 0.5 core(s)"), "{cpu}");
    let memory = finding(&report, "quick.memory");
    assert_eq!(memory["value"], 1.12, "{memory}");
    assert!(memory["summary"].as_str().unwrap().contains("unit MemoryMax"), "{memory}");
    let errors = finding(&report, "quick.recent-errors")["summary"].as_str().unwrap().to_owned();
    assert!(
        errors.contains(
            "0 ERROR and 1 WARN line(s) in the last 300s of journalctl -u llm-config-manager"
        ),
        "{errors}"
    );

    let show = format!("show llm-config-manager {PROPERTIES}");
    assert_eq!(fake.calls("systemctl"), [show.clone(), show]);
    assert_eq!(
        fake.calls("journalctl"),
        ["-u llm-config-manager --since -300s -o cat --no-pager --quiet"]
    );
}

#[tokio::test]
async fn resources_of_the_units_main_process_are_real() {
    let (server, _data) = server_with_reads().await;
    let fake = FakeSystemd::new(&["active-running.1.show"], "active-running.journal", server.pid());
    let command = doctor_at(&server, &fake, &["resources", "--runtime", "systemd"]);
    let (_, report) = run_json_blocking(command).await;

    let fds = finding(&report, "resources.fds");
    assert_eq!(fds["evidence"], "systemd llm-config-manager.service");
    let open_now = std::fs::read_dir(format!("/proc/{}/fd", server.pid())).unwrap().count();
    let summary = fds["summary"].as_str().unwrap();
    let open: usize = summary.split_whitespace().next().unwrap().parse().unwrap();
    assert!(open > 3 && open.abs_diff(open_now) <= 2, "{summary} vs {open_now} open now");
    let threads = finding(&report, "resources.threads");
    assert_ne!(threads["status"], "UNKNOWN", "{threads}");
    assert!(fake.calls("systemctl").iter().all(|call| call.starts_with("show llm-config-manager")));
}

#[tokio::test]
async fn an_oom_killed_unit_is_critical_with_its_restarts() {
    let (server, _data) = server_with_reads().await;
    let fake = FakeSystemd::new(&["oom-auto-restart.show"], "oom-auto-restart.journal", 0);
    let command = doctor_at(&server, &fake, &["memory", "--runtime", "systemd"]);
    let (output, report) = run_json_blocking(command).await;

    assert_eq!(output.status.code(), Some(2));
    let oom = finding(&report, "memory.oom-kills");
    assert_eq!(oom["status"], "CRITICAL");
    assert_eq!(oom["summary"], "the last exit was an OOM kill; 3 restart(s)");
    let usage = finding(&report, "memory.usage");
    assert_eq!(usage["status"], "UNKNOWN");
    assert_eq!(
        usage["summary"],
        "not measured: unit llm-config-manager has no main process (activating (auto-restart), \
         result oom-kill, main process killed by signal 9)"
    );

    // A unit between restarts is a finding by its state alone.
    let command = doctor_at(&server, &fake, &["quick", "--runtime", "systemd"]);
    let (output, quick) = run_json_blocking(command).await;
    assert_eq!(output.status.code(), Some(2));
    let state = finding(&quick, "quick.runtime-state");
    assert_eq!(state["status"], "CRITICAL", "{state}");
    assert_eq!(
        state["summary"],
        "llm-config-manager.service activating (auto-restart, result oom-kill, main process \
         killed by signal 9); 3 restart(s) recorded"
    );

    let bundle = tempfile::tempdir().unwrap();
    let file = bundle.path().join("evidence.json");
    let output = format!("--output={}", file.display());
    let mut collect = doctor_at(&server, &fake, &["collect", "--runtime", "systemd", &output]);
    assert!(
        tokio::task::spawn_blocking(move || collect.status().unwrap()).await.unwrap().success()
    );
    let evidence = crate::schemas::doctor_json(&std::fs::read(&file).unwrap());
    let runtime = &evidence["runtime"]["Ok"];
    assert_eq!(
        runtime["state"],
        "activating (auto-restart), result oom-kill, main process killed by signal 9"
    );
    assert_eq!(runtime["process"], Value::Null);
    assert_eq!(runtime["logs"]["Ok"]["errors"], 1);
    assert_eq!(runtime["logs"]["Ok"]["lines"], 13);
}

#[tokio::test]
async fn a_unit_that_is_not_loaded_or_no_systemctl_says_which() {
    let (server, _data) = server_with_reads().await;
    let fake = FakeSystemd::new(&["not-found.show"], "active-running.journal", 0);
    let (_, report) =
        run_json_blocking(doctor_at(&server, &fake, &["quick", "--runtime", "systemd"])).await;
    let cpu = finding(&report, "quick.cpu");
    assert_eq!(cpu["status"], "UNKNOWN");
    assert_eq!(
        cpu["summary"],
        "not measured: unit llm-config-manager not found (LoadState=not-found); list units with \
         `systemctl list-units --all '*llm-config*'` and name it with --unit"
    );
    assert!(fake.calls("journalctl").is_empty());

    let empty = tempfile::tempdir().unwrap();
    let mut command = doctor_at(&server, &fake, &["quick", "--runtime", "systemd"]);
    command.env("PATH", empty.path());
    let (_, report) = run_json_blocking(command).await;
    let summary = finding(&report, "quick.cpu")["summary"].as_str().unwrap().to_owned();
    assert!(summary.contains("systemctl is not installed (not on PATH)"), "{summary}");
}

#[tokio::test]
async fn auto_picks_a_loaded_unit_and_passes_over_a_missing_one() {
    let (server, _data) = server_with_reads().await;
    let fake = FakeSystemd::new(
        &["active-running.1.show", "active-running.2.show"],
        "active-running.journal",
        server.pid(),
    );
    let (_, report) = run_json_blocking(doctor_at(&server, &fake, &["quick"])).await;
    assert_eq!(finding(&report, "quick.cpu")["evidence"], "systemd llm-config-manager.service");
    // The reading that found the unit is the first of the CPU window's two.
    assert_eq!(fake.calls("systemctl").len(), 2);

    let missing = FakeSystemd::new(&["not-found.show"], "active-running.journal", 0);
    let started = Instant::now();
    let (_, report) = run_json_blocking(doctor_at(&server, &missing, &["quick"])).await;
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    // Without a unit or a container, the server is found by name.
    let cpu = finding(&report, "quick.cpu");
    assert!(cpu["evidence"].as_str().unwrap().starts_with("process "), "{cpu}");
    assert_eq!(missing.calls("systemctl").len(), 1);
}
