//! The `llmcfg-doctor` command line: clap definitions, one file per
//! subcommand, and the mapping from outcomes to exit codes.
//!
//! Usage and configuration errors print one line on stderr and exit 3
//! (UNKNOWN), as monitoring plugins do; a finished diagnosis exits with
//! its worst status.

mod checks_list;
mod collect;
mod completions;
mod config;
mod demo;
mod diff;
mod explain;
mod fleet;
mod man;
mod progress;
mod section;
mod timeline;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueHint};

use crate::plan::{self, Plan, PlanError, Settings};
use diagnosis::checks::{self, Section};
use diagnosis::render::{self, Format};
use diagnosis::report::{FailOn, Report, Status};
use diagnosis::settings::{CONFIG, FAIL_ON, FORMAT};

/// Diagnose the LLM Config Manager against its performance runbook.
#[derive(Debug, Parser)]
#[command(name = "llmcfg-doctor", version, about, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Where the service and its dependencies live, and the run's deadline
    /// and runbook: the settings a config file may hold too.
    #[command(flatten)]
    pub settings: Settings,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// How to report, and where the config file is.
#[derive(Debug, Args)]
#[command(next_help_heading = "Run")]
pub struct OutputArgs {
    #[arg(long = FORMAT.flag, env = FORMAT.env, value_name = FORMAT.value_name,
        help = FORMAT.help_with_default(), hide_env_values = FORMAT.secret, global = true,
        value_enum)]
    pub format: Option<Format>,
    #[arg(long = FAIL_ON.flag, env = FAIL_ON.env, value_name = FAIL_ON.value_name,
        help = FAIL_ON.help, long_help = format!("{}\n\n{FAIL_ON_DETAIL}", FAIL_ON.help),
        hide_env_values = FAIL_ON.secret, global = true, value_enum,
        default_value = FAIL_ON.default_literal())]
    pub fail_on: FailOn,
    /// Write the report (for `collect`, the evidence) to FILE instead of stdout
    ///
    /// The text goes to a temporary file in FILE's directory, which is then
    /// renamed over FILE: a reader such as a textfile collector sees the
    /// previous file or the new one, never part of one.
    #[arg(long, short, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Judge only the checks whose code matches PATTERN (a glob such as
    /// `cache.*`; repeatable)
    #[arg(long = "check", global = true, value_name = "PATTERN")]
    pub check: Vec<String>,
    /// Leave out the checks whose code matches PATTERN (repeatable)
    #[arg(long, global = true, value_name = "PATTERN")]
    pub skip: Vec<String>,
    /// The table's status line alone
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// The table with where every finding's figure came from and what
    /// judged it, OK findings included
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Run again until a run passes the --fail-on floor, for at most DURATION
    ///
    /// For a pipeline after a deploy: each attempt's status goes to stderr
    /// on one line, the last run's report to the output, and the exit code
    /// is the last run's. Attempts start --interval apart. Sections and
    /// `fleet` only.
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration_value)]
    pub wait: Option<std::time::Duration>,
    /// Time between the starts of two attempts of --wait, or two rounds of `watch`
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration_value,
        default_value = "5s")]
    pub interval: std::time::Duration,
    /// Judge a past time through Prometheus: an RFC 3339 time
    /// (2026-12-07T02:47:00Z) or a time ago (-2h)
    ///
    /// Every figure Prometheus gives is taken over the runbook's range
    /// (--since sets another) ending then; checks that need a live look
    /// (the timed request, the runtime, database sessions) are not
    /// measured, and the report names them. Sections, `all` and `collect`.
    #[arg(long, global = true, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Judge the DURATION ending now (or at --at) through Prometheus, e.g. 6h
    #[arg(long, global = true, value_name = "DURATION", value_parser = duration_value)]
    pub since: Option<std::time::Duration>,
    #[arg(long = CONFIG.flag, env = CONFIG.env, value_name = CONFIG.value_name,
        help = CONFIG.help_with_default(), hide_env_values = CONFIG.secret, global = true,
        value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,
}

/// The long help of `--fail-on`, after its line.
const FAIL_ON_DETAIL: &str = "Statuses rank WARNING < UNKNOWN < CRITICAL, as for the exit code: \
    a run whose worst status is below this floor exits 0, one at or above it exits with that \
    status's code. `critical` lets UNKNOWN (a check that could not measure) pass too; `unknown` \
    ignores warnings but never passes a run that could not look. Usage and configuration errors \
    exit 3 whatever the floor.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The 1-minute health check: response time, health, CPU, memory, errors, cache
    Quick(section::SectionArgs),
    /// Baseline: P50/P95/P99 and rate of each runbook operation vs its figures
    Baseline(section::SectionArgs),
    /// Latency: API P95, slowest operations, storage, one timed read, database
    Latency(section::SectionArgs),
    /// CPU: usage, request rate, slowest requests in the logs, workers vs cores
    Cpu(section::CpuArgs),
    /// Memory: usage vs limit, OOM kills, L1 size, breakdown, leak trend
    Memory(section::MemoryArgs),
    /// Cache: hit rate per tier, evictions, fill, TTLs, Redis reachability
    Cache(section::CacheArgs),
    /// Network: dependency round trips, DNS, connections, TCP errors, MTUs
    Network(section::SectionArgs),
    /// Resource exhaustion: file descriptors, threads, disks, old files
    Resources(section::SectionArgs),
    /// The runbook's optimization checklist, item by item
    Checklist(section::SectionArgs),
    /// PostgreSQL: connections, long and blocked queries, slow statements, indexes, vacuum
    Db(section::SectionArgs),
    /// Every section above, on one collection of evidence
    All(section::SectionArgs),
    /// The service against its own history: figures beside a week (or --against) earlier, and
    /// its objectives' error budgets
    History(section::HistoryArgs),
    /// When each check changed status over --since (6h), with restarts and deploys, from
    /// Prometheus
    Timeline(timeline::TimelineArgs),
    /// Run a section against every replica and judge them as a fleet
    Fleet(fleet::FleetArgs),
    /// Watch a section live: its findings redrawn every --interval, changes marked (q quits)
    Watch(watch::WatchArgs),
    /// Start a bundled server, drive traffic at it and diagnose it
    Demo(demo::DemoArgs),
    /// Save the evidence a section looks at (a support bundle) to --output or stdout
    Collect(collect::CollectArgs),
    /// Judge evidence saved by `collect`, offline
    Analyze(collect::AnalyzeArgs),
    /// Compare two evidence bundles, before and after a fix, check by check
    #[command(long_about = diff::long_about())]
    Diff(diff::DiffArgs),
    /// Print the shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(completions::CompletionsArgs),
    /// Print the man page, or write every page into a directory
    Man(man::ManArgs),
    /// Show the settings in effect and where each came from, or write a config file
    Config(config::ConfigArgs),
    /// Explain a check code or a likely cause: what it measures, its band, what to do
    Explain(explain::ExplainArgs),
    /// List every check: code, title and the sources it looks at (--format json for tools)
    Checks(checks_list::ChecksArgs),
}

impl Command {
    /// Whether the command can judge a past time (`--at`, `--since`): a
    /// section, `all` and `collect`, whose figures Prometheus gives.
    fn judges_the_past(&self) -> bool {
        self.judges_a_target() && !matches!(self, Command::Fleet(_))
            || matches!(self, Command::Collect(_) | Command::Timeline(_))
    }

    /// The sections the command runs on a running target: one for a
    /// section's subcommand, every one for `all`, the one asked for by
    /// `fleet`; `None` for a command that judges no running target. The
    /// one mapping from subcommands to sections: [`Command::judges_a_target`]
    /// and [`run`] both follow it.
    fn sections(&self) -> Option<Vec<Section>> {
        let one = |section| Some(vec![section]);
        match self {
            Command::Quick(_) => one(Section::Quick),
            Command::Baseline(_) => one(Section::Baseline),
            Command::Latency(_) => one(Section::Latency),
            Command::Cpu(_) => one(Section::Cpu),
            Command::Memory(_) => one(Section::Memory),
            Command::Cache(_) => one(Section::Cache),
            Command::Network(_) => one(Section::Network),
            Command::Resources(_) => one(Section::Resources),
            Command::Checklist(_) => one(Section::Checklist),
            Command::Db(_) => one(Section::Db),
            Command::History(_) => one(Section::History),
            Command::All(_) => Some(section::all_sections()),
            Command::Fleet(args) => one(args.section),
            Command::Timeline(_)
            | Command::Watch(_)
            | Command::Demo(_)
            | Command::Collect(_)
            | Command::Analyze(_)
            | Command::Diff(_)
            | Command::Completions(_)
            | Command::Man(_)
            | Command::Config(_)
            | Command::Explain(_)
            | Command::Checks(_) => None,
        }
    }

    /// Whether the command looks at a running target and judges it: a
    /// section or `fleet`, what `--wait` repeats.
    fn judges_a_target(&self) -> bool {
        self.sections().is_some()
    }
}

impl Cli {
    /// Flags and environment, then the config file, then defaults.
    fn plan(&self) -> Result<Plan, PlanError> {
        let file = self.config_file()?.map(|(_, settings)| settings).unwrap_or_default();
        let selection =
            checks::Selection::new(&self.output.check, &self.output.skip).map_err(PlanError)?;
        let plan = self.settings.clone().or(file).resolve()?;
        let past = plan::past_window(
            self.output.at.as_deref(),
            self.output.since,
            plan.runbook.ratios.range(),
            chrono::Utc::now(),
        )?;
        Ok(Plan { selection: selection.under(&plan.runbook), past, ..plan })
    }

    /// The config file's path and settings: `--config`, which must exist,
    /// else the default path, if a file is there.
    fn config_file(&self) -> Result<Option<(PathBuf, Settings)>, PlanError> {
        let (path, explicit) = match &self.output.config {
            Some(path) => (path.clone(), true),
            None => match plan::default_config_path() {
                Some(path) => (path, false),
                None => return Ok(None),
            },
        };
        Ok(Settings::load(&path, explicit)?.map(|settings| (path, settings)))
    }

    fn format(&self) -> Format {
        self.output.format.unwrap_or(if std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        })
    }
}

/// The sampling window of `db` (buffer-hit and pool deltas).
const DB_SAMPLE: std::time::Duration = std::time::Duration::from_millis(250);

/// The plan a section runs with by itself: `db` samples a short window,
/// since buffer hits and pool waits need no more and a database check
/// should answer as fast as `pg_isready`.
fn section_plan(section: Section, plan: Plan) -> Plan {
    match section {
        Section::Db => Plan { sample: plan.sample.min(DB_SAMPLE), ..plan },
        _ => plan,
    }
}

/// Parses a duration argument such as `5s`, `1500ms` or `5m`.
fn duration_value(raw: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(raw.trim())
        .map_err(|e| format!("{e} (use a duration such as 5s or 5m)"))
}

/// What a run ended with.
pub enum Outcome {
    /// A report to print; the exit code is its worst status, under
    /// `--fail-on`.
    Report(Report),
    /// A report to print, and a side task that failed (said on stderr);
    /// the exit code is at least UNKNOWN, whatever `--fail-on` says.
    ReportWithFailure(Report, String),
    /// Evidence (JSON) to write; exit 0.
    Evidence(String),
    /// A before/after comparison to print; the exit code is the worst
    /// status after, under `--fail-on`.
    Diff(diagnosis::diff::Diff),
    /// What changed over a span; the exit code is the worst status of the
    /// span, under `--fail-on`.
    Timeline(diagnosis::timeline::Timeline),
}

/// Parses the command line, runs, prints, and returns the exit code.
pub fn main() -> ExitCode {
    // The matches say whether a value came from a flag or its variable
    // (`config show`).
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches).map(|cli| (cli, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return usage_error(error),
    };
    match &cli.command {
        Command::Config(args) => return config::exec(args, &cli, &matches),
        Command::Demo(args) if args.lists_faults() => return demo::list_faults(),
        Command::Completions(args) => return completions::exec(args),
        Command::Man(args) => return man::exec(args),
        Command::Explain(args) => return explain::exec(args, &cli),
        Command::Checks(_) => return checks_list::exec(&cli),
        Command::Watch(args) => {
            return match cli.plan() {
                Ok(_) if cli.output.wait.is_some() => {
                    fail("--wait applies to the sections and fleet; watch runs until q")
                }
                Ok(plan) if plan.past.is_some() => {
                    fail("--at and --since apply to the sections, all and collect")
                }
                Ok(plan) => watch::exec(args, &cli, plan),
                Err(error) => fail(&error.to_string()),
            };
        }
        _ => {}
    }
    if cli.output.wait.is_none()
        && matches.value_source("interval") == Some(clap::parser::ValueSource::CommandLine)
    {
        return fail("--interval applies to --wait and watch");
    }
    let format = cli.format();
    let output = cli.output.output.as_deref();
    let detail = match (cli.output.quiet, cli.output.verbose) {
        (true, _) => render::Detail::Quiet,
        (_, true) => render::Detail::Verbose,
        _ => render::Detail::Normal,
    };
    let outcome = match (cli.plan(), cli.output.wait) {
        (Ok(_), Some(_)) if !cli.command.judges_a_target() => {
            Err("--wait applies to the sections and fleet".to_owned())
        }
        (Ok(plan), _) if plan.past.is_some() && !cli.command.judges_the_past() => {
            Err("--at and --since apply to the sections, all and collect".to_owned())
        }
        (Ok(plan), Some(_)) if plan.past.is_some() => {
            Err("--wait waits for the present; --at and --since judge the past".to_owned())
        }
        (Ok(plan), Some(wait)) => run_until_passing(&cli, &plan, wait),
        (Ok(plan), None) => run(&cli, plan),
        (Err(error), _) => Err(error.to_string()),
    };
    match outcome {
        Ok(Outcome::Report(report)) => {
            write_report(&report, format, report.exit_code(cli.output.fail_on), output, detail)
        }
        Ok(Outcome::ReportWithFailure(report, failure)) => {
            let exit_code = report.worst.worst(Status::Unknown).exit_code();
            let exit = write_report(&report, format, exit_code, output, detail);
            eprintln!("llmcfg-doctor: {}", diagnosis::redact::text(&failure));
            exit
        }
        Ok(Outcome::Diff(diff)) => write_rendered(
            render::render_diff(&diff, format, color(format, output)),
            output,
            cli.output.fail_on.exit_code(diff.worst),
        ),
        Ok(Outcome::Timeline(timeline)) => write_rendered(
            render::render_timeline(&timeline, format, color(format, output)),
            output,
            cli.output.fail_on.exit_code(timeline.worst),
        ),
        Ok(Outcome::Evidence(json)) => match write(&json, output) {
            Ok(()) => {
                if let Some(path) = output {
                    eprintln!("llmcfg-doctor: evidence written to {}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(message) => fail(&message),
        },
        Err(message) => fail(&message),
    }
}

/// Writes a rendered document and exits with `exit_code`; a document
/// that cannot be rendered in the format asked, or written, exits 3.
fn write_rendered(
    rendered: Result<String, String>,
    output: Option<&Path>,
    exit_code: u8,
) -> ExitCode {
    match rendered.and_then(|text| write(&text, output)) {
        Ok(()) => ExitCode::from(exit_code),
        Err(message) => fail(&message),
    }
}

/// Says what went wrong on stderr, secrets hidden; exit 3.
fn fail(message: &str) -> ExitCode {
    eprintln!("llmcfg-doctor: {}", diagnosis::redact::text(message));
    ExitCode::from(Status::Unknown.exit_code())
}

/// The async runtime a run (or `watch`'s rounds) judges on.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

fn run(cli: &Cli, plan: Plan) -> Result<Outcome, String> {
    let runtime = runtime()?;
    let outcome = runtime.block_on(async {
        match &cli.command {
            Command::Cpu(args) => section::cpu(args, &plan).await,
            Command::Memory(args) => section::memory(args, &plan).await,
            Command::Cache(args) => {
                let plan = Plan { bigkeys: args.bigkeys, ..plan };
                section::exec("cache", &[Section::Cache], &plan).await
            }
            Command::Db(_) => {
                section::exec("db", &[Section::Db], &section_plan(Section::Db, plan)).await
            }
            Command::History(args) => section::history(args, plan).await,
            Command::Timeline(args) => timeline::exec(args, cli.output.since, &plan).await,
            Command::Demo(args) => demo::exec(args, plan).await,
            Command::Fleet(args) => fleet::exec(args, plan).await,
            Command::Collect(args) => collect::collect(args, &plan).await,
            Command::Analyze(args) => collect::analyze(args, &plan),
            Command::Diff(args) => diff::exec(args, &plan),
            Command::All(_) => section::exec("all", &section::all_sections(), &plan).await,
            // A section's subcommand with nothing of its own.
            command => match command.sections().as_deref() {
                Some(&[section]) => section::exec(section.name(), &[section], &plan).await,
                _ => unreachable!("handled before planning"),
            },
        }
    });
    // A blocking read stuck on a hung mount must not hold the run past its
    // deadline: leave such threads behind instead of waiting for them.
    runtime.shutdown_background();
    outcome
}

/// Runs until a run passes the `--fail-on` floor or `wait` is over, with
/// each attempt's status on stderr; the last run is the outcome.
fn run_until_passing(cli: &Cli, plan: &Plan, wait: std::time::Duration) -> Result<Outcome, String> {
    let started = std::time::Instant::now();
    for attempt in 1.. {
        let attempt_started = std::time::Instant::now();
        let outcome = run(cli, plan.clone())?;
        let (Outcome::Report(report) | Outcome::ReportWithFailure(report, _)) = &outcome else {
            return Ok(outcome);
        };
        let s = &report.summary;
        let passed = report.exit_code(cli.output.fail_on) == 0;
        eprintln!(
            "llmcfg-doctor: attempt {attempt} after {:.1}s: {} ({} OK, {} WARNING, {} CRITICAL, {} UNKNOWN){}",
            started.elapsed().as_secs_f64(),
            report.worst,
            s.ok,
            s.warning,
            s.critical,
            s.unknown,
            if passed { ", passes" } else { "" }
        );
        let next = attempt_started + cli.output.interval;
        if passed || next >= started + wait {
            return Ok(outcome);
        }
        std::thread::sleep(next.saturating_duration_since(std::time::Instant::now()));
    }
    unreachable!("the attempts end by returning")
}

/// Writes the report and exits with `exit_code`, which formats that show
/// it (Prometheus) report too; a report that cannot be written exits 3.
fn write_report(
    report: &Report,
    format: Format,
    exit_code: u8,
    output: Option<&Path>,
    detail: render::Detail,
) -> ExitCode {
    let color = color(format, output);
    let text = render::render(report, format, &render::Context { color, exit_code, detail });
    match write(&text, output) {
        Ok(()) => ExitCode::from(exit_code),
        Err(message) => fail(&message),
    }
}

/// Writes `text` to stdout; exit 0, or 3 when it cannot be written.
fn print(text: &str) -> ExitCode {
    match write(text, None) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// Colour for a table written to a terminal, unless NO_COLOR is set.
fn color(format: Format, output: Option<&Path>) -> bool {
    output.is_none()
        && format == Format::Table
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
}

/// Writes `text` to `output` (atomically) or to stdout. A closed pipe
/// (`| head`) is not an error.
fn write(text: &str, output: Option<&Path>) -> Result<(), String> {
    if let Some(path) = output {
        return write_atomically(path, text, 0o666, Replace::Yes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()));
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to stdout: {error}"))
        }
        _ => Ok(()),
    }
}

/// Whether [`write_atomically`] may replace an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replace {
    Yes,
    /// An existing file is an `AlreadyExists` error, decided atomically.
    No,
}

/// Writes `text` to a temporary file beside `path`, flushed to disk, then
/// renames it over `path` (or, without [`Replace::Yes`], links it there,
/// which fails if `path` exists). The file gets `mode` less the umask:
/// 0666, as a plain create would, lets a collector running as another user
/// read it. The temporary name starts with a dot and ends in `.tmp`, which
/// collectors skip, and is removed whatever happens.
fn write_atomically(path: &Path, text: &str, mode: u32, replace: Replace) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let temporary =
        path.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| match replace {
            Replace::Yes => std::fs::rename(&temporary, path),
            Replace::No => std::fs::hard_link(&temporary, path),
        });
    if written.is_err() || replace == Replace::No {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Help and version go to stdout with exit 0; anything else is a usage
/// error: its first line on stderr, exit 3.
fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                3
            } else {
                0
            })
        }
        _ => {
            // The first paragraph, on one line: clap puts what is missing
            // on the lines after "required arguments were not provided:".
            let rendered = error.render().to_string();
            let first: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.trim().is_empty())
                .map(str::trim)
                .collect();
            let message = first.join(" ");
            let message = message.trim_start_matches("error: ");
            let message = if message.is_empty() { "invalid usage" } else { message };
            eprintln!("llmcfg-doctor: {} (see --help)", diagnosis::redact::text(message));
            ExitCode::from(Status::Unknown.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each flag carries its own entry of the registry, and every entry
    /// is a flag.
    #[test]
    fn the_flags_are_the_registry() {
        let command = Cli::command();
        for setting in diagnosis::settings::ALL {
            let arg = command
                .get_arguments()
                .find(|arg| arg.get_long() == Some(setting.flag))
                .unwrap_or_else(|| panic!("no --{}", setting.flag));
            assert_eq!(arg.get_id().as_str(), setting.flag.replace('-', "_"), "config show's id");
            assert_eq!(arg.get_env(), Some(std::ffi::OsStr::new(setting.env)), "{}", setting.flag);
            assert_eq!(arg.is_hide_env_values_set(), setting.secret, "{}", setting.flag);
            assert!(arg.is_global_set(), "{}", setting.flag);
            let names: Vec<&str> =
                arg.get_value_names().unwrap_or_default().iter().map(|n| n.as_str()).collect();
            assert_eq!(names, [setting.value_name], "{}", setting.flag);
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            assert!(help.starts_with(setting.help), "--{}: {help}", setting.flag);
        }
    }
}
