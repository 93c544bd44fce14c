//! The `llmcfg-doctor` command line: clap definitions, one file per
//! subcommand, and the mapping from outcomes to exit codes.
//!
//! Usage and configuration errors print one line on stderr and exit 3
//! (UNKNOWN), as monitoring plugins do; a finished diagnosis exits with
//! its worst status.

mod collect;
mod completions;
mod demo;
mod diff;
mod man;
mod progress;
mod section;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueHint};

use crate::checks::Section;
use crate::plan::{self, Plan, PlanError, RuntimeChoice, Settings};
use crate::render::{self, Format};
use crate::report::{FailOn, Report, Status};

/// Diagnose the LLM Config Manager against its performance runbook.
#[derive(Debug, Parser)]
#[command(name = "llmcfg-doctor", version, about, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the service and its dependencies live.
#[derive(Debug, Args)]
#[command(next_help_heading = "Target")]
pub struct TargetArgs {
    /// The service's API
    #[arg(long, global = true, env = "LLMCFG_API_URL", value_name = "URL")]
    pub api_url: Option<String>,
    /// The service's Prometheus metrics endpoint
    #[arg(long, global = true, env = "LLMCFG_METRICS_URL", value_name = "URL")]
    pub metrics_url: Option<String>,
    /// Prometheus server (HTTP API)
    #[arg(long, global = true, env = "LLMCFG_PROMETHEUS_URL", value_name = "URL")]
    pub prometheus_url: Option<String>,
    /// PostgreSQL, as a URL or libpq key=value string
    #[arg(
        long,
        global = true,
        env = "LLMCFG_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Redis URL
    #[arg(
        long,
        global = true,
        env = "LLMCFG_REDIS_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub redis_url: Option<String>,
    /// How the service is deployed [default: auto]
    #[arg(long, global = true, env = "LLMCFG_RUNTIME", value_enum)]
    pub runtime: Option<RuntimeChoice>,
    /// Docker container name or compose service [default: llm-config-manager]
    #[arg(long, global = true, env = "LLMCFG_CONTAINER", value_name = "NAME")]
    pub container: Option<String>,
    /// Kubernetes namespace [default: llm-config]
    #[arg(long, global = true, env = "LLMCFG_NAMESPACE", value_name = "NAME")]
    pub namespace: Option<String>,
    /// Kubernetes label selector [default: app=llm-config-manager]
    #[arg(long, global = true, env = "LLMCFG_SELECTOR", value_name = "SELECTOR")]
    pub selector: Option<String>,
    /// systemd unit [default: llm-config-manager]
    #[arg(long, global = true, env = "LLMCFG_UNIT", value_name = "UNIT")]
    pub unit: Option<String>,
    /// Process name [default: llm-config-server]
    #[arg(long, global = true, env = "LLMCFG_PROCESS", value_name = "NAME")]
    pub process: Option<String>,
    /// Process id (implies the process runtime under auto)
    #[arg(long, global = true, env = "LLMCFG_PID", value_name = "PID")]
    pub pid: Option<u32>,
    /// The service's data directory [default: /var/lib/llm-config]
    #[arg(
        long,
        global = true,
        env = "LLMCFG_DATA_DIR",
        value_name = "DIR",
        value_hint = ValueHint::DirPath
    )]
    pub data_dir: Option<PathBuf>,
    /// The service's log directory [default: /var/log/llm-config]
    #[arg(
        long,
        global = true,
        env = "LLMCFG_LOG_DIR",
        value_name = "DIR",
        value_hint = ValueHint::DirPath
    )]
    pub log_dir: Option<PathBuf>,
}

/// How to run and report.
#[derive(Debug, Args)]
#[command(next_help_heading = "Run")]
pub struct OutputArgs {
    /// Deadline of the whole run, e.g. 5s or 1500ms [default: 5s]
    #[arg(long, global = true, env = "LLMCFG_TIMEOUT", value_name = "DURATION")]
    pub timeout: Option<String>,
    /// Output format [default: table on a terminal, else json]
    #[arg(long, global = true, env = "LLMCFG_FORMAT", value_enum)]
    pub format: Option<Format>,
    /// Lowest worst status that makes the exit code non-zero
    ///
    /// Statuses rank WARNING < UNKNOWN < CRITICAL, as for the exit code: a run
    /// whose worst status is below this floor exits 0, one at or above it
    /// exits with that status's code. `critical` lets UNKNOWN (a check that
    /// could not measure) pass too; `unknown` ignores warnings but never
    /// passes a run that could not look. Usage and configuration errors exit
    /// 3 whatever the floor.
    #[arg(
        long,
        global = true,
        env = "LLMCFG_FAIL_ON",
        value_enum,
        default_value = "warning",
        value_name = "STATUS"
    )]
    pub fail_on: FailOn,
    /// Write the report (for `collect`, the evidence) to FILE instead of stdout
    ///
    /// The text goes to a temporary file in FILE's directory, which is then
    /// renamed over FILE: a reader such as a textfile collector sees the
    /// previous file or the new one, never part of one.
    #[arg(long, short, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Config file [default: $XDG_CONFIG_HOME/llmcfg-doctor/config.toml]
    #[arg(
        long,
        global = true,
        env = "LLMCFG_CONFIG",
        value_name = "FILE",
        value_hint = ValueHint::FilePath
    )]
    pub config: Option<PathBuf>,
    /// Runbook file replacing the compiled-in thresholds and texts
    #[arg(
        long,
        global = true,
        env = "LLMCFG_RUNBOOK",
        value_name = "FILE",
        value_hint = ValueHint::FilePath
    )]
    pub runbook: Option<PathBuf>,
}

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
    /// Run the bundled server for `demo` (internal)
    #[command(name = "__demo-server", hide = true)]
    DemoServer,
}

impl TargetArgs {
    fn settings(&self) -> Settings {
        Settings {
            api_url: self.api_url.clone(),
            metrics_url: self.metrics_url.clone(),
            prometheus_url: self.prometheus_url.clone(),
            database_url: self.database_url.clone(),
            redis_url: self.redis_url.clone(),
            runtime: self.runtime,
            container: self.container.clone(),
            namespace: self.namespace.clone(),
            selector: self.selector.clone(),
            unit: self.unit.clone(),
            process: self.process.clone(),
            pid: self.pid,
            data_dir: self.data_dir.clone(),
            log_dir: self.log_dir.clone(),
            timeout: None,
            runbook: None,
        }
    }
}

impl Cli {
    /// Flags and environment, then the config file, then defaults.
    fn plan(&self) -> Result<Plan, PlanError> {
        let flags = Settings {
            timeout: self.output.timeout.clone(),
            runbook: self.output.runbook.clone(),
            ..self.target.settings()
        };
        let file = match &self.output.config {
            Some(path) => Settings::load(path, true)?,
            None => match plan::default_config_path() {
                Some(path) => Settings::load(&path, false)?,
                None => Settings::default(),
            },
        };
        flags.or(file).resolve()
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
    Diff(crate::diff::Diff),
}

/// Parses the command line, runs, prints, and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    match &cli.command {
        Command::DemoServer => return demo::serve(),
        Command::Completions(args) => return completions::exec(args),
        Command::Man(args) => return man::exec(args),
        _ => {}
    }
    let format = cli.format();
    let output = cli.output.output.as_deref();
    let outcome = match cli.plan() {
        Ok(plan) => run(&cli, plan),
        Err(error) => Err(error.to_string()),
    };
    match outcome {
        Ok(Outcome::Report(report)) => {
            write_report(&report, format, report.exit_code(cli.output.fail_on), output)
        }
        Ok(Outcome::ReportWithFailure(report, failure)) => {
            let exit_code = report.worst.worst(Status::Unknown).exit_code();
            let exit = write_report(&report, format, exit_code, output);
            eprintln!("llmcfg-doctor: {failure}");
            exit
        }
        Ok(Outcome::Diff(diff)) => {
            match render::render_diff(&diff, format, color(format, output)) {
                Ok(text) => match write(&text, output) {
                    Ok(()) => ExitCode::from(cli.output.fail_on.exit_code(diff.worst)),
                    Err(message) => fail(&message),
                },
                Err(message) => fail(&message),
            }
        }
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

/// Says what went wrong on stderr; exit 3.
fn fail(message: &str) -> ExitCode {
    eprintln!("llmcfg-doctor: {message}");
    ExitCode::from(Status::Unknown.exit_code())
}

fn run(cli: &Cli, plan: Plan) -> Result<Outcome, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let outcome = runtime.block_on(async {
        match &cli.command {
            Command::Quick(_) => section::exec("quick", &[Section::Quick], &plan).await,
            Command::Baseline(_) => section::exec("baseline", &[Section::Baseline], &plan).await,
            Command::Checklist(_) => section::exec("checklist", &[Section::Checklist], &plan).await,
            Command::Latency(_) => section::exec("latency", &[Section::Latency], &plan).await,
            Command::Cpu(args) => section::cpu(args, &plan).await,
            Command::Memory(args) => {
                let plan = Plan { trend: args.duration, ..plan };
                section::exec("memory", &[Section::Memory], &plan).await
            }
            Command::Cache(args) => {
                let plan = Plan { bigkeys: args.bigkeys, ..plan };
                section::exec("cache", &[Section::Cache], &plan).await
            }
            Command::Network(_) => section::exec("network", &[Section::Network], &plan).await,
            Command::Resources(_) => section::exec("resources", &[Section::Resources], &plan).await,
            Command::Db(_) => {
                // Buffer hits and pool waits need only a short window; a
                // database check should answer as fast as `pg_isready`.
                let plan = Plan { sample: plan.sample.min(DB_SAMPLE), ..plan };
                section::exec("db", &[Section::Db], &plan).await
            }
            Command::All(_) => section::exec("all", section::ALL, &plan).await,
            Command::Demo(args) => demo::exec(args, plan).await,
            Command::Collect(args) => collect::collect(args, &plan).await,
            Command::Analyze(args) => collect::analyze(args, &plan),
            Command::Diff(args) => diff::exec(args, &plan),
            Command::DemoServer | Command::Completions(_) | Command::Man(_) => {
                unreachable!("handled before planning")
            }
        }
    });
    // A blocking read stuck on a hung mount must not hold the run past its
    // deadline: leave such threads behind instead of waiting for them.
    runtime.shutdown_background();
    outcome
}

/// Writes the report and exits with `exit_code`, which formats that show
/// it (Prometheus) report too; a report that cannot be written exits 3.
fn write_report(report: &Report, format: Format, exit_code: u8, output: Option<&Path>) -> ExitCode {
    let color = color(format, output);
    let text = render::render(report, format, &render::Context { color, exit_code });
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
        return write_atomically(path, text)
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

/// Writes `text` to a temporary file beside `path`, flushed to disk, then
/// renames it over `path`. The file gets the permissions a plain create
/// would (0666 less the umask), so that a collector running as another
/// user can read it; the temporary name starts with a dot and ends in
/// `.tmp`, which collectors skip, and is removed if anything fails.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let temporary =
        path.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o666)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
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
            eprintln!("llmcfg-doctor: {message} (see --help)");
            ExitCode::from(Status::Unknown.exit_code())
        }
    }
}
