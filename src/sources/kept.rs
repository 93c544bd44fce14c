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
