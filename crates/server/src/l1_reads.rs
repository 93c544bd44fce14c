//! L1 lookups, each timed and counted once.
//!
//! A hit's duration is at once its lookup's
//! (`cache_operation_duration_seconds{tier="l1"}`) and its whole read's
//! (`config_operation_duration_seconds{operation="get",source="l1"}`), and
//! the number of hits and misses (`cache_hits_total`, `cache_misses_total`
//! for L1) is the number of those lookups. So [`L1Reads`] keeps one
//! histogram of hits and one of misses over the union of the two families'
//! bucket bounds, and puts the four series together when scraped. A hit
//! pays for two atomic additions, where two of the prometheus crate's
//! histograms and a counter cost seven atomic operations and a
//! compare-and-swap loop: on the read path that answers most requests, the
//! difference is a tenth of its cost. The prometheus crate's `Histogram`
//! cannot be shared this way, since its bounds are those of one family.
//!
//! The collector describes no families of its own: the registry merges the
//! series it collects into the families of the same names, whose other
//! tiers and sources the vectors in [`super::metrics`] keep.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use prometheus::core::{Collector, Desc};
use prometheus::proto::{self, MetricFamily, MetricType};

use contract::metrics::{self as families, ConfigOperation, Family, ReadSource, Tier};

/// Observations of one outcome: counts per bucket (not cumulative) and
/// the sum of their durations.
struct Observations {
    /// One per bound, and one for durations past the last bound.
    buckets: Box<[AtomicU64]>,
    sum_nanos: AtomicU64,
}

impl Observations {
    fn new(bounds: usize) -> Self {
        Observations {
            buckets: (0..=bounds).map(|_| AtomicU64::new(0)).collect(),
            sum_nanos: AtomicU64::new(0),
        }
    }

    fn observe(&self, bucket: usize, nanos: u64) {
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            buckets: self.buckets.iter().map(|b| b.load(Ordering::Relaxed)).collect(),
            sum_nanos: self.sum_nanos.load(Ordering::Relaxed),
        }
    }
}

/// What one scrape reads of an [`Observations`].
struct Snapshot {
    buckets: Vec<u64>,
    sum_nanos: u64,
}

impl Snapshot {
    fn count(&self) -> u64 {
        self.buckets.iter().sum()
    }

    fn add(&self, other: &Snapshot) -> Snapshot {
        Snapshot {
            buckets: self.buckets.iter().zip(&other.buckets).map(|(a, b)| a + b).collect(),
            sum_nanos: self.sum_nanos + other.sum_nanos,
        }
    }
}

/// L1 hits and misses with their durations; see the module doc.
pub struct L1Reads {
    /// The union of both families' bounds, ascending, in nanoseconds.
    bounds_nanos: Box<[u64]>,
    hits: Observations,
    misses: Observations,
}

impl L1Reads {
    pub fn new() -> Self {
        let mut bounds: Vec<u64> =
            [families::CACHE_OPERATION_DURATION, families::CONFIG_OPERATION_DURATION]
                .iter()
                .flat_map(|family| family.buckets.iter().map(|&seconds| to_nanos(seconds)))
                .collect();
        bounds.sort_unstable();
        bounds.dedup();
        L1Reads {
            hits: Observations::new(bounds.len()),
            misses: Observations::new(bounds.len()),
            bounds_nanos: bounds.into_boxed_slice(),
        }
    }

    /// A lookup that found the key, `took` from the read's start.
    pub fn hit(&self, took: Duration) {
        self.observe(&self.hits, took);
    }

    /// A lookup that did not.
    pub fn miss(&self, took: Duration) {
        self.observe(&self.misses, took);
    }

    /// Counts `took` in the first bucket whose bound it does not exceed.
    fn observe(&self, outcome: &Observations, took: Duration) {
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        outcome.observe(self.bounds_nanos.partition_point(|&bound| bound < nanos), nanos);
    }

    /// `snapshot` as a histogram of `family`, whose bounds are among ours.
    fn histogram(&self, family: Family, snapshot: &Snapshot) -> proto::Histogram {
        let mut cumulative = 0;
        let mut counts = self.bounds_nanos.iter().zip(&snapshot.buckets).map(|(&bound, &count)| {
            cumulative += count;
            (bound, cumulative)
        });
        let buckets = family
            .buckets
            .iter()
            .map(|&seconds| {
                let bound = to_nanos(seconds);
                let below = counts.find(|&(ours, _)| ours == bound).map_or(0, |(_, n)| n);
                let mut bucket = proto::Bucket::default();
                bucket.set_upper_bound(seconds);
                bucket.set_cumulative_count(below);
                bucket
            })
            .collect();
        let mut histogram = proto::Histogram::default();
        histogram.set_sample_count(snapshot.count());
        histogram.set_sample_sum(snapshot.sum_nanos as f64 / 1e9);
        histogram.set_bucket(buckets);
        histogram
    }
}

impl Default for L1Reads {
    fn default() -> Self {
        Self::new()
    }
}

fn to_nanos(seconds: f64) -> u64 {
    (seconds * 1e9).round() as u64
}

/// One series of `family` with the given label values, in the family's
/// label order.
fn series(family: Family, values: &[&str], set: impl FnOnce(&mut proto::Metric)) -> MetricFamily {
    let mut labels: Vec<(&str, &str)> =
        family.labels.iter().copied().zip(values.iter().copied()).collect();
    // The prometheus crate's vectors write label pairs sorted by name.
    labels.sort_by_key(|&(name, _)| name);
    let mut metric = proto::Metric::default();
    metric.set_label(
        labels
            .into_iter()
            .map(|(name, value)| {
                let mut pair = proto::LabelPair::default();
                pair.set_name(name.to_owned());
                pair.set_value(value.to_owned());
                pair
            })
            .collect(),
    );
    set(&mut metric);
    let mut metrics = MetricFamily::default();
    metrics.set_name(family.name.to_owned());
    metrics.set_help(family.help.to_owned());
    metrics.set_field_type(match family.kind {
        families::Kind::Counter => MetricType::COUNTER,
        families::Kind::Gauge => MetricType::GAUGE,
        families::Kind::Histogram => MetricType::HISTOGRAM,
    });
    metrics.set_metric(vec![metric]);
    metrics
}

fn counter(family: Family, values: &[&str], value: u64) -> MetricFamily {
    series(family, values, |metric| {
        let mut counter = proto::Counter::default();
        counter.set_value(value as f64);
        metric.set_counter(counter);
    })
}

impl Collector for L1Reads {
    fn desc(&self) -> Vec<&Desc> {
        Vec::new()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let hits = self.hits.snapshot();
        let misses = self.misses.snapshot();
        let lookups = hits.add(&misses);
        let tier = [Tier::L1.label()];
        let read = [ConfigOperation::Get.label(), ReadSource::L1.label()];
        vec![
            counter(families::CACHE_HITS, &tier, hits.count()),
            counter(families::CACHE_MISSES, &tier, misses.count()),
            series(families::CACHE_OPERATION_DURATION, &tier, |metric| {
                metric.set_histogram(self.histogram(families::CACHE_OPERATION_DURATION, &lookups));
            }),
            series(families::CONFIG_OPERATION_DURATION, &read, |metric| {
                metric.set_histogram(self.histogram(families::CONFIG_OPERATION_DURATION, &hits));
            }),
        ]
    }
}

#[cfg(test)]
mod tests {
    use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry};

    use super::*;

    fn histogram_vec(family: Family) -> HistogramVec {
        let opts = HistogramOpts::new(family.name, family.help).buckets(family.buckets.to_vec());
        HistogramVec::new(opts, family.labels).unwrap()
    }

    fn counter_vec(family: Family) -> IntCounterVec {
        IntCounterVec::new(Opts::new(family.name, family.help), family.labels).unwrap()
    }

    /// The families as the prometheus crate's own vectors would have
    /// exported the same lookups, observed twice per hit.
    fn reference(lookups: &[(bool, Duration)]) -> Vec<MetricFamily> {
        let registry = Registry::new();
        let (hits, misses) =
            (counter_vec(families::CACHE_HITS), counter_vec(families::CACHE_MISSES));
        let lookup = histogram_vec(families::CACHE_OPERATION_DURATION);
        let read = histogram_vec(families::CONFIG_OPERATION_DURATION);
        for collector in [&hits, &misses] {
            registry.register(Box::new(collector.clone())).unwrap();
        }
        for collector in [&lookup, &read] {
            registry.register(Box::new(collector.clone())).unwrap();
        }
        hits.with_label_values(&["l1"]);
        misses.with_label_values(&["l1"]);
        lookup.with_label_values(&["l1"]);
        read.with_label_values(&["get", "l1"]);
        for &(hit, took) in lookups {
            lookup.with_label_values(&["l1"]).observe(took.as_secs_f64());
            if hit {
                hits.with_label_values(&["l1"]).inc();
                read.with_label_values(&["get", "l1"]).observe(took.as_secs_f64());
            } else {
                misses.with_label_values(&["l1"]).inc();
            }
        }
        registry.gather()
    }

    fn ours(lookups: &[(bool, Duration)]) -> Vec<MetricFamily> {
        let registry = Registry::new();
        let reads = L1Reads::new();
        for &(hit, took) in lookups {
            if hit { reads.hit(took) } else { reads.miss(took) }
        }
        registry.register(Box::new(reads)).unwrap();
        registry.gather()
    }

    /// Sums differ in their last bits (nanoseconds added as integers
    /// against seconds as floats); everything else must be equal.
    fn assert_same(ours: &[MetricFamily], reference: &[MetricFamily]) {
        let text = |families: &[MetricFamily]| {
            let mut families = families.to_vec();
            for family in &mut families {
                for metric in family.mut_metric() {
                    let mut histogram = metric.get_histogram().clone();
                    histogram.set_sample_sum((histogram.get_sample_sum() * 1e6).round() / 1e6);
                    metric.set_histogram(histogram);
                }
            }
            let mut buffer = Vec::new();
            prometheus::TextEncoder::new().encode(&families, &mut buffer).unwrap();
            String::from_utf8(buffer).unwrap()
        };
        assert_eq!(text(ours), text(reference));
    }

    #[test]
    fn exports_what_separate_histograms_and_counters_would() {
        let micros = Duration::from_micros;
        let lookups = [
            (true, Duration::from_nanos(180)),
            (true, Duration::from_nanos(250)),
            (true, Duration::from_nanos(251)),
            (false, micros(3)),
            (true, micros(50)),
            (false, micros(120)),
            (true, Duration::from_millis(3)),
            (false, Duration::from_secs(30)),
            (true, Duration::from_secs(12)),
        ];
        assert_same(&ours(&lookups), &reference(&lookups));
    }

    #[test]
    fn exports_zero_series_before_any_lookup() {
        assert_same(&ours(&[]), &reference(&[]));
    }

    #[test]
    fn bounds_cover_both_families() {
        let reads = L1Reads::new();
        for family in [families::CACHE_OPERATION_DURATION, families::CONFIG_OPERATION_DURATION] {
            for &bound in family.buckets {
                assert!(reads.bounds_nanos.contains(&to_nanos(bound)), "{bound}");
            }
        }
        assert!(reads.bounds_nanos.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
