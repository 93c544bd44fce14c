//! One diagnosis: collect what the checks need, judge it, rank the likely
//! causes, make the report.

use std::time::Instant;

use chrono::Utc;

use crate::checks::{self, Check};
use crate::plan::Plan;
use crate::report::Report;
use crate::sources::{self, Progress};

/// Runs `checks` against the plan's target; the report is named `command`.
/// Long sources report their progress to `progress`.
pub async fn diagnose(
    plan: &Plan,
    command: &str,
    checks: &[&Check],
    progress: &(dyn Fn(Progress) + Sync),
) -> Report {
    let started_at = Utc::now();
    let started = Instant::now();
    let needed = checks::sources_needed(checks.iter().copied());
    let evidence = sources::collect_reporting(plan, &needed, progress).await;
    let findings: Vec<_> = checks.iter().map(|check| check.run(&evidence, &plan.runbook)).collect();
    let causes = crate::causes::rank(&findings, &evidence, &plan.runbook);
    let duration_ms = started.elapsed().as_millis() as u64;
    Report::new(command, crate::redact::url(&plan.api_url), started_at, duration_ms, findings)
        .with_causes(causes)
}
