//! The JSON report: `schema_version`, target, timing, summary, worst status
//! and every finding, pretty-printed with a trailing newline. Control
//! characters are escaped by JSON itself; bidirectional formatting
//! characters, which JSON may carry raw, are written as `\uXXXX` escapes
//! too, so that a report piped to a terminal shows what it says.

use serde::Serialize;

use crate::report::Report;

pub fn render(report: &Report) -> String {
    pretty(report)
}

/// Any versioned document, pretty-printed with a trailing newline.
pub(super) fn pretty(document: &impl Serialize) -> String {
    let text = serde_json::to_string_pretty(document).expect("documents always serialise");
    // Such characters only occur inside strings, where an escape is valid.
    let mut escaped = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if super::is_bidi_control(c) {
            escaped.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            escaped.push(c);
        }
    }
    escaped.push('\n');
    escaped
}
