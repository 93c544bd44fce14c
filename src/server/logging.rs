//! Structured logs: one JSON object per line on stdout and, when
//! `LLMCFG_LOG_DIR` is set, in daily-rotated files there
//! (`llm-config-server.YYYY-MM-DD.log`).
//!
//! Writes go through non-blocking writers so a slow terminal or disk never
//! stalls a request; the returned guards flush them at exit.

use std::path::Path;

use anyhow::Context;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::MakeWriterExt;

/// Flushes buffered log lines when dropped; keep it alive until exit.
pub struct LogGuards {
    _guards: Vec<WorkerGuard>,
}

/// Installs the global JSON logger.
pub fn init(filter: &str, log_dir: Option<&Path>) -> anyhow::Result<LogGuards> {
    let filter = EnvFilter::try_new(filter)
        .with_context(|| format!("RUST_LOG={filter:?} is not a valid filter"))?;
    let (stdout, stdout_guard) = tracing_appender::non_blocking(std::io::stdout());
    let builder = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_env_filter(filter);
    let mut guards = vec![stdout_guard];
    let installed = match log_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create log directory {}", dir.display()))?;
            let files = RollingFileAppender::builder()
                .rotation(Rotation::DAILY)
                .filename_prefix("llm-config-server")
                .filename_suffix("log")
                .build(dir)
                .with_context(|| format!("cannot open a log file in {}", dir.display()))?;
            let (files, files_guard) = tracing_appender::non_blocking(files);
            guards.push(files_guard);
            builder.with_writer(stdout.and(files)).try_init()
        }
        None => builder.with_writer(stdout).try_init(),
    };
    installed.map_err(|e| anyhow::anyhow!("cannot install the logger: {e}"))?;
    Ok(LogGuards { _guards: guards })
}
