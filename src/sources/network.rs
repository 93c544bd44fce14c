//! The network source: how the service's dependencies answer, and what the
//! kernel says about TCP, the service's sockets and the interfaces.
//!
//! - Dependencies are the API and metrics listeners, and the database and
//!   Redis when configured (URLs, or libpq `key=value` strings for
//!   PostgreSQL). Each host name is resolved once, timed; then a few TCP
//!   connects, a little apart and each with a timeout, give each connect's
//!   time (min/avg/max beside them) and loss. Dependencies are probed concurrently.
//! - TCP counters (`/proc/net/snmp`, `/proc/net/netstat`) and interface
//!   byte counters (`/sys/class/net`) are read twice, one sampling window
//!   apart. The counters are those of the service's network namespace
//!   (`/proc/PID/net/...`, which for a container is not the host's) when
//!   its process is known.
//! - The service's TCP sockets: its socket fds matched by inode against its
//!   namespace's `/proc/PID/net/tcp{,6}`.
//!
//! The window comes first and the probes after it, so that the probes' own
//! failures (a refused connect counts one `AttemptFails` and one `OutRsts`,
//! an unanswered SYN is retransmitted) do not show in the TCP error counts
//! the checks judge. Nothing here judges; a part that cannot be read is an
//! error in its own field.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::time::{Duration, Instant};

use tokio_postgres::config::Host as PgHost;
use url::{Host, Url};

use crate::plan::Plan;
use crate::sources::blocking::detached;
use crate::sources::procfs;
use diagnosis::analysis::counters::growth;
use diagnosis::evidence::network::{
    ConnectStats, DependencyRoundTrip, DnsLookup, InterfaceKind, InterfaceStats, MAX_KEPT_TIMES,
    NetworkEvidence, ServiceConnections, TcpCounters, UnprobedDependency,
};
use diagnosis::evidence::{Outcome, SourceError};

/// Connects per dependency.
pub const DEFAULT_CONNECTS: u32 = 10;
/// Pause between two connects to one dependency.
pub const DEFAULT_SPACING: Duration = Duration::from_millis(20);
/// Timeout of one connect, and of one name lookup.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// How much before the run's deadline the probes stop, so the source still
/// answers in time.
const DEADLINE_MARGIN: Duration = Duration::from_millis(50);
const POSTGRES_PORT: u16 = 5432;
const REDIS_PORT: u16 = 6379;

/// One TCP endpoint of a dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `api`, `metrics`, `database` or `redis`.
    pub dependency: String,
    pub host: String,
    pub port: u16,
}

/// What to probe and how.
#[derive(Debug, Clone)]
pub struct NetworkTarget {
    pub endpoints: Vec<Endpoint>,
    pub not_probed: Vec<UnprobedDependency>,
    /// Connects per endpoint.
    pub connects: u32,
    pub spacing: Duration,
    pub attempt_timeout: Duration,
    /// How far apart the two counter readings are.
    pub window: Duration,
    /// No connect or lookup starts after this, and none lasts past it.
    pub finish_by: Instant,
}

impl NetworkTarget {
    /// The plan's dependencies with the default probe settings, finishing
    /// before `deadline`.
    pub fn from_plan(plan: &Plan, deadline: Instant) -> NetworkTarget {
        let mut endpoints = Vec::new();
        let mut not_probed = Vec::new();
        for (dependency, url) in [("api", &plan.api_url), ("metrics", &plan.metrics_url)] {
            if let (Some(host), Some(port)) = (url_host(url), url.port_or_known_default()) {
                endpoints.push(Endpoint { dependency: dependency.into(), host, port });
            }
        }
        let configured = [
            ("database", plan.database_url.as_deref().map(postgres_addresses)),
            ("redis", plan.redis_url.as_deref().map(|raw| redis_address(raw).map(|a| vec![a]))),
        ];
        for (dependency, addresses) in configured {
            let unprobed = |reason| UnprobedDependency { dependency: dependency.into(), reason };
            let addresses = match addresses {
                None => continue,
                Some(Ok(addresses)) => addresses,
                Some(Err(reason)) => {
                    not_probed.push(unprobed(format!("cannot read its address: {reason}")));
                    continue;
                }
            };
            for address in addresses {
                match address {
                    Address::Tcp { host, port } => {
                        endpoints.push(Endpoint { dependency: dependency.into(), host, port });
                    }
                    Address::Unix(path) => not_probed.push(unprobed(format!(
                        "it is reached over the Unix socket {path}, not TCP"
                    ))),
                }
            }
        }
        NetworkTarget {
            endpoints,
            not_probed,
            connects: DEFAULT_CONNECTS,
            spacing: DEFAULT_SPACING,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            window: plan.sample,
            finish_by: deadline.checked_sub(DEADLINE_MARGIN).unwrap_or(deadline),
        }
    }
}

/// A URL's host without IPv6 brackets.
fn url_host(url: &Url) -> Option<String> {
    Some(match url.host()? {
        Host::Domain(name) => name.to_owned(),
        Host::Ipv4(ip) => ip.to_string(),
        Host::Ipv6(ip) => ip.to_string(),
    })
}

/// Collects the window's counters, the service's sockets, then the probes.
/// `service_pid` is the service's process on this host, or why there is
/// none.
pub async fn collect(target: &NetworkTarget, service_pid: &Outcome<u32>) -> NetworkEvidence {
    let snmp = snmp_path(service_pid);
    let tcp_before = read_tcp_sample(&snmp);
    let interfaces_before = read_interfaces();
    let started = Instant::now();
    tokio::time::sleep(target.window).await;
    let tcp_after = read_tcp_sample(&snmp);
    let interfaces_after = read_interfaces();
    let window_seconds = started.elapsed().as_secs_f64();
    let connections = service_pid.clone().and_then(service_connections);

    let tcp = tcp_before.and_then(|before| {
        let after = tcp_after?;
        tcp_counters(&snmp, window_seconds, &before, &after)
    });
    let interfaces = interfaces_before.and_then(|before| {
        let after = interfaces_after?;
        Ok(interface_stats(window_seconds, &before, &after))
    });
    let dependencies =
        futures_util::future::join_all(target.endpoints.iter().map(|e| probe(target, e))).await;
    NetworkEvidence {
        dependencies,
        not_probed: target.not_probed.clone(),
        tcp,
        connections,
        interfaces,
    }
}

// --- Dependency addresses -------------------------------------------------

/// Where a dependency listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    Tcp {
        host: String,
        port: u16,
    },
    /// A Unix socket (path or socket directory).
    Unix(String),
}

/// The addresses a PostgreSQL connection string names: a URL
/// (`postgres://u:p@h1:5432,h2/db?host=...`) or libpq `key=value` pairs
/// (`host=h port=5433 hostaddr=10.0.0.1 ...`), read by tokio-postgres's
/// own parser after the TLS split ([`net::pg_tls::split`]), so that the
/// doctor probes exactly the hosts its connection would try, with libpq's
/// rules: one port for all hosts or one per host, `hostaddr` used instead
/// of a name lookup, a host starting with `/` (or `@`) or no host at all
/// meaning a Unix socket. Errors never quote the string, which may hold a
/// password.
pub fn postgres_addresses(raw: &str) -> Result<Vec<Address>, String> {
    let (conn, _) = net::pg_tls::split(raw.trim()).map_err(|e| e.to_string())?;
    let config = conn
        .parse::<tokio_postgres::Config>()
        .map_err(|e| format!("not a PostgreSQL connection string ({e})"))?;
    let (hosts, hostaddrs, ports) =
        (config.get_hosts(), config.get_hostaddrs(), config.get_ports());
    let count = hosts.len().max(hostaddrs.len()).max(1);
    if (!hosts.is_empty() && hosts.len() != count)
        || (!hostaddrs.is_empty() && hostaddrs.len() != count)
    {
        return Err(format!(
            "{} hosts but {} host addresses; libpq needs as many of each",
            hosts.len(),
            hostaddrs.len()
        ));
    }
    if ports.len() > 1 && ports.len() != count {
        return Err(format!("{count} hosts but {} ports", ports.len()));
    }
    let address = |i: usize| {
        let port = ports.get(i).or(ports.first()).copied().unwrap_or(POSTGRES_PORT);
        if let Some(hostaddr) = hostaddrs.get(i) {
            return Address::Tcp { host: hostaddr.to_string(), port };
        }
        match hosts.get(i) {
            None => Address::Unix("in libpq's default socket directory".into()),
            Some(PgHost::Unix(path)) => Address::Unix(path.display().to_string()),
            Some(PgHost::Tcp(host)) if host.starts_with('@') => Address::Unix(host.clone()),
            Some(PgHost::Tcp(host)) => Address::Tcp { host: host.clone(), port },
        }
    };
    Ok((0..count).map(address).collect())
}

/// The address of a Redis URL (`redis://`, `rediss://`, `valkey://`,
/// `valkeys://`, or `unix://` / `redis+unix://` for a socket).
pub fn redis_address(raw: &str) -> Result<Address, String> {
    let url = Url::parse(raw.trim()).map_err(|e| format!("not a Redis URL ({e})"))?;
    match url.scheme() {
        "unix" | "redis+unix" | "valkey+unix" => Ok(Address::Unix(url.path().to_owned())),
        "redis" | "rediss" | "valkey" | "valkeys" => {
            let host = url_host(&url).ok_or("the URL has no host")?;
            Ok(Address::Tcp { host, port: url.port().unwrap_or(REDIS_PORT) })
        }
        other => Err(format!("{other}:// is not a Redis scheme")),
    }
}

// --- Probes ---------------------------------------------------------------

/// Resolves the endpoint's host (timed) and connects to it repeatedly.
async fn probe(target: &NetworkTarget, endpoint: &Endpoint) -> DependencyRoundTrip {
    let (dns, addresses) = match endpoint.host.parse::<IpAddr>() {
        Ok(ip) => (None, vec![SocketAddr::new(ip, endpoint.port)]),
        Err(_) => {
            let (lookup, addresses) = resolve(target, &endpoint.host, endpoint.port).await;
            (Some(lookup), addresses)
        }
    };
    DependencyRoundTrip {
        dependency: endpoint.dependency.clone(),
        host: endpoint.host.clone(),
        port: endpoint.port,
        dns,
        connects: connect_repeatedly(target, &addresses).await,
    }
}

/// One timed lookup through the system resolver (on a detached thread, see
/// [`detached`]).
async fn resolve(target: &NetworkTarget, host: &str, port: u16) -> (DnsLookup, Vec<SocketAddr>) {
    let timeout =
        target.attempt_timeout.min(target.finish_by.saturating_duration_since(Instant::now()));
    let name = host.to_owned();
    let started = Instant::now();
    let lookup = detached(move || {
        let started = Instant::now();
        let result = (name.as_str(), port).to_socket_addrs().map(Iterator::collect::<Vec<_>>);
        (started.elapsed(), result)
    });
    let (elapsed, result) = match tokio::time::timeout(timeout, lookup).await {
        Ok(Some((elapsed, result))) => (elapsed, result.map_err(|e| e.to_string())),
        Ok(None) => (started.elapsed(), Err("the resolver thread failed".to_owned())),
        Err(_) => (timeout, Err(format!("no answer within {} ms", timeout.as_millis()))),
    };
    let (addresses, error) = match result {
        Ok(addresses) if addresses.is_empty() => (addresses, Some("no address".to_owned())),
        Ok(addresses) => (addresses, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    let lookup = DnsLookup {
        elapsed_ms: millis(elapsed),
        addresses: addresses.iter().map(|a| a.ip().to_string()).collect(),
        error,
    };
    (lookup, addresses)
}

/// `target.connects` connects to `addresses`, a little apart.
async fn connect_repeatedly(target: &NetworkTarget, addresses: &[SocketAddr]) -> ConnectStats {
    let mut stats = ConnectStats {
        attempts: 0,
        succeeded: 0,
        lost: 0,
        timed_out: 0,
        timeout_ms: millis(target.attempt_timeout),
        min_ms: None,
        avg_ms: None,
        max_ms: None,
        times_ms: Vec::new(),
        address: None,
        last_error: None,
    };
    if addresses.is_empty() {
        return stats;
    }
    let mut times = Vec::new();
    for attempt in 0..target.connects {
        if attempt > 0 {
            tokio::time::sleep(target.spacing).await;
        }
        let left = target.finish_by.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let timeout = target.attempt_timeout.min(left);
        stats.attempts += 1;
        let started = Instant::now();
        match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(addresses)).await {
            Ok(Ok(stream)) => {
                times.push(millis(started.elapsed()));
                stats.address = stream.peer_addr().ok().map(|a| a.to_string());
            }
            Ok(Err(error)) => stats.last_error = Some(error.to_string()),
            Err(_) => {
                stats.timed_out += 1;
                stats.last_error = Some(format!("no answer within {} ms", timeout.as_millis()));
            }
        }
    }
    stats.succeeded = times.len() as u32;
    stats.lost = stats.attempts - stats.succeeded;
    stats.min_ms = times.iter().copied().reduce(f64::min);
    stats.max_ms = times.iter().copied().reduce(f64::max);
    stats.avg_ms = (!times.is_empty()).then(|| times.iter().sum::<f64>() / times.len() as f64);
    times.truncate(MAX_KEPT_TIMES);
    stats.times_ms = times;
    stats
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

// --- TCP counters ---------------------------------------------------------

/// The snmp file of the service's network namespace when its process is
/// known and has one, else the doctor's.
fn snmp_path(service_pid: &Outcome<u32>) -> String {
    match service_pid {
        Ok(pid) if Path::new(&format!("/proc/{pid}/net/snmp")).exists() => {
            format!("/proc/{pid}/net/snmp")
        }
        _ => "/proc/net/snmp".to_owned(),
    }
}

/// One reading of the `Tcp:` and (when present) `TcpExt:` counters.
#[derive(Debug, Clone)]
struct TcpSample {
    tcp: HashMap<String, i64>,
    ext: Option<HashMap<String, i64>>,
}

fn read_tcp_sample(snmp: &str) -> Outcome<TcpSample> {
    let text = procfs::read(snmp)?;
    let tcp =
        protocol_counters(&text, "Tcp").map_err(|e| SourceError::Failed(format!("{snmp}: {e}")))?;
    // netstat sits beside snmp; old kernels and some sandboxes lack it.
    let netstat = snmp.replace("/snmp", "/netstat");
    let ext = std::fs::read_to_string(&netstat)
        .ok()
        .and_then(|text| protocol_counters(&text, "TcpExt").ok());
    Ok(TcpSample { tcp, ext })
}

/// The counters of one protocol in the `/proc/net/snmp` layout: a line
/// `Proto: Name1 Name2 ...` followed by `Proto: 1 2 ...`.
pub fn protocol_counters(text: &str, protocol: &str) -> Result<HashMap<String, i64>, String> {
    let prefix = format!("{protocol}:");
    let mut lines = text.lines().filter_map(|line| line.strip_prefix(&prefix));
    let (Some(names), Some(values)) = (lines.next(), lines.next()) else {
        return Err(format!("no {protocol} counters"));
    };
    let names: Vec<&str> = names.split_whitespace().collect();
    let values: Vec<&str> = values.split_whitespace().collect();
    if names.len() != values.len() {
        return Err(format!("{protocol} has {} names but {} values", names.len(), values.len()));
    }
    names
        .into_iter()
        .zip(values)
        .map(|(name, value)| {
            let value = value.parse().map_err(|_| format!("{protocol} {name} is {value:?}"))?;
            Ok((name.to_owned(), value))
        })
        .collect()
}

fn tcp_counters(
    source: &str,
    window_seconds: f64,
    before: &TcpSample,
    after: &TcpSample,
) -> Outcome<TcpCounters> {
    let missing = |name: &str| SourceError::Failed(format!("{source} has no Tcp {name}"));
    let grew = |name: &str| -> Outcome<u64> {
        let (Some(old), Some(new)) = (before.tcp.get(name), after.tcp.get(name)) else {
            return Err(missing(name));
        };
        Ok(growth(*old, *new).max(0) as u64)
    };
    let ext_grew = |name: &str| {
        let (old, new) = (before.ext.as_ref()?.get(name)?, after.ext.as_ref()?.get(name)?);
        Some(growth(*old, *new).max(0) as u64)
    };
    Ok(TcpCounters {
        source: source.to_owned(),
        window_seconds,
        in_segs: grew("InSegs")?,
        out_segs: grew("OutSegs")?,
        retrans_segs: grew("RetransSegs")?,
        in_errs: grew("InErrs")?,
        out_rsts: grew("OutRsts")?,
        attempt_fails: grew("AttemptFails")?,
        estab_resets: grew("EstabResets")?,
        listen_overflows: ext_grew("ListenOverflows"),
        listen_drops: ext_grew("ListenDrops"),
        current_established: after
            .tcp
            .get("CurrEstab")
            .map(|v| (*v).max(0) as u64)
            .ok_or_else(|| missing("CurrEstab"))?,
    })
}

// --- The service's sockets ------------------------------------------------

fn service_connections(pid: u32) -> Outcome<ServiceConnections> {
    let inodes = procfs::socket_inodes(pid)?;
    let mut states: HashMap<u64, u8> = HashMap::new();
    for table in ["tcp", "tcp6"] {
        let path = format!("/proc/{pid}/net/{table}");
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                states.extend(procfs::tcp_table(&text).into_iter().map(|s| (s.inode, s.state)))
            }
            // Without IPv6 there is no tcp6 table.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && table == "tcp6" => {}
            Err(e) => return Err(procfs::error(&path, &e)),
        }
    }
    let tcp: Vec<u8> = inodes.iter().filter_map(|inode| states.get(inode).copied()).collect();
    let mut by_state = BTreeMap::new();
    for state in &tcp {
        *by_state.entry(procfs::tcp_state_name(*state).to_owned()).or_insert(0) += 1;
    }
    Ok(ServiceConnections {
        pid,
        socket_fds: inodes.len() as u64,
        tcp_sockets: tcp.len() as u64,
        established: tcp.iter().filter(|s| **s == procfs::TCP_ESTABLISHED).count() as u64,
        by_state,
    })
}

// --- Interfaces -------------------------------------------------------------

const SYS_CLASS_NET: &str = "/sys/class/net";
/// `ARPHRD_LOOPBACK`, the `type` of a loopback device.
const LOOPBACK_TYPE: u32 = 772;

/// One reading of an interface.
#[derive(Debug, Clone)]
struct InterfaceReading {
    name: String,
    kind: InterfaceKind,
    mtu: Option<u32>,
    operstate: Option<String>,
    speed_mbps: Option<u64>,
    rx_bytes: Option<u64>,
    tx_bytes: Option<u64>,
}

fn read_interfaces() -> Outcome<Vec<InterfaceReading>> {
    let entries = std::fs::read_dir(SYS_CLASS_NET).map_err(|e| procfs::error(SYS_CLASS_NET, &e))?;
    let mut readings: Vec<InterfaceReading> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let dir = entry.path();
            let read = |file: &str| std::fs::read_to_string(dir.join(file)).ok();
            let number = |file: &str| read(file)?.trim().parse::<i64>().ok();
            let kind = if number("type") == Some(LOOPBACK_TYPE.into()) {
                InterfaceKind::Loopback
            } else if std::fs::canonicalize(&dir)
                .is_ok_and(|real| real.starts_with("/sys/devices/virtual"))
            {
                InterfaceKind::Virtual
            } else {
                InterfaceKind::Physical
            };
            Some(InterfaceReading {
                name: entry.file_name().to_string_lossy().into_owned(),
                kind,
                mtu: number("mtu").and_then(|v| u32::try_from(v).ok()),
                operstate: read("operstate").map(|s| s.trim().to_owned()),
                // -1 (or EINVAL on read) when the driver does not know.
                speed_mbps: number("speed").and_then(|v| u64::try_from(v).ok()).filter(|v| *v > 0),
                rx_bytes: number("statistics/rx_bytes").and_then(|v| u64::try_from(v).ok()),
                tx_bytes: number("statistics/tx_bytes").and_then(|v| u64::try_from(v).ok()),
            })
        })
        .collect();
    readings.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(readings)
}

/// Interfaces present at both readings, with their traffic in between.
fn interface_stats(
    window_seconds: f64,
    before: &[InterfaceReading],
    after: &[InterfaceReading],
) -> Vec<InterfaceStats> {
    let grew = |old: Option<u64>, new: Option<u64>| Some(growth(old?, new?));
    after
        .iter()
        .filter_map(|now| {
            let then = before.iter().find(|b| b.name == now.name)?;
            let rx_bytes = grew(then.rx_bytes, now.rx_bytes);
            let tx_bytes = grew(then.tx_bytes, now.tx_bytes);
            let busiest = rx_bytes.max(tx_bytes);
            let utilization_percent = match (busiest, now.speed_mbps) {
                (Some(bytes), Some(speed)) if window_seconds > 0.0 => {
                    Some(bytes as f64 * 8.0 / window_seconds / (speed as f64 * 1e6) * 100.0)
                }
                _ => None,
            };
            Some(InterfaceStats {
                name: now.name.clone(),
                kind: now.kind,
                mtu: now.mtu,
                operstate: now.operstate.clone(),
                speed_mbps: now.speed_mbps,
                window_seconds,
                rx_bytes,
                tx_bytes,
                utilization_percent,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::procfs::fixture;

    #[test]
    fn snmp_tcp_counters_parse() {
        let counters = protocol_counters(&fixture("snmp"), "Tcp").unwrap();
        assert_eq!(counters["MaxConn"], -1);
        assert_eq!(counters["RtoMin"], 200);
        for name in ["InSegs", "OutSegs", "RetransSegs", "InErrs", "OutRsts", "AttemptFails"] {
            assert!(counters.contains_key(name), "{name}");
        }
        let ext = protocol_counters(&fixture("netstat"), "TcpExt").unwrap();
        assert!(ext.contains_key("ListenOverflows") && ext.contains_key("ListenDrops"));
        assert!(protocol_counters(&fixture("snmp"), "Sctp").is_err());
        assert!(protocol_counters("Tcp: A B\nTcp: 1\n", "Tcp").is_err());
        assert!(protocol_counters("Tcp: A\nTcp: x\n", "Tcp").is_err());
    }

    #[test]
    fn counters_become_deltas() {
        let sample =
            |text: &str| TcpSample { tcp: protocol_counters(text, "Tcp").unwrap(), ext: None };
        let header =
            "Tcp: InSegs OutSegs RetransSegs InErrs OutRsts AttemptFails EstabResets CurrEstab\n";
        let before = sample(&format!("{header}Tcp: 100 200 1 0 5 7 2 3\n"));
        let after = sample(&format!("{header}Tcp: 150 260 4 0 6 7 2 5\n"));
        let counters = tcp_counters("/proc/net/snmp", 1.0, &before, &after).unwrap();
        assert_eq!(
            (counters.in_segs, counters.out_segs, counters.retrans_segs, counters.out_rsts),
            (50, 60, 3, 1)
        );
        assert_eq!((counters.current_established, counters.listen_overflows), (5, None));
        assert_eq!(counters.retransmitted_percent(), Some(5.0));
        let truncated = sample("Tcp: InSegs\nTcp: 1\n");
        assert!(tcp_counters("x", 1.0, &truncated, &truncated).is_err());
    }

    #[test]
    fn libpq_keyword_strings() {
        let tcp = |host: &str, port| Address::Tcp { host: host.into(), port };
        assert_eq!(
            postgres_addresses("host=db.internal port=5433 user=app password=s3cret dbname=x"),
            Ok(vec![tcp("db.internal", 5433)])
        );
        assert_eq!(
            postgres_addresses("dbname=x user=y"),
            Ok(vec![Address::Unix("in libpq's default socket directory".into())])
        );
        assert_eq!(
            postgres_addresses("host = 'a' port='6000'  password='a \\' b'"),
            Ok(vec![tcp("a", 6000)])
        );
        assert_eq!(
            postgres_addresses("host=a,b,c port=5000"),
            Ok(vec![tcp("a", 5000), tcp("b", 5000), tcp("c", 5000)])
        );
        assert_eq!(postgres_addresses("host=a,b port=1,"), Ok(vec![tcp("a", 1), tcp("b", 5432)]));
        assert_eq!(
            postgres_addresses("host=db.example hostaddr=10.1.2.3"),
            Ok(vec![tcp("10.1.2.3", 5432)])
        );
        assert_eq!(
            postgres_addresses("host=/var/run/postgresql"),
            Ok(vec![Address::Unix("/var/run/postgresql".into())])
        );
        for bad in
            ["host=a,b port=1,2,3", "host", "host='open", "port=http", "host=a,b hostaddr=1.2.3.4"]
        {
            let error = postgres_addresses(bad).unwrap_err();
            assert!(!error.contains("s3cret"), "{error}");
        }
        assert_eq!(
            net::pg_tls::keyword_values(r"a=1 b = 'two words' c=x\ y").unwrap(),
            [
                ("a".into(), "1".into()),
                ("b".into(), "two words".into()),
                ("c".into(), "x y".into())
            ]
        );
    }

    #[test]
    fn postgres_urls() {
        let tcp = |host: &str, port| Address::Tcp { host: host.into(), port };
        assert_eq!(
            postgres_addresses("postgres://user:p%40ss@db:6432/app?sslmode=require"),
            Ok(vec![tcp("db", 6432)])
        );
        assert_eq!(postgres_addresses("postgresql://localhost"), Ok(vec![tcp("localhost", 5432)]));
        assert_eq!(
            postgres_addresses("postgresql://u@h1:5433,[::1]:5434,h3/db"),
            Ok(vec![tcp("h1", 5433), tcp("::1", 5434), tcp("h3", 5432)])
        );
        assert_eq!(
            postgres_addresses("postgresql:///db?host=%2Fvar%2Frun%2Fpostgresql"),
            Ok(vec![Address::Unix("/var/run/postgresql".into())])
        );
        // Query parameters add to the authority's hosts, as tokio-postgres
        // (the doctor's and the server's client) reads them; libpq would
        // replace them.
        assert_eq!(
            postgres_addresses("postgresql://x/db?host=other&port=7000"),
            Ok(vec![tcp("x", 5432), tcp("other", 7000)])
        );
        assert!(postgres_addresses("postgres://[::1/db").is_err());
        // An unescaped / in a password: the host the client would connect to.
        assert_eq!(postgres_addresses("postgres://u:pa/ss@h/db"), Ok(vec![tcp("h", 5432)]));
        let error = postgres_addresses("postgres://u:s3cret@h:notaport/db").unwrap_err();
        assert!(!error.contains("s3cret") && !error.contains("notaport"), "{error}");
    }

    #[test]
    fn redis_urls() {
        assert_eq!(
            redis_address("redis://:pw@cache:6380/0"),
            Ok(Address::Tcp { host: "cache".into(), port: 6380 })
        );
        assert_eq!(
            redis_address("rediss://[::1]"),
            Ok(Address::Tcp { host: "::1".into(), port: 6379 })
        );
        assert_eq!(
            redis_address("redis+unix:///run/redis.sock"),
            Ok(Address::Unix("/run/redis.sock".into()))
        );
        assert!(redis_address("http://cache").is_err());
        assert!(redis_address("cache:6379").is_err());
    }

    #[test]
    fn interfaces_of_this_host_are_read() {
        let readings = read_interfaces().unwrap();
        let lo = readings.iter().find(|i| i.name == "lo").expect("a loopback interface");
        assert_eq!(lo.kind, InterfaceKind::Loopback);
        assert!(lo.mtu.is_some() && lo.speed_mbps.is_none());
        let stats = interface_stats(1.0, &readings, &readings);
        assert!(stats.iter().all(|i| i.rx_bytes == Some(0) || i.rx_bytes.is_none()));
    }
}
