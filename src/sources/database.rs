//! PostgreSQL: a direct round trip (connect, then `SELECT 1`, each timed),
//! and for the `db` section an inspection in one safe session.
//!
//! The inspection runs inside `BEGIN READ ONLY` with `SET LOCAL
//! statement_timeout` and `lock_timeout`, as `application_name=llmcfg-doctor`.
//! It reads only statistics views and catalogs, and never opens the
//! `configs` table itself (sizes come from `pg_class`), so it takes no lock
//! anyone could wait on. (`pg_indexes` would: `pg_get_indexdef` waits
//! behind an ACCESS EXCLUSIVE lock, so index columns come from `pg_index`.)
//! Everything is asked in two simple-protocol round trips after `SELECT 1`:
//! one JSON document at the start of the sampling window and one at its end (the buffer counters again, and the slowest
//! statements when `pg_stat_statements` exists).

use std::str::FromStr;
use std::time::{Duration, Instant};

use tokio_postgres::SimpleQueryMessage;

use diagnosis::evidence::database::{CacheHit, DbInspection, DbRoundTrip, DbSettings, Statements};
use diagnosis::evidence::{Outcome, SourceError};
use net::pg_tls;

/// The index definitions of `configs`, rebuilt from `pg_index` and
/// `pg_attribute`: `pg_get_indexdef` (and so `pg_indexes`) waits behind an
/// ACCESS EXCLUSIVE lock, which a doctor must never do. One column `d`.
macro_rules! configs_index_definitions {
    () => {
        r#"
        SELECT format('CREATE %sINDEX %s ON %s (%s)',
                      CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END, i.relname,
                      x.indrelid::regclass,
                      (SELECT string_agg(CASE WHEN k.attnum = 0 THEN '(expression)' ELSE a.attname END,
                                         ', ' ORDER BY k.ord)
                       FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                       LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                       WHERE k.ord <= x.indnkeyatts)) AS d
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = to_regclass('configs')
"#
    };
}

/// The tokio-postgres settings of `url` (URL or libpq key=value form),
/// the TLS it asks for, and the string to show for it (password hidden).
fn config(
    url: &str,
    timeout: Duration,
) -> Outcome<(tokio_postgres::Config, pg_tls::TlsRequest, String)> {
    let target = diagnosis::redact::connection_string(url);
    let (rest, tls_request) =
        pg_tls::split(url).map_err(|e| SourceError::Failed(format!("{target}: {e}")))?;
    let mut config = tokio_postgres::Config::from_str(&rest).map_err(|e| {
        SourceError::Failed(format!("{target} is not a PostgreSQL connection string: {e}"))
    })?;
    config.connect_timeout(timeout);
    if config.get_application_name().is_none() {
        config.application_name("llmcfg-doctor");
    }
    Ok((config, tls_request, target))
}

/// A connected session and the task driving its connection.
struct Session {
    client: tokio_postgres::Client,
    connection: Driver,
    target: String,
    connect_ms: f64,
    query_ms: f64,
    /// Every host of the connection string is a Unix socket or loopback.
    local: bool,
}

/// Whether every host `config` names is on this machine.
fn is_local(config: &tokio_postgres::Config) -> bool {
    use tokio_postgres::config::Host;
    let hosts = config.get_hosts();
    // No host at all means libpq's default, a Unix socket.
    hosts.iter().all(|host| match host {
        Host::Unix(_) => true,
        Host::Tcp(name) => {
            name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
    })
}

/// This machine's memory, for settings of a database that runs on it.
fn local_memory() -> Option<u64> {
    let text = super::procfs::read("/proc/meminfo").ok()?;
    super::host::meminfo(&text).ok().map(|memory| memory.total_bytes)
}

/// The task driving a session's connection.
type Driver = tokio::task::JoinHandle<Result<(), tokio_postgres::Error>>;

/// Connects as tokio-postgres's own `connect` does (each host in turn,
/// its `hostaddr` before its name, the shared or the host's own port, the
/// host's name for TLS), but on a stream of our own with a byte budget
/// ([`super::budget`]). A probe reads whichever server it reaches, so
/// `target_session_attrs` and host load balancing are not applied.
async fn connect(
    config: &tokio_postgres::Config,
    tls: tokio_postgres_rustls::MakeRustlsConnect,
) -> Result<(tokio_postgres::Client, Driver), String> {
    use tokio_postgres::config::Host;
    let (hosts, addrs, ports) = (config.get_hosts(), config.get_hostaddrs(), config.get_ports());
    let count = hosts.len().max(addrs.len());
    if count == 0 {
        return Err("the connection string names no host".into());
    }
    let timeout = config.get_connect_timeout().copied().unwrap_or(Duration::from_secs(10));
    let mut failures = Vec::new();
    for index in 0..count {
        let port = ports.get(index).or(ports.first()).copied().unwrap_or(5432);
        let name = match hosts.get(index) {
            Some(Host::Tcp(name)) => name.as_str(),
            _ => "",
        };
        let attempt = async {
            match (addrs.get(index), hosts.get(index)) {
                (Some(addr), _) => over_tcp(config, &tls, name, (*addr, port)).await,
                (None, Some(Host::Tcp(host))) => {
                    over_tcp(config, &tls, name, (host.as_str(), port)).await
                }
                (None, Some(Host::Unix(dir))) => {
                    let socket = dir.join(format!(".s.PGSQL.{port}"));
                    let stream = tokio::net::UnixStream::connect(&socket)
                        .await
                        .map_err(|e| format!("{}: {e}", socket.display()))?;
                    session(config, &tls, name, stream).await
                }
                (None, None) => unreachable!("index is below the count of hosts or addresses"),
            }
        };
        match tokio::time::timeout(timeout, attempt).await {
            Ok(Ok(connected)) => return Ok(connected),
            Ok(Err(failure)) => failures.push(failure),
            Err(_) => failures.push(format!("no connection within {timeout:?}")),
        }
    }
    Err(failures.join("; "))
}

/// A session over TCP to `addr`.
async fn over_tcp(
    config: &tokio_postgres::Config,
    tls: &tokio_postgres_rustls::MakeRustlsConnect,
    name: &str,
    addr: impl tokio::net::ToSocketAddrs,
) -> Result<(tokio_postgres::Client, Driver), String> {
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    session(config, tls, name, stream).await
}

/// The protocol's start-up over `stream`, within a byte budget, TLS as
/// `config` asks for it, verified against `name`; its driver spawned.
async fn session<S>(
    config: &tokio_postgres::Config,
    tls: &tokio_postgres_rustls::MakeRustlsConnect,
    name: &str,
    stream: S,
) -> Result<(tokio_postgres::Client, Driver), String>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    use tokio_postgres::tls::MakeTlsConnect;
    let stream = super::budget::Budgeted::new(stream);
    let Ok(tls) =
        MakeTlsConnect::<super::budget::Budgeted<S>>::make_tls_connect(&mut tls.clone(), name);
    let (client, connection) =
        config.connect_raw(stream, tls).await.map_err(|e| net::error_chain(&e))?;
    Ok((client, tokio::spawn(connection)))
}

/// Connects and times `SELECT 1`.
async fn open(url: &str, timeout: Duration) -> Outcome<Session> {
    let (config, tls_request, target) = config(url, timeout)?;
    let local = is_local(&config);
    let connector = pg_tls::connector(&tls_request)
        .map_err(|e| SourceError::Failed(format!("{target}: {e}")))?;
    let started = Instant::now();
    let (client, connection) = connect(&config, connector)
        .await
        .map_err(|e| SourceError::Unavailable(format!("cannot connect to {target}: {e}")))?;
    let connect_ms = super::http::millis_since(started);
    let started = Instant::now();
    let answer = client.simple_query("SELECT 1").await;
    let query_ms = super::http::millis_since(started);
    answer.map_err(|e| SourceError::Failed(format!("SELECT 1 on {target} failed: {e}")))?;
    Ok(Session { client, connection, target, connect_ms, query_ms, local })
}

impl Session {
    async fn close(self) {
        drop(self.client);
        let _ = self.connection.await;
    }
}

/// Connects to `url` (URL or libpq key=value form) and times `SELECT 1`.
pub async fn round_trip(url: &str, timeout: Duration) -> Outcome<DbRoundTrip> {
    let session = open(url, timeout).await?;
    let configs_indexes = session
        .client
        .query(concat!("SELECT d FROM (", configs_index_definitions!(), ") s ORDER BY d"), &[])
        .await
        .map(|rows| rows.iter().map(|row| row.get::<_, String>(0)).collect())
        .map_err(|e| SourceError::Failed(format!("cannot list the indexes of configs: {e}")));
    let trip = DbRoundTrip {
        target: session.target.clone(),
        connect_ms: session.connect_ms,
        query_ms: session.query_ms,
        configs_indexes,
        inspection: None,
    };
    session.close().await;
    Ok(trip)
}

/// The round trip plus the `db` section's inspection, with the buffer
/// counters read `sample` apart.
pub async fn inspect(url: &str, timeout: Duration, sample: Duration) -> Outcome<DbRoundTrip> {
    let session = open(url, timeout).await?;
    let statement_ms = (timeout.as_millis() / 2).max(100);
    let first_sql = format!(
        "BEGIN READ ONLY; SET LOCAL statement_timeout = {statement_ms}; \
         SET LOCAL lock_timeout = 100; {FIRST}"
    );
    // Start-up and SELECT 1 were two.
    let mut round_trips = 2;
    let first = json_answer(&session.client, &first_sql).await;
    round_trips += 1;
    let outcome = match first {
        Err(error) => Err(error),
        Ok(first) => {
            let window = Instant::now();
            tokio::time::sleep(sample).await;
            let has_statements = first["has_statements"].as_bool() == Some(true);
            let second_sql = format!(
                "SELECT pg_stat_clear_snapshot(); SELECT json_build_object('blks', ({BLOCKS}){}); COMMIT",
                if has_statements {
                    format!(", 'statements', ({STATEMENTS})")
                } else {
                    String::new()
                }
            );
            let second = json_answer(&session.client, &second_sql).await;
            round_trips += 1;
            let window_s = window.elapsed().as_secs_f64();
            let (mut inspection, indexes) =
                assemble(&first, second, window_s, has_statements, round_trips);
            inspection.settings.host_memory_bytes =
                if session.local { local_memory() } else { None };
            Ok((inspection, indexes))
        }
    };
    let configs_indexes = match &outcome {
        Ok((_, indexes)) => Ok(indexes.clone()),
        Err(error) => Err(error.clone()),
    };
    let trip = DbRoundTrip {
        target: session.target.clone(),
        connect_ms: session.connect_ms,
        query_ms: session.query_ms,
        configs_indexes,
        inspection: Some(outcome.map(|(inspection, _)| inspection)),
    };
    session.close().await;
    Ok(trip)
}

/// Runs `sql` (several statements, one round trip) and parses the JSON of
/// the last row's first column.
async fn json_answer(client: &tokio_postgres::Client, sql: &str) -> Outcome<serde_json::Value> {
    let messages = client
        .simple_query(sql)
        .await
        .map_err(|e| SourceError::Failed(format!("the inspection query failed: {}", detail(&e))))?;
    let text = messages
        .iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
            _ => None,
        })
        .next_back()
        .ok_or_else(|| SourceError::Failed("the inspection query returned no row".into()))?;
    serde_json::from_str(&text)
        .map_err(|e| SourceError::Failed(format!("the inspection answer is not JSON: {e}")))
}

/// The server's message when there is one (`db error` alone says nothing).
fn detail(error: &tokio_postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => error.to_string(),
    }
}

/// The error of a part the user cannot see all of.
fn needs_grant(user: &str, what: &str) -> SourceError {
    SourceError::Failed(format!(
        "{user} cannot see other sessions' {what}; run `GRANT pg_monitor TO {user};`"
    ))
}

fn part<T: serde::de::DeserializeOwned>(value: &serde_json::Value, what: &str) -> Outcome<T> {
    serde_json::from_value(value.clone())
        .map_err(|e| SourceError::Failed(format!("cannot read {what}: {e}")))
}

fn assemble(
    first: &serde_json::Value,
    second: Outcome<serde_json::Value>,
    window_s: f64,
    has_statements: bool,
    round_trips: u32,
) -> (DbInspection, Vec<String>) {
    let user = first["user"].as_str().unwrap_or("the doctor's user").to_owned();
    let sees_all = first["sees_all"].as_bool() == Some(true);
    let activity = |what: &str| -> Result<(), SourceError> {
        if sees_all { Ok(()) } else { Err(needs_grant(&user, what)) }
    };
    let settings = &first["settings"];
    let setting = |name: &str| settings[name].as_u64().unwrap_or(0);
    let connections = activity("states").and_then(|()| part(&first["connections"], "connections"));
    let active_queries =
        activity("queries").and_then(|()| part(&first["active"], "active queries"));
    let blocked = activity("locks").and_then(|()| part(&first["blocked"], "blocked sessions"));
    let configs_table = part(&first["configs"], "the configs table's statistics");
    let indexes: Vec<String> = part(&first["indexes"], "indexes").unwrap_or_default();
    let (cache_hit, statements) = match second {
        Err(error) => (Err(error.clone()), Err(error)),
        Ok(second) => {
            let delta = |name: &str| {
                second["blks"][name].as_i64().unwrap_or(0)
                    - first["blks"][name].as_i64().unwrap_or(0)
            };
            let cache_hit = Ok(CacheHit {
                window_s,
                blks_hit: delta("blks_hit"),
                blks_read: delta("blks_read"),
            });
            let statements = if !has_statements {
                Ok(Statements::Missing)
            } else {
                part(&second["statements"], "pg_stat_statements")
                    .map(|statements| Statements::Top { statements })
            };
            (cache_hit, statements)
        }
    };
    let inspection = DbInspection {
        round_trips,
        user: user.clone(),
        sees_all,
        tls: first["tls"].as_bool() == Some(true),
        settings: DbSettings {
            max_connections: setting("max_connections") as u32,
            shared_buffers_bytes: setting("shared_buffers"),
            effective_cache_size_bytes: setting("effective_cache_size"),
            maintenance_work_mem_bytes: setting("maintenance_work_mem"),
            host_memory_bytes: None,
        },
        connections,
        active_queries,
        blocked,
        statements,
        configs_table,
        cache_hit,
    };
    (inspection, indexes)
}

/// This database's buffer counters.
const BLOCKS: &str = "SELECT json_build_object('blks_hit', blks_hit, 'blks_read', blks_read) \
     FROM pg_stat_database WHERE datname = current_database()";

/// The slowest statements of this database by mean time.
const STATEMENTS: &str = "SELECT coalesce(json_agg(s), '[]') FROM ( \
     SELECT left(query, 200) AS query, calls, mean_exec_time AS mean_ms, total_exec_time AS total_ms \
     FROM pg_stat_statements \
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls > 0 \
     ORDER BY mean_exec_time DESC LIMIT 10) s";

/// Everything else, as one JSON document.
const FIRST: &str = concat!(
    r#"
WITH activity AS (
    SELECT pid, state, backend_type, query, query_start, state_change, datname
    FROM pg_stat_activity WHERE backend_type = 'client backend'
)
SELECT json_build_object(
  'user', current_user,
  'sees_all', pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'),
  'tls', (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()),
  'has_statements', to_regclass('pg_stat_statements') IS NOT NULL,
  'settings', (SELECT json_object_agg(name, CASE WHEN unit = '8kB' THEN setting::bigint * 8192
                                                 WHEN unit = 'kB' THEN setting::bigint * 1024
                                                 ELSE setting::bigint END)
               FROM pg_settings WHERE name IN ('max_connections', 'shared_buffers',
                    'effective_cache_size', 'maintenance_work_mem')),
  'connections', (SELECT json_build_object(
        'total', count(*),
        'by_state', coalesce((SELECT json_object_agg(s, n) FROM (
             SELECT coalesce(state, 'unknown') AS s, count(*) AS n FROM activity GROUP BY 1) x), '{}'),
        'idle_in_transaction', count(*) FILTER (WHERE state LIKE 'idle in transaction%'
                                                AND datname = current_database()),
        'oldest_idle_in_transaction_s', extract(epoch FROM max(clock_timestamp() - state_change)
             FILTER (WHERE state LIKE 'idle in transaction%' AND datname = current_database()))::float8)
     FROM activity),
  'active', (SELECT coalesce(json_agg(a), '[]') FROM (
        SELECT pid, extract(epoch FROM clock_timestamp() - query_start)::float8 AS age_s,
               state, left(query, 200) AS query
        FROM activity
        WHERE state = 'active' AND pid <> pg_backend_pid() AND query_start IS NOT NULL
          AND datname = current_database()
        ORDER BY query_start LIMIT 10) a),
  'blocked', (SELECT coalesce(json_agg(b), '[]') FROM (
        SELECT a.pid, extract(epoch FROM clock_timestamp() - a.state_change)::float8 AS waiting_s,
               w.mode AS wants, w.relation::regclass::text AS relation, left(a.query, 200) AS query,
               (SELECT coalesce(json_agg(json_build_object(
                    'pid', bp,
                    'modes', (SELECT coalesce(json_agg(DISTINCT l.mode), '[]') FROM pg_locks l
                              WHERE l.pid = bp AND l.granted
                                AND (w.relation IS NULL OR l.relation = w.relation)),
                    'state', (SELECT state FROM pg_stat_activity WHERE pid = bp),
                    'query', (SELECT left(query, 200) FROM pg_stat_activity WHERE pid = bp))), '[]')
                FROM unnest(pg_blocking_pids(a.pid)) AS bp) AS blockers
        FROM activity a
        LEFT JOIN LATERAL (SELECT mode, relation FROM pg_locks l
                           WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) w ON true
        WHERE a.datname = current_database() AND cardinality(pg_blocking_pids(a.pid)) > 0
        ORDER BY a.pid) b),
  'configs', (SELECT json_build_object(
        'seq_scan', coalesce(s.seq_scan, 0), 'idx_scan', coalesce(s.idx_scan, 0),
        'n_live_tup', coalesce(s.n_live_tup, 0), 'n_dead_tup', coalesce(s.n_dead_tup, 0),
        'last_vacuum_age_s', extract(epoch FROM clock_timestamp() - s.last_vacuum)::float8,
        'last_autovacuum_age_s', extract(epoch FROM clock_timestamp() - s.last_autovacuum)::float8,
        'last_analyze_age_s', extract(epoch FROM clock_timestamp() - s.last_analyze)::float8,
        'last_autoanalyze_age_s', extract(epoch FROM clock_timestamp() - s.last_autoanalyze)::float8,
        'table_bytes', c.relpages::bigint * current_setting('block_size')::bigint,
        'index_bytes', (SELECT coalesce(sum(i.relpages), 0)::bigint * current_setting('block_size')::bigint
                        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                        WHERE x.indrelid = c.oid))
     FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
     WHERE c.oid = to_regclass('configs')),
  'indexes', (SELECT coalesce(json_agg(d ORDER BY d), '[]') FROM (
"#,
    configs_index_definitions!(),
    r#") s),
  'blks', (SELECT json_build_object('blks_hit', blks_hit, 'blks_read', blks_read)
           FROM pg_stat_database WHERE datname = current_database())
)"#
);
