//! Replicas on one PostgreSQL database keep their L1 caches coherent: every
//! acknowledged change through one is served by the others within the
//! trust bound, through a Redis that dies and comes back, and when one
//! replica's change channel goes silent it stops trusting its L1 instead
//! of serving a stale value past the bound.

use std::time::{Duration, Instant};

use contract::metrics::CHANGE_CHANNEL_FAMILIES;
use reqwest::Client;
use serde_json::Value;

use crate::support::{
    FreezableProxy, RedisServer, Server, TestDatabase, client, eventually, sample_value,
};

/// The trust bound the replicas run with (the server's default).
const BOUND: Duration = Duration::from_millis(1000);
/// A request sent just before the bound passes may be answered just
/// after it: what a read may take on a busy machine.
const REQUEST_SLACK: Duration = Duration::from_millis(250);

/// `count` replicas on `database`, with `extra` settings.
fn replicas(count: usize, database: &str, extra: &[(&str, &str)]) -> Vec<Server> {
    let mut env = vec![("DATABASE_URL", database), ("CACHE_COHERENCE_BOUND_MS", "1000")];
    env.extend_from_slice(extra);
    (0..count).map(|_| Server::start(&env)).collect()
}

/// Waits until `replica` says its change channel is up.
async fn until_coherent(replica: &Server) {
    let http = client();
    eventually(Duration::from_secs(15), "the change channel to come up", async || {
        let health: Value =
            http.get(replica.url("/health")).send().await.unwrap().json().await.unwrap();
        health["checks"]["coherence"]["status"] == "up"
    })
    .await;
}

/// A read of `key`: (HTTP status, version, the tier that answered).
async fn read(http: &Client, replica: &Server, key: &str) -> (u16, i64, String) {
    let answer = http.get(replica.config_url("app", key)).send().await.unwrap();
    let status = answer.status().as_u16();
    let source =
        answer.headers().get("x-cache").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let body: Value = answer.json().await.unwrap_or(Value::Null);
    (status, body["version"].as_i64().unwrap_or(0), source)
}

/// Writes `key` through `replica`; the version it acknowledged.
async fn write(http: &Client, replica: &Server, key: &str, n: u64) -> i64 {
    let answer = http
        .put(replica.config_url("app", key))
        .json(&serde_json::json!({ "value": { "n": n } }))
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{}", answer.status());
    let body: Value = answer.json().await.unwrap();
    body["version"].as_i64().unwrap()
}

/// Reads `key` from `replica` until it serves `version` (or, with
/// `None`, until it answers 404); fails if it still serves anything older
/// once the bound has passed since `acknowledged`. Returns the lag.
async fn until_served(
    http: &Client,
    replica: &Server,
    key: &str,
    version: Option<i64>,
    acknowledged: Instant,
) -> Duration {
    loop {
        let sent = Instant::now();
        let (status, served, source) = read(http, replica, key).await;
        let current = match version {
            Some(version) => status == 200 && served >= version,
            None => status == 404,
        };
        if current {
            return acknowledged.elapsed();
        }
        assert!(
            sent.duration_since(acknowledged) < BOUND + REQUEST_SLACK,
            "replica {} still served version {served} (HTTP {status}, from {source}) {:?} after \
             the change to {version:?} was acknowledged",
            replica.api,
            sent.duration_since(acknowledged),
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn metric(replica: &Server, series: &str) -> f64 {
    sample_value(&replica.metrics_text().await, series)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_serve_every_acknowledged_change_within_the_bound() {
    let Some(db) = TestDatabase::create("replicas_serve_every_change").await else { return };
    let replicas = replicas(3, &db.url, &[]);
    let http = client();
    for replica in &replicas {
        until_coherent(replica).await;
    }
    // Every family of the channel is exported from the start.
    let text = replicas[0].metrics_text().await;
    for family in CHANGE_CHANNEL_FAMILIES {
        let series = format!("{}{{backend=\"postgres\"}}", family.name);
        assert!(text.lines().any(|line| line.starts_with(&series)), "{series} is not exported");
    }
    let (writer, readers) = replicas.split_first().unwrap();
    write(&http, writer, "model", 0).await;
    let mut from_l1 = 0;
    for round in 1..=30 {
        let version = write(&http, writer, "model", round).await;
        let acknowledged = Instant::now();
        for reader in readers {
            until_served(&http, reader, "model", Some(version), acknowledged).await;
            // The next read is L1's again: coherence did not turn it off.
            if read(&http, reader, "model").await.2 == "l1" {
                from_l1 += 1;
            }
        }
    }
    assert!(from_l1 >= 40, "L1 answered only {from_l1} of 60 follow-up reads");

    let gone = http.delete(writer.config_url("app", "model")).send().await.unwrap();
    assert_eq!(gone.status(), 204);
    let acknowledged = Instant::now();
    for reader in readers {
        until_served(&http, reader, "model", None, acknowledged).await;
    }

    let published =
        metric(writer, "cache_invalidations_published_total{backend=\"postgres\"}").await;
    assert!(published >= 32.0, "published {published}");
    for reader in readers {
        let received =
            metric(reader, "cache_invalidations_received_total{backend=\"postgres\"}").await;
        assert!(received >= 32.0, "received {received}");
        assert_eq!(metric(reader, "cache_coherence_l1_trusted{backend=\"postgres\"}").await, 1.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_whose_channel_goes_silent_never_serves_past_the_bound() {
    let Some(db) = TestDatabase::create("a_replica_whose_channel_goes_silent").await else {
        return;
    };
    let database: url::Url = db.url.parse().unwrap();
    let target = format!("127.0.0.1:{}", database.port().unwrap()).parse().unwrap();
    let proxy = FreezableProxy::start(target).await;
    let http = client();
    let mut through_proxy = database.clone();
    through_proxy.set_port(Some(proxy.port)).unwrap();
    let writer = &replicas(1, &db.url, &[])[0];
    let cut_off = &replicas(1, &db.url, &[("COHERENCE_DATABASE_URL", through_proxy.as_str())])[0];
    until_coherent(writer).await;
    until_coherent(cut_off).await;
    write(&http, writer, "model", 1).await;
    eventually(Duration::from_secs(5), "the cut-off replica to cache the key", async || {
        read(&http, cut_off, "model").await.2 == "l1"
    })
    .await;

    // The channel goes silent: no announcement and no fence gets through.
    proxy.freeze();
    let version = write(&http, writer, "model", 2).await;
    let acknowledged = Instant::now();
    let lag = until_served(&http, cut_off, "model", Some(version), acknowledged).await;
    let health: Value =
        http.get(cut_off.url("/health")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "degraded", "{health:#}");
    assert_eq!(health["checks"]["coherence"]["status"], "down", "{health:#}");
    assert_eq!(metric(cut_off, "cache_coherence_l1_trusted{backend=\"postgres\"}").await, 0.0);
    // While untrusted, reads skip L1.
    let (_, served, source) = read(&http, cut_off, "model").await;
    assert_eq!((served, source.as_str()), (version, "storage"));
    println!("a silent channel: the new version was served {lag:?} after the write");

    // Silent for longer than a fence may take: the listener gives up on
    // its connection. Back again, the replica resubscribes, clears L1 and
    // trusts it again.
    tokio::time::sleep(BOUND + Duration::from_millis(500)).await;
    proxy.thaw();
    until_coherent(cut_off).await;
    let resubscribed =
        metric(cut_off, "cache_coherence_resubscriptions_total{backend=\"postgres\"}").await;
    assert!(resubscribed >= 1.0, "resubscriptions {resubscribed}");
    eventually(Duration::from_secs(5), "L1 to answer again", async || {
        read(&http, cut_off, "model").await == (200, version, "l1".to_owned())
    })
    .await;
    let version = write(&http, writer, "model", 3).await;
    until_served(&http, cut_off, "model", Some(version), Instant::now()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_stay_coherent_while_redis_dies_and_comes_back() {
    let test = "replicas_stay_coherent_while_redis_dies";
    let Some(db) = TestDatabase::create(test).await else { return };
    let Some(mut redis) = RedisServer::start(test) else { return };
    let redis_url = redis.url();
    let replicas = replicas(3, &db.url, &[("REDIS_URL", &redis_url)]);
    let http = client();
    for replica in &replicas {
        until_coherent(replica).await;
    }
    let (writer, readers) = replicas.split_first().unwrap();
    let mut round = 0;
    let mut rounds = async |count: u64| {
        for _ in 0..count {
            round += 1;
            let key = format!("key-{}", round % 4);
            let version = write(&http, writer, &key, round).await;
            let acknowledged = Instant::now();
            for reader in readers {
                until_served(&http, reader, &key, Some(version), acknowledged).await;
            }
        }
    };
    rounds(12).await;
    redis.kill();
    rounds(12).await;
    redis.restart();
    rounds(12).await;
}

/// The time from an acknowledged write to the last of two other replicas
/// serving it, over 1,000 writes (p50, p99): a measurement, run with
/// `scripts/test server_coherence::propagation -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run it on purpose"]
async fn propagation_delay_over_a_thousand_writes() {
    let Some(db) = TestDatabase::create("propagation_delay").await else { return };
    let replicas = replicas(3, &db.url, &[]);
    let http = client();
    for replica in &replicas {
        until_coherent(replica).await;
    }
    let (writer, readers) = replicas.split_first().unwrap();
    let mut lags = Vec::with_capacity(1000);
    for n in 0..1000 {
        let key = format!("key-{}", n % 16);
        let version = write(&http, writer, &key, n).await;
        let acknowledged = Instant::now();
        let mut slowest = Duration::ZERO;
        for reader in readers {
            // Each reader has the old version in L1 from the last round.
            slowest =
                slowest.max(until_served(&http, reader, &key, Some(version), acknowledged).await);
        }
        lags.push(slowest);
    }
    lags.sort();
    let at = |q: f64| lags[((lags.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "write to the last replica serving it, over {} writes: p50 {:?}, p99 {:?}, max {:?}",
        lags.len(),
        at(0.5),
        at(0.99),
        lags[lags.len() - 1]
    );
}
