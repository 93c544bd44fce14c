//! The runbook's cache section: hit rate per tier, evictions, fill, TTLs,
//! and whether the service reaches its Redis tier.

use super::common::{self, TierState, tier_hit_rate};
use super::{Check, Section, Source, Verdict, round1, round2};
use crate::evidence::{Counter, Evidence};
use crate::report::Status;
use crate::runbook::{Direction, Runbook};

pub static CHECKS: &[&Check] =
    &[&L1_HIT_RATE, &L2_HIT_RATE, &L1_EVICTIONS, &L1_FILL, &TTL, &L2_STATUS];

static L1_HIT_RATE: Check = Check {
    code: "cache.l1-hit-rate",
    section: Section::Cache,
    title: "L1 hit rate",
    needs: &[Source::Metrics],
    judge: |evidence, runbook| hit_rate(evidence, runbook, "l1"),
};

static L2_HIT_RATE: Check = Check {
    code: "cache.l2-hit-rate",
    section: Section::Cache,
    title: "L2 hit rate",
    needs: &[Source::Metrics],
    judge: |evidence, runbook| hit_rate(evidence, runbook, "l2"),
};

fn hit_rate(evidence: &Evidence, runbook: &Runbook, tier: &str) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let band = &runbook.resources.cache_hit_rate;
    let name = tier.to_uppercase();
    match tier_hit_rate(window, tier) {
        TierState::Disabled => {
            Verdict::new(Status::Ok, format!("{name} is not enabled"), window.url.clone())
        }
        TierState::NoLookups => {
            Verdict::not_measured(format!("{name} has had no lookups yet"), window.url.clone())
        }
        TierState::Rate(rate) => {
            let status = super::judge_band(rate.percent, band, Direction::LowerIsWorse);
            Verdict::new(status, format!("{name} {}", rate.describe(window)), window.url.clone())
                .measured(round2(rate.percent), "%")
                .threshold(band.describe(Direction::LowerIsWorse, "%"))
        }
    }
}

static L1_EVICTIONS: Check = Check {
    code: "cache.l1-evictions",
    section: Section::Cache,
    title: "L1 evictions",
    needs: &[Source::Metrics],
    judge: l1_evictions,
};

fn l1_evictions(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let tier = [("tier", "l1")];
    let evicted = [("tier", "l1"), ("cause", "size")];
    let lookups =
        [Counter::new("cache_hits_total", &tier), Counter::new("cache_misses_total", &tier)];
    let Some((evictions, lookups)) =
        window.ratio_inputs(&[Counter::new("cache_evictions_total", &evicted)], &lookups)
    else {
        return Verdict::new(Status::Ok, "L1 is not enabled", window.url.clone());
    };
    let critical = runbook.cache.eviction_critical_percent;
    let share = if lookups.value > 0.0 { evictions.value * 100.0 / lookups.value } else { 0.0 };
    let status = match evictions.value {
        0.0 => Status::Ok,
        _ if share > critical => Status::Critical,
        _ => Status::Warning,
    };
    let span = common::span_words(window, evictions.windowed);
    Verdict::new(
        status,
        format!(
            "{} entries evicted for size {span}, {}% of {} lookups",
            evictions.value,
            round1(share),
            lookups.value
        ),
        window.url.clone(),
    )
    .measured(round2(share), "% of lookups")
    .threshold(format!("OK 0, WARNING > 0, CRITICAL > {}% of lookups", round1(critical)))
}

/// The L1 block of `/health`: (entries, capacity, ttl_seconds), when enabled.
fn l1_settings(body: &serde_json::Value) -> Option<(f64, f64, f64)> {
    let l1 = &body["checks"]["cache"]["l1"];
    if l1["enabled"] != true {
        return None;
    }
    Some((l1["entries"].as_f64()?, l1["capacity"].as_f64()?, l1["ttl_seconds"].as_f64()?))
}

static L1_FILL: Check = Check {
    code: "cache.l1-fill",
    section: Section::Cache,
    title: "L1 fill",
    needs: &[Source::Health],
    judge: l1_fill,
};

fn l1_fill(evidence: &Evidence, _: &Runbook) -> Verdict {
    let (body, source) = match common::health(evidence) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    match l1_settings(body) {
        None => Verdict::new(Status::Ok, "L1 is not enabled", source),
        Some((entries, capacity, _)) => {
            let percent = if capacity > 0.0 { entries * 100.0 / capacity } else { 0.0 };
            let note =
                if percent >= 95.0 { "; at capacity, new entries evict old ones" } else { "" };
            Verdict::new(
                Status::Ok,
                format!("{entries} of {capacity} entries ({}%){note}", round1(percent)),
                source,
            )
            .measured(round2(percent), "%")
        }
    }
}

static TTL: Check = Check {
    code: "cache.ttl",
    section: Section::Cache,
    title: "Cache TTLs",
    needs: &[Source::Health],
    judge: ttl,
};

fn ttl(evidence: &Evidence, _: &Runbook) -> Verdict {
    let (body, source) = match common::health(evidence) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    let l1 =
        l1_settings(body).map_or_else(|| "L1 off".to_owned(), |(_, _, ttl)| format!("L1 {ttl}s"));
    let l2 = body["checks"]["cache"]["l2"]["ttl_seconds"]
        .as_f64()
        .map_or_else(|| "L2 off".to_owned(), |ttl| format!("L2 {ttl}s"));
    Verdict::new(Status::Ok, format!("{l1}, {l2}"), source)
}

static L2_STATUS: Check = Check {
    code: "cache.l2-status",
    section: Section::Cache,
    title: "L2 reachable",
    needs: &[Source::Health],
    judge: l2_status,
};

fn l2_status(evidence: &Evidence, _: &Runbook) -> Verdict {
    let (body, source) = match common::health(evidence) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    let l2 = &body["checks"]["cache"]["l2"];
    match l2["status"].as_str() {
        Some("up") => {
            let latency = l2["latency_ms"].as_f64().unwrap_or_default();
            Verdict::new(
                Status::Ok,
                format!("the service reaches Redis ({} ms)", round1(latency)),
                source,
            )
            .measured(latency, "ms")
        }
        Some("down") => Verdict::new(
            Status::Critical,
            "the service cannot reach Redis; reads fall through to storage",
            source,
        ),
        Some("disabled") | None => Verdict::new(Status::Ok, "L2 is not enabled", source),
        Some(other) => Verdict::not_measured(format!("/health reports L2 as {other:?}"), source),
    }
}
