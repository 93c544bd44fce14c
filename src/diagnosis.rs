//! Judging: the evidence of one run, through the checks and then the
//! causes, into findings and ranked causes.
//!
//! Every judging (a live run, `analyze` of a bundle, `watch`, a fleet's
//! replicas) goes through [`judge`], so all of them see the same view of
//! the evidence: its metrics window with the widening the one window rule
//! allows ([`crate::analysis::span`]) for figures whose present is too
//! thin, made once, shared by the checks and the causes so that a cause
//! sees the figures its findings saw.
//!
//! Pure: no I/O.

use crate::analysis::span;
use crate::checks::Check;
use crate::evidence::Evidence;
use crate::report::{Cause, Finding};
use crate::runbook::Runbook;

/// The findings of `checks` over `evidence`, in their order, and the
/// causes they point at, most likely first.
pub fn judge<'a>(
    checks: impl IntoIterator<Item = &'a Check>,
    evidence: &Evidence,
    runbook: &Runbook,
) -> (Vec<Finding>, Vec<Cause>) {
    let view = span::judging_view(evidence, runbook.ratios.range(), runbook.ratios.min_sample);
    let findings: Vec<Finding> =
        checks.into_iter().map(|check| check.run(&view, runbook)).collect();
    let causes = crate::causes::rank(&findings, &view, runbook);
    (findings, causes)
}
