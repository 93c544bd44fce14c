//! What the host source saw: space and I/O of the disks under the data and
//! log directories, old logs and backups, host memory, and the limits on
//! processes and threads.
//!
//! Plain data for the `resources` and `checklist` checks; the source that
//! fills it is `sources::host`.

use serde::{Deserialize, Serialize};

use super::Outcome;

/// Everything the host source collected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostEvidence {
    pub data_dir: DirectoryDisk,
    pub log_dir: DirectoryDisk,
    /// Log files (`*.log*`) under the log directory.
    pub old_logs: OldFiles,
    /// Files under `<data dir>/backups`.
    pub old_backups: OldFiles,
    pub memory: Outcome<HostMemory>,
    pub tasks: TaskLimits,
    /// Directories found from the service's process rather than given,
    /// each in words ("the log directory /x is where process 7 holds its
    /// files open").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub found: Vec<String>,
}

/// The disk a directory lives on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryDisk {
    pub path: String,
    /// False only when the directory is known not to exist.
    pub exists: bool,
    /// Space of the filesystem; `None` when the directory does not exist.
    pub space: Option<Outcome<DiskSpace>>,
    /// I/O of the block device under it over the window; `None` when the
    /// directory does not exist.
    pub io: Option<Outcome<DiskIo>>,
}

/// Space of one filesystem (statvfs), with the mount it was found on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiskSpace {
    /// The mount the directory is under (longest mount-point prefix).
    pub mount_point: String,
    /// The mount's source, e.g. `/dev/vda` or `overlay`.
    pub device: String,
    /// e.g. `ext4`, `xfs`, `tmpfs`.
    pub filesystem: String,
    pub total_bytes: u64,
    /// `total - free`.
    pub used_bytes: u64,
    /// Free space an unprivileged process may use; `total - used -
    /// available` is reserved for root.
    pub available_bytes: u64,
    /// `None` when the filesystem has no fixed inode table (btrfs, ...).
    pub inodes_total: Option<u64>,
    pub inodes_free: Option<u64>,
}

impl DiskSpace {
    /// Used share of the space an unprivileged process can have, 0-100,
    /// as `df` computes it: `used / (used + available)`.
    pub fn used_percent(&self) -> f64 {
        let usable = self.used_bytes + self.available_bytes;
        if usable == 0 { 0.0 } else { self.used_bytes as f64 * 100.0 / usable as f64 }
    }
}

/// Block-device activity over the window, from `/proc/diskstats`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiskIo {
    /// Kernel name of the device (or partition), e.g. `vda`, `nvme0n1p2`.
    pub device: String,
    pub window_seconds: f64,
    /// Time the device had I/O in flight, as a share of the window, 0-100
    /// (`iostat`'s `%util`).
    pub utilization_percent: f64,
    /// Milliseconds with I/O in flight over the window.
    pub io_ticks_ms: u64,
    /// Reads and writes completed over the window.
    pub reads: u64,
    pub writes: u64,
    pub read_bytes: u64,
    pub written_bytes: u64,
}

/// Files of one kind under a directory, and those older than a limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OldFiles {
    pub dir: String,
    pub exists: bool,
    /// Which files count, e.g. `*.log*`, or `*` for every file.
    pub pattern: String,
    /// Files older than this (by modification time) are old.
    pub max_age_days: f64,
    /// Files matching the pattern, of any age.
    pub files: u64,
    /// The oldest matching file's age in days (tells whether rotation and
    /// clean-up run at all).
    pub oldest_age_days: Option<f64>,
    pub old_count: u64,
    pub old_bytes: u64,
    /// The oldest of the old files, oldest first (at most a few).
    pub oldest: Vec<AgedFile>,
    /// True when the walk stopped at its entry limit, so counts are a
    /// lower bound.
    pub truncated: bool,
    /// The first directory that could not be read, if any.
    pub error: Option<String>,
}

/// One file and its age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgedFile {
    pub path: String,
    pub age_days: f64,
    pub bytes: u64,
}

/// The host's memory (`/proc/meminfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostMemory {
    pub total_bytes: u64,
    /// Memory available for new work without swapping (`MemAvailable`).
    pub available_bytes: u64,
    pub swap_total_bytes: u64,
    pub swap_free_bytes: u64,
}

/// A resource limit that may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    Unlimited,
    Limited(u64),
}

impl Limit {
    /// A limit as the kernel writes it: a number, or `unlimited`
    /// (`/proc/PID/limits`) or `max` (cgroup files) for none.
    pub fn parse(text: &str) -> Option<Limit> {
        match text.trim() {
            "unlimited" | "max" => Some(Limit::Unlimited),
            number => number.parse().ok().map(Limit::Limited),
        }
    }
}

/// Limits on processes and threads, host-wide and for the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskLimits {
    /// `/proc/sys/kernel/threads-max`: threads the kernel allows in all.
    pub threads_max: Option<u64>,
    /// `/proc/sys/kernel/pid_max`: the highest pid, so also a ceiling on
    /// threads.
    pub pid_max: Option<u64>,
    /// Threads on the host now (`/proc/loadavg`).
    pub host_threads: Option<u64>,
    /// The service's own limits; an error when its process is not known on
    /// this host.
    pub service: Outcome<ServiceTaskLimits>,
}

/// The limits on the service process's threads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceTaskLimits {
    pub pid: u32,
    /// Soft `Max processes` (RLIMIT_NPROC) from `/proc/PID/limits`; it
    /// counts every thread of every process of the service's user.
    pub max_processes: Option<Limit>,
    /// `pids.max` of the service's cgroup (a container's `--pids-limit`);
    /// `None` when the cgroup has no pids controller file.
    pub cgroup_pids_max: Option<Limit>,
    /// Threads in that cgroup now.
    pub cgroup_pids_current: Option<u64>,
}
