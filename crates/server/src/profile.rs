//! Profiles on demand. `GET /debug/pprof/profile?seconds=N` samples the
//! server's threads at 99 Hz for N seconds (default 30, at most 120) and
//! answers the CPU profile in pprof's protobuf format, which `go tool
//! pprof` and other pprof viewers read. `GET /debug/pprof/heap` answers
//! jemalloc's heap profile (its own `heap_v2` text format, which `jeprof`
//! from Debian's libjemalloc-dev reads with the server's binary): where
//! the live heap was allocated, from the allocations jemalloc samples all
//! along (see the server binary's `malloc_conf`). One profile of each kind
//! at a time; when a token is configured, profiling needs it like writes
//! do.

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
    Ok(attachment("attachment; filename=\"cpu.pprof\"", body))
}

/// The live heap as jemalloc sampled it, dumped by `prof.dump` into a
/// scratch file and answered whole. 501 where jemalloc does not profile:
/// a server built into another program (the doctor's `demo`) keeps that
/// program's allocator.
pub async fn heap_profile(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    if !tikv_jemalloc_ctl::profiling::prof::read().unwrap_or(false) {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "heap_profiling_off",
            "heap profiling needs the server's own binary, whose allocator (jemalloc) profiles",
        ));
    }
    let _only_one = state.heap_profiling.try_lock().map_err(|_| {
        ApiError::new(
            StatusCode::CONFLICT,
            "profile_in_progress",
            "another heap profile is being written; retry later",
        )
    })?;
    let body = tokio::task::spawn_blocking(dump_heap)
        .await
        .map_err(|e| failed("cannot dump the heap", e))?
        .map_err(|e| failed("cannot dump the heap", e))?;
    Ok(attachment("attachment; filename=\"heap.prof\"", body))
}

/// A profile as a file to save: `disposition` names it.
fn attachment(disposition: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static(disposition)),
        ],
        body,
    )
        .into_response()
}

/// jemalloc writes the profile to a file it is given by name.
fn dump_heap() -> Result<Vec<u8>, String> {
    let file = tempfile::Builder::new()
        .prefix("llm-config-server-heap-")
        .tempfile()
        .map_err(|e| format!("no scratch file: {e}"))?;
    let mut path = file.path().as_os_str().as_encoded_bytes().to_vec();
    path.push(0);
    // SAFETY: `prof.dump` takes a pointer to a NUL-terminated file name,
    // which `path` is and which outlives the call.
    unsafe {
        tikv_jemalloc_ctl::raw::write(b"prof.dump\0", path.as_ptr().cast::<std::ffi::c_char>())
    }
    .map_err(|e| format!("prof.dump: {e}"))?;
    std::fs::read(file.path()).map_err(|e| format!("cannot read the dump: {e}"))
}
