//! A memory trend: the service's resident size sampled over `--duration`,
//! from its own `process_resident_memory_bytes`, so it works for every
//! runtime and from another host. Shows a progress bar on a terminal.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use url::Url;

use crate::evidence::{Outcome, SourceError};

/// Samples over the run; the first is at 0 s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RssTrend {
    pub url: String,
    pub interval_seconds: f64,
    /// (seconds since the first sample, resident bytes).
    pub samples: Vec<(f64, f64)>,
}

/// How many samples a trend aims for; the runbook samples every 5 s over 5 min.
const TARGET_SAMPLES: u32 = 60;

/// The sampling interval for a duration: duration / 60, at least 1 s.
pub fn interval_for(duration: Duration) -> Duration {
    (duration / TARGET_SAMPLES).max(Duration::from_secs(1))
}

/// Scrapes `url` every interval for `duration`; a failed scrape is skipped,
/// and the trend fails only when fewer than three samples arrived.
pub async fn sample(client: &reqwest::Client, url: &Url, duration: Duration) -> Outcome<RssTrend> {
    let interval = interval_for(duration);
    let steps = (duration.as_secs_f64() / interval.as_secs_f64()).round().max(2.0) as u64;
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(steps + 1);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "memory trend {bar:30} {pos}/{len} samples, {elapsed} of {msg}",
            )
            .expect("a valid template"),
        );
        bar.set_message(humantime::format_duration(duration).to_string());
        bar
    });
    let started = Instant::now();
    let mut samples = Vec::new();
    let mut last_error = None;
    for step in 0..=steps {
        tokio::time::sleep_until((started + interval * step as u32).into()).await;
        match super::metrics::scrape(client, url).await {
            Ok(scrape) => match scrape.sum("process_resident_memory_bytes", &[]) {
                Some(bytes) => samples.push((started.elapsed().as_secs_f64(), bytes)),
                None => {
                    last_error =
                        Some("the service exports no process_resident_memory_bytes".to_owned())
                }
            },
            Err(error) => last_error = Some(error.to_string()),
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if samples.len() < 3 {
        return Err(SourceError::Failed(format!(
            "only {} of {} samples arrived{}",
            samples.len(),
            steps + 1,
            last_error.map(|e| format!(" (last error: {e})")).unwrap_or_default()
        )));
    }
    Ok(RssTrend { url: crate::redact::url(url), interval_seconds: interval.as_secs_f64(), samples })
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

    #[test]
    fn intervals_follow_the_runbook() {
        assert_eq!(interval_for(Duration::from_secs(300)), Duration::from_secs(5));
        assert_eq!(interval_for(Duration::from_secs(10)), Duration::from_secs(1));
    }
}
