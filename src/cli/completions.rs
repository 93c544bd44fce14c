//! `llmcfg-doctor completions SHELL`: the shell's completion script,
//! generated from the same clap definitions as `--help`, so subcommands,
//! flags, enumerated values (`--format`, `--runtime`, `--section`) and
//! path hints (files for `--config`, directories for `--data-dir`) never
//! lag behind the binary.

use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the script on stdout.
pub fn exec(args: &CompletionsArgs) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "llmcfg-doctor", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    if args.shell == Shell::Bash {
        script = script.replace(BASH_MISSPELT_STATE, BASH_STATE);
    }
    super::print(&script)
}

/// The bash script's state after `llmcfg-doctor SUBCOMMAND` is spelt
/// `llmcfg__doctor__subcmd__SUBCOMMAND` where it is set and
/// `llmcfg__subcmd__doctor__subcmd__SUBCOMMAND` where it is matched, for
/// any binary with a hyphen in its name (clap-rs/clap#6421), so nothing
/// after a subcommand would complete. Respelling the matches fixes it and
/// is a no-op once clap_complete spells them alike.
const BASH_MISSPELT_STATE: &str = "llmcfg__subcmd__doctor";
const BASH_STATE: &str = "llmcfg__doctor";
