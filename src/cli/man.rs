//! `llmcfg-doctor man [--out-dir DIR]`: roff man pages generated from the
//! clap definitions by clap_mangen, one for the command and one per
//! visible subcommand, each with the sections clap knows nothing of: EXIT
//! STATUS (the monitoring-plugin codes), ENVIRONMENT (every variable a
//! flag reads, and the few read directly) and SEE ALSO.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Command, CommandFactory, ValueHint};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use super::Cli;
use diagnosis::report::Status;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write llmcfg-doctor.1 and a page per subcommand (llmcfg-doctor-quick.1, ...) into this
    /// directory, creating it, instead of printing the main page
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub out_dir: Option<PathBuf>,
}

/// Prints the main page, or writes every page into `--out-dir`.
pub fn exec(args: &ManArgs) -> ExitCode {
    let Some(dir) = &args.out_dir else {
        return super::print(&page(&root(), None).text);
    };
    match write_pages(dir) {
        Ok(count) => {
            eprintln!("llmcfg-doctor: {count} man pages written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("llmcfg-doctor: {error}");
            ExitCode::from(Status::Unknown.exit_code())
        }
    }
}

fn write_pages(dir: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let pages = pages();
    for page in &pages {
        let path = dir.join(&page.file_name);
        std::fs::write(&path, &page.text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(pages.len())
}

/// One man page: its file name (`llmcfg-doctor-quick.1`) and roff text.
pub struct Page {
    pub file_name: String,
    pub text: String,
}

/// The command as the pages describe it: built (global flags copied into
/// every subcommand), without the `help` subcommand.
fn root() -> Command {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    root
}

/// The main page first, then one per subcommand a user may type.
pub fn pages() -> Vec<Page> {
    let root = root();
    let mut pages = vec![page(&root, None)];
    for sub in root.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        pages.push(page(sub, Some(&root)));
    }
    pages
}

/// The page of `cmd`, a subcommand of `parent` or the command itself.
fn page(cmd: &Command, parent: Option<&Command>) -> Page {
    // No date, so the pages are reproducible; roff drops an empty argument
    // and would shift source and manual into its place, so it is written
    // as `""`.
    let man = Man::new(cmd.clone())
        .date("\"\"")
        .source(concat!("llmcfg-doctor ", env!("CARGO_PKG_VERSION")))
        .manual("llmcfg-doctor manual");
    let mut text = Vec::new();
    render(&man, cmd, parent, &mut text).expect("writing to memory does not fail");
    let text = String::from_utf8(text).expect("roff from UTF-8 text is UTF-8");
    // Each section comes with the definition of the apostrophe string;
    // once, at the top, is enough.
    let text = format!("{APOSTROPHE}{}", text.replace(APOSTROPHE, ""));
    Page { file_name: man.get_filename(), text }
}

/// The preamble roff writes before each part of a page.
const APOSTROPHE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// clap_mangen's sections in their usual order, with ours before VERSION.
fn render(
    man: &Man,
    cmd: &Command,
    parent: Option<&Command>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    if cmd.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(out)?;
    }
    if cmd.get_subcommands().any(|sub| !sub.is_hide_set()) {
        man.render_subcommands_section(out)?;
    }
    let mut ours = Roff::new();
    exit_status(&mut ours);
    environment(&mut ours, cmd);
    if let Some(parent) = parent {
        ours.control("SH", ["SEE ALSO"]);
        ours.text([bold(parent.get_name()), roman("(1)")]);
    }
    ours.to_writer(out)?;
    man.render_version_section(out)
}

/// What each exit code means, in the order of the codes.
fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman("The exit code is a status, as monitoring plugins use them:")]);
    for status in [Status::Ok, Status::Warning, Status::Critical, Status::Unknown] {
        let meaning = match status {
            Status::Ok => "everything is within the runbook's normal range",
            Status::Warning => "something is in the runbook's warning band",
            Status::Critical => "something is in the runbook's critical band",
            Status::Unknown => {
                "something could not be measured (a source was down, refused or timed out), \
                 or the command line, a config file, the runbook or an evidence file is wrong"
            }
        };
        roff.control("TP", []);
        roff.text([bold(status.exit_code().to_string()), roman(format!(" ({status})"))]);
        roff.text([roman(meaning)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "A diagnosis exits with the status of its worst finding, where CRITICAL outranks \
         UNKNOWN, which outranks WARNING. diff exits with the worst status after the \
         change, a check it could not judge again counting as UNKNOWN (see \
         llmcfg-doctor-diff(1)); completions and man exit 0. Usage and configuration \
         errors print one line on standard error and exit 3.",
    )]);
}

/// Every variable the flags of `cmd` and its subcommands read, then those
/// read directly.
fn environment(roff: &mut Roff, cmd: &Command) {
    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman(
        "A flag given on the command line wins over its variable, which wins over the \
         config file.",
    )]);
    let mut seen = Vec::new();
    for arg in std::iter::once(cmd).chain(cmd.get_subcommands()).flat_map(Command::get_arguments) {
        let (Some(var), Some(long)) = (arg.get_env(), arg.get_long()) else { continue };
        if arg.is_hide_set() || arg.is_hide_env_set() || seen.contains(&var) {
            continue;
        }
        seen.push(var);
        roff.control("TP", []);
        roff.text([bold(var.to_string_lossy())]);
        let help = arg.get_help().map(|help| format!(": {help}")).unwrap_or_default();
        roff.text([roman("as "), bold(format!("--{long}")), roman(help)]);
    }
    let read_directly = [
        ("NO_COLOR", "when set, the table is printed without colour, even on a terminal"),
        (
            "XDG_CONFIG_HOME",
            "where the default config file is looked for, as llmcfg-doctor/config.toml \
             ($HOME/.config when unset)",
        ),
        ("DOCKER_HOST", "the Docker Engine to ask about the container (default: the local socket)"),
    ];
    for (var, meaning) in read_directly {
        roff.control("TP", []);
        roff.text([bold(var)]);
        roff.text([italic(meaning)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_per_visible_subcommand_and_none_for_hidden_ones() {
        let names: Vec<String> = pages().into_iter().map(|page| page.file_name).collect();
        assert_eq!(names[0], "llmcfg-doctor.1");
        assert!(names.contains(&"llmcfg-doctor-quick.1".to_owned()));
        assert!(names.contains(&"llmcfg-doctor-man.1".to_owned()));
        assert!(!names.iter().any(|name| name.contains("__") || name.contains("-help.")));
        let visible = Cli::command().get_subcommands().filter(|sub| !sub.is_hide_set()).count();
        assert_eq!(names.len(), 1 + visible);
    }

    #[test]
    fn pages_carry_exit_codes_and_environment() {
        for page in pages() {
            assert_eq!(page.text.matches(APOSTROPHE).count(), 1, "{}", page.file_name);
            let controls: Vec<&str> =
                page.text.lines().filter(|line| line.starts_with('.')).collect();
            assert!(controls[2].starts_with(".TH "), "{}", page.file_name);
            for section in ["NAME", "SYNOPSIS", "\"EXIT STATUS\"", "ENVIRONMENT", "VERSION"] {
                let heading = format!(".SH {section}");
                assert!(controls.contains(&heading.as_str()), "{}: no {section}", page.file_name);
            }
            assert!(page.text.contains("LLMCFG_API_URL"), "{}", page.file_name);
        }
    }
}
