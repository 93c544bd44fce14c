//! Quantiles from histogram buckets, the way Prometheus computes them, and
//! the bucket deltas of a histogram between two scrapes of `/metrics`.
//!
//! [`histogram_quantile`] reproduces PromQL's `histogram_quantile` for
//! classic (`le`-labelled) buckets: linear interpolation inside the bucket
//! the rank falls in, 0 as the lower edge of the lowest bucket when its
//! bound is positive, and the highest finite bound when the rank falls in
//! the `+Inf` bucket. [`histogram_delta`] builds the buckets such a
//! computation needs from a [`MetricsWindow`], so that a quantile of the
//! observations made during the window comes out as Prometheus would give
//! it for `histogram_quantile(q, sum by (le) (rate(..._bucket[window])))`:
//! rates only scale every bucket by the same factor, which a quantile does
//! not see.
//!
//! Everything here is pure arithmetic on evidence already collected.

use std::collections::BTreeMap;

use crate::catalogue::HistogramSelector;
use crate::evidence::{MetricsSample, MetricsWindow, Series};

/// Relative difference under which Prometheus treats two neighbouring
/// cumulative counts as equal (float noise from summed rates).
const PRECISION_TOLERANCE: f64 = 1e-12;

/// The `q`-quantile (0 ≤ q ≤ 1) of a classic histogram given as
/// `(upper_bound, cumulative_count)` buckets in any order, computed as
/// PromQL's `histogram_quantile` computes it.
///
/// `None` where Prometheus answers NaN: no observations, no `+Inf` bucket,
/// fewer than two buckets, `q` NaN, or `q` = 0 with an empty lowest bucket.
/// Like Prometheus, `q` < 0 gives −∞ and `q` > 1 gives +∞. Buckets with the
/// same bound are added together, counts that differ by float noise only
/// are treated as equal, and a count lower than the one before it is raised
/// to it (the "monotonic envelope"), all as Prometheus does.
pub fn histogram_quantile(q: f64, buckets: &[(f64, f64)]) -> Option<f64> {
    if q.is_nan() {
        return None;
    }
    if q < 0.0 {
        return Some(f64::NEG_INFINITY);
    }
    if q > 1.0 {
        return Some(f64::INFINITY);
    }
    let mut buckets = coalesced(buckets);
    if buckets.last().is_none_or(|(bound, _)| *bound != f64::INFINITY) {
        return None;
    }
    ignore_float_noise(&mut buckets);
    raise_to_monotonic(&mut buckets);
    if buckets.len() < 2 {
        return None;
    }
    let observations = buckets[buckets.len() - 1].1;
    if observations == 0.0 || observations.is_nan() {
        return None;
    }
    let mut rank = q * observations;
    let finite = &buckets[..buckets.len() - 1];
    let index = finite.partition_point(|(_, count)| *count < rank);
    if index == finite.len() {
        // The rank falls in the +Inf bucket: the highest finite bound.
        return Some(finite[finite.len() - 1].0);
    }
    let (upper, mut count) = buckets[index];
    if index == 0 && upper <= 0.0 {
        return Some(upper);
    }
    let mut lower = 0.0;
    if index > 0 {
        let (previous_bound, previous_count) = buckets[index - 1];
        lower = previous_bound;
        count -= previous_count;
        rank -= previous_count;
    }
    let value = lower + (upper - lower) * (rank / count);
    (!value.is_nan()).then_some(value)
}

/// The buckets sorted by bound, with equal bounds added together.
fn coalesced(buckets: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut sorted = buckets.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::with_capacity(sorted.len());
    for (bound, count) in sorted {
        match merged.last_mut() {
            Some(last) if last.0 == bound => last.1 += count,
            _ => merged.push((bound, count)),
        }
    }
    merged
}

/// Treats a count that differs from the last distinct one by a relative
/// [`PRECISION_TOLERANCE`] or less as equal to it.
fn ignore_float_noise(buckets: &mut [(f64, f64)]) {
    let Some(&(_, first)) = buckets.first() else { return };
    let mut previous = first;
    for bucket in buckets.iter_mut().skip(1) {
        let delta = (bucket.1 - previous).abs();
        if delta == 0.0 {
            continue;
        }
        if delta / bucket.1 <= PRECISION_TOLERANCE {
            bucket.1 = previous;
        } else {
            previous = bucket.1;
        }
    }
}

/// Raises every count that is lower than one before it to that count.
fn raise_to_monotonic(buckets: &mut [(f64, f64)]) {
    let mut highest = f64::NEG_INFINITY;
    for bucket in buckets {
        if bucket.1 < highest {
            bucket.1 = highest;
        } else {
            highest = bucket.1;
        }
    }
}

/// The observations a histogram (or a sum of its series) made during a
/// window.
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramDelta {
    /// `(upper_bound, cumulative_count)`, sorted by bound.
    pub buckets: Vec<(f64, f64)>,
    /// Observations made (the growth of `_count`).
    pub count: f64,
    /// Total of the observed values (the growth of `_sum`); `None` when a
    /// series had no `_sum`.
    pub sum: Option<f64>,
}

impl HistogramDelta {
    /// The `q`-quantile of the window's observations, as
    /// [`histogram_quantile`] gives it.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        histogram_quantile(q, &self.buckets)
    }

    /// The mean observed value; `None` without observations or `_sum`.
    pub fn mean(&self) -> Option<f64> {
        let sum = self.sum?;
        (self.count > 0.0).then(|| sum / self.count)
    }

    fn add(&mut self, other: &HistogramDelta) {
        self.buckets.extend_from_slice(&other.buckets);
        self.buckets = coalesced(&self.buckets);
        self.count += other.count;
        self.sum = self.sum.zip(other.sum).map(|(a, b)| a + b);
    }
}

/// One series of a histogram (one label set besides `le`) in one scrape.
#[derive(Debug, Default)]
struct Child {
    /// `(le as written, upper bound, cumulative count)`.
    buckets: Vec<(String, f64, f64)>,
    count: Option<f64>,
    sum: Option<f64>,
}

impl Child {
    fn observations(&self) -> f64 {
        self.count.unwrap_or_else(|| {
            self.buckets
                .iter()
                .find(|(_, bound, _)| *bound == f64::INFINITY)
                .map_or(0.0, |(_, _, count)| *count)
        })
    }

    fn as_delta(&self) -> HistogramDelta {
        HistogramDelta {
            buckets: coalesced(
                &self.buckets.iter().map(|(_, bound, count)| (*bound, *count)).collect::<Vec<_>>(),
            ),
            count: self.observations(),
            sum: self.sum,
        }
    }

    /// Growth since `before`; everything since zero when the series was
    /// reset in between (a count went down, or the buckets changed).
    fn since(&self, before: &Child) -> HistogramDelta {
        let earlier: BTreeMap<&str, f64> =
            before.buckets.iter().map(|(le, _, count)| (le.as_str(), *count)).collect();
        let earlier_counts: Option<Vec<f64>> =
            self.buckets.iter().map(|(le, _, _)| earlier.get(le.as_str()).copied()).collect();
        let growth =
            earlier_counts.filter(|counts| counts.len() == earlier.len()).and_then(|counts| {
                let grew = self.buckets.iter().zip(&counts).all(|((_, _, now), then)| now >= then)
                    && self.observations() >= before.observations();
                grew.then_some(counts)
            });
        let Some(earlier_counts) = growth else { return self.as_delta() };
        HistogramDelta {
            buckets: coalesced(
                &self
                    .buckets
                    .iter()
                    .zip(earlier_counts)
                    .map(|((_, bound, now), then)| (*bound, now - then))
                    .collect::<Vec<_>>(),
            ),
            count: self.observations() - before.observations(),
            sum: self.sum.zip(before.sum).map(|(now, then)| now - then),
        }
    }
}

/// The series of `selector`'s family in one sample, by label set (less
/// `le`).
fn children<'a>(
    sample: &'a MetricsSample,
    selector: &HistogramSelector<'_>,
) -> BTreeMap<Vec<(&'a str, &'a str)>, Child> {
    let mut children: BTreeMap<Vec<(&str, &str)>, Child> = BTreeMap::new();
    for series in &sample.series {
        let Some(suffix) = series.name().strip_prefix(selector.family) else { continue };
        if !matches!(suffix, "_bucket" | "_count" | "_sum")
            || !selector.matches(|name| series.label(name))
        {
            continue;
        }
        let child = children.entry(identity(series)).or_default();
        match suffix {
            "_bucket" => {
                let Some(le) = series.label("le") else { continue };
                let Ok(bound) = le.parse::<f64>() else { continue };
                child.buckets.push((le.to_owned(), bound, series.value));
            }
            "_count" => child.count = Some(series.value),
            _ => child.sum = Some(series.value),
        }
    }
    children.retain(|_, child| !child.buckets.is_empty());
    children
}

/// A series' labels without `le`: which child of the histogram it is.
fn identity(series: &Series) -> Vec<(&str, &str)> {
    series.labels().iter().filter(|(name, _)| *name != "le").collect()
}

/// The observations of the series `selector` picks, made between the two
/// samples of `window`, added up across series; by the values of the `by`
/// labels (a missing label counts as empty), as PromQL's
/// `sum by (le, <by>) (increase(...))` would group them.
///
/// A series absent from the first sample, or reset in between (its count
/// went down or its buckets changed), counts from zero, as every series
/// does in a window counted from the service's start. Empty when the
/// window spans nothing (one sample counted between scrapes) or no series
/// matches.
pub fn histogram_deltas_by(
    window: &MetricsWindow,
    selector: &HistogramSelector<'_>,
    by: &[&str],
) -> BTreeMap<Vec<String>, HistogramDelta> {
    let mut groups: BTreeMap<Vec<String>, HistogramDelta> = BTreeMap::new();
    let Some((opening, second)) = window.counted_between() else { return groups };
    let before = opening.map(|opening| children(opening, selector)).unwrap_or_default();
    for (labels, child) in children(second, selector) {
        let delta = match before.get(&labels) {
            Some(earlier) => child.since(earlier),
            None => child.as_delta(),
        };
        let key = by
            .iter()
            .map(|name| {
                labels.iter().find(|(label, _)| label == name).map_or("", |(_, v)| v).to_owned()
            })
            .collect();
        match groups.get_mut(&key) {
            Some(group) => group.add(&delta),
            None => {
                groups.insert(key, delta);
            }
        }
    }
    groups
}

/// Every observation the series `selector` picks hold in the latest sample
/// of `window`, since each series started, added up; `None` when no series
/// matches.
pub fn histogram_totals(
    window: &MetricsWindow,
    selector: &HistogramSelector<'_>,
) -> Option<HistogramDelta> {
    children(window.latest(), selector).into_values().map(|child| child.as_delta()).reduce(
        |mut total, delta| {
            total.add(&delta);
            total
        },
    )
}

/// The observations of every series `selector` picks, made between the
/// two samples of `window`, added up; `None` when the window has one
/// sample or no series matches. See [`histogram_deltas_by`].
pub fn histogram_delta(
    window: &MetricsWindow,
    selector: &HistogramSelector<'_>,
) -> Option<HistogramDelta> {
    histogram_deltas_by(window, selector, &[]).into_values().next()
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a quantile");
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    /// Buckets 0.1, 0.2, 0.5, 1, +Inf holding 10, 30, 40, 15 and 5
    /// observations (100 in all).
    const SPREAD: &[(f64, f64)] =
        &[(0.1, 10.0), (0.2, 40.0), (0.5, 80.0), (1.0, 95.0), (f64::INFINITY, 100.0)];

    #[test]
    fn interpolates_linearly_within_the_bucket() {
        // Rank 50 is the 10th of the 40 observations in (0.2, 0.5].
        close(histogram_quantile(0.5, SPREAD), 0.2 + 0.3 * 10.0 / 40.0);
        // Rank 90 is the 10th of the 15 in (0.5, 1].
        close(histogram_quantile(0.9, SPREAD), 0.5 + 0.5 * 10.0 / 15.0);
        // Rank 40 is exactly the top of (0.1, 0.2].
        close(histogram_quantile(0.4, SPREAD), 0.2);
    }

    #[test]
    fn the_lowest_bucket_starts_at_zero() {
        // Rank 5 is the 5th of 10 observations in [0, 0.1].
        close(histogram_quantile(0.05, SPREAD), 0.05);
        close(histogram_quantile(0.0, SPREAD), 0.0);
    }

    #[test]
    fn a_lowest_bound_at_or_below_zero_is_returned_as_is() {
        let buckets = [(-1.0, 10.0), (0.0, 20.0), (1.0, 30.0), (f64::INFINITY, 30.0)];
        close(histogram_quantile(0.2, &buckets), -1.0);
        // Within (-1, 0]: rank 15 is the 5th of 10.
        close(histogram_quantile(0.5, &buckets), -0.5);
    }

    #[test]
    fn the_inf_bucket_answers_the_highest_finite_bound() {
        // Ranks above 95 fall in (1, +Inf].
        close(histogram_quantile(0.99, SPREAD), 1.0);
        close(histogram_quantile(1.0, SPREAD), 1.0);
        let all_slow = [(0.1, 0.0), (1.0, 0.0), (f64::INFINITY, 7.0)];
        close(histogram_quantile(0.5, &all_slow), 1.0);
    }

    #[test]
    fn no_observations_or_no_inf_bucket_is_no_answer() {
        let empty = [(0.1, 0.0), (1.0, 0.0), (f64::INFINITY, 0.0)];
        assert_eq!(histogram_quantile(0.5, &empty), None);
        assert_eq!(histogram_quantile(0.5, &[(0.1, 3.0), (1.0, 5.0)]), None);
        assert_eq!(histogram_quantile(0.5, &[(f64::INFINITY, 5.0)]), None);
        assert_eq!(histogram_quantile(0.5, &[]), None);
        assert_eq!(histogram_quantile(f64::NAN, SPREAD), None);
        // Prometheus divides 0 by 0 here: rank 0 in an empty lowest bucket.
        assert_eq!(histogram_quantile(0.0, &[(0.1, 0.0), (f64::INFINITY, 4.0)]), None);
    }

    #[test]
    fn out_of_range_quantiles_are_infinite() {
        assert_eq!(histogram_quantile(-0.1, SPREAD), Some(f64::NEG_INFINITY));
        assert_eq!(histogram_quantile(1.1, SPREAD), Some(f64::INFINITY));
    }

    #[test]
    fn buckets_are_sorted_coalesced_and_made_monotonic() {
        let shuffled: Vec<(f64, f64)> = SPREAD.iter().rev().copied().collect();
        assert_eq!(histogram_quantile(0.5, &shuffled), histogram_quantile(0.5, SPREAD));
        // Two series with the same bounds add up: twice every count.
        let doubled: Vec<(f64, f64)> = SPREAD.iter().chain(SPREAD).copied().collect();
        close(histogram_quantile(0.5, &doubled), 0.2 + 0.3 * 10.0 / 40.0);
        // A dip is raised to the count before it: (0.5, 30) reads as 40,
        // so rank 50 falls in (0.5, 1] as the 10th of 55.
        let dip = [(0.1, 10.0), (0.2, 40.0), (0.5, 30.0), (1.0, 95.0), (f64::INFINITY, 100.0)];
        close(histogram_quantile(0.5, &dip), 0.5 + 0.5 * 10.0 / 55.0);
    }

    #[test]
    fn float_noise_between_counts_is_ignored() {
        // 40 + 1e-14 is 40 as far as Prometheus is concerned: rank 40 is
        // then the top of the second bucket, not a sliver into the third.
        let noisy = [(0.1, 10.0), (0.2, 40.0), (0.5, 40.0 + 1e-14), (f64::INFINITY, 80.0)];
        close(histogram_quantile(0.5, &noisy), 0.2);
    }

    /// One series of the histogram `h`: labels, the cumulative counts of
    /// the buckets 0.1, 1 and +Inf, and the sum.
    type ChildSpec<'a> = (&'a [(&'a str, &'a str)], [f64; 3], f64);

    /// A sample of the histogram `h`.
    fn sample(at: i64, children: &[ChildSpec<'_>]) -> MetricsSample {
        let mut series = Vec::new();
        for (labels, counts, sum) in children {
            let labels = labels.iter().copied();
            for (le, count) in ["0.1", "1", "+Inf"].iter().zip(counts) {
                let with_le = labels.clone().chain([("le", *le)]);
                series.push(Series::new("h_bucket", with_le, *count));
            }
            series.push(Series::new("h_count", labels.clone(), counts[2]));
            series.push(Series::new("h_sum", labels, *sum));
        }
        MetricsSample { scraped_at: DateTime::from_timestamp(at, 0).unwrap(), series }
    }

    fn window(first: MetricsSample, second: MetricsSample) -> MetricsWindow {
        MetricsWindow::between("x".into(), first, Some(second))
    }

    const L1: &[(&str, &str)] = &[("op", "get"), ("source", "l1")];
    const L2: &[(&str, &str)] = &[("op", "get"), ("source", "l2")];
    const PUT: &[(&str, &str)] = &[("op", "put"), ("source", "storage")];

    #[test]
    fn deltas_add_up_the_series_a_set_filter_picks() {
        let window = window(
            sample(
                0,
                &[(L1, [5.0, 6.0, 6.0], 0.3), (L2, [0.0, 1.0, 1.0], 0.5), (PUT, [0.0; 3], 0.0)],
            ),
            sample(
                10,
                &[
                    (L1, [15.0, 16.0, 16.0], 0.8),
                    (L2, [2.0, 9.0, 11.0], 9.5),
                    (PUT, [1.0; 3], 0.05),
                ],
            ),
        );
        let cached =
            HistogramSelector { family: "h", filter: &[("op", "get"), ("source", "l1|l2")] };
        let delta = histogram_delta(&window, &cached).unwrap();
        // L1 grew by 10, 10, 10 and L2 by 2, 8, 10.
        assert_eq!(delta.buckets, vec![(0.1, 12.0), (1.0, 18.0), (f64::INFINITY, 20.0)]);
        assert_eq!(delta.count, 20.0);
        close(delta.sum, 0.5 + 9.0);
        close(delta.mean(), 9.5 / 20.0);
        // Rank 10 of 20: the 10th of 12 in [0, 0.1].
        close(delta.quantile(0.5), 0.1 * 10.0 / 12.0);
        assert_eq!(cached.to_string(), r#"h{op="get",source=~"l1|l2"}"#);
        let missing = HistogramSelector { family: "h", filter: &[("source", "l3")] };
        assert_eq!(histogram_delta(&window, &missing), None);
    }

    #[test]
    fn a_reset_series_counts_from_zero() {
        let window = window(
            sample(0, &[(L1, [50.0, 60.0, 60.0], 3.0), (L2, [1.0, 1.0, 1.0], 0.05)]),
            // L1 restarted and has seen 4 observations since; L2 grew by 2;
            // PUT appeared during the window.
            sample(
                10,
                &[
                    (L1, [3.0, 4.0, 4.0], 0.4),
                    (L2, [3.0, 3.0, 3.0], 0.15),
                    (PUT, [0.0, 1.0, 1.0], 0.5),
                ],
            ),
        );
        let all = HistogramSelector { family: "h", filter: &[] };
        let delta = histogram_delta(&window, &all).unwrap();
        assert_eq!(delta.buckets, vec![(0.1, 5.0), (1.0, 7.0), (f64::INFINITY, 7.0)]);
        assert_eq!(delta.count, 7.0);
        close(delta.sum, 0.4 + 0.1 + 0.5);
    }

    #[test]
    fn a_changed_bucket_layout_is_a_reset() {
        let first = sample(0, &[(L1, [2.0, 3.0, 3.0], 0.5)]);
        let mut second = sample(10, &[(L1, [4.0, 5.0, 5.0], 0.9)]);
        for series in &mut second.series {
            if series.label("le") == Some("1") {
                let others = series.labels().iter().filter(|(name, _)| *name != "le");
                *series = Series::new(series.name(), others.chain([("le", "2")]), series.value);
            }
        }
        let all = HistogramSelector { family: "h", filter: &[] };
        let delta = histogram_delta(&window(first, second), &all).unwrap();
        assert_eq!(delta.buckets, vec![(0.1, 4.0), (2.0, 5.0), (f64::INFINITY, 5.0)]);
    }

    #[test]
    fn deltas_group_by_labels() {
        let window = window(
            sample(0, &[(L1, [1.0, 1.0, 1.0], 0.01), (PUT, [0.0; 3], 0.0)]),
            sample(5, &[(L1, [3.0, 3.0, 3.0], 0.03), (PUT, [0.0, 2.0, 2.0], 1.0)]),
        );
        let all = HistogramSelector { family: "h", filter: &[] };
        let groups = histogram_deltas_by(&window, &all, &["op", "source"]);
        let keys: Vec<&Vec<String>> = groups.keys().collect();
        assert_eq!(
            keys,
            [&vec!["get".to_owned(), "l1".into()], &vec!["put".into(), "storage".into()]]
        );
        close(groups[&vec!["put".to_owned(), "storage".into()]].mean(), 0.5);
        close(groups[&vec!["get".to_owned(), "l1".into()]].mean(), 0.01);
    }

    #[test]
    fn one_sample_has_no_deltas() {
        let only =
            MetricsWindow::between("x".into(), sample(0, &[(L1, [1.0, 1.0, 1.0], 0.01)]), None);
        assert_eq!(histogram_delta(&only, &HistogramSelector { family: "h", filter: &[] }), None);
    }

    #[test]
    fn other_families_with_the_same_prefix_are_not_mixed_in() {
        let mut first = sample(0, &[(L1, [1.0, 1.0, 1.0], 0.01)]);
        let mut second = sample(5, &[(L1, [3.0, 3.0, 3.0], 0.03)]);
        for sample in [&mut first, &mut second] {
            let extra: Vec<Series> = sample
                .series
                .iter()
                .map(|s| {
                    Series::new(&s.name().replacen("h_", "h_other_", 1), s.labels().iter(), s.value)
                })
                .collect();
            sample.series.extend(extra);
        }
        let delta = histogram_delta(
            &window(first, second),
            &HistogramSelector { family: "h", filter: &[] },
        )
        .unwrap();
        assert_eq!(delta.count, 2.0);
    }
}
