//! What one run keeps for the next: its last scrape of the service's
//! metrics and its last reading of the service's CPU counter, in the
//! state directory (`--state-dir`).
//!
//! A run that follows another within [`MAX_AGE`] (cron every minute, an
//! engineer running `quick` again) starts its sampling window at the
//! earlier run's reading instead of waiting out a window of its own: it
//! reads once and measures over the time between the two runs, never less
//! than the plan's sampling window. A reading older than [`MAX_AGE`] is
//! not used, so a verdict never averages over much more than the
//! runbook's shortest Prometheus range; one of another process (the
//! service restarted: its counters began again) is not used either, which
//! the sources check with what they read now.
//!
//! Keeping is best effort: a directory that cannot be read or written
//! costs the next run its head start, never this run its answer.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The oldest reading a run starts its window at.
pub const MAX_AGE: Duration = Duration::from_secs(90);

/// A reading and what it is of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept<T> {
    /// What the reading is of, e.g. the metrics URL.
    pub identity: String,
    pub at: DateTime<Utc>,
    pub reading: T,
}

/// The state directory's readings of one kind (`metrics`, `cpu`).
#[derive(Debug, Clone, PartialEq)]
pub struct Shelf<'a> {
    pub dir: &'a Path,
    pub kind: &'static str,
}

impl Shelf<'_> {
    /// The file of `identity`: its characters kept where they are safe in
    /// a file name. Two identities that map alike share a file; the
    /// identity inside tells them apart.
    fn file(&self, identity: &str) -> PathBuf {
        let safe: String = identity
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' })
            .collect();
        self.dir.join(format!("{}-{safe}.json", self.kind))
    }

    /// The reading kept for `identity`, when there is one no older than
    /// [`MAX_AGE`] (and not from the future: a clock set back).
    pub fn take<T: DeserializeOwned>(&self, identity: &str) -> Option<Kept<T>> {
        let text = std::fs::read(self.file(identity)).ok()?;
        let kept: Kept<T> = serde_json::from_slice(&text).ok()?;
        let age = (Utc::now() - kept.at).to_std().ok()?;
        (kept.identity == identity && age <= MAX_AGE).then_some(kept)
    }

    /// Keeps `reading` for `identity`, replacing what was kept; written
    /// whole or not at all (a temporary file renamed into place), so two
    /// runs at once cannot leave half a file.
    pub fn keep<T: Serialize>(&self, identity: &str, at: DateTime<Utc>, reading: &T) {
        let kept = Kept { identity: identity.to_owned(), at, reading };
        let Ok(bytes) = serde_json::to_vec(&kept) else { return };
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(self.dir)?;
            let mut file = tempfile::NamedTempFile::new_in(self.dir)?;
            std::io::Write::write_all(&mut file, &bytes)?;
            file.persist(self.file(identity)).map_err(|e| e.error)?;
            Ok(())
        };
        if let Err(error) = write() {
            tracing::debug!(dir = %self.dir.display(), %error, "cannot keep a reading for the next run");
        }
    }
}

/// Where a counter's reading is kept, and under which identity (what it
/// is a reading of: one run of a process or container).
#[derive(Debug, Clone, PartialEq)]
pub struct Keeping<'a> {
    pub shelf: Shelf<'a>,
    pub identity: String,
}

/// A sampling window over a counter (CPU seconds): it starts at the
/// reading kept for the counter when there is one, else at a reading
/// taken now, and its closing reading is kept for the next run.
#[derive(Debug)]
pub struct CounterWindow<'a> {
    keeping: Option<Keeping<'a>>,
    before: Option<f64>,
    started: DateTime<Utc>,
    /// How long to wait before the closing reading, so that the window
    /// spans at least the sample asked for.
    pub wait: Duration,
}

impl<'a> CounterWindow<'a> {
    /// A window of at least `sample`; `read` is the counter now, read only
    /// when nothing usable is kept.
    pub fn open(
        keeping: Option<Keeping<'a>>,
        sample: Duration,
        read: impl FnOnce() -> Option<f64>,
    ) -> Self {
        let kept = keeping.as_ref().and_then(|k| k.shelf.take::<f64>(&k.identity));
        match kept {
            Some(kept) => CounterWindow {
                before: Some(kept.reading),
                started: kept.at,
                wait: wait_for_window(kept.at, sample),
                keeping,
            },
            None => CounterWindow { before: read(), started: Utc::now(), wait: sample, keeping },
        }
    }

    /// The counter's growth over the window (none without both readings)
    /// and the window's seconds; `after`, read now, is kept.
    pub fn close(self, after: Option<f64>) -> (Option<f64>, f64) {
        let ended = Utc::now();
        if let (Some(keeping), Some(after)) = (&self.keeping, after) {
            keeping.shelf.keep(&keeping.identity, ended, &after);
        }
        let seconds = (ended - self.started).num_microseconds().unwrap_or(0) as f64 / 1e6;
        (after.zip(self.before).map(|(after, before)| after - before), seconds)
    }
}

/// How long to wait before a window that starts at `kept` spans `window`;
/// zero when it already does.
pub fn wait_for_window(kept: DateTime<Utc>, window: Duration) -> Duration {
    let age = (Utc::now() - kept).to_std().unwrap_or_default();
    window.saturating_sub(age)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_is_taken_back_by_its_identity_within_its_age() {
        let dir = tempfile::tempdir().unwrap();
        let shelf = Shelf { dir: dir.path(), kind: "metrics" };
        let url = "http://127.0.0.1:9090/metrics";
        assert_eq!(shelf.take::<u32>(url), None, "nothing kept yet");
        shelf.keep(url, Utc::now(), &7u32);
        assert_eq!(shelf.take::<u32>(url).map(|k| k.reading), Some(7));
        // Another identity whose file name would be the same.
        assert_eq!(shelf.take::<u32>("http://127.0.0.1:9090/metrics?"), None);
        assert_eq!(shelf.take::<u32>("http_//127.0.0.1_9090_metrics"), None);
        let old = Utc::now() - chrono::Duration::from_std(MAX_AGE).unwrap();
        shelf.keep(url, old - chrono::Duration::seconds(1), &8u32);
        assert_eq!(shelf.take::<u32>(url), None, "too old");
        shelf.keep(url, Utc::now() + chrono::Duration::seconds(60), &9u32);
        assert_eq!(shelf.take::<u32>(url), None, "from the future");
    }

    #[test]
    fn an_unwritable_directory_keeps_nothing_and_says_nothing() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let shelf = Shelf { dir: file.path(), kind: "metrics" };
        shelf.keep("x", Utc::now(), &1u32);
        assert_eq!(shelf.take::<u32>("x"), None);
    }

    #[test]
    fn a_counter_window_starts_at_the_kept_reading_and_keeps_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let keeping = || {
            let shelf = Shelf { dir: dir.path(), kind: "cpu" };
            Some(Keeping { shelf, identity: "process 7 started 1".into() })
        };
        let first = CounterWindow::open(keeping(), Duration::ZERO, || Some(10.0));
        assert_eq!(first.wait, Duration::ZERO);
        assert_eq!(first.close(Some(12.5)).0, Some(2.5));
        let second = CounterWindow::open(keeping(), Duration::ZERO, || panic!("a kept reading"));
        let (growth, seconds) = second.close(Some(13.0));
        assert_eq!(growth, Some(0.5), "from the reading the first window kept");
        assert!(seconds >= 0.0);
        let nothing = CounterWindow::open(None, Duration::ZERO, || None);
        assert_eq!(nothing.close(Some(1.0)).0, None);
    }

    #[test]
    fn the_wait_tops_a_short_gap_up_to_the_window() {
        let window = Duration::from_secs(1);
        let just_now = Utc::now() - chrono::Duration::milliseconds(300);
        let wait = wait_for_window(just_now, window);
        assert!(
            wait > Duration::from_millis(600) && wait <= Duration::from_millis(700),
            "{wait:?}"
        );
        assert_eq!(
            wait_for_window(Utc::now() - chrono::Duration::seconds(5), window),
            Duration::ZERO
        );
    }
}
