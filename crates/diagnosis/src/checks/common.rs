//! Pieces several sections' checks share: getting at a source's evidence
//! (the service's own probes, its metrics and not another program's),
//! shares judged by the one minimum-sample rule, the cache hit rate and
//! each tier's own, what `/health` says of each tier, and wording.

use super::rates::{self, Method, Provenance, Reads};
use super::{Source, Verdict, require, round1, round2};
use crate::analysis::counters::{Counter, ScrapeCounters};
use crate::evidence::redis::{InfoWindow, RedisEvidence};
use crate::evidence::{Evidence, HttpProbe, MetricsWindow, Outcome, RuntimeSnapshot, SourceError};
use crate::report::Status;
use crate::runbook::Runbook;
use crate::settings;
use crate::threshold::{Band, Direction};
use crate::threshold::{Threshold, Unit};
use contract::health::Health;
use contract::metrics::{
    CACHE_HITS, CACHE_MISSES, CONFIG_OPERATIONS, FAMILIES, Family, HTTP_REQUEST_DURATION,
    HTTP_REQUESTS, STORAGE_OPERATION_DURATION, Tier, label,
};
use serde::Deserialize;

/// The runtime snapshot, or the verdict that it is missing.
pub fn runtime(evidence: &Evidence) -> Result<&RuntimeSnapshot, Verdict> {
    require(&evidence.runtime, Source::Runtime)
}

/// The metrics window, or the verdict that it is missing or is not the
/// service's (see [`foreign_metrics`]).
pub fn metrics(evidence: &Evidence) -> Result<&MetricsWindow, Verdict> {
    let window = require(&evidence.metrics, Source::Metrics)?;
    match foreign_metrics(window) {
        None => Ok(window),
        Some(reason) => Err(Verdict::not_measured(reason, window.url.clone())
            .advise(format!("To measure this, {}.", super::hint(Source::Metrics)))),
    }
}

/// The contract's families that mark an exposition as the service's: all
/// but the HTTP ones, whose names many web frameworks export too.
pub fn own_families() -> impl Iterator<Item = &'static Family> {
    FAMILIES.iter().filter(|f| ![HTTP_REQUESTS.name, HTTP_REQUEST_DURATION.name].contains(&f.name))
}

/// Why `window` is not the LLM Config Manager's exposition (Prometheus's
/// own `/metrics`, another exporter), when its latest scrape holds none of
/// [`own_families`]; `None` when it is the service's. Without this, a
/// foreign exposition would read as a service with every cache tier off.
pub fn foreign_metrics(window: &MetricsWindow) -> Option<String> {
    let seen = window.latest().family_names();
    if own_families().any(|family| seen.contains(family.name)) {
        return None;
    }
    let examples = [CONFIG_OPERATIONS, CACHE_HITS, STORAGE_OPERATION_DURATION].map(|f| f.name);
    Some(format!(
        "{} is not the LLM Config Manager's metrics: {} families seen, none of {}, … ({} families \
         the service exports)",
        window.url,
        seen.len(),
        examples.join(", "),
        own_families().count()
    ))
}

/// A probe of the service's own API (`/health`, the config read), or the
/// verdict when it got no answer. The service not answering is the
/// finding, CRITICAL: no answer before the deadline, a refused or failed
/// connection, a broken response. Only a probe that was not collected is
/// UNKNOWN.
pub fn service_probe(
    outcome: &Option<Outcome<HttpProbe>>,
    source: Source,
) -> Result<&HttpProbe, Verdict> {
    let evidence = match source {
        Source::ConfigRead => "GET config read",
        _ => "GET /health",
    };
    let summary = match outcome {
        Some(Err(SourceError::TimedOut(reason))) => {
            format!("{reason}: the service is not answering")
        }
        Some(Err(SourceError::Unavailable(reason))) => {
            format!("{reason}: is the service running and is --{} right?", settings::API_URL.flag)
        }
        Some(Err(SourceError::Failed(reason))) => {
            format!("{reason}: the service did not answer with a whole HTTP response")
        }
        other => return require(other, source),
    };
    Err(Verdict::new(Status::Critical, summary, evidence))
}

/// The `/health` document read as the contract defines it, or the
/// verdict that it is missing or is not the service's.
pub fn health(evidence: &Evidence) -> Result<(Health, String), Verdict> {
    let probe = require(&evidence.health, Source::Health)?;
    let source = format!("GET {}", probe.url);
    health_document(probe).map(|health| (health, source.clone())).map_err(|reason| {
        Verdict::not_measured(format!("/health answered {}: {reason}", probe.status), source)
    })
}

/// The probe's body as the service's `/health` document, or why it is not.
pub fn health_document(probe: &HttpProbe) -> Result<Health, String> {
    let body = probe.body.as_ref().ok_or("not a JSON document")?;
    Health::deserialize(body).map_err(|e| format!("not the service's health document ({e})"))
}

/// Whether `/health` says `tier` is enabled; `None` when `/health` was
/// not read or is not the service's document.
pub fn tier_enabled_in_health(evidence: &Evidence, tier: Tier) -> Option<bool> {
    let (health, _) = health(evidence).ok()?;
    let cache = &health.checks.cache;
    Some(match tier {
        Tier::L1 => cache.l1.enabled,
        Tier::L2 => cache.l2.enabled,
    })
}

/// "runtime name", for a finding's evidence.
pub fn runtime_label(runtime: &RuntimeSnapshot) -> String {
    format!("{} {}", runtime.kind.label(), runtime.name)
}

/// UNKNOWN because the runtime gave no CPU sample, with its reason.
pub fn no_cpu(runtime: &RuntimeSnapshot) -> Verdict {
    unmeasured_usage(runtime, "CPU sample")
}

/// UNKNOWN because the runtime gave no memory figure, with its reason.
pub fn no_memory(runtime: &RuntimeSnapshot) -> Verdict {
    unmeasured_usage(runtime, "memory figure")
}

fn unmeasured_usage(runtime: &RuntimeSnapshot, what: &str) -> Verdict {
    let reason = runtime
        .usage_unavailable
        .clone()
        .unwrap_or_else(|| format!("the {} runtime gave no {what}", runtime.kind.label()));
    Verdict::not_measured(reason, runtime_label(runtime))
}

/// What a figure counts over, in words, and what would have widened it.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// `over the last 1s`, `over the 25s since the service started`, or
    /// `since the service started` for context.
    pub words: String,
    /// When a wider window was out of reach, what would have given one.
    pub wider: Option<String>,
}

impl Span {
    /// A span nothing could have widened (Prometheus's range, the
    /// service's whole life, context).
    pub fn fixed(words: impl Into<String>) -> Span {
        Span { words: words.into(), wider: None }
    }

    /// A window of the scrapes of `seconds`: counted from the service's
    /// start, or the widest a run could take without Prometheus, a run
    /// shortly before or a longer `--window`, which the span names.
    fn of_scrapes(seconds: f64, since_start: bool) -> Span {
        if since_start {
            return Span::fixed(format!("over the {}s since the service started", round1(seconds)));
        }
        Span {
            words: format!("over the last {}s", round1(seconds)),
            wider: Some(format!(
                "a wider window needs Prometheus (--{}), a run within 90s of an earlier one, or a \
                 longer --{}",
                settings::PROMETHEUS_URL.flag,
                settings::WINDOW.flag
            )),
        }
    }
}

/// A share of events over a span: `part` of `whole`, e.g. hits of
/// lookups. Every ratio the doctor judges is one, judged through
/// [`Share::judgeable`] and its one minimum-sample rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub part: f64,
    pub whole: f64,
    /// What `whole` counts, plural: `lookups`, `reads`, `operations`.
    pub noun: &'static str,
    pub span: Span,
}

impl Share {
    pub fn percent(&self) -> f64 {
        if self.whole > 0.0 { self.part * 100.0 / self.whole } else { 0.0 }
    }

    /// "92.5% (185 of 200 lookups over the last 1s)".
    pub fn describe(&self) -> String {
        format!(
            "{}% ({} of {} {} {})",
            round1(self.percent()),
            round1(self.part),
            round1(self.whole),
            self.noun,
            self.span.words
        )
    }

    /// The percentage, when the span saw at least the runbook's
    /// `ratios.min-sample` events; else why not, as "0 of 1 lookups over
    /// the last 1s, at least 20 needed", and what would widen the span.
    pub fn judgeable(&self, runbook: &Runbook) -> Result<f64, String> {
        let minimum = runbook.ratios.min_sample;
        if self.whole >= minimum as f64 {
            return Ok(self.percent());
        }
        let mut reason = format!(
            "{} of {} {} {}, at least {minimum} needed",
            round1(self.part),
            round1(self.whole),
            self.noun,
            self.span.words
        );
        if let Some(wider) = &self.span.wider {
            reason.push_str(&format!(" ({wider})"));
        }
        Err(reason)
    }

    /// The share judged by `band`, summarised as `what` then
    /// [`Share::describe`]; not judged ([`Verdict::not_judged`]) when the
    /// sample is too small. `context` (lifetime totals, per-tier figures)
    /// follows either.
    pub fn verdict(
        &self,
        what: &str,
        band: &Band,
        direction: Direction,
        runbook: &Runbook,
        context: &str,
        evidence: String,
    ) -> Verdict {
        let threshold = Threshold::band(band, direction, Unit::Percent)
            .and(format!("judged on at least {} {}", runbook.ratios.min_sample, self.noun));
        match self.judgeable(runbook) {
            Ok(percent) => Verdict::new(
                super::judge_band(percent, band, direction),
                format!("{what}{}{context}", self.describe()),
                evidence,
            )
            .measured(round2(percent), Unit::Percent)
            .threshold(threshold),
            Err(reason) => {
                Verdict::not_judged(format!("{what}{reason}{context}"), evidence, runbook)
                    .threshold(threshold)
            }
        }
    }
}

impl Share {
    /// The share as context beside a judged figure: OK with its value, the
    /// `role` saying why it is not judged; not judged when the sample is
    /// too small, as for a judged share.
    pub fn context_verdict(
        &self,
        what: &str,
        role: &str,
        runbook: &Runbook,
        context: &str,
        evidence: String,
    ) -> Verdict {
        match self.judgeable(runbook) {
            Ok(percent) => {
                Verdict::new(Status::Ok, format!("{what}{}{context}", self.describe()), evidence)
                    .measured(round2(percent), Unit::Percent)
                    .threshold(Threshold::rule(format!("context: {role}")))
            }
            Err(reason) => {
                Verdict::not_judged(format!("{what}{reason}{context}"), evidence, runbook)
            }
        }
    }
}

/// "over the last 1.5s": the span of an answer of [`rates`].
pub fn span_of(provenance: &Provenance) -> Span {
    match provenance.method {
        Method::Prometheus => Span::fixed(match provenance.ending {
            Some(ending) => format!(
                "over the {}s ending {}",
                round1(provenance.window_seconds),
                crate::evidence::rfc3339(ending)
            ),
            None => format!("over the last {}s", round1(provenance.window_seconds)),
        }),
        Method::ScrapeDeltas => Span::of_scrapes(provenance.window_seconds, provenance.since_start),
    }
}

/// Not judged: the answer of [`rates`] saw no `what` (`HTTP request`,
/// `storage read`) over its span, and says what would widen it.
pub fn nothing_observed(what: &str, provenance: &Provenance, runbook: &Runbook) -> Verdict {
    let span = span_of(provenance);
    let mut reason = format!("no {what} {}", span.words);
    if provenance.quantiles_since_start {
        reason.push_str(" or since the service started");
    }
    if let Some(wider) = &span.wider {
        reason.push_str(&format!(" ({wider})"));
    }
    Verdict::not_judged(reason, provenance.to_string(), runbook)
}

/// The span of the counters of `window`; `None` when it spans nothing
/// (one scrape counted between scrapes).
pub fn window_span(window: &MetricsWindow) -> Option<Span> {
    let seconds = window.window_seconds()?;
    Some(Span::of_scrapes(seconds, window.counted_from_start.is_some()))
}

/// The words for totals since start: context, never a current verdict.
pub const SINCE_START: &str = "since the service started";

/// What the metrics say of a cache tier's own lookups (hits over hits plus
/// misses of `cache_*_total{tier}`): context beside the cache hit rate.
#[derive(Debug, Clone, PartialEq)]
pub enum TierLookups {
    /// The tier exports no counters: it is not enabled.
    Disabled,
    Enabled {
        /// Over the sampling window; `None` with a single scrape.
        window: Option<Share>,
        since_start: Share,
    },
}

/// Whether `tier` exports its counters, i.e. is enabled.
pub fn tier_enabled(window: &MetricsWindow, tier: Tier) -> bool {
    window.latest().has_series(CACHE_HITS.name, &[(label::TIER, tier.label())])
}

/// A tier's own hits over its lookups, over the window and since start.
pub fn tier_lookups(window: &MetricsWindow, tier: Tier) -> TierLookups {
    let filter = [(label::TIER, tier.label())];
    let hits = [Counter::new(CACHE_HITS.name, &filter)];
    let lookups =
        [Counter::new(CACHE_HITS.name, &filter), Counter::new(CACHE_MISSES.name, &filter)];
    if !tier_enabled(window, tier) {
        return TierLookups::Disabled;
    }
    let share = |part: Option<f64>, whole: Option<f64>, span: Span| Share {
        part: part.unwrap_or(0.0),
        whole: whole.unwrap_or(0.0),
        noun: "lookups",
        span,
    };
    let since_start =
        share(window.total_of(&hits), window.total_of(&lookups), Span::fixed(SINCE_START));
    let window = window.for_events(|w| w.increase_of(&lookups).unwrap_or(0.0));
    let window_share = window_span(&window)
        .map(|span| share(window.increase_of(&hits), window.increase_of(&lookups), span));
    TierLookups::Enabled { window: window_share, since_start }
}

/// The cache hit rate, the one the runbook's band judges: the share of
/// config reads answered without storage (by L1 or L2), over the window
/// of [`rates::reads`] (Prometheus's five minutes, else the sampling
/// window). With it, the reads by source, and how it was measured.
pub fn cache_hit_rate(evidence: &Evidence) -> Result<(Share, Reads, Provenance), Verdict> {
    let (reads, provenance) = rates::reads(evidence)
        .map_err(|reason| Verdict::not_measured(reason, "metrics").advise(hit_rate_advice()))?;
    let share = Share {
        part: reads.cached(),
        whole: reads.total(),
        noun: "reads",
        span: span_of(&provenance),
    };
    Ok((share, reads, provenance))
}

fn hit_rate_advice() -> String {
    format!("To measure this, {}.", super::hint(Source::Metrics))
}

/// [`cache_hit_rate`] judged by the runbook's band, with the reads by
/// source and the totals since start as context: `quick.cache-hit-rate`
/// and `cache.hit-rate` give the same answer.
pub fn judge_cache_hit_rate(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (share, reads, provenance) = or_return!(cache_hit_rate(evidence));
    let mut context = format!(
        "; by source: L1 {}, L2 {}, storage {}",
        round1(reads.l1),
        round1(reads.l2),
        round1(reads.storage)
    );
    if let Some(Ok(window)) = &evidence.metrics {
        if !Tier::ALL.iter().any(|&tier| tier_enabled(window, tier)) {
            context.push_str("; no cache tier is enabled: every read goes to storage");
        }
        if !provenance.since_start
            && let Some(total) = rates::reads_since_start(window)
        {
            let lifetime = Share {
                part: total.cached(),
                whole: total.total(),
                noun: "reads",
                span: Span::fixed(SINCE_START),
            };
            context.push_str(&format!("; {}", lifetime.describe()));
        }
    }
    share.verdict(
        "reads answered from a cache: ",
        &runbook.resources.cache_hit_rate,
        Direction::LowerIsWorse,
        runbook,
        &context,
        provenance.to_string(),
    )
}

/// At most `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// The doctor's Redis probe, or the verdict that it is missing.
pub fn redis(evidence: &Evidence) -> Result<&RedisEvidence, Verdict> {
    require(&evidence.redis, Source::Redis)
}

/// One part of the Redis probe (PING, INFO, SLOWLOG), or UNKNOWN with the
/// reason; a refused permission says which grant fixes it.
pub fn redis_part<'a, T>(
    part: &'a Outcome<T>,
    redis: &RedisEvidence,
    what: &str,
) -> Result<&'a T, Verdict> {
    part.as_ref().map_err(|error| {
        let verdict =
            Verdict::not_measured(error.to_string(), format!("{what} on {}", redis.target));
        let reason = error.to_string();
        if reason.contains("NOPERM") {
            verdict.advise(format!(
                "The doctor's Redis user may not run {what}. Grant it read-only monitoring \
                 commands, e.g. `ACL SETUSER <user> +info +slowlog +ping +config|get`, or give \
                 {} with a user that has them.",
                settings::REDIS_URL.option()
            ))
        } else {
            verdict.advise(format!("To measure this, {}.", super::hint(Source::Redis)))
        }
    })
}

/// The INFO window of the Redis probe, or UNKNOWN with the reason.
pub fn redis_info(evidence: &Evidence) -> Result<(&InfoWindow, String), Verdict> {
    let redis = redis(evidence)?;
    let info = redis_part(&redis.info, redis, "INFO")?;
    Ok((info, format!("INFO on {}", redis.target)))
}

/// Bytes in MiB, for summaries.
pub fn mib(bytes: u64) -> String {
    round1(bytes as f64 / 1048576.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_probe_without_an_answer_is_critical_and_says_why() {
        let judge = |error: SourceError| {
            service_probe(&Some(Err(error)), Source::ConfigRead).expect_err("no probe")
        };
        let silent = judge(SourceError::TimedOut(
            "the config read gave no answer within the 5000ms deadline".into(),
        ));
        assert_eq!(silent.status, Status::Critical);
        assert_eq!(
            silent.summary,
            "the config read gave no answer within the 5000ms deadline: the service is not answering"
        );
        let refused =
            judge(SourceError::Unavailable("connection refused at http://h:8080/health".into()));
        assert_eq!(refused.status, Status::Critical);
        assert_eq!(
            refused.summary,
            "connection refused at http://h:8080/health: is the service running and is --api-url \
             right?"
        );
        let broken =
            judge(SourceError::Failed("connection closed before message completed".into()));
        assert_eq!(broken.status, Status::Critical);
        // Not collected is the one case the doctor could not look.
        let skipped = service_probe(&None, Source::ConfigRead).expect_err("no probe");
        assert_eq!(skipped.status, Status::Unknown);
    }
}
