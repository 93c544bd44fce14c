//! The server's listeners: every accepted connection served over HTTP/1.1
//! by hyper, under limits that a slow or idle client cannot outlast.
//!
//! - At most [`ConnectionLimits::max_open`] connections per port; one more
//!   is answered 503 with the API's JSON error and closed.
//! - A request head must arrive whole within `head_timeout` of its first
//!   byte (of the connection's opening, for the first request), so a
//!   client that trickles a header byte every few seconds is closed.
//! - A kept-alive connection with no request under way is closed after
//!   `idle_timeout`, which also bounds a response its client does not read.
//! - The body deadline is the handlers' ([`super::api`]), as it ends in
//!   a 408.
//!
//! hyper's own head deadline runs from the moment a connection is ready
//! for a request, so it cannot tell a slow head from an idle keep-alive;
//! a watchdog per connection does, from what the connection's bytes and
//! its requests say. Each shed connection is counted in
//! `http_connections_shed_total{reason}`.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use super::config::ConnectionLimits;
use super::metrics::Metrics;
use contract::metrics::ShedReason;

/// Serves `router` on `listener` until `stop` turns true, then lets the
/// open connections finish their requests and returns once all have.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    metrics: Arc<Metrics>,
    stop: watch::Receiver<bool>,
) {
    let open = Arc::new(Semaphore::new(limits.max_open));
    let mut connections = tokio::task::JoinSet::new();
    let mut stopping = stop.clone();
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors, or a connection reset before it
                    // was accepted: the listener itself is fine.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopping.wait_for(|stop| *stop) => break,
        };
        while connections.try_join_next().is_some() {}
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            shed(&metrics, ShedReason::ConnectionLimit);
            connections.spawn(refuse(stream));
            continue;
        };
        let connection =
            Connection { router: router.clone(), remote, limits, metrics: Arc::clone(&metrics) };
        let stop = stop.clone();
        connections.spawn(async move {
            connection.serve(stream, stop).await;
            drop(permit);
        });
    }
    // Closed now, so that new connections are refused rather than left
    // in the backlog while the open ones drain.
    drop(listener);
    while connections.join_next().await.is_some() {}
}

fn shed(metrics: &Metrics, reason: ShedReason) {
    metrics.connections_shed.with_label_values(&[reason.label()]).inc();
}

/// Answers a connection past the limit with 503 and closes it.
async fn refuse(mut stream: TcpStream) {
    const BODY: &str = r#"{"error":{"code":"overloaded","message":"the server holds as many connections as HTTP_MAX_CONNECTIONS allows; retry later"}}"#;
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(answer.as_bytes())).await;
}

/// One accepted connection and what it is served with.
struct Connection {
    router: Router,
    remote: SocketAddr,
    limits: ConnectionLimits,
    metrics: Arc<Metrics>,
}

impl Connection {
    async fn serve(self, stream: TcpStream, mut stop: watch::Receiver<bool>) {
        let _open = OpenGauge::enter(&self.metrics);
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Watched::new(stream, Arc::clone(&activity)));
        let (router, remote) = (self.router, self.remote);
        let requests = Arc::clone(&activity);
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            let serving = requests.request_started();
            let answer = router.clone().oneshot(request.map(Body::new));
            async move {
                let response = answer.await;
                drop(serving);
                response
            }
        });
        let connection = hyper::server::conn::http1::Builder::new().serve_connection(io, service);
        tokio::pin!(connection);
        let expired = activity.expired(self.limits);
        tokio::pin!(expired);
        let mut draining = false;
        loop {
            tokio::select! {
                served = connection.as_mut() => {
                    if let Err(error) = served {
                        tracing::debug!(%error, %remote, "connection ended with an error");
                    }
                    return;
                }
                reason = &mut expired => {
                    shed(&self.metrics, reason);
                    return;
                }
                _ = stop.wait_for(|stop| *stop), if !draining => {
                    connection.as_mut().graceful_shutdown();
                    draining = true;
                }
            }
        }
    }
}

/// `http_connections_open`, one up while held.
struct OpenGauge<'a>(&'a Metrics);

impl<'a> OpenGauge<'a> {
    fn enter(metrics: &'a Metrics) -> Self {
        metrics.connections_open.inc();
        OpenGauge(metrics)
    }
}

impl Drop for OpenGauge<'_> {
    fn drop(&mut self) {
        self.0.connections_open.dec();
    }
}

/// What a connection waits for, and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// A request head, begun (or the connection opened) at the instant.
    Head,
    /// Requests are being answered.
    Answering,
    /// Nothing: kept alive since the instant.
    Idle,
}

/// A connection's phase, moved on by its bytes and its requests.
///
/// The watchdog ([`Activity::expired`]) is never told of a change: it
/// sleeps at most the shorter of the two timeouts at a time and reads the
/// phase again when it wakes. Every phase starts at the moment it is
/// entered, so a deadline that begins while the watchdog sleeps lies at
/// least that shorter timeout after its start, past the watchdog's wake:
/// no deadline is missed, and a busy connection costs no wake-up, timer or
/// notification per request (waking it at each change of phase cost three
/// of each per request).
struct Activity {
    /// The phase, since when, and how many requests are being answered.
    state: Mutex<(Phase, Instant, usize)>,
}

impl Activity {
    fn new() -> Self {
        Activity { state: Mutex::new((Phase::Head, Instant::now(), 0)) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, (Phase, Instant, usize)> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Bytes arrived: on an idle connection, a request head has begun.
    fn received(&self) {
        let mut state = self.state();
        if state.0 == Phase::Idle {
            *state = (Phase::Head, Instant::now(), state.2);
        }
    }

    /// A request's head is in; the connection answers until the returned
    /// guard drops.
    fn request_started(self: &Arc<Self>) -> Answering {
        let mut state = self.state();
        *state = (Phase::Answering, Instant::now(), state.2 + 1);
        Answering(Arc::clone(self))
    }

    /// Resolves with the reason once the connection has stayed in its head
    /// or idle phase past its limit; while requests are answered their own
    /// deadlines bound them.
    async fn expired(&self, limits: ConnectionLimits) -> ShedReason {
        let longest_sleep = limits.head_timeout.min(limits.idle_timeout);
        loop {
            let now = Instant::now();
            let (phase, since, _) = *self.state();
            let deadline = match phase {
                Phase::Head => Some((since + limits.head_timeout, ShedReason::HeadTimeout)),
                Phase::Idle => Some((since + limits.idle_timeout, ShedReason::IdleTimeout)),
                Phase::Answering => None,
            };
            // A byte or a request that arrived by the deadline has moved
            // the phase on, and with it the deadline.
            if let Some((deadline, reason)) = deadline
                && deadline <= now
            {
                return reason;
            }
            let wake = deadline
                .map_or(now + longest_sleep, |(deadline, _)| deadline.min(now + longest_sleep));
            tokio::time::sleep_until(wake.into()).await;
        }
    }
}

/// A request being answered; its drop may leave the connection idle.
struct Answering(Arc<Activity>);

impl Drop for Answering {
    fn drop(&mut self) {
        let mut state = self.0.state();
        let answering = state.2.saturating_sub(1);
        *state = if answering == 0 {
            (Phase::Idle, Instant::now(), 0)
        } else {
            (Phase::Answering, state.1, answering)
        };
    }
}

/// The connection's stream, telling its [`Activity`] when bytes arrive,
/// and giving hyper's own error answers the API's JSON body.
///
/// hyper answers a request it cannot parse (a malformed head, a head
/// past its size limits, a TLS handshake on the plain port) itself, with
/// a status and no body, then closes the connection. The API documents
/// a JSON error on every 4xx and 5xx, and its handlers never send one
/// without a body, so such an answer is recognised as it is written and
/// rewritten with one ([`json_error_answer`]).
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
    /// A rewritten answer being written: its bytes, how many are out,
    /// and the length of what hyper asked to write.
    rewritten: Option<(Vec<u8>, usize, usize)>,
}

impl Watched {
    fn new(inner: TcpStream, activity: Arc<Activity>) -> Self {
        Watched { inner, activity, rewritten: None }
    }
}

/// `head` (a whole answer hyper wrote: a head with `content-length: 0`
/// and nothing after it) with a JSON error body, when it is an error.
fn json_error_answer(head: &[u8]) -> Option<Vec<u8>> {
    // Every answer passes here: most are told apart by two comparisons.
    let error = head.starts_with(b"HTTP/1.1 4") || head.starts_with(b"HTTP/1.1 5");
    if !error || !head.ends_with(b"\r\n\r\n") {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    let status_line_end = text.find("\r\n")?;
    let (status_line, headers) = text.split_at(status_line_end);
    let rest = status_line.strip_prefix("HTTP/1.1 ")?;
    // Between the status line's end and the blank line; none when the
    // answer has no header at all.
    let lines: Vec<&str> = headers.get(2..headers.len() - 4)?.split("\r\n").collect();
    let empty = |line: &&str| line.eq_ignore_ascii_case("content-length: 0");
    if !lines.iter().any(empty) {
        return None;
    }
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    let kind = match code {
        "431" => "header_too_large",
        "408" => "request_timeout",
        "505" => "http_version_not_supported",
        _ => "invalid_request",
    };
    let body = serde_json::json!({"error": {
        "code": kind,
        "message": format!("{reason}: the request is not HTTP/1.1 the server can read"),
    }})
    .to_string();
    let mut answer = format!("{status_line}\r\n");
    for line in lines.iter().filter(|line| !empty(line)) {
        answer.push_str(line);
        answer.push_str("\r\n");
    }
    answer.push_str(&format!(
        "content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    ));
    Some(answer.into_bytes())
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.received();
        }
        read
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.rewritten.is_none()
            && let Some(answer) = json_error_answer(buf)
        {
            self.rewritten = Some((answer, 0, buf.len()));
        }
        let this = &mut *self;
        let Some((answer, written, asked)) = this.rewritten.as_mut() else {
            return Pin::new(&mut this.inner).poll_write(cx, buf);
        };
        while *written < answer.len() {
            match Pin::new(&mut this.inner).poll_write(cx, &answer[*written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *written += n,
                other => return other,
            }
        }
        let asked = *asked;
        this.rewritten = None;
        Poll::Ready(Ok(asked))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    // Not vectored: hyper then hands each answer over as one buffer, in
    // which its own error answers can be recognised whole.
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_empty_error_answers_get_the_json_body() {
        let head = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let answer = String::from_utf8(json_error_answer(head).unwrap()).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\ndate: x\r\n"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["error"]["code"], "invalid_request");
        let large = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n";
        assert!(
            String::from_utf8(json_error_answer(large).unwrap())
                .unwrap()
                .contains("header_too_large")
        );
    }

    #[test]
    fn other_answers_are_left_alone() {
        for answer in [
            &b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 204 No Content\r\n\r\n",
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\nmore",
            b"HTTP/1.1 400 Bad Request\r\n\r\n",
            b"{\"value\": 1}",
        ] {
            assert_eq!(json_error_answer(answer), None);
        }
    }
}
