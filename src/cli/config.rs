//! `llmcfg-doctor config show` and `config init`: every setting of
//! [`diagnosis::settings`] with its value and where the value came from, and a
//! config file to start from with every setting at its default.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Subcommand, ValueHint};
use serde::Serialize;

use super::Cli;
use crate::plan;
use diagnosis::render::Format;
use diagnosis::settings::{self, DefaultValue, Setting};

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print every setting's value and where it came from (flag, environment variable, config
    /// file, default), secrets hidden; a table, or JSON with --format json
    Show,
    /// Write a config file holding every setting at its default, commented
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it [default: the --config file, else
    /// $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]
    #[arg(value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub path: Option<PathBuf>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

/// Runs `config show` or `config init`; errors are one line, exit 3.
pub fn exec(args: &ConfigArgs, cli: &Cli, matches: &ArgMatches) -> ExitCode {
    let done = match &args.command {
        ConfigCommand::Show => show(cli, matches).map(|text| super::print(&text)),
        ConfigCommand::Init(init_args) => init(init_args, cli),
    };
    done.unwrap_or_else(|message| super::fail(&message))
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
enum Origin {
    Flag,
    Environment { variable: &'static str },
    ConfigFile { path: PathBuf },
    Default,
    Unset,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Flag => write!(f, "flag"),
            Origin::Environment { variable } => write!(f, "environment {variable}"),
            Origin::ConfigFile { path } => write!(f, "config file {}", path.display()),
            Origin::Default => write!(f, "default"),
            Origin::Unset => write!(f, "unset"),
        }
    }
}

/// One line of `config show`.
#[derive(Debug, Serialize)]
struct Shown {
    setting: &'static str,
    /// The value, a secret's password hidden; none for a default worked
    /// out at run time (see `default`) or an unset setting.
    value: Option<String>,
    #[serde(flatten)]
    origin: Origin,
    /// The default in words, when the value is the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<&'static str>,
}

/// The settings as the doctor would run with them, checked as a run would
/// check them; a table, or JSON for `--format json`.
fn show(cli: &Cli, matches: &ArgMatches) -> Result<String, String> {
    cli.plan().map_err(|e| e.to_string())?;
    let file = cli.config_file().map_err(|e| e.to_string())?;
    let file_values = match &file {
        Some((_, settings)) => toml::Table::try_from(settings)
            .map_err(|e| format!("cannot show the config file's settings: {e}"))?,
        None => toml::Table::new(),
    };
    let shown: Vec<Shown> = settings::ALL
        .iter()
        .map(|setting| {
            let given = given_value(setting, matches);
            let from_file = || {
                let key = setting.config_key()?;
                let (path, _) = file.as_ref()?;
                let value = match file_values.get(key)? {
                    toml::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                Some((value, Origin::ConfigFile { path: path.clone() }))
            };
            match given.or_else(from_file) {
                Some((value, origin)) => Shown {
                    setting: setting.flag,
                    value: Some(setting.shown(&value)),
                    origin,
                    default: None,
                },
                None => shown_default(setting),
            }
        })
        .collect();
    if cli.format() == Format::Json {
        let document = serde_json::json!({ "settings": shown });
        return Ok(format!("{document:#}\n"));
    }
    Ok(table(&shown))
}

/// The value of `setting` from its flag or environment variable, if one
/// was given.
fn given_value(setting: &Setting, matches: &ArgMatches) -> Option<(String, Origin)> {
    let id = setting.flag.replace('-', "_");
    let origin = match matches.value_source(&id)? {
        ValueSource::CommandLine => Origin::Flag,
        ValueSource::EnvVariable => Origin::Environment { variable: setting.env },
        _ => return None,
    };
    let value = matches.get_raw(&id)?.next().map(OsStr::to_string_lossy)?;
    Some((value.into_owned(), origin))
}

fn shown_default(setting: &'static Setting) -> Shown {
    let (value, origin, default) = match setting.default {
        DefaultValue::Literal(value) => (Some(value.to_owned()), Origin::Default, None),
        DefaultValue::Described(words) => (None, Origin::Default, Some(words)),
        DefaultValue::None => (None, Origin::Unset, None),
    };
    Shown { setting: setting.flag, value, origin, default }
}

/// One line per setting, in aligned columns.
fn table(shown: &[Shown]) -> String {
    let rows: Vec<[String; 3]> = shown
        .iter()
        .map(|line| {
            let value = match (&line.value, line.default) {
                (Some(value), _) => value.clone(),
                (None, Some(words)) => format!("({words})"),
                (None, None) => "-".to_owned(),
            };
            [line.setting.to_owned(), value, line.origin.to_string()]
        })
        .collect();
    let header = ["SETTING".to_owned(), "VALUE".to_owned(), "FROM".to_owned()];
    let widths: Vec<usize> = (0..2)
        .map(|column| {
            std::iter::once(&header).chain(&rows).map(|row| row[column].chars().count()).max()
        })
        .map(Option::unwrap_or_default)
        .collect();
    std::iter::once(&header)
        .chain(&rows)
        .map(|[setting, value, origin]| {
            format!("{setting:<w0$}  {value:<w1$}  {origin}\n", w0 = widths[0], w1 = widths[1])
        })
        .collect()
}

/// Writes the commented config file; refuses to replace one without
/// `--force`.
fn init(args: &InitArgs, cli: &Cli) -> Result<ExitCode, String> {
    let path = match (&args.path, &cli.output.config) {
        (Some(path), _) | (None, Some(path)) => path.clone(),
        (None, None) => plan::default_config_path()
            .ok_or("no config path: give PATH, or set HOME or XDG_CONFIG_HOME".to_owned())?,
    };
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let replace = if args.force { super::Replace::Yes } else { super::Replace::No };
    super::write_atomically(&path, &init_text(), CONFIG_MODE, replace).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!("{} exists; give --force to replace it", path.display())
        } else {
            format!("cannot write {}: {e}", path.display())
        }
    })?;
    eprintln!("llmcfg-doctor: config written to {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// A config file may hold passwords (`database-url`, `redis-url`): only
/// its owner reads it.
const CONFIG_MODE: u32 = 0o600;

/// Every setting a config file may hold, with its help and variable as a
/// comment: set to its default, or commented out when it has no default
/// value (`database-url`, `redis-url`, `pid`, `runbook`).
fn init_text() -> String {
    let mut text = String::from(
        "# llmcfg-doctor config file. A flag or an LLMCFG_* environment variable\n\
         # wins over what is set here; settings with no default value are\n\
         # commented out.\n",
    );
    for setting in settings::ALL {
        let Some(key) = setting.config_key() else { continue };
        text.push_str(&format!("\n# {} (--{}, {})\n", setting.help, setting.flag, setting.env));
        match setting.default {
            DefaultValue::Literal(value) => {
                // A switch's default is written as a TOML boolean.
                let value = value.parse::<bool>().map_or_else(|_| value.into(), toml::Value::from);
                text.push_str(&format!("{key} = {value}\n"));
            }
            DefaultValue::Described(words) => {
                text.push_str(&format!(
                    "# default: {words}\n# {key} = \"{}\"\n",
                    setting.value_name
                ));
            }
            DefaultValue::None => {
                text.push_str(&format!("# {key} = \"{}\"\n", setting.value_name));
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `config init` writes the defaults: read back, the file gives the
    /// plan of no settings at all.
    #[test]
    fn the_initial_file_reads_back_as_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, init_text()).unwrap();
        let from_file = plan::Settings::load(&path, true).unwrap().unwrap();
        let every_literal = settings::ALL
            .iter()
            .filter(|setting| setting.config_key().is_some())
            .filter(|setting| setting.default_literal().is_some())
            .count();
        let set = toml::Table::try_from(&from_file).unwrap();
        assert_eq!(set.len(), every_literal, "{set:?}");
        let defaults = plan::Settings::default().resolve().unwrap();
        assert_eq!(format!("{:?}", from_file.resolve().unwrap()), format!("{defaults:?}"));
    }
}
