//! A [`Diff`] for people: a table of statuses and values before and after,
//! then what changed, in words. (Programs get it as JSON, like a report.)

use comfy_table::Cell;

use super::amount;
use super::table::{new_table, status_cell, wrap};
use crate::diff::{Change, Diff, Reading, Side};
use crate::report::Status;

pub fn table(diff: &Diff, color: bool) -> String {
    let mut table = new_table(color);
    table.set_header(["check", "before", "value", "after", "value", "change"]);
    for check in &diff.checks {
        let (before_status, before_value) = reading_cells(check.before.as_ref(), color);
        let (after_status, after_value) = reading_cells(check.after.as_ref(), color);
        table.add_row([
            Cell::new(&check.code),
            before_status,
            before_value,
            after_status,
            after_value,
            Cell::new(check.change.label()),
        ]);
    }
    let counts: Vec<String> = diff
        .summary
        .iter()
        .filter(|(_, count)| **count > 0)
        .map(|(change, count)| format!("{count} {}", change.label()))
        .collect();
    let mut out = format!(
        "llmcfg-doctor diff\n  before: {}\n  after:  {}\n",
        side(&diff.before),
        side(&diff.after)
    );
    if diff.after.collected_at < diff.before.collected_at {
        out.push_str("  (the after evidence was collected first: are BEFORE and AFTER swapped?)\n");
    }
    out.push_str(&format!("{table}\n{} → {}\n", counts.join(", "), diff.worst));
    let gone = diff.summary[&Change::Gone];
    if gone > 0 {
        out.push_str(&format!(
            "{gone} check(s) judged before were not judged after; they count as UNKNOWN.\n"
        ));
    }
    let changed: Vec<_> =
        diff.checks.iter().filter(|check| check.change != Change::Unchanged).collect();
    if !changed.is_empty() {
        out.push_str("\nWhat changed:\n");
        for check in changed {
            out.push_str(&format!(
                "\n[{}] {} ({})\n",
                check.change.label(),
                check.title,
                check.code
            ));
            for (label, reading) in [("before", &check.before), ("after", &check.after)] {
                if let Some(reading) = reading {
                    out.push_str(&indented(label, &reading.summary));
                }
            }
        }
    }
    if diff.after.worst != Status::Ok {
        out.push_str(
            "\n`llmcfg-doctor analyze` on the after evidence says what to do about what is not OK.\n",
        );
    }
    out
}

/// `before: evidence a.json · quick · collected 2026-11-27 09:12:04 UTC · CRITICAL`
fn side(side: &Side) -> String {
    format!(
        "{} · {} · collected {} · {}",
        side.target,
        side.sections.join(", "),
        side.collected_at.format("%Y-%m-%d %H:%M:%S UTC"),
        side.worst
    )
}

/// The status and value cells of one side; dashes where the check was
/// not judged.
fn reading_cells(reading: Option<&Reading>, color: bool) -> (Cell, Cell) {
    let Some(reading) = reading else {
        return (Cell::new("—"), Cell::new(""));
    };
    let value = reading.value.map(|value| amount(value, reading.unit)).unwrap_or_default();
    (status_cell(reading.status, color), Cell::new(value))
}

/// `  before: text` wrapped, continuation lines under the text.
fn indented(label: &str, text: &str) -> String {
    let lead = format!("  {:<8}", format!("{label}:"));
    let mut out = String::new();
    for (index, line) in wrap(text, 78).iter().enumerate() {
        let prefix = if index == 0 { lead.clone() } else { " ".repeat(lead.len()) };
        out.push_str(&format!("{prefix}{line}\n"));
    }
    out
}
