//! Scrapes of the service's `/metrics`: two, one sampling window apart, so
//! checks can use rates over the window as well as totals.

use std::time::Instant;

use chrono::Utc;
use url::Url;

use super::kept::{Shelf, wait_for_window};
use contract::metrics::PROCESS_START_TIME;
use diagnosis::evidence::{MetricsSample, MetricsWindow, Outcome, Series, SourceError};
use diagnosis::exposition::{Exposition, Format};

/// What a scrape asks for: OpenMetrics first, then the classic text format.
const ACCEPT: &str =
    "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/// One scrape, parsed into owned series.
pub async fn scrape(client: &reqwest::Client, url: &Url) -> Outcome<MetricsSample> {
    let response = client
        .get(url.clone())
        .header(reqwest::header::ACCEPT, ACCEPT)
        .send()
        .await
        .map_err(|e| super::http::source_error(url, &e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(SourceError::Failed(format!(
            "{} answered HTTP {status}",
            diagnosis::redact::url(url)
        )));
    }
    let format = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map_or(Format::Text, Format::from_content_type);
    let body = super::http::read_body(url, response).await?;
    let text = String::from_utf8(body).map_err(|e| {
        SourceError::Failed(format!("{} is not UTF-8 text: {e}", diagnosis::redact::url(url)))
    })?;
    let exposition = Exposition::parse_as(&text, format).map_err(|e| {
        SourceError::Failed(format!(
            "{} is not a metrics exposition: {e}",
            diagnosis::redact::url(url)
        ))
    })?;
    if let Some(reason) = impossible_sample(&exposition) {
        return Err(SourceError::Failed(format!(
            "{} is not evidence: {reason}",
            diagnosis::redact::url(url)
        )));
    }
    Ok(MetricsSample { scraped_at: Utc::now(), series: owned_series(&exposition) })
}

/// The first sample of a family the doctor judges whose value no real
/// service exports: NaN or infinite, or a count below zero. Judging such a
/// scrape would turn nonsense into advice ("L1 0% (-5 of inf lookups)"),
/// so the whole scrape is refused with this reason. Families the doctor
/// does not judge are kept as they are: NaN is a legitimate gauge value.
pub fn impossible_sample(exposition: &Exposition<'_>) -> Option<String> {
    use contract::metrics::{FAMILIES, Kind, PROCESS_CPU_SECONDS};
    use contract::metrics::{PROCESS_RESIDENT_MEMORY, PROCESS_START_TIME};
    let kind_of = |family: &str| {
        FAMILIES.iter().find(|known| known.name == family).map(|known| known.kind).or_else(|| {
            [PROCESS_RESIDENT_MEMORY, PROCESS_CPU_SECONDS, PROCESS_START_TIME]
                .contains(&family)
                .then_some(Kind::Counter)
        })
    };
    exposition.families().iter().find_map(|family| {
        let kind = kind_of(&family.name)?;
        family.samples().find_map(|sample| {
            let what = if sample.value.is_nan() {
                "NaN"
            } else if sample.value.is_infinite() {
                "infinite"
            } else if sample.value < 0.0 && kind != Kind::Gauge {
                "below zero, which it never is"
            } else {
                return None;
            };
            let labels: Vec<String> = sample
                .labels
                .iter()
                .map(|label| format!("{}={:?}", label.name, label.value))
                .collect();
            Some(format!("{}{{{}}} is {what}", sample.name, labels.join(",")))
        })
    })
}

/// Every sample of a parsed exposition as owned evidence series.
pub fn owned_series(exposition: &Exposition<'_>) -> Vec<Series> {
    exposition
        .families()
        .iter()
        .flat_map(|family| family.samples())
        .map(|sample| {
            Series::new(sample.name, sample.labels.iter().map(|l| (l.name, l.value)), sample.value)
        })
        .collect()
}

/// Scrapes now and again after `window`; a second scrape that fails or
/// does not fit before `deadline` leaves the window with one sample. Each
/// scrape waits for `gate`; the window between them does not hold it.
///
/// With a `shelf`, the window starts at the previous run's last scrape of
/// the same URL when one is kept ([`super::kept`]): one scrape now, at
/// least `window` after it, from the same process (the same
/// `process_start_time_seconds`). The newest scrape is kept for the next
/// run.
pub async fn scrape_window(
    client: &reqwest::Client,
    url: &Url,
    window: std::time::Duration,
    deadline: Instant,
    gate: Option<&tokio::sync::Semaphore>,
    shelf: Option<&Shelf<'_>>,
) -> Outcome<MetricsWindow> {
    let identity = diagnosis::redact::url(url);
    let scrape_gated = || super::http::gated(gate, scrape(client, url));
    let kept = shelf
        .and_then(|shelf| shelf.take::<MetricsSample>(&identity))
        .map(|kept| (wait_for_window(kept.at, window), kept))
        .filter(|(wait, _)| Instant::now() + *wait < deadline);
    let (first, second) = match kept {
        Some((wait, kept)) => {
            tokio::time::sleep(wait).await;
            let now = scrape_gated().await?;
            if same_process(&kept.reading, &now) {
                (kept.reading, Some(now))
            } else {
                // The service restarted: this scrape opens a window of its own.
                let second = second_within(now.scraped_at, window, deadline, scrape_gated).await;
                (now, second)
            }
        }
        None => {
            let first = scrape_gated().await?;
            let second = second_within(first.scraped_at, window, deadline, scrape_gated).await;
            (first, second)
        }
    };
    let metrics = MetricsWindow::between(identity, first, second);
    if let Some(shelf) = shelf {
        let latest = metrics.latest();
        shelf.keep(&metrics.url, latest.scraped_at, latest);
    }
    Ok(metrics)
}

/// The scrape `window` after one taken at `first`, when it succeeds
/// before `deadline`.
async fn second_within<F: std::future::Future<Output = Outcome<MetricsSample>>>(
    first: chrono::DateTime<Utc>,
    window: std::time::Duration,
    deadline: Instant,
    scrape: impl FnOnce() -> F,
) -> Option<MetricsSample> {
    let second_at = Instant::now() + wait_for_window(first, window);
    if second_at >= deadline {
        return None;
    }
    tokio::time::sleep_until(second_at.into()).await;
    tokio::time::timeout_at(deadline.into(), scrape()).await.ok().and_then(Result::ok)
}

/// Whether two scrapes are of one run of the service: the same start time,
/// so its counters did not begin again in between. Without the series
/// nothing says so, and they are taken as not.
fn same_process(earlier: &MetricsSample, later: &MetricsSample) -> bool {
    let started = |sample: &MetricsSample| sample.sum(PROCESS_START_TIME, &[]);
    started(earlier).is_some_and(|at| Some(at) == started(later))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started_at(start: Option<f64>) -> MetricsSample {
        let none: [(&str, &str); 0] = [];
        let series = start.map(|at| Series::new(PROCESS_START_TIME, none, at));
        MetricsSample { scraped_at: Utc::now(), series: series.into_iter().collect() }
    }

    #[test]
    fn scrapes_are_of_one_run_only_when_their_start_times_say_so() {
        assert!(same_process(&started_at(Some(1.7e9)), &started_at(Some(1.7e9))));
        assert!(!same_process(&started_at(Some(1.7e9)), &started_at(Some(1.7e9 + 60.0))));
        assert!(!same_process(&started_at(None), &started_at(None)), "nothing says so");
        assert!(!same_process(&started_at(Some(1.7e9)), &started_at(None)));
    }
}
