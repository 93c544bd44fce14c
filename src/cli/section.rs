//! The runbook-section subcommands (`quick`, `cpu`, `memory`, ...) and
//! `all`: each runs the checks of its section(s) on one shared collection.

use std::path::PathBuf;

use clap::Args;

use super::Outcome;
use crate::plan::Plan;
use crate::sources::profile::Profile;
use diagnosis::checks::{self, Check, Section};
use diagnosis::evidence::PastWindow;
use diagnosis::report::PastJudgement;

#[derive(Debug, Args)]
pub struct SectionArgs {}

#[derive(Debug, Args)]
pub struct MemoryArgs {
    /// Sample resident memory for this long and judge its trend, e.g. 5m
    #[arg(long, value_parser = super::duration_value, value_name = "DURATION")]
    pub duration: Option<std::time::Duration>,
    /// Also save the server's heap profile (jemalloc's, for `jeprof`) to FILE
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub heap_profile: Option<PathBuf>,
    #[command(flatten)]
    pub auth: ProfileAuth,
}

/// How the doctor may ask the server for a profile.
#[derive(Debug, Args)]
pub struct ProfileAuth {
    /// Bearer token, when the server requires one for profiling
    #[arg(long, env = "LLMCFG_API_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub api_token: Option<String>,
}

/// Runs the checks of `sections` ([`checks::select`]) as one report named
/// `command`.
pub async fn exec(command: &str, sections: &[Section], plan: &Plan) -> Result<Outcome, String> {
    let checks = plan.selection.apply(checks::select(sections, &plan.requested_sources()))?;
    let progress = super::progress::TerminalProgress::on_stderr();
    let report = crate::doctor::diagnose(plan, command, &checks, &|p| progress.report(p)).await;
    let past = past_judgement(sections, plan.past, &checks, plan)?;
    Ok(Outcome::Report(report.judging_the_past(past)))
}

/// What a run of `sections` over `past` judged with `judged`, and which
/// of their checks (as `--check` and `--skip` select them) need a live
/// look.
pub fn past_judgement(
    sections: &[Section],
    past: Option<PastWindow>,
    judged: &[&Check],
    plan: &Plan,
) -> Result<Option<PastJudgement>, String> {
    let Some(past) = past else { return Ok(None) };
    let live = Plan { past: None, ..plan.clone() };
    let not_measured = plan
        .selection
        .apply(checks::select(sections, &live.requested_sources()))?
        .into_iter()
        .filter(|check| !judged.iter().any(|j| j.code == check.code))
        .map(|check| check.code.to_owned())
        .collect();
    Ok(Some(PastJudgement { at: past.at, seconds: past.seconds, not_measured }))
}

#[derive(Debug, Args)]
pub struct CacheArgs {
    /// Also scan Redis for its largest keys (SCAN + MEMORY USAGE, at most
    /// 50000 keys or 2 s)
    #[arg(long)]
    pub bigkeys: bool,
}

#[derive(Debug, Args)]
pub struct CpuArgs {
    /// Also take a CPU profile of the server over this many seconds
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=120))]
    pub profile: Option<u64>,
    /// Where to save the profile [default: llmcfg-cpu-<time>.pprof]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, requires = "profile")]
    pub profile_out: Option<PathBuf>,
    #[command(flatten)]
    pub auth: ProfileAuth,
}

/// `cpu`, with the CPU profile (when asked) taken while the checks run.
pub async fn cpu(args: &CpuArgs, plan: &Plan) -> Result<Outcome, String> {
    let checks = exec("cpu", &[Section::Cpu], plan);
    let Some(seconds) = args.profile else {
        return checks.await;
    };
    let out = args.profile_out.clone().unwrap_or_else(|| {
        PathBuf::from(format!("llmcfg-cpu-{}.pprof", chrono::Local::now().format("%Y%m%d-%H%M%S")))
    });
    with_profile(checks, plan, Profile::Cpu { seconds }, &args.auth, &out).await
}

/// `memory`, with the resident trend over `--duration` and the heap
/// profile (when asked) saved while the checks run.
pub async fn memory(args: &MemoryArgs, plan: &Plan) -> Result<Outcome, String> {
    let plan = Plan { trend: args.duration, ..plan.clone() };
    let checks = exec("memory", &[Section::Memory], &plan);
    match &args.heap_profile {
        Some(out) => with_profile(checks, &plan, Profile::Heap, &args.auth, out).await,
        None => checks.await,
    }
}

/// The checks' outcome, with the profile saved to `out` beside them; a
/// profile that fails makes the run's exit at least UNKNOWN, said on stderr.
async fn with_profile(
    checks: impl Future<Output = Result<Outcome, String>>,
    plan: &Plan,
    profile: Profile,
    auth: &ProfileAuth,
    out: &std::path::Path,
) -> Result<Outcome, String> {
    let (report, saved) = tokio::join!(
        checks,
        crate::sources::profile::save(plan, profile, auth.api_token.as_deref(), out)
    );
    match (report?, saved) {
        (Outcome::Report(report), Ok(bytes)) => {
            eprintln!(
                "llmcfg-doctor: {} ({bytes} bytes) saved to {}; {}",
                profile.describe(),
                out.display(),
                profile.how_to_read(out)
            );
            Ok(Outcome::Report(report))
        }
        (Outcome::Report(report), Err(error)) => Ok(Outcome::ReportWithFailure(report, error)),
        (other, _) => Ok(other),
    }
}

/// What `all` runs: every section once but `quick`, which answers the
/// same questions in brief, and `history`, which needs Prometheus.
pub fn all_sections() -> Vec<Section> {
    Section::ALL.into_iter().filter(|s| ![Section::Quick, Section::History].contains(s)).collect()
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The usual to compare with: the same span this long before (1d, 1w), or the span ending
    /// at an RFC 3339 TIME
    #[arg(long, value_name = "DURATION|TIME", default_value = "1w")]
    pub against: String,
}

/// `history`: the Prometheus figures beside the same span `--against`
/// earlier, and the objectives' burn rates, at the time judged.
pub async fn history(args: &HistoryArgs, plan: Plan) -> Result<Outcome, String> {
    let at = plan.past.map_or_else(chrono::Utc::now, |past| past.at);
    let offset = crate::plan::history_offset(&args.against, at).map_err(|e| e.to_string())?;
    exec("history", &[Section::History], &Plan { history_offset: offset, ..plan }).await
}
