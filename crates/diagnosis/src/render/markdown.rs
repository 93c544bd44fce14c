//! Markdown for tickets, chat and CI job summaries: a heading with the
//! worst status, the counts, a table of findings (status, code, check,
//! value, threshold), the likely causes ranked (what supports each, what
//! would rule it out, the runbook's steps), then what to do about each
//! finding that is not OK.
//!
//! No text can break the layout: table cells escape `|` and turn line
//! breaks into `<br>`; a list item indents its continuation lines. A `<`
//! that could open an HTML tag outside a code span is written `&lt;`, so
//! that text such as a logged `<html>` is shown, not taken for markup.

use std::fmt::Write;

use super::{clean, measurement};
use crate::report::{Cause, Report, Sign, Status};
use crate::threshold::Threshold;

pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!("# llmcfg-doctor {}: {}\n\n", report.command, report.worst);
    let _ = writeln!(
        out,
        "{} · started {} · {:.1} s\n\n**{} OK, {} WARNING, {} CRITICAL, {} UNKNOWN**\n",
        cell(&report.target),
        report.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
        report.duration_ms as f64 / 1e3,
        s.ok,
        s.warning,
        s.critical,
        s.unknown,
    );
    if let Some(past) = &report.past {
        let _ = writeln!(out, "{}\n", cell(&past.describe()));
    }
    out.push_str("| status | code | check | value | threshold |\n|---|---|---|---|---|\n");
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            finding.status,
            cell(&code_span(&finding.display_code())),
            cell(&finding.title),
            cell(&measurement(finding).unwrap_or_default()),
            cell(&finding.threshold.as_ref().map(Threshold::text).unwrap_or_default()),
        );
    }
    if !report.causes.is_empty() {
        out.push_str("\n## Likely causes\n\n");
        for (rank, cause) in report.causes.iter().enumerate() {
            likely_cause(&mut out, rank + 1, cause);
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    let to_do: Vec<_> = report.findings.iter().filter(|f| f.status != Status::Ok).collect();
    if !to_do.is_empty() {
        out.push_str("\n## What to do\n\n");
        for finding in to_do {
            let _ = write!(
                out,
                "- **{}** {} ({}): {}",
                finding.status,
                item(&finding.title),
                code_span(&finding.display_code()),
                item(&finding.summary)
            );
            match &finding.remediation {
                Some(text) => {
                    let _ = writeln!(out, "\n\n  {}\n", item(text));
                }
                None => out.push_str("\n\n"),
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// One ranked cause as a numbered item with its sub-lists.
fn likely_cause(out: &mut String, rank: usize, cause: &Cause) {
    let _ = writeln!(
        out,
        "{rank}. **{}** ({}), {} confidence\n",
        sub_item(&cause.display_title()),
        code_span(&cause.cause),
        cause.confidence
    );
    let mut list = |heading: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(out, "   {heading}:\n");
        for line in lines {
            let _ = writeln!(out, "   - {}", sub_item(&line));
        }
        out.push('\n');
    };
    list("Supported by", cause.supported_by.iter().map(sign).collect());
    list("Against it", cause.contradicted_by.iter().map(sign).collect());
    list("Would rule it out", cause.would_contradict.clone());
    list("What to do", cause.resolution.clone());
}

/// A supporting or contradicting finding or measure.
fn sign(sign: &Sign) -> String {
    let value = super::amount_of(sign.value, sign.unit)
        .map_or_else(String::new, |value| format!(" {value}"));
    match sign.status {
        Some(status) => format!("{} {status}: {}", code_span(&sign.code), sign.text),
        None => format!("{}{value} ({})", code_span(&sign.code), sign.text),
    }
}

/// Text for a numbered cause or an item of its lists: one line.
fn sub_item(text: &str) -> String {
    escape_html(&clean(text.trim())).replace('\n', " ")
}

/// Text for a table cell: one line, `|` escaped (also inside code spans,
/// as GitHub-flavoured tables require).
pub(super) fn cell(text: &str) -> String {
    escape_html(&clean(text.trim())).replace('|', "\\|").replace('\n', "<br>")
}

/// A check code as a code span, on one line.
fn code_span(text: &str) -> String {
    format!("`{}`", clean(text.trim()).replace('\n', " ").replace('`', "'"))
}

/// Text for a list item: continuation lines indented to stay in the item.
fn item(text: &str) -> String {
    let lines: Vec<String> = escape_html(&clean(text.trim()))
        .lines()
        .map(|line| if line.trim().is_empty() { String::new() } else { format!("  {line}") })
        .collect();
    lines.join("\n").trim_start().to_owned()
}

/// `<` as `&lt;` where Markdown could take it for the start of HTML (before
/// a letter, `/`, `!` or `?`), except inside backtick code spans.
fn escape_html(text: &str) -> String {
    let mut in_code = false;
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => in_code = !in_code,
            '\n' => in_code = false,
            '<' if !in_code
                && chars.peek().is_some_and(|n| n.is_ascii_alphabetic() || "/!?".contains(*n)) =>
            {
                out.push_str("&lt;");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::render::sample;

    #[test]
    fn awkward_text_stays_in_its_cell() {
        let text = render(&sample::awkward());
        insta::assert_snapshot!(text);
        let table: Vec<_> = text.lines().filter(|line| line.starts_with('|')).collect();
        assert_eq!(table.len(), 2 + sample::awkward().findings.len());
        for row in table {
            // Five cells: six unescaped pipes.
            let pipes = row.match_indices('|').filter(|(at, _)| !row[..*at].ends_with('\\'));
            assert_eq!(pipes.count(), 6, "{row}");
        }
        assert!(!text.contains('\u{1b}') && !text.contains('\0'));
        assert!(text.contains("&lt;heap>") && text.contains("`ps aux | grep llm`"));
    }

    #[test]
    fn every_status_from_the_fixture() {
        insta::assert_snapshot!(render(&sample::mixed()));
    }
}
