//! Pieces several sections' checks share: getting at a source's evidence
//! (the service's own probes, its metrics and not another program's),
//! cache hit rates per tier and what `/health` says of each tier, and
//! wording.

use super::{Source, Verdict, require, round1};
use crate::analysis::counters::{Counter, ScrapeCounters};
use crate::contract::health::Health;
use crate::contract::metrics::{
    CACHE_HITS, CACHE_MISSES, CONFIG_OPERATIONS, FAMILIES, Family, HTTP_REQUEST_DURATION,
    HTTP_REQUESTS, STORAGE_OPERATION_DURATION, Tier, label,
};
use crate::evidence::redis::{InfoWindow, RedisEvidence};
use crate::evidence::{Evidence, HttpProbe, MetricsWindow, Outcome, RuntimeSnapshot, SourceError};
use crate::report::Status;
use crate::settings;
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

/// A cache tier's hit rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TierRate {
    pub percent: f64,
    pub hits: f64,
    pub lookups: f64,
    /// Over the sampling window (else since the service started).
    pub windowed: bool,
}

/// What the metrics say of a tier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TierState {
    /// The tier exports no counters: it is not enabled.
    Disabled,
    /// Fewer than [`MIN_LOOKUPS`] lookups, over the window and since start.
    TooFew(TierRate),
    Rate(TierRate),
}

/// Lookups below which a hit rate is not judged: one miss of the doctor's
/// own probe on an idle service is not a 0% hit rate.
pub const MIN_LOOKUPS: f64 = 20.0;

/// Hits over hits plus misses of `tier`: over the window when it saw at
/// least [`MIN_LOOKUPS`] lookups, else since the service started.
pub fn tier_hit_rate(window: &MetricsWindow, tier: Tier) -> TierState {
    let filter = [(label::TIER, tier.label())];
    let hits = Counter::new(CACHE_HITS.name, &filter);
    let misses = Counter::new(CACHE_MISSES.name, &filter);
    if !window.latest().has_series(hits.name, hits.filter) {
        return TierState::Disabled;
    }
    // The hits series exists, so the totals always answer.
    let (hits, lookups, windowed) = window
        .ratio_inputs_over(&[hits], &[hits, misses], MIN_LOOKUPS)
        .map_or((0.0, 0.0, false), |(h, l)| (h.value, l.value, l.windowed));
    let rate = TierRate {
        percent: if lookups > 0.0 { hits * 100.0 / lookups } else { 0.0 },
        hits,
        lookups,
        windowed,
    };
    if lookups < MIN_LOOKUPS { TierState::TooFew(rate) } else { TierState::Rate(rate) }
}

impl TierRate {
    /// "L1 has had 3 lookup(s) since the service started, too few to judge".
    pub fn too_few(&self, tier: &str, window: &MetricsWindow) -> String {
        format!(
            "{tier} has had {} lookup(s) {}, too few to judge (under {MIN_LOOKUPS})",
            self.lookups,
            span_words(window, self.windowed)
        )
    }

    /// "92.5% (185 of 200 lookups over the last 1s)".
    pub fn describe(&self, window: &MetricsWindow) -> String {
        format!(
            "{}% ({} of {} lookups {})",
            round1(self.percent),
            self.hits,
            self.lookups,
            span_words(window, self.windowed)
        )
    }
}

/// "over the last 1.0s" or "since the service started".
pub fn span_words(window: &MetricsWindow, windowed: bool) -> String {
    match window.window_seconds() {
        Some(seconds) if windowed => format!("over the last {}s", round1(seconds)),
        _ => "since the service started".to_owned(),
    }
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
                 --redis-url with a user that has them."
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
