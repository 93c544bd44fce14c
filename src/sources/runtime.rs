//! Picks the runtime the service runs in and takes its snapshot, or just
//! finds the service's pid for sources that read its `/proc` entries.
//!
//! `auto` asks Docker for the container first and falls back to a process
//! by name; Kubernetes and systemd are named explicitly. Each runtime's
//! failure reason is kept, so "not found" says where the doctor looked.

use crate::evidence::{Outcome, RuntimeSnapshot, SourceError};
use crate::plan::{Plan, RuntimeChoice};
use crate::sources::docker::{self, DockerTarget};
use crate::sources::process::{self, ProcessTarget};

fn docker_target(plan: &Plan) -> DockerTarget {
    DockerTarget {
        container: plan.container.clone(),
        sample: plan.sample,
        log_window: log_window(plan),
    }
}

fn process_target(plan: &Plan) -> ProcessTarget {
    ProcessTarget {
        name: plan.process.clone(),
        pid: plan.pid,
        api_port: plan.api_url.port_or_known_default(),
        log_dir: plan.log_dir.clone(),
        sample: plan.sample,
        log_window: log_window(plan),
    }
}

fn log_window(plan: &Plan) -> std::time::Duration {
    std::time::Duration::from_secs(plan.runbook.quick.log_window_seconds)
}

/// Which runtime `inspect` and `service_pid` look in.
enum Located {
    Docker,
    /// A process; under `auto`, what Docker said about the container.
    Process {
        docker_said: Option<String>,
    },
}

/// The runtime the plan names, or under `auto` the one found: Docker when
/// the container exists, else a process (a pid names a process outright).
async fn locate(plan: &Plan) -> Outcome<Located> {
    match plan.runtime {
        RuntimeChoice::Docker => Ok(Located::Docker),
        RuntimeChoice::Process => Ok(Located::Process { docker_said: None }),
        RuntimeChoice::Kubernetes | RuntimeChoice::Systemd => {
            Err(SourceError::Unsupported(format!(
                "the {:?} runtime is not supported by this version; use --runtime docker or process",
                plan.runtime
            )))
        }
        RuntimeChoice::Auto if plan.pid.is_some() => Ok(Located::Process { docker_said: None }),
        RuntimeChoice::Auto => {
            let docker_said = match docker::locate(&docker_target(plan)).await {
                Ok(Some(_)) => return Ok(Located::Docker),
                Ok(None) => format!("no Docker container {}", plan.container),
                Err(error) => format!("Docker: {error}"),
            };
            Ok(Located::Process { docker_said: Some(docker_said) })
        }
    }
}

/// Prefixes a process's "not found" with where else `auto` looked.
fn after_docker(docker_said: Option<String>, error: SourceError) -> SourceError {
    match (docker_said, error) {
        (Some(docker_said), SourceError::Unavailable(reason)) => {
            SourceError::Unavailable(format!("{docker_said}; {reason}"))
        }
        (_, other) => other,
    }
}

/// The snapshot of the runtime the plan names (or finds).
pub async fn inspect(plan: &Plan) -> Outcome<RuntimeSnapshot> {
    match locate(plan).await? {
        Located::Docker => docker::snapshot(&docker_target(plan)).await,
        Located::Process { docker_said } => process::snapshot(&process_target(plan))
            .await
            .map_err(|error| after_docker(docker_said, error)),
    }
}

/// The service's pid on this host, found the way [`inspect`] finds the
/// service but without its sampling window, for sources that read the
/// service's `/proc` entries.
pub async fn service_pid(plan: &Plan) -> Outcome<u32> {
    match locate(plan).await? {
        Located::Docker => docker::container_pid(&docker_target(plan)).await,
        Located::Process { docker_said } => {
            process::find(&process_target(plan)).map_err(|error| after_docker(docker_said, error))
        }
    }
}
