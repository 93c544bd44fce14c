//! Picks the runtime the service runs in and takes its snapshot.
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

/// The snapshot of the runtime the plan names (or finds).
pub async fn inspect(plan: &Plan) -> Outcome<RuntimeSnapshot> {
    match plan.runtime {
        RuntimeChoice::Docker => docker::snapshot(&docker_target(plan)).await,
        RuntimeChoice::Process => process::snapshot(&process_target(plan)).await,
        RuntimeChoice::Kubernetes | RuntimeChoice::Systemd => {
            Err(SourceError::Unsupported(format!(
                "the {:?} runtime is not supported by this version; use --runtime docker or process",
                plan.runtime
            )))
        }
        RuntimeChoice::Auto => {
            // A pid names a process outright.
            if plan.pid.is_some() {
                return process::snapshot(&process_target(plan)).await;
            }
            let target = docker_target(plan);
            let docker_said = match docker::locate(&target).await {
                Ok(Some(_)) => return docker::snapshot(&target).await,
                Ok(None) => format!("no Docker container {}", plan.container),
                Err(error) => format!("Docker: {error}"),
            };
            process::snapshot(&process_target(plan)).await.map_err(|error| match error {
                SourceError::Unavailable(reason) => {
                    SourceError::Unavailable(format!("{docker_said}; {reason}"))
                }
                other => other,
            })
        }
    }
}
