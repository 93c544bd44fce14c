//! The doctor's own look at Redis, as `redis-cli --latency`, `INFO` and
//! `SLOWLOG GET` give it: PING round trips sampled over the window, `INFO`
//! read at both ends of the window for deltas, and the slow log.
//!
//! Connecting is the only step that fails the whole source; each later part
//! (PING, INFO, SLOWLOG) carries its own error, so a user without the right
//! to run `INFO` still gets its latency measured. Every call is bounded by
//! the run's deadline, and the URL's password never leaves this module.
//! Over TCP and Unix sockets the connection reads within a byte budget
//! ([`super::budget`]); over TLS it is the client crate's own, bounded by
//! the deadline only.

use std::time::{Duration, Instant};

use diagnosis::evidence::redis::{
    BigKeys, InfoWindow, PingStats, RedisEvidence, RedisInfo, SlowEntry,
};
use diagnosis::evidence::{Outcome, SourceError};
use redis::aio::MultiplexedConnection;
use redis::{ErrorKind, RedisError, ServerErrorKind, Value};

/// How many PINGs the latency sample takes.
pub const PINGS: u32 = 20;
/// How many slow log entries are read.
pub const SLOWLOG_ENTRIES: u32 = 10;
/// Longest command text kept from a slow log entry.
const COMMAND_CHARS: usize = 80;

/// Most keys a `--bigkeys` scan looks at, and for how long at most.
const BIGKEYS_MAX_KEYS: u64 = 50_000;
const BIGKEYS_BUDGET: Duration = Duration::from_secs(2);
/// Keys per SCAN step, and how many of the largest are kept.
const BIGKEYS_STEP: u64 = 500;
const BIGKEYS_KEPT: usize = 10;

/// Scans the keyspace with `SCAN` and sizes each key with `MEMORY USAGE`
/// (pipelined per step), within a key and time budget, like
/// `redis-cli --bigkeys` but never for longer than the run allows.
async fn big_keys(
    connection: &mut MultiplexedConnection,
    deadline: Instant,
    scrub: &Scrubber,
) -> Outcome<BigKeys> {
    let stop_at = deadline.min(Instant::now() + BIGKEYS_BUDGET);
    let mut found = BigKeys { scanned: 0, complete: false, largest: Vec::new() };
    let mut cursor: u64 = 0;
    while Instant::now() < stop_at && found.scanned < BIGKEYS_MAX_KEYS {
        let (next, keys): (u64, Vec<String>) = call(
            connection,
            redis::cmd("SCAN").arg(cursor).arg("COUNT").arg(BIGKEYS_STEP),
            stop_at,
            scrub,
        )
        .await?;
        if !keys.is_empty() {
            let mut pipeline = redis::pipe();
            for key in &keys {
                pipeline.cmd("MEMORY").arg("USAGE").arg(key);
            }
            let sizes: Vec<Option<u64>> =
                tokio::time::timeout_at(stop_at.into(), pipeline.query_async(connection))
                    .await
                    .map_err(|_| {
                        SourceError::TimedOut("the --bigkeys scan ran out of time".into())
                    })?
                    .map_err(|e| {
                        SourceError::Failed(format!("MEMORY USAGE: {}", scrub.error(&e)))
                    })?;
            found.scanned += keys.len() as u64;
            for (key, size) in keys.into_iter().zip(sizes) {
                if let Some(bytes) = size {
                    found.largest.push((key, bytes));
                }
            }
            found.largest.sort_by_key(|entry| std::cmp::Reverse(entry.1));
            found.largest.truncate(BIGKEYS_KEPT);
        }
        if next == 0 {
            found.complete = true;
            break;
        }
        cursor = next;
    }
    Ok(found)
}

/// A connection to `client`'s server: over TCP and Unix sockets on a
/// stream of our own with a byte budget, over TLS the crate's.
async fn connect(
    client: &redis::Client,
    config: &redis::AsyncConnectionConfig,
) -> redis::RedisResult<MultiplexedConnection> {
    let info = client.get_connection_info();
    let settings = info.redis_settings();
    match info.addr() {
        redis::ConnectionAddr::Tcp(host, port) => {
            let stream = tokio::net::TcpStream::connect((host.as_str(), *port)).await?;
            stream.set_nodelay(true)?;
            budgeted(settings, stream, config).await
        }
        redis::ConnectionAddr::Unix(path) => {
            budgeted(settings, tokio::net::UnixStream::connect(path).await?, config).await
        }
        _ => client.get_multiplexed_async_connection_with_config(config).await,
    }
}

/// A connection over `stream`, within a byte budget, its driver spawned.
async fn budgeted<S>(
    settings: &redis::RedisConnectionInfo,
    stream: S,
    config: &redis::AsyncConnectionConfig,
) -> redis::RedisResult<MultiplexedConnection>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let stream = super::budget::Budgeted::new(stream);
    let (connection, driver) =
        MultiplexedConnection::new_with_config(settings, stream, config.clone()).await?;
    tokio::spawn(driver);
    Ok(connection)
}

/// Probes the Redis at `url` (`redis://`, `rediss://`, with an ACL user
/// and password when given) over `window`, finishing by `deadline`.
pub async fn probe(
    url: &str,
    window: Duration,
    deadline: Instant,
    scan_big_keys: bool,
) -> Outcome<RedisEvidence> {
    net::install_crypto_provider();
    let target = diagnosis::redact::connection_string(url);
    let scrub = Scrubber::new(url);
    let client = redis::Client::open(url).map_err(|e| {
        SourceError::Failed(format!("{target} is not a Redis URL: {}", scrub.error(&e)))
    })?;
    let remaining = deadline.saturating_duration_since(Instant::now());
    let config = redis::AsyncConnectionConfig::new()
        .set_connection_timeout(Some(remaining))
        .set_response_timeout(Some(remaining));
    let started = Instant::now();
    let mut connection = tokio::time::timeout_at(deadline.into(), connect(&client, &config))
        .await
        .map_err(|_| {
            SourceError::TimedOut(format!("{target} did not accept a connection in time"))
        })?
        .map_err(|e| {
            SourceError::Unavailable(format!("cannot connect to {target}: {}", scrub.error(&e)))
        })?;
    let connect_ms = super::http::millis_since(started);

    let window_start = Instant::now();
    let first = info(&mut connection, deadline, &scrub).await;
    let slowlog = slowlog(&mut connection, deadline, &scrub).await;
    let ping = ping_window(&mut connection, window_start + window, deadline, &scrub).await;
    let info = match first {
        Ok(mut first) => {
            let second_at = window_start + window;
            let second = if second_at < deadline {
                tokio::time::sleep_until(second_at.into()).await;
                info(&mut connection, deadline, &scrub).await.ok()
            } else {
                None
            };
            let window_seconds = second.is_some().then(|| window_start.elapsed().as_secs_f64());
            if first.maxclients.is_none() {
                // Before Redis 7 `INFO` has no maxclients; CONFIG may be refused.
                first.maxclients = call::<Vec<String>>(
                    &mut connection,
                    redis::cmd("CONFIG").arg("GET").arg("maxclients"),
                    deadline,
                    &scrub,
                )
                .await
                .ok()
                .and_then(|pair| pair.get(1)?.parse().ok());
            }
            let mut second = second;
            if let Some(second) = second.as_mut() {
                second.maxclients = second.maxclients.or(first.maxclients);
            }
            Ok(InfoWindow { first, second, window_seconds })
        }
        Err(error) => Err(error),
    };
    let big_keys =
        if scan_big_keys { Some(big_keys(&mut connection, deadline, &scrub).await) } else { None };
    Ok(RedisEvidence { target, connect_ms, ping, info, slowlog, big_keys })
}

async fn info(
    connection: &mut MultiplexedConnection,
    deadline: Instant,
    scrub: &Scrubber,
) -> Outcome<RedisInfo> {
    let text: String = call(connection, &redis::cmd("INFO"), deadline, scrub).await?;
    Ok(RedisInfo::parse(&text))
}

/// PINGs spread over the window (a few ms apart at least), stopping early
/// when the deadline nears.
async fn ping_window(
    connection: &mut MultiplexedConnection,
    until: Instant,
    deadline: Instant,
    scrub: &Scrubber,
) -> Outcome<PingStats> {
    let spacing = (until.saturating_duration_since(Instant::now()) / PINGS)
        .clamp(Duration::from_millis(2), Duration::from_millis(50));
    let mut times = Vec::with_capacity(PINGS as usize);
    for n in 0..PINGS {
        if n > 0 {
            let next = Instant::now() + spacing;
            if next + spacing >= deadline {
                break;
            }
            tokio::time::sleep_until(next.into()).await;
        }
        let started = Instant::now();
        let _: String = call(connection, &redis::cmd("PING"), deadline, scrub).await?;
        times.push(super::http::millis_since(started));
    }
    let samples = times.len() as u32;
    if samples == 0 {
        return Err(SourceError::TimedOut("no PING fit before the deadline".into()));
    }
    Ok(PingStats {
        samples,
        min_ms: times.iter().copied().fold(f64::INFINITY, f64::min),
        avg_ms: times.iter().sum::<f64>() / f64::from(samples),
        max_ms: times.iter().copied().fold(0.0, f64::max),
        times_ms: times,
    })
}

async fn slowlog(
    connection: &mut MultiplexedConnection,
    deadline: Instant,
    scrub: &Scrubber,
) -> Outcome<Vec<SlowEntry>> {
    let command = redis::cmd("SLOWLOG").arg("GET").arg(SLOWLOG_ENTRIES).to_owned();
    let entries: Vec<Value> = call(connection, &command, deadline, scrub).await?;
    Ok(entries.iter().filter_map(slow_entry).collect())
}

/// `[id, unix time, microseconds, [command, args...], client, name]`.
fn slow_entry(value: &Value) -> Option<SlowEntry> {
    let Value::Array(fields) = value else { return None };
    let int = |value: &Value| match value {
        Value::Int(n) => Some(*n),
        _ => None,
    };
    let words: Vec<String> = match fields.get(3)? {
        Value::Array(args) => args
            .iter()
            .map(|arg| match arg {
                Value::BulkString(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                Value::SimpleString(text) => text.clone(),
                other => format!("{other:?}"),
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut command = words.join(" ");
    if command.chars().count() > COMMAND_CHARS {
        command = command.chars().take(COMMAND_CHARS).collect::<String>() + "…";
    }
    Some(SlowEntry {
        id: u64::try_from(int(fields.first()?)?).ok()?,
        at: int(fields.get(1)?)?,
        duration_ms: int(fields.get(2)?)? as f64 / 1000.0,
        command,
    })
}

/// Runs one command before `deadline`; a refused permission says so.
async fn call<T: redis::FromRedisValue>(
    connection: &mut MultiplexedConnection,
    command: &redis::Cmd,
    deadline: Instant,
    scrub: &Scrubber,
) -> Outcome<T> {
    let name = command
        .args_iter()
        .next()
        .map(|arg| match arg {
            redis::Arg::Simple(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            _ => String::new(),
        })
        .unwrap_or_default();
    match tokio::time::timeout_at(deadline.into(), command.query_async::<T>(connection)).await {
        Err(_) => Err(SourceError::TimedOut(format!("{name} gave no answer before the deadline"))),
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) if error.kind() == ErrorKind::Server(ServerErrorKind::NoPerm) => {
            Err(SourceError::Failed(format!(
                "NOPERM: {} has no permission to run {name} ({})",
                scrub.user(),
                scrub.error(&error)
            )))
        }
        Ok(Err(error)) => {
            Err(SourceError::Failed(format!("{name} failed: {}", scrub.error(&error))))
        }
    }
}

/// Keeps the URL's password out of error messages.
struct Scrubber {
    user: String,
    password: Option<String>,
}

impl Scrubber {
    fn new(url: &str) -> Scrubber {
        let parsed = url::Url::parse(url).ok();
        let user = parsed
            .as_ref()
            .map(|u| u.username().to_owned())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "default".to_owned());
        let password =
            parsed.and_then(|u| u.password().map(str::to_owned)).filter(|p| !p.is_empty());
        Scrubber { user, password }
    }

    fn user(&self) -> String {
        format!("the ACL user `{}`", self.user)
    }

    fn error(&self, error: &RedisError) -> String {
        let text = error.to_string();
        match &self.password {
            Some(password) => text.replace(password.as_str(), "***"),
            None => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_entries_are_truncated() {
        let long = "x".repeat(200);
        let entry = Value::Array(vec![
            Value::Int(4),
            Value::Int(1_700_000_000),
            Value::Int(12_500),
            Value::Array(vec![
                Value::BulkString(b"SET".to_vec()),
                Value::BulkString(long.into_bytes()),
            ]),
        ]);
        let entry = slow_entry(&entry).unwrap();
        assert_eq!(entry.duration_ms, 12.5);
        assert!(entry.command.starts_with("SET xxx"));
        assert_eq!(entry.command.chars().count(), COMMAND_CHARS + 1);
    }

    #[test]
    fn passwords_stay_out_of_errors() {
        let scrub = Scrubber::new("redis://limited:hunter2@127.0.0.1:6379");
        let error = RedisError::from((ErrorKind::Client, "bad", "hunter2 refused".to_owned()));
        assert!(!scrub.error(&error).contains("hunter2"));
        assert_eq!(scrub.user(), "the ACL user `limited`");
    }
}
