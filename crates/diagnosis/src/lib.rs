//! The doctor's judgement, without any of the machinery that collects
//! it: the [`evidence`] a run gathers and the [`analysis`] of it, the
//! [`catalogue`] of what to ask, the [`runbook`] and its bands
//! ([`threshold`]), the [`checks`] that judge and the [`causes`] they point
//! at, the [`report`] and its [`render`]ings, [`diff`] of two reports,
//! the [`timeline`] of a span, [`redact`] for what must not be printed, and
//! the [`settings`] registry every name of a setting comes from.
//!
//! No I/O, no async runtime, no command line (the `clap` feature derives
//! the value parsers of the doctor's flags, nothing more): `analyze`,
//! `diff` and the fuzz targets judge a bundle with this crate alone, and
//! its tests need no service.
//!
//! Every judging (a live run, `analyze` of a bundle, `watch`, a fleet's
//! replicas, each step of a timeline) goes through [`judge`], so all of
//! them see the same view of the evidence: its metrics window with the
//! widening the one window rule allows ([`analysis::span`]) for figures
//! whose present is too thin, made once, shared by the checks and the
//! causes so that a cause sees the figures its findings saw.

pub mod analysis;
pub mod catalogue;
pub mod causes;
pub mod checks;
pub mod diff;
pub mod evidence;
pub mod exposition;
pub mod redact;
pub mod render;
pub mod report;
pub mod runbook;
pub mod settings;
pub mod threshold;
pub mod timeline;

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
