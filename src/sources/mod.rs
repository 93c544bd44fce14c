//! Evidence sources: one module per place the doctor looks.
//!
//! [`collect`] runs every source the chosen checks need concurrently, each
//! bounded by the run's single deadline, and assembles the [`Evidence`].
//! A source never judges; it reports what it saw or why it could not.

pub mod blocking;
pub mod budget;
pub mod cgroup;
pub mod database;
pub mod docker;
pub mod fleet;
pub mod host;
pub mod http;
pub mod kept;
pub mod kubernetes;
pub mod logs;
pub mod metrics;
pub mod network;
pub mod process;
pub mod procfs;
pub mod profile;
pub mod prometheus;
pub mod redis;
pub mod runtime;
pub mod systemd;
pub mod trend;

use std::time::{Duration, Instant};

use crate::plan::Plan;
use diagnosis::evidence::host::HostEvidence;
use diagnosis::evidence::network::NetworkEvidence;
use diagnosis::evidence::scope::Source;
use diagnosis::evidence::{Evidence, Outcome, SourceError};

/// A deadline and the length it was set for (named in timeout errors).
#[derive(Debug, Clone, Copy)]
struct Budget {
    deadline: Instant,
    timeout: Duration,
}

impl Budget {
    /// Runs `future` until the deadline; past it, the source timed out.
    async fn run<T>(self, what: &str, future: impl Future<Output = Outcome<T>>) -> Outcome<T> {
        tokio::time::timeout_at(self.deadline.into(), future).await.unwrap_or_else(|_| {
            Err(SourceError::TimedOut(format!(
                "{what} gave no answer within the {}ms deadline",
                self.timeout.as_millis()
            )))
        })
    }
}

/// Makes and runs a source's future only when `source` is needed, on the
/// heap: a collection's future then holds a pointer per source, not the
/// state of every source it could have run (a fleet holds hundreds).
async fn when<T, F: Future<Output = Outcome<T>>>(
    needed: &[Source],
    source: Source,
    make: impl FnOnce() -> F,
) -> Option<Outcome<T>> {
    if needed.contains(&source) { Some(Box::pin(make()).await) } else { None }
}

/// What a source that takes long reports while it works; the caller
/// decides whether and how to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The memory trend took sample `taken` of `planned`, over `duration`.
    TrendSample { taken: u64, planned: u64, duration: Duration },
}

/// Collects every needed source concurrently under the plan's deadline,
/// reporting nothing of its progress.
pub async fn collect(plan: &Plan, needed: &[Source]) -> Evidence {
    collect_reporting(plan, needed, &|_| {}).await
}

/// [`collect`], reporting the progress of long sources to `progress`.
pub async fn collect_reporting(
    plan: &Plan,
    needed: &[Source],
    progress: &(dyn Fn(Progress) + Sync),
) -> Evidence {
    collect_with(plan, needed, &http::client(plan.timeout), None, progress).await
}

/// [`collect_reporting`] through `client`: many collections at once (a
/// fleet's replicas) share one client, its connection pool and its TLS
/// roots, which are costly to load, and `gate`, which bounds the requests
/// to the service they have in flight together.
pub async fn collect_with(
    plan: &Plan,
    needed: &[Source],
    client: &reqwest::Client,
    gate: Option<&tokio::sync::Semaphore>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Evidence {
    // Only what the plan asks for: a run of the past asks Prometheus alone.
    let requested = plan.requested_sources();
    let needed: Vec<Source> = needed.iter().copied().filter(|s| requested.contains(s)).collect();
    let needed = needed.as_slice();
    let started = Instant::now();
    let deadline = started + plan.run_length();
    let budget = Budget { deadline, timeout: plan.run_length() };
    let health_url = plan.api_url.join("/health").expect("a path joins onto an http URL");
    let config_url = plan.api_url.join(&plan.probe_path).expect("a path joins onto an http URL");
    // A memory trend runs for its whole duration, under a deadline of its
    // own, and only when `--duration` asked for one.
    let memory_trend = async {
        match plan.trend {
            Some(duration) if needed.contains(&Source::MemoryTrend) => Some(
                Box::pin(
                    Budget {
                        deadline: started + duration + plan.timeout,
                        timeout: duration + plan.timeout,
                    }
                    .run(
                        "the memory trend",
                        trend::sample(client, &plan.metrics_url, duration, progress),
                    ),
                )
                .await,
            ),
            _ => None,
        }
    };
    let database = async {
        match &plan.database_url {
            Some(url) if needed.contains(&Source::DatabaseInspection) => Some(
                Box::pin(
                    budget.run("PostgreSQL", database::inspect(url, plan.timeout, plan.sample)),
                )
                .await,
            ),
            Some(url) if needed.contains(&Source::Database) => Some(
                Box::pin(budget.run("PostgreSQL", database::round_trip(url, plan.timeout))).await,
            ),
            _ => None,
        }
    };
    let redis = async {
        match &plan.redis_url {
            Some(url)
                if needed.contains(&Source::Redis) || needed.contains(&Source::RedisBigKeys) =>
            {
                let scan = plan.bigkeys && needed.contains(&Source::RedisBigKeys);
                Some(
                    Box::pin(budget.run("Redis", redis::probe(url, plan.sample, deadline, scan)))
                        .await,
                )
            }
            _ => None,
        }
    };
    let metrics_shelf = plan.state_dir.as_deref().map(|dir| kept::Shelf { dir, kind: "metrics" });
    // Prometheus is asked at the time judged, over the runbook's range or
    // the past span asked for.
    let (range, at) = match plan.past {
        Some(past) => (Duration::from_secs(past.seconds), past.at),
        None => (plan.runbook.ratios.range(), chrono::Utc::now()),
    };
    let (
        metrics,
        health,
        config_read,
        runtime,
        prometheus,
        history,
        memory_trend,
        database,
        redis,
        (network, host),
    ) = tokio::join!(
        when(needed, Source::Metrics, || {
            let scrapes = metrics::scrape_window(
                client,
                &plan.metrics_url,
                plan.sample,
                deadline,
                gate,
                metrics_shelf.as_ref(),
            );
            budget.run("the metrics endpoint", scrapes)
        }),
        when(needed, Source::Health, || {
            budget.run("/health", http::gated(gate, http::probe(client, &health_url)))
        }),
        when(needed, Source::ConfigRead, || {
            budget.run("the config read", http::gated(gate, http::probe(client, &config_url)))
        }),
        when(needed, Source::Runtime, || budget.run("the runtime", runtime::inspect(plan))),
        when(needed, Source::Prometheus, || {
            let answers =
                prometheus::query_catalogue(client, &plan.prometheus_url, range, at, deadline);
            budget.run("Prometheus", answers)
        }),
        when(needed, Source::History, || {
            let answers = prometheus::query_history(
                client,
                &plan.prometheus_url,
                range,
                at,
                plan.history_offset,
                plan.runbook.objectives.as_ref(),
                deadline,
            );
            budget.run("Prometheus's history", answers)
        }),
        memory_trend,
        database,
        redis,
        Box::pin(network_and_host(plan, needed, budget)),
    );
    Evidence {
        collected_at: Some(chrono::Utc::now()),
        metrics,
        health,
        config_read,
        runtime,
        prometheus,
        memory_trend,
        database,
        redis,
        network,
        host,
        history,
        past: plan.past,
    }
}

/// The network and host sources, which share the service's pid: found
/// first (cheaply, without the runtime's sampling window), then both run
/// concurrently. Without a pid they still collect all that does not need
/// one, and say why the rest is missing.
async fn network_and_host(
    plan: &Plan,
    needed: &[Source],
    budget: Budget,
) -> (Option<Outcome<NetworkEvidence>>, Option<Outcome<HostEvidence>>) {
    let deadline = budget.deadline;
    if !needed.contains(&Source::Network) && !needed.contains(&Source::Host) {
        return (None, None);
    }
    // A quarter of the run at most, so that a slow Docker engine leaves
    // time for everything that needs no pid.
    let lookup_budget = plan.timeout / 4;
    let lookup_by = deadline.min(Instant::now() + lookup_budget);
    let pid = Budget { deadline: lookup_by, timeout: lookup_budget }
        .run("finding the service's process", runtime::service_pid(plan))
        .await;
    let network_target = network::NetworkTarget::from_plan(plan, deadline);
    let (host_target, found) = host::HostTarget::from_plan(plan, deadline).located(&pid);
    tokio::join!(
        when(needed, Source::Network, || {
            let collected = async { Ok(network::collect(&network_target, &pid).await) };
            budget.run("the network source", collected)
        }),
        when(needed, Source::Host, || {
            let collected = async {
                let collected = host::collect(&host_target, &pid).await;
                Ok(HostEvidence { found, ..collected })
            };
            budget.run("the host source", collected)
        }),
    )
}
