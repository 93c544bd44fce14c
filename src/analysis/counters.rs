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

/// The growth of a counter from `before` to `after`; a lower `after` is a
/// restart, and the growth is `after` (everything since zero).
pub fn growth<T>(before: T, after: T) -> T
where
    T: PartialOrd + std::ops::Sub<Output = T>,
{
    if after >= before { after - before } else { after }
}

/// A counter's growth, from one series set to the next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CounterReading {
    pub value: f64,
    /// True when the value covers only the window; false when it is the
    /// total since the service started (no second scrape, or no traffic).
    pub windowed: bool,
}

/// Counter deltas of a window of `/metrics` scrapes.
pub trait ScrapeCounters {
    /// Increase of a counter over the window, summed over matching series;
    /// a series new in the window counts from zero, and a reset one by
    /// [`growth`]. `None` with one scrape or no matching series.
    fn increase(&self, name: &str, filter: &[(&str, &str)]) -> Option<f64>;

    /// Counter readings for a ratio of sums of counters: over the window
    /// when the window saw any of the denominator, else totals since start.
    fn ratio_inputs(
        &self,
        numerator: &[Counter<'_>],
        denominator: &[Counter<'_>],
    ) -> Option<(CounterReading, CounterReading)> {
        self.ratio_inputs_over(numerator, denominator, 1.0)
    }

    /// Like [`Self::ratio_inputs`], but over the window only when it saw at
    /// least `min_window` of the denominator: a ratio of a handful of
    /// events says little.
    fn ratio_inputs_over(
        &self,
        numerator: &[Counter<'_>],
        denominator: &[Counter<'_>],
        min_window: f64,
    ) -> Option<(CounterReading, CounterReading)>;
}

impl ScrapeCounters for MetricsWindow {
    fn increase(&self, name: &str, filter: &[(&str, &str)]) -> Option<f64> {
        let second = self.second.as_ref()?;
        let before: BTreeMap<&BTreeMap<String, String>, f64> =
            self.first.matching(name, filter).map(|s| (&s.labels, s.value)).collect();
        let mut any = false;
        let total = second
            .matching(name, filter)
            .map(|s| {
                any = true;
                match before.get(&s.labels) {
                    Some(old) => growth(*old, s.value),
                    None => s.value,
                }
            })
            .sum();
        any.then_some(total)
    }

    fn ratio_inputs_over(
        &self,
        numerator: &[Counter<'_>],
        denominator: &[Counter<'_>],
        min_window: f64,
    ) -> Option<(CounterReading, CounterReading)> {
        let increase = |counters: &[Counter<'_>]| {
            counters.iter().filter_map(|c| self.increase(c.name, c.filter)).reduce(|a, b| a + b)
        };
        // A numerator with no series yet (no errors ever) grew by zero.
        if let Some(den) = increase(denominator)
            && den > 0.0
            && den >= min_window
        {
            let reading = |value| CounterReading { value, windowed: true };
            return Some((reading(increase(numerator).unwrap_or(0.0)), reading(den)));
        }
        let latest = self.latest();
        let total = |counters: &[Counter<'_>]| {
            counters.iter().filter_map(|c| latest.sum(c.name, c.filter)).reduce(|a, b| a + b)
        };
        let den = total(denominator)?;
        let num = total(numerator).unwrap_or(0.0);
        let reading = |value| CounterReading { value, windowed: false };
        Some((reading(num), reading(den)))
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
                .map(|(name, labels, value)| Series {
                    name: name.to_string(),
                    labels: labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                    value: *value,
                })
                .collect(),
        }
    }

    #[test]
    fn increase_handles_resets_and_new_series() {
        let window = MetricsWindow {
            url: "x".into(),
            first: sample(0, &[("c", &[("t", "a")], 10.0), ("c", &[("t", "b")], 50.0)]),
            second: Some(sample(
                2,
                &[("c", &[("t", "a")], 15.0), ("c", &[("t", "b")], 3.0), ("c", &[("t", "n")], 1.0)],
            )),
        };
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
    fn ratios_fall_back_to_totals_without_traffic() {
        let flat = sample(0, &[("hits", &[], 80.0), ("lookups", &[], 100.0)]);
        let window = MetricsWindow { url: "x".into(), first: flat.clone(), second: Some(flat) };
        let (num, den) = window
            .ratio_inputs(&[Counter::new("hits", &[])], &[Counter::new("lookups", &[])])
            .unwrap();
        assert!(!num.windowed && !den.windowed);
        assert_eq!((num.value, den.value), (80.0, 100.0));
    }

    #[test]
    fn a_thin_window_gives_way_to_totals_when_asked() {
        let window = MetricsWindow {
            url: "x".into(),
            first: sample(0, &[("hits", &[], 80.0), ("lookups", &[], 100.0)]),
            second: Some(sample(1, &[("hits", &[], 80.0), ("lookups", &[], 101.0)])),
        };
        let (hits, lookups) = (Counter::new("hits", &[]), Counter::new("lookups", &[]));
        let (num, den) = window.ratio_inputs(&[hits], &[lookups]).unwrap();
        assert_eq!((num.value, den.value, den.windowed), (0.0, 1.0, true));
        let (num, den) = window.ratio_inputs_over(&[hits], &[lookups], 20.0).unwrap();
        assert_eq!((num.value, den.value, den.windowed), (80.0, 101.0, false));
    }
}
