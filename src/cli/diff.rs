//! `llmcfg-doctor diff BEFORE AFTER`: two evidence bundles, judged the way
//! `analyze` judges one, compared check by check (see [`diagnosis::diff`]).

use std::path::PathBuf;

use clap::{Args, ValueHint};

use super::{Outcome, collect};
use crate::plan::Plan;
use diagnosis::checks::Section;
use diagnosis::diff::{Change, Diff};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Evidence written by `collect` before the change
    #[arg(value_name = "BEFORE", value_hint = ValueHint::FilePath)]
    pub before: PathBuf,
    /// Evidence written by `collect` after the change
    #[arg(value_name = "AFTER", value_hint = ValueHint::FilePath)]
    pub after: PathBuf,
    /// Judge both with this section's checks [default: each the one it was collected for]
    #[arg(long, value_enum)]
    pub section: Option<Section>,
}

pub fn exec(args: &DiffArgs, plan: &Plan) -> Result<Outcome, String> {
    let before = collect::judge(&args.before, args.section, plan)?;
    let after = collect::judge(&args.after, args.section, plan)?;
    Ok(Outcome::Diff(Diff::new(&before, &after)))
}

/// `diff --help`: what each change means and how the exit code is chosen.
pub(super) fn long_about() -> String {
    let changes: String = Change::ALL
        .iter()
        .map(|change| format!("  {:<10} {}\n", change.label(), change.meaning()))
        .collect();
    format!(
        "Compare two evidence bundles written by `collect`, before and after a fix.\n\
         \n\
         Both are judged with the same runbook, each with the checks of the section it was \
         collected for unless --section names one for both, and their findings are lined up \
         by check code. Each check gets one change, decided by status alone, ranked \
         OK < WARNING < UNKNOWN < CRITICAL; its values before and after are shown as \
         measured.\n\
         \n\
         {changes}\
         \n\
         Exit status: the worst status after the change, as `analyze AFTER` would exit, \
         except that a gone check counts as UNKNOWN. So it is 0 only when every check of \
         BEFORE was judged again and all are OK: a CI gate after a fix passes when the fix \
         worked and nothing else broke, and fails on any regression. A file that is missing, \
         not JSON or not an evidence bundle of this version exits 3 with one line on stderr."
    )
}
