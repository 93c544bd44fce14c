//! The runbook-section subcommands (`quick`, `cpu`, `memory`, ...) and
//! `all`: each runs the checks of its section(s) on one shared collection.

use clap::Args;

use super::Outcome;
use crate::checks::{self, Section, Source};
use crate::plan::Plan;

#[derive(Debug, Args)]
pub struct SectionArgs {}

#[derive(Debug, Args)]
pub struct MemoryArgs {
    /// Sample resident memory for this long and judge its trend, e.g. 5m
    #[arg(long, value_parser = super::duration_value, value_name = "DURATION")]
    pub duration: Option<std::time::Duration>,
}

/// Whether the plan asks for an opt-in source: the memory trend takes
/// minutes and runs only with `--duration`; the database is probed only
/// when `--database-url` names one (embedded storage has none).
fn requested(plan: &Plan, source: Source) -> bool {
    match source {
        Source::MemoryTrend => plan.trend.is_some(),
        Source::Database => plan.database_url.is_some(),
        _ => true,
    }
}

/// Runs the checks of `sections` as one report named `command`, leaving
/// out those whose opt-in sources were not asked for.
pub async fn exec(command: &str, sections: &[Section], plan: &Plan) -> Result<Outcome, String> {
    let checks: Vec<_> = checks::all()
        .filter(|check| sections.contains(&check.section))
        .filter(|check| check.needs.iter().all(|source| requested(plan, *source)))
        .collect();
    Ok(Outcome::Report(crate::doctor::diagnose(plan, command, &checks).await))
}

/// What `all` runs: every section once. `quick` is left out because it
/// answers the same questions in brief.
pub const ALL: &[Section] =
    &[Section::Latency, Section::Cpu, Section::Memory, Section::Cache, Section::Resources];
