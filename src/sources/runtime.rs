//! Picks the runtime the service runs in and takes its snapshot, or just
//! finds the service's pid for sources that read its `/proc` entries.
//!
//! `auto` picks Kubernetes when the doctor runs in a pod or its kubeconfig
//! points at the service's namespace, then looks for a loaded systemd unit,
//! then asks Docker for the container, and falls back to a process by
//! name. Each runtime's failure reason is kept, so "not found" says where
//! the doctor looked.

use crate::plan::{Plan, RuntimeChoice};
use crate::sources::docker::{self, DockerTarget};
use crate::sources::kubernetes::{self, KubernetesTarget};
use crate::sources::process::{self, ProcessTarget};
use crate::sources::systemd::{self, SystemdTarget, UnitReading};
use diagnosis::evidence::{Outcome, ReplicaState, RuntimeKind, RuntimeSnapshot, SourceError};

fn docker_target(plan: &Plan) -> DockerTarget {
    DockerTarget {
        container: plan.container.clone(),
        sample: plan.sample,
        log_window: log_window(plan),
        state_dir: plan.state_dir.clone(),
    }
}

fn process_target(plan: &Plan) -> ProcessTarget {
    ProcessTarget {
        name: plan.process.clone(),
        pid: plan.pid,
        api_port: plan.api_url.port_or_known_default(),
        log_dir: plan.log_dir.clone(),
        log_dir_given: plan.log_dir_given,
        sample: plan.sample,
        log_window: log_window(plan),
        state_dir: plan.state_dir.clone(),
    }
}

fn systemd_target(plan: &Plan) -> SystemdTarget {
    SystemdTarget { unit: plan.unit.clone(), sample: plan.sample, log_window: log_window(plan) }
}

fn kubernetes_target(plan: &Plan) -> KubernetesTarget {
    KubernetesTarget {
        namespace: plan.namespace.clone(),
        selector: plan.selector.clone(),
        container: plan.container.clone(),
        log_window: log_window(plan),
        process: process_target(plan),
    }
}

fn log_window(plan: &Plan) -> std::time::Duration {
    std::time::Duration::from_secs(plan.runbook.quick.log_window_seconds)
}

/// Which runtime `inspect` and `service_pid` look in.
enum Located {
    Kubernetes,
    /// A unit; under `auto`, the reading that found it loaded.
    Systemd(Option<UnitReading>),
    Docker,
    /// A process; under `auto`, why each other runtime was passed over.
    Process {
        passed_over: Vec<String>,
    },
}

/// The runtime the plan names, or under `auto` the one found: Kubernetes
/// when the doctor runs in a pod or its kubeconfig's current context is in
/// the service's namespace, else a loaded systemd unit, else a Docker
/// container, else a process (a pid names a process outright).
///
/// Kubernetes comes first because its signs cost no call (a variable and a
/// file) and, inside a pod, no other runtime is visible. A unit names the
/// service on this host for certain and costs one `systemctl` run, which
/// fails at once where systemd is not the init; the Docker engine takes a
/// connection and two round trips; a process by name is the fallback. The
/// unit's lookup gets a quarter of the run, so a hung systemd leaves time
/// for the rest.
async fn locate(plan: &Plan) -> Outcome<Located> {
    match plan.runtime {
        RuntimeChoice::Kubernetes => Ok(Located::Kubernetes),
        RuntimeChoice::Systemd => Ok(Located::Systemd(None)),
        RuntimeChoice::Docker => Ok(Located::Docker),
        RuntimeChoice::Process => Ok(Located::Process { passed_over: Vec::new() }),
        RuntimeChoice::Auto if plan.pid.is_some() => {
            Ok(Located::Process { passed_over: Vec::new() })
        }
        RuntimeChoice::Auto => {
            let kubernetes_said = match kubernetes::detect(&plan.namespace) {
                Ok(()) => return Ok(Located::Kubernetes),
                Err(reason) => format!("Kubernetes: {reason}"),
            };
            let lookup = plan.timeout / 4;
            let systemd_said = match tokio::time::timeout(lookup, systemd::locate(&plan.unit)).await
            {
                Ok(Ok(reading)) => return Ok(Located::Systemd(Some(reading))),
                Ok(Err(error)) => format!("systemd: {error}"),
                Err(_) => format!("systemd: no answer within {}ms", lookup.as_millis()),
            };
            let docker_said = match docker::locate(&docker_target(plan)).await {
                Ok(Some(_)) => return Ok(Located::Docker),
                Ok(None) => format!("no Docker container {}", plan.container),
                Err(error) => format!("Docker: {error}"),
            };
            Ok(Located::Process { passed_over: vec![kubernetes_said, systemd_said, docker_said] })
        }
    }
}

/// Prefixes a process's "not found" with where else `auto` looked.
fn after_passing_over(passed_over: Vec<String>, error: SourceError) -> SourceError {
    match error {
        SourceError::Unavailable(reason) if !passed_over.is_empty() => {
            SourceError::Unavailable(format!("{}; {reason}", passed_over.join("; ")))
        }
        other => other,
    }
}

/// The snapshot of the runtime the plan names (or finds).
pub async fn inspect(plan: &Plan) -> Outcome<RuntimeSnapshot> {
    match locate(plan).await? {
        Located::Kubernetes => kubernetes::snapshot(&kubernetes_target(plan)).await,
        Located::Systemd(reading) => systemd::snapshot(&systemd_target(plan), reading).await,
        Located::Docker => docker::snapshot(&docker_target(plan)).await,
        Located::Process { passed_over } => process::snapshot(&process_target(plan))
            .await
            .map_err(|error| after_passing_over(passed_over, error)),
    }
}

/// The service's replicas, found the way [`inspect`] finds the service:
/// for Kubernetes and Docker from the pod list or the containers alone,
/// without the snapshot's sampling window, usage or logs.
pub async fn replicas(plan: &Plan) -> Outcome<(RuntimeKind, Vec<ReplicaState>)> {
    match locate(plan).await? {
        Located::Kubernetes => {
            Ok((RuntimeKind::Kubernetes, kubernetes::replicas(&kubernetes_target(plan)).await?))
        }
        Located::Docker => Ok((RuntimeKind::Docker, docker::replicas(&docker_target(plan)).await?)),
        Located::Systemd(_) | Located::Process { .. } => {
            let snapshot = inspect(plan).await?;
            Ok((snapshot.kind, snapshot.replicas))
        }
    }
}

/// The service's pid on this host, found the way [`inspect`] finds the
/// service but without its sampling window, for sources that read the
/// service's `/proc` entries.
pub async fn service_pid(plan: &Plan) -> Outcome<u32> {
    match locate(plan).await? {
        Located::Kubernetes => kubernetes::service_pid(&kubernetes_target(plan)),
        Located::Systemd(reading) => systemd::main_pid(&plan.unit, reading).await,
        Located::Docker => docker::container_pid(&docker_target(plan)).await,
        Located::Process { passed_over } => process::find(&process_target(plan))
            .map_err(|error| after_passing_over(passed_over, error)),
    }
}
