//! Structured logs: one JSON object per line on stdout and, when
//! `LLMCFG_LOG_DIR` is set, in daily-rotated files there
//! (`llm-config-server.YYYY-MM-DD.log`).
//!
//! Request threads only append formatted lines to a shared buffer; a
//! flusher thread writes the buffer out every [`FLUSH_INTERVAL`]. Nothing on
//! the request path waits for a terminal or a disk or wakes another thread,
//! which at tens of thousands of requests a second is the difference
//! between logging costing a few percent and a third of the throughput.
//! Past [`MAX_PENDING_BYTES`] of unwritten lines (a stalled disk), new lines
//! are dropped and counted, and the count is logged when writing resumes.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// How long a line may wait before it is written.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(50);
/// Unwritten bytes past which new lines are dropped.
pub const MAX_PENDING_BYTES: usize = 16 * 1024 * 1024;

/// The buffer shared by request threads and the flusher.
#[derive(Default)]
struct Shared {
    pending: Mutex<Pending>,
    wake: Condvar,
    dropped: AtomicU64,
}

#[derive(Default)]
struct Pending {
    bytes: Vec<u8>,
    stopping: bool,
}

/// The `MakeWriter` handed to tracing: appends each line to the buffer.
#[derive(Clone)]
struct BufferWriter(Arc<Shared>);

impl Write for BufferWriter {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        let mut pending = self.0.pending.lock().unwrap_or_else(|p| p.into_inner());
        if pending.bytes.len() + line.len() > MAX_PENDING_BYTES {
            self.0.dropped.fetch_add(1, Ordering::Relaxed);
        } else {
            pending.bytes.extend_from_slice(line);
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for BufferWriter {
    type Writer = BufferWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Writes out the buffer on a timer; dropping it writes what is left.
pub struct LogGuards {
    shared: Arc<Shared>,
    flusher: Option<JoinHandle<()>>,
}

impl Drop for LogGuards {
    fn drop(&mut self) {
        self.shared.pending.lock().unwrap_or_else(|p| p.into_inner()).stopping = true;
        self.shared.wake.notify_one();
        if let Some(flusher) = self.flusher.take() {
            let _ = flusher.join();
        }
    }
}

/// The flusher: every interval (or at stop) takes the buffer and writes it
/// to every sink.
fn flush_loop(shared: Arc<Shared>, mut sinks: Vec<Box<dyn Write + Send>>) {
    let mut batch = Vec::new();
    loop {
        let stopping = {
            let pending = shared.pending.lock().unwrap_or_else(|p| p.into_inner());
            let (mut pending, _) = shared
                .wake
                .wait_timeout_while(pending, FLUSH_INTERVAL, |p| !p.stopping)
                .unwrap_or_else(|p| p.into_inner());
            std::mem::swap(&mut batch, &mut pending.bytes);
            pending.stopping
        };
        let dropped = shared.dropped.swap(0, Ordering::Relaxed);
        if dropped > 0 {
            let note = format!(
                "{{\"timestamp\":\"{}\",\"level\":\"WARN\",\"message\":\"{dropped} log lines dropped: the log destination is too slow\"}}\n",
                chrono::Utc::now().to_rfc3339()
            );
            batch.extend_from_slice(note.as_bytes());
        }
        if !batch.is_empty() {
            for sink in &mut sinks {
                // A failing sink cannot be reported anywhere but itself.
                let _ = sink.write_all(&batch).and_then(|()| sink.flush());
            }
            batch.clear();
        }
        if stopping {
            return;
        }
    }
}

/// Installs the global JSON logger.
pub fn init(filter: &str, log_dir: Option<&Path>) -> anyhow::Result<LogGuards> {
    let filter = EnvFilter::try_new(filter)
        .with_context(|| format!("RUST_LOG={filter:?} is not a valid filter"))?;
    let mut sinks: Vec<Box<dyn Write + Send>> = vec![Box::new(std::io::stdout())];
    if let Some(dir) = log_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create log directory {}", dir.display()))?;
        let files = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix("llm-config-server")
            .filename_suffix("log")
            .build(dir)
            .with_context(|| format!("cannot open a log file in {}", dir.display()))?;
        sinks.push(Box::new(files));
    }
    let shared = Arc::new(Shared::default());
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_env_filter(filter)
        .with_writer(BufferWriter(Arc::clone(&shared)))
        .try_init()
        .map_err(|e| anyhow::anyhow!("cannot install the logger: {e}"))?;
    let flusher = std::thread::Builder::new()
        .name("llmcfg-log-flush".into())
        .spawn({
            let shared = Arc::clone(&shared);
            move || flush_loop(shared, sinks)
        })
        .context("cannot start the log writer")?;
    Ok(LogGuards { shared, flusher: Some(flusher) })
}
