//! `llmcfg-doctor collect` and `analyze`: save the evidence of a run (a
//! support bundle: plain JSON, secrets already scrubbed by the sources) and
//! judge a saved file later, offline, with any runbook.

use std::path::PathBuf;

use clap::Args;

use super::Outcome;
use crate::checks::{self, Section};
use crate::evidence::Evidence;
use crate::plan::Plan;
use crate::report::Report;

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The section whose sources to collect
    #[arg(long, value_enum, default_value = "quick")]
    pub section: Section,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Evidence written by `collect`
    #[arg(value_name = "FILE")]
    pub evidence: PathBuf,
    /// The section whose checks to run
    #[arg(long, value_enum, default_value = "quick")]
    pub section: Section,
}

pub async fn collect(args: &CollectArgs, plan: &Plan) -> Result<Outcome, String> {
    let needed = checks::sources_needed(checks::of_section(args.section));
    let evidence = crate::sources::collect(plan, &needed).await;
    let json = serde_json::to_string_pretty(&evidence).expect("evidence always serialises");
    Ok(Outcome::Evidence(json + "\n"))
}

pub fn analyze(args: &AnalyzeArgs, plan: &Plan) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(&args.evidence)
        .map_err(|e| format!("cannot read {}: {e}", args.evidence.display()))?;
    let evidence: Evidence = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not an evidence file: {e}", args.evidence.display()))?;
    let findings =
        checks::of_section(args.section).map(|check| check.run(&evidence, &plan.runbook)).collect();
    let started_at = evidence.collected_at.unwrap_or_else(chrono::Utc::now);
    let target = format!("evidence {}", args.evidence.display());
    Ok(Outcome::Report(Report::new("analyze", target, started_at, 0, findings)))
}
