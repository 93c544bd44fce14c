//! The JSON report: `schema_version`, target, timing, summary, worst status
//! and every finding, pretty-printed with a trailing newline.

use serde::Serialize;

use crate::report::Report;

pub fn render(report: &Report) -> String {
    pretty(report)
}

/// Any versioned document, pretty-printed with a trailing newline.
pub(super) fn pretty(document: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(document).expect("documents always serialise");
    text.push('\n');
    text
}
