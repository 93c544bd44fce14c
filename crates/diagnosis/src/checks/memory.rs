//! The runbook's memory section: usage against the limit, OOM kills, the
//! L1 cache's share, the service's own breakdown, a leak trend, and the
//! memory of its Redis tier as the doctor's own probe sees it.

use super::common::{self, runtime_label};
use super::{Check, Section, Source, Verdict, round1};
use crate::evidence::Evidence;
use crate::report::Status;
use crate::runbook::Runbook;
use crate::threshold::{BandClaim, Direction, trim_float};
use crate::threshold::{Threshold, Unit};
use contract::metrics::{
    CACHE_SIZE, Component, MEMORY_USAGE, PROCESS_RESIDENT_MEMORY, Tier, label,
};

pub static CHECKS: &[&Check] = &[
    &USAGE,
    &OOM_KILLS,
    &L1_ENTRIES,
    &BREAKDOWN,
    &LEAK_TREND,
    &REDIS_USED,
    &REDIS_POLICY,
    &REDIS_FRAGMENTATION,
];

static USAGE: Check = Check {
    code: "memory.usage",
    section: Section::Memory,
    title: "Memory usage",
    needs: &[Source::Runtime],
    band: BandClaim::new("resources.memory", Unit::Percent),
    judge: super::quick::memory,
};

static OOM_KILLS: Check = Check {
    code: "memory.oom-kills",
    section: Section::Memory,
    title: "OOM kills and restarts",
    needs: &[Source::Runtime],
    band: None,
    judge: oom_kills,
};

fn oom_kills(evidence: &Evidence, _: &Runbook) -> Verdict {
    let runtime = or_return!(common::runtime(evidence));
    let source = runtime_label(runtime);
    // The runtime's latest warning often says why (Kubernetes events).
    let latest_warning =
        runtime.events.last().map(|event| format!("; latest warning: {event}")).unwrap_or_default();
    match (runtime.oom_killed, runtime.restarts) {
        (Some(true), restarts) => Verdict::new(
            Status::Critical,
            format!("the last exit was an OOM kill; {} restart(s){latest_warning}", restarts.unwrap_or(0)),
            source,
        ),
        (_, Some(restarts)) if restarts > 0 => {
            Verdict::new(Status::Critical, format!("{restarts} restart(s) since it was created{latest_warning}"), source)
                .measured(restarts as f64, Unit::Restarts)
        }
        (Some(false), Some(0)) => Verdict::new(Status::Ok, "no OOM kill, no restart", source).measured(0.0, Unit::Restarts),
        _ if let Some(kills) = &runtime.cgroup_oom_kills => {
            let (status, found) = match kills.count {
                0 => (Status::Ok, "no OOM kill".to_owned()),
                n => (Status::Warning, format!("{n} OOM kill(s), of this process or another in the group,")),
            };
            Verdict::new(status, format!("{found} recorded in cgroup {} since it was created", kills.cgroup), source)
                .measured(kills.count as f64, Unit::OomKills)
        }
        _ => Verdict::not_measured(format!("the {} runtime does not report OOM kills", runtime.kind.label()), source)
            .advise("Look for OOM kills in the kernel log: `dmesg -T | grep -i -e oom -e 'killed process'`."),
    }
}

static L1_ENTRIES: Check = Check {
    code: "memory.l1-entries",
    section: Section::Memory,
    title: "L1 cache size",
    needs: &[Source::Metrics, Source::Health],
    band: None,
    judge: l1_entries,
};

/// Informational: the L1's entries and its own estimate of their size,
/// with how full it is of `CACHE_L1_SIZE` when `/health` was read.
fn l1_entries(evidence: &Evidence, _: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let latest = window.latest();
    let Some(entries) = latest.sum(CACHE_SIZE.name, &[(label::TIER, Tier::L1.label())]) else {
        return Verdict::new(Status::Ok, "L1 is not enabled", window.url.clone());
    };
    let bytes = latest
        .sum(MEMORY_USAGE.name, &[(label::COMPONENT, Component::L1Cache.label())])
        .unwrap_or(0.0);
    let mut summary = format!("{entries} entries holding about {} MiB", round1(bytes / 1048576.0));
    if let Ok((health, _)) = common::health(evidence) {
        let l1 = &health.checks.cache.l1;
        if l1.enabled && l1.capacity > 0 {
            summary.push_str(&format!(
                "; /health: {} of CACHE_L1_SIZE {} ({}% full)",
                l1.entries,
                l1.capacity,
                round1(l1.entries as f64 * 100.0 / l1.capacity as f64)
            ));
        }
    }
    Verdict::new(Status::Ok, summary, window.url.clone()).measured(entries, Unit::Entries)
}

static BREAKDOWN: Check = Check {
    code: "memory.breakdown",
    section: Section::Memory,
    title: "Memory breakdown",
    needs: &[Source::Metrics],
    band: None,
    judge: breakdown,
};

fn breakdown(evidence: &Evidence, _: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let latest = window.latest();
    let mut parts: Vec<String> = latest
        .series
        .iter()
        .filter(|s| s.name() == MEMORY_USAGE.name)
        .map(|s| {
            let component = s.label(label::COMPONENT).unwrap_or("?");
            format!("{component} {} MiB", round1(s.value / 1048576.0))
        })
        .collect();
    let resident = latest.sum(PROCESS_RESIDENT_MEMORY, &[]);
    if let Some(resident) = resident {
        parts.push(format!("resident {} MiB", round1(resident / 1048576.0)));
    }
    if parts.is_empty() {
        return Verdict::not_measured(
            "the service exports no memory_usage_bytes",
            window.url.clone(),
        );
    }
    let verdict = Verdict::new(Status::Ok, parts.join(", "), window.url.clone());
    match resident {
        Some(resident) => verdict.measured(resident, Unit::Bytes),
        None => verdict,
    }
}

static LEAK_TREND: Check = Check {
    code: "memory.leak-trend",
    section: Section::Memory,
    title: "Memory trend",
    needs: &[Source::MemoryTrend],
    band: BandClaim::new("limits.memory-growth", Unit::PercentPer5Min),
    judge: leak_trend,
};

fn leak_trend(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let trend = match &evidence.memory_trend {
        Some(Ok(trend)) => trend,
        Some(Err(error)) => return Verdict::source_failed(Source::MemoryTrend, error),
        None => {
            return Verdict::not_measured("memory was not sampled over time", "none")
                .advise("Sample it with `llmcfg-doctor memory --duration 5m`.");
        }
    };
    let (Some(resident_slope), Some(&(span, _))) =
        (crate::analysis::trend::slope(&trend.samples), trend.samples.last())
    else {
        return Verdict::not_measured("too few samples for a trend", trend.url.clone());
    };
    let mean =
        trend.samples.iter().map(|(_, bytes)| bytes).sum::<f64>() / trend.samples.len() as f64;
    let per_minute = |slope: f64| round1(slope * 60.0 / 1048576.0);
    let mut summary = format!(
        "resident {} MiB/min over {}s ({} samples, mean {} MiB)",
        per_minute(resident_slope),
        round1(span),
        trend.samples.len(),
        round1(mean / 1048576.0),
    );
    // Growth while L1 fills towards its bound is the cache, not a leak: up
    // to `l1-overhead` times what the cache's own estimate grew by is its.
    let overhead = runbook.cache.l1_overhead;
    let cache_slope = crate::analysis::trend::slope(&trend.l1_samples).unwrap_or(0.0).max(0.0);
    let unexplained = (resident_slope - overhead * cache_slope).max(0.0);
    if cache_slope > 0.0 {
        summary.push_str(&format!(
            "; the L1 cache's own estimate grew {} MiB/min, so up to {} MiB/min of it is the \
             cache filling ({}x its estimate); {} MiB/min is not",
            per_minute(cache_slope),
            per_minute(overhead * cache_slope),
            trim_float(overhead),
            per_minute(unexplained),
        ));
    } else if trend.l1_samples.is_empty() {
        summary.push_str("; the service exports no L1 size estimate to set against it");
    }
    let growth = if mean > 0.0 { unexplained * 300.0 / mean * 100.0 } else { 0.0 };
    let band = &runbook.limits.memory_growth;
    let status = super::judge_band(growth, band, Direction::HigherIsWorse);
    summary.push_str(&format!(": {}% per 5 min not explained by the cache", round1(growth)));
    Verdict::new(status, summary, trend.url.clone())
        .measured(super::round2(growth), Unit::PercentPer5Min)
        .threshold(Threshold::band(band, Direction::HigherIsWorse, Unit::PercentPer5Min).and(
            format!(
                "growth up to {}x the L1 cache's own estimate of its growth is the cache filling",
                trim_float(overhead)
            ),
        ))
}

static REDIS_USED: Check = Check {
    code: "memory.redis-used",
    section: Section::Memory,
    title: "Redis memory",
    needs: &[Source::Redis],
    band: BandClaim::new("redis.used-memory", Unit::PercentOfMaxmemory),
    judge: redis_used,
};

fn redis_used(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (info, source) = or_return!(common::redis_info(evidence));
    let latest = info.latest();
    let Some(used) = latest.used_memory else {
        return Verdict::not_measured("INFO has no used_memory", source);
    };
    let threshold = Threshold::band(
        &runbook.redis.used_memory,
        Direction::HigherIsWorse,
        Unit::PercentOfMaxmemory,
    );
    match latest.maxmemory {
        Some(max) if max > 0 => {
            let percent = used as f64 * 100.0 / max as f64;
            let status =
                super::judge_band(percent, &runbook.redis.used_memory, Direction::HigherIsWorse);
            Verdict::new(
                status,
                format!(
                    "{} MiB of maxmemory {} MiB ({}%)",
                    common::mib(used),
                    common::mib(max),
                    round1(percent)
                ),
                source,
            )
            .measured(super::round2(percent), Unit::PercentOfMaxmemory)
            .threshold(threshold)
        }
        _ => Verdict::new(
            Status::Warning,
            format!(
                "{} MiB used and no maxmemory: Redis grows until the host runs out",
                common::mib(used)
            ),
            source,
        )
        .measured(used as f64, Unit::Bytes)
        .threshold(threshold.and("no maxmemory is a WARNING")),
    }
}

static REDIS_POLICY: Check = Check {
    code: "memory.redis-policy",
    section: Section::Memory,
    title: "Redis eviction policy",
    needs: &[Source::Redis],
    band: None,
    judge: redis_policy,
};

const EVICTION_POLICY_RULE: &str = "an eviction policy is OK, noeviction is a WARNING";

fn redis_policy(evidence: &Evidence, _: &Runbook) -> Verdict {
    let (info, source) = or_return!(common::redis_info(evidence));
    match info.latest().maxmemory_policy.as_deref() {
        None => Verdict::not_measured("INFO has no maxmemory_policy", source),
        Some("noeviction") => Verdict::new(
            Status::Warning,
            "maxmemory-policy is noeviction: at maxmemory, cache writes fail instead of evicting",
            source,
        )
        .threshold(Threshold::rule(EVICTION_POLICY_RULE)),
        Some(policy) => Verdict::new(Status::Ok, format!("maxmemory-policy is {policy}"), source)
            .threshold(Threshold::rule(EVICTION_POLICY_RULE)),
    }
}

static REDIS_FRAGMENTATION: Check = Check {
    code: "memory.redis-fragmentation",
    section: Section::Memory,
    title: "Redis fragmentation",
    needs: &[Source::Redis],
    band: BandClaim::new("redis.fragmentation", Unit::Ratio),
    judge: redis_fragmentation,
};

fn redis_fragmentation(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let (info, source) = or_return!(common::redis_info(evidence));
    let latest = info.latest();
    let (Some(ratio), Some(used)) = (latest.mem_fragmentation_ratio, latest.used_memory) else {
        return Verdict::not_measured("INFO has no mem_fragmentation_ratio", source);
    };
    let figures = &runbook.redis;
    let band = &figures.fragmentation;
    let threshold = Threshold::band(band, Direction::HigherIsWorse, Unit::Ratio).and(format!(
        "not judged under {} MiB used",
        trim_float(figures.fragmentation_min_used_mb)
    ));
    if (used as f64) < figures.fragmentation_min_used_mb * 1048576.0 {
        return Verdict::new(
            Status::Ok,
            format!(
                "ratio {} with only {} MiB used: Redis's own baseline, not fragmentation",
                super::round2(ratio),
                common::mib(used)
            ),
            source,
        )
        .measured(super::round2(ratio), Unit::Ratio)
        .threshold(threshold);
    }
    let status = super::judge_band(ratio, band, Direction::HigherIsWorse);
    let note = if ratio < 1.0 { " (below 1: part of Redis is swapped out)" } else { "" };
    Verdict::new(
        status,
        format!(
            "fragmentation ratio {} at {} MiB used{note}",
            super::round2(ratio),
            common::mib(used)
        ),
        source,
    )
    .measured(super::round2(ratio), Unit::Ratio)
    .threshold(threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::trend::RssTrend;
    use crate::evidence::{CgroupOomKills, RuntimeKind, RuntimeSnapshot};

    fn process_with(kills: Option<u64>) -> Evidence {
        Evidence {
            runtime: Some(Ok(RuntimeSnapshot {
                kind: RuntimeKind::Process,
                name: "llm-config-server".into(),
                id: "4242".into(),
                state: "run".into(),
                health: None,
                restarts: None,
                oom_killed: None,
                cpu: None,
                memory: None,
                process: None,
                logs: None,
                usage_unavailable: None,
                events: Vec::new(),
                cgroup_oom_kills: kills.map(|count| CgroupOomKills {
                    count,
                    cgroup: "/sys/fs/cgroup/system.slice/llm.service".into(),
                }),
                replicas: Vec::new(),
            })),
            ..Evidence::default()
        }
    }

    #[test]
    fn a_plain_process_is_judged_by_its_cgroups_oom_kills() {
        let runbook = Runbook::embedded();
        let judge = |kills| oom_kills(&process_with(kills), &runbook);
        assert_eq!(judge(Some(0)).status, Status::Ok);
        let killed = judge(Some(2));
        assert_eq!(killed.status, Status::Warning);
        assert!(killed.summary.contains("2 OOM kill(s)"), "{}", killed.summary);
        assert_eq!(judge(None).status, Status::Unknown);
    }

    const MIB: f64 = 1048576.0;

    /// A trend of 21 samples a second apart: resident memory from 100 MiB
    /// growing `resident` MiB/min, and the L1 estimate growing `l1` MiB/min
    /// (none exported when `None`).
    fn trend(resident: f64, l1: Option<f64>) -> Evidence {
        let at = |start: f64, per_minute: f64, t: f64| (t, (start + per_minute * t / 60.0) * MIB);
        let seconds = (0..21).map(f64::from);
        Evidence {
            memory_trend: Some(Ok(RssTrend {
                url: "http://127.0.0.1:9090/metrics".into(),
                interval_seconds: 1.0,
                samples: seconds.clone().map(|t| at(100.0, resident, t)).collect(),
                l1_samples: l1
                    .map(|l1| seconds.map(|t| at(10.0, l1, t)).collect())
                    .unwrap_or_default(),
            })),
            ..Evidence::default()
        }
    }

    #[test]
    fn a_flat_trend_is_ok() {
        let verdict = leak_trend(&trend(0.0, Some(0.0)), &Runbook::embedded());
        assert_eq!(verdict.status, Status::Ok, "{}", verdict.summary);
    }

    #[test]
    fn growth_with_the_cache_flat_is_a_leak() {
        let verdict = leak_trend(&trend(12.0, Some(0.0)), &Runbook::embedded());
        assert_eq!(verdict.status, Status::Critical, "{}", verdict.summary);
        let verdict = leak_trend(&trend(12.0, None), &Runbook::embedded());
        assert_eq!(verdict.status, Status::Critical, "{}", verdict.summary);
        assert!(verdict.summary.contains("exports no L1 size estimate"), "{}", verdict.summary);
    }

    #[test]
    fn growth_the_filling_cache_accounts_for_is_not_a_leak() {
        // Resident +100 MiB/min while the cache's estimate grows 40 MiB/min:
        // 2.5x the estimate, inside the runbook's 4x.
        let verdict = leak_trend(&trend(100.0, Some(40.0)), &Runbook::embedded());
        assert_eq!(verdict.status, Status::Ok, "{}", verdict.summary);
        assert!(verdict.summary.contains("cache filling"), "{}", verdict.summary);
        assert_eq!(verdict.value, Some(0.0));
    }

    #[test]
    fn growth_beyond_what_the_cache_accounts_for_is_still_judged() {
        // The cache explains 4 x 2 = 8 of 30 MiB/min; 22 MiB/min on a mean of
        // about 110 MiB is far over 10% per 5 minutes.
        let verdict = leak_trend(&trend(30.0, Some(2.0)), &Runbook::embedded());
        assert_eq!(verdict.status, Status::Critical, "{}", verdict.summary);
        assert!(verdict.summary.contains("22 MiB/min is not"), "{}", verdict.summary);
    }

    #[test]
    fn a_shrinking_cache_does_not_excuse_or_inflate_growth() {
        let verdict = leak_trend(&trend(0.0, Some(-20.0)), &Runbook::embedded());
        assert_eq!(verdict.status, Status::Ok, "{}", verdict.summary);
        let verdict = leak_trend(&trend(12.0, Some(-20.0)), &Runbook::embedded());
        assert_eq!(verdict.status, Status::Critical, "{}", verdict.summary);
    }

    #[test]
    fn no_trend_and_too_few_samples_are_unknown() {
        let none = leak_trend(&Evidence::default(), &Runbook::embedded());
        assert_eq!(none.status, Status::Unknown);
        let mut short = trend(12.0, None);
        if let Some(Ok(trend)) = &mut short.memory_trend {
            trend.samples.truncate(1);
        }
        assert_eq!(leak_trend(&short, &Runbook::embedded()).status, Status::Unknown);
    }
}
