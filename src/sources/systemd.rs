//! The systemd runtime source: the service's unit as systemd sees it,
//! through the commands an operator would type.
//!
//! [`read_unit`] runs `systemctl show UNIT --property=...` and parses its
//! `key=value` lines (`[not set]` and `infinity` are absent values).
//! [`snapshot`] takes two such readings a sampling window apart: CPU from
//! the growth of `CPUUsageNSec` as a share of the unit's
//! `CPUQuotaPerSecUSec` (else of the host's cores); memory from
//! `MemoryCurrent` against `MemoryMax` (else `MemoryHigh`, else host
//! memory); restarts from `NRestarts`; an OOM kill from `Result=oom-kill`;
//! fds and threads of `MainPID` from /proc; and the journal's lines of the
//! log window (`journalctl -u UNIT -o cat`), read while the CPU window
//! runs, counted by level.
//!
//! Every command runs under a deadline and is killed when the doctor stops
//! waiting for it. A missing `systemctl`, a host whose init is not systemd
//! and a unit that is not loaded each give a reason the operator can act on.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::sources::process::{available_cores, process_details};
use crate::sources::{host, logs, procfs};
use diagnosis::evidence::{
    CpuUsage, LogSummary, MemoryUsage, Outcome, ProcessDetails, ReplicaState, RuntimeKind,
    RuntimeSnapshot, SourceError,
};

/// Deadline of one `systemctl show`.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// Deadline of reading the log window, which may be long.
const LOGS_TIMEOUT: Duration = Duration::from_secs(10);
/// What `systemctl show` is asked for.
const PROPERTIES: &[&str] = &[
    "Id",
    "LoadState",
    "ActiveState",
    "SubState",
    "Result",
    "MainPID",
    "NRestarts",
    "ExecMainCode",
    "ExecMainStatus",
    "MemoryCurrent",
    "MemoryMax",
    "MemoryHigh",
    "CPUUsageNSec",
    "CPUQuotaPerSecUSec",
    "TasksCurrent",
];

/// Which unit to look at, and how long to watch it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemdTarget {
    /// Unit name; systemd adds `.service` when it has no suffix.
    pub unit: String,
    /// How far apart the two readings of the unit's CPU time are.
    pub sample: Duration,
    /// How far back journal lines are read.
    pub log_window: Duration,
}

/// One `systemctl show` of the unit, and when it was taken.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitReading {
    properties: HashMap<String, String>,
    at: Instant,
}

impl UnitReading {
    fn parse(text: &str, at: Instant) -> UnitReading {
        let properties = text
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        UnitReading { properties, at }
    }

    /// The value of `name`, unless it is empty, `[not set]` or `infinity`.
    fn get(&self, name: &str) -> Option<&str> {
        self.properties
            .get(name)
            .map(String::as_str)
            .filter(|value| !matches!(*value, "" | "[not set]" | "infinity"))
    }

    /// A numeric property; older systemd prints an unset one as `u64::MAX`.
    fn number(&self, name: &str) -> Option<u64> {
        self.get(name)?.parse().ok().filter(|n| *n != u64::MAX)
    }

    fn load_state(&self) -> &str {
        self.get("LoadState").unwrap_or("unknown")
    }

    /// The main process, when the unit has one (`MainPID=0` means none).
    fn main_pid(&self) -> Option<u32> {
        self.get("MainPID")?.parse().ok().filter(|pid| *pid > 0)
    }

    /// `active (running)`, and for a unit whose last run failed, how.
    fn state(&self) -> String {
        format!("{} ({}){}", self.active_state(), self.sub_state(), self.last_failure())
    }

    fn active_state(&self) -> &str {
        self.get("ActiveState").unwrap_or("unknown")
    }

    fn sub_state(&self) -> &str {
        self.get("SubState").unwrap_or("unknown")
    }

    /// The sub-state and how the last run failed:
    /// `auto-restart, result oom-kill, main process killed by signal 9`.
    fn detail(&self) -> String {
        format!("{}{}", self.sub_state(), self.last_failure())
    }

    /// `, result oom-kill, main process killed by signal 9` for a unit
    /// whose last run failed; empty otherwise.
    fn last_failure(&self) -> String {
        let mut words = String::new();
        if let Some(result) = self.get("Result").filter(|result| *result != "success") {
            words.push_str(&format!(", result {result}"));
            let status = self.get("ExecMainStatus").unwrap_or("?");
            // ExecMainCode is the waitid() si_code of the main process's end.
            match self.get("ExecMainCode") {
                Some("1") => words.push_str(&format!(", main process exited with {status}")),
                Some("2") => words.push_str(&format!(", main process killed by signal {status}")),
                Some("3") => words.push_str(&format!(", main process dumped core on {status}")),
                _ => {}
            }
        }
        words
    }
}

/// Reads the unit's properties.
pub async fn read_unit(unit: &str) -> Outcome<UnitReading> {
    let property = format!("--property={}", PROPERTIES.join(","));
    let output = run(
        "systemctl",
        &["show", unit, &property],
        &format!("systemctl show {unit}"),
        CALL_TIMEOUT,
    )
    .await?;
    Ok(UnitReading::parse(&String::from_utf8_lossy(&output.stdout), Instant::now()))
}

/// The unit's reading when systemd has it loaded; `Unavailable` naming its
/// load state otherwise, or when systemctl cannot answer.
pub async fn locate(unit: &str) -> Outcome<UnitReading> {
    loaded(unit, read_unit(unit).await?)
}

fn loaded(unit: &str, reading: UnitReading) -> Outcome<UnitReading> {
    match reading.load_state() {
        "loaded" => Ok(reading),
        "not-found" => Err(SourceError::Unavailable(format!(
            "unit {unit} not found (LoadState=not-found); list units with \
             `systemctl list-units --all '*llm-config*'` and name it with --unit"
        ))),
        state => Err(SourceError::Unavailable(format!(
            "unit {unit} is not loaded (LoadState={state}); see `systemctl status {unit}`"
        ))),
    }
}

/// The unit's main pid, from `reading` or a fresh one; `Unavailable` when
/// the unit has no main process.
pub async fn main_pid(unit: &str, reading: Option<UnitReading>) -> Outcome<u32> {
    let reading = match reading {
        Some(reading) => reading,
        None => locate(unit).await?,
    };
    reading.main_pid().ok_or_else(|| {
        SourceError::Unavailable(format!("unit {unit} has no main process ({})", reading.state()))
    })
}

/// A full [`RuntimeSnapshot`] (kind systemd) of the unit, starting from
/// `first` when the caller already read it.
///
/// Takes `target.sample` plus two `systemctl show` round trips; the
/// journal is read meanwhile. A second reading that fails leaves the first
/// one's figures without CPU; a journal that cannot be read leaves the rest
/// intact. Missing CPU or memory figures come with the reason.
pub async fn snapshot(
    target: &SystemdTarget,
    first: Option<UnitReading>,
) -> Outcome<RuntimeSnapshot> {
    let first = match first {
        Some(first) => first,
        None => locate(&target.unit).await?,
    };
    let second = async {
        tokio::time::sleep_until((first.at + target.sample).into()).await;
        read_unit(&target.unit).await
    };
    let (second, logs) = tokio::join!(second, journal(&target.unit, target.log_window));
    let latest = second.as_ref().unwrap_or(&first);
    let host_memory = procfs::read("/proc/meminfo")
        .ok()
        .and_then(|text| host::meminfo(&text).ok())
        .map(|memory| memory.total_bytes);
    let main_pid = latest.main_pid();
    let cpu = second.as_ref().ok().and_then(|second| cpu_usage(&first, second));
    let memory = memory_usage(latest, host_memory);
    let usage_unavailable = (cpu.is_none() || memory.is_none()).then(|| match (&second, main_pid) {
        (_, None) => format!("unit {} has no main process ({})", target.unit, latest.state()),
        (Err(error), _) => format!("the second reading of the unit failed: {error}"),
        (Ok(_), Some(_)) => format!(
            "systemd keeps no CPUUsageNSec or MemoryCurrent for unit {}; turn on CPUAccounting= \
             and MemoryAccounting= for it",
            target.unit
        ),
    });
    Ok(RuntimeSnapshot {
        kind: RuntimeKind::Systemd,
        name: latest.get("Id").unwrap_or(&target.unit).to_owned(),
        id: main_pid.map_or_else(|| "no main process".to_owned(), |pid| pid.to_string()),
        state: latest.state(),
        health: None,
        restarts: latest.number("NRestarts"),
        oom_killed: latest.get("Result").map(|result| result == "oom-kill"),
        cpu,
        memory,
        process: main_pid.map(|pid| {
            let details = process_details(pid);
            ProcessDetails { threads: details.threads.or(latest.number("TasksCurrent")), ..details }
        }),
        logs: Some(logs),
        usage_unavailable,
        events: Vec::new(),
        cgroup_oom_kills: None,
        replicas: vec![ReplicaState {
            name: latest.get("Id").unwrap_or(&target.unit).to_owned(),
            state: latest.active_state().to_owned(),
            detail: Some(latest.detail()),
            health: None,
            since: None,
            address: None,
        }],
    })
}

/// The unit's CPU time between two readings, as a share of its CPU quota
/// (capped at the host's cores) or of all the host's cores.
fn cpu_usage(first: &UnitReading, second: &UnitReading) -> Option<CpuUsage> {
    let used_ns = second.number("CPUUsageNSec")?.checked_sub(first.number("CPUUsageNSec")?)?;
    let window = second.at.saturating_duration_since(first.at).as_secs_f64();
    let quota = second.get("CPUQuotaPerSecUSec").and_then(timespan_seconds);
    CpuUsage::from_cpu_time(used_ns as f64 / 1e9, window, available_cores(quota))
}

/// `MemoryCurrent` (page cache included, as systemd counts it) against
/// `MemoryMax`, else `MemoryHigh`, else host memory; a unit limit above
/// host memory does not apply.
fn memory_usage(reading: &UnitReading, host_memory: Option<u64>) -> Option<MemoryUsage> {
    let used_bytes = reading.number("MemoryCurrent")?;
    let unit_limit = reading
        .number("MemoryMax")
        .map(|max| (max, "unit MemoryMax"))
        .or_else(|| reading.number("MemoryHigh").map(|high| (high, "unit MemoryHigh")));
    let (limit_bytes, limit_source) = match (unit_limit, host_memory) {
        (Some((limit, source)), Some(host)) if limit < host => (limit, source),
        (Some(limit), None) => limit,
        (_, Some(host)) => (host, "host memory"),
        (None, None) => return None,
    };
    Some(MemoryUsage { used_bytes, limit_bytes, limit_source: limit_source.to_owned() })
}

/// A systemd time span such as `500ms`, `2s`, `1.500000s` or `1min 30s`,
/// in seconds.
fn timespan_seconds(text: &str) -> Option<f64> {
    text.split_whitespace()
        .map(|part| {
            let unit_at = part.find(|c: char| !c.is_ascii_digit() && c != '.')?;
            let (number, unit) = part.split_at(unit_at);
            let scale = match unit {
                "us" | "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1.0,
                "min" => 60.0,
                _ => return None,
            };
            Some(number.parse::<f64>().ok()? * scale)
        })
        .sum()
}

/// The unit's journal lines of the last `window`, counted by level.
async fn journal(unit: &str, window: Duration) -> Outcome<LogSummary> {
    let since = format!("-{}s", window.as_secs());
    let args = ["-u", unit, "--since", &since, "-o", "cat", "--no-pager", "--quiet"];
    let what = format!("journalctl -u {unit}");
    let output = run("journalctl", &args, &what, LOGS_TIMEOUT).await?;
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(logs::summarize(what, window.as_secs(), text.lines()))
}

/// Runs `program` with `args` under `timeout`, killing it when the caller
/// stops waiting; its output when it exits 0. `what` names it in errors.
async fn run(
    program: &str,
    args: &[&str],
    what: &str,
    timeout: Duration,
) -> Outcome<std::process::Output> {
    let output = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let output = match tokio::time::timeout(timeout, output).await {
        Err(_) => {
            return Err(SourceError::Unavailable(format!(
                "`{what}` did not finish within {}s",
                timeout.as_secs()
            )));
        }
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(SourceError::Unavailable(format!(
                "{program} is not installed (not on PATH), so this host does not run the \
                 service under systemd; name its runtime with --runtime"
            )));
        }
        Ok(Err(error)) => {
            return Err(SourceError::Failed(format!("cannot run {program}: {error}")));
        }
        Ok(Ok(output)) => output,
    };
    if output.status.success() {
        return Ok(output);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let reason: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    Err(SourceError::Unavailable(format!(
        "`{what}` failed ({}): {}",
        output.status,
        reason.join("; ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> UnitReading {
        let path = format!("{}/fixtures/systemd/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        UnitReading::parse(&text, Instant::now())
    }

    #[test]
    fn a_running_unit_reads_as_such() {
        let reading = fixture("active-running.1.show");
        assert_eq!(reading.load_state(), "loaded");
        assert_eq!(reading.state(), "active (running)");
        assert_eq!(reading.main_pid(), Some(4242));
        assert_eq!(reading.number("NRestarts"), Some(0));
        assert_eq!(reading.get("CPUQuotaPerSecUSec").and_then(timespan_seconds), Some(0.5));
        let memory = memory_usage(&reading, Some(8 << 30)).unwrap();
        assert_eq!(memory.limit_bytes, 4 << 30);
        assert_eq!(memory.limit_source, "unit MemoryMax");
        // A unit limit over host memory does not apply.
        assert_eq!(memory_usage(&reading, Some(1 << 30)).unwrap().limit_source, "host memory");
    }

    #[test]
    fn cpu_is_the_growth_of_cpu_usage_nsec_over_the_quota() {
        let first = fixture("active-running.1.show");
        let mut second = fixture("active-running.2.show");
        second.at = first.at + Duration::from_secs(1);
        let cpu = cpu_usage(&first, &second).unwrap();
        let cores = available_cores(Some(0.5));
        assert_eq!(cpu.cores_available, cores);
        let expected = 0.101_372 / cores * 100.0;
        assert!((cpu.percent_of_available - expected).abs() < 1e-6, "{cpu:?}");
        // The other way round the counter went backwards: a restart.
        assert_eq!(cpu_usage(&second, &first), None);
    }

    #[test]
    fn an_oom_killed_unit_between_restarts() {
        let reading = fixture("oom-auto-restart.show");
        assert_eq!(
            reading.state(),
            "activating (auto-restart), result oom-kill, main process killed by signal 9"
        );
        assert_eq!(reading.main_pid(), None);
        assert_eq!(reading.number("NRestarts"), Some(3));
        assert_eq!(reading.number("MemoryCurrent"), None);
        assert_eq!(memory_usage(&reading, Some(8 << 30)), None);
    }

    #[test]
    fn a_missing_unit_is_not_loaded() {
        let error = loaded("llm-config-manager", fixture("not-found.show")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unit llm-config-manager not found (LoadState=not-found)"),
            "{error}"
        );
        let masked = UnitReading::parse("LoadState=masked\n", Instant::now());
        assert!(loaded("u", masked).unwrap_err().to_string().contains("LoadState=masked"));
    }

    #[test]
    fn unset_values_and_time_spans() {
        let reading = UnitReading::parse(
            "MemoryCurrent=18446744073709551615\nMemoryMax=infinity\nTasksCurrent=[not set]\nA=x=y\n",
            Instant::now(),
        );
        assert_eq!(reading.number("MemoryCurrent"), None);
        assert_eq!(reading.get("MemoryMax"), None);
        assert_eq!(reading.get("TasksCurrent"), None);
        assert_eq!(reading.get("A"), Some("x=y"));
        assert_eq!(timespan_seconds("2s"), Some(2.0));
        assert_eq!(timespan_seconds("1.500000s"), Some(1.5));
        assert_eq!(timespan_seconds("1min 30s"), Some(90.0));
        assert_eq!(timespan_seconds("250ms"), Some(0.25));
        assert_eq!(timespan_seconds("2 fortnights"), None);
    }

    #[tokio::test]
    async fn commands_are_bounded_and_missing_ones_say_so() {
        let missing = run("llmcfg-no-such-command", &[], "x", CALL_TIMEOUT).await.unwrap_err();
        assert!(missing.to_string().contains("not installed"), "{missing}");
        let started = Instant::now();
        let slow = run("sleep", &["5"], "sleep 5", Duration::from_millis(100)).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(slow.to_string().contains("did not finish"), "{slow}");
        let failed = run("sh", &["-c", "echo no bus >&2; exit 1"], "sh", CALL_TIMEOUT).await;
        assert!(failed.unwrap_err().to_string().contains("no bus"));
    }
}
