//! One diagnosis: collect what the checks need, judge it, make the report.

use std::time::Instant;

use chrono::Utc;

use crate::checks::{self, Check};
use crate::plan::Plan;
use crate::report::Report;
use crate::sources;

/// Runs `checks` against the plan's target; the report is named `command`.
pub async fn diagnose(plan: &Plan, command: &str, checks: &[&Check]) -> Report {
    let started_at = Utc::now();
    let started = Instant::now();
    let needed = checks::sources_needed(checks.iter().copied());
    let evidence = sources::collect(plan, &needed).await;
    let findings = checks.iter().map(|check| check.run(&evidence, &plan.runbook)).collect();
    let duration_ms = started.elapsed().as_millis() as u64;
    Report::new(command, crate::redact::url(&plan.api_url), started_at, duration_ms, findings)
}
