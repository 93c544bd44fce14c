//! A [`Timeline`] for people: the span, then one row per change in time
//! order; or the same as markdown. (Programs get it as JSON.)

use std::fmt::Write;

use comfy_table::Cell;

use super::clean;
use super::table::{new_table, status_cell};
use crate::timeline::{Event, Timeline};

/// `2026-12-07 02:47:00Z`.
fn when(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%SZ").to_string()
}

/// The span and what was judged over it, in one line.
fn heading(timeline: &Timeline) -> String {
    format!(
        "llmcfg-doctor timeline · {} · {} to {} every {}s, each step over the {}s before it · {} \
         checks",
        timeline.url,
        when(&timeline.start),
        when(&timeline.end),
        timeline.step_seconds,
        crate::threshold::trim_float(timeline.window_seconds),
        timeline.checks.len()
    )
}

pub fn table(timeline: &Timeline, color: bool) -> String {
    let mut table = new_table(color);
    table.set_header(["at", "status", "change"]);
    for entry in &timeline.entries {
        let status = match &entry.event {
            Event::Status { to, .. } => status_cell(*to, color),
            Event::Restart { .. } => Cell::new("restart"),
            Event::Deploy { .. } => Cell::new("deploy"),
        };
        table.add_row([Cell::new(when(&entry.at)), status, Cell::new(clean(&entry.describe()))]);
    }
    let mut out = format!("{}\n", clean(&heading(timeline)));
    for warning in &timeline.warnings {
        let _ = writeln!(out, "warning: {}", clean(warning));
    }
    if !timeline.not_measured.is_empty() {
        let _ = writeln!(
            out,
            "not measured (Prometheus had nothing for them): {}",
            timeline.not_measured.join(", ")
        );
    }
    if timeline.entries.is_empty() {
        out.push_str("nothing changed: every check kept its status, no restart, no deploy\n");
    } else {
        let _ = writeln!(out, "{table}");
    }
    let _ = writeln!(out, "worst over the span: {}", timeline.worst);
    out
}

pub fn markdown(timeline: &Timeline) -> String {
    let cell = super::markdown::cell;
    let mut out = format!("# {}\n\n", cell(&heading(timeline)));
    for warning in &timeline.warnings {
        let _ = writeln!(out, "- warning: {}", cell(warning));
    }
    if !timeline.not_measured.is_empty() {
        let _ = writeln!(out, "- not measured: {}", cell(&timeline.not_measured.join(", ")));
    }
    out.push_str("\n| at | change |\n|---|---|\n");
    for entry in &timeline.entries {
        let _ = writeln!(out, "| {} | {} |", when(&entry.at), cell(&entry.describe()));
    }
    let _ = writeln!(out, "\n**Worst over the span: {}**", timeline.worst);
    out
}
