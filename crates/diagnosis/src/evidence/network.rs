//! What the network source saw: round trips to each dependency, the
//! kernel's TCP counters over the sampling window, the service's TCP
//! sockets, and the host's interfaces.
//!
//! Plain data for the `latency` and `network` checks; the source that fills
//! it is `sources::network`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Outcome;

/// Everything the network source collected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkEvidence {
    /// One entry per TCP endpoint of a dependency (the API, the metrics
    /// listener, and the database and Redis when configured), in that
    /// order. A database named with several hosts has one entry per host.
    pub dependencies: Vec<DependencyRoundTrip>,
    /// Configured dependencies that could not be probed over TCP (a Unix
    /// socket, an address that does not parse).
    pub not_probed: Vec<UnprobedDependency>,
    /// TCP counters over the sampling window, in the service's network
    /// namespace when its process is known, else in the doctor's.
    pub tcp: Outcome<TcpCounters>,
    /// The service's own TCP sockets; an error when its process is not
    /// known on this host or its fds cannot be read.
    pub connections: Outcome<ServiceConnections>,
    /// The interfaces of the doctor's network namespace.
    pub interfaces: Outcome<Vec<InterfaceStats>>,
}

/// DNS lookup and repeated TCP connects to one dependency endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyRoundTrip {
    /// `api`, `metrics`, `database` or `redis`.
    pub dependency: String,
    /// Host name or IP address, as configured (no brackets around IPv6).
    pub host: String,
    pub port: u16,
    /// The name lookup; `None` when `host` is an IP address.
    pub dns: Option<DnsLookup>,
    pub connects: ConnectStats,
}

impl DependencyRoundTrip {
    /// Whether the endpoint is on this host's loopback, where a slow
    /// connect is the host's scheduling, not the network.
    pub fn on_loopback(&self) -> bool {
        let address = self.connects.address.as_deref();
        address.is_some_and(|a| a.starts_with("127.") || a.starts_with("[::1]"))
            || self.host == "localhost"
    }
}

/// One resolution of a host name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DnsLookup {
    /// Time the resolver took, failures included.
    pub elapsed_ms: f64,
    /// The addresses it gave, in the resolver's order.
    pub addresses: Vec<String>,
    /// Why it gave none (`None` on success).
    pub error: Option<String>,
}

/// `attempts` TCP connects, each with its own timeout, a little apart.
///
/// A connect tries the resolved addresses in order, as a client would, and
/// its time is to the first that accepts. Timings are of the connects that
/// succeeded; `times_ms` keeps each of them (at most [`MAX_KEPT_TIMES`]) so
/// that a check can judge their median.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectStats {
    /// Connects started; fewer than planned when the run's deadline came
    /// first, zero when the name did not resolve.
    pub attempts: u32,
    pub succeeded: u32,
    /// `attempts - succeeded`.
    pub lost: u32,
    /// Lost connects that got no answer within the timeout (the others
    /// were refused or failed at once).
    pub timed_out: u32,
    /// The timeout of each connect.
    pub timeout_ms: f64,
    pub min_ms: Option<f64>,
    pub avg_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// Each successful connect's time, in the order made; empty in bundles
    /// written before the doctor kept them.
    #[serde(default)]
    pub times_ms: Vec<f64>,
    /// The address that accepted the last successful connect.
    pub address: Option<String>,
    /// The error of the last lost connect.
    pub last_error: Option<String>,
}

/// The most connect times one dependency's [`ConnectStats`] keeps.
pub const MAX_KEPT_TIMES: usize = 100;

/// A configured dependency with no TCP endpoint to probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnprobedDependency {
    /// `database` or `redis`.
    pub dependency: String,
    pub reason: String,
}

/// Growth of the kernel's TCP counters (`/proc/net/snmp` `Tcp:` and
/// `/proc/net/netstat` `TcpExt:`) over the window; counters are of the
/// whole network namespace, not of one process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TcpCounters {
    /// The snmp file read, e.g. `/proc/1234/net/snmp`.
    pub source: String,
    pub window_seconds: f64,
    /// Segments received, errors included.
    pub in_segs: u64,
    /// Segments sent, retransmissions excluded.
    pub out_segs: u64,
    pub retrans_segs: u64,
    /// Segments received with errors (bad checksum and the like).
    pub in_errs: u64,
    /// Segments sent with the RST flag.
    pub out_rsts: u64,
    /// Connects that failed (refused, timed out, reset while opening).
    pub attempt_fails: u64,
    /// Established connections reset.
    pub estab_resets: u64,
    /// Connections dropped because a listener's accept queue was full;
    /// `None` when the kernel does not report it.
    pub listen_overflows: Option<u64>,
    /// SYNs dropped by a listener for any reason (overflows included).
    pub listen_drops: Option<u64>,
    /// Connections in ESTABLISHED or CLOSE_WAIT at the end of the window
    /// (the kernel's `CurrEstab` gauge).
    pub current_established: u64,
}

impl TcpCounters {
    /// Retransmitted segments as a share of segments sent, 0-100; `None`
    /// when nothing was sent.
    pub fn retransmitted_percent(&self) -> Option<f64> {
        (self.out_segs > 0).then(|| self.retrans_segs as f64 * 100.0 / self.out_segs as f64)
    }
}

/// The service process's TCP sockets at the end of the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceConnections {
    pub pid: u32,
    /// Open fds that are sockets of any kind (TCP, UDP, Unix).
    pub socket_fds: u64,
    /// Those sockets found in the TCP tables (IPv4 and IPv6).
    pub tcp_sockets: u64,
    /// TCP sockets in the ESTABLISHED state.
    pub established: u64,
    /// TCP sockets by state name (`ESTABLISHED`, `LISTEN`, `CLOSE_WAIT`, ...).
    pub by_state: BTreeMap<String, u64>,
}

/// What kind of device an interface is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InterfaceKind {
    Loopback,
    /// Backed by a device (a NIC, virtio, ...).
    Physical,
    /// Software only: bridges, veths, tunnels, `ifb`, ...
    Virtual,
}

/// One network interface and its traffic over the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterfaceStats {
    pub name: String,
    pub kind: InterfaceKind,
    pub mtu: Option<u32>,
    /// `up`, `down`, `unknown` (loopback), ...
    pub operstate: Option<String>,
    /// Link speed in Mbit/s; `None` when the driver does not know it
    /// (virtual and many paravirtual devices, links that are down).
    pub speed_mbps: Option<u64>,
    pub window_seconds: f64,
    /// Bytes received over the window.
    pub rx_bytes: Option<u64>,
    /// Bytes sent over the window.
    pub tx_bytes: Option<u64>,
    /// The busier direction's throughput as a share of the link speed,
    /// 0-100 (links are full duplex); `None` without a known speed.
    pub utilization_percent: Option<f64>,
}
