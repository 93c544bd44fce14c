//! The widest honest window of the service's counters: the one rule every
//! rate and ratio the scrapes give is judged by.
//!
//! A run's scrapes span its sampling window, or, when a previous run kept
//! its last scrape of the same process, the time since that run
//! ([`crate::evidence::MetricsWindow`]): the present. A figure is judged
//! on the present when the present holds enough of the events it counts
//! (the runbook's `ratios.min-sample`: lookups, reads, operations,
//! requests). When it holds fewer (a quiet second after the traffic
//! stopped), and the process started within the runbook's range
//! (`ratios.range-seconds`, five minutes), the process has counted
//! everything since it started inside that range: its counters, read
//! once, are a delta over exactly its uptime, as recent as the range
//! Prometheus would use, and that figure is counted from its start
//! (`process_start_time_seconds`). The choice is the figure's: a fault
//! under way is judged on the present, not diluted by the warm-up before
//! it, while a cold cache read once is judged on every read since the
//! start. An older process keeps its scrapes' window: its totals reach
//! past the range and may hold an incident that has ended, so they are
//! context, never a verdict. Prometheus, when it answers, is preferred to
//! either by the rates module.
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

use crate::evidence::{Evidence, MetricsWindow, Widening};
use contract::metrics::PROCESS_START_TIME;

/// When the process behind `window` started, by its latest scrape.
fn service_start(window: &MetricsWindow) -> Option<DateTime<Utc>> {
    let seconds = window.latest().sum(PROCESS_START_TIME, &[]).filter(|s| s.is_finite())?;
    DateTime::from_timestamp_micros((seconds * 1e6).round() as i64)
}

/// How `window` may be widened: from the service's start, when that was
/// within `range` of the latest scrape and spans more than the scrapes
/// do, for figures with fewer than `min_events` in the scrapes' window;
/// `None` when the scrapes' own window is the widest honest one.
pub fn widening(window: &MetricsWindow, range: Duration, min_events: u64) -> Option<Widening> {
    if window.counted_from_start.is_some() {
        return None;
    }
    let started = service_start(window)?;
    let uptime = (window.latest().scraped_at - started).to_std().ok()?;
    let scraped_span = window.window_seconds().unwrap_or(0.0);
    (uptime <= range && uptime.as_secs_f64() > scraped_span)
        .then_some(Widening { started, min_events })
}

/// The evidence as checks and causes judge it: its metrics window with
/// the [`widening`] its figures may take, when there is one, else the
/// evidence itself.
pub fn judging_view(evidence: &Evidence, range: Duration, min_events: u64) -> Cow<'_, Evidence> {
    let widened = match &evidence.metrics {
        Some(Ok(window)) => widening(window, range, min_events)
            .map(|widening| MetricsWindow { widening: Some(widening), ..window.clone() }),
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
    use crate::analysis::counters::ScrapeCounters;
    use crate::evidence::{MetricsSample, Series};

    const RANGE: Duration = Duration::from_secs(300);
    const MIN: u64 = 20;
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

    /// `window` as the judging view gives it to the checks.
    fn viewed(window: MetricsWindow) -> MetricsWindow {
        let evidence = Evidence { metrics: Some(Ok(window)), ..Evidence::default() };
        let Some(Ok(window)) = judging_view(&evidence, RANGE, MIN).into_owned().metrics else {
            panic!("a window")
        };
        window
    }

    fn operations(window: &MetricsWindow) -> f64 {
        window.increase(OPERATIONS, &[]).unwrap_or(0.0)
    }

    #[test]
    fn a_thin_figure_of_a_young_process_is_counted_from_its_start() {
        // Started at 1000, scraped at 1025 and 1026: 25 operations before
        // the window, 1 in it.
        let young = viewed(window(
            scrape(1025, Some(1000.0), 25.0),
            Some(scrape(1026, Some(1000.0), 26.0)),
        ));
        assert_eq!(operations(&young), 1.0, "the present, as scraped");
        let judged = young.for_events(operations);
        assert_eq!(judged.window_seconds(), Some(26.0), "exactly its uptime");
        assert_eq!(operations(&judged), 26.0);
        assert_eq!(judged.latest(), young.latest(), "gauges read as scraped");
        assert_eq!(judged.first, young.first, "the first scrape is kept");
        // One scrape (the second missed the deadline) is enough.
        let once = viewed(window(scrape(1025, Some(1000.0), 25.0), None));
        assert_eq!(once.window_seconds(), None);
        let judged = once.for_events(operations);
        assert_eq!((judged.window_seconds(), operations(&judged)), (Some(25.0), 25.0));
    }

    #[test]
    fn a_figure_with_enough_events_in_the_present_is_not_widened() {
        // 30 operations in the window: a fault under way shows in it, not
        // diluted by the warm-up before it.
        let busy = viewed(window(
            scrape(1025, Some(1000.0), 500.0),
            Some(scrape(1026, Some(1000.0), 530.0)),
        ));
        assert!(matches!(busy.for_events(operations), Cow::Borrowed(_)));
        let thin = viewed(window(
            scrape(1025, Some(1000.0), 500.0),
            Some(scrape(1026, Some(1000.0), 519.0)),
        ));
        assert!(matches!(thin.for_events(operations), Cow::Owned(_)));
    }

    #[test]
    fn an_old_process_keeps_its_scrapes_window() {
        // Up 10 minutes: its totals hold whatever happened before the range.
        let old = window(scrape(1600, Some(1000.0), 25.0), Some(scrape(1601, Some(1000.0), 26.0)));
        assert_eq!(widening(&old, RANGE, MIN), None);
        assert!(matches!(viewed(old).for_events(operations), Cow::Borrowed(_)));
        // Exactly the range still counts from the start.
        let at_range =
            window(scrape(1299, Some(1000.0), 1.0), Some(scrape(1300, Some(1000.0), 2.0)));
        assert!(widening(&at_range, RANGE, MIN).is_some());
    }

    #[test]
    fn nothing_wider_is_made_up() {
        // No start time: nothing says how long the counters ran.
        let unknown = window(scrape(1025, None, 25.0), Some(scrape(1026, None, 26.0)));
        assert_eq!(widening(&unknown, RANGE, MIN), None);
        // A start after the latest scrape (clocks apart) is not used.
        let ahead =
            window(scrape(1025, Some(1030.0), 25.0), Some(scrape(1026, Some(1030.0), 26.0)));
        assert_eq!(widening(&ahead, RANGE, MIN), None);
        // A kept reading of the same process already spans its uptime, or
        // the process restarted inside the window: the scrapes are as wide.
        let kept = window(scrape(1000, Some(1000.0), 0.0), Some(scrape(1060, Some(1000.0), 6.0)));
        assert_eq!(widening(&kept, RANGE, MIN), None);
        let restarted =
            window(scrape(1000, Some(900.0), 90.0), Some(scrape(1010, Some(1005.0), 5.0)));
        assert_eq!(widening(&restarted, RANGE, MIN), None);
        assert!(matches!(judging_view(&Evidence::default(), RANGE, MIN), Cow::Borrowed(_)));
    }
}
