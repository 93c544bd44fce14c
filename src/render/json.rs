//! The JSON report: `schema_version`, target, timing, summary, worst status
//! and every finding, pretty-printed with a trailing newline.

use crate::report::Report;

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report always serialises");
    text.push('\n');
    text
}
