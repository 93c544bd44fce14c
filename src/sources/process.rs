//! A plain process on this host: found by pid or by name, measured with
//! sysinfo (CPU over the sampling window, resident memory) and /proc (open
//! fds and their limit, threads, the cgroup's CPU and memory limits), with
//! its logs read from the log directory.
//!
//! Linux only: elsewhere the source reports itself unsupported.

use std::collections::HashSet;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::Utc;
use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, RefreshKind, System};

use crate::sources::cgroup::Cgroup;
use crate::sources::kept::{CounterWindow, Keeping, Shelf};
use crate::sources::{logs, procfs};
use contract::files;
use diagnosis::evidence::{
    CgroupOomKills, CpuUsage, LogSummary, MemoryUsage, Outcome, ProcessDetails, ReplicaState,
    RuntimeKind, RuntimeSnapshot, SourceError,
};

/// How much of the end of each log file is read.
const LOG_TAIL_BYTES: u64 = 8 * 1024 * 1024;

/// What to look for.
#[derive(Debug, Clone)]
pub struct ProcessTarget {
    /// Executable name (argv\[0\] or /proc/PID/exe basename).
    pub name: String,
    /// A pid, which wins over the name.
    pub pid: Option<u32>,
    /// Among several matches, prefer the one listening on this port.
    pub api_port: Option<u16>,
    pub log_dir: PathBuf,
    /// Whether `log_dir` was given; when not, the directory of the log
    /// files the process holds open is read, and `log_dir` is the last
    /// resort.
    pub log_dir_given: bool,
    pub sample: Duration,
    pub log_window: Duration,
    /// Where the CPU counter is kept for the next run, which measures from
    /// it when it reads the same process ([`super::kept`]).
    pub state_dir: Option<PathBuf>,
}

/// Finds the process: the pid if given, else the executable name.
pub fn locate(target: &ProcessTarget) -> Outcome<Option<u32>> {
    if !cfg!(target_os = "linux") {
        return Err(SourceError::Unsupported(
            "process inspection reads /proc, which this OS lacks".into(),
        ));
    }
    if let Some(pid) = target.pid {
        return Ok(Path::new(&format!("/proc/{pid}")).exists().then_some(pid));
    }
    let candidates: Vec<u32> = std::fs::read_dir("/proc")
        .map_err(|e| SourceError::Failed(format!("cannot list /proc: {e}")))?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .filter(|pid| executable_name(*pid).as_deref() == Some(target.name.as_str()))
        .collect();
    if candidates.len() > 1
        && let Some(port) = target.api_port
    {
        let sockets = listening_sockets(port);
        if let Some(pid) = candidates.iter().find(|pid| owns_any_socket(**pid, &sockets)) {
            return Ok(Some(*pid));
        }
    }
    Ok(candidates.first().copied())
}

/// The basename of argv\[0\], else of /proc/PID/exe.
fn executable_name(pid: u32) -> Option<String> {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let argv0 = cmdline.split(|b| *b == 0).next().filter(|a| !a.is_empty());
    let path = match argv0 {
        Some(argv0) => PathBuf::from(String::from_utf8_lossy(argv0).into_owned()),
        None => std::fs::read_link(format!("/proc/{pid}/exe")).ok()?,
    };
    Some(path.file_name()?.to_string_lossy().into_owned())
}

/// Inodes of sockets listening on `port` (IPv4 and IPv6).
fn listening_sockets(port: u16) -> HashSet<u64> {
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .into_iter()
        .filter_map(|table| std::fs::read_to_string(table).ok())
        .flat_map(|text| procfs::tcp_table(&text))
        .filter(|socket| socket.state == procfs::TCP_LISTEN && socket.local_port == port)
        .map(|socket| socket.inode)
        .collect()
}

fn owns_any_socket(pid: u32, inodes: &HashSet<u64>) -> bool {
    procfs::socket_inodes(pid).is_ok_and(|owned| owned.iter().any(|inode| inodes.contains(inode)))
}

/// The process's pid; `Unavailable` when there is none.
pub fn find(target: &ProcessTarget) -> Outcome<u32> {
    locate(target)?.ok_or_else(|| {
        SourceError::Unavailable(match target.pid {
            Some(pid) => format!("no process with pid {pid}"),
            None => format!(
                "no process named {} runs on this host (name it with --process or --pid)",
                target.name
            ),
        })
    })
}

/// Measures the process over the sampling window.
pub async fn snapshot(target: &ProcessTarget) -> Outcome<RuntimeSnapshot> {
    let pid = find(target)?;
    let target = target.clone();
    // sysinfo and /proc reads block; the window sleep happens in between.
    let mut system = System::new_with_specifics(RefreshKind::nothing())
        .map_err(|e| SourceError::Failed(format!("cannot read system information: {e}")))?;
    let refresh = ProcessRefreshKind::nothing().with_cpu().with_memory();
    let sys_pid = Pid::from_u32(pid);
    system.refresh_processes_specifics(ProcessesToUpdate::Some(&[sys_pid]), true, refresh);
    let exited = || SourceError::Unavailable(format!("process {pid} exited while it was measured"));
    let first = system.process(sys_pid).ok_or_else(exited)?;
    let cpu_seconds = |process: &sysinfo::Process| process.accumulated_cpu_time() as f64 / 1e3;
    // One run of the process: a pid reused later has another start time.
    let keeping = target.state_dir.as_deref().map(|dir| Keeping {
        shelf: Shelf { dir, kind: "cpu" },
        identity: format!("process {pid} started {}", first.start_time()),
    });
    let window = CounterWindow::open(keeping, target.sample, || Some(cpu_seconds(first)));
    let log_target = target.clone();
    let logs = tokio::task::spawn_blocking(move || {
        let found = (!log_target.log_dir_given)
            .then(|| procfs::open_file_directory(pid, files::is_log_file))
            .flatten();
        match found {
            Some(dir) => read_log_files(&dir, log_target.log_window).map(|mut logs| {
                logs.source.push_str(&format!(" (held open by process {pid})"));
                logs
            }),
            None => read_log_files(&log_target.log_dir, log_target.log_window),
        }
    });
    tokio::time::sleep(window.wait).await;
    system.refresh_processes_specifics(ProcessesToUpdate::Some(&[sys_pid]), true, refresh);
    system.refresh_memory();
    let process = system.process(sys_pid).ok_or_else(exited)?;
    let (used, window_seconds) = window.close(Some(cpu_seconds(process)));
    let cgroup = Cgroup::of(pid).unwrap_or_default();
    let cores = available_cores(cgroup.cpu_limit());
    let cpu = used.and_then(|used| CpuUsage::from_cpu_time(used, window_seconds, cores));
    let (limit_bytes, limit_source) = match cgroup.memory_limit() {
        Some(limit) if limit < system.total_memory() => (limit, "cgroup limit"),
        _ => (system.total_memory(), "host memory"),
    };
    let memory = MemoryUsage {
        used_bytes: process.memory(),
        limit_bytes,
        limit_source: limit_source.into(),
    };
    let name = executable_name(pid).unwrap_or_else(|| target.name.clone());
    let replica = ReplicaState {
        name: name.clone(),
        state: format!("{:?}", process.status()).to_lowercase(),
        detail: None,
        health: None,
        since: None,
        address: None,
    };
    let logs =
        logs.await.unwrap_or_else(|e| Err(SourceError::Failed(format!("log reader failed: {e}"))));
    Ok(RuntimeSnapshot {
        kind: RuntimeKind::Process,
        name,
        id: pid.to_string(),
        state: replica.state.clone(),
        health: None,
        restarts: None,
        oom_killed: None,
        cpu,
        memory: Some(memory),
        process: Some(process_details(pid)),
        logs: Some(logs),
        usage_unavailable: None,
        events: Vec::new(),
        cgroup_oom_kills: cgroup
            .oom_kills()
            .map(|(count, dir)| CgroupOomKills { count, cgroup: dir.display().to_string() }),
        replicas: vec![replica],
    })
}

/// The cores a process on this host may use: `limit` (a CPU quota, in
/// cores) capped at the host's, else all of the host's.
pub fn available_cores(limit: Option<f64>) -> f64 {
    let host_cores = std::thread::available_parallelism().map_or(1.0, |n| n.get() as f64);
    limit.map_or(host_cores, |quota| quota.min(host_cores))
}

/// fds, their limit and threads from /proc.
pub fn process_details(pid: u32) -> ProcessDetails {
    let open_fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok().map(|fds| fds.count() as u64);
    let fd_limit =
        std::fs::read_to_string(format!("/proc/{pid}/limits")).ok().and_then(|l| fd_limit(&l));
    let threads =
        std::fs::read_to_string(format!("/proc/{pid}/status")).ok().and_then(|s| threads(&s));
    ProcessDetails { pid, open_fds, fd_limit, threads }
}

/// The soft `Max open files` of a `/proc/PID/limits` file.
#[doc(hidden)]
pub fn fd_limit(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// `Threads:` of a `/proc/PID/status` file.
#[doc(hidden)]
pub fn threads(status: &str) -> Option<u64> {
    status.lines().find_map(|l| l.strip_prefix("Threads:")?.trim().parse().ok())
}

/// Counts the lines of the last `window` in the `*.log` files of `dir`.
pub fn read_log_files(dir: &Path, window: Duration) -> Outcome<LogSummary> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        SourceError::Unavailable(format!(
            "cannot read the log directory {} ({e}); set --log-dir",
            dir.display()
        ))
    })?;
    let since = SystemTime::now() - window;
    let cutoff = Utc::now() - chrono::Duration::from_std(window).unwrap_or_default();
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let recent = entry.metadata().ok()?.modified().ok()? >= since;
            let is_log = entry.path().extension().is_some_and(|ext| ext == "log");
            (recent && is_log).then(|| entry.path())
        })
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for file in &files {
        let text = tail(file, LOG_TAIL_BYTES)
            .map_err(|e| SourceError::Failed(format!("cannot read {}: {e}", file.display())))?;
        lines.extend(
            text.lines()
                .filter(|line| logs::timestamp_of(line).is_some_and(|at| at >= cutoff))
                .map(str::to_owned),
        );
    }
    let source = if files.is_empty() {
        format!("{} (no log written in the window)", dir.display())
    } else {
        files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    };
    Ok(logs::summarize(source, window.as_secs(), lines.iter().map(String::as_str)))
}

/// The last `max` bytes of a file, from the first whole line.
fn tail(path: &Path, max: u64) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let length = file.metadata()?.len();
    let start = length.saturating_sub(max);
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::with_capacity((length - start) as usize);
    file.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(if start > 0 {
        text.split_once('\n').map_or(String::new(), |(_, rest)| rest.to_owned())
    } else {
        text.into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_this_process_and_its_details() {
        let me = std::process::id();
        let target = ProcessTarget {
            name: "no-such-program".into(),
            pid: Some(me),
            api_port: None,
            log_dir: PathBuf::from("/nonexistent"),
            log_dir_given: true,
            sample: Duration::from_millis(10),
            log_window: Duration::from_secs(60),
            state_dir: None,
        };
        assert_eq!(locate(&target).unwrap(), Some(me));
        let details = process_details(me);
        assert!(details.open_fds.unwrap() >= 3);
        assert!(details.fd_limit.unwrap() >= details.open_fds.unwrap());
        assert!(details.threads.unwrap() >= 1);
        let by_name = ProcessTarget { pid: None, ..target };
        assert_eq!(locate(&by_name).unwrap(), None);
    }

    #[test]
    fn log_files_are_windowed_by_timestamp() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let old = now - chrono::Duration::minutes(30);
        let line = |at: chrono::DateTime<Utc>, level: &str| {
            format!(
                "{{\"timestamp\":\"{}\",\"level\":\"{level}\",\"message\":\"m\"}}\n",
                at.to_rfc3339()
            )
        };
        let text = [line(old, "ERROR"), line(now, "ERROR"), line(now, "INFO"), "not json\n".into()]
            .concat();
        std::fs::write(dir.path().join("llm-config-server.2026-11-27.log"), text).unwrap();
        std::fs::write(dir.path().join("other.txt"), line(now, "ERROR")).unwrap();
        let summary = read_log_files(dir.path(), Duration::from_secs(300)).unwrap();
        assert_eq!((summary.lines, summary.errors), (2, 1));
        assert!(read_log_files(&dir.path().join("missing"), Duration::from_secs(1)).is_err());
    }
}
