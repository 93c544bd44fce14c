//! Reads the same config keys from every replica of a fleet, at once, and
//! once more after the replicas' trust bound when they disagree, so that a
//! change still on its way is not taken for skew.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use url::Url;

use diagnosis::evidence::fleet::{KeyVersions, ReplicaRead};
use diagnosis::evidence::{Outcome, SourceError};

/// Most keys `--sample-namespace` reads.
pub const SAMPLE_KEYS: usize = 20;

/// The config URL of `namespace/key` in `env` on the replica at `api`.
fn config_url(api: &Url, key: &str, env: &str) -> Result<Url, SourceError> {
    let mut url = api
        .join(&format!("/api/v1/configs/{key}"))
        .map_err(|e| SourceError::Failed(format!("{key}: {e}")))?;
    url.query_pairs_mut().append_pair("env", env);
    Ok(url)
}

async fn read_one(
    client: &reqwest::Client,
    replica: &str,
    url: Url,
    until: Instant,
) -> ReplicaRead {
    let failed = |error: String| ReplicaRead {
        replica: replica.to_owned(),
        version: None,
        error: Some(error),
    };
    let answer = match tokio::time::timeout_at(until.into(), client.get(url.clone()).send()).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(error)) => return failed(super::http::describe(&error)),
        Err(_) => return failed("no answer before the deadline".to_owned()),
    };
    match answer.status().as_u16() {
        404 => ReplicaRead { replica: replica.to_owned(), version: None, error: None },
        200 => {
            let body = tokio::time::timeout_at(until.into(), super::http::read_body(&url, answer));
            let entry = match body.await {
                Ok(Ok(body)) => serde_json::from_slice::<serde_json::Value>(&body).ok(),
                _ => None,
            };
            match entry {
                Some(body) => match body["version"].as_i64() {
                    Some(version) => ReplicaRead {
                        replica: replica.to_owned(),
                        version: Some(version),
                        error: None,
                    },
                    None => failed("the answer has no version".to_owned()),
                },
                _ => failed("the answer is not a config entry".to_owned()),
            }
        }
        status => failed(format!("HTTP {status}")),
    }
}

async fn read_everywhere(
    client: &reqwest::Client,
    replicas: &[(String, Url)],
    key: &str,
    env: &str,
    until: Instant,
) -> Result<Vec<ReplicaRead>, SourceError> {
    let mut reads = Vec::with_capacity(replicas.len());
    for (name, api) in replicas {
        reads.push(read_one(client, name, config_url(api, key, env)?, until));
    }
    Ok(join_all(reads).await)
}

fn disagree(reads: &[ReplicaRead]) -> bool {
    let mut versions = reads.iter().filter(|read| read.error.is_none()).map(|read| read.version);
    versions.next().is_some_and(|first| versions.any(|other| other != first))
}

/// Reads each of `keys` (`namespace/key`) from every replica; keys whose
/// answers disagree are read again `settle` later, when the deadline
/// leaves room.
pub async fn read_keys(
    client: &reqwest::Client,
    replicas: &[(String, Url)],
    keys: &[String],
    env: &str,
    settle: Duration,
    deadline: Instant,
) -> Outcome<Vec<KeyVersions>> {
    let mut samples = Vec::with_capacity(keys.len());
    for key in keys {
        let first = read_everywhere(client, replicas, key, env, deadline).await?;
        samples.push(KeyVersions {
            key: key.clone(),
            env: env.to_owned(),
            first,
            settled: None,
            settle_ms: 0,
        });
    }
    let unsettled: Vec<usize> =
        samples.iter().enumerate().filter(|(_, s)| disagree(&s.first)).map(|(i, _)| i).collect();
    let settled_at = Instant::now() + settle;
    if !unsettled.is_empty() && settled_at + Duration::from_millis(200) < deadline {
        tokio::time::sleep_until(settled_at.into()).await;
        for index in unsettled {
            let sample = &mut samples[index];
            let again = read_everywhere(client, replicas, &sample.key, env, deadline).await?;
            sample.settled = Some(again);
            sample.settle_ms = settle.as_millis() as u64;
        }
    }
    Ok(samples)
}

/// Up to [`SAMPLE_KEYS`] keys of `namespace` as the replica at `api` lists
/// them, as `namespace/key`.
pub async fn list_keys(
    client: &reqwest::Client,
    api: &Url,
    namespace: &str,
    env: &str,
    deadline: Instant,
) -> Result<Vec<String>, SourceError> {
    let url = config_url(api, namespace, env)?;
    let answer = tokio::time::timeout_at(deadline.into(), client.get(url).send())
        .await
        .map_err(|_| SourceError::TimedOut(format!("listing {namespace}")))?
        .map_err(|e| super::http::source_error(api, &e))?;
    let body = super::http::read_body(api, answer).await?;
    let body: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| SourceError::Failed(format!("listing {namespace}: {e}")))?;
    Ok(body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| Some(format!("{namespace}/{}", item["key"].as_str()?)))
                .take(SAMPLE_KEYS)
                .collect()
        })
        .unwrap_or_default())
}
