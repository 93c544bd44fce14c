//! Timed HTTP requests to the service: `/health` and one config read.
//!
//! The TCP connect is timed on a connection of its own (reqwest does not
//! expose its connect phase); the request itself is timed to the response
//! head (first byte) and to the end of the body.

use std::time::Instant;

use url::Url;

use diagnosis::evidence::{HttpProbe, Outcome, SourceError};

/// How far past the run's deadline the client's own timeouts lie: they
/// are a backstop, so the run's deadline decides first and says what it
/// was waiting for.
const BACKSTOP: std::time::Duration = std::time::Duration::from_millis(250);

/// One HTTP client for a run: no connection reuse between probes, so each
/// timing includes what a fresh client pays.
pub fn client(timeout: std::time::Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout + BACKSTOP)
        .connect_timeout(timeout + BACKSTOP)
        .pool_max_idle_per_host(0)
        .user_agent(concat!("llmcfg-doctor/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with static settings builds")
}

/// Runs `request` once `gate` (when there is one) lets it: a fleet bounds
/// the requests it has in flight at once, not the replicas, so that no
/// permit is held through a sampling window.
pub async fn gated<F: std::future::Future>(
    gate: Option<&tokio::sync::Semaphore>,
    request: F,
) -> F::Output {
    // The semaphore is never closed, so acquiring only waits.
    let _permit = match gate {
        Some(gate) => gate.acquire().await.ok(),
        None => None,
    };
    request.await
}

/// Describes a reqwest error in one line, with the cause chain and
/// without the request's URL (the caller names the target; a query string
/// would drown the reason).
pub fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(start) = text.find(" for url (")
        && let Some(end) = text[start..].find(')')
    {
        text.replace_range(start..start + end + 1, "");
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
        source = cause_of(source);
    }
    text
}

fn cause_of<'a>(
    error: Option<&'a (dyn std::error::Error + 'static)>,
) -> Option<&'a (dyn std::error::Error + 'static)> {
    error.and_then(|e| e.source())
}

/// Maps a reqwest error to a source error.
pub fn source_error(url: &Url, error: &reqwest::Error) -> SourceError {
    let what = format!("{}: {}", diagnosis::redact::url(url), describe(error));
    if error.is_timeout() {
        SourceError::TimedOut(what)
    } else if error.is_connect() {
        SourceError::Unavailable(what)
    } else {
        SourceError::Failed(what)
    }
}

/// Most bytes the doctor reads of any HTTP answer it parses. The
/// service's exposition is tens of kilobytes and a Prometheus answer to
/// the doctor's queries smaller still; a body past this is refused before
/// it is read further, so a hostile or broken endpoint cannot make the
/// doctor's memory grow with the time it is given.
pub const MAX_BODY_BYTES: usize = 8 << 20;

/// The body of `response` from `url`, at most [`MAX_BODY_BYTES`]: a
/// declared length past it is refused before reading, a body that grows
/// past it as soon as it does.
pub async fn read_body(url: &Url, mut response: reqwest::Response) -> Outcome<Vec<u8>> {
    let too_large = |what: String| {
        SourceError::Failed(format!(
            "{}: the answer {what} the {} MiB the doctor reads of an answer",
            diagnosis::redact::url(url),
            MAX_BODY_BYTES >> 20
        ))
    };
    let declared = response.content_length().unwrap_or(0);
    if declared > MAX_BODY_BYTES as u64 {
        return Err(too_large(format!("declares {declared} bytes, more than")));
    }
    let mut body = Vec::with_capacity(declared as usize);
    while let Some(chunk) = response.chunk().await.map_err(|e| source_error(url, &e))? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large("runs past".to_owned()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Milliseconds since `started`, to the microsecond.
pub fn millis_since(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1e6).round() / 1e3
}

/// Times a TCP connect to the URL's host and port.
pub async fn connect_time(url: &Url) -> Outcome<f64> {
    let host = url.host_str().ok_or_else(|| SourceError::Failed(format!("{url} has no host")))?;
    let port = url.port_or_known_default().unwrap_or(80);
    let started = Instant::now();
    tokio::net::TcpStream::connect((host.trim_start_matches('[').trim_end_matches(']'), port))
        .await
        .map_err(|e| {
            SourceError::Unavailable(if e.kind() == std::io::ErrorKind::ConnectionRefused {
                format!("connection refused at {}", diagnosis::redact::url(url))
            } else {
                format!("cannot connect to {host}:{port}: {e}")
            })
        })?;
    Ok(millis_since(started))
}

/// GETs `url` and times it.
pub async fn probe(client: &reqwest::Client, url: &Url) -> Outcome<HttpProbe> {
    let connect_ms = connect_time(url).await?;
    let started = Instant::now();
    let response = client.get(url.clone()).send().await.map_err(|e| source_error(url, &e))?;
    let first_byte_ms = millis_since(started);
    let status = response.status().as_u16();
    let cache = response.headers().get("x-cache").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = read_body(url, response).await?;
    let total_ms = millis_since(started);
    Ok(HttpProbe {
        url: diagnosis::redact::url(url),
        status,
        connect_ms,
        first_byte_ms,
        total_ms,
        body: serde_json::from_slice(&body).ok(),
        cache,
    })
}
