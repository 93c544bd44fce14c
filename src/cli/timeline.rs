//! `llmcfg-doctor timeline`: when each check Prometheus answers changed
//! status over a span, with the service's restarts and deploys
//! ([`diagnosis::timeline`]), from range queries of the span.

use std::time::Duration;

use clap::Args;

use super::Outcome;
use crate::plan::Plan;
use crate::sources::prometheus::{self, MAX_POINTS};

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Time between two judged steps, e.g. 1m; each step judges the
    /// runbook's range before it
    #[arg(long, value_name = "DURATION", value_parser = super::duration_value,
        default_value = "1m")]
    pub step: Duration,
}

/// The span when `--since` is not given.
const DEFAULT_SPAN: Duration = Duration::from_secs(6 * 3600);

/// The span (`--since`, else six hours) ending at `--at` (else now), judged
/// every `--step`: at most [`MAX_POINTS`] steps, which Prometheus answers
/// in one range query.
pub async fn exec(
    args: &TimelineArgs,
    since: Option<Duration>,
    plan: &Plan,
) -> Result<Outcome, String> {
    let span = since.unwrap_or(DEFAULT_SPAN);
    let step = args.step;
    if step < Duration::from_secs(1) {
        return Err(format!("--step {step:?} is too short; give at least 1s"));
    }
    let points = span.as_secs() / step.as_secs() + 1;
    if points > MAX_POINTS {
        return Err(format!(
            "--since {} at --step {} asks Prometheus for {points} points a query, more than the \
             {MAX_POINTS} it answers: give a --step of at least {}s",
            humantime::format_duration(span),
            humantime::format_duration(step),
            span.as_secs().div_ceil(MAX_POINTS - 1)
        ));
    }
    let end = plan.past.map_or_else(chrono::Utc::now, |past| past.at);
    let aligned = end.timestamp() - end.timestamp().rem_euclid(step.as_secs() as i64);
    let end = chrono::DateTime::from_timestamp(aligned, 0).unwrap_or(end);
    let start = end - chrono::Duration::from_std(span).map_err(|e| e.to_string())?;
    let client = crate::sources::http::client(plan.timeout);
    let deadline = std::time::Instant::now() + plan.timeout;
    let window = plan.runbook.ratios.range();
    let evidence = prometheus::query_timeline(
        &client,
        &plan.prometheus_url,
        window,
        (start, end, step),
        deadline,
    )
    .await
    .map_err(|error| {
        format!(
            "no timeline: {error}; {}",
            diagnosis::checks::hint(diagnosis::checks::Source::Prometheus)
        )
    })?;
    Ok(Outcome::Timeline(diagnosis::timeline::judge(&evidence, &plan.runbook)))
}
