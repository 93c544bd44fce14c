//! `watch` in a real terminal: tmux runs it in a detached session and
//! `capture-pane` reads the screen back, while the test changes the
//! server's state between rounds.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{self, Server, data_dir, free_port, path_str};

/// A private tmux server (its own socket) with one session running one
/// shell command; killed on drop.
struct Tmux {
    socket: tempfile::TempDir,
}

impl Tmux {
    /// Runs `command` in a 120×40 terminal, or `None` (skipped) without tmux.
    fn run(test: &str, command: &str) -> Option<Tmux> {
        support::service_binary("tmux", test)?;
        let tmux = Tmux { socket: tempfile::tempdir().unwrap() };
        let status = tmux
            .command()
            .args(["new-session", "-d", "-s", "watch", "-x", "120", "-y", "40", command])
            .status()
            .unwrap();
        assert!(status.success(), "tmux new-session failed");
        Some(tmux)
    }

    fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        command.arg("-S").arg(self.socket.path().join("socket"));
        command
    }

    /// The screen as text, without colours.
    fn screen(&self) -> String {
        let output = self.command().args(["capture-pane", "-p", "-t", "watch"]).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn keys(&self, keys: &str) {
        assert!(
            self.command().args(["send-keys", "-t", "watch", keys]).status().unwrap().success()
        );
    }

    /// The screen once `condition` holds of it; panics with the screen
    /// after `within`.
    fn screen_when(
        &self,
        what: &str,
        within: Duration,
        condition: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + within;
        loop {
            let screen = self.screen();
            if condition(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "{what} did not show within {within:?}:\n{screen}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").status();
    }
}

/// The shell command tmux runs: the doctor's `watch` in a clean
/// environment, then its exit code and whether the terminal is back in
/// canonical mode (raw mode turns `icanon` off).
fn watch_command(args: &[String]) -> String {
    let doctor = env!("CARGO_BIN_EXE_llmcfg-doctor");
    let quoted: Vec<String> = args.iter().map(|arg| format!("'{arg}'")).collect();
    format!(
        "env -i PATH=/usr/bin:/bin TERM=screen XDG_CONFIG_HOME=/nonexistent LLMCFG_STATE_DIR=none \
         NO_COLOR=1 '{doctor}' watch {}; echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -- \
         '-\\?icanon'; sleep 60",
        quoted.join(" ")
    )
}

fn exit_code(screen: &str) -> Option<&str> {
    screen.lines().find_map(|line| line.trim().strip_prefix("EXIT="))
}

/// Whether the shell has printed both the exit code and the terminal mode.
fn ended(screen: &str) -> bool {
    exit_code(screen).is_some() && screen.lines().any(|line| line.trim().ends_with("icanon"))
}

/// A healthy server's quick checks, then the server gone: the next round
/// shows the health check CRITICAL, marked as changed from OK; `q` puts the
/// terminal back and the exit code is the last round's.
#[test]
fn watch_redraws_in_place_marks_changes_and_restores_the_terminal() {
    let data = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    let args: Vec<String> = [
        "quick",
        "--interval",
        "1s",
        "--timeout",
        "3s",
        "--api-url",
        server.url("/").as_str(),
        "--metrics-url",
        format!("http://{}/metrics", server.metrics).as_str(),
        "--runtime",
        "process",
        "--pid",
        server.pid().to_string().as_str(),
    ]
    .map(str::to_owned)
    .to_vec();
    let Some(tmux) = Tmux::run("watch_redraws_in_place", &watch_command(&args)) else {
        return;
    };
    let first = tmux.screen_when("the second round", Duration::from_secs(30), |screen| {
        screen.contains("round 2 at")
    });
    assert!(first.starts_with("llmcfg-doctor watch quick · http://127.0.0.1:"), "{first}");
    let health = first.lines().find(|line| line.contains("quick.health-status")).unwrap();
    assert!(health.starts_with("  OK "), "unchanged, healthy: {first}");
    assert_eq!(first.matches("llmcfg-doctor watch quick").count(), 1, "drawn in place: {first}");

    server.kill9();
    let changed = tmux.screen_when("the server's loss", Duration::from_secs(30), |screen| {
        screen.lines().any(|line| line.contains("quick.health-status") && line.contains("[was OK]"))
    });
    let health = changed.lines().find(|line| line.contains("quick.health-status")).unwrap();
    assert!(health.starts_with("* CRITICAL"), "{changed}");

    tmux.keys("q");
    let after = tmux.screen_when("the exit", Duration::from_secs(15), ended);
    assert_eq!(exit_code(&after), Some("2"), "the last round was CRITICAL: {after}");
    assert!(!after.contains("q quits"), "the alternate screen is gone: {after}");
    assert!(after.contains("llmcfg-doctor watch quick: round "), "{after}");
    assert!(after.lines().any(|line| line.trim() == "icanon"), "raw mode is off: {after}");
}

/// Ctrl-C leaves as `q` does, even before a round has ended.
#[test]
fn ctrl_c_leaves_watch_and_restores_the_terminal() {
    let args: Vec<String> = [
        "quick",
        "--timeout",
        "2s",
        "--api-url",
        format!("http://127.0.0.1:{}", free_port()).as_str(),
        "--metrics-url",
        format!("http://127.0.0.1:{}/metrics", free_port()).as_str(),
    ]
    .map(str::to_owned)
    .to_vec();
    let Some(tmux) = Tmux::run("ctrl_c_leaves_watch", &watch_command(&args)) else {
        return;
    };
    tmux.screen_when("the first round", Duration::from_secs(20), |screen| {
        screen.contains("round 1 at")
    });
    tmux.keys("C-c");
    let after = tmux.screen_when("the exit", Duration::from_secs(15), ended);
    assert_eq!(exit_code(&after), Some("2"), "nothing answers: CRITICAL: {after}");
    assert!(after.lines().any(|line| line.trim() == "icanon"), "raw mode is off: {after}");
}

/// Off a terminal there is nothing to redraw: one line, exit 3.
#[test]
fn watch_refuses_without_a_terminal() {
    let output = crate::doctor_quick::doctor().args(["watch", "quick"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("watch needs a terminal"), "{stderr}");
}
