//! Scrapes of the service's `/metrics`: two, one sampling window apart, so
//! checks can use rates over the window as well as totals.

use std::time::Instant;

use chrono::Utc;
use url::Url;

use crate::evidence::{MetricsSample, MetricsWindow, Outcome, Series, SourceError};
use crate::exposition::{Exposition, Format};

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
            crate::redact::url(url)
        )));
    }
    let format = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map_or(Format::Text, Format::from_content_type);
    let text = response.text().await.map_err(|e| super::http::source_error(url, &e))?;
    let exposition = Exposition::parse_as(&text, format).map_err(|e| {
        SourceError::Failed(format!("{} is not a metrics exposition: {e}", crate::redact::url(url)))
    })?;
    Ok(MetricsSample { scraped_at: Utc::now(), series: owned_series(&exposition) })
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
pub async fn scrape_window(
    client: &reqwest::Client,
    url: &Url,
    window: std::time::Duration,
    deadline: Instant,
    gate: Option<&tokio::sync::Semaphore>,
) -> Outcome<MetricsWindow> {
    let (first, second_at) = super::http::gated(gate, async {
        let second_at = Instant::now() + window;
        (scrape(client, url).await, second_at)
    })
    .await;
    let first = first?;
    let second = if second_at < deadline {
        tokio::time::sleep_until(second_at.into()).await;
        tokio::time::timeout_at(deadline.into(), super::http::gated(gate, scrape(client, url)))
            .await
            .ok()
            .and_then(Result::ok)
    } else {
        None
    };
    Ok(MetricsWindow { url: crate::redact::url(url), first, second })
}
