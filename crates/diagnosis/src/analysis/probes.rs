//! Summaries of repeated probe timings (TCP connects, Redis PINGs): the
//! median a check judges, with the count and spread beside it.
//!
//! A round trip probed a few times is judged by its median. One scheduler
//! hiccup among ten connects moves the maximum and drags the mean; it does
//! not move the median. Below [`MIN_PROBES`] answered probes there is no
//! median worth judging. Pure arithmetic; imports nothing of the crate.

/// The median of `values` (the mean of the middle two of an even count);
/// `None` when there is none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    median_of_sorted(&sorted)
}

fn median_of_sorted(sorted: &[f64]) -> Option<f64> {
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[middle]),
        _ => Some((sorted[middle - 1] + sorted[middle]) / 2.0),
    }
}

/// Answered probes below which a round trip is not judged.
pub const MIN_PROBES: usize = 5;

/// The timings of the probes that got an answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProbeSummary {
    pub count: usize,
    pub min_ms: f64,
    pub median_ms: f64,
    pub max_ms: f64,
}

impl ProbeSummary {
    /// The summary of `times_ms`; `None` when there is none.
    pub fn of(times_ms: &[f64]) -> Option<ProbeSummary> {
        let mut sorted = times_ms.to_vec();
        sorted.sort_by(f64::total_cmp);
        let count = sorted.len();
        let (&min_ms, &max_ms) = (sorted.first()?, sorted.last()?);
        Some(ProbeSummary { count, min_ms, median_ms: median_of_sorted(&sorted)?, max_ms })
    }

    /// Whether there are enough probes to judge the median.
    pub fn is_enough(&self) -> bool {
        self.count >= MIN_PROBES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_slow_probe_does_not_move_the_median() {
        // The loopback run that motivated this: nine connects near 0.3 ms
        // and one at 9.04 ms. Sorted, the 5th and 6th are 0.3 and 0.31.
        let times = [0.3, 0.29, 9.04, 0.31, 0.3, 0.32, 0.28, 0.3, 0.33, 0.31];
        let summary = ProbeSummary::of(&times).unwrap();
        assert_eq!(summary.count, 10);
        assert_eq!((summary.min_ms, summary.max_ms), (0.28, 9.04));
        assert!((summary.median_ms - 0.305).abs() < 1e-9, "{summary:?}");
        assert!(summary.is_enough());
    }

    #[test]
    fn odd_counts_take_the_middle_and_few_probes_are_not_enough() {
        let summary = ProbeSummary::of(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!(summary.median_ms, 2.0);
        assert!(!summary.is_enough(), "3 probes are under {MIN_PROBES}");
        assert_eq!(ProbeSummary::of(&[]), None);
    }
}
