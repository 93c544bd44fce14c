//! The Kubernetes runtime source: the service's pods as the API server sees
//! them.
//!
//! The client is configured the way kubectl is: the kubeconfig that
//! `KUBECONFIG` names (else `~/.kube/config`), else the pod's own service
//! account. [`snapshot`] lists the pods that `--selector` matches in
//! `--namespace`, and then, concurrently: their usage from the metrics API
//! (`metrics.k8s.io` `PodMetrics`, which metrics-server serves), their log
//! lines of the log window, and the namespace's `Warning` events about them.
//!
//! Of each pod it takes the service's container (the one named like
//! `--container`, else the first): phase, readiness, waiting reason
//! (`CrashLoopBackOff`), restarts, and an OOM kill in its current or last
//! state. CPU is judged against the container's CPU limit, else its request;
//! memory (working set) against its memory limit. Several pods aggregate
//! as the state says: CPU of the busiest pod, memory of the fullest,
//! restarts summed, an OOM kill in any pod, the logs of all of them.
//!
//! A pod's processes are visible only from inside it (or its node), so fds
//! and threads come from the local process of the service's name only when
//! the doctor runs in a pod (`kubectl exec`).

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Container, ContainerStatus, Event, Pod};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use kube::api::{ListParams, LogParams};
use kube::config::Kubeconfig;
use kube::{Api, Client, Config};
use serde::Deserialize;

use crate::sources::logs;
use crate::sources::process::{self, ProcessTarget};
use diagnosis::evidence::{
    CpuUsage, LogSummary, MemoryUsage, Outcome, ReplicaState, RuntimeKind, RuntimeSnapshot,
    SourceError,
};
use net::error_chain;

/// Deadline of one API call, answer included.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// Deadline of reading the log window, which may be long.
const LOGS_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of each pod's log window is read at most.
const LOG_LIMIT_BYTES: i64 = 8 * 1024 * 1024;
/// The variable the kubelet sets in every container.
const IN_POD_VARIABLE: &str = "KUBERNETES_SERVICE_HOST";

/// Which pods to look at.
#[derive(Debug, Clone)]
pub struct KubernetesTarget {
    pub namespace: String,
    /// A label selector, e.g. `app=llm-config-manager`.
    pub selector: String,
    /// The service's container among each pod's containers.
    pub container: String,
    /// How far back log lines are read.
    pub log_window: Duration,
    /// The service's process, looked up locally when the doctor runs in a
    /// pod.
    pub process: ProcessTarget,
}

/// Whether the doctor runs in a pod.
fn in_pod() -> bool {
    std::env::var_os(IN_POD_VARIABLE).is_some()
}

/// Whether the service looks like it runs on Kubernetes, without calling
/// the API: the doctor runs in a pod, or the kubeconfig's current context
/// is in `namespace`. `Err` says why not.
pub fn detect(namespace: &str) -> Result<(), String> {
    if in_pod() {
        return Ok(());
    }
    let config = Kubeconfig::read()
        .map_err(|_| format!("not in a pod ({IN_POD_VARIABLE} unset) and no kubeconfig"))?;
    let current = config.current_context.as_deref();
    let context_namespace = config
        .contexts
        .iter()
        .find(|context| Some(context.name.as_str()) == current)
        .and_then(|context| context.context.as_ref()?.namespace.as_deref());
    if context_namespace == Some(namespace) {
        Ok(())
    } else {
        Err(format!(
            "not in a pod, and the kubeconfig's current context is not in namespace {namespace}"
        ))
    }
}

/// The service's pid on this host: only in a pod, where its process is
/// local.
pub fn service_pid(target: &KubernetesTarget) -> Outcome<u32> {
    if !in_pod() {
        return Err(SourceError::Unsupported(format!(
            "the processes of the pods in {} run on their nodes; run the doctor inside a pod \
             (kubectl exec) for its fds, threads and connections",
            target.namespace
        )));
    }
    process::find(&target.process)
}

/// A full [`RuntimeSnapshot`] (kind Kubernetes) of the selected pods.
pub async fn snapshot(target: &KubernetesTarget) -> Outcome<RuntimeSnapshot> {
    let cluster = Cluster::connect().await?;
    let pods = cluster.pods(target).await?;
    let (metrics, events, logs) = tokio::join!(
        cluster.pod_metrics(target),
        cluster.warning_events(target, &pods),
        cluster.logs(target, &pods),
    );
    let process = service_pid(target).ok().map(process::process_details);
    Ok(assemble(target, &pods, metrics, events, logs, process))
}

/// The selected pods as [`snapshot`] lists them, from the pod list alone:
/// no metrics, events or logs.
pub async fn replicas(target: &KubernetesTarget) -> Outcome<Vec<ReplicaState>> {
    let pods = Cluster::connect().await?.pods(target).await?;
    Ok(pods.iter().map(PodView::replica).collect())
}

/// What one pod says of the service's container.
#[derive(Debug, Clone, PartialEq)]
struct PodView {
    name: String,
    uid: String,
    /// `Running`, `CrashLoopBackOff`, `OOMKilled`, `Pending`, ...
    condition: String,
    ready: bool,
    /// When the container entered its state (started, or finished), else
    /// when the pod's readiness last changed.
    since: Option<chrono::DateTime<chrono::Utc>>,
    container: String,
    restarts: u64,
    oom_killed: bool,
    cpu_limit: Option<(f64, &'static str)>,
    memory_limit: Option<u64>,
    /// `status.podIP`.
    address: Option<String>,
    /// When the container's previous run ended, when it restarted.
    restarted_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl PodView {
    fn replica(&self) -> ReplicaState {
        ReplicaState {
            name: self.name.clone(),
            state: self.condition.clone(),
            detail: None,
            health: Some(if self.ready { "ready" } else { "not ready" }.to_owned()),
            since: self.since,
            address: self.address.clone(),
        }
    }

    fn of(pod: &Pod, target: &KubernetesTarget) -> PodView {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let containers = pod.spec.as_ref().map(|spec| spec.containers.as_slice()).unwrap_or(&[]);
        let container: Option<&Container> =
            containers.iter().find(|c| c.name == target.container).or_else(|| containers.first());
        let container_name = container.map_or_else(|| target.container.clone(), |c| c.name.clone());
        let status = pod.status.as_ref();
        let container_status: Option<&ContainerStatus> = status
            .and_then(|s| s.container_statuses.as_ref())
            .and_then(|statuses| statuses.iter().find(|s| s.name == container_name));
        let state = container_status.and_then(|s| s.state.as_ref());
        let waiting = state.and_then(|s| s.waiting.as_ref()?.reason.clone());
        let terminated = state.and_then(|s| s.terminated.as_ref()?.reason.clone());
        let previous_run =
            container_status.and_then(|s| s.last_state.as_ref()?.terminated.as_ref());
        let last_terminated = previous_run.and_then(|t| t.reason.clone());
        let restarted_at = previous_run
            .and_then(|t| t.finished_at.as_ref())
            .and_then(|time| chrono::DateTime::from_timestamp(time.0.as_second(), 0));
        let phase = status.and_then(|s| s.phase.clone()).unwrap_or_else(|| "Unknown".into());
        let condition = if pod.metadata.deletion_timestamp.is_some() {
            "Terminating".to_owned()
        } else {
            waiting.or(terminated.clone()).unwrap_or(phase)
        };
        let ready_condition = status
            .and_then(|s| s.conditions.as_ref())
            .and_then(|conditions| conditions.iter().find(|c| c.type_ == "Ready"));
        let ready = ready_condition.is_some_and(|c| c.status == "True");
        let since = state
            .and_then(|s| {
                let running = s.running.as_ref().and_then(|r| r.started_at.as_ref());
                running.or_else(|| s.terminated.as_ref().and_then(|t| t.finished_at.as_ref()))
            })
            .or_else(|| ready_condition.and_then(|c| c.last_transition_time.as_ref()))
            .and_then(|time| chrono::DateTime::from_timestamp(time.0.as_second(), 0));
        let resources = container.and_then(|c| c.resources.as_ref());
        let limits = resources.and_then(|r| r.limits.as_ref());
        let requests = resources.and_then(|r| r.requests.as_ref());
        let amount = |of: Option<&BTreeMap<String, Quantity>>, kind: &str| {
            of?.get(kind).and_then(|q| quantity(&q.0))
        };
        let cpu_limit = amount(limits, "cpu")
            .map(|cores| (cores, "CPU limit"))
            .or_else(|| amount(requests, "cpu").map(|cores| (cores, "CPU request")));
        PodView {
            uid: pod.metadata.uid.clone().unwrap_or_default(),
            condition,
            ready,
            since,
            container: container_name,
            restarts: container_status.map_or(0, |s| u64::try_from(s.restart_count).unwrap_or(0)),
            oom_killed: [terminated, last_terminated]
                .iter()
                .any(|reason| reason.as_deref() == Some("OOMKilled")),
            cpu_limit,
            memory_limit: amount(limits, "memory").map(|bytes| bytes as u64),
            address: status.and_then(|s| s.pod_ip.clone()),
            restarted_at,
            name,
        }
    }
}

/// `PodMetrics` of `metrics.k8s.io/v1beta1`, as far as it is read.
#[derive(Debug, Clone, Deserialize)]
struct PodMetricsList {
    items: Vec<PodMetrics>,
}

#[derive(Debug, Clone, Deserialize)]
struct PodMetrics {
    metadata: MetricsMeta,
    /// The span the usage is averaged over, e.g. `30s` or `20.047s`.
    window: String,
    containers: Vec<ContainerMetrics>,
}

#[derive(Debug, Clone, Deserialize)]
struct MetricsMeta {
    name: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ContainerMetrics {
    name: String,
    usage: BTreeMap<String, String>,
}

/// A connected client and the API server it talks to, for messages.
struct Cluster {
    client: Client,
    url: String,
}

impl Cluster {
    async fn connect() -> Outcome<Cluster> {
        let mut config = Config::infer().await.map_err(|error| {
            SourceError::Unavailable(format!(
                "no Kubernetes configuration: {}; set KUBECONFIG, or run the doctor in a pod",
                error_chain(&error)
            ))
        })?;
        config.connect_timeout = Some(CALL_TIMEOUT);
        config.read_timeout = Some(LOGS_TIMEOUT);
        let url = config.cluster_url.to_string();
        let client = Client::try_from(config).map_err(|error| {
            SourceError::Unavailable(format!(
                "cannot build a Kubernetes client for {url}: {}",
                error_chain(&error)
            ))
        })?;
        Ok(Cluster { client, url })
    }

    /// The pods of the target's selector; none is an error that says how
    /// to list what there is.
    async fn pods(&self, target: &KubernetesTarget) -> Outcome<Vec<PodView>> {
        let pods_api: Api<Pod> = Api::namespaced(self.client.clone(), &target.namespace);
        let listed = self
            .call("listing pods", pods_api.list(&ListParams::default().labels(&target.selector)))
            .await?;
        if listed.items.is_empty() {
            return Err(SourceError::Unavailable(format!(
                "no pods match {} in namespace {} at {}; list them with \
                 `kubectl get pods -n {} --show-labels`",
                target.selector, target.namespace, self.url, target.namespace
            )));
        }
        Ok(listed.items.iter().map(|pod| PodView::of(pod, target)).collect())
    }

    /// Runs one API call under `timeout`.
    async fn call_within<T>(
        &self,
        what: &str,
        timeout: Duration,
        call: impl Future<Output = Result<T, kube::Error>>,
    ) -> Outcome<T> {
        match tokio::time::timeout(timeout, call).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(self.api_error(what, error)),
            Err(_) => Err(SourceError::Unavailable(format!(
                "the Kubernetes API at {} did not answer ({what}) within {}s",
                self.url,
                timeout.as_secs()
            ))),
        }
    }

    async fn call<T>(
        &self,
        what: &str,
        call: impl Future<Output = Result<T, kube::Error>>,
    ) -> Outcome<T> {
        self.call_within(what, CALL_TIMEOUT, call).await
    }

    /// What an API error means for the user.
    fn api_error(&self, what: &str, error: kube::Error) -> SourceError {
        match error {
            kube::Error::Api(status) if matches!(status.code, 401 | 403) => {
                SourceError::Unavailable(format!(
                    "the Kubernetes API at {} refused {what} ({} {}): {}; the user or service \
                     account needs get and list on pods, pods/log and events, and on pods of \
                     metrics.k8s.io",
                    self.url, status.code, status.reason, status.message
                ))
            }
            kube::Error::Api(status) => SourceError::Failed(format!(
                "the Kubernetes API at {} answered {what} with {} {}: {}",
                self.url, status.code, status.reason, status.message
            )),
            error => SourceError::Unavailable(format!(
                "cannot reach the Kubernetes API at {} ({what}): {}",
                self.url,
                error_chain(&error)
            )),
        }
    }

    /// The pods' usage; `Err` is why there is none (no metrics API).
    async fn pod_metrics(&self, target: &KubernetesTarget) -> Result<Vec<PodMetrics>, String> {
        let selector: String =
            url::form_urlencoded::byte_serialize(target.selector.as_bytes()).collect();
        let path = format!(
            "/apis/metrics.k8s.io/v1beta1/namespaces/{}/pods?labelSelector={selector}",
            target.namespace
        );
        let request = http::Request::get(path).body(Vec::new()).expect("a path makes a request");
        let what = "reading pod metrics";
        match tokio::time::timeout(CALL_TIMEOUT, self.client.request::<PodMetricsList>(request))
            .await
        {
            Ok(Ok(list)) => Ok(list.items),
            Ok(Err(kube::Error::Api(status))) if matches!(status.code, 404 | 503) => Err(format!(
                "metrics-server not available (metrics.k8s.io answered {} {}: {}); install \
                 metrics-server for `kubectl top` and these figures",
                status.code, status.reason, status.message
            )),
            Ok(Err(error)) => Err(self.api_error(what, error).to_string()),
            Err(_) => Err(format!(
                "the metrics API at {} did not answer within {}s",
                self.url,
                CALL_TIMEOUT.as_secs()
            )),
        }
    }

    /// The namespace's `Warning` events about `pods`, oldest first; events
    /// that cannot be listed leave a note saying why.
    async fn warning_events(&self, target: &KubernetesTarget, pods: &[PodView]) -> Vec<String> {
        let api: Api<Event> = Api::namespaced(self.client.clone(), &target.namespace);
        let params = ListParams::default().fields("type=Warning,involvedObject.kind=Pod");
        let events = match self.call("listing events", api.list(&params)).await {
            Ok(events) => events,
            Err(error) => return vec![format!("(Warning events not read: {error})")],
        };
        events
            .items
            .iter()
            .filter(|event| {
                let pod = event.involved_object.name.as_deref();
                pods.iter().any(|p| Some(p.name.as_str()) == pod)
            })
            .map(|event| {
                let mut text = format!(
                    "{}: {}: {}",
                    event.involved_object.name.as_deref().unwrap_or("?"),
                    event.reason.as_deref().unwrap_or("?"),
                    event.message.as_deref().unwrap_or("").trim()
                );
                if let Some(count) = event.count.filter(|count| *count > 1) {
                    text.push_str(&format!(" (x{count})"));
                }
                text
            })
            .collect()
    }

    /// The service container's log lines of every pod over the window,
    /// counted together by level; for a container that restarted inside
    /// the window, its previous run's lines too (`previous=true`), where
    /// a crash leaves its last words.
    async fn logs(&self, target: &KubernetesTarget, pods: &[PodView]) -> Outcome<LogSummary> {
        let api: Api<Pod> = Api::namespaced(self.client.clone(), &target.namespace);
        let window_seconds = target.log_window.as_secs();
        let now = chrono::Utc::now();
        let within_window = |at: chrono::DateTime<chrono::Utc>| {
            u64::try_from((now - at).num_seconds()).is_ok_and(|age| age <= window_seconds)
        };
        let restarted: Vec<&PodView> =
            pods.iter().filter(|pod| pod.restarted_at.is_some_and(within_window)).collect();
        let runs =
            pods.iter().map(|pod| (pod, false)).chain(restarted.iter().map(|pod| (*pod, true)));
        let reads =
            runs.map(|(pod, previous)| {
                let params = LogParams {
                    container: Some(pod.container.clone()),
                    since_seconds: Some(i64::try_from(window_seconds).unwrap_or(i64::MAX)),
                    limit_bytes: Some(LOG_LIMIT_BYTES),
                    previous,
                    ..LogParams::default()
                };
                let api = api.clone();
                async move {
                    let run = if previous { "the previous run of pod" } else { "pod" };
                    let what = format!("reading the logs of {run} {}", pod.name);
                    self.call_within(&what, LOGS_TIMEOUT, async move {
                        api.logs(&pod.name, &params).await
                    })
                    .await
                }
            });
        let mut texts = futures_util::future::join_all(reads).await;
        let previous_texts = texts.split_off(pods.len());
        let mut read = Vec::new();
        let mut failures = Vec::new();
        for (pod, text) in pods.iter().zip(texts) {
            match text {
                Ok(text) => read.push((pod, text)),
                Err(error) => failures.push(error),
            }
        }
        if read.is_empty() {
            return Err(failures.swap_remove(0));
        }
        let names: Vec<&str> = read.iter().map(|(pod, _)| pod.name.as_str()).collect();
        let mut source = format!("pod logs of {}", names.join(", "));
        let mut previous_read = Vec::new();
        for (pod, text) in restarted.iter().zip(previous_texts) {
            match text {
                Ok(text) => previous_read.push((*pod, text)),
                Err(error) => failures.push(error),
            }
        }
        if !previous_read.is_empty() {
            let names: Vec<&str> = previous_read.iter().map(|(pod, _)| pod.name.as_str()).collect();
            source.push_str(&format!(" and of the previous run of {}", names.join(", ")));
        }
        if !failures.is_empty() {
            let reasons: Vec<String> = failures.iter().map(ToString::to_string).collect();
            source.push_str(&format!(" (not read: {})", reasons.join("; ")));
        }
        let lines = read.iter().chain(&previous_read).flat_map(|(_, text)| text.lines());
        Ok(logs::summarize(source, window_seconds, lines))
    }
}

/// One pod's usage against its container's limits.
#[derive(Debug, Clone, PartialEq)]
struct PodUsage<'a> {
    pod: &'a PodView,
    cpu: Option<(CpuUsage, &'static str)>,
    memory: Option<MemoryUsage>,
}

fn usage_of<'a>(pod: &'a PodView, metrics: &[PodMetrics]) -> Option<PodUsage<'a>> {
    let pod_metrics = metrics.iter().find(|m| m.metadata.name == pod.name)?;
    let container = pod_metrics.containers.iter().find(|c| c.name == pod.container)?;
    let window = go_duration_seconds(&pod_metrics.window).filter(|w| *w > 0.0).unwrap_or(1.0);
    let cpu = container.usage.get("cpu").and_then(|q| quantity(q)).zip(pod.cpu_limit).and_then(
        |(cores_used, (cores, basis))| {
            Some((CpuUsage::from_cpu_time(cores_used * window, window, cores)?, basis))
        },
    );
    let memory = container.usage.get("memory").and_then(|q| quantity(q)).zip(pod.memory_limit).map(
        |(used, limit)| MemoryUsage {
            used_bytes: used as u64,
            limit_bytes: limit,
            limit_source: "container memory limit".to_owned(),
        },
    );
    Some(PodUsage { pod, cpu, memory })
}

/// The snapshot of all selected pods.
fn assemble(
    target: &KubernetesTarget,
    pods: &[PodView],
    metrics: Result<Vec<PodMetrics>, String>,
    events: Vec<String>,
    logs: Outcome<LogSummary>,
    process: Option<diagnosis::evidence::ProcessDetails>,
) -> RuntimeSnapshot {
    let usages: Vec<PodUsage<'_>> = match &metrics {
        Ok(metrics) => pods.iter().filter_map(|pod| usage_of(pod, metrics)).collect(),
        Err(_) => Vec::new(),
    };
    let busiest = usages
        .iter()
        .filter_map(|u| Some((u.pod, u.cpu?)))
        .max_by(|a, b| a.1.0.percent_of_available.total_cmp(&b.1.0.percent_of_available));
    let fullest = usages
        .iter()
        .filter_map(|u| Some((u.pod, u.memory.clone()?)))
        .max_by(|a, b| a.1.percent().total_cmp(&b.1.percent()));
    let several = pods.len() > 1;
    let mut state = if several {
        let each: Vec<String> = pods
            .iter()
            .map(|p| {
                format!("{} {}{}", p.name, p.condition, if p.ready { "" } else { " (not ready)" })
            })
            .collect();
        format!("{} pods: {}", pods.len(), each.join(", "))
    } else {
        let pod = &pods[0];
        format!("{}{}", pod.condition, if pod.ready { "" } else { " (not ready)" })
    };
    match busiest {
        Some((pod, (_, basis))) if several => {
            state.push_str(&format!("; CPU of the busiest pod, {}, against its {basis}", pod.name));
        }
        Some((_, (_, basis))) => state.push_str(&format!("; CPU against the container's {basis}")),
        None => {}
    }
    if several {
        state.push_str(
            "; memory of the fullest pod; restarts summed over all pods; logs of all pods",
        );
    }
    let memory = fullest.map(|(pod, memory)| MemoryUsage {
        limit_source: if several {
            format!("memory limit of {}, the fullest of {} pods", pod.name, pods.len())
        } else {
            memory.limit_source.clone()
        },
        ..memory
    });
    let usage_unavailable = match (&metrics, busiest.is_some(), memory.is_some()) {
        (Err(reason), _, _) => Some(reason.clone()),
        (Ok(_), true, true) => None,
        (Ok(metrics), cpu, memory) => Some(missing_usage(pods, metrics, cpu, memory)),
    };
    let ready = pods.iter().filter(|p| p.ready).count();
    RuntimeSnapshot {
        kind: RuntimeKind::Kubernetes,
        name: if several {
            format!("{} pods {} in {}", pods.len(), target.selector, target.namespace)
        } else {
            pods[0].name.clone()
        },
        id: if several { target.selector.clone() } else { pods[0].uid.clone() },
        state,
        health: Some(format!("{ready}/{} ready", pods.len())),
        restarts: Some(pods.iter().map(|p| p.restarts).sum()),
        oom_killed: Some(pods.iter().any(|p| p.oom_killed)),
        cpu: busiest.map(|(_, (cpu, _))| cpu),
        memory,
        process,
        logs: Some(logs),
        usage_unavailable,
        events,
        cgroup_oom_kills: None,
        replicas: pods.iter().map(PodView::replica).collect(),
    }
}

/// Why the metrics API's answer gave no CPU or memory figure.
fn missing_usage(pods: &[PodView], metrics: &[PodMetrics], cpu: bool, memory: bool) -> String {
    let container = &pods[0].container;
    if !pods.iter().any(|pod| metrics.iter().any(|m| m.metadata.name == pod.name)) {
        return "the metrics API has no usage for these pods yet (metrics-server samples every \
                15-60s; a pod that is not running has none)"
            .to_owned();
    }
    let mut missing = Vec::new();
    if !cpu {
        missing.push(format!("container {container} has no CPU limit or request to judge CPU by"));
    }
    if !memory {
        missing.push(format!("container {container} has no memory limit to judge memory by"));
    }
    missing.join("; ")
}

/// A Kubernetes quantity (`250m`, `1`, `1500000n`, `128Mi`, `1e3`) as a
/// plain number (cores, bytes).
fn quantity(text: &str) -> Option<f64> {
    const SUFFIXES: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1048576.0),
        ("Gi", 1073741824.0),
        ("Ti", 1099511627776.0),
        ("Pi", 1125899906842624.0),
        ("Ei", 1152921504606846976.0),
        ("n", 1e-9),
        ("u", 1e-6),
        ("m", 1e-3),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
    ];
    let text = text.trim();
    let (number, scale) = SUFFIXES
        .iter()
        .find_map(|(suffix, scale)| Some((text.strip_suffix(suffix)?, *scale)))
        .unwrap_or((text, 1.0));
    number.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| n * scale)
}

/// A Go duration (`30s`, `1m0s`, `20.047s`, `500ms`) in seconds.
fn go_duration_seconds(text: &str) -> Option<f64> {
    let mut rest = text.trim();
    let mut total = 0.0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let number_end = rest.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (number, after) = rest.split_at(number_end);
        let unit_end = after.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_end);
        let scale = match unit {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += number.parse::<f64>().ok()? * scale;
        rest = next;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture<T: serde::de::DeserializeOwned>(name: &str) -> T {
        let path = format!("{}/fixtures/kubernetes/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn target() -> KubernetesTarget {
        KubernetesTarget {
            namespace: "llm-config".into(),
            selector: "app=llm-config-manager".into(),
            container: "llm-config-manager".into(),
            log_window: Duration::from_secs(300),
            process: ProcessTarget {
                name: "llm-config-server".into(),
                pid: None,
                api_port: None,
                log_dir: "/nonexistent".into(),
                log_dir_given: true,
                sample: Duration::from_millis(10),
                log_window: Duration::from_secs(300),
                state_dir: None,
            },
        }
    }

    fn pods(name: &str) -> Vec<PodView> {
        let list: k8s_openapi::List<Pod> = fixture(name);
        list.items.iter().map(|pod| PodView::of(pod, &target())).collect()
    }

    #[test]
    fn quantities_and_durations() {
        assert_eq!(quantity("250m"), Some(0.25));
        assert_eq!(quantity("2"), Some(2.0));
        assert_eq!(quantity("1500000n"), Some(0.0015));
        assert_eq!(quantity("512Mi"), Some(536870912.0));
        assert_eq!(quantity("1G"), Some(1e9));
        assert_eq!(quantity("1e3"), Some(1000.0));
        assert_eq!(quantity("lots"), None);
        assert_eq!(go_duration_seconds("30s"), Some(30.0));
        assert_eq!(go_duration_seconds("1m0s"), Some(60.0));
        assert_eq!(go_duration_seconds("20.047s"), Some(20.047));
        assert_eq!(go_duration_seconds("500ms"), Some(0.5));
        assert_eq!(go_duration_seconds("5 days"), None);
    }

    #[test]
    fn running_pods_take_the_busiest_and_the_fullest() {
        let pods = pods("pods-running.json");
        assert_eq!(pods.len(), 2);
        assert!(pods.iter().all(|p| p.ready && p.condition == "Running" && !p.oom_killed));
        assert_eq!(pods[0].cpu_limit, Some((0.5, "CPU limit")));
        assert_eq!(pods[0].memory_limit, Some(512 << 20));
        let metrics: PodMetricsList = fixture("metrics-running.json");
        let snapshot = assemble(
            &target(),
            &pods,
            Ok(metrics.items),
            Vec::new(),
            Err(SourceError::Unavailable("x".into())),
            None,
        );
        let cpu = snapshot.cpu.unwrap();
        // The busier pod uses 0.160 cores of its 0.5.
        assert!((cpu.percent_of_available - 32.0).abs() < 1e-6, "{cpu:?}");
        assert_eq!(cpu.cores_available, 0.5);
        let memory = snapshot.memory.unwrap();
        assert_eq!(memory.used_bytes, 201_326_592);
        assert!(
            memory.limit_source.starts_with("memory limit of llm-config-manager-"),
            "{memory:?}"
        );
        assert_eq!(snapshot.health.as_deref(), Some("2/2 ready"));
        assert_eq!((snapshot.restarts, snapshot.oom_killed), (Some(0), Some(false)));
        assert_eq!(snapshot.usage_unavailable, None);
    }

    #[test]
    fn an_oom_killed_pod_in_crash_loop() {
        let pods = pods("pods-oom.json");
        let crashing = pods.iter().find(|p| !p.ready).unwrap();
        assert_eq!(crashing.condition, "CrashLoopBackOff");
        assert!(crashing.oom_killed);
        assert_eq!(crashing.restarts, 4);
        let snapshot = assemble(
            &target(),
            &pods,
            Err("no metrics".into()),
            vec!["e".into()],
            Err(SourceError::Unavailable("x".into())),
            None,
        );
        assert_eq!((snapshot.restarts, snapshot.oom_killed), (Some(4), Some(true)));
        assert_eq!(snapshot.health.as_deref(), Some("1/2 ready"));
        assert_eq!(snapshot.usage_unavailable.as_deref(), Some("no metrics"));
        assert!(snapshot.state.contains("CrashLoopBackOff (not ready)"), "{}", snapshot.state);
    }

    #[test]
    fn a_container_without_limits_says_so() {
        let mut pods = pods("pods-running.json");
        for pod in &mut pods {
            pod.cpu_limit = None;
            pod.memory_limit = None;
        }
        let metrics: PodMetricsList = fixture("metrics-running.json");
        let reason = missing_usage(&pods, &metrics.items, false, false);
        assert!(reason.contains("no CPU limit or request") && reason.contains("no memory limit"));
        assert!(missing_usage(&pods, &[], false, false).contains("no usage for these pods"));
    }
}
