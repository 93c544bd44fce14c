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

/// Runs the checks of `sections` as one report named `command`. The memory
/// trend takes minutes, so its check runs only when `--duration` asks.
pub async fn exec(command: &str, sections: &[Section], plan: &Plan) -> Result<Outcome, String> {
    let checks: Vec<_> = checks::all()
        .filter(|check| sections.contains(&check.section))
        .filter(|check| plan.trend.is_some() || !check.needs.contains(&Source::MemoryTrend))
        .collect();
    Ok(Outcome::Report(crate::doctor::diagnose(plan, command, &checks).await))
}

/// What `all` runs: every section once. `quick` is left out because it
/// answers the same questions in brief.
pub const ALL: &[Section] = &[Section::Cpu, Section::Memory, Section::Cache, Section::Resources];
