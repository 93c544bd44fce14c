//! Docker runtime: not available in this build yet; `auto` falls back to a
//! process by name.

use crate::evidence::{Outcome, RuntimeSnapshot, SourceError};

pub struct DockerTarget {
    pub container: String,
    pub sample: std::time::Duration,
    pub log_window: std::time::Duration,
}

fn unsupported() -> SourceError {
    SourceError::Unsupported(
        "the Docker runtime is not in this build; use --runtime process".into(),
    )
}

pub async fn locate(_: &DockerTarget) -> Outcome<Option<String>> {
    Err(unsupported())
}

pub async fn snapshot(_: &DockerTarget) -> Outcome<RuntimeSnapshot> {
    Err(unsupported())
}
