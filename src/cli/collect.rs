//! `llmcfg-doctor collect` and `analyze`: save the evidence of a run (a
//! support bundle: plain JSON, secrets already scrubbed by the sources) and
//! judge a saved file later, offline, with any runbook.

use std::path::{Path, PathBuf};

use clap::{Args, ValueHint};

use super::Outcome;
use crate::plan::Plan;
use diagnosis::checks::{self, Section};
use diagnosis::evidence::bundle::Bundle;
use diagnosis::report::Report;

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The section whose sources to collect
    #[arg(long, value_enum, default_value = "quick")]
    pub section: Section,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Evidence written by `collect`
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub evidence: PathBuf,
    /// The section whose checks to run [default: the one collected]
    #[arg(long, value_enum)]
    pub section: Option<Section>,
}

/// Collects what the live run of the section would, and records which
/// sources were asked for, so that `analyze` judges the same checks.
pub async fn collect(args: &CollectArgs, plan: &Plan) -> Result<Outcome, String> {
    let requested = plan.requested_sources();
    let needed =
        checks::sources_needed(plan.selection.apply(checks::select(&[args.section], &requested))?);
    let evidence = crate::sources::collect(plan, &needed).await;
    Ok(Outcome::Evidence(Bundle::new(args.section, requested, evidence).to_json()))
}

pub fn analyze(args: &AnalyzeArgs, plan: &Plan) -> Result<Outcome, String> {
    judge(&args.evidence, args.section, plan).map(Outcome::Report)
}

/// Reads the bundle at `path` and judges it with the plan's runbook: the
/// checks of `section`, or of the section it was collected for, selected
/// by the sources the bundle was asked to collect, as the live run
/// selected them. `analyze` prints the report; `diff` compares two.
pub(super) fn judge(path: &Path, section: Option<Section>, plan: &Plan) -> Result<Report, String> {
    let bundle = Bundle::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let section = section.unwrap_or(bundle.section);
    let checks = plan.selection.apply(checks::select(&[section], &bundle.requested))?;
    let past = super::section::past_judgement(&[section], bundle.evidence.past, &checks, plan)?;
    let (findings, causes) = diagnosis::judge(checks, &bundle.evidence, &plan.runbook);
    let started_at = bundle.evidence.collected_at.unwrap_or_else(chrono::Utc::now);
    let target = format!("evidence {}", path.display());
    Ok(Report::new("analyze", target, started_at, 0, findings)
        .with_causes(causes)
        .judging_the_past(past))
}
