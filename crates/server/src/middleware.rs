//! Cross-cutting request handling: one JSON log line and the HTTP metrics
//! per request, and per-client rate limiting with `Retry-After`.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use tracing::Level;

use super::AppState;
use super::api::{ApiError, PROFILE_ROUTE};
use super::logging::{self, RequestRecord};

/// Records `http_requests_total`, `http_request_duration_seconds`, the
/// request as in flight until it is answered (a CPU profile, long by
/// design, is not), and the request log line (level ERROR for 5xx, WARN
/// for 4xx, INFO otherwise).
pub async fn observe(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // Both share the request's bytes rather than copy them.
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let uri = request.uri().clone();
    let route = matched.as_ref().map_or("unmatched", MatchedPath::as_str);
    let in_flight =
        (route != PROFILE_ROUTE).then(|| state.metrics.requests_in_flight.enter(started));
    let response = next.run(request).await;
    drop(in_flight);
    let elapsed = started.elapsed();
    let status = response.status();
    state.metrics.observe_request(method.as_str(), route, status, elapsed.as_secs_f64());
    let record = RequestRecord {
        method: method.as_str(),
        route,
        path: uri.path(),
        status: status.as_u16(),
        elapsed,
    };
    // The filter is asked here, so `RUST_LOG` directives for this module
    // apply to the request line as they did when tracing wrote it.
    if status.is_server_error() {
        if tracing::enabled!(Level::ERROR) {
            logging::log_request(Level::ERROR, "request failed", &record);
        }
    } else if status.is_client_error() {
        if tracing::enabled!(Level::WARN) {
            logging::log_request(Level::WARN, "request rejected", &record);
        }
    } else if tracing::enabled!(Level::INFO) {
        logging::log_request(Level::INFO, "request", &record);
    }
    response
}

/// A token bucket per client address.
pub struct RateLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl RateLimiter {
    pub fn new(per_second: u32, burst: u32) -> Option<Self> {
        let quota =
            Quota::per_second(NonZeroU32::new(per_second)?).allow_burst(NonZeroU32::new(burst)?);
        Some(RateLimiter { limiter: DefaultKeyedRateLimiter::keyed(quota) })
    }

    /// `Err(wait)` when the client must back off.
    fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets clients that have been quiet long enough to hold a full bucket.
    pub fn spawn_cleanup(self: &Arc<Self>) {
        let limiter = Arc::clone(self);
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_secs(60));
            loop {
                ticker.tick().await;
                limiter.limiter.retain_recent();
                limiter.limiter.shrink_to_fit();
            }
        });
    }
}

/// Answers 429 with `Retry-After` (whole seconds, at least 1) when the
/// client is over its rate.
pub async fn rate_limit(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let client = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    if let (Some(limiter), Some(client)) = (&state.rate_limiter, client)
        && let Err(wait) = limiter.check(client)
    {
        let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
        let mut response = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "over {} requests per second; retry in {seconds}s",
                state.config.rate_limit_rps
            ),
        )
        .into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    next.run(request).await
}
