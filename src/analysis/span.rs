//! The widest honest window of the service's counters: the one rule every
//! rate and ratio the scrapes give is judged by.
//!
//! A run's scrapes span its sampling window, or, when a previous run kept
//! its last scrape of the same process, the time since that run
//! ([`crate::evidence::MetricsWindow`]): the present. When the present
//! holds enough of the service's work to judge (at least the runbook's
//! `ratios.min-sample` config operations), it is the window. When it is
//! too thin (a quiet second after the traffic stopped), a process that
//! started within the runbook's range (`ratios.range-seconds`, five
//! minutes) has counted everything since it started inside that range:
//! its counters, read once, are a delta over exactly its uptime, as recent
//! as the range Prometheus would use, and its judging view counts from its
//! start (`process_start_time_seconds`). A present with enough work is not
//! widened, so a fault under way is not diluted by the warm-up before it.
//! An older process keeps its scrapes' window: its totals reach past the
//! range and may hold an incident that has ended, so they are context,
//! never a verdict. Prometheus, when it answers, is preferred to either by
//! the rates module.
//!
//! The view is made once per judging, from the evidence as collected; a
//! bundle keeps the scrapes, so `analyze` makes the same view.
//!
//! The start time is read from the service's clock and the scrapes'
//! times from the doctor's: a skew between the two hosts lengthens or
//! shortens the uptime by as much. A start time after the latest scrape
//! (a clock ahead) is not used.
//!
//! Pure: reads evidence, does no I/O.

use std::borrow::Cow;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::analysis::counters::ScrapeCounters;
use crate::contract::metrics::{CONFIG_OPERATIONS, PROCESS_START_TIME};
use crate::evidence::{Evidence, MetricsWindow};

/// When the process behind `window` started, by its latest scrape.
pub fn service_start(window: &MetricsWindow) -> Option<DateTime<Utc>> {
    let seconds = window.latest().sum(PROCESS_START_TIME, &[]).filter(|s| s.is_finite())?;
    DateTime::from_timestamp_micros((seconds * 1e6).round() as i64)
}

/// `window` counted from the service's start, when its scrapes saw fewer
/// than `min_sample` config operations and the service started within
/// `range` of the latest scrape, which then spans more than the scrapes
/// do; `None` when the scrapes' own window is the one to judge.
pub fn widest(window: &MetricsWindow, range: Duration, min_sample: u64) -> Option<MetricsWindow> {
    if window.counted_from_start.is_some() {
        return None;
    }
    let operations = window.increase(CONFIG_OPERATIONS.name, &[]).unwrap_or(0.0);
    if operations >= min_sample as f64 {
        return None;
    }
    let started = service_start(window)?;
    let uptime = (window.latest().scraped_at - started).to_std().ok()?;
    let scraped_span = window.window_seconds().unwrap_or(0.0);
    (uptime <= range && uptime.as_secs_f64() > scraped_span)
        .then(|| MetricsWindow { counted_from_start: Some(started), ..window.clone() })
}

/// The evidence as checks and causes judge it: its metrics window
/// widened by [`widest`] when that applies, else the evidence itself.
pub fn judging_view(evidence: &Evidence, range: Duration, min_sample: u64) -> Cow<'_, Evidence> {
    let widened = match &evidence.metrics {
        Some(Ok(window)) => widest(window, range, min_sample),
        _ => None,
    };
    match widened {
        Some(window) => Cow::Owned(Evidence { metrics: Some(Ok(window)), ..evidence.clone() }),
        None => Cow::Borrowed(evidence),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{MetricsSample, Series};

    const RANGE: Duration = Duration::from_secs(300);
    const MIN_SAMPLE: u64 = 20;
    const OPERATIONS: &str = "config_operations_total";

    /// A scrape at `at` (seconds) of a process started at `started`, with
    /// `operations` counted since.
    fn scrape(at: i64, started: Option<f64>, operations: f64) -> MetricsSample {
        let none: [(&str, &str); 0] = [];
        let mut series = vec![Series::new(OPERATIONS, none, operations)];
        series.extend(started.map(|at| Series::new(PROCESS_START_TIME, none, at)));
        MetricsSample { scraped_at: DateTime::from_timestamp(at, 0).unwrap(), series }
    }

    fn window(first: MetricsSample, second: Option<MetricsSample>) -> MetricsWindow {
        MetricsWindow::between("http://s/metrics".into(), first, second)
    }

    #[test]
    fn a_young_process_is_counted_from_its_start() {
        // Started at 1000, scraped at 1025 and 1026: 25 requests before
        // the window, 1 in it.
        let scrapes =
            window(scrape(1025, Some(1000.0), 25.0), Some(scrape(1026, Some(1000.0), 26.0)));
        assert_eq!(scrapes.increase(OPERATIONS, &[]), Some(1.0));
        let widened = widest(&scrapes, RANGE, MIN_SAMPLE).expect("26 s old, inside the range");
        assert_eq!(widened.window_seconds(), Some(26.0), "exactly its uptime");
        assert_eq!(widened.increase(OPERATIONS, &[]), Some(26.0));
        assert_eq!(widened.latest(), scrapes.latest(), "gauges read as scraped");
        assert_eq!(widened.first, scrapes.first, "the first scrape is kept");
        // One scrape (the second missed the deadline) is enough.
        let once = window(scrape(1025, Some(1000.0), 25.0), None);
        assert_eq!(once.window_seconds(), None);
        let widened = widest(&once, RANGE, MIN_SAMPLE).unwrap();
        assert_eq!(widened.window_seconds(), Some(25.0));
        assert_eq!(widened.increase(OPERATIONS, &[]), Some(25.0));
    }

    #[test]
    fn a_present_with_enough_work_is_not_widened() {
        // 30 operations in the window: a fault under way shows in it, not
        // diluted by the warm-up before it.
        let busy =
            window(scrape(1025, Some(1000.0), 500.0), Some(scrape(1026, Some(1000.0), 530.0)));
        assert_eq!(widest(&busy, RANGE, MIN_SAMPLE), None);
        let thin =
            window(scrape(1025, Some(1000.0), 500.0), Some(scrape(1026, Some(1000.0), 519.0)));
        assert!(widest(&thin, RANGE, MIN_SAMPLE).is_some());
    }

    #[test]
    fn an_old_process_keeps_its_scrapes_window() {
        // Up 10 minutes: its totals hold whatever happened before the range.
        let old = window(scrape(1600, Some(1000.0), 25.0), Some(scrape(1601, Some(1000.0), 26.0)));
        assert_eq!(widest(&old, RANGE, MIN_SAMPLE), None);
        // Exactly the range still counts from the start.
        let at_range =
            window(scrape(1299, Some(1000.0), 1.0), Some(scrape(1300, Some(1000.0), 2.0)));
        assert!(widest(&at_range, RANGE, MIN_SAMPLE).is_some());
    }

    #[test]
    fn nothing_wider_is_made_up() {
        // No start time: nothing says how long the counters ran.
        let unknown = window(scrape(1025, None, 25.0), Some(scrape(1026, None, 26.0)));
        assert_eq!(widest(&unknown, RANGE, MIN_SAMPLE), None);
        // A start after the latest scrape (clocks apart) is not used.
        let ahead =
            window(scrape(1025, Some(1030.0), 25.0), Some(scrape(1026, Some(1030.0), 26.0)));
        assert_eq!(widest(&ahead, RANGE, MIN_SAMPLE), None);
        // A kept reading of the same process already spans its uptime, or
        // the process restarted inside the window: the scrapes are as wide.
        let kept = window(scrape(1000, Some(1000.0), 0.0), Some(scrape(1060, Some(1000.0), 60.0)));
        assert_eq!(widest(&kept, RANGE, MIN_SAMPLE), None);
        let restarted =
            window(scrape(1000, Some(900.0), 90.0), Some(scrape(1010, Some(1005.0), 5.0)));
        assert_eq!(widest(&restarted, RANGE, MIN_SAMPLE), None);
    }

    #[test]
    fn the_view_replaces_only_the_metrics_window() {
        let young =
            window(scrape(1025, Some(1000.0), 25.0), Some(scrape(1026, Some(1000.0), 26.0)));
        let evidence = Evidence { metrics: Some(Ok(young)), ..Evidence::default() };
        let view = judging_view(&evidence, RANGE, MIN_SAMPLE);
        let Some(Ok(window)) = &view.metrics else { panic!("a window") };
        assert!(window.counted_from_start.is_some());
        assert!(matches!(
            judging_view(&evidence, Duration::from_secs(10), MIN_SAMPLE),
            Cow::Borrowed(_)
        ));
        assert!(matches!(judging_view(&Evidence::default(), RANGE, MIN_SAMPLE), Cow::Borrowed(_)));
    }
}
