//! A memory trend: the service's resident size sampled over `--duration`,
//! from its own `process_resident_memory_bytes`, so it works for every
//! runtime and from another host, with the L1 cache's own estimate of its
//! size from the same scrape. Reports each sample taken through the
//! caller's [`Progress`] callback.

use std::time::{Duration, Instant};

use url::Url;

use super::Progress;
use contract::metrics::{Component, MEMORY_USAGE, PROCESS_RESIDENT_MEMORY, label};
use diagnosis::evidence::trend::RssTrend;
use diagnosis::evidence::{Outcome, SourceError};

/// How many samples a trend aims for; the runbook samples every 5 s over 5 min.
const TARGET_SAMPLES: u32 = 60;

/// The sampling interval for a duration: duration / 60, at least 1 s.
pub fn interval_for(duration: Duration) -> Duration {
    (duration / TARGET_SAMPLES).max(Duration::from_secs(1))
}

/// Scrapes `url` every interval for `duration`; a failed scrape is skipped,
/// and the trend fails only when fewer than three samples arrived.
pub async fn sample(
    client: &reqwest::Client,
    url: &Url,
    duration: Duration,
    progress: &(dyn Fn(Progress) + Sync),
) -> Outcome<RssTrend> {
    let interval = interval_for(duration);
    let steps = (duration.as_secs_f64() / interval.as_secs_f64()).round().max(2.0) as u64;
    let started = Instant::now();
    let mut samples = Vec::new();
    let mut l1_samples = Vec::new();
    let l1_component = [(label::COMPONENT, Component::L1Cache.label())];
    let mut last_error = None;
    for step in 0..=steps {
        tokio::time::sleep_until((started + interval * step as u32).into()).await;
        match super::metrics::scrape(client, url).await {
            Ok(scrape) => match scrape.sum(PROCESS_RESIDENT_MEMORY, &[]) {
                Some(bytes) => {
                    let seconds = started.elapsed().as_secs_f64();
                    samples.push((seconds, bytes));
                    if let Some(l1_bytes) = scrape.sum(MEMORY_USAGE.name, &l1_component) {
                        l1_samples.push((seconds, l1_bytes));
                    }
                }
                None => {
                    last_error = Some(format!("the service exports no {PROCESS_RESIDENT_MEMORY}"))
                }
            },
            Err(error) => last_error = Some(error.to_string()),
        }
        progress(Progress::TrendSample { taken: step + 1, planned: steps + 1, duration });
    }
    if samples.len() < 3 {
        return Err(SourceError::Failed(format!(
            "only {} of {} samples arrived{}",
            samples.len(),
            steps + 1,
            last_error.map(|e| format!(" (last error: {e})")).unwrap_or_default()
        )));
    }
    Ok(RssTrend {
        url: diagnosis::redact::url(url),
        interval_seconds: interval.as_secs_f64(),
        samples,
        l1_samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_follow_the_runbook() {
        assert_eq!(interval_for(Duration::from_secs(300)), Duration::from_secs(5));
        assert_eq!(interval_for(Duration::from_secs(10)), Duration::from_secs(1));
    }
}
