//! The Docker runtime source: the service's container as the Docker Engine
//! API sees it.
//!
//! [`locate`] says whether an engine answers and which container is the
//! service: the one with the target's name, else the first running one of
//! the Compose service of that name. [`snapshot`] reports that container's
//! state, health, restarts and OOM kill from an inspect; CPU from two stats
//! readings at least a sampling window apart (not the engine's own
//! one-second `precpu`); memory without page cache against the limit that
//! applies; and the log window's lines counted by level, read while the CPU
//! window runs.
//!
//! The engine is the one `DOCKER_HOST` names, else the local socket. Every
//! engine call is bounded; a failure is a [`SourceError`] that says what to
//! do about it, and nothing the engine sends is trusted to be present.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::future::Future;
use std::time::{Duration, Instant};

use bollard::Docker;
use bollard::container::LogOutput;
use bollard::errors::Error as EngineError;
use bollard::models::{
    ContainerInspectResponse, ContainerStateStatusEnum, ContainerStatsResponse, ContainerSummary,
    ContainerSummaryStateEnum, HealthStatusEnum, HostConfig,
};
use bollard::query_parameters::{
    ListContainersOptionsBuilder, LogsOptionsBuilder, StatsOptionsBuilder,
};
use futures_util::StreamExt;

use crate::sources::cgroup::Cgroup;
use crate::sources::kept::{CounterWindow, Keeping, Shelf};
use crate::sources::logs;
use crate::sources::process::process_details;
use diagnosis::evidence::{
    CpuUsage, LogSummary, MemoryUsage, Outcome, ProcessDetails, ReplicaState, RuntimeKind,
    RuntimeSnapshot, SourceError,
};
use net::error_chain;

/// The engine a client connects to when `DOCKER_HOST` is unset (bollard's
/// default on Unix), for messages.
const DEFAULT_HOST: &str = "unix:///var/run/docker.sock";
/// Deadline of one engine call, answer included.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// How much earlier than the sample a stats reading may come and still
/// close the window (readings come on the engine's ticks, with jitter).
const TICK_SLACK: Duration = Duration::from_millis(100);
/// Deadline of reading the log window, which may be long.
const LOGS_TIMEOUT: Duration = Duration::from_secs(10);
/// The label Compose puts on a service's containers.
const COMPOSE_SERVICE_LABEL: &str = "com.docker.compose.service";
const COMPOSE_PROJECT_LABEL: &str = "com.docker.compose.project";
/// CFS period the kernel uses when `CpuPeriod` is not set.
const DEFAULT_CPU_PERIOD_MICROS: f64 = 100_000.0;
/// How many characters of the id `docker ps` shows.
const SHORT_ID_LEN: usize = 12;

/// Which container to look at, and how long to watch it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerTarget {
    /// Container name, or Compose service name.
    pub container: String,
    /// How far apart the two CPU readings are at least; the engine reads
    /// on a one-second tick, so the window is rounded up to whole ticks.
    pub sample: Duration,
    /// How far back log lines are read.
    pub log_window: Duration,
    /// Where the CPU counter is kept for the next run, which measures from
    /// it when it reads the same container's cgroup ([`super::kept`]).
    pub state_dir: Option<std::path::PathBuf>,
}

/// `Ok(Some(id))` when the engine answers and a container matches;
/// `Ok(None)` when the engine answers and none matches;
/// `Err(SourceError::Unavailable(..))` when no engine answers (no socket,
/// permission denied, ...).
///
/// The id is the container's full id.
pub async fn locate(target: &DockerTarget) -> Outcome<Option<String>> {
    let engine = Engine::connect().await?;
    engine.find(&target.container).await
}

/// The containers of the service (the Compose service of the container
/// the target names, else that container alone), as [`snapshot`] lists
/// them, without its sampling window or logs.
pub async fn replicas(target: &DockerTarget) -> Outcome<Vec<ReplicaState>> {
    let engine = Engine::connect().await?;
    let (id, inspect) = engine.target(&target.container).await?;
    engine.service_containers(&container_name(&inspect, &id), &inspect).await
}

/// The host pid of the container's main process, without a sampling
/// window; `Unavailable` when there is no such container or it does not
/// run.
pub async fn container_pid(target: &DockerTarget) -> Outcome<u32> {
    let (_, inspect) = Engine::connect().await?.target(&target.container).await?;
    inspect
        .state
        .and_then(|state| state.pid)
        .and_then(|pid| u32::try_from(pid).ok())
        .filter(|pid| *pid > 0)
        .ok_or_else(|| {
            SourceError::Unavailable(format!("container {} is not running", target.container))
        })
}

/// A full [`RuntimeSnapshot`] (kind Docker) of the container.
///
/// Takes `target.sample` rounded up to the engine's one-second stats tick,
/// plus up to one tick of waiting for the first reading and a few round
/// trips; the log window is read while the CPU window runs. A container
/// that is not running, or whose stats cannot be read, has no CPU, memory
/// or thread count; a log read that fails leaves the rest intact.
pub async fn snapshot(target: &DockerTarget) -> Outcome<RuntimeSnapshot> {
    let engine = Engine::connect().await?;
    let (id, inspect) = engine.target(&target.container).await?;
    let state = inspect.state.as_ref();
    let status = state.and_then(|s| s.status).filter(|s| *s != ContainerStateStatusEnum::EMPTY);
    let running = is_running(&inspect);
    let name = container_name(&inspect, &target.container);
    let host_config = inspect.host_config.as_ref();

    let pid =
        state.and_then(|s| s.pid).and_then(|pid| u32::try_from(pid).ok()).filter(|pid| *pid > 0);
    let usage = async {
        if !running {
            return None;
        }
        // On the engine's host the container's cgroup counters give a CPU
        // sample of exactly the window; elsewhere the stats stream does.
        let cgroup = pid.and_then(Cgroup::of).filter(|cgroup| cgroup.cpu_seconds().is_some());
        match cgroup {
            Some(cgroup) => {
                // One run of the container: a restart starts its counter anew.
                let started = state.and_then(|s| s.started_at.as_deref()).unwrap_or_default();
                let keeping = target.state_dir.as_deref().map(|dir| Keeping {
                    shelf: Shelf { dir, kind: "cpu" },
                    identity: format!("docker {id} started {started}"),
                });
                let window = CounterWindow::open(keeping, target.sample, || cgroup.cpu_seconds());
                engine.usage_from_cgroup(&id, &cgroup, host_config, window).await.ok()
            }
            None => engine.usage(&id, host_config, target.sample).await.ok(),
        }
    };
    let (usage, logs, replicas) = tokio::join!(
        usage,
        engine.logs(&id, &name, target.log_window),
        engine.service_containers(&name, &inspect)
    );
    let usage = usage.unwrap_or_default();

    Ok(RuntimeSnapshot {
        kind: RuntimeKind::Docker,
        name,
        id: short_id(inspect.id.as_deref().unwrap_or(&id)),
        state: status.map_or_else(|| "unknown".to_owned(), |s| s.as_ref().to_owned()),
        health: health_of(&inspect),
        restarts: inspect.restart_count.and_then(|count| u64::try_from(count).ok()),
        oom_killed: state.and_then(|s| s.oom_killed),
        cpu: usage.cpu,
        memory: usage.memory,
        // On the engine's host /proc shows the container's main process too.
        process: pid.filter(|_| running).map(|pid| {
            let details = process_details(pid);
            ProcessDetails { threads: details.threads.or(usage.threads), ..details }
        }),
        logs: Some(logs),
        usage_unavailable: None,
        events: Vec::new(),
        cgroup_oom_kills: None,
        replicas: replicas?,
    })
}

/// What two stats readings tell.
#[derive(Debug, Default)]
struct Usage {
    cpu: Option<CpuUsage>,
    memory: Option<MemoryUsage>,
    threads: Option<u64>,
}

/// A connected client and where it points, for messages.
struct Engine {
    docker: Docker,
    host: String,
}

impl Engine {
    /// Connects and agrees on an API version (older engines refuse newer
    /// clients), which is also the check that an engine answers.
    async fn connect() -> Outcome<Engine> {
        let configured = std::env::var("DOCKER_HOST").ok().filter(|host| !host.is_empty());
        let host = configured.clone().unwrap_or_else(|| DEFAULT_HOST.to_owned());
        let client = match &configured {
            Some(host) => Docker::connect_with_host(host),
            None => Docker::connect_with_local_defaults(),
        };
        let docker =
            client.map_err(|e| engine_error(&host, "connect", e))?.with_timeout(CALL_TIMEOUT);
        let docker = bounded(&host, "version negotiation", docker.negotiate_version()).await?;
        Ok(Engine { docker, host })
    }

    /// The container named `name`, else the first running (else the newest)
    /// container of the Compose service `name`.
    async fn find(&self, name: &str) -> Outcome<Option<String>> {
        let named = self.list("name", &[name.to_owned()]).await?;
        if let Some(id) = named.iter().find(|c| has_name(c, name)).and_then(|c| c.id.clone()) {
            return Ok(Some(id));
        }
        let service = self.list("label", &[format!("{COMPOSE_SERVICE_LABEL}={name}")]).await?;
        Ok(pick_service_container(&service))
    }

    /// Every container of the Compose service the inspected container
    /// belongs to, in its project (two projects on one engine, staging and
    /// production say, may name a service alike), in name order; the
    /// container alone when it belongs to none.
    async fn service_containers(
        &self,
        name: &str,
        inspect: &ContainerInspectResponse,
    ) -> Outcome<Vec<ReplicaState>> {
        let labels = inspect.config.as_ref().and_then(|config| config.labels.as_ref());
        let Some(service) = labels.and_then(|labels| labels.get(COMPOSE_SERVICE_LABEL)) else {
            return Ok(vec![replica_of(name, inspect)]);
        };
        let mut wanted = vec![format!("{COMPOSE_SERVICE_LABEL}={service}")];
        if let Some(project) = labels.and_then(|labels| labels.get(COMPOSE_PROJECT_LABEL)) {
            wanted.push(format!("{COMPOSE_PROJECT_LABEL}={project}"));
        }
        let listed = self.list("label", &wanted).await?;
        let mut replicas = Vec::with_capacity(listed.len());
        for container in listed {
            let Some(id) = container.id else { continue };
            let inspect = self.inspect(&id).await?;
            replicas.push(replica_of(&container_name(&inspect, &id), &inspect));
        }
        replicas.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(replicas)
    }

    /// The container the target names (see [`Engine::find`]): its id and
    /// what the engine says of it.
    async fn target(&self, container: &str) -> Outcome<(String, ContainerInspectResponse)> {
        let id = self.find(container).await?.ok_or_else(|| no_container(container))?;
        let inspect = self.inspect(&id).await?;
        Ok((id, inspect))
    }

    /// Containers, stopped ones included, that match one filter's values
    /// (the engine wants every label given, and any name).
    async fn list(&self, filter: &str, values: &[String]) -> Outcome<Vec<ContainerSummary>> {
        let filters = HashMap::from([(filter, values.iter().map(String::as_str).collect())]);
        let options = ListContainersOptionsBuilder::default().all(true).filters(&filters).build();
        bounded(&self.host, "listing containers", self.docker.list_containers(Some(options))).await
    }

    async fn inspect(&self, id: &str) -> Outcome<ContainerInspectResponse> {
        bounded(&self.host, "inspecting the container", self.docker.inspect_container(id, None))
            .await
    }

    /// CPU over at least `sample` (two readings of one stats subscription),
    /// memory and thread count from the second reading.
    ///
    /// The engine reads a container's counters on a one-second tick and
    /// answers every stats request, one-shot ones included, at its next
    /// tick (at once only when nothing else is subscribed). One subscription
    /// therefore costs at most one tick of waiting, where two one-shot reads
    /// cost up to two; the window is the first tick at least `sample` after
    /// the first reading.
    async fn usage(
        &self,
        id: &str,
        host_config: Option<&HostConfig>,
        sample: Duration,
    ) -> Outcome<Usage> {
        let what = "reading container stats";
        let options = StatsOptionsBuilder::default().stream(true).one_shot(false).build();
        let mut readings = self.docker.stats(id, Some(options));
        let earliest = sample.saturating_sub(TICK_SLACK);
        let read = async {
            let Some(first) = readings.next().await.transpose()? else {
                return Ok(None);
            };
            let first_at = Instant::now();
            loop {
                let Some(second) = readings.next().await.transpose()? else {
                    return Ok(None);
                };
                let elapsed = first_at.elapsed();
                if elapsed >= earliest {
                    return Ok::<_, EngineError>(Some((first, second, elapsed)));
                }
            }
        };
        let readings = match tokio::time::timeout(sample + CALL_TIMEOUT, read).await {
            Ok(Ok(readings)) => readings,
            Ok(Err(error)) => return Err(engine_error(&self.host, what, error)),
            Err(_) => {
                return Err(SourceError::Unavailable(format!(
                    "the Docker engine at {} did not send two stats readings of container {id} \
                     within {}s",
                    self.host,
                    (sample + CALL_TIMEOUT).as_secs()
                )));
            }
        };
        let (first, second, elapsed) = readings.ok_or_else(|| {
            SourceError::Failed(format!(
                "the Docker engine at {} ended the stats of container {id} early; did it stop?",
                self.host
            ))
        })?;
        Ok(Usage {
            cpu: cpu_usage(&first, &second, host_config, elapsed.as_secs_f64()),
            memory: memory_usage(&second, host_config),
            threads: second.pids_stats.as_ref().and_then(|p| p.current),
        })
    }

    /// CPU from the container's cgroup counters over exactly `sample`, with
    /// memory and threads from one stats reading taken meanwhile.
    async fn usage_from_cgroup(
        &self,
        id: &str,
        cgroup: &Cgroup,
        host_config: Option<&HostConfig>,
        window: CounterWindow<'_>,
    ) -> Outcome<Usage> {
        let options = StatsOptionsBuilder::default().stream(false).one_shot(true).build();
        let reading = async {
            let mut readings = self.docker.stats(id, Some(options));
            readings.next().await.transpose()
        };
        let (reading, ()) = tokio::join!(
            bounded(&self.host, "reading container stats", reading),
            tokio::time::sleep(window.wait)
        );
        let (cpu_seconds, window_seconds) = window.close(cgroup.cpu_seconds());
        let reading = reading?.ok_or_else(|| {
            SourceError::Failed(format!(
                "the Docker engine at {} sent no stats for {id}",
                self.host
            ))
        })?;
        let cpu = match (cpu_seconds, cores_available(host_config, &reading)) {
            (Some(cpu_seconds), Some(cores)) => {
                CpuUsage::from_cpu_time(cpu_seconds, window_seconds, cores)
            }
            _ => None,
        };
        Ok(Usage {
            cpu,
            memory: memory_usage(&reading, host_config),
            threads: reading.pids_stats.as_ref().and_then(|p| p.current),
        })
    }

    /// stdout and stderr lines of the last `window`, counted by level.
    async fn logs(&self, id: &str, name: &str, window: Duration) -> Outcome<LogSummary> {
        let window_seconds = window.as_secs();
        let now = chrono::Utc::now().timestamp();
        let since = now.saturating_sub(i64::try_from(window_seconds).unwrap_or(i64::MAX)).max(1);
        let since = i32::try_from(since).map_err(|_| {
            SourceError::Unsupported(format!(
                "the Docker logs API takes `since` as a 32-bit timestamp, and {since} is past it"
            ))
        })?;
        let options = LogsOptionsBuilder::default().stdout(true).stderr(true).since(since).build();
        let mut stream = self.docker.logs(id, Some(options));
        let mut lines = LineSplitter::default();
        let what = format!("docker logs {name}");
        let read = async {
            while let Some(chunk) = stream.next().await {
                lines.push(chunk?);
            }
            Ok(())
        };
        match tokio::time::timeout(LOGS_TIMEOUT, read).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => return Err(engine_error(&self.host, &what, error)),
            Err(_) => {
                return Err(SourceError::Unavailable(format!(
                    "{what} did not finish within {}s; try a shorter log window",
                    LOGS_TIMEOUT.as_secs()
                )));
            }
        }
        let lines = lines.finish();
        Ok(logs::summarize(what, window_seconds, lines.iter().map(String::as_str)))
    }
}

/// Runs one engine call under [`CALL_TIMEOUT`], answer body included.
async fn bounded<T>(
    host: &str,
    what: &str,
    call: impl Future<Output = Result<T, EngineError>>,
) -> Outcome<T> {
    match tokio::time::timeout(CALL_TIMEOUT, call).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(engine_error(host, what, error)),
        Err(_) => Err(SourceError::Unavailable(format!(
            "the Docker engine at {host} did not answer ({what}) within {}s",
            CALL_TIMEOUT.as_secs()
        ))),
    }
}

fn no_container(name: &str) -> SourceError {
    SourceError::Unavailable(format!(
        "no container named {name} or with compose service label {name}; \
         list them with `docker ps -a`"
    ))
}

/// What an engine error means for the user: no engine (`Unavailable`), or
/// an engine that answered oddly (`Failed`).
fn engine_error(host: &str, what: &str, error: EngineError) -> SourceError {
    match error {
        EngineError::SocketNotFoundError(path) => SourceError::Unavailable(format!(
            "no Docker engine socket at {path}; start Docker, or set DOCKER_HOST to where it listens"
        )),
        EngineError::UnsupportedURISchemeError { uri } => SourceError::Unavailable(format!(
            "DOCKER_HOST={uri} is not an address this doctor can use; use unix:// or tcp://"
        )),
        EngineError::RequestTimeoutError => SourceError::Unavailable(format!(
            "the Docker engine at {host} did not answer ({what}) within {}s",
            CALL_TIMEOUT.as_secs()
        )),
        EngineError::DockerResponseServerError { status_code: 404, message } => {
            SourceError::Unavailable(format!(
                "the Docker engine at {host} no longer has the container ({what}): {message}; \
                 list containers with `docker ps -a`"
            ))
        }
        EngineError::DockerResponseServerError { status_code, message } => {
            SourceError::Failed(format!(
                "the Docker engine at {host} refused {what} with status {status_code}: {message}"
            ))
        }
        error @ (EngineError::JsonDataError { .. }
        | EngineError::JsonSerdeError { .. }
        | EngineError::APIVersionParseError {}
        | EngineError::DockerStreamError { .. }) => SourceError::Failed(format!(
            "the Docker engine at {host} sent an unreadable answer ({what}): {}",
            error_chain(&error)
        )),
        error if permission_denied(&error) => SourceError::Unavailable(format!(
            "permission denied on the Docker engine at {host}; run as root or as a member of \
             the `docker` group"
        )),
        error => SourceError::Unavailable(format!(
            "cannot reach the Docker engine at {host} ({what}): {}; is the daemon running?",
            error_chain(&error)
        )),
    }
}

fn permission_denied(error: &(dyn StdError + 'static)) -> bool {
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(cause) = current {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::PermissionDenied
        {
            return true;
        }
        current = cause.source();
    }
    false
}

/// Whether a listed container is called `name` (the engine lists names
/// with a leading `/`, and the name filter matches substrings).
fn has_name(container: &ContainerSummary, name: &str) -> bool {
    container.names.iter().flatten().any(|n| n.trim_start_matches('/') == name)
}

/// The first running container of a service, else the first listed (the
/// engine lists the newest first).
fn pick_service_container(containers: &[ContainerSummary]) -> Option<String> {
    containers
        .iter()
        .find(|c| c.state == Some(ContainerSummaryStateEnum::RUNNING))
        .or_else(|| containers.first())
        .and_then(|c| c.id.clone())
}

fn short_id(id: &str) -> String {
    id.get(..SHORT_ID_LEN).unwrap_or(id).to_owned()
}

/// The health check's status, when the container has a health check.
/// The container's state as the engine reports it: its status, exit
/// code once it stopped, health check, and since when (start, or end once
/// it stopped).
fn replica_of(name: &str, inspect: &ContainerInspectResponse) -> ReplicaState {
    let running = is_running(inspect);
    let state = inspect.state.as_ref();
    let status = state.and_then(|s| s.status).filter(|s| *s != ContainerStateStatusEnum::EMPTY);
    let time = |at: Option<&String>| {
        // The engine writes 0001-01-01T00:00:00Z for "never".
        at.and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
            .map(|at| at.with_timezone(&chrono::Utc))
            .filter(|at| at.timestamp() > 0)
    };
    let started = time(state.and_then(|s| s.started_at.as_ref()));
    let finished = time(state.and_then(|s| s.finished_at.as_ref()));
    ReplicaState {
        name: name.to_owned(),
        state: status.map_or_else(|| "unknown".to_owned(), |s| s.as_ref().to_owned()),
        detail: state
            .and_then(|s| s.exit_code)
            .filter(|_| !running && finished.is_some())
            .map(|code| format!("exit code {code}")),
        health: health_of(inspect),
        since: if running { started } else { finished.or(started) },
        address: address_of(inspect),
    }
}

fn is_running(inspect: &ContainerInspectResponse) -> bool {
    inspect.state.as_ref().and_then(|s| s.status) == Some(ContainerStateStatusEnum::RUNNING)
}

/// The container's name without the engine's leading `/`, else `fallback`.
fn container_name(inspect: &ContainerInspectResponse, fallback: &str) -> String {
    let name = inspect.name.as_deref().map(|n| n.trim_start_matches('/'));
    name.filter(|n| !n.is_empty()).unwrap_or(fallback).to_owned()
}

/// The container's address on its first network that gives one.
fn address_of(inspect: &ContainerInspectResponse) -> Option<String> {
    let networks = inspect.network_settings.as_ref()?.networks.as_ref()?;
    networks
        .values()
        .filter_map(|network| network.ip_address.clone())
        .find(|address| !address.is_empty())
}

fn health_of(inspect: &ContainerInspectResponse) -> Option<String> {
    let status = inspect.state.as_ref()?.health.as_ref()?.status?;
    match status {
        HealthStatusEnum::EMPTY | HealthStatusEnum::NONE => None,
        status => Some(status.as_ref().to_owned()),
    }
}

/// The cores the container may use: its CPU limit (`--cpus`, else a CFS
/// quota) capped at the host's online cores, else the host's online cores.
fn cores_available(
    host_config: Option<&HostConfig>,
    stats: &ContainerStatsResponse,
) -> Option<f64> {
    let cpu_stats = stats.cpu_stats.as_ref();
    let online =
        cpu_stats.and_then(|c| c.online_cpus).filter(|n| *n > 0).map(f64::from).or_else(|| {
            let per_cpu = cpu_stats?.cpu_usage.as_ref()?.percpu_usage.as_ref()?;
            (!per_cpu.is_empty()).then_some(per_cpu.len() as f64)
        });
    let nano_cpus =
        host_config.and_then(|h| h.nano_cpus).filter(|n| *n > 0).map(|n| n as f64 / 1e9);
    let quota = host_config.and_then(|h| {
        let quota = h.cpu_quota.filter(|q| *q > 0)? as f64;
        let period =
            h.cpu_period.filter(|p| *p > 0).map_or(DEFAULT_CPU_PERIOD_MICROS, |p| p as f64);
        Some(quota / period)
    });
    match (nano_cpus.or(quota), online) {
        (Some(limit), Some(online)) => Some(limit.min(online)),
        (limit, online) => limit.or(online),
    }
}

/// CPU time used between two readings, as a share of the cores available
/// over `window_seconds` of wall clock.
fn cpu_usage(
    first: &ContainerStatsResponse,
    second: &ContainerStatsResponse,
    host_config: Option<&HostConfig>,
    window_seconds: f64,
) -> Option<CpuUsage> {
    let total =
        |stats: &ContainerStatsResponse| stats.cpu_stats.as_ref()?.cpu_usage.as_ref()?.total_usage;
    // A smaller second total means the container restarted in between.
    let used_ns = total(second)?.checked_sub(total(first)?)?;
    let cores = cores_available(host_config, second)?;
    CpuUsage::from_cpu_time(used_ns as f64 / 1e9, window_seconds, cores)
}

/// Memory in use without reclaimable page cache, as `docker stats` counts
/// it, against the cgroup's limit.
fn memory_usage(
    stats: &ContainerStatsResponse,
    host_config: Option<&HostConfig>,
) -> Option<MemoryUsage> {
    let memory = stats.memory_stats.as_ref()?;
    let usage = memory.usage?;
    let limit = memory.limit.filter(|l| *l > 0)?;
    let counters = memory.stats.as_ref();
    // cgroup v1 has `total_inactive_file` (hierarchical); v2 `inactive_file`;
    // old v1 kernels only `cache`.
    let cache = counters
        .and_then(|c| {
            c.get("total_inactive_file")
                .or_else(|| c.get("inactive_file"))
                .or_else(|| c.get("cache"))
        })
        .copied()
        .unwrap_or(0);
    let used_bytes = if cache < usage { usage - cache } else { usage };
    let limited = host_config.and_then(|h| h.memory).is_some_and(|m| m > 0);
    Some(MemoryUsage {
        used_bytes,
        limit_bytes: limit,
        limit_source: if limited { "container limit" } else { "host memory" }.to_owned(),
    })
}

/// Reassembles log frames into lines per stream, in arrival order
/// (TTY containers send arbitrary chunks, others one frame per line).
#[derive(Debug, Default)]
struct LineSplitter {
    pending: [Vec<u8>; 3],
    lines: Vec<String>,
}

impl LineSplitter {
    fn push(&mut self, output: LogOutput) {
        let slot = match &output {
            LogOutput::StdOut { .. } | LogOutput::Console { .. } => 0,
            LogOutput::StdErr { .. } => 1,
            LogOutput::StdIn { .. } => 2,
        };
        let pending = &mut self.pending[slot];
        pending.extend_from_slice(output.as_ref());
        while let Some(end) = pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            self.lines.push(text_of(&line));
        }
    }

    fn finish(mut self) -> Vec<String> {
        for pending in &self.pending {
            if !pending.is_empty() {
                self.lines.push(text_of(pending));
            }
        }
        self.lines
    }
}

fn text_of(line: &[u8]) -> String {
    String::from_utf8_lossy(line).trim_end_matches(['\n', '\r']).to_owned()
}

#[cfg(test)]
mod tests {
    use bollard::models::{
        ContainerCpuStats, ContainerCpuUsage, ContainerMemoryStats, ContainerState, Health,
    };

    use super::*;

    fn stats(total_ns: u64, online: Option<u32>) -> ContainerStatsResponse {
        ContainerStatsResponse {
            cpu_stats: Some(ContainerCpuStats {
                cpu_usage: Some(ContainerCpuUsage {
                    total_usage: Some(total_ns),
                    ..Default::default()
                }),
                online_cpus: online,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn cpu_is_a_share_of_the_limit_or_the_host() {
        let (first, second) = (stats(1_000_000_000, Some(4)), stats(2_000_000_000, Some(4)));
        let host = cpu_usage(&first, &second, None, 1.0).unwrap();
        assert_eq!((host.percent_of_available, host.cores_available), (25.0, 4.0));

        let cpus = HostConfig { nano_cpus: Some(500_000_000), ..Default::default() };
        let limited = cpu_usage(&first, &second, Some(&cpus), 2.0).unwrap();
        assert_eq!((limited.percent_of_available, limited.cores_available), (100.0, 0.5));

        let quota = HostConfig {
            cpu_quota: Some(200_000),
            cpu_period: Some(100_000),
            ..Default::default()
        };
        assert_eq!(cores_available(Some(&quota), &second), Some(2.0));
        let above_host = HostConfig { nano_cpus: Some(8_000_000_000), ..Default::default() };
        assert_eq!(cores_available(Some(&above_host), &second), Some(4.0));
    }

    #[test]
    fn cpu_is_unknown_across_a_restart_or_without_counters() {
        assert_eq!(cpu_usage(&stats(5, Some(2)), &stats(1, Some(2)), None, 1.0), None);
        let empty = ContainerStatsResponse::default();
        assert_eq!(cpu_usage(&empty, &stats(1, Some(2)), None, 1.0), None);
        assert_eq!(cpu_usage(&stats(1, None), &stats(2, None), None, 1.0), None);
    }

    #[test]
    fn memory_leaves_out_page_cache() {
        let memory = |counters: &[(&str, u64)]| ContainerStatsResponse {
            memory_stats: Some(ContainerMemoryStats {
                usage: Some(1000),
                limit: Some(4000),
                stats: Some(counters.iter().map(|(k, v)| (k.to_string(), *v)).collect()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let limited = HostConfig { memory: Some(4000), ..Default::default() };
        let v1 = memory_usage(
            &memory(&[("total_inactive_file", 300), ("inactive_file", 1)]),
            Some(&limited),
        );
        assert_eq!(
            v1,
            Some(MemoryUsage {
                used_bytes: 700,
                limit_bytes: 4000,
                limit_source: "container limit".into()
            })
        );
        let v2 = memory_usage(&memory(&[("inactive_file", 100)]), None).unwrap();
        assert_eq!((v2.used_bytes, v2.limit_source.as_str()), (900, "host memory"));
        assert_eq!(memory_usage(&memory(&[("cache", 5000)]), None).unwrap().used_bytes, 1000);
        assert_eq!(memory_usage(&ContainerStatsResponse::default(), None), None);
    }

    #[test]
    fn log_frames_become_lines_per_stream() {
        let out = |text: &str| LogOutput::StdOut { message: text.to_owned().into() };
        let err = |text: &str| LogOutput::StdErr { message: text.to_owned().into() };
        let mut splitter = LineSplitter::default();
        for frame in [out("a\n"), out("b1 "), err("E1\r\n"), out("b2\nc"), err("tail")] {
            splitter.push(frame);
        }
        assert_eq!(splitter.finish(), ["a", "E1", "b1 b2", "c", "tail"]);
    }

    #[test]
    fn health_only_with_a_health_check() {
        let with = |status| ContainerInspectResponse {
            state: Some(ContainerState {
                health: Some(Health { status: Some(status), ..Default::default() }),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(health_of(&with(HealthStatusEnum::UNHEALTHY)).as_deref(), Some("unhealthy"));
        assert_eq!(health_of(&with(HealthStatusEnum::NONE)), None);
        assert_eq!(health_of(&ContainerInspectResponse::default()), None);
    }

    #[test]
    fn engine_errors_say_whether_an_engine_answered() {
        let answered = |status_code| EngineError::DockerResponseServerError {
            status_code,
            message: "m".into(),
        };
        assert!(matches!(engine_error("h", "w", answered(404)), SourceError::Unavailable(_)));
        assert!(matches!(engine_error("h", "w", answered(500)), SourceError::Failed(_)));
        let missing = EngineError::SocketNotFoundError("/s".into());
        assert!(
            matches!(engine_error("h", "w", missing), SourceError::Unavailable(r) if r.contains("/s"))
        );
    }

    #[test]
    fn service_containers_prefer_running_ones() {
        let container = |id: &str, state| ContainerSummary {
            id: Some(id.into()),
            state: Some(state),
            ..Default::default()
        };
        let listed = [
            container("new", ContainerSummaryStateEnum::EXITED),
            container("old", ContainerSummaryStateEnum::RUNNING),
        ];
        assert_eq!(pick_service_container(&listed).as_deref(), Some("old"));
        assert_eq!(pick_service_container(&listed[..1]).as_deref(), Some("new"));
        assert_eq!(pick_service_container(&[]), None);
        assert_eq!(short_id("0123456789abcdef"), "0123456789ab");
        assert_eq!(short_id("abc"), "abc");
    }
}
