//! The runbook's network section, and the round-trip and DNS questions the
//! latency section asks too: dependencies, TCP errors, connections,
//! interface load and MTUs.

use super::common::runtime_label;
use super::{Check, Section, Source, Verdict, require, round1, round2};
use crate::evidence::Evidence;
use crate::evidence::network::{InterfaceKind, NetworkEvidence};
use crate::report::Status;
use crate::runbook::{Band, Direction, Runbook};
use crate::threshold::{Threshold, Unit};

pub static CHECKS: &[&Check] =
    &[&DEPENDENCY_RTT, &DNS, &CONNECTIONS, &TCP_ERRORS, &IO_UTILIZATION, &MTU];

/// The latency section's copies of the round-trip and DNS checks.
pub static LATENCY_CHECKS: &[&Check] = &[&LATENCY_DEPENDENCY_RTT, &LATENCY_DNS];

/// Round trip bounds: loopback should answer within a millisecond, the
/// local network within ten.
const LOOPBACK_RTT_MS: f64 = 1.0;
const NETWORK_RTT_MS: f64 = 10.0;
/// DNS answers: OK under 50 ms, WARNING under 500 ms.
const DNS_BAND: Band = Band { warning: 50.0, critical: 500.0 };
/// Retransmitted share of sent segments that is CRITICAL.
const RETRANSMIT_CRITICAL_PERCENT: f64 = 1.0;

fn network(evidence: &Evidence) -> Result<&NetworkEvidence, Verdict> {
    require(&evidence.network, Source::Network)
}

static DEPENDENCY_RTT: Check = Check {
    code: "network.dependency-rtt",
    section: Section::Network,
    title: "Dependency round trips",
    needs: &[Source::Network],
    judge: dependency_rtt,
};

static LATENCY_DEPENDENCY_RTT: Check = Check {
    code: "latency.dependency-rtt",
    section: Section::Latency,
    title: "Dependency round trips",
    needs: &[Source::Network],
    judge: dependency_rtt,
};

fn dependency_rtt(evidence: &Evidence, _: &Runbook) -> Verdict {
    let network = or_return!(network(evidence));
    if network.dependencies.is_empty() {
        return Verdict::not_measured("no dependency address to probe", "TCP connects");
    }
    let mut status = Status::Ok;
    let mut worst_avg: f64 = 0.0;
    let mut parts = Vec::new();
    for dependency in &network.dependencies {
        let c = &dependency.connects;
        let loopback =
            c.address.as_deref().is_some_and(|a| a.starts_with("127.") || a.starts_with("[::1]"))
                || dependency.host == "localhost";
        let limit = if loopback { LOOPBACK_RTT_MS } else { NETWORK_RTT_MS };
        let verdict = match (c.succeeded, c.avg_ms) {
            (0, _) => Status::Critical,
            (_, _) if c.lost > 0 => Status::Warning,
            (_, Some(avg)) if avg > limit => Status::Warning,
            _ => Status::Ok,
        };
        status = status.worst(verdict);
        worst_avg = worst_avg.max(c.avg_ms.unwrap_or(0.0));
        let timing = match (c.min_ms, c.avg_ms, c.max_ms) {
            (Some(min), Some(avg), Some(max)) => {
                format!("{}/{}/{} ms", round2(min), round2(avg), round2(max))
            }
            _ => c.last_error.clone().unwrap_or_else(|| "no answer".into()),
        };
        parts.push(format!(
            "{} {}:{} {timing}, {} of {} lost",
            dependency.dependency, dependency.host, dependency.port, c.lost, c.attempts
        ));
    }
    Verdict::new(status, parts.join("; "), "TCP connects (min/avg/max)")
        .measured(round2(worst_avg), Unit::Milliseconds)
        .threshold(Threshold::rule(format!(
            "avg < {LOOPBACK_RTT_MS} ms on loopback, < {NETWORK_RTT_MS} ms otherwise; any loss WARNING; all lost CRITICAL"
        )))
}

static DNS: Check = Check {
    code: "network.dns",
    section: Section::Network,
    title: "Name resolution",
    needs: &[Source::Network],
    judge: dns,
};

static LATENCY_DNS: Check = Check {
    code: "latency.dns",
    section: Section::Latency,
    title: "Name resolution",
    needs: &[Source::Network],
    judge: dns,
};

fn dns(evidence: &Evidence, _: &Runbook) -> Verdict {
    let network = or_return!(network(evidence));
    let lookups: Vec<_> =
        network.dependencies.iter().filter_map(|d| Some((d, d.dns.as_ref()?))).collect();
    if lookups.is_empty() {
        return Verdict::new(
            Status::Ok,
            "every dependency is an IP address: nothing to resolve",
            "DNS",
        );
    }
    let mut status = Status::Ok;
    let mut slowest: f64 = 0.0;
    let parts: Vec<String> = lookups
        .iter()
        .map(|(dependency, lookup)| {
            let verdict = match &lookup.error {
                Some(_) => Status::Critical,
                None => super::judge_band(lookup.elapsed_ms, &DNS_BAND, Direction::HigherIsWorse),
            };
            status = status.worst(verdict);
            slowest = slowest.max(lookup.elapsed_ms);
            match &lookup.error {
                Some(error) => format!("{} failed: {error}", dependency.host),
                None => format!("{} in {} ms", dependency.host, round1(lookup.elapsed_ms)),
            }
        })
        .collect();
    Verdict::new(status, parts.join("; "), "DNS lookups")
        .measured(round2(slowest), Unit::Milliseconds)
        .threshold(
            Threshold::band(&DNS_BAND, Direction::HigherIsWorse, Unit::Milliseconds)
                .and("a failure is CRITICAL"),
        )
}

static CONNECTIONS: Check = Check {
    code: "network.connections",
    section: Section::Network,
    title: "Service connections",
    needs: &[Source::Network, Source::Runtime],
    judge: connections,
};

fn connections(evidence: &Evidence, _: &Runbook) -> Verdict {
    let network = or_return!(network(evidence));
    let connections = match &network.connections {
        Ok(connections) => connections,
        Err(error) => return Verdict::source_failed(Source::Network, error),
    };
    let fd_limit = evidence
        .runtime
        .as_ref()
        .and_then(|r| r.as_ref().ok())
        .and_then(|r| r.process.as_ref()?.fd_limit);
    let limit = fd_limit.map_or_else(String::new, |limit| format!(" (fd limit {limit})"));
    let source = evidence
        .runtime
        .as_ref()
        .and_then(|r| r.as_ref().ok())
        .map_or_else(|| format!("pid {}", connections.pid), runtime_label);
    Verdict::new(
        Status::Ok,
        format!(
            "{} established of {} TCP sockets, {} socket fds{limit}",
            connections.established, connections.tcp_sockets, connections.socket_fds
        ),
        source,
    )
    .measured(connections.established as f64, Unit::Connections)
}

static TCP_ERRORS: Check = Check {
    code: "network.tcp-errors",
    section: Section::Network,
    title: "TCP errors",
    needs: &[Source::Network],
    judge: tcp_errors,
};

fn tcp_errors(evidence: &Evidence, _: &Runbook) -> Verdict {
    let network = or_return!(network(evidence));
    let tcp = match &network.tcp {
        Ok(tcp) => tcp,
        Err(error) => return Verdict::source_failed(Source::Network, error),
    };
    let retransmitted = tcp.retransmitted_percent().unwrap_or(0.0);
    let status = if retransmitted > RETRANSMIT_CRITICAL_PERCENT {
        Status::Critical
    } else if tcp.retrans_segs > 0 || tcp.in_errs > 0 {
        Status::Warning
    } else {
        Status::Ok
    };
    Verdict::new(
        status,
        format!(
            "over {}s: {} of {} segments retransmitted ({}%), {} receive errors, {} resets sent, {} failed connects",
            round1(tcp.window_seconds),
            tcp.retrans_segs,
            tcp.out_segs,
            round2(retransmitted),
            tcp.in_errs,
            tcp.out_rsts,
            tcp.attempt_fails
        ),
        tcp.source.clone(),
    )
    .measured(round2(retransmitted), Unit::PercentRetransmitted)
    .threshold(
        Threshold::new(
            0.0,
            RETRANSMIT_CRITICAL_PERCENT,
            Direction::HigherIsWorse,
            Unit::PercentRetransmitted,
        )
        .and("any receive error is a WARNING"),
    )
}

static IO_UTILIZATION: Check = Check {
    code: "network.io-utilization",
    section: Section::Network,
    title: "Network I/O",
    needs: &[Source::Network],
    judge: io_utilization,
};

fn io_utilization(evidence: &Evidence, runbook: &Runbook) -> Verdict {
    let network = or_return!(network(evidence));
    let interfaces = match &network.interfaces {
        Ok(interfaces) => interfaces,
        Err(error) => return Verdict::source_failed(Source::Network, error),
    };
    let measured: Vec<_> =
        interfaces.iter().filter_map(|i| Some((i, i.utilization_percent?))).collect();
    let Some((busiest, percent)) = measured.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else {
        return Verdict::not_measured(
            "no interface reports a link speed (virtual NICs often do not)",
            "/sys/class/net",
        );
    };
    super::percent_verdict(
        &format!("{} at", busiest.name),
        *percent,
        &runbook.resources.network_io,
        Direction::HigherIsWorse,
        "/sys/class/net".into(),
    )
}

static MTU: Check = Check {
    code: "network.mtu",
    section: Section::Network,
    title: "Interface MTUs",
    needs: &[Source::Network],
    judge: mtu,
};

/// Interfaces that are up and not loopback should agree on the MTU.
fn mtu(evidence: &Evidence, _: &Runbook) -> Verdict {
    let network = or_return!(network(evidence));
    let interfaces = match &network.interfaces {
        Ok(interfaces) => interfaces,
        Err(error) => return Verdict::source_failed(Source::Network, error),
    };
    let active: Vec<_> = interfaces
        .iter()
        .filter(|i| i.kind != InterfaceKind::Loopback && i.operstate.as_deref() == Some("up"))
        .filter_map(|i| Some((i.name.as_str(), i.mtu?)))
        .collect();
    let listed =
        active.iter().map(|(name, mtu)| format!("{name} {mtu}")).collect::<Vec<_>>().join(", ");
    let mut mtus: Vec<u32> = active.iter().map(|(_, mtu)| *mtu).collect();
    mtus.sort_unstable();
    mtus.dedup();
    match mtus.len() {
        0 => Verdict::new(Status::Ok, "no active interface besides loopback", "/sys/class/net"),
        1 => {
            Verdict::new(Status::Ok, format!("active interfaces agree: {listed}"), "/sys/class/net")
        }
        _ => Verdict::new(
            Status::Warning,
            format!(
                "active interfaces differ: {listed}; large packets may be fragmented or dropped"
            ),
            "/sys/class/net",
        ),
    }
}
