//! A fleet's diagnosis: one section run against every replica at once,
//! under one deadline and at most a given number of requests in flight,
//! then judged as a fleet ([`diagnosis::checks::fleet`]): a row per
//! replica, the replicas far from their siblings, settings that differ,
//! and keys served at different versions.
//!
//! Each replica is judged on what it says itself: its metrics (two
//! scrapes), `/health` and a timed read. Prometheus is not asked, because
//! its answers sum every replica; the runtime is not inspected per
//! replica, because it is one runtime for all (run `quick` for it).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use url::Url;

use crate::plan::Plan;
use diagnosis::checks::fleet::{ReplicaFacts, ReplicaRun};
use diagnosis::checks::{self, Section, Source};
use diagnosis::report::{Report, Status};

/// What to run on every replica and what to read from them.
#[derive(Debug, Clone)]
pub struct FleetRequest {
    pub section: Section,
    /// Keys (`NAMESPACE/KEY`) to read from every replica.
    pub keys: Vec<String>,
    /// A namespace whose first 20 keys (as the first replica lists them)
    /// are read as well.
    pub sample_namespace: Option<String>,
    /// The environment of the keys read.
    pub env: String,
    /// How many requests to the replicas are in flight at once.
    pub concurrency: u16,
}

/// One replica to diagnose.
#[derive(Debug, Clone, PartialEq)]
pub struct Replica {
    pub name: String,
    pub api: Url,
    pub metrics: Url,
}

/// `host:port` of a URL, as a replica's name.
fn authority(url: &Url) -> String {
    match url.port_or_known_default() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    }
}

/// `url` with its host replaced by `host`.
fn on_host(url: &Url, host: &str) -> Result<Url, String> {
    let mut moved = url.clone();
    moved.set_host(Some(host)).map_err(|e| format!("{host} is not a host: {e}"))?;
    Ok(moved)
}

/// `API_URL[=METRICS_URL]`; the metrics default to the API's host on
/// --metrics-url's port and path.
pub fn parse_replica(raw: &str, plan: &Plan) -> Result<Replica, String> {
    let (api, metrics) = match raw.split_once('=') {
        Some((api, metrics)) => (api, Some(metrics)),
        None => (raw, None),
    };
    let parse = |text: &str| {
        Url::parse(text)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
            .ok_or_else(|| {
                format!(
                    "--replica {}: not an http(s) URL",
                    diagnosis::redact::connection_string(text)
                )
            })
    };
    let api = parse(api)?;
    let metrics = match metrics {
        Some(metrics) => parse(metrics)?,
        None => {
            let mut url = on_host(&plan.metrics_url, api.host_str().unwrap_or_default())?;
            url.set_scheme(api.scheme()).map_err(|()| "cannot keep the scheme".to_owned())?;
            url
        }
    };
    Ok(Replica { name: authority(&api), api, metrics })
}

/// The runtime's replicas that have an address, on --api-url's and
/// --metrics-url's ports.
pub async fn discover(plan: &Plan) -> Result<Vec<Replica>, String> {
    let (kind, replicas) = crate::sources::runtime::replicas(plan)
        .await
        .map_err(|e| format!("cannot find the replicas through the runtime: {e}"))?;
    let mut found = Vec::new();
    for replica in &replicas {
        if let Some(address) = &replica.address {
            found.push(Replica {
                name: replica.name.clone(),
                api: on_host(&plan.api_url, address)?,
                metrics: on_host(&plan.metrics_url, address)?,
            });
        }
    }
    if found.is_empty() {
        return Err(format!(
            "the {} runtime gave no replica with an address; name them with --replica API_URL",
            kind.label()
        ));
    }
    Ok(found)
}

/// Diagnoses `replicas` as a fleet: `request.section` on each, then the
/// fleet's comparisons; the report holds the fleet's findings, then each
/// replica's WARNING and CRITICAL ones and causes, tagged with its name.
/// The plan's `--timeout` bounds the whole run.
pub async fn diagnose(
    request: &FleetRequest,
    replicas: &[Replica],
    plan: &Plan,
) -> Result<Report, String> {
    let started_at = Utc::now();
    let started = Instant::now();
    let deadline = started + plan.run_length();
    let requested = BTreeSet::from([Source::Metrics, Source::Health, Source::ConfigRead]);
    let checks = plan.selection.apply(checks::select(&[request.section], &requested))?;
    let needed: Vec<Source> = checks::sources_needed(checks.iter().copied())
        .into_iter()
        .filter(|source| requested.contains(source))
        .collect();
    let gate = Arc::new(tokio::sync::Semaphore::new(usize::from(request.concurrency)));
    // One client for every replica: its pool, and its TLS roots, which
    // cost milliseconds of CPU to load each time.
    let client = crate::sources::http::client(plan.timeout);
    let mut runs = tokio::task::JoinSet::new();
    for (index, replica) in replicas.iter().enumerate() {
        let (gate, checks, replica) = (Arc::clone(&gate), checks.clone(), replica.clone());
        let (needed, client) = (needed.clone(), client.clone());
        let plan = Plan {
            api_url: replica.api.clone(),
            metrics_url: replica.metrics.clone(),
            // What is left of the one deadline.
            timeout: deadline.saturating_duration_since(Instant::now()),
            // Every replica samples the one window; none starts earlier.
            state_dir: None,
            ..plan.clone()
        };
        let command = format!("fleet {}", request.section.name());
        runs.spawn(async move {
            let (evidence, report) = crate::doctor::examine(
                &plan,
                &command,
                &checks,
                &needed,
                &client,
                Some(&gate),
                &|_| {},
            )
            .await;
            (index, ReplicaFacts::of(&evidence, plan.runbook.ratios.min_sample), report)
        });
    }
    let versions = async {
        let mut keys = request.keys.clone();
        if let (Some(namespace), Some(first)) = (&request.sample_namespace, replicas.first()) {
            let listed = crate::sources::fleet::list_keys(
                &client,
                &first.api,
                namespace,
                &request.env,
                deadline,
            )
            .await?;
            keys.extend(listed);
        }
        let addresses: Vec<(String, Url)> =
            replicas.iter().map(|r| (r.name.clone(), r.api.clone())).collect();
        // A change on its way settles within the replicas' trust bound
        // (1 s by default); read again a little after it.
        let settle = Duration::from_millis(1250);
        crate::sources::fleet::read_keys(&client, &addresses, &keys, &request.env, settle, deadline)
            .await
    };
    let (mut done, versions) = tokio::join!(runs.join_all(), versions);
    done.sort_by_key(|(index, _, _)| *index);
    let judged: Vec<(ReplicaFacts, Report)> =
        done.into_iter().map(|(_, facts, report)| (facts, report)).collect();
    let fleet_runs: Vec<ReplicaRun<'_>> = replicas
        .iter()
        .zip(&judged)
        .map(|(replica, (facts, report))| ReplicaRun { name: &replica.name, facts, report })
        .collect();
    let mut findings = checks::fleet::judge(&fleet_runs, &versions, &plan.runbook);
    let mut causes = Vec::new();
    for (replica, (_, report)) in replicas.iter().zip(judged) {
        // Its WARNING and CRITICAL findings in full; the rest are counted
        // in its row.
        let tag = || Some(replica.name.clone());
        findings.extend(
            report
                .findings
                .into_iter()
                .filter(|f| matches!(f.status, Status::Warning | Status::Critical))
                .map(|finding| diagnosis::report::Finding { replica: tag(), ..finding }),
        );
        causes.extend(
            report
                .causes
                .into_iter()
                .map(|cause| diagnosis::report::Cause { replica: tag(), ..cause }),
        );
    }
    causes.sort_by(|a, b| b.score.total_cmp(&a.score));
    let target = format!("{} replica(s)", replicas.len());
    let duration_ms = started.elapsed().as_millis() as u64;
    let report = Report::new(
        &format!("fleet {}", request.section.name()),
        target,
        started_at,
        duration_ms,
        findings,
    )
    .with_causes(causes);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_parse_with_and_without_their_metrics_url() {
        let plan = crate::plan::Settings::default().resolve().unwrap();
        let replica = parse_replica("http://10.0.0.7:8080", &plan).unwrap();
        assert_eq!(replica.name, "10.0.0.7:8080");
        assert_eq!(replica.metrics.as_str(), "http://10.0.0.7:9090/metrics");
        let replica = parse_replica("http://a:8080=http://a-metrics:9100/metrics", &plan).unwrap();
        assert_eq!(replica.metrics.as_str(), "http://a-metrics:9100/metrics");
        let error = parse_replica("ftp://user:secret@host", &plan).unwrap_err();
        assert!(error.contains("not an http(s) URL") && !error.contains("secret"), "{error}");
    }
}
