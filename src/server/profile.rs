//! CPU profiles on demand: `GET /debug/pprof/profile?seconds=N` samples the
//! server's threads at 99 Hz for N seconds (default 30, at most 120) and
//! answers the profile in pprof's protobuf format, which `go tool pprof`
//! and other pprof viewers read. One profile at a time; when a token is
//! configured, profiling needs it like writes do.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pprof::protos::Message;
use serde::Deserialize;

use super::AppState;
use super::api::{ApiError, authorize};

/// Sampling frequency, the pprof convention (avoids lockstep with timers).
const FREQUENCY_HZ: i32 = 99;
const DEFAULT_SECONDS: u64 = 30;
const MAX_SECONDS: u64 = 120;

#[derive(Debug, Deserialize)]
pub struct ProfileQuery {
    seconds: Option<u64>,
}

fn failed(what: &str, error: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "profile_failed", format!("{what}: {error}"))
}

pub async fn cpu_profile(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    query: Result<Query<ProfileQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let seconds = query?.0.seconds.unwrap_or(DEFAULT_SECONDS);
    if !(1..=MAX_SECONDS).contains(&seconds) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("seconds must be between 1 and {MAX_SECONDS}"),
        ));
    }
    let _only_one = state.profiling.try_lock().map_err(|_| {
        ApiError::new(
            StatusCode::CONFLICT,
            "profile_in_progress",
            "another CPU profile is being taken; retry later",
        )
    })?;
    let guard = pprof::ProfilerGuardBuilder::default()
        .frequency(FREQUENCY_HZ)
        .blocklist(&["libc", "libgcc", "pthread", "vdso"])
        .build()
        .map_err(|e| failed("cannot start the profiler", e))?;
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let profile = guard
        .report()
        .build()
        .and_then(|report| report.pprof())
        .map_err(|e| failed("cannot build the profile", e))?;
    let body = profile.encode_to_vec();
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"cpu.pprof\""),
            ),
        ],
        body,
    )
        .into_response())
}
