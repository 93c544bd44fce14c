//! Trends of sampled values: the least-squares slope, and the request
//! rate of the last minute against that of the last five.

use crate::catalogue::Query;
use crate::evidence::Evidence;

/// (last minute, last five minutes) request rates, per second, as
/// Prometheus answered them; `None` without both answers.
pub fn request_rates(evidence: &Evidence) -> Option<(f64, f64)> {
    let prometheus = evidence.prometheus.as_ref()?.as_ref().ok()?;
    let value = |query| prometheus.answer(query)?.as_ref().ok()?.single_value();
    Some((value(Query::HttpRequestRateLastMinute)?, value(Query::HttpRequestRate)?))
}

/// Least-squares slope of the samples, in bytes per second.
pub fn slope(samples: &[(f64, f64)]) -> Option<f64> {
    let n = samples.len() as f64;
    if n < 2.0 {
        return None;
    }
    let mean_t = samples.iter().map(|(t, _)| t).sum::<f64>() / n;
    let mean_v = samples.iter().map(|(_, v)| v).sum::<f64>() / n;
    let covariance: f64 = samples.iter().map(|(t, v)| (t - mean_t) * (v - mean_v)).sum();
    let variance: f64 = samples.iter().map(|(t, _)| (t - mean_t).powi(2)).sum();
    (variance > 0.0).then(|| covariance / variance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_of_a_line_and_of_noise() {
        let line: Vec<(f64, f64)> = (0..10).map(|t| (t as f64, 100.0 + 3.0 * t as f64)).collect();
        assert!((slope(&line).unwrap() - 3.0).abs() < 1e-9);
        let flat = [(0.0, 5.0), (1.0, 6.0), (2.0, 5.0), (3.0, 6.0)];
        assert!(slope(&flat).unwrap().abs() < 0.5);
        assert_eq!(slope(&[(0.0, 1.0)]), None);
        assert_eq!(slope(&[(1.0, 1.0), (1.0, 2.0)]), None);
    }
}
