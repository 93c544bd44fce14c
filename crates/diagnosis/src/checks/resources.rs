//! The runbook's resource exhaustion section: file descriptors, threads,
//! disk space and I/O, and files that should have been cleaned up.

use super::common::{self, runtime_label};
use super::{Check, Section, Source, Verdict, percent_verdict, require, round1};
use crate::evidence::host::{DirectoryDisk, HostEvidence, Limit, OldFiles};
use crate::evidence::{Evidence, RuntimeKind};
use crate::report::Status;
use crate::runbook::Runbook;
use crate::settings;
use crate::threshold::Direction;
use crate::threshold::{BandClaim, Threshold, Unit};

pub static CHECKS: &[&Check] = &[&FDS, &THREADS, &DISK_SPACE, &DISK_IO, &OLD_LOGS, &OLD_BACKUPS];

static FDS: Check = Check {
    code: "resources.fds",
    section: Section::Resources,
    title: "Open file descriptors",
    needs: &[Source::Runtime],
    band: BandClaim::new("limits.fds", Unit::Percent),
    judge: fds,
};

fn fds(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let runtime = or_return!(common::runtime(evidence));
    let source = runtime_label(runtime);
    let details = runtime.process.as_ref();
    let (Some(open), Some(limit)) =
        (details.and_then(|d| d.open_fds), details.and_then(|d| d.fd_limit))
    else {
        let reason = if runtime.kind == RuntimeKind::Kubernetes && details.is_none() {
            "a pod's processes are visible only inside it (run the doctor in the pod with kubectl exec)"
        } else {
            "cannot read the process's /proc/PID/fd and limits (run the doctor on the service's host, as its user or root)"
        };
        return Verdict::not_measured(reason, source);
    };
    let percent = if limit > 0 { open as f64 * 100.0 / limit as f64 } else { 0.0 };
    percent_verdict(
        &format!("{open} of {limit} fds:"),
        percent,
        &runbook.limits.fds,
        Direction::HigherIsWorse,
        source,
    )
}

fn host(evidence: &Evidence) -> Result<&HostEvidence, Verdict> {
    require(&evidence.host, Source::Host)
}

static THREADS: Check = Check {
    code: "resources.threads",
    section: Section::Resources,
    title: "Threads",
    needs: &[Source::Runtime, Source::Host],
    band: BandClaim::new("limits.threads", Unit::Percent),
    judge: threads,
};

/// Threads against the tightest limit that applies: the kernel's
/// threads-max and pid_max, the user's `Max processes`, the cgroup's
/// `pids.max`. (The user and cgroup limits count more than this process,
/// so the share is a lower bound there.)
fn threads(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let runtime = or_return!(common::runtime(evidence));
    let host = or_return!(host(evidence));
    let source = runtime_label(runtime);
    let Some(threads) = runtime.process.as_ref().and_then(|p| p.threads) else {
        return Verdict::not_measured("the runtime reports no thread count", source);
    };
    let limited = |limit: Option<Limit>| match limit {
        Some(Limit::Limited(n)) => Some(n),
        _ => None,
    };
    let service = host.tasks.service.as_ref().ok();
    let candidates = [
        ("threads-max", host.tasks.threads_max),
        ("pid_max", host.tasks.pid_max),
        ("Max processes", service.and_then(|s| limited(s.max_processes))),
        ("pids.max", service.and_then(|s| limited(s.cgroup_pids_max))),
    ];
    let Some((name, limit)) = candidates
        .iter()
        .filter_map(|(name, limit)| Some((*name, (*limit)?)))
        .filter(|(_, l)| *l > 0)
        .min_by_key(|(_, l)| *l)
    else {
        return Verdict::not_measured("no thread limit is readable", source);
    };
    let percent = threads as f64 * 100.0 / limit as f64;
    percent_verdict(
        &format!("{threads} threads against {name} {limit}:"),
        percent,
        &runbook.limits.threads,
        Direction::HigherIsWorse,
        source,
    )
}

static DISK_SPACE: Check = Check {
    code: "resources.disk-space",
    section: Section::Resources,
    title: "Disk space",
    needs: &[Source::Host],
    band: BandClaim::new("limits.disk-space", Unit::Percent),
    judge: disk_space,
};

/// The fuller of the data and log directories' filesystems.
fn disk_space(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let host = or_return!(host(evidence));
    let mut measured = Vec::new();
    let mut missing = Vec::new();
    for (role, dir) in [("data", &host.data_dir), ("log", &host.log_dir)] {
        match space_of(dir) {
            Ok(Some(used)) => measured.push((role, dir, used)),
            Ok(None) => missing.push(format!("the {role} directory {} does not exist", dir.path)),
            Err(reason) => missing.push(format!("{role} directory {}: {reason}", dir.path)),
        }
    }
    let Some((role, dir, used)) = measured.iter().max_by(|a, b| a.2.total_cmp(&b.2)) else {
        return Verdict::not_measured(missing.join("; "), "statvfs").advise(format!(
            "Name the service's directories with {} and {}, on its host.",
            settings::DATA_DIR.option(),
            settings::LOG_DIR.option()
        ));
    };
    let mut verdict = percent_verdict(
        &format!("{role} directory {} is on a filesystem", dir.path),
        *used,
        &runbook.limits.disk_space,
        Direction::HigherIsWorse,
        "statvfs".into(),
    );
    verdict.summary.push_str(" used");
    if !missing.is_empty() {
        verdict.summary.push_str(&format!("; {}", missing.join("; ")));
    }
    where_found(verdict, host)
}

/// `verdict` with the directories the host source found from the
/// service's process, rather than was given, named in its evidence.
fn where_found(mut verdict: Verdict, host: &HostEvidence) -> Verdict {
    for note in &host.found {
        verdict.evidence.push_str(&format!("; {note}"));
    }
    verdict
}

/// The used share of a directory's filesystem; `None` when it is missing.
fn space_of(dir: &DirectoryDisk) -> Result<Option<f64>, String> {
    match &dir.space {
        _ if !dir.exists => Ok(None),
        Some(Ok(space)) => Ok(Some(space.used_percent())),
        Some(Err(error)) => Err(error.to_string()),
        None => Err("not measured".into()),
    }
}

static DISK_IO: Check = Check {
    code: "resources.disk-io",
    section: Section::Resources,
    title: "Disk I/O",
    needs: &[Source::Host],
    band: BandClaim::new("resources.disk-io", Unit::Percent),
    judge: disk_io,
};

fn disk_io(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let host = or_return!(host(evidence));
    let busiest = [&host.data_dir, &host.log_dir]
        .into_iter()
        .filter_map(|dir| dir.io.as_ref()?.as_ref().ok())
        .max_by(|a, b| a.utilization_percent.total_cmp(&b.utilization_percent));
    let Some(io) = busiest else {
        let reason = [&host.data_dir, &host.log_dir]
            .into_iter()
            .find_map(|dir| match &dir.io {
                Some(Err(error)) => Some(error.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| "the data and log directories do not exist here".into());
        return Verdict::not_measured(reason, "/proc/diskstats");
    };
    percent_verdict(
        &format!(
            "{} busy over {}s ({} reads, {} writes):",
            io.device,
            round1(io.window_seconds),
            io.reads,
            io.writes
        ),
        io.utilization_percent,
        &runbook.resources.disk_io,
        Direction::HigherIsWorse,
        "/proc/diskstats".into(),
    )
}

static OLD_LOGS: Check = Check {
    code: "resources.old-logs",
    section: Section::Resources,
    title: "Old log files",
    needs: &[Source::Host],
    band: None,
    judge: |evidence, _| old_files(evidence, |host| &host.old_logs, true),
};

static OLD_BACKUPS: Check = Check {
    code: "resources.old-backups",
    section: Section::Resources,
    title: "Old backups",
    needs: &[Source::Host],
    band: None,
    judge: |evidence, _| old_files(evidence, |host| &host.old_backups, false),
};

/// Files past their age: none OK, some WARNING. A missing log directory
/// is UNKNOWN (the service should have one); a missing backups directory
/// just means no backups are kept there.
fn old_files(evidence: &Evidence, pick: fn(&HostEvidence) -> &OldFiles, required: bool) -> Verdict {
    let host = or_return!(host(evidence));
    where_found(judge_old_files(pick(host), required), host)
}

fn judge_old_files(files: &OldFiles, required: bool) -> Verdict {
    let source = format!("{} ({})", files.dir, files.pattern);
    if !files.exists {
        return if required {
            Verdict::not_measured(format!("{} does not exist", files.dir), source).advise(format!(
                "Name the service's log directory with {}.",
                settings::LOG_DIR.option()
            ))
        } else {
            Verdict::new(
                Status::Ok,
                format!("{} does not exist: no backups kept there", files.dir),
                source,
            )
        };
    }
    if let Some(error) = &files.error {
        return Verdict::not_measured(error.clone(), source);
    }
    let age = crate::threshold::trim_float(files.max_age_days);
    let threshold = Threshold::warning_at(0.0, Direction::HigherIsWorse, Unit::Files)
        .and(format!("counting files older than {age} days"));
    if files.old_count == 0 {
        return Verdict::new(
            Status::Ok,
            format!("{} file(s), none older than {age} days", files.files),
            source,
        )
        .measured(0.0, Unit::Files)
        .threshold(threshold);
    }
    let oldest = files
        .oldest
        .first()
        .map_or_else(String::new, |f| format!("; oldest {} ({} days)", f.path, round1(f.age_days)));
    Verdict::new(
        Status::Warning,
        format!(
            "{} file(s) older than {age} days, {} MiB{oldest}",
            files.old_count,
            round1(files.old_bytes as f64 / 1048576.0)
        ),
        source,
    )
    .measured(files.old_count as f64, Unit::Files)
    .threshold(threshold)
}
