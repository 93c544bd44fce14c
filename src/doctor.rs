//! One diagnosis: collect what the checks need, judge it, rank the likely
//! causes, make the report.

use std::time::Instant;

use chrono::Utc;

use crate::plan::Plan;
use crate::sources::{self, Progress};
use diagnosis::checks::{self, Check, Source};
use diagnosis::evidence::Evidence;
use diagnosis::report::Report;

/// Runs `checks` against the plan's target; the report is named `command`.
/// Long sources report their progress to `progress`.
pub async fn diagnose(
    plan: &Plan,
    command: &str,
    checks: &[&Check],
    progress: &(dyn Fn(Progress) + Sync),
) -> Report {
    let needed = checks::sources_needed(checks.iter().copied());
    let client = sources::http::client(plan.timeout);
    examine(plan, command, checks, &needed, &client, None, progress).await.1
}

/// [`diagnose`] from the `needed` sources only (a check whose other
/// sources are left out judges without them) through `client` and
/// `gate` ([`sources::collect_with`]), keeping the evidence the report was
/// judged on.
pub async fn examine(
    plan: &Plan,
    command: &str,
    checks: &[&Check],
    needed: &[Source],
    client: &reqwest::Client,
    gate: Option<&tokio::sync::Semaphore>,
    progress: &(dyn Fn(Progress) + Sync),
) -> (Evidence, Report) {
    let started_at = Utc::now();
    let started = Instant::now();
    let evidence = sources::collect_with(plan, needed, client, gate, progress).await;
    let (findings, causes) = diagnosis::judge(checks.iter().copied(), &evidence, &plan.runbook);
    let duration_ms = started.elapsed().as_millis() as u64;
    let report = Report::new(
        command,
        diagnosis::redact::url(&plan.api_url),
        started_at,
        duration_ms,
        findings,
    )
    .with_causes(causes);
    (evidence, report)
}
