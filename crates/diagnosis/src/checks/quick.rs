//! The runbook's 1-minute health check: response time, self-reported
//! health, CPU, memory, recent errors, cache hit rate, and requests stuck now.

use super::common::{self, Share, shorten};
use super::{Check, Section, Source, Verdict, percent_verdict, rates, require, round1, round2};
use crate::analysis::counters::{Counter, ScrapeCounters};
use crate::evidence::{Evidence, ReplicaState, RuntimeKind};
use crate::report::Status;
use crate::runbook::Runbook;
use crate::threshold::Direction;
use crate::threshold::{BandClaim, Threshold, Unit};
use contract::health::{DependencyStatus, HealthStatus};
use contract::metrics::{CONFIG_ERRORS, CONFIG_OPERATIONS, FAMILIES};

pub static CHECKS: &[&Check] = &[
    &API_RESPONSE_TIME,
    &HEALTH_STATUS,
    &RUNTIME_STATE,
    &CPU,
    &MEMORY,
    &RECENT_ERRORS,
    &RATE_LIMITED,
    &CACHE_HIT_RATE,
    &STALLED_REQUESTS,
    &METRICS_TARGET,
];

static API_RESPONSE_TIME: Check = Check {
    code: "quick.api-response-time",
    section: Section::Quick,
    title: "API response time",
    needs: &[Source::Health],
    band: BandClaim::new("quick.api-response-ms", Unit::Milliseconds),
    judge: api_response_time,
};

fn api_response_time(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let band = &runbook.quick.api_response_ms;
    let threshold = Threshold::band(band, Direction::HigherIsWorse, Unit::Milliseconds);
    let probe = match common::service_probe(&evidence.health, Source::Health) {
        Ok(probe) => probe,
        Err(verdict) => return verdict.threshold(threshold),
    };
    // Another program's answer (a 404 from whatever listens there) times
    // that program, not the service.
    if let Err(reason) = common::health_document(probe) {
        return Verdict::not_measured(
            format!(
                "/health answered {} in {} ms, {reason}: is --{} the service's?",
                probe.status,
                round1(probe.total_ms),
                crate::settings::API_URL.flag
            ),
            format!("GET {}", probe.url),
        )
        .threshold(threshold);
    }
    let status = super::judge_band(probe.total_ms, band, Direction::HigherIsWorse);
    Verdict::new(
        status,
        format!(
            "/health answered {} in {} ms (connect {} ms, first byte {} ms)",
            probe.status,
            round1(probe.total_ms),
            round1(probe.connect_ms),
            round1(probe.first_byte_ms)
        ),
        format!("GET {}", probe.url),
    )
    .measured(round2(probe.total_ms), Unit::Milliseconds)
    .threshold(threshold)
}

static HEALTH_STATUS: Check = Check {
    code: "quick.health-status",
    section: Section::Quick,
    title: "Service health",
    needs: &[Source::Health],
    band: None,
    judge: health_status,
};

fn health_status(evidence: &Evidence, _: &Runbook) -> Verdict {
    let probe = or_return!(common::service_probe(&evidence.health, Source::Health));
    let source = format!("GET {}", probe.url);
    let health = match common::health_document(probe) {
        Ok(health) => health,
        Err(_) if probe.status >= 500 => {
            let summary = format!("the service reports itself failing (HTTP {})", probe.status);
            return Verdict::new(Status::Critical, summary, source);
        }
        Err(reason) => {
            return Verdict::not_measured(
                format!("/health answered {}: {reason}", probe.status),
                source,
            );
        }
    };
    let status = match health.status {
        HealthStatus::Healthy => Status::Ok,
        HealthStatus::Degraded => Status::Warning,
        HealthStatus::Unhealthy => Status::Critical,
    };
    let mut summary =
        format!("the service reports itself {} (HTTP {})", health.status.label(), probe.status);
    let storage = &health.checks.storage;
    if storage.status != DependencyStatus::Up {
        summary.push_str(&format!("; storage ({}) is down", storage.backend.label()));
    }
    if health.checks.cache.l2.status == DependencyStatus::Down {
        summary.push_str("; the Redis L2 cache is down");
    }
    if health.checks.coherence.status == DependencyStatus::Down {
        summary.push_str(
            "; the change channel between replicas is down, so reads skip L1 until it is back",
        );
    }
    Verdict::new(status, summary, source)
}

static RUNTIME_STATE: Check = Check {
    code: "quick.runtime-state",
    section: Section::Quick,
    title: "Runtime state",
    needs: &[Source::Runtime],
    band: None,
    judge: runtime_state,
};

/// Each instance judged by its state alone, in its runtime's words: not
/// only through restarts and OOM kills.
fn runtime_state(evidence: &Evidence, _: &Runbook) -> Verdict {
    let runtime = or_return!(common::runtime(evidence));
    let source = common::runtime_label(runtime);
    if runtime.replicas.is_empty() {
        return Verdict::not_measured(
            format!(
                "the runtime snapshot records no instance state (a bundle written before the \
                 doctor did; the runtime said `{}`)",
                runtime.state
            ),
            source,
        );
    }
    let mut status = Status::Ok;
    let mut parts = Vec::new();
    for replica in &runtime.replicas {
        status = status.worst(replica_status(runtime.kind, replica));
        let mut words = format!("{} {}", replica.name, replica.state);
        let notes: Vec<&str> =
            [replica.detail.as_deref(), replica.health.as_deref()].into_iter().flatten().collect();
        if !notes.is_empty() {
            words.push_str(&format!(" ({})", notes.join(", ")));
        }
        if let Some(since) = replica.since {
            words.push_str(&format!(" since {}", since.format("%Y-%m-%d %H:%M:%S UTC")));
        }
        parts.push(words);
    }
    let ready = runtime.replicas.iter().filter(|r| replica_status(runtime.kind, r) == Status::Ok);
    if runtime.replicas.len() > 1 {
        let ready = ready.count();
        if ready == 0 {
            status = Status::Critical;
        }
        parts.insert(0, format!("{ready} of {} serving", runtime.replicas.len()));
    }
    if let Some(restarts) = runtime.restarts.filter(|n| *n > 0) {
        parts.push(format!("{restarts} restart(s) recorded"));
    }
    Verdict::new(status, parts.join("; "), source).threshold(Threshold::rule(
        "running and healthy or ready OK; starting, not ready or reloading WARNING; restarting, \
         crash-looping, unhealthy, exited, dead or failed CRITICAL; no instance serving CRITICAL",
    ))
}

/// One instance's state in its runtime's vocabulary.
fn replica_status(kind: RuntimeKind, replica: &ReplicaState) -> Status {
    let health = replica.health.as_deref();
    let detail = replica.detail.as_deref().unwrap_or("");
    match (kind, replica.state.as_str()) {
        (RuntimeKind::Docker, "running") => match health {
            None | Some("healthy") => Status::Ok,
            Some("unhealthy") => Status::Critical,
            Some(_) => Status::Warning,
        },
        (RuntimeKind::Docker, "created") => Status::Warning,
        (RuntimeKind::Docker, "restarting" | "paused" | "exited" | "dead" | "removing") => {
            Status::Critical
        }
        (RuntimeKind::Kubernetes, "Running") if health == Some("ready") => Status::Ok,
        (RuntimeKind::Kubernetes, "Running" | "Pending" | "ContainerCreating")
        | (RuntimeKind::Kubernetes, "PodInitializing" | "Terminating") => Status::Warning,
        (RuntimeKind::Kubernetes, "Unknown") => Status::Unknown,
        // CrashLoopBackOff, Error, OOMKilled, Completed, ImagePullBackOff, ...
        (RuntimeKind::Kubernetes, _) => Status::Critical,
        (RuntimeKind::Systemd, "active") if detail.starts_with("running") => Status::Ok,
        (RuntimeKind::Systemd, "activating") if detail.starts_with("auto-restart") => {
            Status::Critical
        }
        (RuntimeKind::Systemd, "active" | "activating" | "reloading" | "deactivating") => {
            Status::Warning
        }
        (RuntimeKind::Systemd, "inactive" | "failed") => Status::Critical,
        (RuntimeKind::Process, "zombie" | "dead" | "stop" | "tracing") => Status::Critical,
        (RuntimeKind::Process, state) if !state.starts_with("unknown") => Status::Ok,
        _ => Status::Unknown,
    }
}

static CPU: Check = Check {
    code: "quick.cpu",
    section: Section::Quick,
    title: "Service CPU",
    needs: &[Source::Runtime],
    band: BandClaim::new("resources.cpu", Unit::Percent),
    judge: cpu,
};

pub(super) fn cpu(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let runtime = or_return!(require(&evidence.runtime, Source::Runtime));
    let source = format!("{} {}", runtime.kind.label(), runtime.name);
    let Some(usage) = runtime.cpu else {
        return common::no_cpu(runtime);
    };
    let what = format!(
        "CPU over {}s, of {} core(s):",
        round1(usage.window_seconds),
        round1(usage.cores_available)
    );
    percent_verdict(
        &what,
        usage.percent_of_available,
        &runbook.resources.cpu,
        Direction::HigherIsWorse,
        source,
    )
}

static MEMORY: Check = Check {
    code: "quick.memory",
    section: Section::Quick,
    title: "Service memory",
    needs: &[Source::Runtime],
    band: BandClaim::new("resources.memory", Unit::Percent),
    judge: memory,
};

pub(super) fn memory(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let runtime = or_return!(require(&evidence.runtime, Source::Runtime));
    let source = format!("{} {}", runtime.kind.label(), runtime.name);
    let Some(usage) = &runtime.memory else {
        return common::no_memory(runtime);
    };
    let what = format!(
        "{} MiB of {} MiB ({}):",
        round1(usage.used_bytes as f64 / 1048576.0),
        round1(usage.limit_bytes as f64 / 1048576.0),
        usage.limit_source
    );
    percent_verdict(
        &what,
        usage.percent(),
        &runbook.resources.memory,
        Direction::HigherIsWorse,
        source,
    )
}

static RECENT_ERRORS: Check = Check {
    code: "quick.recent-errors",
    section: Section::Quick,
    title: "Recent errors",
    needs: &[Source::Metrics, Source::Runtime, Source::Prometheus],
    band: BandClaim::new("resources.error-rate", Unit::Percent),
    judge: recent_errors,
};

/// The error rate of config operations over Prometheus's five minutes,
/// else over the sampling window ([`rates::operation_errors`]), judged by
/// `resources.error-rate` on at least `ratios.min-sample` operations.
/// The ERROR lines of the logs over `quick.log-window-seconds` decide
/// when no rate can be judged, and make an OK rate a WARNING. Totals
/// since the service started are context: errors that stopped before the
/// window are said to have stopped.
fn recent_errors(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let band = &runbook.resources.error_rate;
    let logs = match &evidence.runtime {
        Some(Ok(runtime)) => match &runtime.logs {
            Some(Ok(logs)) => Ok(logs),
            Some(Err(error)) => Err(error.to_string()),
            None => Err(format!("the {} runtime gave no logs", runtime.kind.label())),
        },
        Some(Err(error)) => Err(error.to_string()),
        None => Err("the runtime was not inspected".to_owned()),
    };
    let log_words = match &logs {
        Ok(logs) => format!(
            "{} ERROR and {} WARN line(s) in the last {}s of {}",
            logs.errors, logs.warnings, logs.window_seconds, logs.source
        ),
        Err(reason) => format!("logs not read ({reason})"),
    };
    let rate = rates::operation_errors(evidence).map(|rate| {
        let share = Share {
            part: rate.part,
            whole: rate.whole,
            noun: "operations",
            span: common::span_of(&rate.provenance),
        };
        (share, rate.provenance)
    });
    let judged = match &rate {
        Ok((share, provenance)) => {
            share.judgeable(runbook).map(|percent| (percent, share, provenance))
        }
        Err(reason) => Err(format!("no error rate ({reason})")),
    };
    let log_errors = logs.as_ref().ok().map(|logs| logs.errors);
    let status = match (&judged, log_errors) {
        (Ok((percent, _, _)), errors) => {
            match super::judge_band(*percent, band, Direction::HigherIsWorse) {
                Status::Ok if errors.is_some_and(|n| n > 0) => Status::Warning,
                status => status,
            }
        }
        (Err(_), Some(0)) => Status::Ok,
        (Err(_), Some(_)) => Status::Warning,
        (Err(_), None) => Status::Unknown,
    };
    // A rate the metrics gave over too few operations: an idle window,
    // seen, that alone decides nothing.
    let idle = rate.is_ok() && judged.is_err();
    // The span over which no error was seen, when one was.
    let quiet_seconds = match (&judged, &logs) {
        (Ok((_, share, provenance)), _) if share.part == 0.0 => Some(provenance.window_seconds),
        (Err(_), Ok(logs)) if logs.errors == 0 => Some(logs.window_seconds as f64),
        _ => None,
    };
    let mut parts = vec![match &judged {
        Ok((_, share, _)) => format!("error rate {}", share.describe()),
        Err(reason) => format!("error rate not judged: {reason}"),
    }];
    // Totals since the start are context beside a shorter window; a rate
    // already counted since the start says them.
    let rate_since_start = rate.as_ref().is_ok_and(|(_, provenance)| provenance.since_start);
    if !rate_since_start {
        parts.extend(since_start(evidence, quiet_seconds));
    }
    parts.push(log_words);
    let mut summary = parts.join("; ");
    if let Ok(logs) = &logs
        && let Some(last) = logs.recent_errors.last()
    {
        summary.push_str(&format!("; last: {}", shorten(last, 160)));
    }
    let source = match &rate {
        Ok((_, provenance)) => format!("{provenance} and service logs"),
        Err(_) => "metrics and service logs".to_owned(),
    };
    let threshold = Threshold::band(band, Direction::HigherIsWorse, Unit::Percent).and(format!(
        "judged on at least {} operations; ERROR lines make an OK rate a WARNING",
        runbook.ratios.min_sample
    ));
    let verdict = match status {
        Status::Unknown if idle => Verdict::not_judged(summary, source, runbook),
        Status::Unknown => Verdict::not_measured(summary, source)
            .advise(format!("To measure this, {}.", super::hint(Source::Metrics))),
        status => Verdict::new(status, summary, source),
    }
    .threshold(threshold);
    match judged {
        Ok((percent, _, _)) => verdict.measured(round2(percent), Unit::Percent),
        Err(_) => verdict,
    }
}

/// The service's errors and operations since it started, as context
/// beside a rate over a shorter window; when errors happened but none in
/// the last `quiet_seconds`, the incident has ended.
fn since_start(evidence: &Evidence, quiet_seconds: Option<f64>) -> Option<String> {
    let Some(Ok(window)) = &evidence.metrics else { return None };
    let operations = window.total_of(&[Counter::new(CONFIG_OPERATIONS.name, &[])])?;
    let errors = window.total_of(&[Counter::new(CONFIG_ERRORS.name, &[])]).unwrap_or(0.0);
    let totals = format!(
        "{} errors in {} operations {}",
        round1(errors),
        round1(operations),
        common::SINCE_START
    );
    Some(match quiet_seconds {
        Some(seconds) if errors > 0.0 => {
            format!("{totals}, none in the last {}s: the incident has ended", round1(seconds))
        }
        _ => totals,
    })
}

static RATE_LIMITED: Check = Check {
    code: "quick.rate-limited",
    section: Section::Quick,
    title: "Requests refused by the rate limit",
    needs: &[Source::Metrics, Source::Prometheus],
    band: BandClaim::new("ratios.rate-limited", Unit::Percent),
    judge: rate_limited,
};

/// The share of requests answered 429 over Prometheus's five minutes, else
/// over the sampling window, judged by `ratios.rate-limited` on at least
/// `ratios.min-sample` requests.
fn rate_limited(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    match rates::refused_requests(evidence) {
        Ok(counted) => Share {
            part: counted.part,
            whole: counted.whole,
            noun: "requests",
            span: common::span_of(&counted.provenance),
        }
        .verdict(
            "refused with 429: ",
            &runbook.ratios.rate_limited,
            Direction::HigherIsWorse,
            runbook,
            "",
            counted.provenance.to_string(),
        ),
        Err(reason) => Verdict::not_measured(format!("no request counts ({reason})"), "metrics")
            .advise(format!("To measure this, {}.", super::hint(Source::Metrics))),
    }
}

static CACHE_HIT_RATE: Check = Check {
    code: "quick.cache-hit-rate",
    section: Section::Quick,
    title: "Cache hit rate",
    needs: &[Source::Metrics, Source::Prometheus],
    band: BandClaim::new("resources.cache-hit-rate", Unit::Percent),
    judge: common::judge_cache_hit_rate,
};

static STALLED_REQUESTS: Check = Check {
    code: "quick.stalled-requests",
    section: Section::Quick,
    title: "Requests stuck now",
    needs: &[Source::Metrics],
    band: BandClaim::new("latency.stalled-request-s", Unit::Seconds),
    judge: super::latency::stalled_requests,
};
static METRICS_TARGET: Check = Check {
    code: "quick.metrics-target",
    section: Section::Quick,
    title: "Metrics are the service's",
    needs: &[Source::Metrics],
    band: None,
    judge: metrics_target,
};

/// Whether `--metrics-url` answers with the service's families: every
/// check that reads metrics needs them, and a foreign exposition would
/// otherwise read as a service with its cache tiers off.
fn metrics_target(evidence: &Evidence, _: &Runbook) -> Verdict {
    let window = or_return!(common::metrics(evidence));
    let seen = window.latest().family_names();
    let contract: Vec<&str> = FAMILIES.iter().map(|f| f.name).collect();
    let missing: Vec<&str> = contract.iter().copied().filter(|name| !seen.contains(name)).collect();
    let mut summary = format!(
        "the LLM Config Manager's metrics: {} of the {} contract families among {} families",
        contract.len() - missing.len(),
        contract.len(),
        seen.len()
    );
    if !missing.is_empty() {
        // A family with labels appears once it has a series: an idle or
        // L2-less service lacks some.
        summary.push_str(&format!("; not yet exported: {}", missing.join(", ")));
    }
    Verdict::new(Status::Ok, summary, window.url.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(
        kind: RuntimeKind,
        state: &str,
        detail: Option<&str>,
        health: Option<&str>,
    ) -> Status {
        let replica = ReplicaState {
            name: "x".into(),
            state: state.into(),
            detail: detail.map(Into::into),
            health: health.map(Into::into),
            since: None,
            address: None,
        };
        replica_status(kind, &replica)
    }

    #[test]
    fn states_are_read_in_each_runtime_s_words() {
        use RuntimeKind::*;
        use Status::*;
        let cases = [
            (Docker, "running", None, None, Ok),
            (Docker, "running", None, Some("healthy"), Ok),
            (Docker, "running", None, Some("starting"), Warning),
            (Docker, "running", None, Some("unhealthy"), Critical),
            (Docker, "restarting", None, None, Critical),
            (Docker, "exited", Some("exit code 137"), None, Critical),
            (Kubernetes, "Running", None, Some("ready"), Ok),
            (Kubernetes, "Running", None, Some("not ready"), Warning),
            (Kubernetes, "ContainerCreating", None, Some("not ready"), Warning),
            (Kubernetes, "CrashLoopBackOff", None, Some("not ready"), Critical),
            (Kubernetes, "Unknown", None, Some("not ready"), Unknown),
            (Systemd, "active", Some("running"), None, Ok),
            (Systemd, "activating", Some("start"), None, Warning),
            (Systemd, "activating", Some("auto-restart, result oom-kill"), None, Critical),
            (Systemd, "failed", Some("failed, result exit-code"), None, Critical),
            (Process, "sleep", None, None, Ok),
            (Process, "zombie", None, None, Critical),
        ];
        for (kind, state, detail, health, expected) in cases {
            assert_eq!(
                status(kind, state, detail, health),
                expected,
                "{kind:?} {state} {health:?}"
            );
        }
    }

    #[test]
    fn an_answer_that_is_not_the_services_health_is_not_its_response_time() {
        let probe = |status, body| crate::evidence::HttpProbe {
            url: "http://10.0.0.7:8080/health".into(),
            status,
            connect_ms: 0.3,
            first_byte_ms: 1.2,
            total_ms: 1.5,
            body,
            cache: None,
        };
        let runbook = Runbook::embedded();
        let judge = |probe| {
            api_response_time(
                &Evidence { health: Some(Ok(probe)), ..Evidence::default() },
                &runbook,
            )
        };
        let other = judge(probe(404, None));
        assert_eq!(other.status, Status::Unknown, "{}", other.summary);
        assert!(
            other.summary.contains("/health answered 404 in 1.5 ms, not a JSON document"),
            "{}",
            other.summary
        );
        let unhealthy: serde_json::Value =
            serde_json::from_str(include_str!("../../../../fixtures/evidence/quick-healthy.json"))
                .map(|evidence: serde_json::Value| evidence["health"]["Ok"]["body"].clone())
                .unwrap();
        assert_eq!(
            judge(probe(503, Some(unhealthy))).status,
            Status::Ok,
            "the service's own 503 is timed"
        );
    }
}
