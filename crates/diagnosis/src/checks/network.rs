//! The runbook's network section, and the round-trip and DNS questions the
//! latency section asks too: dependencies, TCP errors, connections,
//! interface load and MTUs.

use super::common::runtime_label;
use super::{Check, Section, Source, Verdict, require, round1, round2};
use crate::analysis::probes::{MIN_PROBES, ProbeSummary};
use crate::evidence::Evidence;
use crate::evidence::network::{DependencyRoundTrip, InterfaceKind, NetworkEvidence};
use crate::report::Status;
use crate::runbook::Runbook;
use crate::threshold::{Band, BandClaim, Direction};
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
    band: None,
    judge: dependency_rtt,
};

static LATENCY_DEPENDENCY_RTT: Check = Check {
    code: "latency.dependency-rtt",
    section: Section::Latency,
    title: "Dependency round trips",
    needs: &[Source::Network],
    band: None,
    judge: dependency_rtt,
};

/// Each dependency's connects judged by their median: loss first (all lost
/// CRITICAL, any lost WARNING), then the median of at least
/// [`MIN_PROBES`] answered connects against the loopback or network bound;
/// fewer answered connects leave the time UNKNOWN, with the count.
fn dependency_rtt(evidence: &Evidence, _: &Runbook) -> Verdict {
    let network = or_return!(network(evidence));
    if network.dependencies.is_empty() {
        return Verdict::not_measured("no dependency address to probe", "TCP connects");
    }
    let mut status = Status::Ok;
    let mut worst_median: Option<f64> = None;
    let mut parts = Vec::new();
    for dependency in &network.dependencies {
        let (verdict, words) = connects_verdict(dependency);
        status = status.worst(verdict);
        if let Some(summary) = ProbeSummary::of(&dependency.connects.times_ms)
            && summary.is_enough()
        {
            worst_median = Some(worst_median.unwrap_or(0.0).max(summary.median_ms));
        }
        let c = &dependency.connects;
        parts.push(format!(
            "{} {}:{} {words}, {} of {} lost",
            dependency.dependency, dependency.host, dependency.port, c.lost, c.attempts
        ));
    }
    let verdict = Verdict::new(status, parts.join("; "), "TCP connects (median, min, max)")
        .threshold(Threshold::rule(format!(
            "median of at least {MIN_PROBES} answered connects < {LOOPBACK_RTT_MS} ms on \
             loopback, < {NETWORK_RTT_MS} ms otherwise; any loss WARNING; all lost CRITICAL"
        )));
    match worst_median {
        Some(median) => verdict.measured(round2(median), Unit::Milliseconds),
        None => verdict,
    }
}

/// One dependency's status and the words that say why.
fn connects_verdict(dependency: &DependencyRoundTrip) -> (Status, String) {
    let c = &dependency.connects;
    let limit = if dependency.on_loopback() { LOOPBACK_RTT_MS } else { NETWORK_RTT_MS };
    let failure = || c.last_error.clone().unwrap_or_else(|| "no answer".into());
    if c.attempts == 0 {
        return (Status::Unknown, format!("not probed ({})", failure()));
    }
    if c.succeeded == 0 {
        return (Status::Critical, failure());
    }
    let Some(summary) = ProbeSummary::of(&c.times_ms) else {
        return (
            Status::Unknown,
            format!("{} answered, but this bundle keeps no per-connect times", c.succeeded),
        );
    };
    let timing = format!(
        "median {} ms of {} answered connect(s) (min {}, max {})",
        round2(summary.median_ms),
        summary.count,
        round2(summary.min_ms),
        round2(summary.max_ms)
    );
    let status = if c.lost > 0 {
        Status::Warning
    } else if !summary.is_enough() {
        return (Status::Unknown, format!("{timing}: too few to judge (under {MIN_PROBES})"));
    } else if summary.median_ms > limit {
        Status::Warning
    } else {
        Status::Ok
    };
    (status, timing)
}

static DNS: Check = Check {
    code: "network.dns",
    section: Section::Network,
    title: "Name resolution",
    needs: &[Source::Network],
    band: None,
    judge: dns,
};

static LATENCY_DNS: Check = Check {
    code: "latency.dns",
    section: Section::Latency,
    title: "Name resolution",
    needs: &[Source::Network],
    band: None,
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
    band: None,
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
    band: None,
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
    band: BandClaim::new("resources.network-io", Unit::Percent),
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
    band: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::network::ConnectStats;

    fn dependency(times_ms: &[f64], lost: u32) -> DependencyRoundTrip {
        let succeeded = times_ms.len() as u32;
        DependencyRoundTrip {
            dependency: "api".into(),
            host: "127.0.0.1".into(),
            port: 8080,
            dns: None,
            connects: ConnectStats {
                attempts: succeeded + lost,
                succeeded,
                lost,
                timed_out: 0,
                timeout_ms: 1000.0,
                min_ms: times_ms.iter().copied().reduce(f64::min),
                avg_ms: None,
                max_ms: times_ms.iter().copied().reduce(f64::max),
                times_ms: times_ms.to_vec(),
                address: (succeeded > 0).then(|| "127.0.0.1:8080".into()),
                last_error: (lost > 0).then(|| "Connection refused (os error 111)".into()),
            },
        }
    }

    fn judge(dependencies: Vec<DependencyRoundTrip>) -> Verdict {
        let network = NetworkEvidence {
            dependencies,
            not_probed: Vec::new(),
            tcp: Err(crate::evidence::SourceError::Unsupported("-".into())),
            connections: Err(crate::evidence::SourceError::Unsupported("-".into())),
            interfaces: Ok(Vec::new()),
        };
        let evidence = Evidence { network: Some(Ok(network)), ..Evidence::default() };
        dependency_rtt(&evidence, &Runbook::embedded())
    }

    #[test]
    fn one_hiccup_among_ten_loopback_connects_is_ok() {
        // Recorded on a healthy loopback: min/avg/max 0.3/1.73/9.04 ms.
        let times = [0.3, 0.31, 9.04, 0.32, 0.3, 0.33, 0.3, 0.31, 0.32, 0.3];
        let verdict = judge(vec![dependency(&times, 0)]);
        assert_eq!(verdict.status, Status::Ok, "{verdict:?}");
        assert_eq!(verdict.value, Some(0.31));
        assert!(verdict.summary.contains("median 0.31 ms of 10 answered"), "{}", verdict.summary);
    }

    #[test]
    fn a_slow_median_warns_and_loss_warns() {
        let slow = judge(vec![dependency(&[1.4, 1.6, 1.5, 2.0, 1.5], 0)]);
        assert_eq!(slow.status, Status::Warning, "{slow:?}");
        let lossy = judge(vec![dependency(&[0.3, 0.3], 3)]);
        assert_eq!(lossy.status, Status::Warning, "loss is judged on any count: {lossy:?}");
        let lost = judge(vec![dependency(&[], 5)]);
        assert_eq!(lost.status, Status::Critical, "{lost:?}");
    }

    #[test]
    fn too_few_answers_or_no_kept_times_are_unknown_with_the_count() {
        let few = judge(vec![dependency(&[0.3, 0.4, 0.3], 0)]);
        assert_eq!(few.status, Status::Unknown, "{few:?}");
        assert!(few.summary.contains("of 3 answered connect(s)"), "{}", few.summary);
        let mut old = dependency(&[0.3; 10], 0);
        old.connects.times_ms.clear();
        let old = judge(vec![old]);
        assert_eq!(old.status, Status::Unknown, "{old:?}");
        assert!(old.summary.contains("no per-connect times"), "{}", old.summary);
        // A dependency at fault outweighs one that could not be judged.
        let mixed = judge(vec![dependency(&[0.3; 3], 0), dependency(&[], 5)]);
        assert_eq!(mixed.status, Status::Critical);
    }
}
