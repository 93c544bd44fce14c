//! The host source: the disks under the service's data and log
//! directories, files that clean-up should have removed, host memory, and
//! the limits on processes and threads.
//!
//! - Space is `statvfs` of the directory itself (through rustix, so every
//!   filesystem counts: tmpfs, NFS and overlay too, which `sysinfo`'s disk
//!   list leaves out); the mount point and source come from the longest
//!   mount-point prefix in `/proc/self/mountinfo`.
//! - I/O is the `/proc/diskstats` line of the directory's block device
//!   (its `st_dev`, or the mount source's for filesystems such as btrfs
//!   whose `st_dev` is anonymous), read twice one window apart: busy time
//!   over the window is `iostat`'s `%util`.
//! - Old files: `*.log*` under the log directory and every file under
//!   `<data dir>/backups`, by modification time, walked without following
//!   symlinks and up to a bounded number of entries.
//! - Memory from `/proc/meminfo`; thread limits from `/proc/sys/kernel`,
//!   the service's `/proc/PID/limits` and its cgroup's `pids.max`.
//!
//! Filesystem calls run on detached threads (see
//! [`crate::sources::blocking`]) and are abandoned at the deadline, so a
//! hung mount is reported, not waited for. A missing directory is data
//! (`exists: false`), not an error.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::plan::Plan;
use crate::sources::blocking::detached;
use crate::sources::cgroup::Cgroup;
use crate::sources::procfs;
use contract::files;
use diagnosis::analysis::counters::growth;
use diagnosis::evidence::host::{
    AgedFile, DirectoryDisk, DiskIo, DiskSpace, HostEvidence, HostMemory, Limit, OldFiles,
    ServiceTaskLimits, TaskLimits,
};
use diagnosis::evidence::{Outcome, SourceError};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);
/// Directory entries one walk visits at most.
const WALK_LIMIT: u64 = 100_000;
/// Old files named in the evidence, oldest first.
const OLDEST_SHOWN: usize = 5;
/// How much before the run's deadline filesystem calls are abandoned.
const DEADLINE_MARGIN: Duration = Duration::from_millis(50);
/// `/proc/diskstats` counts sectors of 512 bytes, whatever the device's.
const SECTOR_BYTES: u64 = 512;

/// Where to look and how long to watch.
#[derive(Debug, Clone)]
pub struct HostTarget {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    /// Whether the directories were given; when not, the service's process
    /// is asked where it keeps its files ([`HostTarget::located`]).
    pub data_dir_given: bool,
    pub log_dir_given: bool,
    /// Log files older than this are old.
    pub log_max_age: Duration,
    /// Backups older than this are old.
    pub backup_max_age: Duration,
    /// How far apart the two `/proc/diskstats` readings are.
    pub window: Duration,
    /// Filesystem calls still running then are abandoned.
    pub finish_by: Instant,
}

impl HostTarget {
    /// The plan's directories with the runbook's ages, finishing before
    /// `deadline`.
    pub fn from_plan(plan: &Plan, deadline: Instant) -> HostTarget {
        let housekeeping = &plan.runbook.housekeeping;
        HostTarget {
            data_dir: plan.data_dir.clone(),
            log_dir: plan.log_dir.clone(),
            data_dir_given: plan.data_dir_given,
            log_dir_given: plan.log_dir_given,
            log_max_age: from_days(housekeeping.log_max_age_days),
            backup_max_age: from_days(housekeeping.backup_max_age_days),
            window: plan.sample,
            finish_by: deadline.checked_sub(DEADLINE_MARGIN).unwrap_or(deadline),
        }
    }
}

impl HostTarget {
    /// The target with each directory not given replaced by the one where
    /// `service_pid` holds the server's files open (its log files, its
    /// embedded database), and what was found so, in words. A directory
    /// given, or one the process holds nothing open in, stays as it is.
    pub fn located(mut self, service_pid: &Outcome<u32>) -> (HostTarget, Vec<String>) {
        let mut found = Vec::new();
        let Ok(pid) = service_pid else { return (self, found) };
        let wanted = [
            ("log", self.log_dir_given, &mut self.log_dir, files::is_log_file as fn(&str) -> bool),
            ("data", self.data_dir_given, &mut self.data_dir, files::is_data_file),
        ];
        for (role, given, dir, is_its_file) in wanted {
            if given {
                continue;
            }
            if let Some(open) = procfs::open_file_directory(*pid, is_its_file) {
                found.push(format!(
                    "the {role} directory {} is where process {pid} holds its files open",
                    open.display()
                ));
                *dir = open;
            }
        }
        (self, found)
    }
}

/// Which files a walk counts.
#[derive(Debug, Clone, Copy)]
struct FileKind {
    pattern: &'static str,
    matches: fn(&OsStr) -> bool,
}

const LOG_FILES: FileKind =
    FileKind { pattern: "*.log*", matches: |name| name.to_string_lossy().contains(".log") };
const EVERY_FILE: FileKind = FileKind { pattern: "*", matches: |_| true };

/// Collects everything, the disk I/O over the target's window.
/// `service_pid` is the service's process on this host, or why there is
/// none.
pub async fn collect(target: &HostTarget, service_pid: &Outcome<u32>) -> HostEvidence {
    let now = SystemTime::now();
    let diskstats_before = read_diskstats();
    let started = Instant::now();
    let window = async {
        tokio::time::sleep(target.window).await;
        (read_diskstats(), started.elapsed().as_secs_f64())
    };
    let backups = target.data_dir.join("backups");
    let (data_place, log_place, old_logs, old_backups, (diskstats_after, window_seconds)) = tokio::join!(
        place_within(target, &target.data_dir),
        place_within(target, &target.log_dir),
        old_files_within(target, &target.log_dir, LOG_FILES, target.log_max_age, now),
        old_files_within(target, &backups, EVERY_FILE, target.backup_max_age, now),
        window,
    );
    let diskstats = diskstats_before.and_then(|before| Ok((before, diskstats_after?)));
    HostEvidence {
        data_dir: directory_disk(&target.data_dir, data_place, &diskstats, window_seconds),
        log_dir: directory_disk(&target.log_dir, log_place, &diskstats, window_seconds),
        old_logs,
        old_backups,
        found: Vec::new(),
        memory: procfs::read("/proc/meminfo").and_then(|text| {
            meminfo(&text).map_err(|e| SourceError::Failed(format!("/proc/meminfo: {e}")))
        }),
        tasks: task_limits(service_pid),
    }
}

/// Runs `work` on a detached thread, giving up at the target's deadline.
async fn off_thread<T: Send + 'static>(
    target: &HostTarget,
    dir: &Path,
    work: impl FnOnce() -> T + Send + 'static,
) -> Outcome<T> {
    match tokio::time::timeout_at(target.finish_by.into(), detached(work)).await {
        Ok(Some(value)) => Ok(value),
        Ok(None) => {
            Err(SourceError::Failed(format!("reading {} failed on its thread", dir.display())))
        }
        Err(_) => Err(SourceError::TimedOut(format!(
            "reading {} did not finish before the deadline (a hung or very slow mount?)",
            dir.display()
        ))),
    }
}

async fn place_within(target: &HostTarget, dir: &Path) -> Outcome<Place> {
    let owned = dir.to_owned();
    off_thread(target, dir, move || place_of(&owned)).await
}

async fn old_files_within(
    target: &HostTarget,
    dir: &Path,
    kind: FileKind,
    max_age: Duration,
    now: SystemTime,
) -> OldFiles {
    let owned = dir.to_owned();
    off_thread(target, dir, move || old_files(&owned, kind, max_age, now)).await.unwrap_or_else(
        |error| OldFiles { error: Some(error.to_string()), ..no_files(dir, kind, max_age, true) },
    )
}

// --- Disks ------------------------------------------------------------------

/// A directory's filesystem and block device, as far as they are known.
#[derive(Debug)]
enum Place {
    Missing,
    Present { space: Outcome<DiskSpace>, device: Outcome<BlockDevice> },
}

/// A device number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockDevice {
    major: u32,
    minor: u32,
}

fn place_of(dir: &Path) -> Place {
    let metadata = match std::fs::metadata(dir) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Place::Missing,
        Err(error) => {
            let error = SourceError::Unavailable(format!("cannot stat {}: {error}", dir.display()));
            return Place::Present { space: Err(error.clone()), device: Err(error) };
        }
    };
    let mount = mount_of(dir);
    let space = mount.clone().and_then(|mount| disk_space(dir, mount));
    let device = block_device(metadata.dev(), mount.as_ref().ok());
    Place::Present { space, device }
}

fn directory_disk(
    path: &Path,
    place: Outcome<Place>,
    diskstats: &Outcome<(Vec<DiskStat>, Vec<DiskStat>)>,
    window_seconds: f64,
) -> DirectoryDisk {
    let (exists, space, device) = match place {
        Ok(Place::Missing) => (false, None, None),
        Ok(Place::Present { space, device }) => (true, Some(space), Some(device)),
        // Whether it exists is unknown: say what is known, the error.
        Err(error) => (true, Some(Err(error.clone())), Some(Err(error))),
    };
    let io = device.map(|device| {
        let (before, after) = diskstats.as_ref().map_err(Clone::clone)?;
        disk_io(device?, before, after, window_seconds)
    });
    DirectoryDisk { path: path.display().to_string(), exists, space, io }
}

/// One mount from `/proc/self/mountinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub mount_point: PathBuf,
    pub filesystem: String,
    pub source: String,
}

/// The mounts of a `mountinfo` file, in mount order.
pub fn mountinfo(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let separator = fields.iter().position(|f| *f == "-")?;
            Some(Mount {
                mount_point: PathBuf::from(unescape_octal(fields.get(4)?)),
                filesystem: (*fields.get(separator + 1)?).to_owned(),
                source: unescape_octal(fields.get(separator + 2)?),
            })
        })
        .collect()
}

/// Undoes the kernel's `\040`-style escapes of spaces, tabs, newlines and
/// backslashes in mount paths.
fn unescape_octal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 4).and_then(|d| u8::from_str_radix(d, 8).ok());
        match code {
            Some(byte) => {
                out.push(char::from(byte));
                rest = &rest[at + 4..];
            }
            None => {
                out.push('\\');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The mount `path` is under: the longest mount-point prefix, and of equal
/// ones the last mounted (which hides the others).
pub fn mount_containing<'a>(mounts: &'a [Mount], path: &Path) -> Option<&'a Mount> {
    mounts
        .iter()
        .filter(|mount| path.starts_with(&mount.mount_point))
        .max_by_key(|mount| mount.mount_point.components().count())
}

fn mount_of(dir: &Path) -> Outcome<Mount> {
    const MOUNTINFO: &str = "/proc/self/mountinfo";
    let real = std::fs::canonicalize(dir)
        .map_err(|e| SourceError::Unavailable(format!("cannot resolve {}: {e}", dir.display())))?;
    let mounts = mountinfo(&procfs::read(MOUNTINFO)?);
    mount_containing(&mounts, &real).cloned().ok_or_else(|| {
        SourceError::Failed(format!("no mount in {MOUNTINFO} contains {}", real.display()))
    })
}

fn disk_space(dir: &Path, mount: Mount) -> Outcome<DiskSpace> {
    let stat = rustix::fs::statvfs(dir)
        .map_err(|e| SourceError::Failed(format!("statvfs of {} failed: {e}", dir.display())))?;
    let block = stat.f_frsize;
    let inodes = |count: u64| (stat.f_files > 0).then_some(count);
    Ok(DiskSpace {
        mount_point: mount.mount_point.display().to_string(),
        device: mount.source,
        filesystem: mount.filesystem,
        total_bytes: stat.f_blocks.saturating_mul(block),
        used_bytes: stat.f_blocks.saturating_sub(stat.f_bfree).saturating_mul(block),
        available_bytes: stat.f_bavail.saturating_mul(block),
        inodes_total: inodes(stat.f_files),
        inodes_free: inodes(stat.f_ffree),
    })
}

/// The block device behind a file's `st_dev`; for filesystems that give
/// files an anonymous device (major 0: btrfs, overlay, tmpfs, NFS), the
/// mount source's device when it is one.
fn block_device(dev: u64, mount: Option<&Mount>) -> Outcome<BlockDevice> {
    let number = |dev| BlockDevice { major: rustix::fs::major(dev), minor: rustix::fs::minor(dev) };
    let device = number(dev);
    if device.major != 0 {
        return Ok(device);
    }
    let Some(mount) = mount else {
        return Err(SourceError::Failed(
            "the directory's device is anonymous and its mount is unknown".into(),
        ));
    };
    if mount.source.starts_with("/dev/")
        && let Ok(source) = std::fs::metadata(&mount.source)
        && source.rdev() != 0
    {
        return Ok(number(source.rdev()));
    }
    Err(SourceError::Unsupported(format!(
        "{} on {} ({}) is not backed by a block device of its own",
        mount.filesystem,
        mount.mount_point.display(),
        mount.source
    )))
}

/// One line of `/proc/diskstats` (the fields `iostat` uses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskStat {
    pub major: u32,
    pub minor: u32,
    pub name: String,
    pub reads: u64,
    pub sectors_read: u64,
    pub writes: u64,
    pub sectors_written: u64,
    /// Milliseconds with I/O in flight.
    pub io_ticks_ms: u64,
}

/// The lines of `/proc/diskstats`; lines with fewer than the 14 fields of
/// every kernel since 2.6.25 are skipped.
pub fn diskstats(text: &str) -> Vec<DiskStat> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let number = |i: usize| fields.get(i)?.parse::<u64>().ok();
            Some(DiskStat {
                major: fields.first()?.parse().ok()?,
                minor: fields.get(1)?.parse().ok()?,
                name: (*fields.get(2)?).to_owned(),
                reads: number(3)?,
                sectors_read: number(5)?,
                writes: number(7)?,
                sectors_written: number(9)?,
                io_ticks_ms: number(12)?,
            })
        })
        .collect()
}

fn read_diskstats() -> Outcome<Vec<DiskStat>> {
    procfs::read("/proc/diskstats").map(|text| diskstats(&text))
}

fn disk_io(
    device: BlockDevice,
    before: &[DiskStat],
    after: &[DiskStat],
    window_seconds: f64,
) -> Outcome<DiskIo> {
    let find = |stats: &[DiskStat]| {
        stats.iter().find(|s| s.major == device.major && s.minor == device.minor).cloned()
    };
    let (Some(old), Some(new)) = (find(before), find(after)) else {
        return Err(SourceError::Failed(format!(
            "/proc/diskstats has no line for device {}:{}",
            device.major, device.minor
        )));
    };
    let io_ticks_ms = growth(old.io_ticks_ms, new.io_ticks_ms);
    let utilization_percent = if window_seconds > 0.0 {
        (io_ticks_ms as f64 / (window_seconds * 1e3) * 100.0).min(100.0)
    } else {
        0.0
    };
    Ok(DiskIo {
        device: new.name,
        window_seconds,
        utilization_percent,
        io_ticks_ms,
        reads: growth(old.reads, new.reads),
        writes: growth(old.writes, new.writes),
        read_bytes: growth(old.sectors_read, new.sectors_read) * SECTOR_BYTES,
        written_bytes: growth(old.sectors_written, new.sectors_written) * SECTOR_BYTES,
    })
}

// --- Old files --------------------------------------------------------------

fn days(duration: Duration) -> f64 {
    duration.as_secs_f64() / DAY.as_secs_f64()
}

/// A runbook's age in days; a negative or non-finite one is no age at all.
fn from_days(days: f64) -> Duration {
    Duration::try_from_secs_f64(days * DAY.as_secs_f64()).unwrap_or_default()
}

/// An empty count of `kind` under `dir`.
fn no_files(dir: &Path, kind: FileKind, max_age: Duration, exists: bool) -> OldFiles {
    OldFiles {
        dir: dir.display().to_string(),
        exists,
        pattern: kind.pattern.to_owned(),
        max_age_days: days(max_age),
        files: 0,
        oldest_age_days: None,
        old_count: 0,
        old_bytes: 0,
        oldest: Vec::new(),
        truncated: false,
        error: None,
    }
}

/// Walks `dir` (not following symlinks) for files of `kind`, counting those
/// modified more than `max_age` before `now`.
fn old_files(dir: &Path, kind: FileKind, max_age: Duration, now: SystemTime) -> OldFiles {
    if let Err(error) = std::fs::metadata(dir) {
        let missing = error.kind() == std::io::ErrorKind::NotFound;
        let mut found = no_files(dir, kind, max_age, !missing);
        if !missing {
            found.error = Some(format!("cannot stat {}: {error}", dir.display()));
        }
        return found;
    }
    let mut found = no_files(dir, kind, max_age, true);
    let mut old = Vec::new();
    let mut oldest = Duration::ZERO;
    let mut pending = vec![dir.to_path_buf()];
    let mut visited = 0u64;
    'walk: while let Some(current) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(error) => {
                found.error.get_or_insert(format!("cannot list {}: {error}", current.display()));
                continue;
            }
        };
        for entry in entries {
            visited += 1;
            if visited > WALK_LIMIT {
                found.truncated = true;
                break 'walk;
            }
            // A DirEntry's metadata does not follow symlinks.
            let Ok(entry) = entry else { continue };
            let Ok(metadata) = entry.metadata() else { continue };
            if metadata.is_dir() {
                pending.push(entry.path());
                continue;
            }
            if !metadata.is_file() || !(kind.matches)(&entry.file_name()) {
                continue;
            }
            found.files += 1;
            let age = metadata
                .modified()
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .unwrap_or_default();
            oldest = oldest.max(age);
            if age > max_age {
                found.old_count += 1;
                found.old_bytes += metadata.len();
                old.push(AgedFile {
                    path: entry.path().display().to_string(),
                    age_days: days(age),
                    bytes: metadata.len(),
                });
            }
        }
    }
    if found.files > 0 {
        found.oldest_age_days = Some(days(oldest));
    }
    old.sort_by(|a, b| b.age_days.total_cmp(&a.age_days));
    old.truncate(OLDEST_SHOWN);
    found.oldest = old;
    found
}

// --- Memory and limits ------------------------------------------------------

/// Host memory from `/proc/meminfo` (values in kB).
pub fn meminfo(text: &str) -> Result<HostMemory, String> {
    let fields: HashMap<&str, u64> = text
        .lines()
        .filter_map(|line| {
            let (name, rest) = line.split_once(':')?;
            Some((name, rest.split_whitespace().next()?.parse().ok()?))
        })
        .collect();
    let bytes = |name: &str| {
        let kb = fields.get(name).ok_or_else(|| format!("no {name}"))?;
        kb.checked_mul(1024).ok_or_else(|| format!("{name} is out of range"))
    };
    Ok(HostMemory {
        total_bytes: bytes("MemTotal")?,
        available_bytes: bytes("MemAvailable")?,
        swap_total_bytes: bytes("SwapTotal")?,
        swap_free_bytes: bytes("SwapFree")?,
    })
}

/// The soft limit named `name` (e.g. `Max processes`) in a
/// `/proc/PID/limits` file.
pub fn soft_limit(limits: &str, name: &str) -> Option<Limit> {
    let line = limits.lines().find_map(|line| line.strip_prefix(name))?;
    Limit::parse(line.split_whitespace().next()?)
}

/// Threads on the host: the total after the `/` of `/proc/loadavg`'s
/// fourth field (`running/total`).
pub fn loadavg_threads(loadavg: &str) -> Option<u64> {
    loadavg.split_whitespace().nth(3)?.split_once('/')?.1.parse().ok()
}

fn task_limits(service_pid: &Outcome<u32>) -> TaskLimits {
    let read = |path: &str| std::fs::read_to_string(path).ok();
    let number = |path: &str| read(path)?.trim().parse().ok();
    TaskLimits {
        threads_max: number("/proc/sys/kernel/threads-max"),
        pid_max: number("/proc/sys/kernel/pid_max"),
        host_threads: read("/proc/loadavg").as_deref().and_then(loadavg_threads),
        service: service_pid.clone().and_then(service_task_limits),
    }
}

fn service_task_limits(pid: u32) -> Outcome<ServiceTaskLimits> {
    let limits = procfs::read(&format!("/proc/{pid}/limits"))?;
    let cgroup = Cgroup::of(pid);
    Ok(ServiceTaskLimits {
        pid,
        max_processes: soft_limit(&limits, "Max processes"),
        cgroup_pids_max: cgroup.as_ref().and_then(Cgroup::pids_limit),
        cgroup_pids_current: cgroup.as_ref().and_then(Cgroup::pids_current),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::procfs::fixture;

    #[test]
    fn diskstats_parse_and_give_utilization() {
        let stats = diskstats(&fixture("diskstats"));
        let vda = stats.iter().find(|s| s.name == "vda").expect("vda");
        assert_eq!((vda.major, vda.minor), (254, 0));
        assert_eq!((vda.reads, vda.sectors_read, vda.writes), (869_754, 30_206_250, 117_428));
        assert_eq!((vda.sectors_written, vda.io_ticks_ms), (72_648_640, 70_060));
        assert!(stats.iter().any(|s| s.name == "loop0" && s.io_ticks_ms == 0));
        // The 14-field layout of older kernels, and junk.
        assert_eq!(diskstats("   8  1 sda1 1 2 3 4 5 6 7 8 0 9 10\n8 2 short 1 2\n").len(), 1);

        let mut later = vda.clone();
        later.io_ticks_ms += 250;
        later.writes += 10;
        later.sectors_written += 80;
        let device = BlockDevice { major: 254, minor: 0 };
        let io = disk_io(device, &stats, &[later], 0.5).unwrap();
        assert_eq!((io.device.as_str(), io.io_ticks_ms, io.writes), ("vda", 250, 10));
        assert_eq!((io.utilization_percent, io.written_bytes), (50.0, 80 * 512));
        let gone = BlockDevice { major: 9, minor: 9 };
        assert!(disk_io(gone, &stats, &stats, 1.0).is_err());
    }

    #[test]
    fn mountinfo_finds_the_longest_prefix() {
        let mounts = mountinfo(&fixture("mountinfo"));
        let root = mount_containing(&mounts, Path::new("/var/lib/llm-config")).unwrap();
        assert_eq!((root.mount_point.to_str(), root.source.as_str()), (Some("/"), "/dev/vda"));
        assert_eq!(root.filesystem, "ext4");
        let docker = mount_containing(&mounts, Path::new("/var/lib/docker/volumes")).unwrap();
        assert_eq!(docker.mount_point, Path::new("/var/lib/docker"));
        // Component-wise: /var/lib/dockerish is not under /var/lib/docker.
        let beside = mount_containing(&mounts, Path::new("/var/lib/dockerish")).unwrap();
        assert_eq!(beside.mount_point, Path::new("/"));
        let shm = mount_containing(&mounts, Path::new("/dev/shm/x")).unwrap();
        assert_eq!(shm.filesystem, "tmpfs");

        let escaped = "36 27 8:1 / /mnt/my\\040disk rw - ext4 /dev/sd\\134a rw\n";
        let mount = &mountinfo(escaped)[0];
        assert_eq!(
            (mount.mount_point.to_str(), mount.source.as_str()),
            (Some("/mnt/my disk"), "/dev/sd\\a")
        );
    }

    #[test]
    fn meminfo_limits_and_loadavg_parse() {
        let memory = meminfo(&fixture("meminfo")).unwrap();
        assert_eq!(memory.total_bytes, 24_684_092 * 1024);
        assert!(memory.available_bytes <= memory.total_bytes);
        assert_eq!(memory.swap_total_bytes, 0);
        assert!(meminfo("MemTotal: 1 kB\n").is_err());

        let limits = fixture("limits");
        assert_eq!(soft_limit(&limits, "Max processes"), Some(Limit::Limited(96_365)));
        assert_eq!(soft_limit(&limits, "Max cpu time"), Some(Limit::Unlimited));
        assert_eq!(soft_limit(&limits, "Max nothing"), None);
        assert_eq!(Limit::parse("max\n"), Some(Limit::Unlimited));

        assert!(loadavg_threads(&fixture("loadavg")).is_some_and(|n| n > 0));
        assert_eq!(loadavg_threads("0.84 1.49 1.81 4/143 19182"), Some(143));
        assert_eq!(loadavg_threads("garbage"), None);
    }

    #[test]
    fn fuzz_meminfo_kilobytes_beyond_u64_bytes_are_an_error() {
        // Found by the `procfs` fuzz target: kB × 1024 overflowed.
        let text = b"MemTotal: 18446744073709551615 kB\nMemAvailable: 1 kB\n\
                     SwapTotal: 0 kB\nSwapFree: 0 kB\n";
        let error = meminfo(std::str::from_utf8(text).unwrap()).unwrap_err();
        assert_eq!(error, "MemTotal is out of range");
    }

    #[test]
    fn space_and_device_of_a_real_directory() {
        let dir = tempfile::tempdir().unwrap();
        let Place::Present { space, device } = place_of(dir.path()) else {
            panic!("a temp dir exists")
        };
        let space = space.unwrap();
        assert!(space.total_bytes > 0 && space.available_bytes <= space.total_bytes);
        assert!(space.used_percent() > 0.0 && space.used_percent() < 100.0);
        assert!(Path::new(&space.mount_point).is_absolute());
        let device = device.unwrap();
        let stats = read_diskstats().unwrap();
        assert!(stats.iter().any(|s| s.major == device.major && s.minor == device.minor));
        assert!(matches!(place_of(&dir.path().join("missing")), Place::Missing));
    }
}
