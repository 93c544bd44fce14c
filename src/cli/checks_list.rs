//! `llmcfg-doctor checks`: every check the doctor judges, with its section,
//! the sources it looks at and its title, as a table or (`--format json`)
//! for tools; `--check` and `--skip` preview what a selection keeps, and
//! the runbook's overrides (`--runbook`) show beside the checks they change.

use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::Cli;
use diagnosis::checks;
use diagnosis::evidence::scope::Source;
use diagnosis::render::Format;

#[derive(Debug, Args)]
pub struct ChecksArgs {}

/// One line of the list.
#[derive(Serialize)]
struct Listed {
    code: &'static str,
    section: &'static str,
    title: &'static str,
    needs: &'static [Source],
    /// What the runbook's override changes, in words; absent when nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    r#override: Option<String>,
}

pub fn exec(cli: &Cli) -> ExitCode {
    // Disabled checks stay listed, marked so: the list answers what the
    // flags select and what the runbook does to it.
    let selection = checks::Selection::new(&cli.output.check, &cli.output.skip);
    let (selection, runbook) = match (selection, cli.plan()) {
        (Ok(selection), Ok(plan)) => (selection, plan.runbook),
        (Err(message), _) => return super::fail(&message),
        (_, Err(error)) => return super::fail(&error.to_string()),
    };
    let listed: Vec<Listed> = checks::all()
        .filter(|check| selection.admits(check.code))
        .map(|check| Listed {
            code: check.code,
            section: check.section.name(),
            title: check.title,
            needs: check.needs,
            r#override: runbook.overrides.get(check.code).map(|change| change.describe()),
        })
        .collect();
    let text = match cli.output.format {
        Some(Format::Json) => {
            let mut text = serde_json::to_string_pretty(&listed).expect("the list serialises");
            text.push('\n');
            text
        }
        _ => table(&listed),
    };
    super::print(&text)
}

/// Code, section, title and sources, one check a line.
fn table(listed: &[Listed]) -> String {
    let code_width = listed.iter().map(|check| check.code.len()).max().unwrap_or(0);
    let title_width = listed.iter().map(|check| check.title.len()).max().unwrap_or(0);
    let mut text = String::new();
    for check in listed {
        let needs: Vec<String> = check
            .needs
            .iter()
            .filter_map(|source| serde_json::to_value(source).ok()?.as_str().map(str::to_owned))
            .collect();
        let line = format!(
            "{:code_width$}  {:title_width$}  {}",
            check.code,
            check.title,
            needs.join(", ")
        );
        match &check.r#override {
            Some(change) => text.push_str(&format!("{line}  [{change}]\n")),
            None => text.push_str(&format!("{}\n", line.trim_end())),
        }
    }
    text
}
