//! `llmcfg-doctor completions SHELL`: the shell's completion script,
//! generated from the same clap definitions as `--help`, so subcommands,
//! flags, enumerated values (`--format`, `--runtime`, `--section`) and
//! path hints (files for `--config`, directories for `--data-dir`) never
//! lag behind the binary.

use std::process::ExitCode;

use clap::{Args, Command, CommandFactory};
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
    clap_complete::generate(args.shell, &mut completed(), "llmcfg-doctor", &mut script);
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

/// The command line as completion sees it: without hidden subcommands.
///
/// clap_complete offers every subcommand it is given, hidden or not, and
/// `Command` cannot drop one, so the root is put together again from the
/// parts completion reads (name, about, version, arguments) and the
/// visible subcommands.
fn completed() -> Command {
    let full = Cli::command();
    let mut root = Command::new("llmcfg-doctor")
        .version(env!("CARGO_PKG_VERSION"))
        .propagate_version(true)
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|sub| !sub.is_hide_set()).cloned());
    if let Some(about) = full.get_about() {
        root = root.about(about.clone());
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_sees_every_visible_subcommand_and_argument() {
        let (full, mut completed) = (Cli::command(), completed());
        completed.build();
        let names = |cmd: &Command| -> Vec<String> {
            cmd.get_subcommands().map(|sub| sub.get_name().to_owned()).collect()
        };
        let mut expected = names(&full);
        expected.retain(|name| name != "__demo-server");
        expected.push("help".to_owned());
        assert_eq!(names(&completed), expected);
        for arg in full.get_arguments() {
            assert!(completed.get_arguments().any(|a| a.get_id() == arg.get_id()), "{arg}");
        }
        assert!(completed.get_arguments().any(|a| a.get_long() == Some("version")));
    }
}
