//! The table for people at a terminal: one row per finding, the likely
//! causes ranked with their top resolution steps, then what to do about
//! each finding that is not OK.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table};

use super::Detail;
use crate::report::{Cause, Report, Sign, Status};

/// Width used when neither the terminal nor `COLUMNS` gives a usable one.
const FALLBACK_WIDTH: u16 = 110;
/// Narrowest width taken from a terminal or `COLUMNS`: a terminal that
/// reports 0 columns (under `script`, some CI runners, serial consoles)
/// would otherwise get one character per line.
const MIN_WIDTH: u16 = 40;

/// The width to lay a table out in: the terminal's when it reports a
/// usable one, else `COLUMNS`, else [`FALLBACK_WIDTH`].
fn layout_width(terminal: Option<u16>, columns: Option<&str>) -> u16 {
    let usable = |width: u16| (width >= MIN_WIDTH).then_some(width);
    terminal
        .and_then(usable)
        .or_else(|| columns.and_then(|text| text.trim().parse().ok()).and_then(usable))
        .unwrap_or(FALLBACK_WIDTH)
}

pub(super) fn status_cell(status: Status, color: bool) -> Cell {
    let cell = Cell::new(status.label());
    if !color {
        return cell;
    }
    let shade = match status {
        Status::Ok => Color::Green,
        Status::Warning => Color::Yellow,
        Status::Critical => Color::Red,
        Status::Unknown => Color::Magenta,
    };
    cell.fg(shade).add_attribute(Attribute::Bold)
}

/// An empty table in the house style, as wide as the terminal.
pub(super) fn new_table(color: bool) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if !color {
        table.force_no_tty();
    }
    let width = layout_width(table.width(), std::env::var("COLUMNS").ok().as_deref());
    table.set_width(width);
    table
}

/// The table a terminal shows. Scraped text (a label value, a server's
/// error message) may hold escape sequences or bidirectional overrides,
/// so everything but the table's own colours goes through
/// [`super::clean`] first.
pub fn render(report: &Report, color: bool, detail: Detail) -> String {
    let clean = super::clean;
    let s = &report.summary;
    let status_line = format!(
        "{} OK, {} WARNING, {} CRITICAL, {} UNKNOWN → {}",
        s.ok, s.warning, s.critical, s.unknown, report.worst
    );
    if detail == Detail::Quiet {
        return clean(&format!(
            "llmcfg-doctor {} · {} · {:.1}s: {status_line}\n",
            report.command,
            report.target,
            report.duration_ms as f64 / 1e3
        ));
    }
    let mut table = new_table(color);
    table.set_header(["status", "check", "finding"]);
    for finding in &report.findings {
        table.add_row([
            status_cell(finding.status, color),
            Cell::new(clean(&finding.display_title())),
            Cell::new(clean(&finding.summary)),
        ]);
    }
    let past =
        report.past.as_ref().map_or_else(String::new, |past| format!("{}\n", past.describe()));
    let mut out = format!(
        "llmcfg-doctor {} · {} · {:.1}s\n{past}{table}\n",
        clean(&report.command),
        clean(&report.target),
        report.duration_ms as f64 / 1e3,
    );
    let mut rest = format!("{status_line}\n");
    if !report.causes.is_empty() {
        rest.push_str("\nLikely causes:\n");
        for (rank, cause) in report.causes.iter().enumerate() {
            likely_cause(&mut rest, rank + 1, cause);
        }
    }
    let to_do: Vec<_> = report.findings.iter().filter(|f| f.remediation.is_some()).collect();
    if !to_do.is_empty() {
        rest.push_str("\nWhat to do:\n");
        for finding in to_do {
            let text = finding.remediation.as_deref().unwrap_or_default();
            rest.push_str(&format!(
                "\n[{}] {} ({})\n",
                finding.status,
                finding.title,
                finding.display_code()
            ));
            for line in wrap(text, 78) {
                rest.push_str(&format!("  {line}\n"));
            }
        }
    }
    if detail == Detail::Verbose {
        rest.push_str("\nEvidence:\n");
        for finding in &report.findings {
            rest.push_str(&format!(
                "\n[{}] {} ({})\n",
                finding.status,
                finding.display_title(),
                finding.display_code()
            ));
            let judged =
                finding.threshold.as_ref().map(|threshold| format!("judged by {threshold}"));
            for line in [Some(format!("from {}", finding.evidence)), judged].into_iter().flatten() {
                for wrapped in wrap(&line, 78) {
                    rest.push_str(&format!("  {wrapped}\n"));
                }
            }
        }
    }
    out.push_str(&clean(&rest));
    out
}

/// How many resolution steps the table shows; `explain NAME` has them all.
const TOP_STEPS: usize = 3;

/// One ranked cause: title and confidence, what supports it, what would
/// rule it out, the first steps.
fn likely_cause(out: &mut String, rank: usize, cause: &Cause) {
    out.push_str(&format!(
        "\n{rank}. {} ({}, {} confidence)\n",
        cause.display_title(),
        cause.cause,
        cause.confidence
    ));
    let mut block = |heading: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        out.push_str(&format!("   {heading}:\n"));
        for line in lines {
            let mut wrapped = wrap(&line, 72).into_iter();
            if let Some(first) = wrapped.next() {
                out.push_str(&format!("   - {first}\n"));
            }
            for rest in wrapped {
                out.push_str(&format!("     {rest}\n"));
            }
        }
    };
    block("supported by", cause.supported_by.iter().map(sign).collect());
    block("against it", cause.contradicted_by.iter().map(sign).collect());
    block("would rule it out", cause.would_contradict.clone());
    let mut steps: Vec<String> = cause.resolution.iter().take(TOP_STEPS).cloned().collect();
    if cause.resolution.len() > TOP_STEPS {
        steps.push(format!("more: llmcfg-doctor explain {}", cause.cause));
    }
    block("what to do", steps);
}

/// A supporting or contradicting finding or measure, on one line.
fn sign(sign: &Sign) -> String {
    let value = super::amount_of(sign.value, sign.unit);
    match (sign.status, value) {
        (Some(status), _) => format!("{} {status}: {}", sign.code, sign.text),
        (None, Some(value)) => format!("{} {value} ({})", sign.code, sign.text),
        (None, None) => format!("{} ({})", sign.code, sign.text),
    }
}

/// Wraps text at word boundaries.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{Detail, FALLBACK_WIDTH, layout_width, render};
    use crate::render::sample;

    #[test]
    fn likely_causes_follow_the_findings_ranked_with_their_first_steps() {
        let report = sample::mixed();
        let text = render(&report, false, Detail::Normal);
        let summary = text.find(" UNKNOWN → ").unwrap();
        let causes = text.find("\nLikely causes:\n").expect("a causes block");
        let to_do = text.find("\nWhat to do:\n").unwrap();
        assert!(summary < causes && causes < to_do, "{text}");
        let block = &text[causes..to_do];
        let first = &report.causes[0];
        assert!(
            block.contains(&format!(
                "1. {} ({}, {} confidence)",
                first.title, first.cause, first.confidence
            )),
            "{block}"
        );
        assert!(
            block.contains("   supported by:\n") && block.contains("   what to do:\n"),
            "{block}"
        );
    }

    #[test]
    fn quiet_is_the_status_line_and_verbose_adds_every_findings_evidence() {
        let report = sample::mixed();
        let quiet = render(&report, false, Detail::Quiet);
        assert_eq!(quiet.lines().count(), 1, "{quiet}");
        assert!(quiet.contains(&format!("→ {}", report.worst)), "{quiet}");
        let verbose = render(&report, false, Detail::Verbose);
        for finding in &report.findings {
            assert!(verbose.contains(&format!("({})", finding.code)), "{verbose}");
        }
        assert!(verbose.contains("Evidence:"));
        assert!(!render(&report, false, Detail::Normal).contains("Evidence:"));
    }

    #[test]
    fn a_terminal_without_a_width_gets_columns_or_the_fallback() {
        assert_eq!(layout_width(Some(132), Some("80")), 132);
        assert_eq!(layout_width(Some(0), Some("96")), 96);
        assert_eq!(layout_width(Some(0), None), FALLBACK_WIDTH);
        assert_eq!(layout_width(None, Some("not a number")), FALLBACK_WIDTH);
        assert_eq!(layout_width(None, Some("3")), FALLBACK_WIDTH);
    }

    #[test]
    fn no_cause_no_block() {
        let mut report = sample::mixed();
        report.causes.clear();
        assert!(!render(&report, false, Detail::Normal).contains("Likely causes"));
    }
}
