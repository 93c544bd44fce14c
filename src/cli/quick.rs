//! `llmcfg-doctor quick`: the runbook's 1-minute health check.

use clap::Args;

use super::Outcome;
use crate::checks::{self, Section};
use crate::plan::Plan;

#[derive(Debug, Args)]
pub struct QuickArgs {}

pub async fn exec(_: &QuickArgs, plan: &Plan) -> Result<Outcome, String> {
    let checks: Vec<_> = checks::of_section(Section::Quick).collect();
    Ok(Outcome::Report(crate::doctor::diagnose(plan, "quick", &checks).await))
}
