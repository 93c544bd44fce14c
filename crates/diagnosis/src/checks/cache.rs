//! The runbook's cache section: hit rate per tier, evictions, fill, TTLs,
//! whether the service and the doctor reach its Redis tier, and Redis's own
//! evictions, hit rate and latency as the doctor's probe sees them.

use super::common::{self, Share, Span, TierLookups, tier_lookups};
use super::{Check, Section, Source, Verdict, round1, round2};
use crate::analysis::counters::{Counter, InfoCounters, ScrapeCounters};
use crate::analysis::probes::{MIN_PROBES, ProbeSummary};
use crate::evidence::redis::RedisEvidence;
use crate::evidence::{Evidence, MetricsWindow};
use crate::report::Status;
use crate::runbook::Runbook;
use crate::settings;
use crate::threshold::Direction;
use crate::threshold::{BandClaim, Threshold, Unit};
use contract::health::{DependencyStatus, Health, L1Check};
use contract::metrics::{CACHE_EVICTIONS, CACHE_HITS, CACHE_MISSES, EvictionCause, Tier, label};

pub static CHECKS: &[&Check] = &[
    &HIT_RATE,
    &L1_HIT_RATE,
    &L2_HIT_RATE,
    &L1_EVICTIONS,
    &L1_FILL,
    &TTL,
    &L2_STATUS,
    &REDIS_EVICTIONS,
    &REDIS_HIT_RATE,
    &REDIS_LATENCY,
    &REDIS_BIG_KEYS,
];

static HIT_RATE: Check = Check {
    code: "cache.hit-rate",
    section: Section::Cache,
    title: "Cache hit rate",
    needs: &[Source::Metrics, Source::Prometheus],
    band: None,
    judge: common::judge_cache_hit_rate,
};

static L1_HIT_RATE: Check = Check {
    code: "cache.l1-hit-rate",
    section: Section::Cache,
    title: "L1 hit rate",
    needs: &[Source::Metrics, Source::Health],
    band: BandClaim::new("resources.cache-hit-rate", Unit::Percent),
    judge: |evidence, runbook| tier_hit_rate(evidence, runbook, Tier::L1),
};

static L2_HIT_RATE: Check = Check {
    code: "cache.l2-hit-rate",
    section: Section::Cache,
    title: "L2 hit rate",
    needs: &[Source::Metrics, Source::Health],
    band: BandClaim::new("resources.cache-hit-rate", Unit::Percent),
    judge: |evidence, runbook| tier_hit_rate(evidence, runbook, Tier::L2),
};

/// A tier's own hits over its lookups over the sampling window. L1 sees
/// every read, and so does L2 when L1 is off: then L2's rate is the share
/// of reads it answers, and is judged. Otherwise L2 sees only L1's misses,
/// mostly first reads of keys it has not seen either (a storage read fills
/// both tiers), so on one replica its own rate is near zero by
/// construction: context, not judged; the cache hit rate
/// (`cache.hit-rate`) counts its hits. L1's own rate is context too, since
/// L2 may answer what it misses.
fn tier_hit_rate(evidence: &Evidence, runbook: &Runbook, tier: Tier) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let name = tier.label().to_uppercase();
    let source = window.url.clone();
    let (share, since_start) = match tier_lookups(window, tier) {
        TierLookups::Disabled => return tier_without_series(evidence, window, tier),
        TierLookups::Enabled { window: Some(share), since_start } => (share, since_start),
        TierLookups::Enabled { window: None, since_start } => {
            let reason = format!(
                "{source} was scraped once, so there is no window; {name} {}",
                since_start.describe()
            );
            return Verdict::not_measured(reason, source);
        }
    };
    let context = format!("; {}", since_start.describe());
    let judged = tier == Tier::L2 && !common::tier_enabled(window, Tier::L1);
    if judged {
        let what = format!("{name} answers every read (L1 is off): ");
        let band = &runbook.resources.cache_hit_rate;
        let verdict =
            share.verdict(&what, band, Direction::LowerIsWorse, runbook, &context, source);
        return health_agrees(evidence, tier, verdict);
    }
    let role = match tier {
        Tier::L1 => "L2 may answer what L1 misses; cache.hit-rate judges both tiers",
        Tier::L2 => {
            "L2 sees only L1's misses, on one replica mostly keys it has not seen either; \
             cache.hit-rate judges both tiers"
        }
    };
    let verdict = share.context_verdict(&format!("{name} "), role, runbook, &context, source);
    health_agrees(evidence, tier, verdict)
}

/// `verdict` on a tier the metrics count, raised to a WARNING when
/// `/health` says the tier is off.
fn health_agrees(evidence: &Evidence, tier: Tier, verdict: Verdict) -> Verdict {
    if common::tier_enabled_in_health(evidence, tier) == Some(false) {
        let name = tier.label().to_uppercase();
        return disagreement(
            verdict,
            format!("/health says {name} is not enabled, but the metrics count its lookups"),
        );
    }
    verdict
}

/// The verdict on a tier whose lookups the service's metrics do not
/// count: not enabled, unless `/health` says it is (a WARNING with both
/// views: the metrics may be another instance's, or the service's own
/// views of its tiers disagree).
fn tier_without_series(evidence: &Evidence, window: &MetricsWindow, tier: Tier) -> Verdict {
    let name = tier.label().to_uppercase();
    let series = format!("{}{{{}=\"{}\"}}", CACHE_HITS.name, label::TIER, tier.label());
    match common::tier_enabled_in_health(evidence, tier) {
        Some(true) => Verdict::new(
            Status::Warning,
            format!(
                "/health says {name} is enabled, but {} has no {series}: the metrics and \
                 /health disagree (is --metrics-url the same instance as --api-url?)",
                window.url
            ),
            format!("{} and /health", window.url),
        )
        .advise(SAME_INSTANCE),
        Some(false) => Verdict::new(
            Status::Ok,
            format!("{name} is not enabled (no {series}; /health agrees)"),
            window.url.clone(),
        ),
        None => Verdict::new(
            Status::Ok,
            format!("{name} is not enabled (no {series}; /health not read)"),
            window.url.clone(),
        ),
    }
}

/// What to do when `/health` and the metrics disagree about a tier.
const SAME_INSTANCE: &str = "Check that --metrics-url and --api-url name the same instance \
     (the same host or pod; behind a load balancer they may reach different replicas). If they \
     do, the service reports its cache tiers inconsistently: compare its CACHE_L1_ENABLED and \
     CACHE_L2_ENABLED settings with what /health shows, and restart it.";

/// `verdict` raised to WARNING, with what `/health` says beside it.
fn disagreement(verdict: Verdict, health_view: String) -> Verdict {
    Verdict {
        status: verdict.status.worst(Status::Warning),
        summary: format!("{health_view}: {}", verdict.summary),
        evidence: format!("{} and /health", verdict.evidence),
        ..verdict
    }
    .advise(SAME_INSTANCE)
}

static L1_EVICTIONS: Check = Check {
    code: "cache.l1-evictions",
    section: Section::Cache,
    title: "L1 evictions",
    needs: &[Source::Metrics, Source::Health],
    band: None,
    judge: l1_evictions,
};

/// Size evictions during the sampling window: none is OK, any a WARNING,
/// more than `cache.eviction-critical-percent` of the window's lookups
/// (on at least `ratios.min-sample` of them) CRITICAL. Evictions before
/// the window are context.
fn l1_evictions(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let source = window.url.clone();
    if !common::tier_enabled(window, Tier::L1) {
        return tier_without_series(evidence, window, Tier::L1);
    }
    let tier = [(label::TIER, Tier::L1.label())];
    let cause = [(label::TIER, Tier::L1.label()), (label::CAUSE, EvictionCause::Size.label())];
    let evicted = [Counter::new(CACHE_EVICTIONS.name, &cause)];
    let lookups = [Counter::new(CACHE_HITS.name, &tier), Counter::new(CACHE_MISSES.name, &tier)];
    let context =
        format!("{} {}", round1(window.total_of(&evicted).unwrap_or(0.0)), common::SINCE_START);
    let window = window.for_events(|w| w.increase_of(&lookups).unwrap_or(0.0));
    let Some(span) = common::window_span(&window) else {
        return Verdict::not_measured(
            format!("{source} was scraped once, so there is no window; {context}"),
            source,
        );
    };
    let share = Share {
        part: window.increase_of(&evicted).unwrap_or(0.0),
        whole: window.increase_of(&lookups).unwrap_or(0.0),
        noun: "lookups",
        span,
    };
    let critical = runbook.cache.eviction_critical_percent;
    let threshold = Threshold::new(0.0, critical, Direction::HigherIsWorse, Unit::PercentOfLookups)
        .and(format!("the share is judged on at least {} lookups", runbook.ratios.min_sample));
    let evicted_words =
        format!("{} entries evicted for size {}", round1(share.part), share.span.words);
    let (status, summary) = match share.judgeable(runbook) {
        _ if share.part == 0.0 => {
            (Status::Ok, format!("no entry evicted for size {} ({context})", share.span.words))
        }
        Ok(percent) => (
            if percent > critical { Status::Critical } else { Status::Warning },
            format!(
                "{evicted_words}, {}% of {} lookups ({context})",
                round1(percent),
                round1(share.whole)
            ),
        ),
        Err(reason) => {
            (Status::Warning, format!("{evicted_words}; their share: {reason} ({context})"))
        }
    };
    let verdict = Verdict::new(status, summary, source).threshold(threshold);
    match share.judgeable(runbook) {
        Ok(percent) => verdict.measured(round2(percent), Unit::PercentOfLookups),
        Err(_) => verdict,
    }
}

/// The L1 block of `/health`, when L1 is enabled.
fn l1_settings(health: &Health) -> Option<&L1Check> {
    let l1 = &health.checks.cache.l1;
    l1.enabled.then_some(l1)
}

static L1_FILL: Check = Check {
    code: "cache.l1-fill",
    section: Section::Cache,
    title: "L1 fill",
    needs: &[Source::Health],
    band: None,
    judge: l1_fill,
};

fn l1_fill(evidence: &Evidence, _: &Runbook) -> Verdict {
    let (health, source) = match common::health(evidence) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    match l1_settings(&health) {
        None => Verdict::new(Status::Ok, "L1 is not enabled", source),
        Some(&L1Check { entries, capacity, .. }) => {
            let percent = if capacity > 0 { entries as f64 * 100.0 / capacity as f64 } else { 0.0 };
            let note =
                if percent >= 95.0 { "; at capacity, new entries evict old ones" } else { "" };
            Verdict::new(
                Status::Ok,
                format!("{entries} of {capacity} entries ({}%){note}", round1(percent)),
                source,
            )
            .measured(round2(percent), Unit::Percent)
        }
    }
}

static TTL: Check = Check {
    code: "cache.ttl",
    section: Section::Cache,
    title: "Cache TTLs",
    needs: &[Source::Health],
    band: None,
    judge: ttl,
};

fn ttl(evidence: &Evidence, _: &Runbook) -> Verdict {
    let (health, source) = match common::health(evidence) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    let l1 = l1_settings(&health)
        .map_or_else(|| "L1 off".to_owned(), |l1| format!("L1 {}s", l1.ttl_seconds));
    let l2 = health.checks.cache.l2.ttl_seconds;
    let l2 = l2.map_or_else(|| "L2 off".to_owned(), |ttl| format!("L2 {ttl}s"));
    Verdict::new(Status::Ok, format!("{l1}, {l2}"), source)
}

static L2_STATUS: Check = Check {
    code: "cache.l2-status",
    section: Section::Cache,
    title: "L2 reachable",
    needs: &[Source::Health, Source::Redis],
    band: None,
    judge: l2_status,
};

/// What the service says of its L2 tier in `/health`.
enum ServiceView {
    Up(f64),
    Down,
    Disabled,
    Unread(Verdict),
}

/// What the doctor's own probe saw.
enum DoctorView {
    Up(String),
    Degraded(String),
    Down(String),
}

fn service_view(evidence: &Evidence) -> (ServiceView, String) {
    let (health, source) = match common::health(evidence) {
        Ok(found) => found,
        Err(verdict) => return (ServiceView::Unread(verdict), "/health".into()),
    };
    let l2 = &health.checks.cache.l2;
    let view = match l2.status {
        DependencyStatus::Up => ServiceView::Up(l2.latency_ms.unwrap_or_default()),
        DependencyStatus::Down => ServiceView::Down,
        DependencyStatus::Disabled => ServiceView::Disabled,
    };
    (view, source)
}

fn doctor_view(redis: &RedisEvidence, runbook: &Runbook) -> DoctorView {
    let ping = match &redis.ping {
        Ok(ping) => format!("PING avg {} ms", round1(ping.avg_ms)),
        Err(error) => return DoctorView::Degraded(format!("connected but PING failed: {error}")),
    };
    let Ok(info) = &redis.info else {
        return DoctorView::Up(ping);
    };
    let latest = info.latest();
    let mut notes = vec![ping];
    let mut degraded = Vec::new();
    if let (Some(clients), Some(max)) = (latest.connected_clients, latest.maxclients) {
        notes.push(format!("{clients} of {max} clients"));
        let percent = if max > 0 { clients as f64 * 100.0 / max as f64 } else { 0.0 };
        if percent >= runbook.redis.clients_degraded_percent {
            degraded.push(format!("{}% of maxclients in use", round1(percent)));
        }
    }
    match info.delta(|i| i.rejected_connections) {
        Some(rejected) if rejected > 0 => {
            degraded.push(format!("{rejected} connection(s) rejected during the window"))
        }
        _ => {
            if let Some(rejected) = latest.rejected_connections {
                notes.push(format!("{rejected} rejected since start"));
            }
        }
    }
    if let Some(blocked) = latest.blocked_clients {
        notes.push(format!("{blocked} blocked"));
    }
    if degraded.is_empty() {
        DoctorView::Up(notes.join(", "))
    } else {
        DoctorView::Degraded(format!("{} ({})", degraded.join(", "), notes.join(", ")))
    }
}

fn l2_status(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (service, source) = service_view(evidence);
    let doctor = match &evidence.redis {
        None => None,
        Some(Ok(redis)) => Some((doctor_view(redis, runbook), redis.target.clone())),
        Some(Err(error)) => {
            Some((DoctorView::Down(error.to_string()), "the doctor's Redis probe".into()))
        }
    };
    let Some((doctor, target)) = doctor else {
        return match service {
            ServiceView::Up(latency) => Verdict::new(
                Status::Ok,
                format!("the service reaches Redis ({} ms)", round1(latency)),
                source,
            )
            .measured(latency, Unit::Milliseconds),
            ServiceView::Down => Verdict::new(
                Status::Critical,
                "the service cannot reach Redis; reads fall through to storage",
                source,
            ),
            ServiceView::Disabled => Verdict::new(Status::Ok, "L2 is not enabled", source),
            ServiceView::Unread(verdict) => verdict,
        };
    };
    let evidence_text = format!("{source}; {target}");
    let (status, summary) = match (&service, &doctor) {
        (ServiceView::Disabled, DoctorView::Up(notes)) => (
            Status::Ok,
            format!("L2 is not enabled in the service; the doctor reaches Redis ({notes})"),
        ),
        (ServiceView::Disabled, DoctorView::Degraded(why) | DoctorView::Down(why)) => {
            (Status::Ok, format!("L2 is not enabled in the service; the doctor's probe: {why}"))
        }
        (ServiceView::Up(latency), DoctorView::Up(notes)) => (
            Status::Ok,
            format!(
                "up: the service reaches Redis ({} ms) and so does the doctor ({notes})",
                round1(*latency)
            ),
        ),
        (ServiceView::Unread(_), DoctorView::Up(notes)) => {
            (Status::Ok, format!("up: the doctor reaches Redis ({notes}); /health was not read"))
        }
        (ServiceView::Up(_) | ServiceView::Unread(_), DoctorView::Degraded(why)) => {
            (Status::Warning, format!("degraded: Redis answers but {why}"))
        }
        (ServiceView::Up(_), DoctorView::Down(why)) => (
            Status::Warning,
            format!(
                "degraded: the service reaches Redis but the doctor cannot ({why}); check {} and \
                 the path from here",
                settings::REDIS_URL.option()
            ),
        ),
        (ServiceView::Unread(_), DoctorView::Down(why)) => (
            Status::Critical,
            format!("down: the doctor cannot reach Redis ({why}); /health was not read"),
        ),
        (ServiceView::Down, DoctorView::Up(_) | DoctorView::Degraded(_)) => (
            Status::Critical,
            "down for the service: Redis answers the doctor but not the service; check the \
             service's REDIS_URL, its credentials and the network from its host"
                .to_owned(),
        ),
        (ServiceView::Down, DoctorView::Down(why)) => (
            Status::Critical,
            format!("down: neither the service nor the doctor reaches Redis ({why})"),
        ),
    };
    Verdict::new(status, summary, evidence_text)
        .threshold(Threshold::rule("up is OK, degraded is a WARNING, down is CRITICAL"))
}

static REDIS_EVICTIONS: Check = Check {
    code: "cache.redis-evictions",
    section: Section::Cache,
    title: "Redis evictions",
    needs: &[Source::Redis],
    band: None,
    judge: redis_evictions,
};

fn redis_evictions(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (info, source) = or_return!(common::redis_info(evidence));
    let Some(total) = info.latest().evicted_keys else {
        return Verdict::not_measured("INFO has no evicted_keys", source);
    };
    let sustained = runbook.redis.evictions_sustained_per_second;
    let threshold = Threshold::new(0.0, sustained, Direction::HigherIsWorse, Unit::KeysPerSecond)
        .and("judged on the rate during the window; evictions only before it are a WARNING");
    let windowed = info.delta(|i| i.evicted_keys).zip(info.window_seconds);
    let (status, summary, value, unit) = match windowed {
        Some((delta, seconds)) if delta > 0 => {
            let rate = delta as f64 / seconds.max(0.001);
            let status = if rate >= sustained { Status::Critical } else { Status::Warning };
            let word = if status == Status::Critical { "sustained: " } else { "" };
            (
                status,
                format!(
                    "{word}{delta} keys evicted during the {}s window ({}/s), {total} since start",
                    round1(seconds),
                    round1(rate)
                ),
                rate,
                Unit::KeysPerSecond,
            )
        }
        Some((_, seconds)) if total > 0 => (
            Status::Warning,
            format!(
                "{total} keys evicted since start, none during the {}s window",
                round1(seconds)
            ),
            0.0,
            Unit::KeysPerSecond,
        ),
        None if total > 0 => (
            Status::Warning,
            format!("{total} keys evicted since start (INFO was read once, no rate)"),
            total as f64,
            Unit::Keys,
        ),
        _ => (Status::Ok, "no key evicted since start".to_owned(), 0.0, Unit::KeysPerSecond),
    };
    Verdict::new(status, summary, source).measured(round2(value), unit).threshold(threshold)
}

static REDIS_HIT_RATE: Check = Check {
    code: "cache.redis-hit-rate",
    section: Section::Cache,
    title: "Redis hit rate",
    needs: &[Source::Redis],
    band: BandClaim::new("resources.cache-hit-rate", Unit::Percent),
    judge: redis_hit_rate,
};

/// Keyspace hits over lookups during the INFO window. Judged by the
/// runbook's band only when the service is seen running without L1: then
/// its every read asks Redis. With L1 on, Redis sees only L1's misses (and
/// every other client's lookups), so its rate is context.
fn redis_hit_rate(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (info, source) = or_return!(common::redis_info(evidence));
    let latest = info.latest();
    let (Some(hits), Some(misses)) = (latest.keyspace_hits, latest.keyspace_misses) else {
        return Verdict::not_measured("INFO has no keyspace_hits/keyspace_misses", source);
    };
    let since_start = Share {
        part: hits as f64,
        whole: (hits + misses) as f64,
        noun: "lookups",
        span: Span::fixed("since Redis started"),
    };
    let context = format!("; {}", since_start.describe());
    let window = info
        .delta(|i| i.keyspace_hits)
        .zip(info.delta(|i| i.keyspace_misses))
        .zip(info.window_seconds);
    let Some(((hits, misses), seconds)) = window else {
        return Verdict::not_measured(
            format!("INFO was read once, so there is no window{context}"),
            source,
        );
    };
    let share = Share {
        part: hits as f64,
        whole: (hits + misses) as f64,
        noun: "lookups",
        span: Span::fixed(format!("over the last {}s", round1(seconds))),
    };
    if l1_seen_off(evidence) {
        let what = "keyspace hits (the service runs without L1, so every read asks Redis): ";
        let band = &runbook.resources.cache_hit_rate;
        return share.verdict(what, band, Direction::LowerIsWorse, runbook, &context, source);
    }
    let role = "Redis sees only the service's L1 misses, and every other client's lookups; \
                cache.hit-rate judges the service's reads";
    share.context_verdict("keyspace hits: ", role, runbook, &context, source)
}

/// Whether the metrics or `/health`, when collected, show L1 off.
fn l1_seen_off(evidence: &Evidence) -> bool {
    if let Some(Ok(window)) = &evidence.metrics {
        return !common::tier_enabled(window, Tier::L1);
    }
    common::health(evidence).is_ok_and(|(health, _)| l1_settings(&health).is_none())
}

static REDIS_BIG_KEYS: Check = Check {
    code: "cache.redis-bigkeys",
    section: Section::Cache,
    title: "Redis largest keys",
    needs: &[Source::RedisBigKeys],
    band: None,
    judge: redis_big_keys,
};

/// A cached config value this large is slow to move and to (de)serialise.
const BIG_KEY_MIB: f64 = 1.0;

fn redis_big_keys(evidence: &Evidence, _: &Runbook) -> Verdict {
    let redis = or_return!(common::redis(evidence));
    let scan = match &redis.big_keys {
        Some(scan) => or_return!(common::redis_part(scan, redis, "the --bigkeys scan")),
        None => return Verdict::not_measured("the keyspace was not scanned", redis.target.clone()),
    };
    let coverage = if scan.complete {
        "the whole keyspace".to_owned()
    } else {
        format!("the first {} keys (budget reached)", scan.scanned)
    };
    let Some((_, bytes)) = scan.largest.first() else {
        return Verdict::new(Status::Ok, format!("no key in {coverage}"), redis.target.clone());
    };
    let listed: Vec<String> = scan
        .largest
        .iter()
        .take(5)
        .map(|(key, bytes)| format!("{key} {} KiB", round1(*bytes as f64 / 1024.0)))
        .collect();
    let status = if *bytes as f64 / 1048576.0 > BIG_KEY_MIB { Status::Warning } else { Status::Ok };
    Verdict::new(
        status,
        format!("largest of {} scanned ({coverage}): {}", scan.scanned, listed.join(", ")),
        redis.target.clone(),
    )
    .measured(*bytes as f64, Unit::Bytes)
    .threshold(Threshold::warning_at(BIG_KEY_MIB, Direction::HigherIsWorse, Unit::Mebibytes))
}

static REDIS_LATENCY: Check = Check {
    code: "cache.redis-latency",
    section: Section::Cache,
    title: "Redis latency",
    needs: &[Source::Redis],
    band: BandClaim::new("redis.latency-ms", Unit::Milliseconds),
    judge: redis_latency,
};

fn redis_latency(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let redis = or_return!(common::redis(evidence));
    let ping = or_return!(common::redis_part(&redis.ping, redis, "PING"));
    let band = &runbook.redis.latency_ms;
    let threshold = Threshold::band(band, Direction::HigherIsWorse, Unit::Milliseconds)
        .and(format!("judged on the median of at least {MIN_PROBES} PINGs"));
    let source = format!("PING on {}", redis.target);
    let summary = match ProbeSummary::of(&ping.times_ms) {
        Some(summary) if summary.is_enough() => summary,
        Some(summary) => {
            let reason = format!(
                "{} PING(s) answered before the deadline, too few to judge (under {MIN_PROBES})",
                summary.count
            );
            return Verdict::not_measured(reason, source).threshold(threshold);
        }
        None => {
            let reason = format!(
                "this bundle keeps only PING min/avg/max ({}/{}/{} ms over {} samples), not each \
                 PING's time",
                round2(ping.min_ms),
                round2(ping.avg_ms),
                round2(ping.max_ms),
                ping.samples
            );
            return Verdict::not_measured(reason, source).threshold(threshold);
        }
    };
    let status = super::judge_band(summary.median_ms, band, Direction::HigherIsWorse);
    let slowlog = match &redis.slowlog {
        Ok(entries) if entries.is_empty() => "; slow log empty".to_owned(),
        Ok(entries) => {
            let slowest = entries
                .iter()
                .max_by(|a, b| a.duration_ms.total_cmp(&b.duration_ms))
                .expect("not empty");
            format!(
                "; slow log: {} recent entries, slowest {} ms `{}`",
                entries.len(),
                round1(slowest.duration_ms),
                slowest.command
            )
        }
        Err(error) => format!("; slow log not read: {error}"),
    };
    Verdict::new(
        status,
        format!(
            "PING median {} ms of {} (min {}, max {}){slowlog}",
            round2(summary.median_ms),
            summary.count,
            round2(summary.min_ms),
            round2(summary.max_ms)
        ),
        source,
    )
    .measured(round2(summary.median_ms), Unit::Milliseconds)
    .threshold(threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::SourceError;
    use crate::evidence::redis::{InfoWindow, PingStats, RedisInfo};

    fn redis(first: RedisInfo, second: RedisInfo) -> Evidence {
        Evidence {
            redis: Some(Ok(RedisEvidence {
                target: "redis://u:***@r:6379".into(),
                connect_ms: 1.0,
                ping: Ok(pings(&[0.2; 20])),
                info: Ok(InfoWindow { first, second: Some(second), window_seconds: Some(1.0) }),
                slowlog: Ok(Vec::new()),
                big_keys: None,
            })),
            ..Evidence::default()
        }
    }

    fn evicted(n: u64) -> RedisInfo {
        RedisInfo { evicted_keys: Some(n), ..RedisInfo::default() }
    }

    #[test]
    fn evictions_are_sustained_when_the_window_sees_them() {
        let runbook = Runbook::embedded();
        let judge = |a, b| redis_evictions(&redis(evicted(a), evicted(b)), &runbook).status;
        assert_eq!(judge(0, 0), Status::Ok);
        assert_eq!(judge(40, 40), Status::Warning, "only before the window");
        assert_eq!(judge(40, 500), Status::Critical);
    }

    /// PING statistics of `times_ms`, as the source records them.
    fn pings(times_ms: &[f64]) -> PingStats {
        PingStats {
            samples: times_ms.len() as u32,
            min_ms: times_ms.iter().copied().fold(f64::INFINITY, f64::min),
            avg_ms: times_ms.iter().sum::<f64>() / times_ms.len() as f64,
            max_ms: times_ms.iter().copied().fold(0.0, f64::max),
            times_ms: times_ms.to_vec(),
        }
    }

    #[test]
    fn latency_is_judged_by_the_median_ping() {
        let runbook = Runbook::embedded();
        let judge = |ping: PingStats| {
            let mut evidence = redis(RedisInfo::default(), RedisInfo::default());
            if let Some(Ok(redis)) = evidence.redis.as_mut() {
                redis.ping = Ok(ping);
            }
            redis_latency(&evidence, &runbook)
        };
        // One 25 ms hiccup among 20 PINGs of 0.2 ms: the average (1.44 ms)
        // would warn, the median does not.
        let mut hiccup = [0.2; 20];
        hiccup[7] = 25.0;
        let verdict = judge(pings(&hiccup));
        assert_eq!((verdict.status, verdict.value), (Status::Ok, Some(0.2)), "{verdict:?}");
        assert_eq!(judge(pings(&[2.0; 20])).status, Status::Warning);
        assert_eq!(judge(pings(&[7.0; 20])).status, Status::Critical);
        let few = judge(pings(&[0.2; 3]));
        assert_eq!(few.status, Status::Unknown);
        assert!(few.summary.contains("3 PING(s) answered"), "{}", few.summary);
        let old = judge(PingStats { times_ms: Vec::new(), ..pings(&[0.2; 20]) });
        assert_eq!(old.status, Status::Unknown, "{old:?}");
    }

    fn lookups(hits: u64, misses: u64) -> RedisInfo {
        RedisInfo {
            keyspace_hits: Some(hits),
            keyspace_misses: Some(misses),
            ..RedisInfo::default()
        }
    }

    #[test]
    fn a_redis_hit_rate_needs_the_minimum_sample_in_the_window() {
        let runbook = Runbook::embedded();
        // One lookup, a miss, in the window: too few, whatever the totals.
        let verdict = redis_hit_rate(&redis(lookups(90, 10), lookups(90, 11)), &runbook);
        assert_eq!((verdict.status, verdict.judged), (Status::Ok, false), "{}", verdict.summary);
        assert_eq!(
            verdict.summary,
            "not judged: keyspace hits: 0 of 1 lookups over the last 1s, at least 20 needed; \
             89.1% (90 of 101 lookups since Redis started)"
        );
        // A quiet window is not judged by the totals either.
        let quiet = redis_hit_rate(&redis(lookups(90, 10), lookups(90, 10)), &runbook);
        assert_eq!((quiet.status, quiet.judged), (Status::Ok, false), "{}", quiet.summary);
        // A gate that insists on traffic has nothing to judge.
        let mut insisting = runbook.clone();
        insisting.ratios.require_traffic = true;
        let gate = redis_hit_rate(&redis(lookups(90, 10), lookups(90, 10)), &insisting);
        assert_eq!(gate.status, Status::Unknown, "{}", gate.summary);
        assert!(
            gate.summary.ends_with("(traffic is required: --require-traffic)"),
            "{}",
            gate.summary
        );
    }

    #[test]
    fn a_redis_hit_rate_is_judged_only_when_every_read_asks_redis() {
        let runbook = Runbook::embedded();
        // 5 hits in 40 lookups: what L2 sees behind a warm L1.
        let mut evidence = redis(lookups(0, 0), lookups(5, 35));
        let context = redis_hit_rate(&evidence, &runbook);
        assert_eq!(context.status, Status::Ok, "{}", context.summary);
        assert!(context.threshold.unwrap().text().starts_with("context: "));
        // The metrics show no L1 series: the service runs without L1.
        let scrape = crate::evidence::MetricsSample {
            scraped_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            series: Vec::new(),
        };
        evidence.metrics = Some(Ok(crate::evidence::MetricsWindow::between(
            "http://s/metrics".into(),
            scrape.clone(),
            Some(scrape),
        )));
        let judged = redis_hit_rate(&evidence, &runbook);
        assert_eq!(judged.status, Status::Critical, "{}", judged.summary);
    }

    #[test]
    fn l2_status_combines_the_service_and_the_doctor() {
        let runbook = Runbook::embedded();
        let down = Evidence {
            redis: Some(Err(SourceError::Unavailable("refused".into()))),
            ..Evidence::default()
        };
        assert_eq!(l2_status(&down, &runbook).status, Status::Critical);
        let crowded = RedisInfo {
            connected_clients: Some(95),
            maxclients: Some(100),
            ..RedisInfo::default()
        };
        let verdict = l2_status(&redis(crowded.clone(), crowded), &runbook);
        assert_eq!(verdict.status, Status::Warning, "{}", verdict.summary);
        assert!(verdict.summary.starts_with("degraded"));
    }
}
