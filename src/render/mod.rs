//! Renderers: one report, many shapes. Each turns a [`Report`] (or the
//! [`Diff`](crate::diff::Diff) of two) into text; none of them decides
//! anything.

mod diff;
mod json;
mod table;

use crate::report::Report;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A table for people; colour on a terminal unless NO_COLOR is set.
    Table,
    /// The versioned JSON report, for programs.
    Json,
}

/// Renders a report; `color` applies to the table only.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Table => table::render(report, color),
        Format::Json => json::render(report),
    }
}

/// Renders a before/after comparison; `color` applies to the table only.
pub fn render_diff(diff: &crate::diff::Diff, format: Format, color: bool) -> String {
    match format {
        Format::Table => diff::table(diff, color),
        Format::Json => json::pretty(diff),
    }
}
