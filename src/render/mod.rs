//! Renderers: one report, many shapes. Each turns a [`Report`] into text;
//! none of them decides anything.

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
