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
//!
//! The request log line ([`log_request`]) does not go through tracing's
//! formatter: at one line per request, tracing-subscriber's JSON formatter
//! (a map serializer over `fmt::Write`, a fresh timestamp String, float
//! formatting through `fmt`) cost about a seventh of the cached GET's
//! throughput. The line is written directly with the same fields, order and
//! number formatting, so it reads exactly as before; whether it is written
//! at all is still decided by the tracing filter (`RUST_LOG`) at the caller.

use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use contract::files;
use contract::logs::{DURATION_MS, LEVEL, TIMESTAMP};

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

impl Shared {
    /// Queues one or more whole lines for the flusher, or counts them as
    /// dropped when too much is already waiting.
    fn append(&self, lines: &[u8]) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        if pending.bytes.len() + lines.len() > MAX_PENDING_BYTES {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        } else {
            pending.bytes.extend_from_slice(lines);
        }
    }
}

/// The buffer [`init`] installed, for [`log_request`].
static INSTALLED: OnceLock<Arc<Shared>> = OnceLock::new();

/// The `MakeWriter` handed to tracing: appends each line to the buffer.
#[derive(Clone)]
struct BufferWriter(Arc<Shared>);

impl Write for BufferWriter {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        self.0.append(line);
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

/// Events as flat JSON objects, one per line, without spans or targets.
fn json_lines() -> tracing_subscriber::fmt::SubscriberBuilder<
    tracing_subscriber::fmt::format::JsonFields,
    tracing_subscriber::fmt::format::Format<tracing_subscriber::fmt::format::Json>,
> {
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
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
            .filename_prefix(files::LOG_FILE_PREFIX)
            .filename_suffix(files::LOG_FILE_SUFFIX)
            .build(dir)
            .with_context(|| format!("cannot open a log file in {}", dir.display()))?;
        sinks.push(Box::new(files));
    }
    let shared = Arc::new(Shared::default());
    json_lines()
        .with_env_filter(filter)
        .with_writer(BufferWriter(Arc::clone(&shared)))
        .try_init()
        .map_err(|e| anyhow::anyhow!("cannot install the logger: {e}"))?;
    // Only one logger is ever installed (`try_init` above fails otherwise).
    let _ = INSTALLED.set(Arc::clone(&shared));
    let flusher = std::thread::Builder::new()
        .name("llmcfg-log-flush".into())
        .spawn({
            let shared = Arc::clone(&shared);
            move || flush_loop(shared, sinks)
        })
        .context("cannot start the log writer")?;
    Ok(LogGuards { shared, flusher: Some(flusher) })
}

/// One answered request, as its log line records it.
pub struct RequestRecord<'a> {
    pub method: &'a str,
    pub route: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub elapsed: Duration,
}

impl RequestRecord<'_> {
    /// The logged duration: milliseconds, rounded to the microsecond.
    fn duration_ms(&self) -> f64 {
        (self.elapsed.as_secs_f64() * 1e6).round() / 1e3
    }
}

/// Appends the request's line to the log, as tracing's JSON formatter would
/// have written `tracing::event!(level, method, route, path, status,
/// duration_ms, message)`. The caller has already asked the tracing filter
/// whether `level` is enabled; without an installed logger nothing is
/// written.
pub fn log_request(level: tracing::Level, message: &str, record: &RequestRecord<'_>) {
    let Some(shared) = INSTALLED.get() else { return };
    thread_local! {
        static LINE: RefCell<RequestLineWriter> = RefCell::new(RequestLineWriter::default());
    }
    LINE.with_borrow_mut(|writer| {
        writer.format(SystemTime::now(), level, message, record);
        shared.append(&writer.line);
    });
}

/// Formats request lines into a buffer it reuses, with the timestamp's
/// date and time of day formatted once per second.
#[derive(Default)]
struct RequestLineWriter {
    line: Vec<u8>,
    /// `YYYY-MM-DDTHH:MM:SS` of `second`.
    second_text: String,
    second: Option<u64>,
}

impl RequestLineWriter {
    fn format(
        &mut self,
        now: SystemTime,
        level: tracing::Level,
        message: &str,
        record: &RequestRecord<'_>,
    ) {
        let since_epoch = now.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
        let second = since_epoch.as_secs();
        if self.second != Some(second) {
            self.second_text = chrono::DateTime::from_timestamp(second as i64, 0)
                .unwrap_or_default()
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string();
            self.second = Some(second);
        }
        let line = &mut self.line;
        line.clear();
        line.push(b'{');
        push_name(line, TIMESTAMP);
        line.push(b'"');
        line.extend_from_slice(self.second_text.as_bytes());
        line.push(b'.');
        push_zero_padded(line, since_epoch.subsec_micros(), 6);
        line.extend_from_slice(b"Z\"");
        push_name(line, LEVEL);
        push_json_string(line, level.as_str());
        for (name, text) in [
            ("message", message),
            ("method", record.method),
            ("route", record.route),
            ("path", record.path),
        ] {
            push_name(line, name);
            push_json_string(line, text);
        }
        push_name(line, "status");
        line.extend_from_slice(itoa::Buffer::new().format(record.status).as_bytes());
        push_name(line, DURATION_MS);
        // A finite f64 always serialises; serde_json's shortest form is
        // what tracing's formatter wrote.
        let _ = serde_json::to_writer(&mut *line, &record.duration_ms());
        line.extend_from_slice(b"}\n");
    }
}

/// `"name":`, after a comma unless it is the object's first field.
fn push_name(line: &mut Vec<u8>, name: &str) {
    if line.last() != Some(&b'{') {
        line.push(b',');
    }
    line.push(b'"');
    line.extend_from_slice(name.as_bytes());
    line.extend_from_slice(b"\":");
}

fn push_json_string(line: &mut Vec<u8>, text: &str) {
    // Serialising a str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *line, text);
}

fn push_zero_padded(line: &mut Vec<u8>, value: u32, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(value);
    line.extend(std::iter::repeat_n(b'0', width.saturating_sub(digits.len())));
    line.extend_from_slice(digits.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Captures what tracing's own JSON formatter writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Everything after the timestamp, which differs between two writers.
    fn after_timestamp(line: &str) -> &str {
        &line[line.find("\",\"level\"").expect("a level after the timestamp")..]
    }

    #[test]
    fn request_lines_read_as_tracings_own_formatter_wrote_them() {
        let cases = [
            (
                tracing::Level::INFO,
                "request",
                "/api/v1/configs/{namespace}/{key}",
                "/api/v1/configs/app/k",
                200,
                Duration::from_micros(403),
            ),
            (
                tracing::Level::WARN,
                "request rejected",
                "unmatched",
                "/odd \"path\"\\\u{7}é",
                404,
                Duration::from_secs(2),
            ),
            (
                tracing::Level::ERROR,
                "request failed",
                "/health",
                "/health",
                503,
                Duration::from_nanos(1_499),
            ),
        ];
        for (level, message, route, path, status, elapsed) in cases {
            let captured = Captured::default();
            let subscriber = json_lines().with_writer({
                let captured = captured.clone();
                move || captured.clone()
            });
            let record = RequestRecord { method: "GET", route, path, status, elapsed };
            let duration_ms = record.duration_ms();
            tracing::subscriber::with_default(subscriber.finish(), || match level {
                tracing::Level::ERROR => {
                    tracing::error!(
                        method = "GET",
                        route,
                        path,
                        status,
                        duration_ms,
                        "request failed"
                    )
                }
                tracing::Level::WARN => {
                    tracing::warn!(
                        method = "GET",
                        route,
                        path,
                        status,
                        duration_ms,
                        "request rejected"
                    )
                }
                _ => tracing::info!(method = "GET", route, path, status, duration_ms, "request"),
            });
            let theirs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();

            let mut writer = RequestLineWriter::default();
            writer.format(SystemTime::now(), level, message, &record);
            let ours = String::from_utf8(writer.line.clone()).unwrap();
            assert_eq!(after_timestamp(&ours), after_timestamp(&theirs));
        }
    }

    #[test]
    fn timestamps_are_rfc3339_with_microseconds_in_utc() {
        let mut writer = RequestLineWriter::default();
        let record = RequestRecord {
            method: "GET",
            route: "/health",
            path: "/health",
            status: 200,
            elapsed: Duration::ZERO,
        };
        let at = |micros: u64| SystemTime::UNIX_EPOCH + Duration::from_micros(micros);
        for (when, expected) in [
            (at(1_764_770_000_000_042), "2025-12-03T13:53:20.000042Z"),
            (at(1_764_770_000_999_999), "2025-12-03T13:53:20.999999Z"),
            (at(1_764_770_001_000_000), "2025-12-03T13:53:21.000000Z"),
        ] {
            writer.format(when, tracing::Level::INFO, "request", &record);
            let line: serde_json::Value = serde_json::from_slice(&writer.line).unwrap();
            assert_eq!(line["timestamp"], expected);
        }
    }
}
