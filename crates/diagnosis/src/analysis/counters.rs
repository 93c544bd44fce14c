//! Counters over a sampling window, with one rule for resets.
//!
//! A counter only goes up. A reading lower than the one before means the
//! process restarted (or the counter was recreated) and counted again from
//! zero, so its growth over the window is the new reading itself: the rule
//! Prometheus applies in `rate` and `increase`. Every delta the doctor
//! takes, of the service's metrics, of Redis `INFO`, of the kernel's TCP,
//! interface and disk counters, goes through [`growth`].
//!
//! Pure: reads evidence, does no I/O.

use std::collections::BTreeMap;

use crate::evidence::MetricsWindow;
use crate::evidence::redis::{InfoWindow, RedisInfo};
use crate::evidence::series::Labels;

/// The growth of a counter from `before` to `after`; a lower `after` is a
/// restart, and the growth is `after` (everything since zero).
pub fn growth<T>(before: T, after: T) -> T
where
    T: PartialOrd + std::ops::Sub<Output = T>,
{
    if after >= before { after - before } else { after }
}

/// Counter deltas of a window of `/metrics` scrapes.
pub trait ScrapeCounters {
    /// Increase of a counter over the window, summed over matching series;
    /// a series new in the window counts from zero, and a reset one by
    /// [`growth`]. `None` with one scrape counted between scrapes, or no
    /// matching series.
    fn increase(&self, name: &str, filter: &[(&str, &str)]) -> Option<f64>;

    /// Increase over the window of a sum of counters; `None` with one
    /// scrape or when none of them has a series. A counter with no series
    /// (no error ever counted) adds nothing.
    fn increase_of(&self, counters: &[Counter<'_>]) -> Option<f64> {
        counters.iter().filter_map(|c| self.increase(c.name, c.filter)).reduce(|a, b| a + b)
    }

    /// A sum of counters as the newest scrape reads it: the totals since
    /// the service started, context rather than a current figure. `None`
    /// when none of them has a series.
    fn total_of(&self, counters: &[Counter<'_>]) -> Option<f64>;
}

impl ScrapeCounters for MetricsWindow {
    fn increase(&self, name: &str, filter: &[(&str, &str)]) -> Option<f64> {
        let (opening, second) = self.counted_between()?;
        let before: BTreeMap<&Labels, f64> = opening
            .into_iter()
            .flat_map(|opening| opening.matching(name, filter))
            .map(|s| (s.labels(), s.value))
            .collect();
        let mut any = false;
        let total = second
            .matching(name, filter)
            .map(|s| {
                any = true;
                match before.get(s.labels()) {
                    Some(old) => growth(*old, s.value),
                    None => s.value,
                }
            })
            .sum();
        any.then_some(total)
    }

    fn total_of(&self, counters: &[Counter<'_>]) -> Option<f64> {
        let latest = self.latest();
        counters.iter().filter_map(|c| latest.sum(c.name, c.filter)).reduce(|a, b| a + b)
    }
}

/// A counter selected by name and a label filter.
#[derive(Debug, Clone, Copy)]
pub struct Counter<'a> {
    pub name: &'a str,
    pub filter: &'a [(&'a str, &'a str)],
}

impl<'a> Counter<'a> {
    pub const fn new(name: &'a str, filter: &'a [(&'a str, &'a str)]) -> Self {
        Counter { name, filter }
    }
}

/// Counter deltas of Redis `INFO` read at both ends of the window.
pub trait InfoCounters {
    /// Growth of a counter over the window, by [`growth`]; `None` with one
    /// reading or when a reading lacks the field.
    fn delta(&self, field: impl Fn(&RedisInfo) -> Option<u64>) -> Option<u64>;
}

impl InfoCounters for InfoWindow {
    fn delta(&self, field: impl Fn(&RedisInfo) -> Option<u64>) -> Option<u64> {
        let (before, after) = (field(&self.first)?, field(self.second.as_ref()?)?);
        Some(growth(before, after))
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::evidence::{MetricsSample, Series};

    /// A series as (name, labels, value).
    type Row<'a> = (&'a str, &'a [(&'a str, &'a str)], f64);

    fn sample(at: i64, series: &[Row<'_>]) -> MetricsSample {
        MetricsSample {
            scraped_at: DateTime::from_timestamp(at, 0).unwrap(),
            series: series
                .iter()
                .map(|(name, labels, value)| Series::new(name, labels.iter().copied(), *value))
                .collect(),
        }
    }

    #[test]
    fn increase_handles_resets_and_new_series() {
        let window = MetricsWindow::between(
            "x".into(),
            sample(0, &[("c", &[("t", "a")], 10.0), ("c", &[("t", "b")], 50.0)]),
            Some(sample(
                2,
                &[("c", &[("t", "a")], 15.0), ("c", &[("t", "b")], 3.0), ("c", &[("t", "n")], 1.0)],
            )),
        );
        assert_eq!(window.increase("c", &[]), Some(5.0 + 3.0 + 1.0));
        assert_eq!(window.increase("c", &[("t", "a")]), Some(5.0));
        assert_eq!(window.increase("missing", &[]), None);
        assert_eq!(window.window_seconds(), Some(2.0));
    }

    #[test]
    fn a_counter_that_went_down_restarted_from_zero() {
        assert_eq!(growth(10.0, 15.0), 5.0);
        assert_eq!(growth(50.0, 3.0), 3.0);
        assert_eq!(growth(7_u64, 7), 0);
        assert_eq!(growth(9_u64, 2), 2);
    }

    #[test]
    fn sums_of_counters_over_the_window_and_since_start() {
        let window = MetricsWindow::between(
            "x".into(),
            sample(0, &[("hits", &[], 80.0), ("misses", &[], 20.0)]),
            Some(sample(1, &[("hits", &[], 80.0), ("misses", &[], 21.0)])),
        );
        let lookups = [Counter::new("hits", &[]), Counter::new("misses", &[])];
        assert_eq!(window.increase_of(&lookups), Some(1.0));
        assert_eq!(window.total_of(&lookups), Some(101.0));
        let errors = [Counter::new("errors", &[])];
        assert_eq!((window.increase_of(&errors), window.total_of(&errors)), (None, None));
        let one_scrape = MetricsWindow { second: None, ..window };
        assert_eq!(one_scrape.increase_of(&lookups), None);
        assert_eq!(one_scrape.total_of(&lookups), Some(100.0));
    }
}
