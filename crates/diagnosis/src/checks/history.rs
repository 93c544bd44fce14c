//! The service against its own history, through Prometheus: the error
//! rate, the API's P95, the cache hit rate and the request rate beside
//! the same span a day or a week earlier (`history --against`), judged by
//! the runbook's `[history]` bands; and the error budget of each
//! objective of `[objectives]`, judged by multi-window burn rates.
//!
//! The figures of both spans come from one place, [`rates`], asked once
//! of the run's Prometheus answers and once of the earlier ones, so a
//! figure here is the one `quick` and `latency` give. Each span must hold
//! the runbook's minimum sample, or the comparison is not judged.

use super::common::{self, Share};
use super::rates;
use super::{Check, Section, Source, Verdict, judge_band, round1, round2};
use crate::catalogue::Objective;
use crate::evidence::prometheus::{HistoryEvidence, PrometheusEvidence};
use crate::evidence::{Evidence, PastWindow};
use crate::report::Status;
use crate::runbook::{AlertSeverity, BurnRateAlert, Objectives, Runbook};
use crate::threshold::{BandClaim, Direction, trim_float};
use crate::threshold::{Threshold, Unit};

pub static CHECKS: &[&Check] =
    &[&ERROR_RATE, &API_P95, &CACHE_HIT_RATE, &REQUEST_RATE, &AVAILABILITY_BUDGET, &LATENCY_BUDGET];

const NEEDS: &[Source] = &[Source::Prometheus, Source::History];

static ERROR_RATE: Check = Check {
    code: "history.error-rate",
    section: Section::History,
    title: "Error rate against its usual",
    needs: NEEDS,
    band: BandClaim::new("history.error-rate-ratio", Unit::Ratio),
    judge: error_rate,
};

static API_P95: Check = Check {
    code: "history.api-p95",
    section: Section::History,
    title: "API P95 against its usual",
    needs: NEEDS,
    band: BandClaim::new("history.p95-ratio", Unit::Ratio),
    judge: api_p95,
};

static CACHE_HIT_RATE: Check = Check {
    code: "history.cache-hit-rate",
    section: Section::History,
    title: "Cache hit rate against its usual",
    needs: NEEDS,
    band: BandClaim::new("history.cache-hit-rate-drop", Unit::Points),
    judge: cache_hit_rate,
};

static REQUEST_RATE: Check = Check {
    code: "history.request-rate",
    section: Section::History,
    title: "Request rate against its usual",
    needs: NEEDS,
    band: None,
    judge: request_rate,
};

static AVAILABILITY_BUDGET: Check = Check {
    code: "history.availability-budget",
    section: Section::History,
    title: "Availability objective: error budget burn",
    needs: NEEDS,
    band: None,
    judge: |evidence, runbook| budget(evidence, runbook, Objective::Availability),
};

static LATENCY_BUDGET: Check = Check {
    code: "history.latency-budget",
    section: Section::History,
    title: "Latency objective: error budget burn",
    needs: NEEDS,
    band: None,
    judge: |evidence, runbook| budget(evidence, runbook, Objective::Latency),
};

/// The run's span and the usual one, each as evidence holding only its
/// Prometheus answers (the usual one a past span, so its figures say when
/// it ended), and how far back the usual is in words.
struct Spans {
    now: Evidence,
    usual: Evidence,
    earlier: String,
}

fn spans(evidence: &Evidence) -> Result<Spans, Verdict> {
    let history = super::require(&evidence.history, Source::History)?;
    let prometheus = super::require(&evidence.prometheus, Source::Prometheus)?;
    let usual_span = PastWindow {
        at: history.usual.evaluated_at,
        seconds: history.usual.window_seconds.round() as u64,
    };
    Ok(Spans {
        now: Evidence {
            prometheus: Some(Ok(prometheus.clone())),
            past: evidence.past,
            ..Evidence::default()
        },
        usual: Evidence {
            prometheus: Some(Ok(history.usual.clone())),
            past: Some(usual_span),
            ..Evidence::default()
        },
        earlier: earlier(history),
    })
}

/// `a week earlier`, `a day earlier`, or `36h earlier`.
fn earlier(history: &HistoryEvidence) -> String {
    match history.offset_seconds {
        604_800 => "a week earlier".to_owned(),
        86_400 => "a day earlier".to_owned(),
        seconds => format!(
            "{} earlier",
            humantime::format_duration(std::time::Duration::from_secs(seconds))
        ),
    }
}

/// The figure of `answer` for both spans, now's first, or the verdict
/// that one of them has none: UNKNOWN when Prometheus gave no answer.
fn both<T>(
    spans: &Spans,
    answer: impl Fn(&Evidence) -> Result<T, String>,
) -> Result<(T, T), Verdict> {
    let now = answer(&spans.now).map_err(|reason| unanswered("now", reason))?;
    let usual = answer(&spans.usual).map_err(|reason| unanswered(&spans.earlier, reason))?;
    Ok((now, usual))
}

/// The percentages of two shares, now's first, or not judged when either
/// span holds too few events.
fn both_judgeable(
    (now, usual): (&Share, &Share),
    spans: &Spans,
    source: &str,
    runbook: &Runbook,
) -> Result<(f64, f64), Verdict> {
    let judgeable = |which: &str, share: &Share| {
        share.judgeable(runbook).map_err(|reason| {
            Verdict::not_judged(format!("{which}: {reason}"), source.to_owned(), runbook)
        })
    };
    Ok((judgeable("now", now)?, judgeable(&spans.earlier, usual)?))
}

/// Why a span's figure cannot be compared, as a verdict.
fn unanswered(which: &str, reason: String) -> Verdict {
    Verdict::not_measured(format!("{which}: {reason}"), "Prometheus")
        .advise(format!("To measure this, {}.", super::hint(Source::Prometheus)))
}

/// The error rate now over its usual; a usual of no error counts as a
/// tenth of the runbook's warning rate, so that errors where there were
/// none are judged by how many they are.
fn error_rate(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let spans = or_return!(spans(evidence));
    let share = |evidence: &Evidence| {
        rates::operation_errors(evidence).map(|counted| {
            let span = common::span_of(&counted.provenance);
            (Share { part: counted.part, whole: counted.whole, noun: "operations", span }, counted)
        })
    };
    let ((now, counted), (usual, _)) = or_return!(both(&spans, share));
    let source = counted.provenance.to_string();
    let (now_percent, usual_percent) =
        or_return!(both_judgeable((&now, &usual), &spans, &source, runbook));
    let floor = runbook.resources.error_rate.warning / 10.0;
    let ratio = now_percent / usual_percent.max(floor);
    let band = &runbook.history.error_rate_ratio;
    Verdict::new(
        judge_band(ratio, band, Direction::HigherIsWorse),
        format!(
            "error rate {} against {} {}: {}× its usual",
            now.describe(),
            usual.describe(),
            spans.earlier,
            round1(ratio)
        ),
        source,
    )
    .measured(round2(ratio), Unit::Ratio)
    .threshold(Threshold::band(band, Direction::HigherIsWorse, Unit::Ratio).and(format!(
        "now over usual, each on at least {} operations; a usual of no error counts as {}%",
        runbook.ratios.min_sample,
        trim_float(floor)
    )))
}

/// The API's P95 now over its usual, each span with at least the
/// minimum sample of requests.
fn api_p95(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let spans = or_return!(spans(evidence));
    let (now, usual) = or_return!(both(&spans, rates::http_stats));
    let source = now.provenance.to_string();
    let minimum = runbook.ratios.min_sample as f64;
    let requests = |stats: &rates::HttpStats| stats.request_rate * stats.provenance.window_seconds;
    for (which, stats) in [("now", &now), (spans.earlier.as_str(), &usual)] {
        if requests(stats) < minimum || stats.quantiles.p95.is_none() {
            let reason = format!(
                "{which}: {} requests {}, at least {} needed",
                round1(requests(stats)),
                common::span_of(&stats.provenance).words,
                runbook.ratios.min_sample
            );
            return Verdict::not_judged(reason, source, runbook);
        }
    }
    let (now_ms, usual_ms) = (
        now.quantiles.p95.unwrap_or_default() * 1e3,
        usual.quantiles.p95.unwrap_or_default() * 1e3,
    );
    if usual_ms <= 0.0 {
        return Verdict::not_judged(format!("{} the P95 was 0 ms", spans.earlier), source, runbook);
    }
    let ratio = now_ms / usual_ms;
    let band = &runbook.history.p95_ratio;
    Verdict::new(
        judge_band(ratio, band, Direction::HigherIsWorse),
        format!(
            "P95 {} ms {} against {} ms {}: {}× its usual",
            round1(now_ms),
            common::span_of(&now.provenance).words,
            round1(usual_ms),
            spans.earlier,
            round1(ratio)
        ),
        source,
    )
    .measured(round2(ratio), Unit::Ratio)
    .threshold(
        Threshold::band(band, Direction::HigherIsWorse, Unit::Ratio).and(format!(
            "now over usual, each on at least {} requests",
            runbook.ratios.min_sample
        )),
    )
}

/// How many points the cache hit rate fell from its usual.
fn cache_hit_rate(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let spans = or_return!(spans(evidence));
    let hit_rate =
        |evidence: &Evidence| common::cache_hit_rate(evidence).map_err(|verdict| verdict.summary);
    let ((now, _, provenance), (usual, _, _)) = or_return!(both(&spans, hit_rate));
    let source = provenance.to_string();
    let (now_percent, usual_percent) =
        or_return!(both_judgeable((&now, &usual), &spans, &source, runbook));
    let drop = usual_percent - now_percent;
    let band = &runbook.history.cache_hit_rate_drop;
    Verdict::new(
        judge_band(drop, band, Direction::HigherIsWorse),
        format!(
            "reads answered from a cache: {} against {} {}: {} points {}",
            now.describe(),
            usual.describe(),
            spans.earlier,
            round1(drop.abs()),
            if drop > 0.0 { "lower" } else { "higher or the same" }
        ),
        source,
    )
    .measured(round2(drop), Unit::Points)
    .threshold(Threshold::band(band, Direction::HigherIsWorse, Unit::Points).and(format!(
        "points the hit rate fell, each span on at least {} reads",
        runbook.ratios.min_sample
    )))
}

/// The request rate beside its usual: context for the others (a quiet
/// night is no fault), never a verdict of its own.
fn request_rate(evidence: &Evidence, _: &Runbook) -> Verdict {
    let spans = or_return!(spans(evidence));
    let (now, usual) = or_return!(both(&spans, rates::http_stats));
    let source = now.provenance.to_string();
    let mut summary = format!(
        "{} req/s {} against {} req/s {}",
        round2(now.request_rate),
        common::span_of(&now.provenance).words,
        round2(usual.request_rate),
        spans.earlier
    );
    if usual.request_rate > 0.0 {
        summary
            .push_str(&format!(": {}× its usual", round2(now.request_rate / usual.request_rate)));
    }
    Verdict::new(Status::Ok, summary, source)
        .measured(round2(now.request_rate), Unit::RequestsPerSecond)
        .threshold(Threshold::rule("context: how much traffic the other comparisons saw"))
}

/// The share of events (0-1) that missed `objective` over `window`, from
/// the history's objective answers; `None` with fewer than `minimum`
/// events or no answer.
fn missed(
    answers: &PrometheusEvidence,
    objective: Objective,
    window: std::time::Duration,
    minimum: u64,
) -> Option<(f64, f64)> {
    let value = |bad: bool| {
        answers.answer_by_key(&objective.key(bad, window))?.as_ref().ok()?.single_value()
    };
    let (bad, all) = (value(true).unwrap_or(0.0), value(false)?);
    (all >= minimum as f64).then(|| ((bad / all).clamp(0.0, 1.0), all))
}

/// One burn-rate pair as it was seen: the burn of each window, and
/// whether both reached the factor.
struct Burn<'a> {
    alert: &'a BurnRateAlert,
    long: f64,
    short: f64,
}

impl Burn<'_> {
    fn fired(&self) -> bool {
        self.long >= self.alert.factor && self.short >= self.alert.factor
    }

    /// `1h/5m at 20.1× and 31×, over 14.4×`.
    fn describe(&self) -> String {
        format!(
            "{}/{} at {}× and {}× (fires at {}×)",
            humantime::format_duration(self.alert.long),
            humantime::format_duration(self.alert.short),
            round1(self.long),
            round1(self.short),
            trim_float(self.alert.factor)
        )
    }
}

/// The error budget of `objective`: the burn-rate pairs that fired, the
/// worst deciding the status, and the budget left over the period.
fn budget(evidence: &Evidence, runbook: &Runbook, objective: Objective) -> Verdict {
    let Some(objectives) = &runbook.objectives else {
        return Verdict::not_judged(
            "the runbook declares no objectives ([objectives])",
            "runbook",
            runbook,
        );
    };
    let history = or_return!(super::require(&evidence.history, Source::History));
    let answers = &history.objectives;
    let source = format!(
        "{} (burn-rate windows ending {})",
        answers.url,
        crate::evidence::rfc3339(answers.evaluated_at)
    );
    let allowed = objectives.budget(objective);
    let minimum = runbook.ratios.min_sample;
    let burn =
        |window| missed(answers, objective, window, minimum).map(|(share, _)| share / allowed);
    let burns: Vec<Burn> = objectives
        .burn_rates
        .iter()
        .filter_map(|alert| {
            Some(Burn { alert, long: burn(alert.long)?, short: burn(alert.short)? })
        })
        .collect();
    let threshold = Threshold::rule(pairs_rule(objectives));
    let Some((period_missed, period_events)) =
        missed(answers, objective, objectives.period(), minimum)
    else {
        let reason = format!(
            "fewer than {minimum} {} over the {} days of the objective",
            objective.noun(),
            trim_float(objectives.period_days)
        );
        return Verdict::not_judged(reason, source, runbook).threshold(threshold);
    };
    if burns.is_empty() {
        let reason =
            format!("no burn-rate pair had {minimum} {} in both its windows", objective.noun());
        return Verdict::not_judged(reason, source, runbook).threshold(threshold);
    }
    let left = (1.0 - period_missed / allowed) * 100.0;
    let target = 100.0 - allowed * 100.0;
    let what = match objective {
        Objective::Availability => "config operations succeeded".to_owned(),
        Objective::Latency => {
            format!("requests answered within {} ms", trim_float(objectives.latency_ms))
        }
    };
    let fired: Vec<&Burn> = burns.iter().filter(|burn| burn.fired()).collect();
    let status = fired
        .iter()
        .map(|burn| match burn.alert.severity {
            AlertSeverity::Critical => Status::Critical,
            AlertSeverity::Warning => Status::Warning,
        })
        .fold(Status::Ok, Status::worst);
    let pairs = match fired.as_slice() {
        [] => format!("no burn-rate pair fired (fastest: {})", burns[0].describe()),
        fired => format!(
            "fired: {}",
            fired.iter().map(|burn| burn.describe()).collect::<Vec<_>>().join("; ")
        ),
    };
    Verdict::new(
        status,
        format!(
            "{}% of {} {what} over {} days (objective {}%); {pairs}; {}% of the error budget left",
            round2((1.0 - period_missed) * 100.0),
            round1(period_events),
            trim_float(objectives.period_days),
            trim_float(target),
            round1(left)
        ),
        source,
    )
    .measured(round2(left), Unit::Percent)
    .threshold(threshold)
}

/// The alerts of `objectives` in words: `1h/5m at 14.4× pages; ...`.
fn pairs_rule(objectives: &Objectives) -> String {
    let pairs: Vec<String> = objectives
        .burn_rates
        .iter()
        .map(|alert| {
            format!(
                "{}/{} at {}× {}",
                humantime::format_duration(alert.long),
                humantime::format_duration(alert.short),
                trim_float(alert.factor),
                match alert.severity {
                    AlertSeverity::Critical => "CRITICAL",
                    AlertSeverity::Warning => "WARNING",
                }
            )
        })
        .collect();
    format!(
        "multi-window burn rates over a {}-day budget: {}; each window on at least the minimum \
         sample",
        trim_float(objectives.period_days),
        pairs.join(", ")
    )
}
