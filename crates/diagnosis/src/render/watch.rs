//! One frame of `llmcfg-doctor watch`: the latest round's findings, worst
//! first, each line cut to the terminal's width, with what changed since
//! the previous round marked. Plain text plus ANSI colours for the
//! statuses; the terminal handling (raw mode, the alternate screen, keys)
//! lives in `cli::watch`, so a frame can be tested as a string.

use chrono::{DateTime, Local};

use crate::report::{Finding, Report, Status};

/// What a frame shows beside the report.
pub struct Frame<'a> {
    pub report: &'a Report,
    /// The previous round's report; `None` on the first round.
    pub previous: Option<&'a Report>,
    pub round: u64,
    /// Time between the starts of two rounds, as the user wrote it.
    pub every: &'a str,
    /// Columns and rows of the terminal.
    pub width: usize,
    pub height: usize,
    pub color: bool,
}

/// How a finding's status moved since the previous round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moved {
    Same,
    /// Judged this round but not the previous one.
    New,
    Was(Status),
}

impl Frame<'_> {
    /// The frame's lines, at most `height` of them, none wider than
    /// `width` columns (colour codes aside).
    pub fn lines(&self) -> Vec<String> {
        let report = self.report;
        let s = &report.summary;
        let at: DateTime<Local> = report.started_at.with_timezone(&Local);
        let mut lines = vec![
            self.cut(&format!(
                "llmcfg-doctor watch {} · {} · round {} at {} · every {} · q quits",
                report.command,
                super::clean(&report.target),
                self.round,
                at.format("%H:%M:%S"),
                self.every
            )),
            format!(
                "{} {}",
                self.paint(report.worst, report.worst.label()),
                self.cut(&format!(
                    "  {} OK, {} WARNING, {} CRITICAL, {} UNKNOWN · judged in {:.1} s",
                    s.ok,
                    s.warning,
                    s.critical,
                    s.unknown,
                    report.duration_ms as f64 / 1000.0
                ))
            ),
            String::new(),
        ];
        let mut findings: Vec<(&Finding, Moved)> =
            report.findings.iter().map(|finding| (finding, self.moved(finding))).collect();
        // Worst first, so a problem is never below the fold; the report's
        // order otherwise.
        findings.sort_by_key(|(finding, _)| std::cmp::Reverse(finding.status.severity()));
        let gone = self.gone();
        let room = self.height.saturating_sub(lines.len() + usize::from(!gone.is_empty()));
        let shown = if findings.len() > room { room.saturating_sub(1) } else { findings.len() };
        for (finding, moved) in &findings[..shown] {
            lines.push(self.finding_line(finding, *moved));
        }
        if shown < findings.len() {
            lines.push(self.cut(&format!("  … {} more below the fold", findings.len() - shown)));
        }
        if !gone.is_empty() {
            lines.push(self.cut(&format!("- no longer judged: {}", gone.join(", "))));
        }
        lines.truncate(self.height);
        lines
    }

    /// `* WARNING  quick.cpu  [was OK] CPU 62% over 1 s`: the marker, the
    /// status, the code, what it was and the summary, cut to the width.
    fn finding_line(&self, finding: &Finding, moved: Moved) -> String {
        let (marker, note) = match moved {
            Moved::Same => (' ', String::new()),
            Moved::New => ('+', "[new] ".to_owned()),
            Moved::Was(before) => ('*', format!("[was {before}] ")),
        };
        let label = format!("{:<8}", finding.status.label());
        let rest = format!(
            "  {:<28}  {note}{}",
            super::clean(&finding.display_code()),
            super::clean(&finding.summary)
        );
        let room = self.width.saturating_sub(2 + label.len());
        format!("{marker} {}{}", self.paint(finding.status, &label), cut(&rest, room))
    }

    fn moved(&self, finding: &Finding) -> Moved {
        let Some(previous) = self.previous else { return Moved::Same };
        match previous.findings.iter().find(|before| same_check(before, finding)) {
            None => Moved::New,
            Some(before) if before.status != finding.status => Moved::Was(before.status),
            Some(_) => Moved::Same,
        }
    }

    /// The codes the previous round judged and this one did not.
    fn gone(&self) -> Vec<String> {
        let Some(previous) = self.previous else { return Vec::new() };
        previous
            .findings
            .iter()
            .filter(|before| !self.report.findings.iter().any(|now| same_check(before, now)))
            .map(|before| super::clean(&before.display_code()))
            .collect()
    }

    fn cut(&self, text: &str) -> String {
        cut(text, self.width)
    }

    fn paint(&self, status: Status, text: &str) -> String {
        if !self.color {
            return text.to_owned();
        }
        let code = match status {
            Status::Ok => "32",
            Status::Warning => "33",
            Status::Critical => "31",
            Status::Unknown => "35",
        };
        format!("\x1b[1;{code}m{text}\x1b[0m")
    }
}

fn same_check(a: &Finding, b: &Finding) -> bool {
    a.code == b.code && a.replica == b.replica
}

/// `text` cut to `width` characters, with `…` where it was cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    if width > 0 {
        out.push('…');
    }
    out
}

/// The line `watch` leaves on the terminal when it ends: the last round's
/// status, for the scrollback.
pub fn farewell(report: &Report, round: u64) -> String {
    let s = &report.summary;
    format!(
        "llmcfg-doctor watch {}: round {round} at {}: {} ({} OK, {} WARNING, {} CRITICAL, {} UNKNOWN)",
        report.command,
        report.started_at.with_timezone(&Local).format("%H:%M:%S"),
        report.worst,
        s.ok,
        s.warning,
        s.critical,
        s.unknown
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample as fixtures;

    fn frame<'a>(report: &'a Report, previous: Option<&'a Report>, height: usize) -> Frame<'a> {
        Frame { report, previous, round: 2, every: "5s", width: 80, height, color: false }
    }

    #[test]
    fn worst_findings_come_first_and_lines_keep_to_the_width() {
        let report = fixtures::mixed();
        let lines = frame(&report, None, 40).lines();
        assert!(lines[0].starts_with("llmcfg-doctor watch analyze"), "{lines:#?}");
        assert!(lines.iter().all(|line| line.chars().count() <= 80), "{lines:#?}");
        let statuses: Vec<&str> =
            lines[3..].iter().map(|line| line[2..].split_whitespace().next().unwrap()).collect();
        let severity = |label: &str| match label {
            "OK" => 0,
            "WARNING" => 1,
            "UNKNOWN" => 2,
            _ => 3,
        };
        assert!(statuses.windows(2).all(|w| severity(w[0]) >= severity(w[1])), "{statuses:?}");
        assert_eq!(statuses.len(), report.findings.len());
    }

    #[test]
    fn changes_since_the_previous_round_are_marked() {
        let before = fixtures::mixed();
        let mut now = before.clone();
        now.findings[0].status = Status::Critical;
        let gone = now.findings.pop().unwrap();
        let lines = frame(&now, Some(&before), 40).lines();
        let changed = lines.iter().find(|line| line.contains(&now.findings[0].code)).unwrap();
        assert!(changed.starts_with("* CRITICAL"), "{changed}");
        assert!(changed.contains(&format!("[was {}]", before.findings[0].status)), "{changed}");
        assert!(lines.last().unwrap().contains(&gone.code), "{lines:#?}");
        let marked = lines.iter().filter(|line| line.starts_with('*')).count();
        assert_eq!(marked, 1, "only the status that moved: {lines:#?}");
    }

    #[test]
    fn a_short_terminal_keeps_the_worst_and_says_how_many_are_hidden() {
        let report = fixtures::mixed();
        let lines = frame(&report, None, 6).lines();
        assert_eq!(lines.len(), 6, "{lines:#?}");
        assert!(lines[3].contains("CRITICAL"), "{lines:#?}");
        assert!(lines[5].contains("more below the fold"), "{lines:#?}");
    }

    #[test]
    fn statuses_are_coloured_only_when_asked_and_scraped_text_is_cleaned() {
        let mut report = fixtures::mixed();
        report.findings[0].summary = "bad \x1b]0;owned\x07 label".into();
        let plain = frame(&report, None, 40).lines().join("\n");
        assert!(!plain.contains('\x1b'), "{plain}");
        let coloured = Frame { color: true, ..frame(&report, None, 40) }.lines().join("\n");
        assert!(coloured.contains("\x1b[1;31mCRITICAL"), "{coloured}");
        assert!(!coloured.contains("\x1b]0;"), "{coloured}");
    }
}
