//! The runbook's resource exhaustion section: file descriptors, threads,
//! disk space and I/O, and files that should have been cleaned up.

use super::common::{self, runtime_label};
use super::{Check, Section, Source, Verdict, percent_verdict};
use crate::evidence::Evidence;
use crate::runbook::{Direction, Runbook};

pub static CHECKS: &[&Check] = &[&FDS];

static FDS: Check = Check {
    code: "resources.fds",
    section: Section::Resources,
    title: "Open file descriptors",
    needs: &[Source::Runtime],
    judge: fds,
};

fn fds(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let runtime = match common::runtime(evidence) {
        Ok(runtime) => runtime,
        Err(verdict) => return verdict,
    };
    let source = runtime_label(runtime);
    let details = runtime.process.as_ref();
    let (Some(open), Some(limit)) =
        (details.and_then(|d| d.open_fds), details.and_then(|d| d.fd_limit))
    else {
        return Verdict::not_measured(
            "cannot read the process's /proc/PID/fd and limits (run the doctor on the service's host, as its user or root)",
            source,
        );
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
