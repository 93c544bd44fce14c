//! `llmcfg-doctor explain CODE`: the documentation of a check or a likely
//! cause, for the reader of a report.
//!
//! A check: its title, section, the sources it needs, the band or figure it
//! is judged by (from the runbook in effect, `--runbook`), its entry in
//! `runbooks/<section>.md` and its remediation text. A cause: its entry in
//! `runbooks/causes.md`, its rule and its resolution steps. The pages are
//! compiled in, so the binary explains itself anywhere. An unknown code is
//! one line on stderr with the nearest known code, exit 3.

use std::process::ExitCode;

use clap::Args;

use super::Cli;
use diagnosis::checks::{self, Check, Section};
use diagnosis::runbook::Runbook;
use diagnosis::threshold::trim_float;
use diagnosis::threshold::{Threshold, Unit};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A check code (`cache.l1-hit-rate`, as reports print them) or a cause
    /// (`cold-cache`, as listed under "Likely causes")
    #[arg(value_name = "CODE")]
    pub code: String,
}

/// The documentation page of each section.
const SECTION_PAGES: [(Section, &str); 11] = [
    (Section::Quick, include_str!("../../runbooks/quick.md")),
    (Section::Baseline, include_str!("../../runbooks/baseline.md")),
    (Section::Latency, include_str!("../../runbooks/latency.md")),
    (Section::Cpu, include_str!("../../runbooks/cpu.md")),
    (Section::Memory, include_str!("../../runbooks/memory.md")),
    (Section::Cache, include_str!("../../runbooks/cache.md")),
    (Section::Network, include_str!("../../runbooks/network.md")),
    (Section::Resources, include_str!("../../runbooks/resources.md")),
    (Section::Checklist, include_str!("../../runbooks/checklist.md")),
    (Section::Db, include_str!("../../runbooks/db.md")),
    (Section::History, include_str!("../../runbooks/history.md")),
];

const CAUSES_PAGE: &str = include_str!("../../runbooks/causes.md");
const FLEET_PAGE: &str = include_str!("../../runbooks/fleet.md");

/// Width the texts are wrapped to.
const WIDTH: usize = 78;

/// Prints the documentation of `args.code` with the runbook in effect.
pub fn exec(args: &ExplainArgs, cli: &Cli) -> ExitCode {
    let runbook = match cli.plan() {
        Ok(plan) => plan.runbook,
        Err(error) => return super::fail(&error.to_string()),
    };
    match explain(args.code.trim(), &runbook) {
        Ok(text) => super::print(&text),
        Err(message) => super::fail(&message),
    }
}

/// The text `explain` prints for `code`, or the one-line error.
fn explain(code: &str, runbook: &Runbook) -> Result<String, String> {
    if let Some(check) = checks::all().find(|check| check.code == code) {
        return Ok(check_text(check, runbook));
    }
    if runbook.causes.contains_key(code) {
        return Ok(cause_text(code, runbook));
    }
    if checks::fleet::CODES.contains(&code) {
        return Ok(fleet_text(code, runbook));
    }
    let known = checks::all()
        .map(|check| check.code)
        .chain(checks::fleet::CODES.iter().copied())
        .chain(runbook.causes.keys().map(String::as_str));
    Err(match diagnosis::runbook::nearest(code, known) {
        Some(nearest) => format!("no check or cause is called `{code}`; did you mean `{nearest}`?"),
        None => format!(
            "no check or cause is called `{code}`; reports name checks by code \
             (`cache.l1-hit-rate`) and causes by name (`cold-cache`)"
        ),
    })
}

fn check_text(check: &Check, runbook: &Runbook) -> String {
    let section = check.section.name();
    let needs: Vec<String> = check
        .needs
        .iter()
        .map(|source| serde_json::to_value(source).ok().and_then(|v| v.as_str().map(str::to_owned)))
        .map(Option::unwrap_or_default)
        .collect();
    let mut out = format!("{}: {}\n\n", check.code, check.title);
    out.push_str(&format!("Section:  {section} (`llmcfg-doctor {section}`)\n"));
    out.push_str(&format!("Needs:    {}\n", needs.join(", ")));
    if let Some(judged_by) = judged_by(check, runbook) {
        out.push_str(&format!("Judged:   {judged_by}\n"));
    }
    if let Some(change) = runbook.overrides.get(check.code) {
        out.push_str(&format!(
            "Override: {} (runbook `overrides.{}`)\n",
            change.describe(),
            check.code
        ));
    }
    let page = SECTION_PAGES.iter().find(|(s, _)| *s == check.section).map_or("", |(_, p)| p);
    if let Some(entry) = doc_entry(page, check.code) {
        out.push_str(&format!("\n{entry}\n"));
    }
    push_remediation(&mut out, check.code, runbook);
    out
}

/// A finding of `llmcfg-doctor fleet`: its entry in `runbooks/fleet.md`
/// and its remediation.
fn fleet_text(code: &str, runbook: &Runbook) -> String {
    let mut out = format!("{code}: judged across the replicas (`llmcfg-doctor fleet`)\n");
    if let Some(entry) = doc_entry(FLEET_PAGE, code) {
        out.push_str(&format!("\n{entry}\n"));
    }
    push_remediation(&mut out, code, runbook);
    out
}

fn push_remediation(out: &mut String, code: &str, runbook: &Runbook) {
    if let Some(remediation) = runbook.remediation(code) {
        out.push_str("\nRemediation:\n");
        for line in diagnosis::render::wrap(&remediation, WIDTH - 2) {
            out.push_str(&format!("  {line}\n"));
        }
    }
}

/// The band of the file a check is judged by, or for a baseline cell its
/// operation's figure.
fn judged_by(check: &Check, runbook: &Runbook) -> Option<String> {
    let code = check.code;
    if let Some((field, band, direction, unit)) =
        check.band.and_then(|claim| runbook.band_of(code, claim))
    {
        let threshold = Threshold::band(&band, direction, unit);
        return Some(format!("{threshold} (runbook `{field}`)"));
    }
    let (operation, quantile) = code.strip_prefix("baseline.")?.rsplit_once('.')?;
    let (_, figures) =
        runbook.baseline.operations().into_iter().find(|(op, _)| *op == operation)?;
    let figure = match quantile {
        "p50" => figures.p50_ms,
        "p95" => figures.p95_ms,
        "p99" => figures.p99_ms,
        "rate" => {
            return Some(format!(
                "informational, beside the runbook's {}/s (runbook `baseline.{operation}`)",
                trim_float(figures.throughput_per_s)
            ));
        }
        _ => return None,
    };
    Some(format!(
        "{quantile} under {} is OK, over it WARNING, over twice it CRITICAL (runbook `baseline.{operation}`)",
        Unit::Milliseconds.amount(figure)
    ))
}

fn cause_text(name: &str, runbook: &Runbook) -> String {
    let rule = &runbook.causes[name];
    let mut out = format!("{name}: {} (a likely cause)\n", rule.title.trim());
    if let Some(entry) = doc_entry(CAUSES_PAGE, name) {
        out.push_str(&format!("\n{entry}\n"));
    }
    out.push_str(&format!("\nRule (runbook `causes.{name}`):\n{rule}"));
    out.push_str("\nResolution:\n");
    for (number, step) in rule.steps().enumerate() {
        let mut lines = diagnosis::render::wrap(step, WIDTH - 5).into_iter();
        out.push_str(&format!("  {}. {}\n", number + 1, lines.next().unwrap_or_default()));
        for line in lines {
            out.push_str(&format!("     {line}\n"));
        }
    }
    out
}

/// A code's entry in a documentation page: the `##` section whose heading
/// names it, else the list item that starts with it, else the page's text
/// under its title (a page that documents its codes in one table).
fn doc_entry(page: &str, code: &str) -> Option<String> {
    let named = format!("`{code}`");
    let lines: Vec<&str> = page.lines().collect();
    let body = |from: usize, ends: &dyn Fn(&str) -> bool| {
        let rest = &lines[from..];
        let end = rest.iter().position(|line| ends(line)).unwrap_or(rest.len());
        rest[..end].join("\n").trim().to_owned()
    };
    if let Some(at) = lines.iter().position(|l| l.starts_with("## ") && l.contains(&named)) {
        return Some(body(at + 1, &|line| line.starts_with("# ") || line.starts_with("## ")));
    }
    if let Some(at) = lines.iter().position(|l| l.starts_with(&format!("- {named}"))) {
        let item = body(at + 1, &|line| line.starts_with("- ") || line.trim().is_empty());
        return Some(format!("{}\n{item}", lines[at]).trim().to_owned());
    }
    if page.contains(&named) {
        let start = lines.iter().position(|l| l.starts_with("# ")).map_or(0, |at| at + 1);
        return Some(body(start, &|line| line.starts_with("## ")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_and_cause_is_explained_with_its_entry() {
        let runbook = Runbook::embedded();
        for check in checks::all() {
            let page = SECTION_PAGES.iter().find(|(s, _)| *s == check.section).unwrap().1;
            assert!(doc_entry(page, check.code).is_some_and(|e| !e.is_empty()), "{}", check.code);
            let text = explain(check.code, &runbook).unwrap();
            assert!(text.starts_with(&format!("{}: {}", check.code, check.title)), "{text}");
        }
        for name in runbook.causes.keys() {
            let text = explain(name, &runbook).unwrap();
            assert!(text.contains("Supported by:") && text.contains("  1. "), "{text}");
        }
    }

    #[test]
    fn entries_end_where_the_next_code_begins() {
        let cache = SECTION_PAGES[5].1;
        let entry = doc_entry(cache, "cache.l2-hit-rate").unwrap();
        assert!(entry.starts_with("L2's own hits over its lookups"), "{entry}");
        assert!(!entry.contains("## "), "{entry}");
        let shared = doc_entry(SECTION_PAGES[2].1, "latency.storage-write").unwrap();
        assert!(!shared.contains("## "), "{shared}");
        let item = doc_entry(SECTION_PAGES[8].1, "checklist.cpu").unwrap();
        assert!(item.starts_with("- `checklist.cpu`"), "{item}");
        assert!(!item.contains("checklist.memory"), "{item}");
    }

    #[test]
    fn bands_and_figures_come_from_the_runbook() {
        let runbook = Runbook::embedded();
        let text = explain("cache.l1-hit-rate", &runbook).unwrap();
        assert!(text.contains("OK > 80%, WARNING 70-80%, CRITICAL < 70%"), "{text}");
        let text = explain("baseline.l1-hit.p95", &runbook).unwrap();
        assert!(text.contains("p95 under 1 ms is OK"), "{text}");
    }

    #[test]
    fn an_override_shows_in_the_band_and_in_words() {
        let text = format!(
            "{}\n[overrides.\"quick.cpu\"]\nband = {{ warning = 10, critical = 20 }}\n\
             max-status = \"warning\"\n",
            diagnosis::runbook::EMBEDDED
        );
        let runbook = Runbook::parse(&text, "custom.toml", &diagnosis::checks::Registry).unwrap();
        let text = explain("quick.cpu", &runbook).unwrap();
        assert!(
            text.contains(
                "OK < 10%, WARNING 10-20%, CRITICAL > 20% (runbook `overrides.quick.cpu.band`)"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "Override: band warning 10 critical 20, at worst WARNING (runbook `overrides.quick.cpu`)"
            ),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_code_suggests_the_nearest_one() {
        let runbook = Runbook::embedded();
        let error = explain("cache.l1-hitrate", &runbook).unwrap_err();
        assert!(error.ends_with("did you mean `cache.l1-hit-rate`?"), "{error}");
        let error = explain("cold-cahce", &runbook).unwrap_err();
        assert!(error.ends_with("did you mean `cold-cache`?"), "{error}");
        let error = explain("nonsense", &runbook).unwrap_err();
        assert!(!error.contains("did you mean"), "{error}");
    }
}
